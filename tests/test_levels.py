"""The level rule, on small frames built here: each level and each threshold's boundary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from runner.sources import levels
from runner.sources.levels import Qualities, level_from_qualities, level_of, qualities_of

N = 100


def numeric(columns: int = 3, rows: int = N) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({f"x{i}": rng.normal(size=rows) for i in range(columns)})


def with_columns(**columns: object) -> pd.DataFrame:
    frame = numeric()
    for name, values in columns.items():
        frame[name] = values
    return frame


def with_missing(cells: int, columns: int = 10) -> pd.DataFrame:
    """``cells`` missing values, one per row while they last, spread over the columns."""
    frame = numeric(columns)
    for i in range(cells):
        frame.iloc[i % N, (i + i // N) % columns] = np.nan
    return frame


def with_missing_column(count: int, columns: int = 20) -> pd.DataFrame:
    """``count`` missing values, all in the first column (5% of cells at most)."""
    frame = numeric(columns)
    frame.iloc[:count, 0] = np.nan
    return frame


def labels(distinct: int, rows: int = N) -> list[str]:
    return [f"c{i % distinct}" for i in range(rows)]


def with_duplicates(count: int, columns: int = 3) -> pd.DataFrame:
    frame = numeric(columns)
    frame.iloc[N - count :] = frame.iloc[:count].to_numpy()
    return frame


FRAMES = [
    ("all numeric", lambda: numeric(), 1),
    ("numeric plus one label", lambda: with_columns(label=labels(3)), 1),
    ("boolean columns count as numeric", lambda: with_columns(a=[True] * N, b=[False] * N), 1),
    ("two non-numeric columns", lambda: with_columns(a=labels(3), b=labels(4)), 2),
    ("categorical dtype is non-numeric", lambda: with_columns(a=pd.Categorical(labels(3)), b=labels(2)), 2),
    ("one missing cell", lambda: with_missing(1), 3),
    ("9.9% of cells missing", lambda: with_missing(99), 3),
    ("10% of cells missing", lambda: with_missing(100), 4),
    ("a column 49% missing", lambda: with_missing_column(49), 3),
    ("a column 50% missing", lambda: with_missing_column(50), 4),
    ("free text", lambda: with_columns(note=[f"the sample number {i} was fine" for i in range(N)]), 4),
    (
        "multi-word labels are not text",
        lambda: with_columns(sp=[f"kind {i % 3} of penguin" for i in range(N)]),
        1,
    ),
    ("ISO date strings", lambda: with_columns(day=[f"2020-01-{i % 28 + 1:02d}" for i in range(N)]), 4),
    ("US date strings", lambda: with_columns(day=[f"1/{i % 28 + 1}/2020" for i in range(N)]), 4),
    ("datetime dtype", lambda: with_columns(t=pd.date_range("2020-01-01", periods=N)), 4),
    ("50 distinct labels", lambda: with_columns(a=labels(50)), 1),
    ("51 distinct labels", lambda: with_columns(a=labels(51)), 4),
    ("unique names are an identifier", lambda: with_columns(name=[f"n{i}" for i in range(N)]), 1),
    ("4% duplicate rows", lambda: with_duplicates(4), 1),
    ("5% duplicate rows", lambda: with_duplicates(5), 4),
    ("duplicates in two columns are repeated values", lambda: with_duplicates(50, columns=2), 1),
]


@pytest.mark.parametrize(("build", "expected"), [(b, e) for _, b, e in FRAMES], ids=[n for n, _, _ in FRAMES])
def test_level_of_frame(build, expected):
    level, reasons = level_of(build())
    assert level == expected, reasons


QUALITIES = [
    (Qualities(), 1),
    (Qualities(missing_cell_share=0.0, non_numeric_columns=1), 1),
    (Qualities(missing_cell_share=0.0, non_numeric_columns=2), 2),
    (Qualities(missing_cell_share=0.02), 3),
    (Qualities(missing_cell_share=0.10), 4),
    (Qualities(max_column_missing_share=0.5), 4),
    (Qualities(has_text=True), 4),
    (Qualities(has_date=True), 4),
    (Qualities(max_categorical_cardinality=51), 4),
    (Qualities(duplicate_row_share=0.05), 4),
    (Qualities(duplicate_row_share=0.05, columns=2), 1),
]


@pytest.mark.parametrize(("qualities", "expected"), QUALITIES)
def test_level_from_metadata_qualities(qualities, expected):
    assert level_from_qualities(qualities)[0] == expected


def test_frame_and_metadata_share_one_rule():
    frame = with_missing(30)
    assert level_of(frame) == level_from_qualities(qualities_of(frame))


def test_reasons_explain_the_level():
    level, reasons = level_of(with_missing(100))
    assert level == 4 and reasons == ["10.0% of cells are missing (>= 10%)"]


def test_reasons_never_name_a_column():
    frame = with_columns(Ozone=[np.nan] * 60 + [1.0] * 40, label=labels(60))
    assert not any("Ozone" in r or "label" in r for r in level_of(frame)[1])


THRESHOLDS = [
    "MAX_NON_NUMERIC_CLEAN",
    "MANY_MISSING_CELL_SHARE",
    "MANY_MISSING_COLUMN_SHARE",
    "HIGH_CARDINALITY",
    "DUPLICATE_ROW_SHARE",
    "DUPLICATE_MIN_COLUMNS",
    "TEXT_MIN_MEAN_WORDS",
    "TEXT_MIN_DISTINCT_SHARE",
    "DATE_MIN_MATCH_SHARE",
    "SAMPLE_VALUES",
]


def shown(value: float) -> str:
    return f"{value:.0%}" if isinstance(value, float) and value < 1 else f"{value:g}"


@pytest.mark.parametrize("name", THRESHOLDS)
def test_threshold_is_documented_with_its_value(name):
    assert f"``{name}`` ({shown(getattr(levels, name))})" in " ".join(levels.__doc__.split())


def test_empty_frame_is_clean():
    assert level_of(pd.DataFrame())[0] == 1
