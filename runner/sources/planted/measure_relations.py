"""Detectors of the planted kinds between columns: missingness that depends on another column,
near-duplicate rows, Simpson reversals and target leakage.

Same contract as :mod:`runner.sources.planted.measure`: a careful analyst's
measure, with the rule it used.

* **missing depends** (MAR): a column's missing-value indicator against each
  other column, on the rows where that column is present: the AUC of a
  number (Mann-Whitney), or Cramér's V of a category; it holds when
  |AUC - 0.5| x 2 (or V) is at least ``DEPENDS_EFFECT`` with p < ``STRICT_P``.
* **near duplicates**: rows that are not exact copies but equal an earlier row
  in every column but one; measured only when at least two columns have
  ``NEAR_MIN_DISTINCT`` distinct values (else rows of a few categories agree
  by chance), on at most ``MAX_ROWS`` rows.
* **Simpson reversal**: two numeric columns whose overall Spearman rho (p <
  ``SIMPSON_P``, |rho| >= ``SIMPSON_MIN``) has the opposite sign of their
  rho within every group of a category (2 to ``GROUP_MAX_LEVELS`` levels,
  groups of >= ``GROUP_MIN_ROWS`` rows), whose mean, weighted by group size,
  is at least ``SIMPSON_MIN`` in size.
* **leakage**: a column that almost determines the target: |Spearman rho| >=
  ``LEAK_RHO`` (numbers), or purity >= ``LEAK_PURITY`` (the share of rows whose
  target is its level's most common one) for a category of at most 3 x the
  target's levels.

May import: this package's ``measure`` (pandas, numpy, scipy).
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from runner.sources.planted.measure import STRICT_P, is_number, is_text

DEPENDS_EFFECT = 0.3
NEAR_MIN_DISTINCT = 20
MAX_ROWS = 20000
SIMPSON_P = 0.01
SIMPSON_MIN = 0.1
GROUP_MAX_LEVELS = 10
GROUP_MIN_ROWS = 10
MAX_NUMERIC = 15
LEAK_RHO = 0.98
LEAK_PURITY = 0.95


# -- missingness -------------------------------------------------------------------------------------


def depends(missing: pd.Series, other: pd.Series) -> dict[str, Any] | None:
    """How far ``missing`` (a boolean indicator) depends on ``other`` (None: nothing to compare)."""
    from scipy import stats

    present = other.notna().to_numpy()
    flag = missing.to_numpy()[present]
    if flag.sum() < 3 or (~flag).sum() < 3:
        return None
    if is_number(other):
        values = pd.to_numeric(other, errors="coerce").to_numpy(dtype=float, na_value=np.nan)[present]
        ok = np.isfinite(values)
        values, flag = values[ok], flag[ok]
        if flag.sum() < 3 or (~flag).sum() < 3 or len(np.unique(values)) < 2:
            return None
        test = stats.mannwhitneyu(values[flag], values[~flag])
        auc = float(test.statistic) / (flag.sum() * (~flag).sum())
        effect, p = abs(auc - 0.5) * 2, float(test.pvalue)
        side = "high" if auc > 0.5 else "low"
        how = f"AUC {auc:.2f} (missing more often where it is {side})"
    elif is_text(other) or pd.api.types.is_bool_dtype(other.dtype):
        levels = other.astype(str).to_numpy()[present]
        table = pd.crosstab(levels, flag)
        if table.shape[0] < 2 or table.shape[1] < 2:
            return None
        chi2, p, _, _ = stats.chi2_contingency(table.to_numpy(), correction=False)
        effect = math.sqrt(chi2 / (table.to_numpy().sum() * (min(table.shape) - 1)))
        how, p, side = f"Cramér's V {effect:.2f}", float(p), None
    else:
        return None
    return {"effect": round(float(effect), 3), "p": p, "side": side, "how": how,
            "holds": bool(effect >= DEPENDS_EFFECT and p < STRICT_P)}


def missing_dependence(frame: pd.DataFrame, column: str) -> dict[str, Any] | None:
    """Which other columns ``column``'s missingness depends on (None when it has no or only missing values)."""
    missing = frame[column].isna()
    if not 0 < missing.mean() < 0.95:
        return None
    found = {}
    for other in frame.columns:
        if other == column:
            continue
        measured = depends(missing, frame[other])
        if measured is not None:
            found[str(other)] = measured
    drivers = sorted((o for o, m in found.items() if m["holds"]), key=lambda o: -found[o]["effect"])
    return {"on": found, "drivers": drivers, "holds": bool(drivers),
            "rule": f"|AUC - 0.5| x 2 or Cramér's V >= {DEPENDS_EFFECT:g}, p < {STRICT_P:g}"}


# -- near duplicates -----------------------------------------------------------------------------------


def near_duplicates(frame: pd.DataFrame) -> dict[str, Any]:
    """Exact copies and rows equal to an earlier one in all columns but one."""
    sample = frame.iloc[:MAX_ROWS]
    text = sample.astype(str) if any(sample[c].map(type).eq(list).any() for c in sample.columns
                                     if sample[c].dtype == object) else sample
    exact = text.duplicated()
    rich = sum(int(sample[c].nunique()) >= NEAR_MIN_DISTINCT for c in sample.columns)
    rule = (f"rows equal to an earlier row in every column but one (measured when >= 2 columns have "
            f">= {NEAR_MIN_DISTINCT} distinct values)")
    if rich < 2 or sample.shape[1] < 3:
        return {"holds": None, "exact": int(exact.sum()), "near": None, "rule": rule,
                "detail": "too few columns with many distinct values: rows agree by chance"}
    near = pd.Series(False, index=sample.index)
    for column in sample.columns:
        near |= text.drop(columns=[column]).duplicated()
    near &= ~exact
    return {"holds": bool(near.any()), "exact": int(exact.sum()), "near": int(near.sum()), "rule": rule,
            "rows": [int(i) for i in np.flatnonzero(near.to_numpy())][:50]}


