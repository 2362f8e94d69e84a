"""The rules that turn a drill's process log into steps, task times, coverage and first times.

Pure functions over the recorded cells (dicts from
:func:`runner.session.process_log.cells`, in the order they ran); the facts
were derived when each cell was recorded, so nothing here parses code.  Each
rule is stated once, here:

* **Steps** (:data:`STEP_OPERATIONS`): a cell does a checklist step when its
  operations include one of the step's; *target* is a cell that names the
  card's target column together with another column.
* **Task spans** (:func:`task_spans`): a task (one per step; :data:`TASK_NAMES`,
  or the spec's ``task`` name) runs from the start of the first cell of its step
  to the end of the last *consecutive* one.  A cell of another step ends the
  run; a cell of no step (an import, ``df.head()``, the timer) or one that is
  not Python does not, and is counted inside the span only when a cell of the
  step follows it.  Paused time inside a span is left out.  A task's time in a
  drill is the sum of its spans.
* **Coverage** (:func:`coverage`): a column is examined when a cell that ran
  without error names it, or runs one of :data:`EXAMINING` over the whole
  frame; operations that only reach numeric columns (``describe()``, ``hist()``,
  ``corr()``) examine the numeric columns only.
* **First times** (:func:`first_times`): seconds from the start of the explore
  phase (else the first recorded cell) to the start of the first cell that ran
  without error and looked at the data (any operation but loading, or a
  column named), drew a plot, or computed or plotted an association.

May import: nothing of the project (pure Python).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: Checklist step -> operations that show it being done (``outliers`` takes every ``outliers:*``).
STEP_OPERATIONS: dict[str, frozenset[str]] = {
    "quality": frozenset({"types:check", "types:convert", "summary:info"}),
    "missing": frozenset({"missing"}),
    "univariate": frozenset({"summary:describe", "summary:value_counts", "summary:distinct", "summary:shape",
                             "plot:hist", "plot:kde", "plot:bar"}),
    "outliers": frozenset({"outliers:quantile", "outliers:iqr", "outliers:zscore", "outliers:box", "outliers:clip",
                           "outliers:model", "outliers:rule"}),
    "correlations": frozenset({"correlation", "plot:scatter", "plot:pair"}),
    "duplicates": frozenset({"duplicates"}),
}
#: The task each step is timed as (the spec's ``task`` name wins where it gives one).
TASK_NAMES = {"quality": "data quality and types", "missing": "missing values", "univariate": "distributions",
              "outliers": "outlier detection", "correlations": "correlation analysis",
              "target": "target relationships", "duplicates": "duplicate check"}
#: Whole-frame operations that examine the columns they reach (coverage).
EXAMINING = frozenset({"summary:describe", "summary:info", "summary:value_counts", "summary:distinct",
                       "summary:stats", "summary:shape", "missing", "plot:hist", "plot:kde", "plot:box", "plot:pair",
                       "plot:scatter", "plot:heatmap", "correlation"}) | STEP_OPERATIONS["outliers"]
NUMERIC_PREFIXES = ("int", "uint", "float")


def is_numeric(dtype: str) -> bool:
    return str(dtype).lower().startswith(NUMERIC_PREFIXES)


def steps_of(cell: Mapping[str, Any], target: str | None = None) -> set[str]:
    """The checklist steps one cell does (see :data:`STEP_OPERATIONS`)."""
    ops = set(cell["operations"])
    found = {step for step, wanted in STEP_OPERATIONS.items() if ops & wanted}
    columns = set(cell["columns"])
    if target and target in columns and len(columns) >= 2:
        found.add("target")
    return found


def _paused(start: float, end: float, pauses: Iterable[Mapping[str, Any]]) -> float:
    return sum(max(0.0, min(end, p["ended_at"] if p["ended_at"] is not None else end) - max(start, p["started_at"]))
               for p in pauses)


def task_spans(cells: Sequence[Mapping[str, Any]], steps: Iterable[str], target: str | None = None,
               pauses: Iterable[Mapping[str, Any]] = ()) -> dict[str, list[dict[str, Any]]]:
    """Each step's spans: ``{step: [{start, end, seconds, cells}]}`` (see the module docstring)."""
    pauses = list(pauses)
    marks = [steps_of(c, target) if c.get("parsed", True) else set() for c in cells]
    out: dict[str, list[dict[str, Any]]] = {}
    for step in steps:
        spans, first, last = [], None, None
        for i, mark in enumerate([*marks, {"__end__"}]):
            if step in mark:
                first = i if first is None else first
                last = i
            elif mark and first is not None:  # another step (or the end): the run is over
                start, end = cells[first]["started_at"], cells[last]["started_at"] + cells[last]["seconds"]
                spans.append({"start": start, "end": end, "cells": last - first + 1,
                              "seconds": max(0.0, end - start - _paused(start, end, pauses))})
                first = last = None
        if spans:
            out[step] = spans
    return out


def reach(whole_frame: Iterable[Sequence[str]], dtypes: Mapping[str, str]) -> set[str]:
    """The columns the whole-frame operations of a cell examine."""
    reached: set[str] = set()
    for op, scope in whole_frame:
        if op in EXAMINING:
            reached.update(c for c, t in dtypes.items() if scope == "all" or is_numeric(t))
    return reached


def coverage(cells: Sequence[Mapping[str, Any]], dtypes: Mapping[str, str]) -> dict[str, Any]:
    """Which of the dataset's columns the drill examined (``dtypes``: column -> dtype, in order)."""
    examined: set[str] = set()
    for c in cells:
        if c["success"]:
            examined.update(c["columns"])
            examined |= reach(c["whole_frame"], dtypes)
    columns = list(dtypes)
    seen = [c for c in columns if c in examined]
    return {"columns": len(columns), "examined": seen, "never": [c for c in columns if c not in examined],
            "share": len(seen) / len(columns) if columns else None}


def first_times(cells: Sequence[Mapping[str, Any]], since: float | None) -> dict[str, float | None]:
    """Seconds from ``since`` to the first look at the data, first plot, first association."""
    ok = [c for c in cells if c["success"]]
    since = since if since is not None else (cells[0]["started_at"] if cells else None)

    def first(test: Any) -> float | None:
        found = next((c for c in ok if test(c)), None)
        return None if found is None or since is None else found["started_at"] - since

    return {
        "look": first(lambda c: bool(c["columns"]) or any(op != "load" for op in c["operations"])),
        "plot": first(lambda c: any(op.startswith("plot:") for op in c["operations"])),
        "correlation": first(lambda c: bool(set(c["operations"]) & STEP_OPERATIONS["correlations"])),
    }


def step_order(cells: Sequence[Mapping[str, Any]], target: str | None, since: float | None) -> dict[str, float]:
    """Each step done, with the seconds (from ``since``) of its first cell, in the order done."""
    firsts: dict[str, float] = {}
    for c in cells:
        for step in sorted(steps_of(c, target) if c.get("parsed", True) else ()):
            firsts.setdefault(step, c["started_at"] - (since if since is not None else cells[0]["started_at"]))
    return dict(sorted(firsts.items(), key=lambda kv: kv[1]))


def errors_by_phase(cells: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """``{phase: {cells, errors, kinds: {ExceptionName: n}}}``; cells outside the clock under ``none``."""
    out: dict[str, dict[str, Any]] = {}
    for c in cells:
        row = out.setdefault(c["phase"] or "none", {"cells": 0, "errors": 0, "kinds": {}})
        row["cells"] += 1
        if not c["success"]:
            row["errors"] += 1
            name = c["error"] or "error"
            row["kinds"][name] = row["kinds"].get(name, 0) + 1
    return out
