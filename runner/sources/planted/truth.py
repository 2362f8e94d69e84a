"""The ground truth a drill keeps hidden until the seal: the variant's recipe and the detectors' answers.

``truth.json`` (written by ``drill start`` into the drill's private folder,
read by the grade) holds:

* ``version``;
* ``variant``: None for an ordinary drill; ``{"kind": "mess", "base", "seed",
  "level", "attempt"}`` for a planted variant, ``{"kind": "null", "base",
  "seed"}`` for a null one (every column shuffled on its own);
* ``patterns``: the planted patterns (:class:`~runner.sources.planted.pattern.Pattern`
  as JSON: kind, columns, qualifier, detail, rows, params, reserves, check);
* ``preserved``: the check that the base's own patterns survived;
* ``measures``: every detector of :mod:`runner.sources.planted.measure` and
  :mod:`runner.sources.planted.measure_relations` on the frame the learner
  gets, so claims of the planted kinds about any column can be graded
  (``columns``: per column ``entry_errors``, ``inconsistent_categories``,
  ``heaping``, ``drift``, ``missing_depends``; ``near_duplicates``;
  ``simpson``: the reversing triples; ``leakage``: per column, against the
  card's target; ``target``, ``rows``, ``order``).

Frames longer than ``MAX_ROWS`` are measured on evenly spaced rows (the
order kept); at most ``MAX_MISSING_COLUMNS`` columns with missing values are
tested for dependence.

May import: this package's ``measure``, ``measure_relations``, ``recipe``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from runner.sources.planted import measure, measure_relations
from runner.sources.planted.recipe import Recipe

VERSION = 1
FILE = "truth.json"
MAX_ROWS = 20000
MAX_MISSING_COLUMNS = 20
#: An ordinary drill keeps the measures (so claims of the planted kinds are graded) up to this many cells:
#: measuring takes about a second at this size, and grows with the columns (Simpson triples).
ORDINARY_MAX_CELLS = 100_000


def clean(value: Any) -> Any:
    """JSON-safe: numpy scalars to Python, NaN and inf to None, tuples to lists, keys to str."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _sample(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame) <= MAX_ROWS:
        return frame
    return frame.iloc[np.linspace(0, len(frame) - 1, MAX_ROWS).astype(int)].reset_index(drop=True)


def measures(frame: pd.DataFrame, target: str | None = None) -> dict[str, Any]:
    """Every detector's answer on ``frame`` (see the module docstring)."""
    frame = _sample(frame)
    order, along = measure.order_of(frame)
    columns: dict[str, dict[str, Any]] = {}
    with_missing = [c for c in frame.columns if frame[c].isna().any()][:MAX_MISSING_COLUMNS]
    for name in frame.columns:
        series = frame[name]
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan) \
            if measure.is_number(series) else None
        columns[str(name)] = {
            "entry_errors": measure.entry_errors(series),
            "inconsistent_categories": measure.spellings(series),
            "heaping": measure.heaping(series),
            "drift": measure.drift(values[order]) if values is not None else None,
            "missing_depends": measure_relations.missing_dependence(frame, name) if name in with_missing else None,
        }
    leaks = {}
    if target is not None and target in frame.columns:
        for name in frame.columns:
            if name != target:
                leaks[str(name)] = measure_relations.leakage(frame, name, target)
    return clean({"rows": len(frame), "order": along, "target": target, "columns": columns,
                  "near_duplicates": measure_relations.near_duplicates(frame),
                  "simpson": measure_relations.simpson_reversals(frame), "leakage": leaks})


def ordinary(frame: pd.DataFrame, target: str | None) -> dict[str, Any] | None:
    """The truth of an ordinary drill: no recipe, the measures only; None over :data:`ORDINARY_MAX_CELLS`."""
    if frame.size > ORDINARY_MAX_CELLS:
        return None
    return truth(frame, target)


def truth(frame: pd.DataFrame, target: str | None, variant: dict[str, Any] | None = None,
          recipe: Recipe | None = None) -> dict[str, Any]:
    """The truth file's content for the frame the learner gets."""
    return clean({
        "version": VERSION,
        "variant": variant,
        "patterns": [p.to_json() for p in recipe.patterns] if recipe else [],
        "preserved": recipe.preserved if recipe else None,
        "measures": measures(frame, target),
    })
