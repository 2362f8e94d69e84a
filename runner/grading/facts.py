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
from dataclasses import dataclass
from pathlib import Path

from runner.errors import ProfileError
from runner.grading.thresholds import FACTS_VERSION

KINDS = ("missing", "skewed", "correlated", "outliers", "zeros", "constant", "unique", "high_cardinality",
         "imbalanced", "uniform", "infinite", "duplicates", "type")
TYPES = ("numeric", "categorical", "datetime", "text", "boolean")
COEFFICIENTS = {"spearman": "Spearman's rho", "cramers_v": "Cramér's V", "eta": "rank correlation ratio eta"}
RERUN = "rerun it with `drill grade --rerun-profile`"


@dataclass
class Evidence:
    value: float | str | None
    threshold: str
    holds: bool | None
    detail: str


@dataclass
class Finding:
    kind: str
    columns: list[str]
    evidence: Evidence
    importance: float


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


def _none(threshold: str, detail: str) -> Evidence:
    return Evidence(None, threshold, None, detail)


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
