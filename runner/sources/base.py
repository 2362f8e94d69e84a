"""What every dataset source hands downstream: a card and a frame.

A *source* lists entries (cheap: id, level, shape, title) and loads one entry
into a :class:`Dataset` (expensive).  Sources register themselves in
``runner.sources.REGISTRY`` so that built-ins and network sources are found
the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # pandas is imported lazily: `drill --help` stays fast
    import pandas as pd


@dataclass
class Entry:
    """One row of ``drill datasets``: the JSON contract is ``asdict(entry)``."""

    id: str
    source: str
    level: int
    rows: int
    columns: int
    title: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Card:
    """What the learner may see before looking at the data (no values)."""

    id: str
    source: str
    title: str
    description: str = ""
    license: str = ""
    origin: str = ""  # where the data came from: package, URL, citation
    rows: int = 0
    columns: int = 0
    dtypes: dict[str, str] = field(default_factory=dict)  # column -> dtype, in order
    target: str | None = None
    level: int = 0
    level_reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "sampled 100000 of 2M rows"

    @property
    def column_names(self) -> list[str]:
        return list(self.dtypes)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["column_names"] = self.column_names
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Card:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_markdown(self) -> str:
        lines = [f"# {self.title}", "", f"`{self.id}`: {self.rows} rows, {self.columns} columns, level {self.level}."]
        if self.target:
            lines.append(f"Target column: `{self.target}`.")
        if self.origin or self.license:
            lines += ["", f"Source: {self.origin or 'unknown'}. Licence: {self.license or 'unknown'}."]
        for note in self.notes:
            lines.append(f"Note: {note}")
        lines += ["", "| column | type |", "|---|---|"]
        lines += [f"| `{name}` | {dtype} |" for name, dtype in self.dtypes.items()]
        if self.description:
            # the description's own headings sit below this card's "Description"
            text = "\n".join("##" + ln if ln.startswith("#") else ln for ln in self.description.strip().splitlines())
            lines += ["", "## Description", "", text]
        return "\n".join(lines) + "\n"


@dataclass
class Dataset:
    card: Card
    frame: pd.DataFrame
    #: the ground truth a planted or null variant hands the drill (``runner.sources.planted.truth``);
    #: kept out of the learner's sight until the seal.  None for an ordinary dataset.
    truth: dict[str, Any] | None = None


class Source(Protocol):
    """A registered way to find datasets (``builtin``, ``file``, ``openml``...)."""

    name: str

    def entries(self) -> list[Entry]:
        """Every dataset this source offers, without loading frames."""
        ...

    def load(self, key: str) -> Dataset:
        """Load ``key`` (the part of the id after ``SOURCE:``) or raise UnknownDataset."""
        ...
