"""``drill repair``: rebuild the drill log from its backup, the damaged log and the drill folders.

In order, each source filling what the one before could not give:

1. a damaged (or empty) log is moved aside, never deleted: ``drills.sqlite.damaged-<time>``;
2. the last backup (``drills.sqlite.bak``, written after every grade and completion) becomes the new
   log, if it passes SQLite's check;
3. every table the damaged log still lets us read is copied over it (it is newer than the backup);
4. what dead ``drill start`` runs left is removed (:mod:`runner.drill.debris`), so a half-made drill
   is never restored;
5. every drill folder adds what the log still lacks: its row (``drill.json``, ``card.json``, the
   notebook), its seal (``seal.json``) and its last grade (``grade.json``); an intuition drill's
   items come from its private items file (their answers lived in the log only).

Times, pauses, ticks, peeks and the process log live only in the log (and its backup): a drill
restored from its folder alone has none, and the report says which.  A healthy log is left in place and only gains
what the folders hold that it lacks.

May import: ``runner.drill`` (folder, records, debris, locate, the intuition items file),
``runner.sources.base``, ``runner.store``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from runner import atomic
from runner.drill import debris, records
from runner.drill import folder as drill_folder
from runner.drill.intuition import private
from runner.drill.locate import read_drill_file
from runner.errors import DrillError
from runner.sources.base import Card
from runner.store import DB_NAME, DrillRow, Store, open_store, resolve_results
from runner.store import intuition as item_log
from runner.store.backup import backup_path, drill_folders, is_sound

SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass
class Repaired:
    results: Path
    log_state: str  # healthy | damaged | empty | missing
    aside: Path | None = None
    backup: Path | None = None  # the backup the new log started from
    backup_problem: str | None = None
    from_backup: Counter = field(default_factory=Counter)
    salvaged: Counter = field(default_factory=Counter)
    unreadable: list[str] = field(default_factory=list)
    from_folders: Counter = field(default_factory=Counter)
    folder_only: list[str] = field(default_factory=list)  # drills whose row came from their folder alone
    skipped: list[str] = field(default_factory=list)  # folders that could not be read, and why
    dropped: int = 0  # records of drills that neither the log nor any folder knows
    removed: list[str] = field(default_factory=list)
    drills: int = 0
    new_backup: Path | None = None

    def lines(self) -> list[str]:
        """What was done, one line each (``drill repair`` prints them)."""
        db = self.results / DB_NAME
        if self.log_state == "missing" and self.backup is None and not self.drills:
            return [f"removed {line}" for line in self.removed] + [
                f"nothing to repair: {self.results} has no drill log, no backup and no drill folders"]
        out = {
            "healthy": [f"the drill log {db} is healthy: kept"],
            "damaged": [f"the drill log {db} was damaged: kept aside as {self.aside}"],
            "empty": [f"the drill log {db} was empty (0 bytes): kept aside as {self.aside}"],
            "missing": [f"the drill log {db} was missing"],
        }[self.log_state]
        if self.backup is not None:
            out.append(f"restored from the backup {self.backup}: {_counts(self.from_backup)}")
        if self.backup_problem:
            out.append(self.backup_problem)
        if self.salvaged:
            out.append(f"recovered from the damaged log: {_counts(self.salvaged)}")
        if self.unreadable:
            out.append(f"unreadable in the damaged log: {', '.join(self.unreadable)}")
        if self.from_folders:
            out.append(f"restored from the drill folders: {_counts(self.from_folders)}")
        if self.folder_only:
            out.append("restored from their folders alone, without times, pauses, ticks, peeks or process log: "
                       + ", ".join(self.folder_only))
        out += [f"skipped {line}" for line in self.skipped]
        if self.dropped:
            out.append(f"dropped {self.dropped} records of drills neither the log nor any folder knows")
        out += [f"removed {line}" for line in self.removed]
        if self.log_state == "healthy" and not (self.from_folders or self.removed):
            out.append("nothing to repair")
        out.append(f"the log holds {self.drills} drills" + (f"; backup: {self.new_backup}" if self.new_backup else ""))
        return out


#: How each table's records are named in the report.
RECORDS = {"drills": ("drill", "drills"), "seals": ("seal", "seals"), "grades": ("grade", "grades"),
           "grade_hypotheses": ("graded hypothesis", "graded hypotheses"),
           "grade_missed": ("missed finding", "missed findings"), "phases": ("phase time", "phase times"),
           "pauses": ("pause", "pauses"), "tasks": ("task time", "task times"),
           "events": ("event (peek, tick, completion)", "events (peeks, ticks, completions)"),
           "cells": ("cell run (process log)", "cell runs (process log)")}


def _counts(counter: Counter) -> str:
    names = [(n, RECORDS.get(table, (table, table))) for table, n in counter.items() if n]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, (one, many) in names) or "nothing"


def _state(db: Path) -> str:
    if not db.exists():
        return "missing"
    if db.is_file() and db.stat().st_size == 0:
        return "empty"
    try:
        with contextlib.closing(sqlite3.connect(db, timeout=10)) as conn:
            ok = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()] == ["ok"]
    except sqlite3.Error:
        ok = False
    return "healthy" if ok else "damaged"


def _move_aside(db: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    aside = db.with_name(f"{db.name}.damaged-{stamp}")
    for suffix in SIDE_FILES:  # the WAL goes with it: it may hold the newest records
        side = Path(f"{db}{suffix}")
        if side.exists():
            os.replace(side, f"{aside}{suffix}")
    os.replace(db, aside)
    return aside


def _tables(conn: sqlite3.Connection) -> list[str]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rootpage")
             if not r[0].startswith("sqlite_")]
    return sorted(names, key=lambda n: n != "drills")  # drills first


def _copy_rows(store: Store, table: str, rows: list[sqlite3.Row]) -> int:
    if not rows:
        return 0
    wanted = {r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")}
    columns = [c for c in dict(rows[0]) if c in wanted]  # (a Row iterates over its values, a dict over names)
    sql = f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    with store.transaction() as conn:
        conn.executemany(sql, [[row[c] for c in columns] for row in rows])
    return len(rows)


def _salvage(aside: Path, store: Store, report: Repaired) -> None:
    """Copy every table the damaged log still lets us read (from a scratch copy: the kept file is not touched)."""
    with tempfile.TemporaryDirectory(dir=aside.parent, prefix=".repair-") as scratch:
        copy = Path(scratch) / DB_NAME
        shutil.copyfile(aside, copy)
        if Path(f"{aside}-wal").exists():
            shutil.copyfile(f"{aside}-wal", f"{copy}-wal")
        try:
            source = sqlite3.connect(copy)
        except sqlite3.Error:
            report.unreadable.append("everything")
            return
        source.row_factory = sqlite3.Row
        try:
            for table in _tables(store.conn):
                try:
                    rows = source.execute(f"SELECT * FROM {table}").fetchall()
                except sqlite3.Error:
                    report.unreadable.append(table)
                    continue
                report.salvaged[table] = _copy_rows(store, table, rows)
        finally:
            source.close()


def _notebook_of(folder: Path, drill_id: str) -> str:
    own = folder / f"{drill_id}.ipynb"
    if not own.is_file():
        others = sorted(folder.glob("*.ipynb"))
        own = others[0] if len(others) == 1 else own
    return f"{folder.name}/{own.name}"


def _from_folder(store: Store, folder: Path, report: Repaired) -> None:
    try:
        meta = read_drill_file(folder, drill_folder.DRILL_JSON)
        drill_id = meta.get("drill_id")
        if drill_id != folder.name:
            report.skipped.append(f"{folder.name} (its drill.json names drill {drill_id}: a copied folder?)")
            return
        if store.drill(drill_id) is None:
            card = Card.from_json(read_drill_file(folder, drill_folder.CARD_JSON))
            store.add_drill(DrillRow(
                id=drill_id, dataset_id=card.id, source=card.source, level=int(card.level), title=card.title,
                spec=meta["spec"], seed=meta.get("seed"), rows=card.rows, columns=card.columns,
                notebook=_notebook_of(folder, drill_id), created_at=meta["created_at"],
            ))
            report.from_folders["drills"] += 1
            report.folder_only.append(drill_id)
    except (DrillError, KeyError, TypeError, ValueError) as exc:
        why = exc.one_line() if isinstance(exc, DrillError) else f"{type(exc).__name__}: {exc}"
        report.skipped.append(f"{folder.name} ({why})")
        return
    if meta.get("kind") == "intuition":
        _intuition_items(store, folder.parent, drill_id, report)
        return
    seal = records.read_seal(folder, drill_id)
    if seal and store.get_seal(drill_id) is None:
        store.seal(drill_id, seal["sealed_at"], seal["sha256"], seal["text"])
        report.from_folders["seals"] += 1
    grade = records.read_grade(folder, drill_id)
    stored = store.conn.execute("SELECT graded_at FROM grades WHERE drill_id = ?", (drill_id,)).fetchone()
    if grade and (stored is None or grade["graded_at"] > stored[0]):
        store.save_grade(drill_id, grade["graded_at"], grade["grade"])
        report.from_folders["grades"] += 1


def _intuition_items(store: Store, results: Path, drill_id: str, report: Repaired) -> None:
    """An intuition drill's items, from its private items file, when the log lost them (their
    answers lived only in the log: restored unanswered)."""
    if item_log.items(store, drill_id):
        return
    try:
        items = private.read_items(results, drill_id)
    except DrillError as exc:
        report.skipped.append(f"{drill_id}: its items ({exc.one_line()})")
        return
    item_log.add_items(store, drill_id, [item.public() for item in items])
    report.from_folders["intuition items"] += len(items)


def _drop_orphans(store: Store) -> int:
    """Delete rows whose drill has no row (the log's foreign keys hold again)."""
    dropped = 0
    with store.transaction() as conn:
        for table, rowid, *_ in conn.execute("PRAGMA foreign_key_check").fetchall():
            dropped += conn.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,)).rowcount
    return dropped


