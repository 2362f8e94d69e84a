"""One planted pattern: what was done, where, how strong, and the check that it shows.

May import: nothing of the project.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Pattern:
    """A planted pattern as the recipe records it (the ground truth the grade reads).

    ``columns`` are the columns a right claim names (``missing_depends``: the
    column, then what its missingness depends on; ``simpson``: the pair, then
    the grouping column; ``near_duplicates``: none); ``reserves`` every column
    it touched or relies on, which no other pattern of the recipe may touch
    (so two patterns never cancel); ``rows``: the affected rows (0-based
    positions in the variant); ``check``: the detector's answer after
    injection.
    """

    kind: str
    columns: list[str]
    qualifier: str | None
    detail: str
    rows: list[int] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    reserves: list[str] = field(default_factory=list)
    check: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Pattern:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass
class Context:
    """What a planter may read besides the working frame: the untouched base and its target."""

    base: Any  # the base frame (pandas), never modified
    target: str | None = None


def share_text(count: int, total: int) -> str:
    return f"{count} of {total} rows ({count / total:.1%})" if total else f"{count} rows"


def rows_text(rows: list[int], limit: int = 8) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return f"rows {shown}" + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def shuffled(rng: Any, items: list[str]) -> list[str]:
    """``items`` in a random order drawn from ``rng`` (the order a planter tries its candidates in)."""
    return [items[i] for i in rng.permutation(len(items))]
