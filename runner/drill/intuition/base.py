"""What every item kind shares: the item record, the loaded dataset, numeric columns, seeded samples.

An :class:`Item` has a public part (number, kind, prompt, the answer's form:
what ``drill.items()`` lists and the log keeps from the start) and a private
part (the rows shown, the data to plot, the truth), which stays in the private
items file (:mod:`runner.drill.intuition.private`) until the item is answered.

Every number here is computed from the data actually shown: a column sampled
to at most N points gets its truth from those N points, and the sample's row
numbers are kept, so the truth can be recomputed from the dataset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


@dataclass
class Loaded:
    """A dataset the generator loaded: its id, title, description and tidy frame."""

    id: str
    title: str
    description: str
    frame: pd.DataFrame

    @cached_property
    def numeric(self) -> list[str]:
        """:func:`numeric_columns` of the frame, computed once for every kind."""
        return numeric_columns(self.frame)


@dataclass
class Item:
    """One item.  ``bin`` says where its truth falls in the kind's range (for the spread)."""

    kind: str
    dataset_id: str
    dataset_title: str
    columns: list[str]
    prompt: str
    answer: dict[str, Any]  # the answer's form: {"type": "estimate", ...} or {"type": "choice", ...}
    rows: list[int]  # row numbers of the tidy frame that the item shows, in the order shown
    data: dict[str, Any]  # what the plot needs (never shown as numbers); numpy arrays until plain()
    truth: dict[str, Any]  # {"value": ..., plus what the reveal explains}
    bin: int = 0
    number: int = 0

    def plain(self) -> Item:
        """The same item with numpy arrays and numbers as plain lists and Python numbers (JSON-ready).

        Drafts keep numpy arrays (most are never chosen); only the chosen items are converted."""
        self.rows, self.data, self.truth = plain(self.rows), plain(self.data), plain(self.truth)
        return self

    def public(self) -> dict[str, Any]:
        """What may be seen before the answer."""
        return {"number": self.number, "kind": self.kind, "prompt": self.prompt, "dataset_id": self.dataset_id,
                "dataset_title": self.dataset_title, "columns": list(self.columns), "answer": dict(self.answer)}

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Item:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Settings:
    """The spec's ``intuition:`` block, with defaults."""

    tolerance: dict[str, float] = field(default_factory=lambda: {"correlation": 0.1, "missing": 0.05,
                                                                 "outliers": 0.03})
    lineup_panels: list[int] = field(default_factory=lambda: [9, 20])
    null_lineup_share: float = 0.2
    alpha: float = 0.05
    permutations: int = 2000

    @classmethod
    def from_spec(cls, raw: dict[str, Any]) -> Settings:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in raw.items() if k in known})


class Kind(Protocol):
    """An item kind: drafts items from one loaded dataset (truths included)."""

    name: str
    bins: int  # how many parts its truth range is cut into; items are spread over them

    def drafts(self, loaded: Loaded, rng: np.random.Generator, settings: Settings) -> list[Item]: ...

    def slots(self, count: int, rng: np.random.Generator, settings: Settings) -> list[int]: ...


def spread(count: int, bins: int, rng: np.random.Generator) -> list[int]:
    """``count`` target bins spread over ``bins``: all different while they last, in random order."""
    out: list[int] = []
    while len(out) < count:
        out += [int(b) for b in rng.permutation(bins)][: count - len(out)]
    return out


class Spread:
    """The usual :meth:`Kind.slots`: answers spread evenly over the kind's ``bins`` (see :func:`spread`)."""

    bins: int

    def slots(self, count: int, rng: np.random.Generator, settings: Settings) -> list[int]:
        return spread(count, self.bins, rng)


def bin_of(value: float, edges: list[float]) -> int:
    """The index of the part of ``edges`` (ascending inner cut points) that holds ``value``."""
    return sum(value > e for e in edges)


