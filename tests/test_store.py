import sqlite3

import pytest

from runner.errors import DrillError
from runner.store import DB_NAME, SCHEMA_VERSION, DrillRow, open_store


def row(drill_id: str = "d1", created_at: str = "2026-01-01T00:00:00+00:00") -> DrillRow:
    return DrillRow(drill_id, "builtin:sklearn/iris", "builtin", 1, "Iris", "eda-2h", 1, 150, 5, f"{drill_id}/x.ipynb", created_at)


def test_created_on_first_use_at_current_version(results):
    with open_store(results) as store:
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
    assert (results / DB_NAME).is_file()
    assert version == SCHEMA_VERSION


def test_drill_round_trips(results):
    with open_store(results) as store:
        store.add_drill(row())
    with open_store(results) as store:
        assert store.drill("d1") == row()


def test_latest_drill_is_the_most_recent(results):
    with open_store(results) as store:
        store.add_drill(row("old", "2026-01-01T00:00:00+00:00"))
        store.add_drill(row("new", "2026-02-01T00:00:00+00:00"))
        assert store.latest_drill().id == "new"


def test_failed_transaction_leaves_no_row(results):
    with open_store(results) as store:
        with pytest.raises(RuntimeError), store.transaction() as conn:
            conn.execute("INSERT INTO drills (id, dataset_id, source, level, title, spec, rows, columns, notebook, created_at)"
                         " VALUES ('x', 'a', 'b', 1, 't', 's', 1, 1, 'n', 'c')")
            raise RuntimeError("crash mid-start")
        assert store.drills() == []


def test_old_schema_is_backed_up_then_migrated(results):
    results.mkdir()
    conn = sqlite3.connect(results / DB_NAME)
    from runner.store.schema import MIGRATIONS

    conn.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    conn.execute("INSERT INTO drills VALUES ('d1','a','b',1,'t','s',1,1,1,'n','c','started')")
    conn.commit()
    conn.close()
    with open_store(results) as store:
        assert store.drill("d1").title == "t"
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert (results / f"{DB_NAME}.bak-v1").is_file()


def test_newer_schema_is_refused(results):
    results.mkdir()
    conn = sqlite3.connect(results / DB_NAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(DrillError, match="newer than this eda-drill"):
        open_store(results)


def test_not_a_database_is_one_line_error(results):
    results.mkdir()
    (results / DB_NAME).write_text("this is not sqlite " * 100)
    with pytest.raises(DrillError, match="not a drill database"):
        open_store(results)
