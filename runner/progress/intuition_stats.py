"""The intuition section of ``drill stats`` (and of the dashboard): error, speed, bias, lineup hits.

Read from the log only (``drills``, ``phases``, ``pauses``, ``intuition_items``),
pooled over the intuition drills considered (``--since``: started on or after
the date).  Definitions:

* an item is **answered** when answered within the drill's time; a **late**
  answer (after the time was up) and an item left unanswered once the drill is
  over count as **skipped**; items of a drill still running are **open**;
* ``error``: absolute error for estimates (r, or a share as a fraction), 0/1
  for choices; ``signed_error``: answer - truth (estimates);
* ``hit_rate`` = hits / answered items; ``seconds``: time per item (see
  :mod:`runner.session.intuition.score`);
* correlation **bias**: the mean signed error, and the mean of
  |answer| - |truth| (``magnitude_bias``: below 0, correlations judged weaker
  than they are), also per strength of the truth (weak below 0.3, moderate to
  0.7, strong above);
* lineup **chance**: the hit rate of guessing uniformly among a lineup's panels
  and "none" (1 / (panels + 1)), averaged over the lineups answered;
* **days**: per UTC day a drill was started and per kind: items answered, mean
  error, hit rate, median seconds (the dashboard's "over days" plots).
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from runner.spec import kind_of
from runner.store import DB_NAME, open_store
from runner.store import intuition as item_log

STRENGTHS = (("weak", 0.0, 0.3), ("moderate", 0.3, 0.7), ("strong", 0.7, 1.01))


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 6) if values else None


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def _ratio(n: int, d: int) -> float | None:
    return round(n / d, 6) if d else None


def _over(drill: Any, phases: list[dict[str, Any]], pauses: list[dict[str, Any]], now: float) -> bool:
    """Finished, or its (single) timed phase has run out; from the stored times, nothing written."""
    if drill.status == "complete":
        return True
    if not phases or phases[0]["started_at"] is None:
        return False
    phase = phases[0]
    end = phase["ended_at"] if phase["ended_at"] is not None else now
    paused = sum(max(0.0, (p["ended_at"] if p["ended_at"] is not None else end) - p["started_at"]) for p in pauses)
    return phase["ended_at"] is not None or end - phase["started_at"] - paused > phase["planned_minutes"] * 60


def _kind_figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    answered = [r for r in rows if r["status"] == "answered"]
    signed = [r["signed_error"] for r in answered if r["signed_error"] is not None]
    return {"items": len(rows), "answered": len(answered), "skipped": sum(r["status"] == "skipped" for r in rows),
            "open": sum(r["status"] == "open" for r in rows), "hits": sum(bool(r["hit"]) for r in answered),
            "hit_rate": _ratio(sum(bool(r["hit"]) for r in answered), len(answered)),
            "mean_error": _mean([r["error"] for r in answered]), "mean_signed_error": _mean(signed),
            "median_seconds": _median([r["seconds"] for r in answered if r["seconds"] is not None])}


def _correlation(rows: list[dict[str, Any]]) -> dict[str, Any]:
    answered = [r for r in rows if r["kind"] == "correlation" and r["status"] == "answered"]
    pairs = [(float(r["truth"]["value"]), float(r["answer"])) for r in answered]
    by_strength = {}
    for name, low, high in STRENGTHS:
        some = [(t, a) for t, a in pairs if low <= abs(t) < high]
        by_strength[name] = {"answered": len(some), "bias": _mean([a - t for t, a in some]),
                             "magnitude_bias": _mean([abs(a) - abs(t) for t, a in some])}
    return {"answered": len(pairs), "bias": _mean([a - t for t, a in pairs]),
            "magnitude_bias": _mean([abs(a) - abs(t) for t, a in pairs]),
            "mean_error": _mean([abs(a - t) for t, a in pairs]), "by_strength": by_strength,
            "points": [{"truth": t, "answer": a} for t, a in pairs]}


def _lineup(rows: list[dict[str, Any]]) -> dict[str, Any]:
    answered = [r for r in rows if r["kind"] == "lineup" and r["status"] == "answered"]
    null = [r for r in answered if r["truth"]["value"] == "none"]
    real = [r for r in answered if r["truth"]["value"] != "none"]
    hits = sum(bool(r["hit"]) for r in answered)
    return {"answered": len(answered), "hits": hits, "hit_rate": _ratio(hits, len(answered)),
            "chance": _mean([1 / (int(r["form"]["panels"]) + 1) for r in answered]),
            "real_lineups": len(real), "real_right": sum(bool(r["hit"]) for r in real),
            "null_lineups": len(null), "null_right": sum(bool(r["hit"]) for r in null),
            "history": [{"drill_id": r["drill_id"], "hit": bool(r["hit"]), "null": r["truth"]["value"] == "none",
                         "chance": round(1 / (int(r["form"]["panels"]) + 1), 6)} for r in answered]}


def _days(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["status"] == "answered":
            groups[(r["day"], r["kind"])].append(r)
    return [{"date": day, "kind": kind, "answered": len(some), "mean_error": _mean([r["error"] for r in some]),
             "hit_rate": _ratio(sum(bool(r["hit"]) for r in some), len(some)),
             "median_seconds": _median([r["seconds"] for r in some if r["seconds"] is not None])}
            for (day, kind), some in sorted(groups.items())]


def empty() -> dict[str, Any]:
    return intuition_stats_of([], {})


def intuition_stats_of(drills: list[dict[str, Any]], rows_by_drill: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The section from drills (``{id, created_at, over, notebook}``) and their item rows."""
    rows: list[dict[str, Any]] = []
    timeline = []
    for d in drills:
        mine = rows_by_drill.get(d["id"], [])
        for r in mine:
            late_or_none = r["answered_at"] is None or r["late"]
            r["status"] = ("skipped" if d["over"] else "open") if late_or_none else "answered"
            r["day"] = d["created_at"][:10]
        rows += mine
        figures = _kind_figures(mine)
        timeline.append({"drill_id": d["id"], "created_at": d["created_at"], "notebook": d["notebook"],
                         "over": d["over"], **{k: figures[k] for k in ("items", "answered", "skipped", "open", "hits",
                                                                       "median_seconds")},
                         "score": _ratio(figures["hits"], figures["items"])})
    kinds = sorted({r["kind"] for r in rows})
    return {"drills": {"total": len(drills), "over": sum(d["over"] for d in drills),
                       "running": sum(not d["over"] for d in drills)},
            "items": _kind_figures(rows), "per_kind": {k: _kind_figures([r for r in rows if r["kind"] == k]) for k in kinds},
            "correlation": _correlation(rows), "lineup": _lineup(rows), "days": _days(rows), "timeline": timeline}


def intuition_stats(results: Path, since: date | None = None, now: float | None = None) -> dict[str, Any]:
    """The intuition section for ``results`` (every figure defined in the module docstring)."""
    if not (Path(results) / DB_NAME).is_file():
        return empty()
    now = time.time() if now is None else now
    with open_store(results) as store:
        chosen = [d for d in store.drills() if kind_of(d.spec) == "intuition"
                  and (since is None or d.created_at[:10] >= since.isoformat())]
        drills = [{"id": d.id, "created_at": d.created_at, "notebook": d.notebook,
                   "over": _over(d, store.phase_rows(d.id), store.pause_rows(d.id), now)} for d in chosen]
        rows = {d.id: item_log.items(store, d.id) for d in chosen}
    return intuition_stats_of(drills, rows)
