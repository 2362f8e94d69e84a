"""Detectors of the planted kinds, one column at a time: entry errors, category spellings, heaping, drift.

Each detector measures a frame as a careful analyst would (no knowledge of a
recipe) and says whether the pattern *holds*, with the numbers and the rule
it used.  They check every planted pattern after injection (it must be
detectable at its stated strength) and measure the columns no recipe touched,
so a claim of a planted kind about any column can be graded
(:mod:`runner.sources.planted.truth` stores their answers; the grader reads them).

The rules (constants below):

* **entry errors** (numbers only): ``sign``, a few negative values
  (at most ``SIGN_MAX_SHARE``) in a column otherwise positive, spread like the
  positive ones (at least 3 distinct); ``unit``, at most ``UNIT_MAX_SHARE`` of
  the values sit above a gap of at least ``UNIT_GAP`` times (the sorted
  absolute values jump by that factor); ``impossible``, a code such as 999,
  9999 or -1 repeated at least ``CODE_MIN_COUNT`` times outside the range of
  the other values (at least twice their maximum, or negative when they are not).
* **inconsistent categories** (text and categories with 2 to
  ``CATEGORY_MAX_LEVELS`` levels): two levels equal after case folding and
  trimming spaces, or a rare level (at most ``TYPO_RARE`` of a frequent one's
  count) within a spelling ratio of ``TYPO_RATIO`` of it (``mlae``, ``Male``).
* **heaping** (numbers with at least 10 distinct values): on the column's own
  grid (the finest step its values use), the values at multiples of ``b``
  exceed their share under no heaping (1/m of the grid, m = b / step) by at
  least ``HEAP_EXCESS`` and are at least ``HEAP_RATIO`` times as frequent as
  any other residue class.
* **drift** (numbers, at least ``DRIFT_MIN_ROWS`` values, along the order of a
  date column if there is one, else the row order): the split (20% to 80% of
  the way) with the largest standardised mean difference; ``level`` when it
  is at least ``DRIFT_LEVEL`` with a Mann-Whitney p < ``STRICT_P``; ``spread``
  when the standard deviation after the split is at least ``DRIFT_SPREAD``
  times the one before (or at most its inverse) with Levene's p < ``STRICT_P``.

May import: nothing of the project (pandas, numpy, scipy).
"""

from __future__ import annotations

import difflib
import math
from typing import Any

import numpy as np
import pandas as pd

SIGN_MAX_SHARE = 0.2
UNIT_MAX_SHARE = 0.2
UNIT_GAP = 8.0
CODE_MIN_COUNT = 3
CODES = (999, 9999, 99999, 99, -1, -9, -99, -999)
CATEGORY_MAX_LEVELS = 100
TYPO_RARE = 0.2
TYPO_RATIO = 0.75
HEAP_EXCESS = 0.15
HEAP_RATIO = 2.0
DRIFT_MIN_ROWS = 40
DRIFT_LEVEL = 0.8
DRIFT_SPREAD = 2.0
STRICT_P = 0.001
SPLITS = tuple(round(0.2 + 0.05 * i, 2) for i in range(13))


def is_number(series: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype))


def is_text(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.CategoricalDtype) or series.dtype == object or \
        pd.api.types.is_string_dtype(series.dtype)


def finite(series: pd.Series) -> np.ndarray:
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return values[np.isfinite(values)]


# -- entry errors -------------------------------------------------------------------------------------


def entry_errors(series: pd.Series) -> dict[str, Any] | None:
    """The signs of data-entry errors in a numeric column (None: not numeric or too few values)."""
    if not is_number(series):
        return None
    v = finite(series)
    if len(v) < 10:
        return None
    found: dict[str, Any] = {}
    negative, positive = v[v < 0], v[v > 0]
    if 0 < len(negative) <= SIGN_MAX_SHARE * len(v) and len(np.unique(negative)) >= 3 and len(positive):
        inside = np.abs(negative) <= positive.max()
        if inside.mean() >= 0.8:
            found["sign"] = {"count": int(len(negative)), "detail": f"{len(negative)} negative values in a column "
                             f"otherwise positive (their sizes match the positive ones)"}
    codes = _codes(v)
    if codes:
        found["impossible"] = codes
    unit = _unit_gap(v[~np.isin(v, [c["value"] for c in codes["codes"]])] if codes else v)
    if unit:
        found["unit"] = unit
    return {"holds": bool(found), "found": found, "rule": _ENTRY_RULE}


