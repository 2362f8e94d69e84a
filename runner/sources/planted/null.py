"""Null data: every column shuffled on its own, so each marginal is intact and every relationship is gone.

May import: nothing of the project (pandas, numpy).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NULL_SALT = 0x6E756C6C  # "null": the shuffle never reuses the stream a pick or a recipe draws from


def shuffle_columns(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    """A copy of ``frame`` whose columns are permuted independently (missing values travel with their column)."""
    rng = np.random.default_rng([seed, NULL_SALT])
    out = frame.reset_index(drop=True).copy()
    for i in range(out.shape[1]):
        order = rng.permutation(len(out))
        out.isetitem(i, out.iloc[:, i].iloc[order].reset_index(drop=True))
    return out
