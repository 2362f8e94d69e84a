"""Strength bands, significance, and the verdict they give a claim.

A banded kind measures its pattern on a scale of ordered bands, the lowest
being "no pattern" (the null band), with edges in the drill spec's
``grading:`` block:

    correlated, missing_together  negligible < correlation_weak <= weak < correlation_moderate
                                  <= moderate < correlation <= strong     (|coefficient|)
    skewed                        symmetric < skewness_moderate <= moderate <= skewness < strong
                                                                          (|skewness|)
    imbalanced                    balanced: smallest/largest level share >= balanced;
                                  slight: >= imbalance_moderate; moderate: below it;
                                  strong: the profile's imbalance score > imbalance

A claim names the bands it accepts (its *target*): an unqualified claim
("correlated", "skewed", "imbalanced") accepts moderate or strong; "weak",
"moderate", "strong" (and their adverbs) accept their own band ("slightly
skewed" is the moderate band: skewness has no weak band); "not ..." accepts
the null band alone, and "not strongly ..." every band but strong.  Each
measure comes with a test of "no pattern" at the claim's sample size
(significant when p < ``alpha``).  The verdict:

* **confirmed**: the observed band is in the target (and, for a claim that a
  pattern exists, it is significant);
* **partly**: the pattern is there (significant) but in another band than
  claimed ("strongly correlated" at a weak correlation; "correlated" at a weak
  one), or, for a claim of no pattern, a significant pattern in the band next
  to the null band ("uncorrelated" at a weak correlation);
* **inconclusive**: the observed strength would matter but is not
  significant: too few rows to tell it from chance, either way;
* **refuted**: the null band was observed for a claim that a pattern exists,
  or a significant pattern two or more bands from a claim of none.

May import: nothing (pure Python tables and rules).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

CONFIRMED, PARTLY, REFUTED, INCONCLUSIVE, UNGRADEABLE = "confirmed", "partly", "refuted", "inconclusive", "ungradeable"
VERDICTS = (CONFIRMED, PARTLY, REFUTED, INCONCLUSIVE, UNGRADEABLE)

CORRELATION = ("negligible", "weak", "moderate", "strong")
SKEWNESS = ("symmetric", "moderate", "strong")
BALANCE = ("balanced", "slight", "moderate", "strong")

#: A claim's strength word -> the band it names, per scale (skewness has no weak band: "slightly
#: skewed" is its moderate band).
STRENGTH_BAND: dict[tuple[str, ...], dict[str, int]] = {
    CORRELATION: {"weak": 1, "moderate": 2, "strong": 3},
    SKEWNESS: {"weak": 1, "moderate": 1, "strong": 2},
    BALANCE: {"weak": 1, "moderate": 2, "strong": 3},
}
#: What an unqualified claim accepts: moderate or stronger.
UNQUALIFIED: dict[tuple[str, ...], frozenset[int]] = {
    CORRELATION: frozenset({2, 3}), SKEWNESS: frozenset({1, 2}), BALANCE: frozenset({2, 3}),
}


def correlation_band(value: float, t: Mapping) -> int:
    size = abs(value)
    return 3 if size >= t["correlation"] else 2 if size >= t["correlation_moderate"] else \
        1 if size >= t["correlation_weak"] else 0


def skewness_band(value: float, t: Mapping) -> int:
    size = abs(value)
    return 2 if size > t["skewness"] else 1 if size >= t["skewness_moderate"] else 0


def balance_band(ratio: float, imbalance: float | None, t: Mapping) -> int:
    if imbalance is not None and imbalance > t["imbalance"]:
        return 3
    return 0 if ratio >= t["balanced"] else 1 if ratio >= t["imbalance_moderate"] else 2


def target(scale: Sequence[str], strength: str | None, negated: bool) -> frozenset[int]:
    """The bands a claim accepts (see the module docstring)."""
    everything = frozenset(range(len(scale)))
    if strength is None:
        return frozenset({0}) if negated else UNQUALIFIED[tuple(scale)]
    named = frozenset({STRENGTH_BAND[tuple(scale)][strength]})
    return everything - named if negated else named


def verdict(observed: int, accepted: Iterable[int], significant: bool | None) -> str:
    """The verdict of a claim accepting ``accepted`` bands when ``observed`` is measured.

    ``significant``: the test's answer (None: no test applies, the measure is taken as it is).
    """
    accepted = frozenset(accepted)
    unsure = significant is False and observed != 0
    if observed in accepted:
        return INCONCLUSIVE if unsure and 0 not in accepted else CONFIRMED
    if observed == 0:
        return REFUTED
    if unsure:
        return INCONCLUSIVE
    if 0 in accepted:  # a claim of (almost) no pattern: one band off is partly right
        return PARTLY if observed - max(accepted) == 1 else REFUTED
    return PARTLY


def describe_target(scale: Sequence[str], accepted: Iterable[int]) -> str:
    """``moderate or strong``, ``negligible``, ``negligible, weak or moderate``."""
    names = [scale[i] for i in sorted(accepted)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def fmt_p(p: float | None) -> str:
    """A p-value as a reader expects it: ``p < 0.001``, ``p = 0.012``, ``p = 0.43``."""
    if p is None:
        return "no test"
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.2g}" if p < 0.1 else f"p = {p:.2f}"


def significance(p: float | None, t: Mapping) -> bool | None:
    return None if p is None else p < t["alpha"]


def combine(verdicts: Sequence[str]) -> str:
    """One verdict for a claim about several columns (or pairs) from each one's verdict.

    All alike: that verdict.  Some right (confirmed or partly) and some not: partly (only some
    columns hold).  Otherwise a refuting column refutes the claim; then inconclusive; then ungradeable.
    """
    decided = set(verdicts)
    if len(decided) == 1:
        return verdicts[0]
    if decided & {CONFIRMED, PARTLY}:
        return PARTLY
    for v in (REFUTED, INCONCLUSIVE):
        if v in decided:
            return v
    return UNGRADEABLE