def repair(results: str | Path | None = None) -> Repaired:
    """Rebuild ``<results>/drills.sqlite`` (see the module docstring); returns what was done."""
    results_dir = resolve_results(results)
    db = results_dir / DB_NAME
    report = Repaired(results_dir, _state(db))
    if report.log_state == "missing" and not drill_folders(results_dir) and not backup_path(db).is_file():
        report.removed = debris.clean(results_dir, lambda _: False)
        return report  # nothing to rebuild, and no empty log is created
    if report.log_state in ("damaged", "empty"):
        report.aside = _move_aside(db)
    backup = backup_path(db)
    if report.log_state != "healthy" and backup.is_file():
        if is_sound(backup):
            atomic.copy(backup, db)
            report.backup = backup
        else:
            report.backup_problem = f"the backup {backup} is damaged too: not used"
    with open_store(results_dir, rebuilding=True) as store:
        store.conn.execute("PRAGMA foreign_keys = OFF")  # rows arrive table by table; checked at the end
        if report.backup is not None:
            for table in _tables(store.conn):
                report.from_backup[table] = store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if report.aside is not None and report.log_state == "damaged":
            _salvage(report.aside, store, report)
        report.removed = debris.clean(results_dir, lambda drill_id: store.drill(drill_id) is not None)
        with store.transaction():
            for name in drill_folders(results_dir):
                _from_folder(store, results_dir / name, report)
        report.dropped = _drop_orphans(store)
        store.conn.execute("PRAGMA foreign_keys = ON")
        report.drills = len(store.drills())
        report.new_backup = store.backup()
    return report
