"""The difficulty level of a dataset: the single source of truth for the rule.

A level is computed, never hand-labelled.  It is computed from a few summary
*qualities* (:class:`Qualities`), which come either from a loaded frame
(:func:`qualities_of`, :func:`level_of`) or from a source's metadata (OpenML
and UCI publish missing-value counts and feature types), so every source uses
the same thresholds through :func:`level_from_qualities`.

The rule, checked in this order:

**4 messy** if any of these holds:

* at least ``MANY_MISSING_CELL_SHARE`` (10%) of all cells are missing, or
  one column is at least ``MANY_MISSING_COLUMN_SHARE`` (50%) missing;
* a free-text column: a string column whose non-missing values average at
  least ``TEXT_MIN_MEAN_WORDS`` (4) words and are at least
  ``TEXT_MIN_DISTINCT_SHARE`` (10%) distinct (comments, addresses,
  questionnaire items; long labels such as ``Adult, 1 Egg Stage`` repeat too
  often to count);
* a date column: a datetime column, or a string column in which at least
  ``DATE_MIN_MATCH_SHARE`` (90%) of the non-missing values look like a date
  (``1973-05-01``, ``1973-05-01 13:00``, ``5/1/1973``, ``1973/05/01``);
* a high-cardinality category: a non-numeric column with more than
  ``HIGH_CARDINALITY`` (50) distinct values.  Dates and free text are not
  categories, and neither is an identifier (a column whose non-missing values
  are all distinct, such as R's row names: ``Mazda RX4``, ``Alabama``);
* duplicate rows: at least ``DUPLICATE_ROW_SHARE`` (5%) of the rows repeat an
  earlier row exactly, in a table of at least ``DUPLICATE_MIN_COLUMNS`` (3)
  columns (with one or two columns, repeated rows are just repeated values).

**3 some missing** if any cell is missing (and nothing above holds).

**2 mixed types** if no cell is missing and more than
``MAX_NON_NUMERIC_CLEAN`` (1) column is non-numeric.

**1 clean** otherwise: no missing cell, at most one non-numeric column (the
classic "numeric features plus a class label").

**Level 4 at random is a planted variant.**  A random pick at level 4
(``drill start --level 4``) is ``mess:<base>``: the base is drawn with the
same seed from the datasets of :data:`MESS_BASE_LEVELS` (1 to 3; the base's
level is drawn first, then a dataset at that level, so every source can
answer; from the built-in catalog, one of at least :data:`MESS_MIN_ROWS` rows), and a recipe of planted problems (``runner.sources.planted``) is
drawn from the seed and the base's level.  A ``mess:`` variant is level 4
whatever its base, for the reason :data:`PLANTED_REASON`; its truth is exact.
Datasets messy by nature are still listed at level 4 by ``drill datasets
--level 4`` and can be drilled by id.

"Numeric" means an integer, float or boolean dtype; everything else (strings,
categoricals, dates) is non-numeric.  String columns are sampled (at most
``SAMPLE_VALUES`` (500) values, evenly spaced) for the text and date checks, so the
rule stays fast on large frames.  A quality a source cannot know is ``None``
and never triggers a level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

CLEAN, MIXED, SOME_MISSING, MESSY = 1, 2, 3, 4
LEVEL_NAMES = {CLEAN: "clean", MIXED: "mixed types", SOME_MISSING: "some missing", MESSY: "messy"}

#: A random pick at level 4 plants problems into a dataset of one of these levels (see the docstring).
MESS_BASE_LEVELS = (1, 2, 3)
MESS_MIN_ROWS = 60  # fewer rows than this cannot show most planted problems
PLANTED_REASON = "a variant with planted problems (level 4 by definition)"

RULE_VERSION = 1  # bump when the logic below changes; cached levels built by another rule are redone

MAX_NON_NUMERIC_CLEAN = 1
MANY_MISSING_CELL_SHARE = 0.10
MANY_MISSING_COLUMN_SHARE = 0.50
HIGH_CARDINALITY = 50
DUPLICATE_ROW_SHARE = 0.05
DUPLICATE_MIN_COLUMNS = 3
TEXT_MIN_MEAN_WORDS = 4.0
TEXT_MIN_DISTINCT_SHARE = 0.1
DATE_MIN_MATCH_SHARE = 0.9
SAMPLE_VALUES = 500

DATE_PATTERN = re.compile(
    r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4})"
    r"([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)


@dataclass(frozen=True)
class Qualities:
    """Summary of a table, enough to decide its level.  ``None`` = unknown."""

    missing_cell_share: float | None = None
    max_column_missing_share: float | None = None
    non_numeric_columns: int | None = None
    has_text: bool | None = None
    has_date: bool | None = None
    max_categorical_cardinality: int | None = None
    duplicate_row_share: float | None = None
    columns: int | None = None


def mess_base_level(seed: int | None) -> int:
    """The level of the base a random level-4 pick plants problems into (from the seed)."""
    import random

    return random.Random(f"mess-base:{seed}").choice(MESS_BASE_LEVELS)


def level_from_qualities(q: Qualities) -> tuple[int, list[str]]:
    """The level (1..4) and the reasons for it, from summary qualities.

    Reasons never name a column: the card is shown before the learner writes
    hypotheses, and "Ozone is 24% missing" would give one away.
    """
    messy: list[str] = []
    if q.missing_cell_share is not None and q.missing_cell_share >= MANY_MISSING_CELL_SHARE:
        messy.append(
            f"{_percent(q.missing_cell_share)} of cells are missing (>= {MANY_MISSING_CELL_SHARE:.0%})"
        )
    if q.max_column_missing_share is not None and q.max_column_missing_share >= MANY_MISSING_COLUMN_SHARE:
        messy.append(
            f"a column is {_percent(q.max_column_missing_share)} missing (>= {MANY_MISSING_COLUMN_SHARE:.0%})"
        )
    if q.has_text:
        messy.append("has a free-text column")
    if q.has_date:
        messy.append("has a date column")
    if q.max_categorical_cardinality is not None and q.max_categorical_cardinality > HIGH_CARDINALITY:
        messy.append(f"a category has {q.max_categorical_cardinality} distinct values (> {HIGH_CARDINALITY})")
    wide_enough = q.columns is None or q.columns >= DUPLICATE_MIN_COLUMNS
    if q.duplicate_row_share is not None and q.duplicate_row_share >= DUPLICATE_ROW_SHARE and wide_enough:
        messy.append(
            f"{_percent(q.duplicate_row_share)} of rows are duplicates (>= {DUPLICATE_ROW_SHARE:.0%})"
        )
    if messy:
        return MESSY, messy
    if q.missing_cell_share or q.max_column_missing_share:
        share = q.missing_cell_share or 0.0
        return SOME_MISSING, [f"{_percent(share)} of cells are missing (< {MANY_MISSING_CELL_SHARE:.0%})"]
    non_numeric = q.non_numeric_columns or 0
    if non_numeric > MAX_NON_NUMERIC_CLEAN:
        return MIXED, [f"no missing values; {non_numeric} non-numeric columns (> {MAX_NON_NUMERIC_CLEAN})"]
    kinds = "all columns numeric" if non_numeric == 0 else "one non-numeric column"
    return CLEAN, [f"no missing values; {kinds}"]


def _percent(share: float) -> str:
    return f"{share:.1%}" if share == 0 or share >= 0.001 else "<0.1%"


def level_of(frame: pd.DataFrame) -> tuple[int, list[str]]:
    """The level (1..4) of a loaded frame and human-readable reasons."""
    return level_from_qualities(qualities_of(frame))


def qualities_of(frame: pd.DataFrame) -> Qualities:
    """Measure the qualities the level rule needs on a frame."""
    import pandas as pd

    rows, cols = frame.shape
    missing = frame.isna()
    cells = rows * cols
    column_missing = missing.mean() if rows else pd.Series(dtype=float)
    non_numeric = [name for name, dtype in frame.dtypes.items() if not _is_numeric(dtype)]
    has_text = has_date = False
    cardinality = 0
    for name in non_numeric:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column.dtype) or isinstance(column.dtype, pd.PeriodDtype):
            has_date = True
            continue
        values = _string_sample(column)
        if values is not None and not values.empty:
            if _looks_like_dates(values):
                has_date = True
                continue
            if _looks_like_text(column, values):
                has_text = True
                continue
        distinct, present = _nunique(column), int(column.notna().sum())
        if distinct < present:  # all distinct: an identifier, not a category
            cardinality = max(cardinality, distinct)
    return Qualities(
        missing_cell_share=float(missing.to_numpy().sum() / cells) if cells else 0.0,
        max_column_missing_share=float(column_missing.max()) if cols and rows else 0.0,
        non_numeric_columns=len(non_numeric),
        has_text=has_text,
        has_date=has_date,
        max_categorical_cardinality=cardinality,
        duplicate_row_share=_duplicate_share(frame),
        columns=cols,
    )


def _is_numeric(dtype: object) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype))


def _nunique(column: pd.Series) -> int:
    try:
        return int(column.nunique())
    except TypeError:  # unhashable cells (lists, dicts from JSON)
        return int(column.astype(str).nunique())


def _string_sample(column: pd.Series) -> pd.Series | None:
    """Up to SAMPLE_VALUES evenly spaced non-missing values as str, or None if not strings."""
    values = column.dropna()
    if values.empty:
        return values
    if len(values) > SAMPLE_VALUES:
        step = len(values) / SAMPLE_VALUES
        values = values.iloc[[int(i * step) for i in range(SAMPLE_VALUES)]]
    if not all(isinstance(v, str) for v in values):
        return None
    return values.astype(str)


def _looks_like_dates(values: pd.Series) -> bool:
    matches = values.str.match(DATE_PATTERN)
    return bool(matches.mean() >= DATE_MIN_MATCH_SHARE)


def _looks_like_text(column: pd.Series, values: pd.Series) -> bool:
    mean_words = values.str.split().str.len().mean()
    if mean_words < TEXT_MIN_MEAN_WORDS:
        return False
    present = column.dropna()
    return _nunique(present) / len(present) >= TEXT_MIN_DISTINCT_SHARE


def _duplicate_share(frame: pd.DataFrame) -> float:
    if frame.empty:
        return 0.0
    try:
        return float(frame.duplicated().mean())
    except TypeError:  # unhashable cells
        return float(frame.astype(str).duplicated().mean())
