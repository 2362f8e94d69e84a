"""What every dataset source hands downstream: a card and a frame.

A *source* lists entries (cheap: id, level, shape, title) and loads one entry
into a :class:`Dataset` (expensive).  Sources register themselves in
``runner.sources.REGISTRY`` so that built-ins and network sources are found
the same way.
"""

from __future__ import annotations

import html
import re
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


# -- untrusted text in Markdown ------------------------------------------------------------------
# Titles come from file names, names from a file's header, descriptions from OpenML, UCI or an
# ARFF file's comments: any of them may hold HTML meant to run in the learner's browser.

_UNSAFE_LINK = re.compile(r"(\]\(\s*<?\s*)(javascript|vbscript|data|file)\s*:", re.IGNORECASE)


def inline(text: Any) -> str:
    """A short untrusted string inline: one line, no HTML (``&<>`` as entities), no link brackets."""
    flat = " ".join(str(text).split())
    flat = flat.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("|", "\\|")
    return html.escape(flat, quote=False)


def code(text: Any, table: bool = False) -> str:
    """An untrusted name as a code span it cannot leave (its fence is longer than any run of
    backticks in it); in a table cell, ``|`` is escaped as GFM requires."""
    flat = " ".join(str(text).split()) or " "
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    if table:
        flat = flat.replace("|", "\\|")
    return f"{fence}{pad}{flat}{pad}{fence}"


def block(text: str) -> str:
    """An untrusted Markdown text (a description): its Markdown kept, no raw HTML or autolink
    (every ``<`` becomes ``&lt;``), no script link (``javascript:``, ``data:``...)."""
    text = _UNSAFE_LINK.sub(lambda m: f"{m.group(1)}#unsafe-{m.group(2).lower()}-", text.strip())
    return text.replace("<", "&lt;")


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
        """The card as Markdown with every untrusted string (title, names, notes, description)
        made inert: no raw HTML survives, names sit in code spans they cannot leave."""
        lines = [f"# {inline(self.title)}", "",
                 f"{code(self.id)}: {self.rows} rows, {self.columns} columns, level {self.level}."]
        if self.target:
            lines.append(f"Target column: {code(self.target)}.")
        if self.origin or self.license:
            lines += ["", f"Source: {inline(self.origin or 'unknown')}. Licence: {inline(self.license or 'unknown')}."]
        for note in self.notes:
            lines.append(f"Note: {inline(note)}")
        lines += ["", "| column | type |", "|---|---|"]
        lines += [f"| {code(name, table=True)} | {inline(dtype)} |" for name, dtype in self.dtypes.items()]
        if self.description:
            # the description's own headings sit below this card's "Description"
            text = "\n".join("##" + ln if ln.startswith("#") else ln for ln in block(self.description).splitlines())
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