def near_edge(value: float, edges: list[float], margin: float) -> bool:
    return any(abs(value - e) < margin for e in edges)


#: names of columns that number or label rows rather than measure something
ID_LIKE = re.compile(r"^(x|rownames|unnamed.*|index|obs|case|row|year|seq)$|(^|[._ ])(id|no|enum|code)$", re.IGNORECASE)


def numeric_columns(frame: pd.DataFrame, min_distinct: int = 8, min_count: int = 20) -> list[str]:
    """Numeric columns worth plotting: not booleans, not row numbers or ids, with some spread."""
    import numpy as np
    import pandas as pd

    out = []
    for name in frame.columns:
        series = frame[name]
        if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if ID_LIKE.match(str(name)):
            continue
        values = series.to_numpy(dtype=float, na_value=np.nan)
        finite = values[np.isfinite(values)]
        if len(finite) < min_count or len(np.unique(finite)) < min_distinct:
            continue
        if len(finite) > 2 and np.all(np.diff(finite) > 0) and len(np.unique(np.diff(finite))) == 1:
            continue  # 1, 2, 3, ...: a counter, not a measurement
        out.append(str(name))
    return out


def finite_rows(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Row numbers where every one of ``columns`` holds a finite number."""
    import numpy as np

    mask = np.ones(len(frame), dtype=bool)
    for name in columns:
        mask &= np.isfinite(frame[name].to_numpy(dtype=float, na_value=np.nan))
    return np.flatnonzero(mask)


def sample_rows(rows: np.ndarray, limit: int, rng: np.random.Generator) -> np.ndarray:
    """At most ``limit`` of ``rows``, drawn with ``rng``, kept in their original order."""
    import numpy as np

    if len(rows) <= limit:
        return np.asarray(rows)
    return np.sort(rng.choice(rows, size=limit, replace=False))


def values(frame: pd.DataFrame, column: str, rows: np.ndarray) -> np.ndarray:
    import numpy as np

    return frame[column].to_numpy(dtype=float, na_value=np.nan)[rows]


def floats(array: Any) -> Any:
    """The values a plot needs, as a float array (made plain JSON only if the item is chosen)."""
    import numpy as np

    return np.asarray(array, dtype=float)


def plain(value: Any) -> Any:
    """``value`` with numpy arrays and scalars turned into lists and Python numbers, recursively."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and numpy scalars
        return value.tolist()
    return value


def sampled_columns(loaded: Loaded, rng: np.random.Generator, limit: int, minimum: int,
                    how_many: int = 4) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """``(name, rows, values)`` for up to ``how_many`` numeric columns picked at random: a sample of
    at most ``limit`` of each column's finite rows; a column with fewer than ``minimum`` is skipped."""
    for name in pick_some(loaded.numeric, how_many, rng):
        rows = sample_rows(finite_rows(loaded.frame, [name]), limit, rng)
        if len(rows) >= minimum:
            yield name, rows, values(loaded.frame, name, rows)


def pick_some(options: list[Any], limit: int, rng: np.random.Generator) -> list[Any]:
    """At most ``limit`` of ``options``, drawn with ``rng`` (order random)."""
    if len(options) <= limit:
        order = rng.permutation(len(options))
    else:
        order = rng.choice(len(options), size=limit, replace=False)
    return [options[int(i)] for i in order]


def skewness(x: np.ndarray) -> float:
    """The adjusted Fisher-Pearson sample skewness G1 (pandas' ``Series.skew``); 0 for no spread."""
    import numpy as np

    n = len(x)
    if n < 3:
        return 0.0
    d = x - x.mean()
    m2, m3 = float(np.mean(d**2)), float(np.mean(d**3))
    if m2 <= 0:
        return 0.0
    return float(np.sqrt(n * (n - 1)) / (n - 2) * m3 / m2**1.5)


def describe_dataset(loaded: Loaded) -> str:
    return f"{loaded.title} ({loaded.id})"
