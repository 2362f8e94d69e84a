"""The recipe of a planted variant: which patterns, where, how strong, drawn from the seed and the level.

:func:`draw` plants a recipe on a copy of the base frame:

1. The kinds are shuffled with the seed; the first ``PATTERNS_BY_LEVEL[level]``
   that fit the data are planted (the base's level: a clean base takes more
   patterns, a base messy by nature fewer, since it has more to find already).
   Near duplicates, when drawn, are planted after the others (they copy rows,
   planted values and all) and the other patterns' rows are mapped to the
   new positions.
2. Each column carries at most one pattern, and a pattern's driver, target
   or grouping is reserved too (``Pattern.reserves``): two patterns never
   touch one column, so none can cancel another.
3. Every pattern is checked on the final variant by its detector (it must be
   detectable at its stated strength), and the base's own strong
   correlations (|rho| >= ``STRONG``) must survive (same sign, |rho| >=
   ``KEPT``) and the missing share of every column no pattern touched must
   stay within ``KEPT_MISSING``; the planted Simpson pair alone may change.
   A draw that fails a check is redrawn (``ATTEMPTS`` times, each from the
   seed and the attempt number), so the same seed always gives the same
   variant.

May import: this package's ``pattern``, ``values``, ``missing``, ``relations``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from runner.sources.planted import measure, missing, relations, values
from runner.sources.planted.pattern import Context, Pattern, shuffled

PLANTERS: dict[str, tuple[Callable, Callable]] = {
    "entry_errors": (values.plant_entry_errors, values.check_entry_errors),
    "inconsistent_categories": (values.plant_inconsistent_categories, values.check_inconsistent_categories),
    "heaping": (values.plant_heaping, values.check_heaping),
    "mcar": (missing.plant_mcar, missing.check_mcar),
    "missing_depends": (missing.plant_missing_depends, missing.check_missing_depends),
    "mnar": (missing.plant_mnar, missing.check_mnar),
    "simpson": (relations.plant_simpson, relations.check_simpson),
    "leakage": (relations.plant_leakage, relations.check_leakage),
    "drift": (values.plant_drift, values.check_drift),
    "near_duplicates": (relations.plant_near_duplicates, relations.check_near_duplicates),
}
KINDS = tuple(PLANTERS)
PATTERNS_BY_LEVEL = {1: 4, 2: 4, 3: 3, 4: 2}
ATTEMPTS = 4
STRONG, KEPT, KEPT_MISSING = 0.5, 0.3, 0.02


class CannotPlant(Exception):
    """No recipe fits this base (too few rows or columns of the kinds asked for)."""


@dataclass
class Recipe:
    base: str
    seed: int
    level: int
    patterns: list[Pattern]
    attempt: int = 0
    preserved: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"base": self.base, "seed": self.seed, "level": self.level, "attempt": self.attempt,
                "patterns": [p.to_json() for p in self.patterns], "preserved": self.preserved}

    @property
    def touched(self) -> set[str]:
        return {c for p in self.patterns for c in p.reserves}


def draw(frame: pd.DataFrame, seed: int, level: int, *, base: str = "", target: str | None = None,
         kinds: Sequence[str] | None = None) -> tuple[pd.DataFrame, Recipe]:
    """The variant and its recipe (``kinds``: plant exactly these, in this order, as the tests do)."""
    unknown = [k for k in kinds or () if k not in PLANTERS]
    if unknown:
        raise ValueError(f"unknown planted kind(s): {', '.join(unknown)}")
    frame = frame.reset_index(drop=True)
    why = "no planted problem fits this dataset"
    for attempt in range(ATTEMPTS):
        rng = np.random.default_rng([seed, attempt])
        try:
            variant, patterns, preserved = _attempt(frame, rng, level, target, kinds)
        except CannotPlant as exc:
            why = str(exc)
            continue
        return variant, Recipe(base, seed, level, patterns, attempt, preserved)
    raise CannotPlant(why)


def _order(rng: np.random.Generator, kinds: Sequence[str] | None) -> list[str]:
    if kinds:
        return list(kinds)
    return shuffled(rng, list(KINDS))


def _attempt(frame: pd.DataFrame, rng: np.random.Generator, level: int, target: str | None,
             kinds: Sequence[str] | None) -> tuple[pd.DataFrame, list[Pattern], dict[str, Any]]:
    want = len(kinds) if kinds else PATTERNS_BY_LEVEL.get(level, 3)
    ctx = Context(frame, target)
    working, patterns, reserved = frame, [], set()
    order = _order(rng, kinds)
    deferred = "near_duplicates" in order[:want] or (kinds and "near_duplicates" in kinds)
    for kind in order:
        if len(patterns) + int(bool(deferred)) >= want:
            break
        if kind == "near_duplicates":
            continue
        result = _plant(kind, working, rng, reserved, ctx, patterns)
        if result is not None:
            working, pattern = result
            patterns.append(pattern)
            reserved |= set(pattern.reserves)
    origin = np.arange(len(working))
    if deferred:
        result = _plant("near_duplicates", working, rng, reserved, ctx, patterns)
        if result is not None:
            working, pattern = result
            origin = np.asarray(pattern.params.pop("origin"))
            for other in patterns:
                other.rows = _remap(other.rows, origin)
            patterns.append(pattern)
    if not patterns or (kinds and len(patterns) < len(kinds)):
        planted = {p.kind for p in patterns}
        missing_kinds = [k for k in (kinds or KINDS) if k not in planted]
        raise CannotPlant(f"could not plant {', '.join(missing_kinds)} in this dataset (too few rows, or no column "
                          "of the right kind)")
    final = Context(frame.iloc[origin].reset_index(drop=True), target)
    for pattern in patterns:
        pattern.check = PLANTERS[pattern.kind][1](pattern, working, final)
        if not pattern.check["ok"]:
            raise CannotPlant(f"the planted {pattern.kind} did not show after planting")
    preserved = preservation(frame, working, patterns)
    if not preserved["ok"]:
        raise CannotPlant("planting destroyed a pattern of the base")
    return working, patterns, preserved


def _plant(kind: str, working: pd.DataFrame, rng: np.random.Generator, reserved: set[str],
           ctx: Context, planted: list[Pattern]) -> tuple[pd.DataFrame, Pattern] | None:
    """One pattern planted on ``working``, or None when it does not fit, does not show, or breaks a pattern
    of the base (a Simpson reversal shifts one column of its pair, which may carry the base's strongest
    relations: then the recipe takes the next kind in its order instead of failing the whole draw)."""
    free = [str(c) for c in working.columns if str(c) not in reserved]
    result = PLANTERS[kind][0](working, rng, free, ctx)
    if result is None:
        return None
    variant, pattern = result
    check = PLANTERS[kind][1](pattern, variant, Context(ctx.base, ctx.target))
    if not check["ok"] or (kind != "near_duplicates" and not preservation(ctx.base, variant, [*planted, pattern])["ok"]):
        return None
    return variant, pattern


def _remap(rows: list[int], origin: np.ndarray) -> list[int]:
    wanted = set(rows)
    return [int(i) for i, o in enumerate(origin) if int(o) in wanted]


def strong_pairs(frame: pd.DataFrame) -> dict[tuple[str, str], float]:
    numbers = [str(c) for c in frame.columns if measure.is_number(frame[c]) and frame[c].nunique() > 2][:30]
    if len(numbers) < 2:
        return {}
    rho = frame[numbers].rank().corr()
    return {(a, b): float(rho.loc[a, b]) for i, a in enumerate(numbers) for b in numbers[i + 1:]
            if np.isfinite(rho.loc[a, b]) and abs(rho.loc[a, b]) >= STRONG}


def preservation(base: pd.DataFrame, variant: pd.DataFrame, patterns: list[Pattern]) -> dict[str, Any]:
    """The base's strong correlations and untouched columns' missing shares, before and after."""
    allowed = {frozenset(p.columns[:2]) for p in patterns if p.kind == "simpson"}
    pairs, ok = [], True
    for (a, b), before in strong_pairs(base).items():
        if frozenset((a, b)) in allowed:
            continue
        ranked = variant[[a, b]].rank()
        after = float(ranked[a].corr(ranked[b]))
        kept = bool(np.isfinite(after) and np.sign(after) == np.sign(before) and abs(after) >= KEPT)
        ok &= kept
        pairs.append({"columns": [a, b], "base": round(before, 3), "variant": round(after, 3), "kept": kept})
    touched = {c for p in patterns for c in p.reserves}
    shares = []
    for column in base.columns:
        if str(column) in touched:
            continue
        before, after = float(base[column].isna().mean()), float(variant[column].isna().mean())
        kept = abs(before - after) <= KEPT_MISSING
        ok &= kept
        if before or after:
            shares.append({"column": str(column), "base": round(before, 4), "variant": round(after, 4), "kept": kept})
    return {"ok": bool(ok), "correlations": pairs, "missing": shares,
            "rule": f"strong base correlations (|rho| >= {STRONG:g}) keep their sign and |rho| >= {KEPT:g}; "
                    f"untouched columns keep their missing share within {KEPT_MISSING * 100:g} points"}
