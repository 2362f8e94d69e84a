"""False discoveries and the recall of planted patterns, over the planted (``mess:``) and null (``null:``) drills.

Definitions (pooled over the drills considered, like the rest of ``drill stats``):

* a **false discovery** is a relationship claim (correlated, missing together,
  missingness that depends on another column, a Simpson reversal, leakage),
  not negated, that the grade refuted on a planted or null drill; on a null
  drill every column was shuffled on its own, so every such claim is one;
* the **false-discovery rate** = false discoveries / relationship claims
  judged (confirmed, partly or refuted) on those drills; ``per_drill`` lists
  each drill's, oldest first, so the trend over time shows;
* **planted recall** = (planted patterns predicted + partly predicted / 2) /
  planted patterns, pooled and per planted kind.

May import: ``runner.progress.log``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from runner.progress.log import DrillSummary, recall

VARIANTS = ("mess", "null")
FALSE_DISCOVERY_RULE = ("a false discovery is a relationship claim (correlated, missing_together, missing_depends, "
                        "simpson, leakage) refuted on a planted or null drill; rate = false discoveries / "
                        "relationship claims judged on those drills")


def _rate(found: int, claims: int) -> float | None:
    return found / claims if claims else None


def false_discoveries(graded: list[DrillSummary]) -> dict[str, Any]:
    """``drill stats --json`` key ``false_discoveries`` (see the module docstring)."""
    on = [s for s in graded if s.variant in VARIANTS]
    claims, found = sum(s.relationship_claims for s in on), sum(s.false_discoveries for s in on)
    return {
        "drills": len(on),
        "relationship_claims": claims,
        "false_discoveries": found,
        "rate": _rate(found, claims),
        "per_drill": [{"id": s.id, "created_at": s.created_at, "variant": s.variant,
                       "relationship_claims": s.relationship_claims, "false_discoveries": s.false_discoveries,
                       "rate": _rate(s.false_discoveries, s.relationship_claims)} for s in on],
        "rule": FALSE_DISCOVERY_RULE,
    }


def planted_recall(graded: list[DrillSummary]) -> dict[str, Any]:
    """``drill stats --json`` key ``planted``: the planted patterns predicted, pooled and per kind."""
    totals: dict[str, Counter] = defaultdict(Counter)
    drills = 0
    for s in graded:
        if not s.planted:
            continue
        drills += 1
        for kind, counts in (s.planted.get("per_kind") or {}).items():
            for key in ("patterns", "predicted", "partly_predicted"):
                totals[kind][key] += counts.get(key) or 0
    per_kind = {kind: {**{k: t[k] for k in ("patterns", "predicted", "partly_predicted")},
                       "recall": recall(t["predicted"], t["partly_predicted"], t["patterns"])}
                for kind, t in sorted(totals.items())}
    patterns = sum(k["patterns"] for k in per_kind.values())
    predicted = sum(k["predicted"] for k in per_kind.values())
    half = sum(k["partly_predicted"] for k in per_kind.values())
    return {"drills": drills, "patterns": patterns, "predicted": predicted, "partly_predicted": half,
            "recall": recall(predicted, half, patterns), "per_kind": per_kind}
