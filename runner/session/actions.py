"""A drill in progress: the phase clock's actions, the hidden data, checklist ticks and task timers.

The notebook's kernel (``runner.kernel``) and the terminal (``drill status``)
both go through these functions, so every record lands in ``drills.sqlite``
the same way.  Leaving phase 1 seals the hypotheses; leaving the last phase
records the total time and the reflection and marks the drill complete.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner.drill import hidden, notebook
from runner.drill.locate import Located, find_drill, locate
from runner.errors import DrillError
from runner.grading.grammar import parse_markdown
from runner.session import clock as phases
from runner.session.seal import hypotheses_text, seal_hypotheses
from runner.spec import kind_of, load_spec
from runner.store import open_store


class DataHidden(DrillError):
    """The learner asked for the data before sealing the hypotheses."""


@dataclass
class ClockUpdate:
    clock: dict[str, Any]
    moved: bool = False
    messages: list[str] = field(default_factory=list)
    needs_confirmation: bool = False  # the same action again, with force, goes ahead
    problem: str | None = None  # what kept the clock from moving, and how to recover (shown prominently)


#: Next phase with no hypotheses cell in the saved notebook: the drill stays in phase 1, and this says how out.
MISSING_CELL = (
    "Still in phase 1: the saved notebook has no hypotheses cell, so nothing could be sealed. Undo the deletion "
    "(Edit > Undo Cell Operation, or z in command mode), save with Ctrl+S and press Next phase again; or run "
    "drill.restore_hypotheses() in a cell to put the cell back from the template."
)


def _clock(loc: Located, action: str, expected: int | None = None, reason: str | None = None) -> tuple[Any, bool]:
    spec = load_spec(loc.row.spec)
    with open_store(loc.results) as store:
        if action == "read":
            return phases.read(store, loc.row.id, spec), False
        if action == "start":
            return phases.start(store, loc.row.id, spec), True
        if action == "pause":
            return phases.pause(store, loc.row.id, spec, reason), True
        if action == "resume":
            return phases.resume(store, loc.row.id, spec), True
        if action == "next":
            return phases.advance(store, loc.row.id, spec, -1 if expected is None else expected)
    raise DrillError(f"unknown clock action {action!r}")


def _seal_before_leaving(loc: Located, force: bool) -> ClockUpdate | str:
    """Seal the hypotheses before phase 1 ends: the message to show, or the update that keeps phase 1.

    A failed seal never lets the clock move on (the data would stay hidden in
    phase 2 with nothing sealed): it says why, and how to recover.
    """
    def stay(problem: str, confirm: bool = False) -> ClockUpdate:
        state, _ = _clock(loc, "read")
        return ClockUpdate(state.to_json(), False, [problem], needs_confirmation=confirm,
                           problem=None if confirm else problem)

    try:
        text = hypotheses_text(notebook.read(loc.notebook))
    except DrillError as exc:
        return stay(f"Still in phase 1: the saved notebook could not be read ({exc.one_line()}).")
    if text is None:
        return stay(MISSING_CELL)
    if not force and not parse_markdown(text, loc.card.column_names):
        return stay("no hypotheses written yet (or the notebook is not saved): write them in the hypotheses "
                    "cell, or press Next phase again to move on with none", confirm=True)
    try:
        sealed = seal_hypotheses(loc.notebook, loc.results)
    except DrillError as exc:
        return stay(f"Still in phase 1: the hypotheses could not be sealed ({exc.one_line()}). Fix that, save, "
                    "and press Next phase again.")
    return f"{sealed.claims} hypotheses sealed at {sealed.sealed_at}"


def clock(
    loc: Located, action: str = "read", expected: int | None = None, reason: str | None = None,
    force: bool = False,
) -> ClockUpdate:
    """Apply ``action`` (read, start, pause, resume, next) and return the stored clock.

    ``next`` from phase 1 seals the hypotheses first (from the saved notebook);
    with no hypotheses written it asks again instead (``force`` moves on
    anyway: a stray click must not seal an empty cell and unlock the data).
    If the seal fails (the hypotheses cell was deleted), the drill stays in
    phase 1 and ``problem`` says how to recover.  ``next`` from the last
    phase completes the drill.
    """
    messages: list[str] = []
    if kind_of(loc.row.spec) == "intuition":  # no hypotheses to seal: the items are scored as answered
        state, moved = _clock(loc, action, expected, reason)
        if action == "next" and moved and state.finished:
            _complete(loc, state)
            messages.append("the drill is complete: `drill review` shows it item by item")
        return ClockUpdate(state.to_json(), moved, messages)
    if action == "next" and expected == 0 and not is_sealed(loc):
        outcome = _seal_before_leaving(loc, force)
        if isinstance(outcome, ClockUpdate):
            return outcome
        messages.append(outcome)
    state, moved = _clock(loc, action, expected, reason)
    if action == "next" and moved and state.finished:
        messages.append(_complete(loc, state))
    return ClockUpdate(state.to_json(), moved, messages)


def _complete(loc: Located, state: Any) -> str:
    try:
        reflection = notebook.tagged_text(notebook.read(loc.notebook), "reflection")
    except DrillError:
        reflection = None  # a missing notebook must not lose the times: they are already stored
    now = time.time()
    total = state.total_seconds()
    with open_store(loc.results) as store:
        store.complete(loc.row.id, now, total, reflection)
        store.add_event(loc.row.id, now, "complete", {"total_seconds": total})
    return "reflection and total time saved" if reflection else "total time saved (no reflection written)"


def is_sealed(loc: Located) -> bool:
    with open_store(loc.results) as store:
        return store.get_seal(loc.row.id) is not None


def data(loc: Located, peek: bool = False) -> Any:
    """The drill's snapshot; refused before the seal unless ``peek`` (which is recorded).

    Sealed, the data is also published into the drill folder (``data.parquet``),
    if the seal could not do it.  A snapshot deleted from both places is a
    one-line error saying how to get it back.
    """
    import pandas as pd

    files = hidden.DrillFiles.of(loc)
    sealed = is_sealed(loc)
    if not sealed and not peek:
        raise DataHidden(
            "the data stays hidden until your hypotheses are sealed",
            hint="finish phase 1 with the timer's Next phase button, or drill.data(peek=True) to look anyway "
            "(the peek is recorded and shown in your grade)",
        )
    path = files.require_snapshot(loc.row.dataset_id, loc.row.seed)
    if sealed:
        path = files.publish_data() or path
    else:
        with open_store(loc.results) as store:
            store.add_event(loc.row.id, time.time(), "peek", {})
    return pd.read_parquet(path)


def tick(loc: Located, item: str, checked: bool) -> None:
    with open_store(loc.results) as store:
        store.add_event(loc.row.id, time.time(), "check" if checked else "uncheck", {"item": item})


def checked_items(loc: Located) -> dict[str, bool]:
    """Each checklist item's latest state, from the recorded ticks."""
    state: dict[str, bool] = {}
    with open_store(loc.results) as store:
        for event in store.events(loc.row.id):
            if event["kind"] in ("check", "uncheck"):
                state[event["detail"].get("item", "")] = event["kind"] == "check"
    return state


