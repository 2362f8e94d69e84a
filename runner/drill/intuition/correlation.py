"""Estimate a correlation from a scatter plot: the answer is r in [-1, 1], the truth Pearson's r
of the points shown (at most :data:`MAX_POINTS`, a seeded sample of the complete pairs)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import Any

from runner.drill.intuition.base import (
    Item,
    Loaded,
    Settings,
    Spread,
    bin_of,
    finite_rows,
    floats,
    pick_some,
    sample_rows,
    values,
)

MAX_POINTS = 300
MIN_POINTS = 20
#: the truth's range cut into five: strong negative .. strong positive
EDGES = [-0.6, -0.2, 0.2, 0.6]
#: pairs above this are one quantity measured twice (inches and cm), not a relationship to estimate
TOO_CLOSE = 0.97


def pearson(x: Any, y: Any) -> float:
    import numpy as np

    dx, dy = x - x.mean(), y - y.mean()
    denominator = float(np.sqrt(np.sum(dx * dx) * np.sum(dy * dy)))
    return float(np.sum(dx * dy) / denominator) if denominator else 0.0


def sampled_pairs(loaded: Loaded, rng: Any, limit: int, minimum: int,
                  how_many: int) -> Iterator[tuple[str, str, Any, Any, Any, float]]:
    """``(x_name, y_name, rows, x, y, r)`` for up to ``how_many`` pairs of numeric columns picked at
    random: a sample of at most ``limit`` rows where both are finite (pairs with fewer than
    ``minimum`` are skipped), and Pearson's r; pairs with |r| above :data:`TOO_CLOSE` are skipped
    (one column a copy or rescaling of the other)."""
    frame = loaded.frame
    for x_name, y_name in pick_some(list(combinations(loaded.numeric, 2)), how_many, rng):
        rows = sample_rows(finite_rows(frame, [x_name, y_name]), limit, rng)
        if len(rows) < minimum:
            continue
        x, y = values(frame, x_name, rows), values(frame, y_name, rows)
        r = pearson(x, y)
        if abs(r) <= TOO_CLOSE:
            yield x_name, y_name, rows, x, y, r


class Correlation(Spread):
    name = "correlation"
    bins = len(EDGES) + 1
    answer = {"type": "estimate", "min": -1.0, "max": 1.0, "step": 0.01, "unit": "r"}

    def drafts(self, loaded: Loaded, rng: Any, settings: Settings) -> list[Item]:
        out = []
        for x_name, y_name, rows, x, y, r in sampled_pairs(loaded, rng, MAX_POINTS, MIN_POINTS, 6):
            out.append(Item(
                kind=self.name, dataset_id=loaded.id, dataset_title=loaded.title, columns=[x_name, y_name],
                prompt=f"Estimate the correlation r between {x_name} (x) and {y_name} (y) in the scatter plot "
                       f"({len(rows)} points from {loaded.title}).",
                answer=dict(self.answer, tolerance=settings.tolerance.get(self.name, 0.1)),
                rows=rows, data={"x": floats(x), "y": floats(y)},
                truth={"value": round(r, 4)}, bin=bin_of(r, EDGES),
            ))
        return out
