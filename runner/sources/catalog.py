"""Cards from frames, and the cached index of a source's entries.

Listing the built-in catalog needs every frame's level, so every frame must be
loaded once.  :func:`cached_index` does that once per machine and keeps the
result as JSON in the user cache directory (``$DRILL_CACHE_DIR``, else
``$XDG_CACHE_HOME/eda-drill``, else ``~/.cache/eda-drill``).  The file records
:data:`SCHEMA`, the versions of the packages the data came from and the level
rule's thresholds; a cache that is corrupt or stale is rebuilt, never fatal.
It is written atomically (temporary file, then ``os.replace``) so concurrent
drills never read half a file.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner import atomic
from runner.sources import levels
from runner.sources.base import Card, Entry

if TYPE_CHECKING:
    import pandas as pd

SCHEMA = 1  # bump when what an index holds, or how builtin frames are tidied, changes
CACHE_ENV = "DRILL_CACHE_DIR"
APP_DIR = "eda-drill"


# -- frames and cards ---------------------------------------------------------


def tidy_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """String column names; an informative index (dates, names) becomes a column.

    A plain integer index (row numbers) is dropped; any other index (R row
    names such as car models, a date index, a named index) is kept as the
    first column, called after the index or ``date`` / ``rownames``.
    """
    import pandas as pd

    index = frame.index
    plain = index.name is None and (
        isinstance(index, pd.RangeIndex) or pd.api.types.is_integer_dtype(index.dtype)
    )
    if isinstance(index, pd.MultiIndex):
        frame = frame.reset_index()
    elif not plain:
        dated = isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex))
        name = str(index.name) if index.name is not None else ("date" if dated else "rownames")
        if name in map(str, frame.columns):
            name = f"{name}_index"
        frame = frame.rename_axis(name).reset_index()
    frame = frame.reset_index(drop=True)
    names: list[str] = []
    for column in frame.columns:
        name = str(column)
        while name in names:
            name += "_"
        names.append(name)
    frame.columns = names
    return frame


def card_for(dataset_id: str, frame: pd.DataFrame, title: str, **about: Any) -> Card:
    """A full card for a tidy frame: shape, dtypes in column order and the level."""
    level, reasons = levels.level_of(frame)
    source = dataset_id.partition(":")[0]
    return Card(
        id=dataset_id,
        source=source,
        title=title,
        rows=int(frame.shape[0]),
        columns=int(frame.shape[1]),
        dtypes={str(name): str(dtype) for name, dtype in frame.dtypes.items()},
        level=level,
        level_reasons=reasons,
        **about,
    )


def entry_for(card: Card) -> Entry:
    return Entry(
        id=card.id,
        source=card.source,
        level=card.level,
        rows=card.rows,
        columns=card.columns,
        title=card.title,
    )


# -- the index cache ----------------------------------------------------------


@dataclass
class Index:
    """What a source offers: its entries, and the datasets it had to skip (id -> why)."""

    entries: list[Entry]
    skipped: dict[str, str] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0  # how long the build took

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "rule": rule_fingerprint(),
            "versions": self.versions,
            "seconds": round(self.seconds, 2),
            "entries": [e.to_json() for e in self.entries],
            "skipped": self.skipped,
        }

    @classmethod
    def from_json(cls, data: Any, versions: dict[str, str]) -> Index | None:
        """The index in ``data``, or None if it has the wrong shape or is stale."""
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return None
        if data.get("rule") != rule_fingerprint() or data.get("versions") != versions:
            return None
        try:
            entries = [Entry(**row) for row in data["entries"]]
            skipped = {str(k): str(v) for k, v in data["skipped"].items()}
            seconds = float(data.get("seconds", 0.0))
        except (KeyError, TypeError, AttributeError, ValueError):
            return None
        if not all(_valid_entry(e) for e in entries):
            return None
        return cls(entries=entries, skipped=skipped, versions=versions, seconds=seconds)


def _valid_entry(entry: Entry) -> bool:
    return (
        isinstance(entry.id, str)
        and isinstance(entry.title, str)
        and entry.level in (1, 2, 3, 4)
        and all(isinstance(n, int) and n >= 0 for n in (entry.rows, entry.columns))
    )


def rule_fingerprint() -> str:
    """The level rule's thresholds: changing one invalidates every cached index."""
    names = sorted(n for n in dir(levels) if n.isupper() and not n.startswith("_"))
    return ";".join(f"{n}={getattr(levels, n)!r}" for n in names if not callable(getattr(levels, n)))


def cache_dir() -> Path:
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / APP_DIR


POOL_ENV = "DRILL_POOL_DIR"


def pool_dir() -> Path:
    """The local pool of downloaded datasets (``$DRILL_POOL_DIR``, else ``<cache_dir>/pool``):
    shared by every results folder, and outside the folder JupyterLab serves."""
    explicit = os.environ.get(POOL_ENV)
    return Path(explicit).expanduser() if explicit else cache_dir() / "pool"


def index_path(name: str) -> Path:
    return cache_dir() / f"{name}-index.json"


def read_index(path: Path, versions: dict[str, str]) -> Index | None:
    """The cached index at ``path``; None if missing, unreadable, corrupt or stale."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return Index.from_json(data, versions)


def write_index(path: Path, index: Index) -> None:
    """Write atomically: a reader sees the old file or the new one, never half."""
    atomic.write_json(path, index.to_json(), indent=1)


def cached_index(name: str, versions: dict[str, str], build: Callable[[], Index]) -> Index:
    """The index of source ``name``: from the cache, or built (and cached) now."""
    path = index_path(name)
    index = read_index(path, versions)
    if index is not None:
        return index
    print(f"eda-drill: indexing the {name} datasets once (cached in {path})...", file=sys.stderr)
    started = time.perf_counter()
    index = build()
    index.versions = versions
    index.seconds = time.perf_counter() - started
    try:
        write_index(path, index)
    except OSError as exc:  # a read-only home still gets a catalog, just not a cached one
        print(f"eda-drill: could not cache the index at {path}: {exc}", file=sys.stderr)
    return index
