"""A damaged, empty or missing drill log: one line from every command, backups, and `drill repair`.

The log is damaged the way the issue reports it (database pages overwritten, the header
intact); every command then says in one line where the last backup is and that
`drill repair` rebuilds the log.  Each test works on a copy of one results folder built
per module: drill A (sealed and graded, so in the backup), drill B (started before that
grade) and drill C (started and sealed after it: only the log and C's folder know it).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.log_support import query
from tests.test_grade import grade_json, start, write_hypotheses

pytestmark = pytest.mark.slow

IRIS = "builtin:sklearn/iris"


@dataclass
class Drills:
    results: Path
    a: Path  # notebooks
    b: Path
    c: Path

    def id(self, nb: Path) -> str:
        return nb.parent.name

    @property
    def db(self) -> Path:
        return self.results / "drills.sqlite"

    @property
    def bak(self) -> Path:
        return self.results / "drills.sqlite.bak"


@pytest.fixture(scope="module")
def built(module_cli, tmp_path_factory) -> Drills:
    results = tmp_path_factory.mktemp("repair") / "results"
    a, b = start(module_cli, results, IRIS), start(module_cli, results, IRIS)
    write_hypotheses(a, "- duplicates\n")
    assert module_cli("seal", str(a)).code == 0
    grade_json(module_cli, a)
    c = start(module_cli, results, IRIS)
    write_hypotheses(c, "- missing: target\n")
    assert module_cli("seal", str(c)).code == 0
    return Drills(results, a, b, c)


@pytest.fixture
def drills(built, tmp_path) -> Drills:
    """A private copy of the module's results folder (notebooks found by their new place)."""
    results = Path(shutil.copytree(built.results, tmp_path / "results"))
    moved = [results / nb.relative_to(built.results) for nb in (built.a, built.b, built.c)]
    return Drills(results, *moved)


