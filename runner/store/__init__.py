"""The drill log: ``<results>/drills.sqlite``, and where the results folder is.

One door: :func:`open_store` is the only place a connection is opened, and
``with open_store(results) as store:`` closes it on every path (a failed
migration included).  Any ``sqlite3`` error raised inside that block leaves
it as one :class:`~runner.errors.DrillError` line with a hint (a locked log
says so; a damaged one says how to recover), never a traceback.  The log
runs in WAL mode, so a reader (``drill stats`` in a terminal) never blocks
the notebook's writes.

After every grade and completion the log is copied to ``drills.sqlite.bak``
(:mod:`runner.store.backup`); a damaged log's error names that backup and
``drill repair``.  A missing or empty log is never silently recreated while
drill folders exist: opening it says so and offers ``drill repair``.

The schema is versioned with ``PRAGMA user_version`` (:mod:`runner.store.schema`);
a database from an older version is copied to ``drills.sqlite.bak-v<N>`` and
then migrated in place.  Every write is one transaction, so a crash never
leaves half a record.

The intuition drills' item rows are read and written by :mod:`runner.store.intuition`.

May import: ``runner.errors``, ``runner.store.schema`` and ``runner.store.backup``.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.errors import DrillError, LogDamaged, ResultsNotWritable
from runner.store import backup as backups
from runner.store.schema import MIGRATIONS, SCHEMA_VERSION

DB_NAME = "drills.sqlite"


def resolve_results(results: str | Path | None) -> Path:
    """``--results`` if given, else ``$DRILL_RESULTS``, else ``./results``.

    A results folder that is a file (or lies inside one) is refused here, in
    one line, before any command tries to create or read it.
    """
    chosen = results or os.environ.get("DRILL_RESULTS") or "results"
    path = Path(chosen).expanduser().resolve()
    for existing in (path, *path.parents):
        if existing.exists():
            if not existing.is_dir():
                message = (f"the results folder {path} is a file, not a folder" if existing == path else
                           f"cannot write the results folder {path}: {existing} is a file, not a folder")
                raise ResultsNotWritable(message, hint=RESULTS_HINT)
            break
    return path


#: What to do about a results folder that cannot be used.
RESULTS_HINT = "pass --results DIR or set DRILL_RESULTS to a folder; it is created if missing"


def database_error(path: Path, exc: sqlite3.Error) -> DrillError:
    """One line for a ``sqlite3`` error on the log at ``path``, with what to do about it."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, sqlite3.OperationalError) and "locked" in text:
        return DrillError(f"the drill log {path} is locked by another process ({text})",
                          hint="wait for the other drill command to finish, then try again")
    if isinstance(exc, sqlite3.IntegrityError):
        return DrillError(f"the drill log {path} refused a record ({text})",
                          hint="the notebook and its drill folder may not belong together")
    if isinstance(exc, sqlite3.OperationalError) and ("readonly" in text or "disk" in text or "open" in text):
        return ResultsNotWritable(f"cannot write the drill log {path} ({text})",
                                  hint="check the folder's permissions and free space, or pass --results DIR")
    return LogDamaged(f"the drill log {path} is damaged ({text})", hint=backups.damaged_hint(path))


#: What to do about a damaged log when its path is not known (the CLI's last resort).
DAMAGED_HINT = "`drill repair` rebuilds the log from its backup and the drill folders, keeping the damaged file aside"


def has_log(results: Path) -> bool:
    """Whether ``results`` has a drill log; a missing or empty one while drill folders exist is an error
    (:class:`~runner.errors.LogDamaged`, offering ``drill repair``), never an empty history."""
    return backups.check_present(results, DB_NAME)


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
        ``drill.create.start``'s transaction must not commit early).
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

    def backup(self) -> Path | None:
        """Copy the log to ``drills.sqlite.bak`` (checked, atomic); None if that failed (the old one stays)."""
        return backups.write_backup(self.conn, self.path)

    def _backed_up(self) -> None:
        if not self._depth:  # after the outermost transaction committed, never in the middle of one
            self.backup()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        self.close()
        if isinstance(exc, sqlite3.Error):  # any SQLite failure inside the block: one line, never a traceback
            raise database_error(self.path, exc) from exc

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
        self._backed_up()

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
        self._backed_up()


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
    if 0 < version < SCHEMA_VERSION:  # before any change (two processes may both copy: harmless)
        _backup(conn, path.with_name(f"{path.name}.bak-v{version}"))
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


def _backup(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent copy through SQLite's backup API (a file copy would miss what the WAL holds)."""
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    finally:
        copy.close()


def open_store(results: Path, rebuilding: bool = False) -> Store:
    """Open (creating on first use) ``<results>/drills.sqlite``, migrated to the current schema.

    A missing or empty log while drill folders exist is refused (``drill
    repair`` rebuilds it; ``rebuilding=True`` is how it creates the new one).
    The connection is closed again if anything fails before the store is
    handed over (a failed migration must not leave a file handle open).
    """
    path = Path(results) / DB_NAME
    try:
        Path(results).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ResultsNotWritable(f"cannot write the results folder {results}: {exc.strerror or exc}",
                                 hint="pass --results DIR or set DRILL_RESULTS") from None
    if not rebuilding:
        has_log(Path(results))
    conn = None
    try:
        conn = sqlite3.connect(path, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        _wal(conn)
        _migrate(conn, path)
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc):
            raise LogDamaged(f"{path} is not a drill database, or it is damaged ({exc})",
                             hint=backups.damaged_hint(path)) from None
        if isinstance(exc, sqlite3.Error):
            raise database_error(path, exc) from None
        raise
    return Store(path, conn)


def _wal(conn: sqlite3.Connection) -> None:
    """Write-ahead logging: readers never block the writer (a file system without shared
    memory refuses it; the default journal then stays, which is only slower)."""
    with suppress(sqlite3.OperationalError):
        conn.execute("PRAGMA journal_mode = WAL")
