"""The drill log: ``<results>/drills.sqlite``.

The schema is versioned with ``PRAGMA user_version``.  ``MIGRATIONS[i]``
takes a database from version ``i`` to ``i + 1``; a database from an older
version is copied to ``drills.sqlite.bak-v<N>`` and then migrated in place.
Every write is one transaction, so a crash never leaves half a record.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.errors import DrillError, ResultsNotWritable

DB_NAME = "drills.sqlite"

MIGRATIONS: list[str] = [
    # v1: drills as started
    """
    CREATE TABLE drills (
        id          TEXT PRIMARY KEY,
        dataset_id  TEXT NOT NULL,
        source      TEXT NOT NULL,
        level       INTEGER NOT NULL,
        title       TEXT NOT NULL,
        spec        TEXT NOT NULL,
        seed        INTEGER,
        rows        INTEGER NOT NULL,
        columns     INTEGER NOT NULL,
        notebook    TEXT NOT NULL,          -- path relative to the results folder
        created_at  TEXT NOT NULL,          -- ISO 8601, UTC
        status      TEXT NOT NULL DEFAULT 'started'
    );
    """,
    # v2: seals and grades
    """
    CREATE TABLE seals (
        drill_id   TEXT PRIMARY KEY REFERENCES drills(id) ON DELETE CASCADE,
        sealed_at  TEXT NOT NULL,
        sha256     TEXT NOT NULL,
        text       TEXT NOT NULL
    );
    CREATE TABLE grades (
        drill_id     TEXT PRIMARY KEY REFERENCES drills(id) ON DELETE CASCADE,
        graded_at    TEXT NOT NULL,
        confirmed    INTEGER NOT NULL,
        refuted      INTEGER NOT NULL,
        ungradeable  INTEGER NOT NULL,
        missed       INTEGER NOT NULL,
        precision    REAL,
        recall       REAL,
        sealed       TEXT NOT NULL,          -- sealed | edited | unsealed
        json         TEXT NOT NULL           -- the full grade JSON
    );
    CREATE TABLE grade_hypotheses (
        drill_id    TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        text        TEXT NOT NULL,
        kind        TEXT,
        columns     TEXT NOT NULL,           -- JSON list
        negated     INTEGER NOT NULL,
        confidence  REAL,
        verdict     TEXT NOT NULL,
        evidence    TEXT NOT NULL,           -- JSON object
        PRIMARY KEY (drill_id, position)
    );
    CREATE TABLE grade_missed (
        drill_id    TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        columns     TEXT NOT NULL,           -- JSON list
        evidence    TEXT NOT NULL,           -- JSON object
        PRIMARY KEY (drill_id, position)
    );
    """,
    # v3: timed phases, pauses, tasks, and events (peeks, checklist ticks, completion)
    # Times are Unix epoch seconds (REAL, UTC); durations are derived from them, never from a widget.
    """
    CREATE TABLE phases (
        drill_id         TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        position         INTEGER NOT NULL,      -- 0-based, in spec order
        key              TEXT NOT NULL,         -- hypotheses | explore | compare | reflect
        planned_minutes  REAL NOT NULL,
        started_at       REAL,
        ended_at         REAL,
        PRIMARY KEY (drill_id, position)
    );
    CREATE TABLE pauses (
        drill_id    TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,           -- the phase paused
        started_at  REAL NOT NULL,
        ended_at    REAL,
        reason      TEXT,
        PRIMARY KEY (drill_id, started_at)
    );
    CREATE TABLE tasks (
        id          INTEGER PRIMARY KEY,
        drill_id    TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,              -- e.g. correlation analysis, outlier detection
        started_at  REAL NOT NULL,
        ended_at    REAL,
        seconds     REAL                        -- ended_at - started_at, set when it ends
    );
    CREATE TABLE events (
        id        INTEGER PRIMARY KEY,
        drill_id  TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        at        REAL NOT NULL,
        kind      TEXT NOT NULL,                -- peek | check | uncheck | seal | complete | ...
        detail    TEXT NOT NULL DEFAULT '{}'    -- JSON object
    );
    ALTER TABLE drills ADD COLUMN completed_at REAL;
    ALTER TABLE drills ADD COLUMN total_seconds REAL;
    ALTER TABLE drills ADD COLUMN reflection TEXT;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass
class DrillRow:
    id: str
    dataset_id: str
    source: str
    level: int
    title: str
    spec: str
    seed: int | None
    rows: int
    columns: int
    notebook: str
    created_at: str
    status: str = "started"  # started | complete
    completed_at: float | None = None
    total_seconds: float | None = None
    reflection: str | None = None


class Store:
    """One results folder's database.  Open with :func:`open_store`."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: commits at the end, rolls back on an exception.

        Nested calls join the outer transaction (a write method called inside
        ``app.start``'s transaction must not commit early).
        """
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self.conn:
                yield self.conn
        finally:
            self._depth = 0

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # drills -----------------------------------------------------------------
    def add_drill(self, row: DrillRow) -> None:
        fields = list(row.__dataclass_fields__)
        with self.transaction() as conn:
            conn.execute(
                f"INSERT INTO drills ({', '.join(fields)}) VALUES ({', '.join('?' * len(fields))})",
                [getattr(row, f) for f in fields],
            )

    def drill(self, drill_id: str) -> DrillRow | None:
        cur = self.conn.execute("SELECT * FROM drills WHERE id = ?", (drill_id,))
        found = cur.fetchone()
        return DrillRow(**dict(found)) if found else None

    def drills(self) -> list[DrillRow]:
        cur = self.conn.execute("SELECT * FROM drills ORDER BY created_at, id")
        return [DrillRow(**dict(r)) for r in cur.fetchall()]

    def latest_drill(self) -> DrillRow | None:
        rows = self.drills()
        return rows[-1] if rows else None

    def set_status(self, drill_id: str, status: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE drills SET status = ? WHERE id = ?", (status, drill_id))

    # seals ------------------------------------------------------------------
    def seal(self, drill_id: str, sealed_at: str, sha256: str, text: str) -> None:
        """Record the seal once; a second seal of the same drill keeps the first."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO seals (drill_id, sealed_at, sha256, text) VALUES (?, ?, ?, ?)",
                (drill_id, sealed_at, sha256, text),
            )

    def get_seal(self, drill_id: str) -> dict[str, Any] | None:
        found = self.conn.execute("SELECT * FROM seals WHERE drill_id = ?", (drill_id,)).fetchone()
        return dict(found) if found else None

    # grades -----------------------------------------------------------------
    def save_grade(self, drill_id: str, graded_at: str, grade: dict[str, Any]) -> None:
        """Replace the drill's previous grade (regrading never duplicates rows)."""
        score = grade["score"]
        with self.transaction() as conn:
            for table in ("grades", "grade_hypotheses", "grade_missed"):
                conn.execute(f"DELETE FROM {table} WHERE drill_id = ?", (drill_id,))
            conn.execute(
                "INSERT INTO grades VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    drill_id,
                    graded_at,
                    score["confirmed"],
                    score["refuted"],
                    score["ungradeable"],
                    score["missed"],
                    score["precision"],
                    score["recall"],
                    grade["seal"]["state"],
                    json.dumps(grade),
                ),
            )
            conn.executemany(
                "INSERT INTO grade_hypotheses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        drill_id,
                        i,
                        h["text"],
                        h["kind"],
                        json.dumps(h["columns"]),
                        int(h["negated"]),
                        h["confidence"],
                        h["verdict"],
                        json.dumps(h["evidence"]),
                    )
                    for i, h in enumerate(grade["hypotheses"])
                ],
            )
            conn.executemany(
                "INSERT INTO grade_missed VALUES (?, ?, ?, ?, ?)",
                [
                    (drill_id, i, m["kind"], json.dumps(m["columns"]), json.dumps(m["evidence"]))
                    for i, m in enumerate(grade["missed"])
                ],
            )

    def get_grade(self, drill_id: str) -> dict[str, Any] | None:
        found = self.conn.execute("SELECT json FROM grades WHERE drill_id = ?", (drill_id,)).fetchone()
        return json.loads(found["json"]) if found else None


    # phases, pauses, tasks, events ----------------------------------------------
    def phase_rows(self, drill_id: str) -> list[dict[str, Any]]:
        cur = self.conn.execute("SELECT * FROM phases WHERE drill_id = ? ORDER BY position", (drill_id,))
        return [dict(r) for r in cur.fetchall()]

    def pause_rows(self, drill_id: str) -> list[dict[str, Any]]:
        cur = self.conn.execute("SELECT * FROM pauses WHERE drill_id = ? ORDER BY started_at", (drill_id,))
        return [dict(r) for r in cur.fetchall()]

    def add_event(self, drill_id: str, at: float, kind: str, detail: dict[str, Any] | None = None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO events (drill_id, at, kind, detail) VALUES (?, ?, ?, ?)",
                (drill_id, at, kind, json.dumps(detail or {})),
            )

    def events(self, drill_id: str, kind: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM events WHERE drill_id = ?" + (" AND kind = ?" if kind else "") + " ORDER BY at, id"
        cur = self.conn.execute(sql, (drill_id, kind) if kind else (drill_id,))
        return [{**dict(r), "detail": json.loads(r["detail"])} for r in cur.fetchall()]

    def start_task(self, drill_id: str, name: str, at: float) -> int:
        with self.transaction() as conn:
            cur = conn.execute("INSERT INTO tasks (drill_id, name, started_at) VALUES (?, ?, ?)", (drill_id, name, at))
        return int(cur.lastrowid)

    def end_task(self, task_id: int, at: float) -> float | None:
        """End a running task; returns its seconds (None if it had already ended)."""
        with self.transaction() as conn:
            cur = conn.execute(
                "UPDATE tasks SET ended_at = ?, seconds = max(0, ? - started_at) WHERE id = ? AND ended_at IS NULL",
                (at, at, task_id),
            )
            if cur.rowcount == 0:
                return None
            return float(conn.execute("SELECT seconds FROM tasks WHERE id = ?", (task_id,)).fetchone()[0])

    def tasks(self, drill_id: str) -> list[dict[str, Any]]:
        cur = self.conn.execute("SELECT * FROM tasks WHERE drill_id = ? ORDER BY started_at", (drill_id,))
        return [dict(r) for r in cur.fetchall()]

    def complete(self, drill_id: str, at: float, total_seconds: float, reflection: str | None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE drills SET status = 'complete', completed_at = ?, total_seconds = ?, reflection = ? WHERE id = ?",
                (at, total_seconds, reflection, drill_id),
            )


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (comments hold no semicolons)."""
    out, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    return out


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    # BEGIN IMMEDIATE takes the write lock first, so two processes opening a new results
    # folder at once migrate it once: the second waits, then finds it up to date.
    conn.isolation_level = None
    try:
        conn.execute("BEGIN IMMEDIATE")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.execute("ROLLBACK")
            raise DrillError(
                f"{path} has schema version {version}, newer than this eda-drill ({SCHEMA_VERSION})",
                hint="upgrade eda-drill",
            )
        if 0 < version < SCHEMA_VERSION:
            shutil.copy2(path, path.with_name(f"{path.name}.bak-v{version}"))  # before any change
        for target in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[target]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.isolation_level = ""


def open_store(results: Path) -> Store:
    """Open (creating on first use) ``<results>/drills.sqlite``, migrated to the current schema."""
    try:
        results.mkdir(parents=True, exist_ok=True)
        path = results / DB_NAME
        conn = sqlite3.connect(path, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, path)
    except (OSError, sqlite3.OperationalError) as exc:
        raise ResultsNotWritable(
            f"cannot write the results folder {results}: {exc}", hint="pass --results DIR or set DRILL_RESULTS"
        ) from None
    except sqlite3.DatabaseError as exc:
        raise DrillError(f"{results / DB_NAME} is not a drill database: {exc}") from None
    return Store(path, conn)
