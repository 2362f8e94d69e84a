"""Reading a CSV the way it was written: the delimiter sniffed, renamed columns noted, a misread flagged.

A semicolon-separated file read with commas is one column named ``a;b;c``
and nothing says so; duplicate names silently become ``a.1``.  Here:

* :func:`sniff` picks the delimiter (``,`` ``;`` tab ``|``) that splits the
  first lines into the same number of fields (two or more) on nearly every
  line, preferring the one the file name suggests (tab for ``.tsv``);
* :func:`read_csv` reads with it and returns notes for the card: which
  delimiter was used, and every column pandas had to rename (a duplicate or
  an empty name);
* :func:`misread` is a one-line warning (a ``UserWarning``, and a note on the
  card) when a column looks like it holds several (its name and most of its
  values contain another delimiter).

May import: pandas (inside functions) and the standard library.
"""

from __future__ import annotations

import csv
import gzip
import io
import warnings
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
SAMPLE_BYTES = 64 * 1024
SAMPLE_LINES = 100
AGREEMENT = 0.9  # share of sampled lines that must split into the same number of fields


def shown(delimiter: str) -> str:
    return f"{delimiter!r} ({DELIMITERS[delimiter]})"


def _sample(path: Path) -> str:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        raw = handle.read(SAMPLE_BYTES + 1)
    text = raw[:SAMPLE_BYTES].decode("utf-8", errors="replace")
    lines = text.splitlines(keepends=True)
    if len(raw) > SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line was cut short by the sample
    return "".join(lines[:SAMPLE_LINES])


def _agreement(sample: str, delimiter: str) -> tuple[float, int]:
    """(share of rows with the most common field count, that count)."""
    try:
        counts = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
    except csv.Error:
        return 0.0, 0
    if not counts:
        return 0.0, 0
    fields, rows = Counter(counts).most_common(1)[0]
    return rows / len(counts), fields


def sniff(sample: str, preferred: str = ",") -> tuple[str, bool]:
    """``(delimiter, detected)``: the delimiter that splits ``sample`` consistently into two or more fields
    (the preferred one if it does), else ``(preferred, False)``."""
    scores = {d: _agreement(sample, d) for d in DELIMITERS}
    fitting = {d: s for d, s in scores.items() if s[0] >= AGREEMENT and s[1] >= 2}
    if preferred in fitting:
        return preferred, True
    if not fitting:
        return preferred, False
    return max(fitting, key=lambda d: fitting[d]), True


def renamed_columns(header: list[str], columns: list[str]) -> list[str]:
    """Notes on the names pandas changed (a duplicate gets ``.1``, an empty name ``Unnamed: N``)."""
    notes = []
    for position, (wanted, got) in enumerate(zip(header, columns, strict=False), start=1):
        if wanted == got:
            continue
        if not wanted.strip():
            notes.append(f"column {position} has no name in the file: called {got!r}")
        elif wanted in header[: position - 1]:
            notes.append(f"duplicate column name {wanted!r} (column {position}) renamed to {got!r}")
    return notes


def read_csv(path: Path, preferred: str = ",") -> tuple[pd.DataFrame, list[str]]:
    """The file's frame and the card's notes (the delimiter used, renamed columns)."""
    import pandas as pd

    sample = _sample(path)
    delimiter, detected = sniff(sample, preferred)
    frame = pd.read_csv(path, sep=delimiter)
    how = "detected" if detected else "no delimiter split the first lines evenly: the default"
    notes = [f"read as CSV with {shown(delimiter)} between fields ({how})"]
    header = next(csv.reader(io.StringIO(sample), delimiter=delimiter), [])
    notes += renamed_columns(header, [str(c) for c in frame.columns])
    problem = misread(frame, delimiter)
    if problem:  # on the card, and once on stderr (`drill start` shows warnings)
        notes.append(problem)
        warnings.warn(problem, UserWarning, stacklevel=2)
    return frame, notes


def misread(frame: pd.DataFrame, delimiter: str) -> str | None:
    """A one-line warning when a column seems to hold several (name and most values contain another delimiter)."""
    for column in frame.columns:
        name = str(column)
        values = frame[column].dropna()
        if values.empty or values.dtype != object:
            continue
        texts = values.astype(str)
        for other in DELIMITERS:
            if other != delimiter and other in name and texts.str.contains(other, regex=False).mean() > 0.5:
                return (f"column {name!r} looks like several columns read as one: its name and most of its values "
                        f"contain {shown(other)}, but the file was read with {shown(delimiter)}; check the file's "
                        "delimiter (a line with a different number of fields?)")
    return None
