"""The verbs of an intuition drill, for the notebook's kernel and for scripts: items, show, answer, note.

* :func:`items` lists the items (number, kind, prompt, the answer's form, answered or not), never a truth;
* :func:`show` is what an item's cell displays: the public item, the data its plot needs (not for a
  distribution item, whose values stay hidden until the answer) and, once answered or once the drill is
  over, its reveal; showing the first item starts the clock;
* :func:`answer` checks, scores and stores an answer, final on the first call, and returns the
  :class:`Reveal`; answering the last open item finishes the drill; an answer after the time is up is
  stored as late (revealed, scored as skipped);
* :func:`note` keeps the learner's one line on where they were wrong and why;
* :func:`summary` is the drill's score so far (:func:`runner.session.intuition.score.drill_score`).
"""

from __future__ import annotations

import operator
import time
from dataclasses import asdict, dataclass
from typing import Any

from runner.drill.intuition import private
from runner.drill.intuition.base import Item
from runner.drill.locate import Located
from runner.errors import BadInput
from runner.session import actions
from runner.session import clock as phases
from runner.session.intuition import answers, lessons, scoring
from runner.session.intuition.score import drill_score, item_seconds
from runner.spec import load_spec
from runner.store import intuition as item_log
from runner.store import open_store

#: kinds whose data is not plotted before the answer (predicted from the description alone)
BLIND_KINDS = {"distribution"}
MAX_NOTE = 500


class AlreadyAnswered(BadInput):
    """An answer is final: the item was answered before."""


@dataclass
class Reveal:
    number: int
    kind: str
    prompt: str
    answer: Any  # None: skipped
    truth: dict[str, Any]
    error: float | None
    signed_error: float | None
    hit: bool
    lesson: str
    seconds: float | None
    late: bool
    form: dict[str, Any]
    detail: dict[str, Any]
    note: str | None = None

    @property
    def skipped(self) -> bool:
        return self.answer is None or self.late

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"skipped": self.skipped}

    def text(self) -> str:
        """The reveal in one or two lines of plain text."""
        truth = format_value(self.form, self.truth["value"])
        if self.answer is None:
            return f"Item {self.number}: skipped. The truth: {truth}."
        said = format_value(self.form, self.answer["shape"] if self.form["type"] == "distribution" else self.answer)
        error = ""
        if self.form["type"] == "estimate":
            tolerance = format_value(self.form, float(self.form.get("tolerance", 0)), signed=False)
            error = f", error {format_value(self.form, self.error, signed=False)}" + (
                " (a hit)" if self.hit else f" (outside ±{tolerance})")
        late = " After the time was up: shown, not scored." if self.late else ""
        return f"Item {self.number}: you said {said}; the truth is {truth}{error}.{late} {self.lesson}".strip()


def format_value(form: dict[str, Any], value: Any, signed: bool = True) -> str:
    """An answer or truth as the learner reads it (``signed=False``: an error or a tolerance)."""
    if form["type"] == "estimate":
        if form.get("unit") == "share":
            return f"{value:.0%}"
        return f"r = {value:+.2f}" if signed else f"{value:.2f}"
    if form["type"] == "lineup":
        return "none is real" if value == "none" else f"panel {value}"
    if form["type"] == "distribution" and value in ("right", "left"):
        return f"{value}-skewed"
    return str(value)


def clock_of(loc: Located) -> phases.Clock:
    with open_store(loc.results) as store:
        return phases.read(store, loc.row.id, load_spec(loc.row.spec))


def is_over(clock: phases.Clock) -> bool:
    remaining = clock.remaining()
    return clock.finished or (remaining is not None and remaining < 0)


def _rows(loc: Located) -> list[dict[str, Any]]:
    with open_store(loc.results) as store:
        return item_log.items(store, loc.row.id)


def _row(rows: list[dict[str, Any]], number: Any) -> dict[str, Any]:
    found = next((r for r in rows if r["number"] == number), None)
    if found is None:
        raise BadInput(f"no item {number!r} in this drill", hint=f"items are numbered 1 to {len(rows)}")
    return found


def _number(value: Any) -> Any:
    """An item number as a Python int (numpy ints too); anything else is left for :func:`_row` to refuse."""
    try:
        return value if isinstance(value, bool) else operator.index(value)
    except TypeError:
        return value


def items(loc: Located) -> list[dict[str, Any]]:
    """The items in order: number, kind, prompt, dataset, columns, the answer's form, answered or not."""
    return [{"number": r["number"], "kind": r["kind"], "prompt": r["prompt"], "dataset_id": r["dataset_id"],
             "columns": r["columns"], "form": r["form"], "answered": r["answered_at"] is not None}
            for r in _rows(loc)]


def _start_clock(loc: Located) -> phases.Clock:
    clock = clock_of(loc)
    if not clock.started:
        actions.clock(loc, "start")
        clock = clock_of(loc)
    return clock


def _stored_reveal(row: dict[str, Any]) -> Reveal:
    return Reveal(row["number"], row["kind"], row["prompt"], row["answer"], row["truth"], row["error"],
                  row["signed_error"], bool(row["hit"]), lessons.lesson(row["kind"], row["answer"], row["truth"], row["form"]),
                  row["seconds"], row["late"], row["form"], row["detail"], row["note"])


