"""The read-only door to someone else's log: a private copy of ``drills.sqlite``, never the file itself.

An instructor's view (``drill cohort``) reads many learners' logs, each of
which a learner's kernel may be writing at that moment.  Opening the real file,
even with ``mode=ro``, is not read-only in SQLite's WAL mode: a reader maps (and,
with write access, creates or writes) the ``-shm`` file next to the log, and a
reader with ``immutable=1`` skips the ``-wal`` file and so misses whatever was
committed but not yet checkpointed.  So :func:`open_snapshot` copies the log and
its ``-wal`` (if any) into a fresh private temporary folder, checks that neither
changed during the copy (else copies again), and opens the copy: SQLite replays
the copied WAL there.  An older schema is migrated in the copy; the learner's
files are never opened for writing, and nothing is created next to them.

May import: ``runner.errors`` and ``runner.store``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from runner.errors import DrillError
from runner.store import DAMAGED_HINT, DB_NAME, Store, _migrate, database_error

#: How often a copy is tried again when the log changed while it was being copied.
ATTEMPTS = 5
#: The files that hold a WAL-mode log's content (the ``-shm`` index is rebuilt from the WAL).
PARTS = ("", "-wal")


class Snapshot(Store):
    """A :class:`~runner.store.Store` over a private copy; closing it deletes the copy.

    ``path`` names the learner's log (for messages); ``copy`` is the private file.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, folder: Path) -> None:
        super().__init__(path, conn)
        self.folder = folder

    def close(self) -> None:
        try:
            super().close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _signature(path: Path) -> tuple:
    """What changes when a writer touches the log: size and modification time of each part."""
    out = []
    for suffix in PARTS:
        try:
            st = os.stat(f"{path}{suffix}")
        except FileNotFoundError:
            out.append(None)
        else:
            out.append((st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(out)


def _copy_parts(path: Path, folder: Path) -> Path:
    """Copy the log and its WAL into ``folder``, again while a writer changes them mid-copy."""
    target = folder / DB_NAME
    for _ in range(ATTEMPTS):
        before = _signature(path)
        for suffix in PARTS:
            Path(f"{target}{suffix}").unlink(missing_ok=True)
            source = Path(f"{path}{suffix}")
            try:
                shutil.copyfile(source, f"{target}{suffix}")  # opens the source for reading only
            except FileNotFoundError:
                if not suffix:
                    raise
        if _signature(path) == before:
            return target
    return target  # a log written without pause: the last copy is still a committed state or the one before


def open_snapshot(results: Path) -> Snapshot:
    """A private, migrated copy of ``<results>/drills.sqlite``; use it as ``with open_snapshot(r) as store``.

    Raises :class:`FileNotFoundError` when there is no log, :class:`PermissionError`
    when this user may not read it, and a one-line :class:`DrillError` when it is damaged.
    """
    path = Path(results) / DB_NAME
    folder = Path(tempfile.mkdtemp(prefix="eda-drill-snapshot-"))  # 0o700: the copy is as private as the log
    conn = None
    try:
        copy = _copy_parts(path, folder)
        conn = sqlite3.connect(copy, timeout=10)
        conn.row_factory = sqlite3.Row
        _migrate(conn, copy)
        conn.execute("PRAGMA query_only = ON")
    except BaseException as exc:
        if conn is not None:
            conn.close()
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            raise DrillError(f"{path} is not a drill database, or it is damaged ({exc})", hint=DAMAGED_HINT) from None
        if isinstance(exc, sqlite3.Error):
            raise database_error(path, exc) from None
        raise
    return Snapshot(path, conn, folder)
