"""Planters of missing values with a known mechanism: MCAR, MAR (depends on another column), MNAR.

Only columns with no missing value in the base take one, so the whole
mechanism of their missingness is the planted one.  Checks:

* ``mcar``: the share planted, and no other column its missingness depends on
  (:func:`runner.sources.planted.measure_relations.missing_dependence`);
* ``missing_depends``: that detector finds the planted driver;
* ``mnar``: the base values of the rows made missing sit high (or low): the
  AUC of the hidden values, missing against present, is at least
  ``MNAR_AUC`` away from 0.5 (the data alone cannot show this; the truth can).

May import: this package's ``pattern``, ``measure`` and ``measure_relations``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from runner.sources.planted import measure
from runner.sources.planted.measure_relations import depends, missing_dependence
from runner.sources.planted.pattern import Context, Pattern, rows_text, share_text, shuffled

MNAR_AUC = 0.25  # |AUC - 0.5| of the hidden values
MIN_ROWS = 60


def _complete(frame: pd.DataFrame, free: list[str]) -> list[str]:
    return [c for c in free if frame[c].notna().all() and frame[c].nunique() > 2]


def _nan_ready(series: pd.Series) -> pd.Series:
    if series.dtype.kind in "iub":
        return series.astype(float)
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series
    return series.astype(object) if series.dtype.kind not in "fO" else series


def _blank(frame: pd.DataFrame, column: str, rows: np.ndarray) -> pd.DataFrame:
    out = frame.copy()
    series = _nan_ready(out[column].copy())
    series.iloc[rows] = np.nan
    out[column] = series
    return out


def plant_mcar(frame: pd.DataFrame, rng: np.random.Generator, free: list[str], ctx: Context) -> Any:
    """8-20% of a complete column's values removed uniformly at random."""
    if len(frame) < MIN_ROWS:
        return None
    for column in shuffled(rng, _complete(frame, free)):
        count = int(round(len(frame) * rng.uniform(0.08, 0.2)))
        for _ in range(5):  # a uniform draw can look dependent by chance at p < 0.001: draw again
            rows = np.sort(rng.choice(len(frame), size=count, replace=False))
            out = _blank(frame, column, rows)
            if not missing_dependence(out, column)["holds"]:
                break
        else:
            continue
        rows_list = [int(r) for r in rows]
        detail = f"{column}: {share_text(count, len(frame))} removed completely at random (MCAR; " \
                 f"{rows_text(rows_list)})"
        return out, Pattern("mcar", [column], None, detail, rows_list, {"share": count / len(frame)}, [column])
    return None


def check_mcar(pattern: Pattern, variant: pd.DataFrame, ctx: Context) -> dict[str, Any]:
    found = missing_dependence(variant, pattern.columns[0]) or {"holds": True, "drivers": []}
    return {"ok": not found["holds"], "rule": found.get("rule"),
            "measured": "depends on no other column" if not found["holds"] else
            f"depends on {', '.join(found['drivers'])}"}


def _mask(values: np.ndarray, rng: np.random.Generator, high: bool, share: float, p_in: float,
          p_out: float) -> np.ndarray:
    """Rows in the top (or bottom) ``share`` of ``values`` go missing with ``p_in``, the others with ``p_out``."""
    ranks = pd.Series(values).rank(pct=True, method="first").to_numpy()
    inside = ranks > 1 - share if high else ranks <= share
    return rng.random(len(values)) < np.where(inside, p_in, p_out)


