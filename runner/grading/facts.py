"""The profile's facts as the grader reads them: loading ``profile.json``, naming columns, evidence.

Reads only ``profile.json`` (written by :mod:`runner.profile`): no pandas, no
fg-data-profiling, so grading stays well under a second.  Column names match
exactly, then case-insensitively, then by the original name a column had
before it was made unique (see ``facts["renamed"]``).

May import: ``runner.errors`` and this package's ``thresholds``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from runner.errors import ProfileError
from runner.grading.thresholds import FACTS_VERSION

TYPES = ("numeric", "categorical", "datetime", "text", "boolean")
COEFFICIENTS = {"spearman": "Spearman's rho", "cramers_v": "Cramér's V", "eta": "rank correlation ratio eta"}
#: The coefficient's name as evidence sentences use it ("rho -0.45 over 110 rows").
SHORT = {"spearman": "rho", "cramers_v": "Cramér's V", "eta": "eta"}
RERUN = "rerun it with `drill grade --rerun-profile`"


@dataclass
class Evidence:
    """What a judge measured for a claim.

    ``holds``: the claimed pattern is present (None: it cannot be judged); ``verdict``: set by the
    judges of banded kinds, which weigh strength and significance themselves (else the grade derives
    it from ``holds`` and ``not``); ``strength``: the observed band; ``p_value`` and ``test``: the
    test of "no pattern"; ``anchor``: the id of the profile report's section that shows it.
    """

    value: float | str | None
    threshold: str
    holds: bool | None
    detail: str
    strength: str | None = None
    p_value: float | None = None
    test: str | None = None
    verdict: str | None = None
    anchor: str | None = None

    def to_json(self) -> dict:
        out = {"value": self.value, "threshold": self.threshold, "detail": self.detail}
        if self.strength is not None:
            out["strength"] = self.strength
        if self.p_value is not None or self.test is not None:
            out["p_value"] = self.p_value
            out["test"] = self.test
        if self.anchor is not None:
            out["anchor"] = self.anchor
        return out


@dataclass
class Finding:
    """A notable pattern.  ``members``: the (kind, columns) a claim may name to address it, besides
    its own (a block of correlated columns is addressed by any of its pairs; columns missing in the
    same rows by "missing" about any of them; a zero-inflated column by "skewed" or "outliers")."""

    kind: str
    columns: list[str]
    evidence: Evidence
    importance: float
    members: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def keys(self) -> set[tuple[str, frozenset[str]]]:
        own = {(self.kind, frozenset(c.casefold() for c in self.columns))}
        return own | {(kind, frozenset(c.casefold() for c in cols)) for kind, cols in self.members}


def load_facts(path: Path | str) -> dict:
    """Read ``profile.json``; any problem is a one-line :class:`ProfileError`."""
    path = Path(path)
    try:
        facts = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"no profile at {path}", hint="wait for the background profile to finish") from None
    except (OSError, ValueError) as exc:
        raise ProfileError(f"corrupt profile {path}: {exc}", hint=RERUN) from None
    if not isinstance(facts, dict) or not isinstance(facts.get("columns"), dict) or "dataset" not in facts:
        raise ProfileError(f"corrupt profile {path}: no columns or dataset", hint=RERUN)
    if facts.get("facts_version") != FACTS_VERSION:
        raise ProfileError(f"profile {path} has layout {facts.get('facts_version')}, expected {FACTS_VERSION}",
                           hint=RERUN)
    return facts


def _pct(share: float) -> str:
    if 0 < share < 0.001:
        return "< 0.1%"
    if 0.999 < share < 1:
        return "> 99.9%"
    return f"{share * 100:.1f}%".replace(".0%", "%")


def _num(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 1e5 else f"{value:,.0f}"


def _none(threshold: str, detail: str, anchor: str | None = None) -> Evidence:
    return Evidence(None, threshold, None, detail, anchor=anchor)


def shown(facts: Mapping, name: str) -> str:
    """A column as the learner sees it (its original name, never the profiler's ``index__2``); a name
    the learner's frame holds twice says which one (``a (column 3)``)."""
    columns = facts["columns"]
    col = columns.get(name)
    if col is None:
        return name
    original = col.get("original", name)
    twins = [n for n, c in columns.items() if c.get("original", n) == original]
    if len(twins) > 1:
        return f"{original} (column {list(columns).index(name) + 1})"
    return original


def resolve(facts: Mapping, name: str) -> str | None:
    """The facts' name for a column the learner wrote, or None."""
    columns = facts["columns"]
    if name in columns:
        return name
    folded = name.casefold()
    for test in (lambda n, c: n.casefold() == folded, lambda n, c: c["original"] == name,
                 lambda n, c: c["original"].casefold() == folded):
        for candidate, column in columns.items():
            if test(candidate, column):
                return candidate
    return None
