"""Is the mean above the median?  From a histogram; the truth is the values' own mean and median.

Columns whose mean and median differ by less than :data:`MIN_GAP` standard
deviations are left out: no eye can tell, and nothing is learned from a guess.
"""

from __future__ import annotations

from typing import Any

from runner.drill.intuition.base import (
    Item,
    Loaded,
    Settings,
    Spread,
    floats,
    sampled_columns,
)

MAX_POINTS = 1000
MIN_POINTS = 30
MIN_GAP = 0.05
OPTIONS = ["yes", "no"]


class MeanMedian(Spread):
    name = "mean_median"
    bins = len(OPTIONS)
    answer = {"type": "choice", "options": OPTIONS}

    def drafts(self, loaded: Loaded, rng: Any, settings: Settings) -> list[Item]:
        import numpy as np

        out = []
        for name, rows, x in sampled_columns(loaded, rng, MAX_POINTS, MIN_POINTS):
            mean, median, sd = float(np.mean(x)), float(np.median(x)), float(np.std(x))
            if sd == 0 or abs(mean - median) < MIN_GAP * sd:
                continue
            label = "yes" if mean > median else "no"
            out.append(Item(
                kind=self.name, dataset_id=loaded.id, dataset_title=loaded.title, columns=[name],
                prompt=f"Is the mean of {name} above its median? ({len(rows)} values from {loaded.title}, "
                       "from the histogram.)",
                answer=dict(self.answer), rows=rows, data={"x": floats(x)},
                truth={"value": label, "mean": round(mean, 6), "median": round(median, 6)},
                bin=OPTIONS.index(label),
            ))
        return out
