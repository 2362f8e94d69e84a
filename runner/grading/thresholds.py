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

#: Every grading threshold, band edge, tolerance and test level.  The drill spec's ``grading:``
#: block overrides them (``resolve_thresholds``); drills/eda-2h.yaml repeats these values.
#: Evidence always shows the ones a verdict used.
DEFAULT_THRESHOLDS: dict[str, float | int] = {
    # missing: a column "has missing values" when its missing share of rows is > this
    # (0 = any missing value).  A learner's own "> P%" / "< P%" replaces it.
    "missing": 0.0,
    # "about P%" (and "177 missing values", read as a share of rows) holds within this
    # tolerance: max(about_relative x P, about_absolute); within twice that it is `partly`.
    "about_relative": 0.2,
    "about_absolute": 0.02,
    # skewed: strength bands of |sample skewness| (pandas' bias-corrected G1 on the finite
    # values; the sign gives right > 0 or left < 0): symmetric below skewness_moderate,
    # moderate from skewness_moderate to skewness, strong above skewness.  Tested with
    # D'Agostino's skewness test (n >= 8).
    "skewness_moderate": 0.5,
    "skewness": 1.0,
    # correlated: strength bands of |coefficient| (Cohen's conventions): negligible below
    # correlation_weak, weak from it, moderate from correlation_moderate, strong from
    # correlation.  Spearman's rho (signed) for two numeric columns, bias-corrected
    # Cramér's V for two categorical ones, rank correlation ratio eta for a mixed pair (both
    # unsigned); a column the profile types categorical never takes part by its codes.
    # Each coefficient comes with its test (t test of rho, chi-squared, Kruskal-Wallis);
    # see runner/profile/correlations.py.
    "correlation_weak": 0.1,
    "correlation_moderate": 0.3,
    "correlation": 0.5,
    # a group of columns whose pairs all reach this |coefficient| is one collinear block
    # (one finding with its members, not one finding per pair).
    "collinear": 0.9,
    # significance level of every test: p < alpha is "significant".
    "alpha": 0.05,
    # outliers: a column has outliers when at least one value lies beyond the outer fences
    # Q1 - outlier_extreme_k*IQR, Q3 + outlier_extreme_k*IQR (an extreme point), or when a
    # share >= outliers of its finite values lies beyond the inner fences (k = outlier_k).
    # A column whose IQR is 0 (mostly one value) is fenced on its other values.
    "outliers": 0.01,
    "outlier_k": 1.5,
    "outlier_extreme_k": 3.0,
    # zeros: share of rows equal to 0 >= this (the profile's definition; numbers only).
    "zeros": 0.10,
    # high_cardinality: a non-numeric column with more distinct values than this.
    "high_cardinality": 50,
    # imbalanced: strength bands of a categorical/boolean column's level shares: balanced
    # when smallest / largest level share >= balanced; slightly imbalanced down to
    # imbalance_moderate; moderately imbalanced below it; strongly imbalanced when the
    # profile's imbalance score (1 - entropy / log2(levels)) > imbalance.  Tested with a
    # chi-squared goodness-of-fit test against equal shares.
    "balanced": 0.8,
    "imbalance_moderate": 0.5,
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
    # a dataset with fewer rows than this gets a note: most patterns cannot be told from
    # chance in so few rows.
    "small_sample": 30,
}

#: (lowest, highest, must be an integer) for each threshold.
_LIMITS: dict[str, tuple[float, float, bool]] = {
    "missing": (0.0, 1.0, False), "about_relative": (0.0, 1.0, False), "about_absolute": (0.0, 1.0, False),
    "skewness_moderate": (0.0, 1e9, False), "skewness": (0.0, 1e9, False),
    "correlation_weak": (0.0, 1.0, False), "correlation_moderate": (0.0, 1.0, False), "correlation": (0.0, 1.0, False),
    "collinear": (0.0, 1.0, False), "alpha": (0.0, 1.0, False),
    "outliers": (0.0, 1.0, False), "outlier_k": (0.0, 1e9, False), "outlier_extreme_k": (0.0, 1e9, False),
    "zeros": (0.0, 1.0, False), "high_cardinality": (1, 1e9, True),
    "balanced": (0.0, 1.0, False), "imbalance_moderate": (0.0, 1.0, False), "imbalance": (0.0, 1.0, False),
    "duplicates": (1, 1e12, True), "constant": (1, 1e9, True), "unique": (0.0, 1.0, False),
    "uniform": (0.0, 1.0, False), "infinite": (0, 1e12, True), "categorical_levels": (0, 1e9, True),
    "correlation_levels": (2, 1e9, True), "small_sample": (0, 1e12, True),
}

#: Band edges that must not decrease, left to right.
_ORDERED = (("correlation_weak", "correlation_moderate", "correlation", "collinear"),
            ("skewness_moderate", "skewness"), ("outlier_k", "outlier_extreme_k"),
            ("imbalance_moderate", "balanced"))

#: Bump when the facts layout changes: it is part of the cache key, and
#: :func:`runner.grading.facts.load_facts` refuses facts of another version.
#: 2: p-values, outer fences, level balance, missing-value patterns, report anchors (#11).
FACTS_VERSION = 2


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
    for edges in _ORDERED:
        for low, high in zip(edges, edges[1:], strict=False):
            if merged[low] > merged[high]:
                raise BadInput(f"grading threshold {low!r} ({merged[low]:g}) must not exceed {high!r} "
                               f"({merged[high]:g}): they are edges of one scale, in order")
    return merged
