"""``drill review`` of an intuition drill: every item with its answer, truth, error, time and note.

The same review is the notebook's ``drill.summary()`` (as HTML) and the
terminal's ``drill review`` (as a rich table); ``--json`` prints
:meth:`IntuitionReview.to_json`.  Truths come from the log for answered
items; an unanswered item's truth is read from the private items file only
once the drill is over (before that it is ``null``: the review never gives an
answer away).

May import: ``runner.session.intuition`` (the reveal, the score), ``runner.drill``,
``runner.store``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.drill.locate import Located
from runner.errors import DrillError
from runner.session.intuition import run
from runner.session.intuition.run import format_value
from runner.session.intuition.score import drill_score
from runner.store import DrillRow


def _item(reveal: run.Reveal | None, row: dict[str, Any]) -> dict[str, Any]:
    truth = reveal.truth if reveal is not None else None
    answer = row["answer"]
    return {
        "number": row["number"], "kind": row["kind"], "prompt": row["prompt"], "dataset_id": row["dataset_id"],
        "columns": row["columns"], "answer": answer, "truth": truth["value"] if truth else None, "truth_detail": truth,
        "error": row["error"], "signed_error": row["signed_error"], "hit": row["hit"],
        "seconds": row["seconds"], "late": row["late"], "answered": row["answered_at"] is not None,
        "note": row["note"], "lesson": reveal.lesson if reveal is not None and answer is not None else None,
        "form": row["form"],
    }


@dataclass
class IntuitionReview:
    drill: DrillRow
    items: list[dict[str, Any]]
    score: dict[str, Any]
    over: bool
    notebook: Path

    @classmethod
    def of(cls, loc: Located) -> IntuitionReview:
        from runner.store import intuition as item_log
        from runner.store import open_store

        with open_store(loc.results) as store:
            rows = item_log.items(store, loc.row.id)
            row = store.drill(loc.row.id) or loc.row
        score = drill_score(rows, run.is_over(run.clock_of(loc)))
        items = []
        for r in rows:
            try:
                reveal = run.reveal(loc, r["number"]) if (r["answered_at"] is not None or score["over"]) else None
            except DrillError:
                reveal = None  # the private items file is gone: the log still has every answer
            items.append(_item(reveal, r))
        return cls(row, items, score, score["over"], loc.notebook)

    def to_json(self) -> dict[str, Any]:
        return {"drill": {k: getattr(self.drill, k) for k in self.drill.__dataclass_fields__}, "kind": "intuition",
                "items": self.items, "score": self.score, "over": self.over, "notebook": str(self.notebook)}


def said(item: dict[str, Any]) -> str:
    answer = item["answer"]
    if answer is None:
        return "skipped" if item.get("truth_detail") is not None else "(open)"
    value = answer["shape"] if item["form"]["type"] == "distribution" else answer
    return format_value(item["form"], value) + (" (late)" if item["late"] else "")


def truth_text(item: dict[str, Any]) -> str:
    return "(hidden until answered)" if item["truth"] is None else format_value(item["form"], item["truth"])


def error_text(item: dict[str, Any]) -> str:
    if item["error"] is None:
        return ""
    if item["form"]["type"] == "estimate":
        return f"error {item['error']:.2f}" + (" ✔" if item["hit"] else "")
    return "✔ right" if item["hit"] else "✘ wrong"


def seconds_text(item: dict[str, Any]) -> str:
    return "" if item["seconds"] is None else f"{item['seconds']:.0f} s"


def score_line(review: IntuitionReview) -> str:
    s = review.score
    state = "over" if review.over else f"running: {s['open']} open"
    median = f"; median {s['median_seconds']:.0f} s per item" if s["median_seconds"] is not None else ""
    return (f"{s['hits']} of {s['items']} hits ({s['answered']} answered in time, {s['skipped']} skipped, "
            f"{s['late']} late){median}; the drill is {state}.")


def print_intuition_review(review: IntuitionReview, console: Any) -> None:
    """One block per item (fits an 80-column terminal): the answer line, then the lesson and the note."""
    from rich.markup import escape

    d = review.drill
    console.print(f"[bold]{d.id}[/]: {escape(d.title)}, started {d.created_at}")
    for item in review.items:
        parts = [f"you said {said(item)}", f"truth {truth_text(item)}", error_text(item), seconds_text(item)]
        console.print(f"[bold]{item['number']:>2}[/] {item['kind']:<12} " + escape(" · ".join(p for p in parts if p)),
                      highlight=False)
        for line in (item["lesson"], f"note: {item['note']}" if item["note"] else None):
            if line:
                console.print("   " + escape(line), highlight=False)
    console.print(score_line(review))


def review_html(review: IntuitionReview) -> str:
    """The review as an HTML table (every text escaped)."""
    esc = html.escape
    rows = "".join(
        f"<tr><td>{item['number']}</td><td>{esc(item['kind'])}</td><td>{esc(said(item))}</td>"
        f"<td>{esc(truth_text(item))}</td><td>{esc(error_text(item))}</td>"
        f"<td>{seconds_text(item)}</td>"
        f"<td style='text-align:left'>{esc(item['note'] or '')}</td></tr>"
        for item in review.items
    )
    return ("<div class='eda-drill-summary'><table><thead><tr><th>#</th><th>kind</th><th>you said</th><th>truth</th>"
            f"<th>error</th><th>time</th><th>your note</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<p><b>{esc(score_line(review))}</b></p></div>")
