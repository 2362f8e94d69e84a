"""Which columns go missing together: the missing-value indicators, pair by pair, and identical patterns.

For every pair of columns that each have some (not all) values missing: how
many rows miss both, the phi coefficient of the two missing-value indicators
(Pearson's r of two 0/1 variables: 1 = always missing together, 0 = unrelated,
negative = never together), and the p-value of its test of no association
(Fisher's exact test when an expected cell count is below 5, else the
chi-squared test of the 2x2 table, n·phi² on 1 degree of freedom).

``groups`` lists columns whose missing values fall in exactly the same rows
(one cause, such as a row with no measurement at all).

Pairs are kept for every pair of incomplete columns up to
:data:`ALL_PAIRS_UP_TO` of them; beyond that only pairs that miss at least one
row together (the others never go missing together, and the grader says so).

May import: numpy, pandas, scipy (called by :mod:`runner.profile.facts`).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

#: Up to this many incomplete columns every pair is kept; beyond, only pairs missing a row together.
ALL_PAIRS_UP_TO = 40


def _phi(both: int, a: int, b: int, n: int) -> float | None:
    denominator = a * (n - a) * b * (n - b)
    if denominator <= 0:
        return None
    return float((n * both - a * b) / np.sqrt(float(denominator)))


@lru_cache(maxsize=65536)
def _p(both: int, a: int, b: int, n: int, phi: float) -> float:
    """The p-value of one 2x2 table (memoised: wide data repeats the same counts over many pairs)."""
    table = np.array([[both, a - both], [b - both, n - a - b + both]], dtype=float)
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    if expected.min() < 5:
        p = float(stats.fisher_exact(table.astype(int)).pvalue)
    else:
        p = float(stats.chi2.sf(n * phi * phi, 1))
    return float(f"{min(1.0, max(0.0, p)):.4g}")


def missing_patterns(frame: pd.DataFrame) -> dict[str, Any]:
    """``{"pairs": [...], "groups": [[names...]], "all_pairs": bool}`` for the frame's missing values."""
    n = len(frame)
    masks = {name: frame[name].isna().to_numpy() for name in frame.columns}
    incomplete = [name for name, mask in masks.items() if 0 < int(mask.sum()) < n]
    counts = {name: int(masks[name].sum()) for name in incomplete}
    both = {}
    if incomplete:
        matrix = np.stack([masks[name] for name in incomplete], axis=1).astype(np.int32)
        shared = matrix.T @ matrix
        both = {(a, b): int(shared[i, j]) for (i, a), (j, b) in combinations(enumerate(incomplete), 2)}
    keep_all = len(incomplete) <= ALL_PAIRS_UP_TO
    pairs = []
    for (a, b), together in both.items():
        if not keep_all and together == 0:
            continue
        phi = _phi(together, counts[a], counts[b], n)
        if phi is None:
            continue
        pairs.append({"columns": [a, b], "both": together, "n": n, "phi": round(phi, 6),
                      "p_value": _p(together, counts[a], counts[b], n, phi)})
    by_pattern: dict[bytes, list[str]] = {}
    for name in incomplete:
        by_pattern.setdefault(np.packbits(masks[name]).tobytes(), []).append(name)
    groups = [names for names in by_pattern.values() if len(names) > 1]
    return {"pairs": pairs, "groups": groups, "all_pairs": keep_all}
