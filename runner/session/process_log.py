"""The process log: every cell the drill's kernel runs, recorded in ``drills.sqlite`` (table ``cells``).

The kernel's hooks (:mod:`runner.kernel.process_hooks`) time each cell and hand a
:class:`CellRun` to a :class:`CellWriter`; the writer's own thread derives what
the code looked at and did (:mod:`runner.session.code_facts`), finds the phase
the clock was in when the cell started, and writes the row.  The learner's
cell never waits for any of it: a hook only takes the time and queues.

Privacy: the log lives only in the learner's ``<results>/drills.sqlite``.  It is
off for a drill started with ``drill start --no-log`` or from a spec that says
``process_log: false`` (recorded as a ``process-log`` event when the drill is
created), and ``drill.process_log(False)`` in the notebook turns it off (and
forgets what was recorded) mid-drill.

May import: ``runner.session.code_facts``, ``runner.drill``, the infrastructure.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import queue
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.drill.create import PROCESS_LOG_EVENT
from runner.drill.locate import Located
from runner.session.code_facts import CodeFacts, Scope, analyse
from runner.store import Store, open_store

#: Bump when :mod:`runner.session.code_facts` changes what it derives (stored with each cell).
ANALYSIS_VERSION = 1
#: The event holding the dataset's columns for coverage (see :func:`open_log`).
COLUMNS_EVENT = "process-columns"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CellRun:
    """One executed cell, as the kernel's hooks saw it."""

    started_at: float  # epoch seconds
    seconds: float  # run time
    code: str
    success: bool
    error: str | None = None  # the exception's class name
    execution: int | None = None
    cell_id: str | None = None


@functools.cache
def kernel_id() -> str:
    """One id per kernel process: cells from before and after a restart are told apart."""
    return f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


def phase_at(phases: Iterable[dict[str, Any]], at: float) -> str | None:
    """The key of the phase that was running at ``at`` (None before the start or after the finish)."""
    for p in phases:
        if p["started_at"] is not None and p["started_at"] <= at and (p["ended_at"] is None or at < p["ended_at"]):
            return p["key"]
    return None


def enabled(store: Store, drill_id: str) -> bool:
    """Is the process log on for this drill (the latest ``process-log`` event decides; on by default)?"""
    events = store.events(drill_id, PROCESS_LOG_EVENT)
    return bool(events[-1]["detail"].get("enabled", True)) if events else True


def set_enabled(loc: Located, on: bool, reason: str = "notebook") -> int:
    """Turn the log on or off for the drill; turning it off forgets the cells recorded so far.

    Returns how many recorded cells were forgotten.
    """
    with open_store(loc.results) as store, store.transaction() as conn:
        forgotten = 0 if on else conn.execute("DELETE FROM cells WHERE drill_id = ?", (loc.row.id,)).rowcount
        store.add_event(loc.row.id, time.time(), PROCESS_LOG_EVENT, {"enabled": on, "reason": reason})
    return forgotten


def is_enabled(loc: Located) -> bool:
    with open_store(loc.results) as store:
        return enabled(store, loc.row.id)


def open_log(loc: Located) -> CellWriter | None:
    """A writer for the drill's cells, or None when its process log is off.

    Records the dataset's columns, dtypes and target (from the card) as a
    ``process-columns`` event, so coverage is computed from the log alone.
    """
    card = loc.card
    detail = {"dtypes": dict(card.dtypes), "target": card.target}
    with open_store(loc.results) as store:
        if not enabled(store, loc.row.id):
            return None
        known = store.events(loc.row.id, COLUMNS_EVENT)
        if not known or known[-1]["detail"] != detail:
            store.add_event(loc.row.id, time.time(), COLUMNS_EVENT, detail)
    return CellWriter(loc.results, loc.row.id, list(card.dtypes))


def dataset_columns(store: Store, drill_id: str) -> dict[str, Any] | None:
    """``{"dtypes": {column: dtype}, "target": str | None}`` as recorded when the log started."""
    known = store.events(drill_id, COLUMNS_EVENT)
    return known[-1]["detail"] if known else None


def write(store: Store, drill_id: str, kernel: str, cells: list[tuple[CellRun, CodeFacts]]) -> None:
    """Record analysed cells, each with the phase running when it started, in one transaction."""
    phases = store.phase_rows(drill_id)
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO cells (drill_id, kernel, execution, cell_id, started_at, seconds, phase, success, error, code,"
            " columns, operations, whole_frame, parsed, analysis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(drill_id, kernel, run.execution, run.cell_id, run.started_at, run.seconds, phase_at(phases, run.started_at),
              int(run.success), run.error, run.code, json.dumps(list(facts.columns)), json.dumps(list(facts.operations)),
              json.dumps([list(w) for w in facts.whole_frame]), int(facts.parsed), ANALYSIS_VERSION)
             for run, facts in cells],
        )


def cells(store: Store, drill_id: str, with_code: bool = False) -> list[dict[str, Any]]:
    """The drill's recorded cells in the order they ran, facts decoded; ``code`` only when asked."""
    rows = store.conn.execute("SELECT * FROM cells WHERE drill_id = ? ORDER BY started_at, id", (drill_id,)).fetchall()
    out = []
    for r in rows:
        cell = dict(r)
        if not with_code:
            del cell["code"]
        for key in ("columns", "operations", "whole_frame"):
            cell[key] = json.loads(cell[key])
        cell["success"], cell["parsed"] = bool(cell["success"]), bool(cell["parsed"])
        out.append(cell)
    return out


class CellWriter:
    """Analyses and records a kernel's cells on its own thread, so no cell waits for the log.

    :meth:`submit` only queues; :meth:`flush` waits until everything queued is
    written (the phase-4 summary calls it before reading).  A failure is
    logged once and never reaches the learner's cell.
    """

    def __init__(self, results: Path, drill_id: str, columns: list[str]) -> None:
        self.results, self.drill_id, self.columns = Path(results), drill_id, list(columns)
        self.scope = Scope()
        self.failures = 0
        self._store: Store | None = None
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name=f"eda-drill process log {drill_id}", daemon=True)
        self._thread.start()

    def submit(self, run: CellRun) -> None:
        self._queue.put(run)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued cell is written; False if that took longer than ``timeout``."""
        if not self._thread.is_alive():
            return self._queue.empty()
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued, then stop the thread."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)

    def _run(self) -> None:
        stop = False
        while not stop:
            batch, waiting = [], []
            item = self._queue.get()
            while True:
                if item is None:
                    stop = True
                elif isinstance(item, threading.Event):
                    waiting.append(item)
                else:
                    batch.append(item)
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if batch:
                self._write(batch)
            for event in waiting:
                event.set()
        self._close_store()

    def _close_store(self) -> None:
        if self._store is not None:
            with contextlib.suppress(Exception):
                self._store.close()
            self._store = None

    def _write(self, batch: list[CellRun]) -> None:
        try:
            analysed = []
            for run in batch:
                facts, self.scope = analyse(run.code, self.columns, self.scope)
                analysed.append((run, facts))
            if self._store is None:  # one connection for the thread's life, opened through the one door
                self._store = open_store(self.results)
                # no fsync per cell: in WAL mode a crash may lose the last cells, never the log's consistency
                self._store.conn.execute("PRAGMA synchronous = NORMAL")
            write(self._store, self.drill_id, kernel_id(), analysed)
        except Exception:  # noqa: BLE001 - the log must never break the drill
            self._close_store()  # a fresh connection next time
            self.failures += 1
            if self.failures == 1:
                log.warning("eda-drill: could not record %d cell(s) in the process log", len(batch), exc_info=True)