def damage(db: Path, table: str | None = None) -> None:
    """Overwrite database pages, keeping the header: every page after the first, or one table's root page."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone() if table else None
    with open(db, "r+b") as handle:
        for page in [root[0]] if root else range(2, pages + 1):
            handle.seek((page - 1) * 4096)
            handle.write(b"\xde\xad" * 2048)


def backup_hint(d: Drills) -> str:
    when = datetime.fromtimestamp(d.bak.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"(the last backup is {d.bak}, from {when}; `drill repair --results {d.results}` rebuilds the log "
            f"from it and the drill folders, keeping the damaged file aside)")


COMMANDS = [
    ["start", "--dataset", IRIS, "--no-open"], ["seal", "{c}"], ["grade", "{a}"], ["review"], ["status"],
    ["open", "--no-open"], ["stats"], ["dashboard", "--no-open"], ["export", "{a_id}"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_on_a_damaged_log_is_one_line_naming_backup_and_repair(drill_cli, drills, command):
    damage(drills.db)
    args = [a.format(a=drills.a, c=drills.c, a_id=drills.id(drills.a)) for a in command]
    r = drill_cli(*args, "--results", str(drills.results))
    assert (r.code, r.out) == (1, "")
    assert r.err == (f"drill: error: the drill log {drills.db} is damaged (database disk image is malformed) "
                     f"{backup_hint(drills)}\n")


def test_damaged_log_without_a_backup_says_so(drill_cli, drills):
    drills.bak.unlink()
    damage(drills.db)
    r = drill_cli("stats", "--results", str(drills.results))
    assert (r.code, r.err) == (1, f"drill: error: the drill log {drills.db} is damaged (database disk image is "
                                  f"malformed) (no backup yet; `drill repair --results {drills.results}` rebuilds "
                                  "the log from the drill folders, keeping the damaged file aside)\n")


def test_a_log_that_is_not_a_database_names_the_backup_and_repair(drill_cli, drills):
    drills.db.write_text("not sqlite at all " * 300)
    r = drill_cli("status", "--results", str(drills.results))
    assert (r.code, r.err) == (1, f"drill: error: {drills.db} is not a drill database, or it is damaged (file is "
                                  f"not a database) {backup_hint(drills)}\n")


def test_grading_backs_the_log_up(built):
    assert query(built.bak.parent, "SELECT count(*) FROM grades") == [(1,)]
    assert [r[0] for r in sqlite3.connect(built.bak).execute("SELECT drill_id FROM grades")] == [built.a.parent.name]


def test_completing_a_drill_backs_the_log_up(drills):
    from runner.drill.locate import locate
    from runner.session import actions

    loc = locate(drills.b)
    actions.clock(loc, "start")
    for phase in range(4):
        actions.clock(loc, "next", expected=phase, force=True)
    with contextlib.closing(sqlite3.connect(drills.bak)) as conn:
        assert conn.execute("SELECT status FROM drills WHERE id = ?", (drills.id(drills.b),)).fetchone() == ("complete",)


def test_a_damaged_log_never_replaces_a_good_backup(drills):
    from runner.store import open_store

    before = drills.bak.read_bytes()
    damage(drills.db, "grades")
    with open_store(drills.results) as store:
        assert store.backup() is None
    assert drills.bak.read_bytes() == before


def test_seal_and_grade_are_kept_in_the_drill_folder(drills):
    seal = json.loads((drills.a.parent / "seal.json").read_text())
    grade = json.loads((drills.a.parent / "grade.json").read_text())
    [(sha, stored)] = query(drills.results, "SELECT s.sha256, g.json FROM seals s JOIN grades g USING (drill_id)")
    assert (seal["drill_id"], seal["sha256"], seal["text"]) == (drills.id(drills.a), sha, "- duplicates")
    assert grade["grade"] == json.loads(stored)


def test_repair_rebuilds_from_the_backup_and_the_folders(drill_cli, drills):
    damage(drills.db)
    r = drill_cli("repair", "--results", str(drills.results))
    assert r.code == 0, r.err
    aside = next(drills.results.glob("drills.sqlite.damaged-*"))
    lines = r.out.splitlines()
    assert lines[0] == f"the drill log {drills.db} was damaged: kept aside as {aside}"
    assert lines[1].startswith(f"restored from the backup {drills.bak}: 2 drills, 1 seal, 1 grade")
    assert "restored from the drill folders: 1 drill, 1 seal" in lines
    assert ("restored from their folders alone, without times, pauses, ticks, peeks or process log: "
            f"{drills.id(drills.c)}") in lines
    assert lines[-1] == f"the log holds 3 drills; backup: {drills.bak}"


def test_after_repair_every_command_works_again(drill_cli, drills):
    damage(drills.db)
    drill_cli("repair", "--results", str(drills.results))
    review = json.loads(drill_cli("review", drills.id(drills.a), "--results", str(drills.results), "--json").out)
    status = json.loads(drill_cli("status", "--results", str(drills.results), "--json").out)
    assert [h["text"] for h in review["grade"]["hypotheses"]] == ["duplicates"]
    assert (status["drill_id"], status["sealed"]) == (drills.id(drills.c), True)
    assert drill_cli("stats", "--results", str(drills.results), "--json").code == 0


def test_repair_keeps_the_damaged_file_aside_untouched(drill_cli, drills):
    damage(drills.db)
    damaged = drills.db.read_bytes()
    drill_cli("repair", "--results", str(drills.results))
    [aside] = drills.results.glob("drills.sqlite.damaged-*")
    assert aside.read_bytes() == damaged


def test_repair_recovers_what_the_damaged_log_still_holds(drill_cli, drills):
    """No backup, the drills table unreadable: rows come back from the folders, the rest from the damaged log
    (the start of B's clock is known only to the log)."""
    from runner.drill.locate import locate
    from runner.session import actions

    actions.clock(locate(drills.b), "start")
    drills.bak.unlink()
    damage(drills.db, "drills")
    r = drill_cli("repair", "--results", str(drills.results))
    assert "unreadable in the damaged log: drills" in r.out.splitlines()
    assert query(drills.results, "SELECT count(*) FROM drills") == [(3,)]
    assert query(drills.results, "SELECT drill_id FROM phases WHERE started_at IS NOT NULL") == [(drills.id(drills.b),)]
    assert query(drills.results, "SELECT drill_id FROM grades") == [(drills.id(drills.a),)]


@pytest.mark.parametrize("state", ["missing", "empty (0 bytes)"])
def test_a_lost_log_is_never_silently_recreated(drill_cli, drills, state):
    drills.db.unlink()
    if state != "missing":
        drills.db.write_bytes(b"")
    r = drill_cli("stats", "--results", str(drills.results))
    assert (r.code, r.out) == (1, "")
    assert r.err == (f"drill: error: the drill log {drills.db} is {state}, but {drills.results} holds 3 drill folders "
                     f"(`drill repair --results {drills.results}` rebuilds it from the backup {drills.bak} and the "
                     "drill folders and says what it restored)\n")
    assert drills.db.exists() == (state != "missing")


def test_a_lost_log_and_backup_are_rebuilt_from_the_folders(drill_cli, built, drills):
    [(graded,)] = query(built.results, "SELECT json FROM grades")
    drills.db.unlink()
    drills.bak.unlink()
    r = drill_cli("repair", "--results", str(drills.results))
    assert r.out.splitlines()[:2] == [f"the drill log {drills.db} was missing",
                                      "restored from the drill folders: 3 drills, 2 seals, 1 grade"]
    review = json.loads(drill_cli("review", drills.id(drills.a), "--results", str(drills.results), "--json").out)
    assert review["grade"] == json.loads(graded)


def test_repair_of_a_healthy_log_changes_nothing(drill_cli, drills):
    before = query(drills.results, "SELECT * FROM drills ORDER BY id")
    r = drill_cli("repair", "--results", str(drills.results))
    assert r.out.splitlines()[:2] == [f"the drill log {drills.db} is healthy: kept", "nothing to repair"]
    assert query(drills.results, "SELECT * FROM drills ORDER BY id") == before


def test_repair_of_an_empty_results_folder_creates_nothing(drill_cli, tmp_path):
    r = drill_cli("repair", "--results", str(tmp_path))
    assert r.out == f"nothing to repair: {tmp_path} has no drill log, no backup and no drill folders\n"
    assert list(tmp_path.iterdir()) == []
