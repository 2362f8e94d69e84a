"""Say a histogram's skew: direction and strength.

The truth is the sample skewness G1 (adjusted Fisher-Pearson, as pandas'
``Series.skew``) of the values shown: below 0.5 in size ``none``, 0.5 to 1
``moderate``, above 1 ``strong``; the sign gives the direction.  Columns
within :data:`MARGIN` of a cut are left out (a judgement there is a coin toss).
"""

from __future__ import annotations

from typing import Any

from runner.drill.intuition.base import (
    Item,
    Loaded,
    Settings,
    Spread,
    floats,
    near_edge,
    sampled_columns,
    skewness,
)

MAX_POINTS = 1000
MIN_POINTS = 30
OPTIONS = ["strong left", "moderate left", "none", "moderate right", "strong right"]
EDGES = [-1.0, -0.5, 0.5, 1.0]
MARGIN = 0.08


def skew_label(g: float) -> str:
    return OPTIONS[sum(g > e for e in EDGES)]


class Skew(Spread):
    name = "skew"
    bins = len(OPTIONS)
    answer = {"type": "choice", "options": OPTIONS}

    def drafts(self, loaded: Loaded, rng: Any, settings: Settings) -> list[Item]:
        out = []
        for name, rows, x in sampled_columns(loaded, rng, MAX_POINTS, MIN_POINTS):
            g = skewness(x)
            if near_edge(g, EDGES, MARGIN):
                continue
            label = skew_label(g)
            out.append(Item(
                kind=self.name, dataset_id=loaded.id, dataset_title=loaded.title, columns=[name],
                prompt=f"How skewed is {name} ({len(rows)} values from {loaded.title})? Direction and strength, "
                       "from the histogram.",
                answer=dict(self.answer), rows=rows, data={"x": floats(x)},
                truth={"value": label, "skewness": round(g, 4)}, bin=OPTIONS.index(label),
            ))
        return out
