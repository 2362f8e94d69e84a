"""The plain-English phrasings of every kind, one table per family of kinds.

``missing`` (missing values, missing together, duplicate rows, and claims
said of the whole dataset), ``shape`` (one column's distribution, values and
type) and ``relations`` (correlated and associated columns).  The reader tries
:data:`ALIASES` in this order: dataset level first (so "the data has
duplicates" is not read as a column called "data"), then missing together
(before "missing" reads "Ozone and Solar.R" as one column), then the rest.

May import: ``runner.grading.vocabulary`` (its ``Alias`` and regex parts).
"""

from __future__ import annotations

import functools
import re

from runner.grading.phrasing import missing, relations, shape
from runner.grading.vocabulary import Alias

ALIASES: tuple[Alias, ...] = tuple(Alias(*row) for row in (
    missing.DUPLICATES + missing.TOGETHER + missing.MISSING + shape.ALIASES + relations.ALIASES))
WIDE: tuple[Alias, ...] = tuple(Alias(*row) for row in missing.WIDE)


@functools.cache
def alias_regexes() -> list[tuple[Alias, re.Pattern[str]]]:
    return [(alias, alias.regex) for alias in ALIASES]  # compiled on first use: importing stays cheap


@functools.cache
def wide_regexes() -> list[tuple[Alias, re.Pattern[str]]]:
    return [(alias, alias.regex) for alias in WIDE]
