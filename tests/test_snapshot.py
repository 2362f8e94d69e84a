"""``runner.store.snapshot``: another user's log, read through a private copy; nothing written next to it."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from pathlib import Path

import pytest

from runner.errors import DrillError
from runner.store import DB_NAME, DrillRow, open_store
from runner.store.schema import MIGRATIONS
from runner.store.snapshot import open_snapshot


def row(drill_id: str) -> DrillRow:
    return DrillRow(id=drill_id, dataset_id="builtin:sklearn/iris", source="builtin", level=1, title="Iris",
                    spec="eda-2h", seed=1, rows=150, columns=5, notebook=f"{drill_id}/{drill_id}.ipynb",
                    created_at="2026-01-01T00:00:00+00:00")


def listing(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file next to the log: its bytes' hash and its modification time."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def drill_ids(results: Path) -> list[str]:
    with open_snapshot(results) as store:
        return [d.id for d in store.drills()]


@pytest.fixture
def log(tmp_path) -> Path:
    with open_store(tmp_path) as store:
        store.add_drill(row("one"))
    return tmp_path


def test_reads_a_closed_log_and_creates_nothing_next_to_it(log):
    before = listing(log)
    assert drill_ids(log) == ["one"]
    assert listing(log) == before and sorted(before) == [DB_NAME]


def test_sees_what_a_writer_committed_but_did_not_checkpoint(log):
    with contextlib.closing(sqlite3.connect(log / DB_NAME)) as writer:  # a learner's kernel, mid-drill
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        with writer:
            writer.execute("INSERT INTO drills (id, dataset_id, source, level, title, spec, rows, columns, notebook, "
                           "created_at) SELECT 'two', dataset_id, source, level, title, spec, rows, columns, notebook, "
                           "created_at FROM drills")
        assert (log / f"{DB_NAME}-wal").stat().st_size > 0
        before = listing(log)
        assert drill_ids(log) == ["one", "two"]
        assert listing(log) == before  # the WAL and its index untouched, the log not checkpointed


def test_an_older_schema_is_migrated_in_the_copy_only(tmp_path):
    with contextlib.closing(sqlite3.connect(tmp_path / DB_NAME)) as conn:
        conn.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    before = listing(tmp_path)
    with open_snapshot(tmp_path) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM assignments").fetchone()[0] == 0
    assert listing(tmp_path) == before


def test_the_copy_is_private_and_gone_after_use(log):
    with open_snapshot(log) as store:
        folder = store.folder
        assert folder.stat().st_mode & 0o777 == 0o700
    assert not folder.exists()


def test_the_copy_cannot_be_written(log):
    with pytest.raises(DrillError, match="attempt to write a readonly database"), open_snapshot(log) as store:
        store.add_drill(row("three"))


def test_a_damaged_log_is_one_line(tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"garbage" * 200)
    with pytest.raises(DrillError, match="is not a drill database, or it is damaged"):
        open_snapshot(tmp_path)
