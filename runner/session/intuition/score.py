"""Time per item and a drill's score, from the item rows of the log.

* **time per item**: from the latest of the phase's start, the item's first
  display and the previous answer, to this answer, pauses excluded;
* **answered** items were answered within the time; an item answered after
  the time was up is **late**: its reveal was shown, but it scores as skipped;
* once the drill is over (finished, or its time up) every item not answered
  in time is **skipped**; before that, unanswered items are **open**;
* **hits**: estimates within the tolerance, right choices, a distribution's
  right shape; **score** = hits / items.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any


def _overlap(start: float, end: float, pauses: list[dict[str, Any]]) -> float:
    return sum(max(0.0, min(end, p["ended_at"] if p["ended_at"] is not None else end) - max(start, p["started_at"]))
               for p in pauses)


def item_seconds(at: float, phase_start: float | None, first_shown: float | None, previous_answer: float | None,
                 pauses: list[dict[str, Any]]) -> float | None:
    marks = [m for m in (phase_start, first_shown, previous_answer) if m is not None and m <= at]
    if not marks:
        return None
    start = max(marks)
    return round(max(0.0, at - start - _overlap(start, at, pauses)), 3)


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 6) if values else None


def drill_score(rows: list[dict[str, Any]], over: bool) -> dict[str, Any]:
    """The score of one drill's item rows (see the module docstring)."""
    on_time = [r for r in rows if r["answered_at"] is not None and not r["late"]]
    late = sum(1 for r in rows if r["late"])
    unanswered = sum(1 for r in rows if r["answered_at"] is None)
    hits = sum(1 for r in on_time if r["hit"])
    per_kind: dict[str, dict[str, Any]] = {}
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_kind[r["kind"]].append(r)
    for kind, kind_rows in by_kind.items():
        answered = [r for r in kind_rows if r["answered_at"] is not None and not r["late"]]
        signed = [r["signed_error"] for r in answered if r["signed_error"] is not None]
        per_kind[kind] = {"items": len(kind_rows), "answered": len(answered), "hits": sum(1 for r in answered if r["hit"]),
                          "mean_error": _mean([r["error"] for r in answered]), "mean_signed_error": _mean(signed)}
    seconds = [r["seconds"] for r in on_time if r["seconds"] is not None]
    return {
        "items": len(rows), "answered": len(on_time), "late": late,
        "skipped": (unanswered + late) if over else 0, "open": 0 if over else unanswered,
        "hits": hits, "score": round(hits / len(rows), 6) if rows else None,
        "median_seconds": round(statistics.median(seconds), 3) if seconds else None,
        "over": over, "per_kind": per_kind,
    }
