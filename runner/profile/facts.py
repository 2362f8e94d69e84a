"""Run fg-data-profiling on a frame and convert its description into the facts dict.

The facts are everything the grader needs, JSON-serialisable (``NaN`` and
``inf`` become ``None``).  Most come from ``ProfileReport.get_description()``
(the ``BaseDescription`` object, not its JSON rendering); a few are computed
here with pandas because the profile is unreliable for them:

* numeric statistics (skewness, quantiles, zeros, inf, Tukey fences): the
  profile computes them only for columns it types ``Numeric`` (a numeric
  column with <= ``categorical_levels`` distinct values is typed categorical
  and gets none), and one ``inf`` turns its skewness into NaN.  Here they are
  computed for every column stored as numbers, on the finite values;
* duplicate rows: the profile's ``n_duplicates`` counts *distinct* rows that
  occur more than once (10 copies of one row count 1), and only when
  ``duplicates.head > 0``.  Here: rows that repeat an earlier row
  (``DataFrame.duplicated()``); the report's table is patched to match;
* uniformity: see :mod:`runner.profile.config` (the library's test never fires);
* correlations: see :mod:`runner.profile.correlations`; the matrix is put
  back into the description (key ``auto``) so the HTML report shows it.

Column names are made safe before profiling (the library crashes on
duplicate names, on a column named ``index`` next to ``df_index``, and on one
named ``# duplicates``, and renames ``index`` silently): every name becomes a
unique string, the mapping back is kept in ``facts["renamed"]`` and in each
column's ``original``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from runner.errors import ProfileError
from runner.grading.thresholds import FACTS_VERSION
from runner.profile.config import QUANTILES, profile_settings
from runner.profile.correlations import METHODS, Roles, pairs
from runner.profile.library import profiling_typeset, quiet

#: The profile's variable types, as the hypothesis grammar names them.
TYPE_NAMES = {
    "Numeric": "numeric",
    "TimeSeries": "numeric",
    "Categorical": "categorical",
    "Boolean": "boolean",
    "DateTime": "datetime",
    "Text": "text",
    "URL": "text",
    "Path": "text",
    "File": "text",
    "Image": "text",
}
#: Names the library reserves for itself (renamed by it, or used as a helper column).
RESERVED_NAMES = {"index", "# duplicates"}
#: Above this many distinct values a numeric column is tested for uniformity as a
#: continuous variable (Kolmogorov–Smirnov distance); at or below, level by level.
CONTINUOUS_LEVELS = 20


@dataclass
class Prepared:
    """The frame as profiled: unique string names, a fresh RangeIndex, no data copied."""

    frame: pd.DataFrame
    originals: dict[str, str]

    @property
    def renamed(self) -> dict[str, str]:
        return {safe: original for safe, original in self.originals.items() if safe != original}


def safe_names(columns: list[Any]) -> list[str]:
    """Deterministic unique string names: ``str(name)``, ``column_<i>`` for empty ones,
    ``<name>__<k>`` (k = 2, 3, ...) for repeats and reserved names."""
    bases = [str(name) if str(name) != "" else f"column_{i + 1}" for i, name in enumerate(columns)]
    taken: set[str] = set()
    result = []
    for base in bases:
        name, k = base, 2
        while name in taken or name in RESERVED_NAMES or (name != base and name in bases):
            name, k = f"{base}__{k}", k + 1
        taken.add(name)
        result.append(name)
    return result


def prepare(frame: pd.DataFrame) -> Prepared:
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        raise ProfileError(f"the dataset is empty ({frame.shape[0]} rows, {frame.shape[1]} columns)")
    names = safe_names(list(frame.columns))
    safe = frame.set_axis(names, axis=1, copy=False).set_axis(pd.RangeIndex(len(frame)), axis=0, copy=False)
    return Prepared(safe, {name: str(original) for name, original in zip(names, frame.columns, strict=True)})


def _f(value: Any) -> float | None:
    """A finite float, or None."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if np.isfinite(number) else None


