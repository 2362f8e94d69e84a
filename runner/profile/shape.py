"""The shape of one column: numeric statistics with their tests, outlier fences, level balance.

Computed here with numpy/scipy rather than read from the profile (see
:mod:`runner.profile.facts` for why); the grader reads the results from the
facts and never recomputes them.

* **Skewness**: pandas' bias-corrected G1 on the finite values, and the
  p-value of D'Agostino's skewness test (``scipy.stats.skewtest``, which needs
  at least 8 values; None below that, "too few values to test").
* **Outliers**: Tukey's fences on the finite values, inner (k =
  ``outlier_k``) and outer (k = ``outlier_extreme_k``).  A column whose IQR is
  0 is mostly one value, and fences of width 0 would call every other value an
  outlier (a mostly-zero column's whole tail).  A column whose most frequent
  value holds at least half its values is fenced on its other values instead (``basis: "non_mode"``): an outlier is then a value far
  from the rest of the tail, never a member of it.  When the other values
  cannot be fenced either (fewer than 4, or their own IQR is 0), the fences do
  not apply (``outliers: None``, with ``outliers_note``).
* **Balance** of a categorical or boolean column: its level shares, the ratio
  of the smallest to the largest, and the p-value of a chi-squared
  goodness-of-fit test against equal shares.

May import: numpy, pandas, scipy (called by :mod:`runner.profile.facts`).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from runner.profile.config import QUANTILES

#: Above this many distinct values a numeric column is tested for uniformity as a
#: continuous variable (Kolmogorov–Smirnov distance); at or below, level by level.
CONTINUOUS_LEVELS = 20
#: D'Agostino's skewness test needs at least this many values.
SKEWTEST_MIN = 8
#: A column whose most frequent value holds at least this share of its finite values is "mostly
#: one value": its quartiles (and so its fences) describe that value, not the rest of the column.
MOSTLY_ONE_VALUE = 0.5
#: At most this many level shares are kept for the evidence (largest first).
SHARES_SHOWN = 6


def finite_float(value: Any) -> float | None:
    """A finite float, or None."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if np.isfinite(number) else None


def ks_uniform(ordered: np.ndarray) -> float:
    """Kolmogorov–Smirnov distance between sorted values and a uniform law on [min, max]."""
    u = (ordered - ordered[0]) / (ordered[-1] - ordered[0])
    n = len(u)
    steps = np.arange(1, n + 1) / n
    return float(max((steps - u).max(), (u - (steps - 1 / n)).max()))


def tvd_uniform(counts: np.ndarray) -> float:
    """Total variation distance between the level shares and equal shares."""
    shares = counts / counts.sum()
    return float(0.5 * np.abs(shares - 1 / len(shares)).sum())


def quantile(ordered: np.ndarray, p: float) -> float:
    """numpy's default (linear) quantile of sorted values."""
    h = (len(ordered) - 1) * p
    low = int(np.floor(h))
    high = min(low + 1, len(ordered) - 1)
    frac = h - low
    # a weighted sum, not low + frac * (high - low): the difference of two huge values overflows to inf
    return float(ordered[low] if frac == 0 else ordered[low] * (1 - frac) + ordered[high] * frac)


def _p(value: float) -> float | None:
    return None if not np.isfinite(value) else float(f"{min(1.0, max(0.0, value)):.4g}")


def _beyond(ordered: np.ndarray, low: float, high: float) -> tuple[int, int]:
    return int(np.searchsorted(ordered, low, side="left")), len(ordered) - int(np.searchsorted(ordered, high, side="right"))


def _mode(ordered: np.ndarray) -> tuple[float, int]:
    """The most frequent value of sorted values and its count (run lengths: no second sort)."""
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    runs = np.diff(np.r_[starts, len(ordered)])
    top = int(np.argmax(runs))
    return float(ordered[starts[top]]), int(runs[top])


