"""Facts -> verdict evidence for one claim: one judge per kind, and :func:`evaluate`.

A judge reads one column's facts (or a pair's, for the pair kinds) and
returns :class:`~runner.grading.facts.Evidence`: the measured value, what the
claim needed, whether the pattern holds, and a sentence a learner can check.
The banded kinds (skewed, imbalanced, correlated, missing_together; see
:mod:`runner.grading.banded`) also give the verdict of the claim as written;
for the others the grade derives it from ``holds`` and ``not``.
``Evidence.holds`` is None when the claim cannot be judged (skewness of a
text column, a column that is entirely missing, an unknown column...).

Adding a kind is one judge here (registered in :data:`JUDGES` or
:data:`PAIR_JUDGES`) plus its row in :mod:`runner.grading.vocabulary`.

May import: this package's ``facts``, ``bands`` and ``banded`` (pure Python).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from itertools import combinations
from typing import Any

from runner.grading import banded, bands
from runner.grading.banded import Ask
from runner.grading.bands import CONFIRMED, PARTLY, REFUTED, UNGRADEABLE
from runner.grading.facts import TYPES, Evidence, _none, _num, _pct, resolve, shown

Judge = Callable[[str, dict, Mapping, Ask], Evidence]
PairJudge = Callable[[str, str, Mapping, Mapping, Ask], Evidence]


def about_tolerance(share: float, t: Mapping) -> float:
    """How far from "about P%" a measured share may be (a share of rows)."""
    return max(t["about_relative"] * share, t["about_absolute"])


def _missing(name: str, col: dict, t: Mapping, ask: Ask) -> Evidence:
    share, n, anchor = col["missing_share"], col["n"], col.get("anchor")
    measured = f"{name}: {_pct(share)} missing ({col['missing']} of {n})"
    claimed_share = ask.percent / 100 if ask.percent is not None else None
    written = f"{ask.percent:g}%" if ask.percent is not None else None
    if ask.count is not None:
        claimed_share, written = ask.count / n if n else 0.0, f"{ask.count} rows ({_pct(ask.count / n if n else 0)})"
    qualifier = ask.qualifier if ask.qualifier in (">", ">=", "<", "<=", "about") else ">"
    if claimed_share is None:
        threshold = f"> {t['missing'] * 100:g}%"
        return Evidence(round(share * 100, 2), threshold, share > t["missing"], f"{measured} (threshold: {threshold})",
                        anchor=anchor)
    if qualifier == "about":
        tolerance = about_tolerance(claimed_share, t)
        gap = abs(share - claimed_share)
        verdict = CONFIRMED if gap <= tolerance + 1e-12 else PARTLY if gap <= 2 * tolerance + 1e-12 else REFUTED
        threshold = f"about {written} (within {tolerance * 100:.3g} points; partly within {2 * tolerance * 100:.3g})"
        if ask.negated:
            verdict = {CONFIRMED: REFUTED, REFUTED: CONFIRMED}.get(verdict, verdict)
        return Evidence(round(share * 100, 2), threshold, gap <= tolerance + 1e-12,
                        f"{measured}, {gap * 100:.3g} points from {written} (claimed: {threshold})",
                        verdict=verdict, anchor=anchor)
    threshold = f"{qualifier} {written}"
    # rounded: a share of exactly P% must meet ">= P%" despite float noise (0.07 * 100 = 7.000000000000001)
    measured_pts, limit = round(share * 100, 9), round(claimed_share * 100, 9)
    holds = {">": measured_pts > limit, ">=": measured_pts >= limit, "<": measured_pts < limit,
             "<=": measured_pts <= limit}[qualifier]
    return Evidence(round(share * 100, 2), threshold, holds, f"{measured} (threshold: {threshold})", anchor=anchor)


def _outliers(name: str, col: dict, t: Mapping, ask: Ask) -> Evidence:
    numeric = col["numeric"] or {}
    fences, anchor = numeric.get("outliers"), col.get("anchor")
    k = fences["k"] if fences else t["outlier_k"]
    xk = fences.get("extreme_k", t["outlier_extreme_k"]) if fences else t["outlier_extreme_k"]
    threshold = (f"a value beyond the outer fences (Q1 - {xk:g}*IQR, Q3 + {xk:g}*IQR), or >= {t['outliers'] * 100:g}% "
                 f"of values beyond the inner fences (k = {k:g})")
    if fences is None:
        why = "not numeric" if col["numeric"] is None else numeric.get("outliers_note") or "no finite values"
        return _none(threshold, f"{name}: {why}, Tukey fences do not apply", anchor)
    share, extreme = fences["share"], fences.get("extreme", 0)
    holds = extreme > 0 or (fences["count"] > 0 and share >= t["outliers"])
    basis = ""
    if fences.get("basis") == "non_mode":
        mode = fences.get("mode") or {}
        basis = f"; fenced on the values other than {_num(mode.get('value', 0))} ({_pct(mode.get('share', 0))} of them)"
    detail = (f"{name}: {extreme} value(s) beyond the outer fences [{_num(fences['extreme_low_fence'])}, "
              f"{_num(fences['extreme_high_fence'])}], {fences['count']} ({_pct(share)}) beyond the inner fences "
              f"[{_num(fences['low_fence'])}, {_num(fences['high_fence'])}]{basis} (threshold: {threshold})")
    return Evidence(extreme, threshold, holds, detail, anchor=anchor)


def _zeros(name: str, col: dict, t: Mapping, ask: Ask) -> Evidence:
    threshold = f">= {t['zeros'] * 100:g}% of rows are 0"
    if col["numeric"] is None:
        return _none(threshold, f"{name} is {col['type'] or col['storage']}, not numeric: zeros do not apply",
                     col.get("anchor"))
    share = col["numeric"]["zeros_share"]
    return Evidence(round(share * 100, 2), threshold, share >= t["zeros"],
                    f"{name}: {_pct(share)} zeros ({col['numeric']['zeros']} of {col['n']}) (threshold: {threshold})",
                    anchor=col.get("anchor"))


def _constant(name: str, col: dict, t: Mapping, ask: Ask) -> Evidence:
    threshold = f"<= {t['constant']} distinct value{'s' if t['constant'] > 1 else ''}"
    if col["count"] < 2:
        return _none(threshold, f"{name}: {col['count']} non-missing value(s), too few to judge", col.get("anchor"))
    missing = f", {_pct(col['missing_share'])} missing" if col["missing"] else ""
    return Evidence(col["distinct"], threshold, col["distinct"] <= t["constant"],
                    f"{name}: {col['distinct']} distinct value(s){missing} (threshold: {threshold})",
                    anchor=col.get("anchor"))


def _unique(name: str, col: dict, t: Mapping, ask: Ask) -> Evidence:
    threshold = "all non-missing values distinct" if t["unique"] >= 1 else f">= {t['unique'] * 100:g}% distinct"
    if col["count"] < 2:
        return _none(threshold, f"{name}: {col['count']} non-missing value(s), too few to judge", col.get("anchor"))
    share = col["distinct_share"]
    return Evidence(round(share * 100, 2), threshold, share >= t["unique"],
                    f"{name}: {col['distinct']} distinct of {col['count']} non-missing values ({_pct(share)}) "
                    f"(threshold: {threshold})", anchor=col.get("anchor"))


def _high_cardinality(name: str, col: dict, t: Mapping, ask: Ask) -> Evidence:
    threshold = f"> {t['high_cardinality']} distinct values"
    if col["type"] == "numeric" and col["storage"] == "float":
        return _none(threshold, f"{name} is a continuous number: cardinality applies to categories, text and codes",
                     col.get("anchor"))
    return Evidence(col["distinct"], threshold, col["distinct"] > t["high_cardinality"],
                    f"{name}: {col['distinct']} distinct values (threshold: {threshold})", anchor=col.get("anchor"))


def _uniform(name: str, col: dict, t: Mapping, ask: Ask) -> Evidence:
    threshold = f"distance to uniform <= {t['uniform']:g}"
    uniform = col["uniform"]
    if uniform is None:
        return _none(threshold, f"{name}: fewer than 2 distinct values, uniformity does not apply", col.get("anchor"))
    how = "Kolmogorov-Smirnov distance to uniform on [min, max]" if uniform["method"] == "ks" else \
        "total variation distance from equal level shares"
    distance = uniform["distance"]
    return Evidence(round(distance, 4), threshold, distance <= t["uniform"],
                    f"{name}: {how} {distance:.3f} (threshold: {threshold})", anchor=col.get("anchor"))


def _infinite(name: str, col: dict, t: Mapping, ask: Ask) -> Evidence:
    threshold = f"> {t['infinite']} infinite values"
    count = (col["numeric"] or {}).get("infinite", 0)
    kind = "" if col["numeric"] else f" ({col['type'] or col['storage']}: only numbers can be infinite)"
    return Evidence(count, threshold, count > t["infinite"], f"{name}: {count} infinite values{kind} "
                                                              f"(threshold: {threshold})", anchor=col.get("anchor"))


def _repeats(name: str, col: dict, t: Mapping, ask: Ask) -> Evidence:
    threshold = f">= {t['duplicates']} repeated values"
    repeats = col["count"] - col["distinct"]
    return Evidence(repeats, threshold, repeats >= t["duplicates"],
                    f"{name}: {repeats} values repeat an earlier one ({col['distinct']} distinct of {col['count']}) "
                    f"(threshold: {threshold})", anchor=col.get("anchor"))


_STORAGE_TYPES = {"int": "numeric", "float": "numeric", "bool": "boolean", "datetime": "datetime",
                  "category": "categorical", "string": "text", "object": "text"}


def _types_that_fit(col: dict) -> set[str]:
    """Every type a careful analyst would accept for this column.

    The profiled type and the stored type are both true of the data (a month
    stored as int IS numeric, and its few levels make the profile read it as
    categorical); a column with two levels (yes/no, 0/1) is boolean as much as
    categorical; a numeric column with few levels is also categorical.
    """
    fits = {col["type"], _STORAGE_TYPES.get(col["storage"])}
    if col["distinct"] == 2:
        fits |= {"boolean", "categorical"}
    if "boolean" in fits:
        fits.add("categorical")
    if col["numeric"] and col["distinct"] <= 20:
        fits.add("categorical")
    if "categorical" in fits and col["storage"] in ("string", "object", "category"):
        fits.add("text")
    return {f for f in fits if f}


def _type(name: str, col: dict, t: Mapping, ask: Ask) -> Evidence:
    claimed = (ask.qualifier or "").lower()
    threshold = f"profiled or stored type is {claimed or '?'}"
    anchor = col.get("anchor")
    if claimed not in TYPES:
        return _none(threshold, f"{name}: say which type ({', '.join(TYPES)})", anchor)
    if col["type"] is None:
        why = "all values missing" if col["count"] == 0 else f"the profile could not type it ({col['storage']})"
        return _none(threshold, f"{name}: {why}", anchor)
    note = ""
    if col["type"] == "categorical" and col["numeric"]:
        note = f", {col['distinct']} levels <= {t['categorical_levels']}: category codes stored as numbers"
    return Evidence(col["type"], threshold, claimed in _types_that_fit(col),
                    f"{name}: profiled as {col['type']}, stored as {col['storage']}{note} (threshold: {threshold})",
                    anchor=anchor)


def expected_repeats(facts: Mapping) -> tuple[float, float] | None:
    """(possible combinations, repeats expected by chance) when every column has few levels, else None.

    With D equally likely combinations, n rows hold D(1 - (1 - 1/D)^n) distinct ones on average, so
    n minus that repeat an earlier row even when nothing is wrong (unequal shares make it more).
    """
    rows = facts["dataset"]["rows"]
    combos = 1.0
    for col in facts["columns"].values():
        levels = col["distinct"] + (1 if col["missing"] else 0)
        if col["type"] not in ("categorical", "boolean") or levels > 50:
            return None
        combos *= max(levels, 1)
        if combos > 1e12:
            return None
    distinct = combos * -math.expm1(rows * math.log1p(-1 / combos)) if combos > 1 else 1.0
    return combos, rows - distinct


def duplicate_rows(facts: Mapping, t: Mapping) -> Evidence:
    data = facts["dataset"]
    threshold = f">= {t['duplicates']} duplicate rows"
    count = data["duplicate_rows"]
    detail = f"{count} of {data['rows']} rows ({_pct(data['duplicate_share'])}) repeat an earlier row"
    chance = expected_repeats(facts)
    if chance is not None and count:
        combos, expected = chance
        detail += (f"; the {data['columns']} columns are all categorical with only {combos:,.0f} possible combinations, "
                   f"so about {expected:,.0f} repeats are expected by chance alone")
    return Evidence(count, threshold, count >= t["duplicates"], f"{detail} (threshold: {threshold})",
                    anchor=(facts.get("sections") or {}).get("duplicates"))


JUDGES: dict[str, Judge] = {
    "missing": _missing, "skewed": banded.skewed, "outliers": _outliers, "zeros": _zeros, "constant": _constant,
    "unique": _unique, "high_cardinality": _high_cardinality, "imbalanced": banded.imbalanced, "uniform": _uniform,
    "infinite": _infinite, "duplicates": _repeats, "type": _type,
}
PAIR_JUDGES: dict[str, PairJudge] = {"correlated": banded.correlated, "missing_together": banded.missing_together}
#: Every kind a claim may name.
KINDS = tuple(JUDGES) + tuple(PAIR_JUDGES)
#: Kinds that still make sense for a column whose every value is missing.
_ALL_MISSING_OK = {"missing", "type", "infinite"}


def verdict_of(evidence: Evidence, negated: bool) -> str:
    """The verdict of a claim from its evidence: a banded judge's own, else ``holds`` and ``not``."""
    if evidence.verdict is not None:
        return evidence.verdict
    if evidence.holds is None:
        return UNGRADEABLE
    return CONFIRMED if evidence.holds != negated else REFUTED