def _skipped_reveal(item: Item, row: dict[str, Any]) -> Reveal:
    return Reveal(item.number, item.kind, item.prompt, None, item.truth, None, None, False, "", None, False,
                  row["form"], {}, row["note"])


def reveal(loc: Located, number: int) -> Reveal:
    """An answered item's reveal; an unanswered one's truth only once the drill is over."""
    number = _number(number)
    row = _row(_rows(loc), number)
    if row["answered_at"] is not None:
        return _stored_reveal(row)
    if not is_over(clock_of(loc)):
        raise BadInput(f"item {number} is not answered yet", hint=f"answer it first: drill.answer({number}, ...)")
    return _skipped_reveal(private.read_items(loc.results, loc.row.id)[number - 1], row)


@dataclass
class Shown:
    item: dict[str, Any]  # the public item
    data: dict[str, Any] | None  # what its plot needs (None for a blind kind before the answer)
    reveal: Reveal | None
    over: bool
    messages: list[str]


def view(loc: Located, number: int, messages: list[str] | None = None) -> Shown:
    """An item as its cell shows it now, without side effects (see :func:`show`)."""
    number = _number(number)
    row = _row(_rows(loc), number)
    item = private.read_items(loc.results, loc.row.id)[number - 1]
    over = is_over(clock_of(loc))
    shown_reveal = None
    if row["answered_at"] is not None:
        shown_reveal = _stored_reveal(row)
    elif over:
        shown_reveal = _skipped_reveal(item, row)
    data = item.data if (item.kind not in BLIND_KINDS or shown_reveal is not None) else None
    return Shown(item.public() | {"form": row["form"]}, data, shown_reveal, over, list(messages or []))


def show(loc: Located, number: int) -> Shown:
    """Everything an item's cell displays (see the module docstring); the first display starts the clock."""
    number = _number(number)
    _row(_rows(loc), number)
    messages = []
    if not clock_of(loc).started:
        messages.append("the clock started with your first item")
        _start_clock(loc)
    with open_store(loc.results) as store:
        store.add_event(loc.row.id, time.time(), "item-shown", {"number": number})
    return view(loc, number, messages)


def answer(loc: Located, number: int, value: Any) -> Reveal:
    """Check, score and store the answer to item ``number`` (final), and return its reveal."""
    number = _number(number)
    rows = _row_check(loc, number)
    item = private.read_items(loc.results, loc.row.id)[number - 1]
    parsed = answers.parse(rows[number - 1]["form"], value)
    scored = scoring.score(rows[number - 1]["form"], parsed, item.truth)
    clock = _start_clock(loc)
    now = time.time()
    over = is_over(clock)
    with open_store(loc.results) as store:
        shown = [e["at"] for e in store.events(loc.row.id, "item-shown") if e["detail"].get("number") == number]
        previous = [r["answered_at"] for r in rows if r["answered_at"] is not None]
        seconds = item_seconds(now, clock.phases[0].started_at, min(shown) if shown else None,
                               max(previous) if previous else None, clock.pauses)
        stored = item_log.record_answer(store, loc.row.id, number, parsed, item.truth, scored.error,
                                        scored.signed_error, scored.hit, now, seconds, over, scored.detail)
    if not stored:
        raise AlreadyAnswered(f"item {number} is already answered: an answer is final")
    if not over and all(r["answered_at"] is not None for r in rows if r["number"] != number):
        actions.clock(loc, "next", expected=0)  # the last open item: the drill is complete
    form = rows[number - 1]["form"]
    return Reveal(number, item.kind, item.prompt, parsed, item.truth, scored.error, scored.signed_error, scored.hit,
                  lessons.lesson(item.kind, parsed, item.truth, form), seconds, over, form, scored.detail)


def _row_check(loc: Located, number: int) -> list[dict[str, Any]]:
    rows = _rows(loc)
    row = _row(rows, number)
    if row["answered_at"] is not None:
        raise AlreadyAnswered(f"item {number} is already answered ({format_value(row['form'], _said(row))}): "
                              "an answer is final", hint=f"drill.reveal({number}) shows its reveal again")
    return rows


def _said(row: dict[str, Any]) -> Any:
    return row["answer"]["shape"] if row["form"]["type"] == "distribution" else row["answer"]


def note(loc: Located, number: int, text: str) -> str:
    """Keep the learner's line on where they were wrong and why (after the answer; replaces an earlier one)."""
    number = _number(number)
    row = _row(_rows(loc), number)
    if row["answered_at"] is None:
        raise BadInput(f"item {number} is not answered yet", hint="the note is about the reveal: answer first")
    line = " ".join(str(text).split())[:MAX_NOTE]
    with open_store(loc.results) as store:
        item_log.set_note(store, loc.row.id, number, line)
    return line


def summary(loc: Located) -> dict[str, Any]:
    """The drill's score so far, and whether it is over."""
    return drill_score(_rows(loc), is_over(clock_of(loc)))


def progress_line(loc: Located) -> str:
    """``drill status`` of an intuition drill: answered, open or skipped, hits so far."""
    s = summary(loc)
    rest = f"{s['skipped']} skipped" if s["over"] else f"{s['open']} open"
    return f"items: {s['answered']} of {s['items']} answered ({rest}), {s['hits']} hits"
