"""Estimate the share of missing values of one column from a missingness plot.

The plot is a matrix, rows down and up to :data:`MAX_COLUMNS` columns across,
a dark mark for each missing value (the asked column is named in the prompt
and drawn first).  Large datasets show a seeded sample of :data:`MAX_ROWS`
rows in their order; the truth is the missing share of the rows shown.
"""

from __future__ import annotations

from typing import Any

from runner.drill.intuition.base import Item, Loaded, Settings, Spread, bin_of, pick_some, sample_rows

MAX_ROWS = 1000
MIN_ROWS = 30
MAX_COLUMNS = 6
EDGES = [0.05, 0.15, 0.35]


class Missing(Spread):
    name = "missing"
    bins = len(EDGES) + 1
    answer = {"type": "estimate", "min": 0.0, "max": 1.0, "step": 0.01, "unit": "share"}

    def drafts(self, loaded: Loaded, rng: Any, settings: Settings) -> list[Item]:
        import numpy as np

        frame = loaded.frame
        if len(frame) < MIN_ROWS:
            return []
        rows = sample_rows(np.arange(len(frame)), MAX_ROWS, rng)
        mask = frame.isna().to_numpy()[rows]
        names = [str(c) for c in frame.columns]
        with_missing = [i for i in range(len(names)) if mask[:, i].any() and not mask[:, i].all()]
        out = []
        for target in pick_some(with_missing, 3, rng):
            others = [i for i in range(len(names)) if i != target]
            shown = [target] + sorted(pick_some(others, MAX_COLUMNS - 1, rng))
            share = float(mask[:, target].mean())
            out.append(Item(
                kind=self.name, dataset_id=loaded.id, dataset_title=loaded.title, columns=[names[target]],
                prompt=f"Estimate the share of missing values in {names[target]} (the first column of the "
                       f"missingness plot: one line per row, {len(rows)} rows of {loaded.title}; dark = missing).",
                answer=dict(self.answer, tolerance=settings.tolerance.get(self.name, 0.05)),
                rows=rows,
                data={"columns": [names[i] for i in shown], "rows": len(rows),
                      "missing": [np.flatnonzero(mask[:, i]) for i in shown]},
                truth={"value": round(share, 4), "missing": int(mask[:, target].sum()), "rows": len(rows)},
                bin=bin_of(share, EDGES),
            ))
        return out
