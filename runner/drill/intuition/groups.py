"""Two groups in a strip plot: is the difference in means larger than the noise?

The truth is a two-sided permutation test of the difference in means at the
spec's level (``alpha``, 5%), with the spec's number of seeded permutations:
``yes`` when p < alpha.  Pairs whose p-value lies between :data:`GREY` are left
out (a test that close to its level would flip with another seed).  Each group
shows at most :data:`MAX_PER_GROUP` values (a seeded sample).
"""

from __future__ import annotations

from typing import Any

from runner.drill.intuition.base import (
    Item,
    Loaded,
    Settings,
    Spread,
    floats,
    pick_some,
    sample_rows,
)

MAX_PER_GROUP = 80
MIN_PER_GROUP = 8
MAX_LEVELS = 12
GREY = (0.02, 0.10)
OPTIONS = ["yes", "no"]


def permutation_p(a: Any, b: Any, permutations: int, rng: Any) -> float:
    """Two-sided permutation p-value of mean(a) - mean(b): (1 + as extreme) / (1 + permutations)."""
    import numpy as np

    pooled = np.concatenate([a, b])
    observed = abs(a.mean() - b.mean())
    shuffled = rng.permuted(np.tile(pooled, (permutations, 1)), axis=1)
    diffs = np.abs(shuffled[:, : len(a)].mean(axis=1) - shuffled[:, len(a):].mean(axis=1))
    return float((1 + np.sum(diffs >= observed - 1e-12)) / (1 + permutations))


def grouping_columns(frame: Any, exclude: str) -> list[str]:
    """Columns that split rows into a few groups: text, categories, booleans, or numbers with few values."""
    import pandas as pd

    out = []
    for name in frame.columns:
        if name == exclude:
            continue
        series = frame[name]
        levels = series.nunique(dropna=True)
        small = 2 <= levels <= MAX_LEVELS
        if small and (not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series) or levels <= 4):
            out.append(str(name))
    return out


class Groups(Spread):
    name = "groups"
    bins = len(OPTIONS)
    answer = {"type": "choice", "options": OPTIONS}

    def drafts(self, loaded: Loaded, rng: Any, settings: Settings) -> list[Item]:
        import numpy as np

        frame = loaded.frame
        out = []
        for y_name in pick_some(loaded.numeric, 2, rng):
            for g_name in pick_some(grouping_columns(frame, y_name), 1, rng):
                y_all = frame[y_name].to_numpy(dtype=float, na_value=np.nan)
                labels = frame[g_name].astype("string")
                counts = labels[np.isfinite(y_all)].value_counts()
                counts = counts[counts >= MIN_PER_GROUP]
                if len(counts) < 2:
                    continue
                first, second = sorted(pick_some(list(counts.index), 2, rng), key=str)
                rows_a = self._rows(labels, y_all, first, rng)
                rows_b = self._rows(labels, y_all, second, rng)
                a, b = y_all[rows_a], y_all[rows_b]
                if np.std(np.concatenate([a, b])) == 0:
                    continue
                p = permutation_p(a, b, settings.permutations, rng)
                if GREY[0] <= p <= GREY[1]:
                    continue
                label = "yes" if p < settings.alpha else "no"
                out.append(Item(
                    kind=self.name, dataset_id=loaded.id, dataset_title=loaded.title, columns=[y_name, g_name],
                    prompt=f"{y_name} in two groups of {g_name} ({first}: {len(a)} values, {second}: {len(b)} values, "
                           f"from {loaded.title}). Is the difference in means larger than the noise?",
                    answer=dict(self.answer), rows=np.concatenate([rows_a, rows_b]),
                    data={"groups": [str(first), str(second)], "a": floats(a), "b": floats(b)},
                    truth={"value": label, "p_value": round(p, 4), "difference": round(float(a.mean() - b.mean()), 6),
                           "alpha": settings.alpha, "permutations": settings.permutations},
                    bin=OPTIONS.index(label),
                ))
        return out

    def _rows(self, labels: Any, y: Any, level: Any, rng: Any) -> Any:
        import numpy as np

        rows = np.flatnonzero((labels == level).fillna(False).to_numpy() & np.isfinite(y))
        return sample_rows(rows, MAX_PER_GROUP, rng)
