"""Reading the phrasing corpus (``tests/phrasing_corpus.tsv``) and checking each line's reading.

Shared by ``tests/test_phrasing_corpus.py`` and ``benchmarks/phrasing.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from runner.grading.grammar import canonical, parse_line

CORPUS = Path(__file__).with_name("phrasing_corpus.tsv")


@dataclass
class Line:
    dataset: str
    columns: list[str]
    text: str
    expected: str | None  # canonical form, None: must stay ungradeable
    number: int


@dataclass
class Reading:
    line: Line
    read: str | None  # canonical form of the reading, None when ungradeable
    problem: str | None

    @property
    def right(self) -> bool:
        return self.read == self.line.expected

    @property
    def wrong(self) -> bool:
        """Read as another kind or other columns than intended (worse than not read at all)."""
        if self.read is None:
            return False
        if self.line.expected is None:
            return True
        got, want = parse_line(self.read, self.line.columns), parse_line(self.line.expected, self.line.columns)
        return (got.kind, sorted(got.columns), got.negated) != (want.kind, sorted(want.columns), want.negated)


def load(path: Path = CORPUS) -> list[Line]:
    lines, dataset, columns = [], "", []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        if raw.startswith("@"):
            dataset, _, names = raw[1:].partition(":")
            dataset, columns = dataset.strip(), [n.strip() for n in names.split("|")]
            continue
        text, expected = raw.split("\t")
        lines.append(Line(dataset, columns, text, None if expected.strip() == "-" else expected.strip(), number))
    return lines


def read(line: Line) -> Reading:
    claim = parse_line(line.text, line.columns)
    return Reading(line, canonical(claim) if claim.gradeable else None, claim.problem)


def read_all(path: Path = CORPUS) -> list[Reading]:
    return [read(line) for line in load(path)]