def plant_missing_depends(frame: pd.DataFrame, rng: np.random.Generator, free: list[str], ctx: Context) -> Any:
    """A complete column missing mostly where another column is high (or low, or one of its levels): MAR."""
    if len(frame) < MIN_ROWS:
        return None
    columns = _complete(frame, free)
    for column in shuffled(rng, columns):
        for driver in shuffled(rng, [c for c in columns if c != column]):
            d = frame[driver]
            high = bool(rng.random() < 0.5)
            if measure.is_number(d) and d.nunique() > 5:
                values = pd.to_numeric(d, errors="coerce").to_numpy(dtype=float)
                flag = _mask(values, rng, high, 0.35, 0.55, 0.03)
                how = f"where {driver} is in its {'top' if high else 'bottom'} 35%"
            elif measure.is_text(d) and d.nunique() <= 10:
                counts = d.astype(str).value_counts()
                level = counts.index[int(rng.integers(min(2, len(counts))))]
                flag = rng.random(len(d)) < np.where(d.astype(str) == level, 0.55, 0.03)
                how = f"where {driver} is {level!r}"
            else:
                continue
            rows = np.flatnonzero(flag)
            if len(rows) < 5:
                continue
            out = _blank(frame, column, rows)
            measured = depends(out[column].isna(), out[driver])
            if measured is None or not measured["holds"]:
                continue
            rows_list = [int(r) for r in rows]
            detail = (f"{column}: {share_text(len(rows), len(frame))} removed, mostly {how} (missing at random "
                      f"given {driver}, MAR; 55% of those rows, 3% of the others)")
            return out, Pattern("missing_depends", [column, driver], None, detail, rows_list,
                                {"driver": driver, "how": how}, [column, driver])
    return None


def check_missing_depends(pattern: Pattern, variant: pd.DataFrame, ctx: Context) -> dict[str, Any]:
    column, driver = pattern.columns
    measured = depends(variant[column].isna(), variant[driver])
    ok = bool(measured and measured["holds"])
    return {"ok": ok, "measured": measured["how"] + f", p = {measured['p']:.2g}" if measured else "not measurable",
            "rule": missing_dependence(variant, column)["rule"] if ok else None}


def plant_mnar(frame: pd.DataFrame, rng: np.random.Generator, free: list[str], ctx: Context) -> Any:
    """A complete numeric column missing mostly where its own value is high (or low): MNAR."""
    if len(frame) < MIN_ROWS:
        return None
    for column in shuffled(rng, [c for c in _complete(frame, free) if measure.is_number(frame[c])
                                and frame[c].nunique() > 10]):
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
        high = bool(rng.random() < 0.6)
        rows = np.flatnonzero(_mask(values, rng, high, 0.3, 0.6, 0.03))
        if len(rows) < 5:
            continue
        out = _blank(frame, column, rows)
        rows_list = [int(r) for r in rows]
        side = "highest" if high else "lowest"
        detail = (f"{column}: {share_text(len(rows), len(frame))} removed, mostly among its own {side} 30% of values "
                  f"(missing not at random, MNAR; 60% of those rows, 3% of the others)")
        pattern = Pattern("mnar", [column], None, detail, rows_list, {"side": "high" if high else "low"}, [column])
        if check_mnar(pattern, out, Context(frame))["ok"]:
            return out, pattern
    return None


def check_mnar(pattern: Pattern, variant: pd.DataFrame, ctx: Context) -> dict[str, Any]:
    """The hidden values (from the base) of the rows made missing, against the present ones."""
    from scipy import stats

    column = pattern.columns[0]
    hidden = pd.to_numeric(ctx.base[column], errors="coerce").to_numpy(dtype=float)
    missing = np.zeros(len(hidden), bool)
    missing[[r for r in pattern.rows if r < len(hidden)]] = True
    if missing.sum() < 3 or (~missing).sum() < 3:
        return {"ok": False, "measured": "too few rows"}
    auc = float(stats.mannwhitneyu(hidden[missing], hidden[~missing]).statistic) / (missing.sum() * (~missing).sum())
    return {"ok": abs(auc - 0.5) >= MNAR_AUC, "rule": f"|AUC - 0.5| >= {MNAR_AUC:g} for the hidden values",
            "measured": f"the hidden values of the missing rows: AUC {auc:.2f} against the present ones"}
