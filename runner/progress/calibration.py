"""Calibration: how well the confidence you state, ``(70%)``, matches how often you are right.

Every graded hypothesis with a stated confidence is a forecast and its verdict
the outcome: ``confirmed`` = 1, ``partly`` = 0.5, ``refuted`` = 0;
``inconclusive`` and ``ungradeable`` verdicts are left out.  Over a set of
forecasts (confidence p, outcome o):

* **Brier score** = mean of (p - o)^2: 0 is perfect; always saying 50% scores
  ``reference`` = mean of (0.5 - o)^2 (0.25 when every outcome is 0 or 1);
* **skill** = 1 - brier / reference: above 0 beats always saying 50%
  (None when the reference is 0);
* **overconfidence** = mean stated confidence - share right (o averaged):
  positive means you were surer than your record, negative less sure;
* **bins**: forecasts grouped by stated confidence in tenths ([0, 10%), ...,
  [90%, 100%]); each non-empty bin gives its count, the mean stated
  confidence and the observed share right.

Fewer than :data:`MIN_FORECASTS` forecasts are not enough to judge
calibration: ``enough`` is false and ``message`` says so (the numbers are
still computed, and shown only beside that warning).

May import: ``runner.store``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.store import DB_NAME, open_store
from runner.store.snapshot import open_snapshot

OUTCOME = {"confirmed": 1.0, "partly": 0.5, "refuted": 0.0}
MIN_FORECASTS = 20
BINS = 10


@dataclass(frozen=True)
class Forecast:
    confidence: float  # 0..1
    outcome: float  # 1, 0.5 or 0
    kind: str | None = None
    drill_id: str = ""


def forecast(confidence: Any, verdict: str, kind: str | None = None, drill_id: str = "") -> Forecast | None:
    """A hypothesis as a forecast, or None (no confidence stated, or a verdict that is no outcome)."""
    if confidence is None or verdict not in OUTCOME:
        return None
    return Forecast(min(1.0, max(0.0, float(confidence))), OUTCOME[verdict], kind, drill_id)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def bins(forecasts: Sequence[Forecast], n: int = BINS) -> list[dict[str, Any]]:
    grouped: dict[int, list[Forecast]] = defaultdict(list)
    for f in forecasts:
        grouped[min(int(f.confidence * n + 1e-9), n - 1)].append(f)
    return [{"low": i / n, "high": (i + 1) / n, "count": len(fs), "stated": _mean([f.confidence for f in fs]),
             "observed": _mean([f.outcome for f in fs])} for i, fs in sorted(grouped.items())]


def score(forecasts: Sequence[Forecast]) -> dict[str, Any]:
    """Brier score, its skill against always saying 50%, overconfidence and bins (module docstring)."""
    n = len(forecasts)
    enough = n >= MIN_FORECASTS
    message = None if enough else f"not enough forecasts yet ({n} of {MIN_FORECASTS})"
    if not n:
        return {"forecasts": 0, "enough": False, "message": message, "brier": None, "reference": None,
                "skill": None, "mean_confidence": None, "share_right": None, "overconfidence": None, "bins": []}
    brier = _mean([(f.confidence - f.outcome) ** 2 for f in forecasts])
    reference = _mean([(0.5 - f.outcome) ** 2 for f in forecasts])
    stated, right = _mean([f.confidence for f in forecasts]), _mean([f.outcome for f in forecasts])
    return {"forecasts": n, "enough": enough, "message": message, "brier": brier, "reference": reference,
            "skill": 1 - brier / reference if reference else None, "mean_confidence": stated, "share_right": right,
            "overconfidence": stated - right, "bins": bins(forecasts)}


def report(forecasts: Sequence[Forecast], hypotheses: int = 0, without_confidence: int = 0) -> dict[str, Any]:
    """The pooled score, per kind, and per drill (in the order first met), plus how many had no confidence."""
    by_kind: dict[str, list[Forecast]] = defaultdict(list)
    by_drill: dict[str, list[Forecast]] = defaultdict(list)
    for f in forecasts:
        by_kind[f.kind or "(none)"].append(f)
        by_drill[f.drill_id].append(f)
    return {**score(forecasts), "hypotheses": hypotheses, "without_confidence": without_confidence,
            "per_kind": {kind: score(fs) for kind, fs in sorted(by_kind.items())},
            "by_drill": [{"drill_id": d, **{k: v for k, v in score(fs).items() if k != "bins"}}
                         for d, fs in by_drill.items()]}


def from_log(results: Path, drill_ids: Iterable[str], read_only: bool = False) -> dict[str, Any]:
    """:func:`report` over the stored grades of ``drill_ids`` (in that order).

    ``read_only``: read a private copy of the log, as the instructor's view does with a learner's.
    """
    ids = list(drill_ids)
    rows: list[Any] = []
    if ids and (Path(results) / DB_NAME).is_file():
        with open_snapshot(Path(results)) if read_only else open_store(Path(results)) as store:
            rows = store.conn.execute(
                f"SELECT drill_id, position, kind, confidence, verdict FROM grade_hypotheses "
                f"WHERE drill_id IN ({', '.join('?' * len(ids))})", ids).fetchall()
    order = {d: i for i, d in enumerate(ids)}
    rows = sorted(rows, key=lambda r: (order[r["drill_id"]], r["position"]))
    found = [forecast(r["confidence"], r["verdict"], r["kind"], r["drill_id"]) for r in rows]
    return report([f for f in found if f], len(rows), sum(r["confidence"] is None for r in rows))


def drill_line(hypotheses: Iterable[Mapping[str, Any]]) -> str:
    """The line under a drill's verdicts: stated confidence against the share right."""
    hypotheses = list(hypotheses)
    found = [f for f in (forecast(h.get("confidence"), h.get("verdict", ""), h.get("kind")) for h in hypotheses) if f]
    if not found:
        if not hypotheses:
            return ""
        return ("No confidence stated: end a hypothesis with one, like (70%), and the tool tracks how well "
                "calibrated you are.")
    s = score(found)
    lean = s["overconfidence"]
    word = ("about right" if abs(lean) < 0.1 else
            f"overconfident by {lean * 100:.0f} points" if lean > 0 else f"underconfident by {-lean * 100:.0f} points")
    n = len(found)
    return (f"Calibration: you said {s['mean_confidence']:.0%} on average and were right {s['share_right']:.0%} of "
            f"the time ({n} forecast{'s' if n != 1 else ''}: graded hypotheses with a confidence; {word}; "
            f"Brier score {s['brier']:.2f}, always saying 50% would score {s['reference']:.2f}).")


def summary_line(pooled: Mapping[str, Any] | None) -> str:
    """A pooled calibration in a few words, for a table cell ("n/a" without a forecast)."""
    if not pooled or not pooled.get("forecasts"):
        return "n/a"
    n = pooled["forecasts"]
    line = (f"said {pooled['mean_confidence']:.0%}, right {pooled['share_right']:.0%}, "
            f"Brier {pooled['brier']:.2f} ({n} forecast{'s' if n != 1 else ''})")
    return line if pooled.get("enough") else line + ", too few to judge"
