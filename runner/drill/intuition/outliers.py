"""Estimate the share of values outside the Tukey fences from a box plot with every point drawn.

Fences: Q1 - 1.5 IQR and Q3 + 1.5 IQR, quartiles by linear interpolation
(``numpy.percentile``, the same quartiles the box plot draws).  The truth is
the share of the points shown (a seeded sample of at most :data:`MAX_POINTS`).
"""

from __future__ import annotations

from typing import Any

from runner.drill.intuition.base import (
    Item,
    Loaded,
    Settings,
    Spread,
    bin_of,
    floats,
    sampled_columns,
)

MAX_POINTS = 400
MIN_POINTS = 30
K = 1.5
EDGES = [0.005, 0.03, 0.08]


def outside_share(x: Any, k: float = K) -> tuple[float, float, float]:
    """(share outside, lower fence, upper fence)."""
    import numpy as np

    q1, q3 = np.percentile(x, [25, 75])
    low, high = q1 - k * (q3 - q1), q3 + k * (q3 - q1)
    return float(np.mean((x < low) | (x > high))), float(low), float(high)


class Outliers(Spread):
    name = "outliers"
    bins = len(EDGES) + 1
    answer = {"type": "estimate", "min": 0.0, "max": 1.0, "step": 0.01, "unit": "share"}

    def drafts(self, loaded: Loaded, rng: Any, settings: Settings) -> list[Item]:
        import numpy as np

        out = []
        for name, rows, x in sampled_columns(loaded, rng, MAX_POINTS, MIN_POINTS):
            q1, q3 = np.percentile(x, [25, 75])
            if q3 <= q1:
                continue  # half the values are one number: no box to speak of
            share, low, high = outside_share(x)
            out.append(Item(
                kind=self.name, dataset_id=loaded.id, dataset_title=loaded.title, columns=[name],
                prompt=f"Estimate the share of {name}'s values outside the Tukey fences (beyond 1.5 IQR from "
                       f"the box: the whiskers' reach) in the box plot of {len(rows)} values from {loaded.title}.",
                answer=dict(self.answer, tolerance=settings.tolerance.get(self.name, 0.03)),
                rows=rows, data={"x": floats(x)},
                truth={"value": round(share, 4), "outside": int(round(share * len(rows))), "count": len(rows),
                       "fences": [round(low, 6), round(high, 6)]},
                bin=bin_of(share, EDGES),
            ))
        return out