def start_task(loc: Located, name: str) -> int:
    with open_store(loc.results) as store:
        return store.start_task(loc.row.id, name, time.time())


def running_task(loc: Located, name: str) -> int | None:
    """The id of a task of this name that was started and never stopped (a re-run cell picks it up)."""
    with open_store(loc.results) as store:
        open_ids = [t["id"] for t in store.tasks(loc.row.id) if t["name"] == name and t["ended_at"] is None]
    return open_ids[-1] if open_ids else None


def end_task(loc: Located, task_id: int) -> float | None:
    with open_store(loc.results) as store:
        return store.end_task(task_id, time.time())


@dataclass
class Status:
    drill_id: str
    title: str
    dataset_id: str
    status: str
    clock: dict[str, Any]
    sealed: bool
    peeks: int
    notebook: Path

    def to_json(self) -> dict[str, Any]:
        return {
            "drill_id": self.drill_id, "title": self.title, "dataset_id": self.dataset_id, "status": self.status,
            "sealed": self.sealed, "peeks": self.peeks, "notebook": str(self.notebook), "clock": self.clock,
        }


def status(drill_id: str | None = None, results: str | Path | None = None) -> Status:
    row, results_dir = find_drill(results, drill_id)
    loc = Located(row, results_dir, results_dir / row.id, results_dir / row.notebook)
    state = clock(loc).clock
    with open_store(results_dir) as store:
        sealed = store.get_seal(row.id) is not None
        peeks = len(store.events(row.id, "peek"))
        row = store.drill(row.id) or row
    return Status(row.id, row.title, row.dataset_id, row.status, state, sealed, peeks, loc.notebook)


__all__ = ["ClockUpdate", "DataHidden", "Status", "checked_items", "clock", "data", "locate", "status", "tick"]