_ENTRY_RULE = (f"sign: <= {SIGN_MAX_SHARE:.0%} negative values spread like the positive ones; unit: <= "
               f"{UNIT_MAX_SHARE:.0%} of values above a {UNIT_GAP:g}x gap; impossible: a code (999, -1, ...) "
               f"repeated >= {CODE_MIN_COUNT} times outside the other values' range")


def _codes(v: np.ndarray) -> dict[str, Any] | None:
    out = []
    for code in CODES:
        hits = v == code
        if hits.sum() < CODE_MIN_COUNT:
            continue
        rest = v[~hits & ~np.isin(v, CODES)]
        if not len(rest):
            continue
        outside = code >= 2 * max(rest.max(), 1) if code > 0 else rest.min() >= 0
        if outside:
            out.append({"value": code, "count": int(hits.sum())})
    if not out:
        return None
    text = ", ".join(f"{c['value']:g} x{c['count']}" for c in out)
    return {"codes": out, "detail": f"codes outside the range of the other values: {text}"}


def _unit_gap(v: np.ndarray) -> dict[str, Any] | None:
    size = np.sort(np.abs(v[v != 0]))
    if len(size) < 10:
        return None
    start = int(math.floor(len(size) * (1 - UNIT_MAX_SHARE)))
    start = max(start, 1)
    ratios = size[start:] / size[start - 1:-1]
    if not len(ratios):
        return None
    at = int(np.argmax(ratios))
    if ratios[at] < UNIT_GAP:
        return None
    above = len(size) - (start + at)
    return {"count": int(above), "gap": round(float(ratios[at]), 1),
            "detail": f"{above} values sit {ratios[at]:.0f}x above the rest (a different unit?)"}


# -- categories ---------------------------------------------------------------------------------------


def _key(level: str) -> str:
    return " ".join(level.casefold().split())


def spellings(series: pd.Series) -> dict[str, Any] | None:
    """Levels of a text column that are one level written differently (None: not a category)."""
    if not is_text(series):
        return None
    counts = series.dropna().astype(str).value_counts()
    if not 2 <= len(counts) <= CATEGORY_MAX_LEVELS:
        return None
    groups: dict[str, list[str]] = {}
    for level in counts.index:
        groups.setdefault(_key(level), []).append(level)
    clusters = []
    for levels in groups.values():
        if len(levels) > 1:
            main = max(levels, key=lambda lv: counts[lv])
            clusters.append({"level": main, "variants": sorted(lv for lv in levels if lv != main),
                             "how": "case or spaces"})
    keys = {k: max(ls, key=lambda lv: counts[lv]) for k, ls in groups.items()}
    totals = {k: int(sum(counts[lv] for lv in ls)) for k, ls in groups.items()}
    for rare, rare_n in totals.items():
        for common, common_n in totals.items():
            if rare == common or rare_n > TYPO_RARE * common_n or len(common) < 3:
                continue
            if difflib.SequenceMatcher(None, rare, common).ratio() >= TYPO_RATIO:
                clusters.append({"level": keys[common], "variants": sorted(groups[rare]), "how": "typo"})
                break
    return {"holds": bool(clusters), "clusters": clusters,
            "rule": f"levels equal after case folding and trimming, or a rare level (<= {TYPO_RARE:.0%} of "
                    f"another's rows) spelled within a ratio of {TYPO_RATIO:g} of it"}


# -- heaping --------------------------------------------------------------------------------------------


def grid_step(v: np.ndarray) -> float | None:
    """The finest step the values use (0.1 for 7.4, 8.0, 12.6; 0.5 for 1.5, 3.0, 4.5)."""
    for decimals in range(0, 5):
        scaled = v * 10 ** decimals
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6 * np.maximum(1, np.abs(scaled))):
            ints = np.abs(np.round(scaled).astype(np.int64))
            ints = ints[ints > 0]
            if not len(ints):
                return None
            return float(np.gcd.reduce(ints)) / 10 ** decimals
    return None


def heap_bases(step: float, spread: float) -> list[float]:
    """Candidate heaping bases for a grid step: whole multiples of it, at most a fifth of the range."""
    out = []
    for m in (2, 4, 5, 10, 20, 25, 50, 100, 1000):
        base = step * m
        if base <= spread / 5:
            out.append(round(base, 10))
    return out


