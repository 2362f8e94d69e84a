"""Grading thresholds: every number a verdict depends on, and the facts layout version.

Owned by grading (not by the profiler) so that the grader never imports the
profiler: the profile reads its configuration from here, the drill spec's
``grading:`` block overrides the defaults through :func:`resolve_thresholds`,
and ``drills/eda-2h.yaml`` repeats the defaults with a comment on each.

May import: ``runner.errors`` only.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from runner.errors import BadInput

#: Every grading threshold.  The drill spec's ``grading:`` block overrides them
#: (``resolve_thresholds``); drills/eda-2h.yaml repeats these values.
DEFAULT_THRESHOLDS: dict[str, float | int] = {
    # missing: a column "has missing values" when its missing share of rows is > this
    # (0 = any missing value).  A learner's own "> P%" / "< P%" replaces it.
    "missing": 0.0,
    # skewed: |sample skewness| > this (pandas' bias-corrected G1 on the finite values);
    # the sign gives right (> 0) or left (< 0).
    "skewness": 1.0,
    # correlated: |coefficient| >= this.  Spearman's rho (signed) for two numeric columns,
    # bias-corrected Cramér's V for two categorical ones, rank correlation ratio eta for a
    # mixed pair (both unsigned); see runner/profile/correlations.py.
    "correlation": 0.5,
    # outliers: share of the column's finite values outside the Tukey fences >= this ...
    "outliers": 0.01,
    # ... where the fences are Q1 - k*IQR and Q3 + k*IQR with this k.
    "outlier_k": 1.5,
    # zeros: share of rows equal to 0 >= this (the profile's definition; numbers only).
    "zeros": 0.10,
    # high_cardinality: a non-numeric column with more distinct values than this.
    "high_cardinality": 50,
    # imbalanced: the profile's imbalance score of a categorical/boolean column > this
    # (1 - entropy / log2(levels): 0 = all levels equally frequent, 1 = one level).
    "imbalance": 0.5,
    # duplicates: at least this many rows repeat an earlier row (all columns equal).
    "duplicates": 1,
    # constant: at most this many distinct non-missing values.
    "constant": 1,
    # unique: distinct values / non-missing values >= this (1 = all distinct).
    # Not a notable finding for continuous floats, only for ids, integers and strings.
    "unique": 1.0,
    # uniform: distance to a uniform law <= this.  Kolmogorov-Smirnov distance to
    # U(min, max) for numeric/datetime columns with > 20 distinct values, otherwise total
    # variation distance between the level shares and equal shares.
    "uniform": 0.05,
    # infinite: more than this many +/-inf values.
    "infinite": 0,
    # type: a numeric column with at most this many distinct values is typed categorical
    # (the profile's low_categorical_threshold); types come from the profile's inference.
    "categorical_levels": 5,
    # categorical columns with more levels than this take no part in correlations.
    "correlation_levels": 100,
}

#: (lowest, highest, must be an integer) for each threshold.
_LIMITS: dict[str, tuple[float, float, bool]] = {
    "missing": (0.0, 1.0, False), "skewness": (0.0, 1e9, False), "correlation": (0.0, 1.0, False),
    "outliers": (0.0, 1.0, False), "outlier_k": (0.0, 1e9, False), "zeros": (0.0, 1.0, False),
    "high_cardinality": (1, 1e9, True), "imbalance": (0.0, 1.0, False), "duplicates": (1, 1e12, True),
    "constant": (1, 1e9, True), "unique": (0.0, 1.0, False), "uniform": (0.0, 1.0, False),
    "infinite": (0, 1e12, True), "categorical_levels": (0, 1e9, True), "correlation_levels": (2, 1e9, True),
}

#: Bump when the facts layout changes: it is part of the cache key, and
#: runner.findings refuses facts of another version.
FACTS_VERSION = 1


def resolve_thresholds(overrides: Mapping[str, Any] | None = None) -> dict[str, float | int]:
    """``{**DEFAULT_THRESHOLDS, **overrides}``, refusing unknown keys and out-of-range values."""
    merged: dict[str, float | int] = dict(DEFAULT_THRESHOLDS)
    for key, value in (overrides or {}).items():
        if key not in _LIMITS:
            close = difflib.get_close_matches(str(key), list(_LIMITS), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(_LIMITS)
            raise BadInput(f"unknown grading threshold {key!r} in the drill spec", hint=hint)
        low, high, integer = _LIMITS[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise BadInput(f"grading threshold {key!r} must be a number from {low:g} to {high:g}, got {value!r}")
        if integer and value != int(value):
            raise BadInput(f"grading threshold {key!r} must be a whole number, got {value!r}")
        merged[key] = int(value) if integer else float(value)
    return merged
