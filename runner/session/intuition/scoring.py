"""An answer against its truth: the error, the signed error, a hit, and what to show beside them.

* estimates: ``error`` = |answer - truth|, ``signed_error`` = answer - truth, a hit within the item's
  ``tolerance`` (the spec's, per kind);
* choices and lineups: ``error`` 0 when right, 1 when wrong (no signed error);
* a distribution: ``error`` 0/1 on the shape, the hit; ``detail`` compares the optional parts:
  peaks right or not, the share of zeros' absolute error, the median's ratio answer / truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Scored:
    error: float
    signed_error: float | None
    hit: bool
    detail: dict[str, Any] = field(default_factory=dict)


def score(form: dict[str, Any], answer: Any, truth: dict[str, Any]) -> Scored:
    kind = form["type"]
    if kind == "estimate":
        signed = float(answer) - float(truth["value"])
        return Scored(round(abs(signed), 6), round(signed, 6), abs(signed) <= float(form.get("tolerance", 0)) + 1e-9)
    if kind == "distribution":
        right = answer["shape"] == truth["value"]
        detail: dict[str, Any] = {"shape_right": right}
        if "peaks" in answer:
            detail["peaks_right"] = answer["peaks"] == truth["peaks"]
        if "zeros" in answer:
            detail["zeros_error"] = round(abs(answer["zeros"] - truth["zeros"]), 6)
        if "median" in answer and truth["median"]:
            detail["median_ratio"] = round(answer["median"] / truth["median"], 6)
        return Scored(0.0 if right else 1.0, None, right, detail)
    right = answer == truth["value"]
    return Scored(0.0 if right else 1.0, None, right)
