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
* skewness tests, outer fences and level balance: :mod:`runner.profile.shape`;
  which columns go missing together: :mod:`runner.profile.missingness`;
* correlations: see :mod:`runner.profile.correlations`; the matrix is put
  back into the description (key ``auto``) so the HTML report shows it.

Column names are made safe before profiling (the library crashes on
duplicate names, on a column named ``index`` next to ``df_index``, and on one
named ``# duplicates``, and renames ``index`` silently): every name becomes a
unique string, the mapping back is kept in ``facts["renamed"]`` and in each
column's ``original``.

Each column's ``anchor`` is the id of its section in the HTML report.
fg-data-profiling names it ``pp_var_<hash(name)>`` with Python's string hash,
which changes from process to process, and the facts and the report are often
made by two processes (the grade's and the background run's), so the anchor is
:func:`stable_id` of the name instead, and :func:`stable_ids` rewrites the
report's ids to match when it is rendered.  ``facts["sections"]`` holds the ids of the
report's other sections (overview, alerts, correlations, duplicates).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from runner.errors import ProfileError
from runner.grading.thresholds import FACTS_VERSION
from runner.profile.config import profile_settings
from runner.profile.correlations import METHODS, Roles, pairs
from runner.profile.library import profiling_typeset, quiet
from runner.profile.missingness import missing_patterns
from runner.profile.shape import CONTINUOUS_LEVELS, balance_facts, ks_uniform, numeric_facts, tvd_uniform
from runner.profile.shape import finite_float as _f

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
#: Where the report shows things that are not one variable (ids of fg-data-profiling's HTML).
SECTIONS = {"overview": "overview", "alerts": "tab-pane-overview-alerts", "variables": "variables-dropdown",
            "correlations": "correlations_tab", "duplicates": "duplicates"}


@dataclass
class Prepared:
    """The frame as profiled: unique string names, a fresh RangeIndex, no data copied."""

    frame: pd.DataFrame
    originals: dict[str, str]

    @property
    def renamed(self) -> dict[str, str]:
        return {safe: original for safe, original in self.originals.items() if safe != original}


def stable_id(name: Any) -> str:
    """A hash of a column name that is the same in every process (a signed 64-bit integer, as
    Python's ``hash`` looks)."""
    digest = hashlib.blake2b(str(name).encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return str(int.from_bytes(digest, "big", signed=True))


def stable_ids(html: str, names: Iterable[Any]) -> str:
    """The report's HTML with every id made from ``hash(name)`` in this process (the variable's
    section, its tabs and alerts) replaced by :func:`stable_id` of the name."""
    swap = {str(hash(name)): stable_id(name) for name in names}
    if not swap:
        return html
    pattern = re.compile(r"(?<![0-9-])(" + "|".join(map(re.escape, sorted(swap, key=len, reverse=True))) + r")(?![0-9])")
    return pattern.sub(lambda m: swap[m.group(1)], html)


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
        "balance": None,
        "anchor": f"pp_var_{stable_id(series.name)}",  # the id of the variable's section (see stable_ids)
        "top": None,
        "uniform": None,
        "numeric": None,
    }
    if counts is not None and len(counts) > 0:
        facts["top"] = {"value": _scalar(counts.index[0]), "count": int(counts.iloc[0]),
                        "share": float(counts.iloc[0] / count)}
    if kind in ("int", "float") or profile_type == "Numeric":
        facts["numeric"] = numeric_facts(_numeric_values(series, kind), n, float(thresholds["outlier_k"]),
                                         float(thresholds["outlier_extreme_k"]))
    if profile_type in ("Categorical", "Boolean") and count:
        facts["balance"] = balance_facts(counts if counts is not None else series.value_counts(dropna=True))
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
        return {"method": "ks", "distance": ks_uniform(stamps)}
    if counts is not None and len(counts) >= 2:
        return {"method": "tvd", "distance": tvd_uniform(counts.to_numpy(dtype="float64"))}
    return None


def duplicate_rows(frame: pd.DataFrame) -> int:
    """Rows that repeat an earlier row (all columns; unhashable cells compared as text)."""
    try:
        return int(frame.duplicated().sum())
    except TypeError:
        hashable = {name: (col.astype(str) if col.dtype == object else col) for name, col in frame.items()}
        return int(pd.DataFrame(hashable).duplicated().sum())


def correlation_roles(columns: dict[str, dict], levels: int) -> Roles:
    """Who takes part in correlations, and how: a column the profile types categorical or boolean is
    nominal whatever its storage (codes 0/1/2 are labels, not quantities); numeric columns are ordered."""
    nominal = [name for name, c in columns.items()
               if c["type"] in ("categorical", "boolean") and 2 <= c["distinct"] <= levels]
    ordered = [name for name, c in columns.items() if name not in nominal and c["type"] not in ("categorical", "boolean")
               and c["numeric"] and c["numeric"].get("finite_distinct", 0) >= 2]
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
            "missing_patterns": missing_patterns(prepared.frame),
        },
        "sections": SECTIONS,
        "columns": columns,
        "renamed": prepared.renamed,
        "correlation_methods": METHODS,
        "correlations": correlations,
        "alerts": [{"type": a.alert_type.name, "column": a.column_name} for a in description.alerts],
    }
    return facts, report