def outlier_facts(ordered: np.ndarray, k: float, extreme_k: float) -> tuple[dict[str, Any] | None, str | None]:
    """Tukey fences (inner and outer) of sorted finite values; None and why when they do not apply."""
    basis, fenced = "all", ordered
    q1, q3 = quantile(ordered, 0.25), quantile(ordered, 0.75)
    mode, mode_count = _mode(ordered)
    if mode_count / len(ordered) >= MOSTLY_ONE_VALUE and ordered[0] != ordered[-1]:
        fenced = ordered[ordered != mode]
        if len(fenced) < 4:
            return None, f"mostly one value ({_fmt(mode)}): its {len(fenced)} other values are too few to fence"
        q1, q3 = quantile(fenced, 0.25), quantile(fenced, 0.75)
        if q3 - q1 == 0:
            return None, f"mostly one or two values ({_fmt(mode)}, {_fmt(q1)}): no spread to fence"
        basis = "non_mode"
    iqr = q3 - q1
    low, high = q1 - k * iqr, q3 + k * iqr
    x_low, x_high = q1 - extreme_k * iqr, q3 + extreme_k * iqr
    n_low, n_high = _beyond(fenced, low, high)
    e_low, e_high = _beyond(fenced, x_low, x_high)
    excess = 0.0
    if iqr > 0 and len(fenced):
        excess = max(0.0, (low - fenced[0]) / iqr, (fenced[-1] - high) / iqr)
    facts = {
        "k": k, "extreme_k": extreme_k, "basis": basis, "iqr": finite_float(iqr),
        "low_fence": finite_float(low), "high_fence": finite_float(high),
        "extreme_low_fence": finite_float(x_low), "extreme_high_fence": finite_float(x_high),
        "low": n_low, "high": n_high, "count": n_low + n_high, "share": (n_low + n_high) / len(ordered),
        "extreme_low": e_low, "extreme_high": e_high, "extreme": e_low + e_high,
        # how far the farthest value lies past the inner fence, in IQRs (0: none past it)
        "max_excess_iqr": finite_float(excess),
    }
    if basis == "non_mode":
        facts["mode"] = {"value": finite_float(mode), "share": mode_count / len(ordered)}
    return facts, None


def _fmt(value: float | None) -> str:
    return "?" if value is None else f"{value:.4g}"


def numeric_facts(values: np.ndarray, n_rows: int, k: float, extreme_k: float) -> dict[str, Any]:
    """Statistics of a numeric column (``values`` float64, NaN for missing), from one sort."""
    infinite = int(np.isinf(values).sum())
    zeros = int((values == 0).sum())
    ordered = np.sort(values[np.isfinite(values)])
    facts: dict[str, Any] = {"zeros": zeros, "zeros_share": zeros / n_rows, "infinite": infinite,
                             "infinite_share": infinite / n_rows, "finite": len(ordered)}
    if len(ordered) == 0:
        return facts
    distinct = int((ordered[1:] != ordered[:-1]).sum()) + 1
    skewness = finite_float(pd.Series(ordered).skew()) if len(ordered) >= 3 else None
    skew_p = None
    if skewness is not None and len(ordered) >= SKEWTEST_MIN:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # "catastrophic cancellation" on near-constant columns
            skew_p = _p(float(stats.skewtest(ordered).pvalue))
    outliers, why = outlier_facts(ordered, k, extreme_k)
    facts.update(
        {
            "min": finite_float(ordered[0]),
            "max": finite_float(ordered[-1]),
            "mean": finite_float(ordered.mean()),
            "std": finite_float(ordered.std(ddof=1)) if len(ordered) > 1 else None,
            # pandas' bias-corrected G1, the estimator the profile uses
            "skewness": skewness,
            "skewness_p": skew_p,
            "quantiles": {f"{p:.0%}": finite_float(quantile(ordered, p)) for p in QUANTILES},
            "integral": bool(np.all(ordered == np.round(ordered))),
            "finite_distinct": distinct,
            "ks_uniform": ks_uniform(ordered) if distinct > CONTINUOUS_LEVELS else None,
            "outliers": outliers,
            "outliers_note": why,
        }
    )
    return facts


def balance_facts(counts: pd.Series) -> dict[str, Any] | None:
    """Level shares of a categorical column (``counts``: value counts without NaN, largest first)."""
    counts = counts[counts > 0]
    if len(counts) < 2:
        return None
    total = float(counts.sum())
    ordered = counts.sort_values(ascending=False, kind="stable")
    largest, smallest = float(ordered.iloc[0]), float(ordered.iloc[-1])
    with np.errstate(all="ignore"):
        p = _p(float(stats.chisquare(ordered.to_numpy(dtype="float64")).pvalue))
    return {
        "levels": len(ordered),
        "ratio": smallest / largest,
        "largest": {"value": _label(ordered.index[0]), "share": largest / total},
        "smallest": {"value": _label(ordered.index[-1]), "share": smallest / total},
        "shares": [[_label(v), float(c) / total] for v, c in ordered.iloc[:SHARES_SHOWN].items()],
        "p_value": p,
    }


def _label(value: Any) -> Any:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = finite_float(value)
        return int(number) if number is not None and number == int(number) and abs(number) < 2**53 else number
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"