def _combine(parts: list[Evidence], negated: bool) -> Evidence:
    """A claim about several columns (or pairs): each judged, one verdict (see ``bands.combine``)."""
    verdicts = [verdict_of(e, negated) for e in parts]
    overall = bands.combine(verdicts)
    decisive = next((e for e, v in zip(parts, verdicts, strict=True) if v == overall and v != CONFIRMED), None) or \
        next((e for e, v in zip(parts, verdicts, strict=True) if v != CONFIRMED), parts[0])
    holds = None if overall == UNGRADEABLE else all(e.holds for e in parts)
    return Evidence(decisive.value, decisive.threshold, holds, "; ".join(e.detail for e in parts),
                    decisive.strength, decisive.p_value, decisive.test, overall, parts[0].anchor)


def evaluate(kind: str, columns: list[str], facts: Mapping, thresholds: Mapping[str, Any],
             qualifier: str | None = None, percent: float | None = None, *, strength: str | None = None,
             negated: bool = False, count: int | None = None) -> Evidence:
    """Judge the claim ``[not] kind: columns [qualifier] [strength]`` against the facts.

    ``percent`` is in percentage points (20 for "> 20%").  ``holds`` is about the pattern (not about
    ``negated``); ``verdict_of(evidence, negated)`` is the claim's verdict.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    qualifier = qualifier.strip().lower() if isinstance(qualifier, str) else None
    ask = Ask(qualifier, percent, count, strength, negated)
    if kind == "duplicates" and not columns:
        return duplicate_rows(facts, thresholds)
    if not columns:
        return _none("", f"{kind} needs a column")
    names = [resolve(facts, c) for c in columns]
    unknown = [c for c, n in zip(columns, names, strict=True) if n is None]
    if unknown:
        return _none("", f"no column named {', '.join(map(repr, unknown))} in the dataset")
    if kind in PAIR_JUDGES:
        if len(set(names)) < 2:
            return _none("", f"{kind} needs two different columns")
        parts = [PAIR_JUDGES[kind](a, b, facts, thresholds, ask) for a, b in combinations(dict.fromkeys(names), 2)]
        return parts[0] if len(parts) == 1 else _combine(parts, negated)
    parts = []
    for name in dict.fromkeys(names):
        col = facts["columns"][name]
        if col["count"] == 0 and kind not in _ALL_MISSING_OK:
            parts.append(_none("", f"{shown(facts, name)}: all values missing, {kind} cannot be judged", col.get("anchor")))
        else:
            parts.append(JUDGES[kind](shown(facts, name), col, thresholds, ask))
    return parts[0] if len(parts) == 1 else _combine(parts, negated)
