"""Backups of the drill log, and what to say when the log is damaged or missing.

After every grade and every completed drill, :func:`write_backup` copies the
log to ``drills.sqlite.bak`` through SQLite's backup API (a file copy would
miss what the WAL holds), checks the copy, and only then renames it over the
previous backup: a damaged log never replaces a good backup, and a crash
mid-copy leaves the old backup whole.  ``drill repair`` rebuilds the log from
that backup and the drill folders.

May import: ``runner.atomic``, ``runner.errors`` and the standard library.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from runner import atomic
from runner.errors import LogDamaged

BACKUP_SUFFIX = ".bak"
#: The file that makes a folder of the results folder a drill folder (``runner.drill.folder.DRILL_JSON``).
DRILL_MARKER = "drill.json"


def backup_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + BACKUP_SUFFIX)


def is_sound(path: Path) -> bool:
    """Whether ``path`` is an SQLite file that passes ``PRAGMA quick_check``."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()] == ["ok"]
    except sqlite3.Error:
        return False


def write_backup(conn: sqlite3.Connection, db_path: Path) -> Path | None:
    """Copy the open log to ``drills.sqlite.bak`` atomically; None (and the old backup kept) on any failure.

    The copy is a plain single file (rollback journal, not WAL), checked with
    ``quick_check`` before it replaces the previous backup.
    """
    target = backup_path(db_path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as copy:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
            sound = [r[0] for r in copy.execute("PRAGMA quick_check").fetchall()] == ["ok"]
        if not sound:
            raise sqlite3.DatabaseError("the copy failed its check")
        os.chmod(tmp, atomic.MODE)  # private, like the log
        os.replace(tmp, target)
        return target
    except (sqlite3.Error, OSError):
        return None
    finally:
        for leftover in (tmp, f"{tmp}-journal"):
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def repair_command(results: Path) -> str:
    return f"`drill repair --results {results}`"


def damaged_hint(db_path: Path) -> str:
    """Where the last backup is, and the command that rebuilds the log."""
    db_path = Path(db_path)
    backup = backup_path(db_path)
    repair = repair_command(db_path.parent)
    if backup.is_file():
        when = datetime.fromtimestamp(backup.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return (f"the last backup is {backup}, from {when}; {repair} rebuilds the log from it and the drill "
                "folders, keeping the damaged file aside")
    return f"no backup yet; {repair} rebuilds the log from the drill folders, keeping the damaged file aside"


def drill_folders(results: Path) -> list[str]:
    """Names of the drill folders in ``results`` (visible folders holding a ``drill.json``)."""
    try:
        children = list(Path(results).iterdir())
    except OSError:
        return []
    return sorted(p.name for p in children if not p.name.startswith(".") and (p / DRILL_MARKER).is_file())


def check_present(results: Path, db_name: str) -> bool:
    """Whether the log exists; raises :class:`LogDamaged` when it is missing or empty while drill folders
    exist (it is never silently recreated: ``drill repair`` rebuilds it, and says what it restored)."""
    path = Path(results) / db_name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = None  # (any other error, e.g. a folder we may not enter, is the caller's one-line error)
    if size:
        return True
    folders = drill_folders(results)
    if not folders:
        return size is not None
    state = "missing" if size is None else "empty (0 bytes)"
    backup = backup_path(path)
    source = f"the backup {backup} and the drill folders" if backup.is_file() else "the drill folders"
    raise LogDamaged(
        f"the drill log {path} is {state}, but {results} holds {len(folders)} drill folders",
        hint=f"{repair_command(Path(results))} rebuilds it from {source} and says what it restored",
    )