def heaping(series: pd.Series) -> dict[str, Any] | None:
    """Heaping at multiples of some base on the column's own grid (None: not applicable)."""
    if not is_number(series):
        return None
    v = finite(series)
    if len(v) < 30 or len(np.unique(v)) < 10:
        return None
    step = grid_step(v)
    if step is None:
        return {"holds": False, "detail": "values on no regular grid", "rule": _HEAP_RULE}
    best = None
    grid = np.round(v / step).astype(np.int64)
    for base in heap_bases(step, float(v.max() - v.min())):
        m = int(round(base / step))
        residues = np.bincount(np.mod(grid, m), minlength=m) / len(v)
        share, others = residues[0], np.delete(residues, 0).max()
        excess = share - 1 / m
        ratio = share / others if others else math.inf
        found = {"base": base, "share": round(float(share), 4), "expected": round(1 / m, 4),
                 "excess": round(float(excess), 4), "ratio": round(ratio, 2) if ratio != math.inf else None}
        if excess >= HEAP_EXCESS and ratio >= HEAP_RATIO and (best is None or excess > best["excess"]):
            best = found
    if best is None:
        return {"holds": False, "step": step, "detail": "no base stands out", "rule": _HEAP_RULE}
    return {"holds": True, "step": step, **best, "rule": _HEAP_RULE,
            "detail": f"{best['share']:.0%} of values are multiples of {best['base']:g} (expected "
                      f"{best['expected']:.0%} on a grid of {step:g})"}


_HEAP_RULE = (f"multiples of a base exceed their share under no heaping by >= {HEAP_EXCESS:g} and are >= "
              f"{HEAP_RATIO:g}x as frequent as any other residue")


# -- drift ----------------------------------------------------------------------------------------------


def order_of(frame: pd.DataFrame) -> tuple[np.ndarray, str]:
    """Row positions in time order: a date column's order when there is one (stable), else the row order."""
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column.dtype):
            return np.argsort(column.to_numpy(), kind="stable"), f"the order of {name}"
    return np.arange(len(frame)), "the row order"


def drift(values: np.ndarray) -> dict[str, Any] | None:
    """Level and spread drift of values already in time order (NaN allowed; None when too few)."""
    v = values[np.isfinite(values)]
    if len(v) < DRIFT_MIN_ROWS or np.nanstd(v) == 0:
        return None
    best = None
    for split in SPLITS:
        cut = int(len(v) * split)
        before, after = v[:cut], v[cut:]
        pooled = math.sqrt((before.var(ddof=1) * (len(before) - 1) + after.var(ddof=1) * (len(after) - 1))
                           / (len(v) - 2)) or 1.0
        d = (after.mean() - before.mean()) / pooled
        ratio = (after.std(ddof=1) or 1e-12) / (before.std(ddof=1) or 1e-12)
        if best is None or abs(d) > abs(best["level"]):
            best = {"split": split, "level": round(float(d), 3), "spread": round(float(ratio), 3), "cut": cut}
    return measure_split(v, best["cut"]) | {"split": best["split"]}


def measure_split(v: np.ndarray, cut: int) -> dict[str, Any]:
    """Level and spread change of finite, ordered values at one split."""
    from scipy import stats

    before, after = v[:cut], v[cut:]
    pooled = math.sqrt((before.var(ddof=1) * (len(before) - 1) + after.var(ddof=1) * (len(after) - 1))
                       / (len(v) - 2)) or 1.0
    d = float((after.mean() - before.mean()) / pooled)
    ratio = float((after.std(ddof=1) or 1e-12) / (before.std(ddof=1) or 1e-12))
    p_level = float(stats.mannwhitneyu(before, after).pvalue) if min(len(before), len(after)) else 1.0
    p_spread = float(stats.levene(before, after).pvalue) if min(len(before), len(after)) > 1 else 1.0
    level = abs(d) >= DRIFT_LEVEL and p_level < STRICT_P
    spread = (ratio >= DRIFT_SPREAD or ratio <= 1 / DRIFT_SPREAD) and p_spread < STRICT_P
    which = [w for w, ok in (("level", level), ("spread", spread)) if ok]
    return {"holds": bool(which), "which": which, "level": round(d, 3), "spread": round(ratio, 3),
            "p_level": p_level, "p_spread": p_spread, "cut": int(cut),
            "rule": f"level: |standardised mean difference| >= {DRIFT_LEVEL:g} (Mann-Whitney p < {STRICT_P:g}); "
                    f"spread: sd ratio >= {DRIFT_SPREAD:g} or <= 1/{DRIFT_SPREAD:g} (Levene p < {STRICT_P:g})"}