# -- Simpson reversals -----------------------------------------------------------------------------------


def _p_of_rho(rho: float, n: int) -> float:
    from scipy import stats

    if n < 4 or abs(rho) >= 1:
        return 0.0 if abs(rho) >= 1 else 1.0
    t = rho * math.sqrt((n - 2) / (1 - rho * rho))
    return float(2 * stats.t.sf(abs(t), n - 2))


def reversal(frame: pd.DataFrame, x: str, y: str, group: str) -> dict[str, Any] | None:
    """Overall and within-group Spearman rho of ``x`` and ``y`` by ``group`` (None: no usable groups)."""
    pair = frame[[x, y, group]].dropna()
    pair = pair[np.isfinite(pair[x].astype(float)) & np.isfinite(pair[y].astype(float))]
    if len(pair) < 2 * GROUP_MIN_ROWS:
        return None
    overall = float(pair[x].rank().corr(pair[y].rank()))
    within: dict[str, float] = {}
    sizes: dict[str, int] = {}
    for level, part in pair.groupby(pair[group].astype(str), sort=True):
        if len(part) >= GROUP_MIN_ROWS and part[x].nunique() > 1 and part[y].nunique() > 1:
            within[str(level)] = round(float(part[x].rank().corr(part[y].rank())), 3)
            sizes[str(level)] = len(part)
    if len(within) < 2 or not math.isfinite(overall):
        return None
    mean = sum(within[k] * sizes[k] for k in within) / sum(sizes.values())
    p = _p_of_rho(overall, len(pair))
    signs = {math.copysign(1, r) for r in within.values() if r != 0}
    holds = (abs(overall) >= SIMPSON_MIN and p < SIMPSON_P and abs(mean) >= SIMPSON_MIN and len(signs) == 1
             and signs.pop() != math.copysign(1, overall))
    return {"x": x, "y": y, "group": group, "overall": round(overall, 3), "p": p, "within": round(mean, 3),
            "groups": within, "holds": bool(holds),
            "detail": f"{x} and {y}: rho {overall:+.2f} overall, {mean:+.2f} within the groups of {group} "
                      f"({', '.join(f'{k} {v:+.2f}' for k, v in within.items())})"}


def grouping_columns(frame: pd.DataFrame) -> list[str]:
    out = []
    for name in frame.columns:
        column = frame[name]
        if (is_text(column) or pd.api.types.is_bool_dtype(column.dtype) or is_number(column)) and \
                2 <= column.nunique() <= GROUP_MAX_LEVELS:
            out.append(str(name))
    return out


def simpson_reversals(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Every (x, y, group) of the frame whose relation reverses within the groups."""
    sample = frame.iloc[:MAX_ROWS]
    numeric = [str(c) for c in sample.columns if is_number(sample[c]) and sample[c].nunique() > GROUP_MAX_LEVELS]
    numeric = numeric[:MAX_NUMERIC]
    # a pair whose overall rho is far below SIMPSON_MIN cannot reverse (the overall relation must be real):
    # one correlation matrix spares most of the groupbys (the margin covers rows a grouping column leaves out)
    rho = sample[numeric].corr(method="spearman") if numeric else None
    found = []
    for group in grouping_columns(sample):
        for x, y in combinations([c for c in numeric if c != group], 2):
            if rho is not None and not abs(rho.loc[x, y]) >= SIMPSON_MIN / 2:
                continue
            measured = reversal(sample, x, y, group)
            if measured is not None and measured["holds"]:
                found.append(measured)
    return found


# -- leakage ----------------------------------------------------------------------------------------------


def leakage(frame: pd.DataFrame, column: str, target: str) -> dict[str, Any] | None:
    """How far ``column`` determines ``target`` (None: not comparable)."""
    pair = frame[[column, target]].dropna()
    if len(pair) < 10 or column == target:
        return None
    a, t = pair[column], pair[target]
    rule = f"|rho| >= {LEAK_RHO:g} (numbers) or purity >= {LEAK_PURITY:g} (a category)"
    if is_number(a) and is_number(t) and t.nunique() > GROUP_MAX_LEVELS:
        rho = float(a.rank().corr(t.rank()))
        if not math.isfinite(rho):
            return None
        return {"measure": "rho", "value": round(rho, 4), "holds": abs(rho) >= LEAK_RHO, "rule": rule,
                "detail": f"{column} and the target {target}: rho {rho:+.3f}"}
    if a.nunique() <= 3 * max(t.nunique(), 1) and (is_text(a) or a.nunique() <= 3 * GROUP_MAX_LEVELS):
        purity = float(pair.groupby(a.astype(str))[target].agg(lambda s: s.astype(str).value_counts().iloc[0]).sum()
                       / len(pair))
        base = float(t.astype(str).value_counts().iloc[0] / len(pair))
        holds = purity >= LEAK_PURITY and purity > base + 0.1
        return {"measure": "purity", "value": round(purity, 4), "holds": bool(holds), "rule": rule,
                "detail": f"{column} fixes the target {target} in {purity:.1%} of rows (the largest class "
                          f"alone: {base:.1%})"}
    return None
