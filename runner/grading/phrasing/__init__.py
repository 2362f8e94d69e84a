"""The plain-English phrasings of every kind, one table per family of kinds.

``missing`` (missing values, missing together, duplicate rows, and claims
said of the whole dataset), ``shape`` (one column's distribution, values and
type), ``relations`` (correlated and associated columns) and ``planted`` (the
kinds of issue #14).  The reader tries :data:`ALIASES` in this order: the
planted kinds, then dataset level (so "the data has
duplicates" is not read as a column called "data"), then missing together
(before "missing" reads "Ozone and Solar.R" as one column), then the rest.

Each family has a *trigger*: words at least one of which every line it can
read contains.  A family is compiled on first use and only tried on lines
that trigger it, so grading stays well under a second (compiling every
phrasing costs about half a second; tests/test_hypotheses.py checks that no
phrasing matches a line its trigger would skip).

May import: ``runner.grading.vocabulary`` (its ``Alias`` and regex parts).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from runner.grading.phrasing import missing, planted, relations, shape
from runner.grading.vocabulary import Alias

#: (trigger, phrasings), in the order they are tried.
_FAMILIES: tuple[tuple[str, tuple], ...] = (
    # the planted kinds first (issue #14): "missing not at random" is no plain "missing", "near duplicates" no
    # duplicate rows
    (r"error|mistake|problem|issue|mix|flip|impossible|invalid|placeholder|sentinel|units|reversed",
     planted.ENTRY_ERRORS),
    (r"spell|typo|label|categor|level|capitali|casing|\bcase\b|variant|written|typed", planted.INCONSISTENT),
    (r"heap|round|digit pref|multiples", planted.HEAPING),
    (r"random|mcar|mnar|nmar|\bmar\b|missing|gaps|\bnans?\b|\bnas\b", planted.MECHANISM),
    (r"near|almost|fuzzy|edits|changes|differences|modifications", planted.NEAR_DUPLICATES),
    (r"simpson|revers|flip|changes sign|invert", planted.SIMPSON),
    (r"leak|proxy|gives away|reveals|encodes|derived|computed|copy of|relabel|basically is", planted.LEAKAGE),
    (r"drift|shift|jump|change ?point|structural break|stable|stationary|mean of|level of|average of|variance of"
     r"|spread of|variability of", planted.DRIFT),
    (r"dup|repeat|identical|cop(?:y|ies)|twice|more than once|several times|multiple times|two times|unique"
     r"|distinct|different", missing.DUPLICATES),
    (r"together|same|when|\bif\b|share|jointly|simultan|independ|separate|lack|miss\b|correlat|relat|associat|link",
     missing.TOGETHER),
    (r"miss|null|nan|\bnas?\b|n/a|empty|blank|absent|unknown|unrecorded|recorded|available|complete|gap|hole"
     r"|populated|present|filled|observed", missing.MISSING),
    (r"skew|tail|symmetr", shape.SKEWED),
    (r"outl|extreme|anomal|unusual|suspicious", shape.OUTLIERS),
    (r"zero|\b0s?\b", shape.ZEROS),
    (r"constant|one|single|\b1\b|chang|var(?:y|ies)|same", shape.CONSTANT),
    (r"unique|distinct|different|\bids?\b|identifier|key|index|dup|repeat", shape.UNIQUE),
    (r"cardinality|many|lots|a lot|number|hundreds|dozens|few|handful", shape.CARDINALITY),
    (r"balanc|split|divided|domin|majority|equal", shape.BALANCE),
    (r"uniform|even|flat|spread", shape.UNIFORM),
    (r"\binf|infinit", shape.INFINITE),
    (r"type|numeric|number|integer|\bints?\b|float|continuous|categor|nominal|ordinal|factor|date|time|text"
     r"|string|\bstrs?\b|bool|binary|true/false|stored|encoded|coded|treated", shape.TYPES),
    (r"correl|relat|associat|link|connect|tied|depend|independ|covar|co-var|move|\bgo|vary|varies|change|trend"
     r"|rise|grow|increas|decreas|fall|drop|declin|shrink|climb|higher|lower|larger|smaller|bigger|more|less"
     r"|fewer|differ|distinct|shift|predict|explain|estimat|guess|driv|influen|affect|impact|determin|shape"
     r"|nothing to do|opposite|contrary|tandem|step|hand|same|hinge|rel(?:y|ies)", relations.CORRELATED),
)

ALIASES: tuple[Alias, ...] = tuple(Alias(*row) for _, rows in _FAMILIES for row in rows)
WIDE: tuple[Alias, ...] = tuple(Alias(*row) for row in missing.WIDE)


@functools.cache
def _triggers() -> list[tuple[re.Pattern[str], tuple[Alias, ...]]]:
    out, start = [], 0
    for trigger, rows in _FAMILIES:
        out.append((re.compile(trigger, re.IGNORECASE), ALIASES[start:start + len(rows)]))
        start += len(rows)
    return out


@functools.cache
def _compiled(alias: Alias) -> re.Pattern[str]:
    return alias.regex


def candidates(line: str) -> Iterator[tuple[Alias, re.Pattern[str]]]:
    """The phrasings that may read ``line``, in order, each compiled on first use."""
    for trigger, aliases in _triggers():
        if trigger.search(line):
            for alias in aliases:
                yield alias, _compiled(alias)


def triggered(alias: Alias, line: str) -> bool:
    """Whether ``alias``'s family would be tried on ``line`` (for the test that triggers never hide a reading)."""
    return any(alias in aliases and trigger.search(line) for trigger, aliases in _triggers())


@functools.cache
def wide_regexes() -> list[tuple[Alias, re.Pattern[str]]]:
    return [(alias, alias.regex) for alias in WIDE]