def _scalar(value: Any) -> float | int | bool | str | None:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return _f(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def storage(series: pd.Series) -> str:
    """How the column is stored: int, float, bool, datetime, timedelta, category, string, object."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(dtype) or isinstance(dtype, pd.PeriodDtype):
        return "datetime"
    if pd.api.types.is_timedelta64_dtype(dtype):
        return "timedelta"
    if isinstance(dtype, pd.CategoricalDtype):
        return "category"
    if pd.api.types.is_string_dtype(dtype) and pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
        return "string"
    return "object"


def _ks_uniform(ordered: np.ndarray) -> float:
    """Kolmogorov–Smirnov distance between sorted values and a uniform law on [min, max]."""
    u = (ordered - ordered[0]) / (ordered[-1] - ordered[0])
    n = len(u)
    steps = np.arange(1, n + 1) / n
    return float(max((steps - u).max(), (u - (steps - 1 / n)).max()))


def _tvd_uniform(counts: np.ndarray) -> float:
    """Total variation distance between the level shares and equal shares."""
    shares = counts / counts.sum()
    return float(0.5 * np.abs(shares - 1 / len(shares)).sum())


def _quantile(ordered: np.ndarray, p: float) -> float:
    """numpy's default (linear) quantile of sorted values."""
    h = (len(ordered) - 1) * p
    low = int(np.floor(h))
    high = min(low + 1, len(ordered) - 1)
    frac = h - low
    # a weighted sum, not low + frac * (high - low): the difference of two huge values overflows to inf
    return float(ordered[low] if frac == 0 else ordered[low] * (1 - frac) + ordered[high] * frac)


def numeric_facts(values: np.ndarray, n_rows: int, k: float) -> dict[str, Any]:
    """Statistics of a numeric column (``values`` float64, NaN for missing), from one sort."""
    infinite = int(np.isinf(values).sum())
    zeros = int((values == 0).sum())
    ordered = np.sort(values[np.isfinite(values)])
    facts: dict[str, Any] = {"zeros": zeros, "zeros_share": zeros / n_rows, "infinite": infinite,
                             "infinite_share": infinite / n_rows, "finite": len(ordered)}
    if len(ordered) == 0:
        return facts
    q1, q3 = _quantile(ordered, 0.25), _quantile(ordered, 0.75)
    low, high = q1 - k * (q3 - q1), q3 + k * (q3 - q1)
    n_low = int(np.searchsorted(ordered, low, side="left"))
    n_high = len(ordered) - int(np.searchsorted(ordered, high, side="right"))
    distinct = int((ordered[1:] != ordered[:-1]).sum()) + 1
    facts.update(
        {
            "min": _f(ordered[0]),
            "max": _f(ordered[-1]),
            "mean": _f(ordered.mean()),
            "std": _f(ordered.std(ddof=1)) if len(ordered) > 1 else None,
            # pandas' bias-corrected G1, the estimator the profile uses
            "skewness": _f(pd.Series(ordered).skew()) if len(ordered) >= 3 else None,
            "quantiles": {f"{p:.0%}": _f(_quantile(ordered, p)) for p in QUANTILES},
            "integral": bool(np.all(ordered == np.round(ordered))),
            "finite_distinct": distinct,
            "ks_uniform": _ks_uniform(ordered) if distinct > CONTINUOUS_LEVELS else None,
            "outliers": {
                "k": k,
                "iqr": _f(q3 - q1),
                "low_fence": _f(low),
                "high_fence": _f(high),
                "low": n_low,
                "high": n_high,
                "count": n_low + n_high,
                "share": (n_low + n_high) / len(ordered),
            },
        }
    )
    return facts


def _numeric_values(series: pd.Series, kind: str) -> np.ndarray:
    if kind in ("int", "float"):
        return series.to_numpy(dtype="float64", na_value=np.nan)
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def column_facts(series: pd.Series, variable: dict, original: str, thresholds: Mapping[str, float]) -> dict:
    """One column's facts from its description (``variable``) and, where noted, the data."""
    n = len(series)
    kind = storage(series)
    profile_type = str(variable.get("type", "Unsupported"))
    n_missing = int(variable["n_missing"] if "n_missing" in variable else series.isna().sum())
    count = n - n_missing
    counts = variable.get("value_counts_without_nan")
    # counted on the data as stored: the profile casts numeric strings to float first, which
    # collapses 20-digit ids (2**70 + i) into one value
    try:
        distinct = int(series.nunique(dropna=True))
    except TypeError:  # unhashable values (lists, dicts)
        distinct = int(series.dropna().astype(str).nunique())
    facts: dict[str, Any] = {
        "original": original,
        "type": TYPE_NAMES.get(profile_type),
        "profile_type": profile_type,
        "storage": kind,
        "n": n,
        "count": count,
        "missing": n_missing,
        "missing_share": n_missing / n,
        "distinct": distinct,
        "distinct_share": distinct / count if count else None,
        "is_unique": bool(count > 0 and distinct == count),
        "imbalance": _f(variable.get("imbalance")) if profile_type in ("Categorical", "Boolean") else None,
        "top": None,
        "uniform": None,
        "numeric": None,
    }
    if counts is not None and len(counts) > 0:
        facts["top"] = {"value": _scalar(counts.index[0]), "count": int(counts.iloc[0]),
                        "share": float(counts.iloc[0] / count)}
    if kind in ("int", "float") or profile_type == "Numeric":
        facts["numeric"] = numeric_facts(_numeric_values(series, kind), n, float(thresholds["outlier_k"]))
    if kind == "datetime" and count:
        present = series.dropna()
        facts["min"], facts["max"] = _scalar(present.min()), _scalar(present.max())
    if count >= 2 and distinct >= 2:
        facts["uniform"] = _uniform(series, facts, counts)
    return facts


def _uniform(series: pd.Series, facts: dict, counts: pd.Series | None) -> dict | None:
    numeric = facts["numeric"]
    if numeric and numeric.get("ks_uniform") is not None:
        return {"method": "ks", "distance": numeric["ks_uniform"]}
    if facts["storage"] == "datetime" and facts["distinct"] > CONTINUOUS_LEVELS:
        stamps = np.sort(series.dropna().astype("int64").to_numpy(dtype="float64"))
        return {"method": "ks", "distance": _ks_uniform(stamps)}
    if counts is not None and len(counts) >= 2:
        return {"method": "tvd", "distance": _tvd_uniform(counts.to_numpy(dtype="float64"))}
    return None


def duplicate_rows(frame: pd.DataFrame) -> int:
    """Rows that repeat an earlier row (all columns; unhashable cells compared as text)."""
    try:
        return int(frame.duplicated().sum())
    except TypeError:
        hashable = {name: (col.astype(str) if col.dtype == object else col) for name, col in frame.items()}
        return int(pd.DataFrame(hashable).duplicated().sum())


def correlation_roles(columns: dict[str, dict], levels: int) -> Roles:
    ordered = [name for name, c in columns.items()
               if c["numeric"] and c["numeric"].get("finite_distinct", 0) >= 2]
    nominal = [name for name, c in columns.items()
               if c["type"] in ("categorical", "boolean") and c["numeric"] is None and 2 <= c["distinct"] <= levels]
    return Roles(ordered, nominal)


def profile(frame: pd.DataFrame, thresholds: Mapping[str, float]) -> tuple[dict, Any]:
    """Profile ``frame``; returns ``(facts, report)`` (the ``ProfileReport``, for the HTML)."""
    prepared = prepare(frame)
    settings = profile_settings(thresholds)
    caught: list[str] = []
    with quiet(caught):
        from data_profiling import ProfileReport, __version__
        from data_profiling.model.alerts import check_correlation_alerts

        report = ProfileReport(prepared.frame, config=settings, typeset=profiling_typeset(settings))
        description = report.get_description()
    columns = {
        name: column_facts(prepared.frame[name], description.variables[name], prepared.originals[name], thresholds)
        for name in prepared.frame.columns
    }
    n_rows = len(prepared.frame)
    duplicates = duplicate_rows(prepared.frame)
    correlations, matrix = pairs(prepared.frame, correlation_roles(columns, int(thresholds["correlation_levels"])))

    # Put our numbers back into the description so the report shows what the grader uses.
    library_duplicates = description.table.get("n_duplicates")
    description.table.update({"n_duplicates": duplicates, "p_duplicates": duplicates / n_rows})
    if len(matrix) > 1:
        description.correlations = {"auto": matrix}
        description.alerts = sorted(description.alerts + check_correlation_alerts(settings, {"auto": matrix}),
                                    key=lambda alert: str(alert.alert_type))
    facts = {
        "facts_version": FACTS_VERSION,
        "library": {"name": "fg-data-profiling", "version": __version__, "warnings": caught},
        "thresholds": dict(thresholds),
        "dataset": {
            "rows": n_rows,
            "columns": len(columns),
            "duplicate_rows": duplicates,
            "duplicate_share": duplicates / n_rows,
            "library_duplicate_rows": None if library_duplicates is None else int(library_duplicates),
            "cells_missing": sum(c["missing"] for c in columns.values()),
            "columns_all_missing": sum(1 for c in columns.values() if c["count"] == 0),
        },
        "columns": columns,
        "renamed": prepared.renamed,
        "correlation_methods": METHODS,
        "correlations": correlations,
        "alerts": [{"type": a.alert_type.name, "column": a.column_name} for a in description.alerts],
    }
    return facts, report
