"""Facts -> verdict evidence for one claim: one judge per kind, and :func:`evaluate`.

:func:`evaluate` judges the un-negated claim (the caller applies ``not``);
``Evidence.holds`` is None when the claim cannot be judged (skewness of a
text column, a column that is entirely missing, an unknown column...).

May import: this package's ``facts`` only (pure Python).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from runner.grading.facts import COEFFICIENTS, KINDS, TYPES, Evidence, _none, _num, _pct, resolve

Judge = Callable[[str, dict, Mapping, "str | None", "float | None"], Evidence]


def _missing(name: str, col: dict, t: Mapping, qualifier: str | None, percent: float | None) -> Evidence:
    share = col["missing_share"]
    if percent is not None:  # the learner's own threshold and operator (">", ">=", "<", "<="; "> P%" by default)
        qualifier = qualifier if qualifier in (">", ">=", "<", "<=") else ">"
        threshold = f"{qualifier} {percent:g}%"
        # rounded: a share of exactly P% must meet ">= P%" despite float noise (0.07 * 100 = 7.000000000000001)
        measured, limit = round(share * 100, 9), round(percent, 9)
        holds = {">": measured > limit, ">=": measured >= limit, "<": measured < limit, "<=": measured <= limit}[qualifier]
    else:
        threshold = f"> {t['missing'] * 100:g}%"
        holds = share > t["missing"]
    return Evidence(round(share * 100, 2), threshold, holds,
                    f"{name}: {_pct(share)} missing ({col['missing']} of {col['n']}) (threshold: {threshold})")


def _skewed(name: str, col: dict, t: Mapping, qualifier: str | None, percent: float | None) -> Evidence:
    limit = t["skewness"]
    threshold = {"right": f"skewness > {limit:g}", "left": f"skewness < -{limit:g}"}.get(
        qualifier or "", f"|skewness| > {limit:g}")
    if col["numeric"] is None:
        return _none(threshold, f"{name} is {col['type'] or col['storage']}, not numeric: skewness does not apply")
    skew = col["numeric"].get("skewness")
    if skew is None:
        return _none(threshold, f"{name}: fewer than 3 finite values, skewness cannot be measured")
    holds = skew > limit if qualifier == "right" else skew < -limit if qualifier == "left" else abs(skew) > limit
    side = "right" if skew > 0 else "left" if skew < 0 else "no"
    return Evidence(round(skew, 4), threshold, holds, f"{name}: skewness {skew:+.2f}, {side} tail (threshold: {threshold})")


def _outliers(name: str, col: dict, t: Mapping, qualifier: str | None, percent: float | None) -> Evidence:
    fences = (col["numeric"] or {}).get("outliers")
    k = fences["k"] if fences else t["outlier_k"]
    threshold = f">= {t['outliers'] * 100:g}% of values outside Q1 - {k:g}*IQR, Q3 + {k:g}*IQR"
    if fences is None:
        why = "not numeric" if col["numeric"] is None else "no finite values"
        return _none(threshold, f"{name}: {why}, Tukey fences do not apply")
    share = fences["share"]
    return Evidence(round(share * 100, 2), threshold, fences["count"] > 0 and share >= t["outliers"],
                    f"{name}: {fences['count']} values ({_pct(share)}) outside [{_num(fences['low_fence'])}, "
                    f"{_num(fences['high_fence'])}] (threshold: {threshold})")


def _zeros(name: str, col: dict, t: Mapping, qualifier: str | None, percent: float | None) -> Evidence:
    threshold = f">= {t['zeros'] * 100:g}% of rows are 0"
    if col["numeric"] is None:
        return _none(threshold, f"{name} is {col['type'] or col['storage']}, not numeric: zeros do not apply")
    share = col["numeric"]["zeros_share"]
    return Evidence(round(share * 100, 2), threshold, share >= t["zeros"],
                    f"{name}: {_pct(share)} zeros ({col['numeric']['zeros']} of {col['n']}) (threshold: {threshold})")


def _constant(name: str, col: dict, t: Mapping, qualifier: str | None, percent: float | None) -> Evidence:
    threshold = f"<= {t['constant']} distinct value{'s' if t['constant'] > 1 else ''}"
    if col["count"] < 2:
        return _none(threshold, f"{name}: {col['count']} non-missing value(s), too few to judge")
    missing = f", {_pct(col['missing_share'])} missing" if col["missing"] else ""
    return Evidence(col["distinct"], threshold, col["distinct"] <= t["constant"],
                    f"{name}: {col['distinct']} distinct value(s){missing} (threshold: {threshold})")


def _unique(name: str, col: dict, t: Mapping, qualifier: str | None, percent: float | None) -> Evidence:
    threshold = "all non-missing values distinct" if t["unique"] >= 1 else f">= {t['unique'] * 100:g}% distinct"
    if col["count"] < 2:
        return _none(threshold, f"{name}: {col['count']} non-missing value(s), too few to judge")
    share = col["distinct_share"]
    return Evidence(round(share * 100, 2), threshold, share >= t["unique"],
                    f"{name}: {col['distinct']} distinct of {col['count']} non-missing values ({_pct(share)}) "
                    f"(threshold: {threshold})")


def _high_cardinality(name: str, col: dict, t: Mapping, qualifier: str | None, percent: float | None) -> Evidence:
    threshold = f"> {t['high_cardinality']} distinct values"
    if col["type"] == "numeric" and col["storage"] == "float":
        return _none(threshold, f"{name} is a continuous number: cardinality applies to categories, text and codes")
    return Evidence(col["distinct"], threshold, col["distinct"] > t["high_cardinality"],
                    f"{name}: {col['distinct']} distinct values (threshold: {threshold})")


def _imbalanced(name: str, col: dict, t: Mapping, qualifier: str | None, percent: float | None) -> Evidence:
    threshold = f"imbalance > {t['imbalance']:g} (0 = balanced, 1 = one level)"
    if col["imbalance"] is None:
        return _none(threshold, f"{name} is {col['type'] or col['storage']}: imbalance applies to categories")
    top = col["top"] or {}
    return Evidence(round(col["imbalance"], 4), threshold, col["imbalance"] > t["imbalance"],
                    f"{name}: imbalance {col['imbalance']:.2f}, most frequent {top.get('value')!r} "
                    f"{_pct(top.get('share', 0))} (threshold: {threshold})")


def _uniform(name: str, col: dict, t: Mapping, qualifier: str | None, percent: float | None) -> Evidence:
    threshold = f"distance to uniform <= {t['uniform']:g}"
    uniform = col["uniform"]
    if uniform is None:
        return _none(threshold, f"{name}: fewer than 2 distinct values, uniformity does not apply")
    how = "Kolmogorov-Smirnov distance to uniform on [min, max]" if uniform["method"] == "ks" else \
        "total variation distance from equal level shares"
    distance = uniform["distance"]
    return Evidence(round(distance, 4), threshold, distance <= t["uniform"],
                    f"{name}: {how} {distance:.3f} (threshold: {threshold})")


def _infinite(name: str, col: dict, t: Mapping, qualifier: str | None, percent: float | None) -> Evidence:
    threshold = f"> {t['infinite']} infinite values"
    count = (col["numeric"] or {}).get("infinite", 0)
    kind = "" if col["numeric"] else f" ({col['type'] or col['storage']}: only numbers can be infinite)"
    return Evidence(count, threshold, count > t["infinite"], f"{name}: {count} infinite values{kind} "
                                                              f"(threshold: {threshold})")


def _repeats(name: str, col: dict, t: Mapping, qualifier: str | None, percent: float | None) -> Evidence:
    threshold = f">= {t['duplicates']} repeated values"
    repeats = col["count"] - col["distinct"]
    return Evidence(repeats, threshold, repeats >= t["duplicates"],
                    f"{name}: {repeats} values repeat an earlier one ({col['distinct']} distinct of {col['count']}) "
                    f"(threshold: {threshold})")


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


def _type(name: str, col: dict, t: Mapping, qualifier: str | None, percent: float | None) -> Evidence:
    claimed = (qualifier or "").lower()
    threshold = f"profiled or stored type is {claimed or '?'}"
    if claimed not in TYPES:
        return _none(threshold, f"{name}: say which type ({', '.join(TYPES)})")
    if col["type"] is None:
        why = "all values missing" if col["count"] == 0 else f"the profile could not type it ({col['storage']})"
        return _none(threshold, f"{name}: {why}")
    note = ""
    if col["type"] == "categorical" and col["numeric"]:
        note = f", {col['distinct']} levels <= {t['categorical_levels']}"
    return Evidence(col["type"], threshold, claimed in _types_that_fit(col),
                    f"{name}: profiled as {col['type']}, stored as {col['storage']}{note} (threshold: {threshold})")


JUDGES: dict[str, Judge] = {
    "missing": _missing, "skewed": _skewed, "outliers": _outliers, "zeros": _zeros, "constant": _constant,
    "unique": _unique, "high_cardinality": _high_cardinality, "imbalanced": _imbalanced, "uniform": _uniform,
    "infinite": _infinite, "duplicates": _repeats, "type": _type,
}
#: Outliers are news only in a column with a real spread of values (not codes 1..6).
MIN_OUTLIER_LEVELS = 10
#: At most this many correlated pairs among the notable findings (the strongest).
MAX_CORRELATED_FINDINGS = 8
#: Kinds that still make sense for a column whose every value is missing.
_ALL_MISSING_OK = {"missing", "type", "infinite"}



def _why_not_paired(name: str, col: dict, t: Mapping) -> str:
    if col["count"] == 0:
        return f"{name} is all missing"
    if col["distinct"] < 2:
        return f"{name} is constant"
    if col["type"] in ("categorical", "boolean") and col["distinct"] > t["correlation_levels"]:
        return f"{name} has {col['distinct']} levels (> {t['correlation_levels']})"
    return f"{name} is {col['type'] or col['storage']}"


def _correlated(names: list[str], facts: Mapping, t: Mapping, qualifier: str | None,
                pair: dict | None = None) -> Evidence:
    limit = t["correlation"]
    threshold = f"|coefficient| >= {limit:g}"
    if len(names) != 2:
        return _none(threshold, "correlated needs exactly two columns")
    a, b = names
    if a == b:
        return _none(threshold, f"{a} and {b} are the same column")
    pair = pair or next((p for p in facts["correlations"] if set(p["columns"]) == {a, b}), None)
    if pair is None:
        columns = facts["columns"]
        reasons = [_why_not_paired(n, columns[n], t) for n in (a, b)]
        return _none(threshold, f"{a} and {b}: no coefficient ({'; '.join(reasons)})")
    coefficient = COEFFICIENTS.get(pair["method"], pair["method"])
    value = pair["value"]
    threshold = f"|{coefficient}| >= {limit:g}"
    if value is None:
        return _none(threshold, f"{a} and {b}: {coefficient} not computable ({pair['n']} complete rows or no spread)")
    signed = pair["method"] == "spearman"
    note = ""
    if qualifier in ("positive", "negative") and signed:
        threshold = f"{coefficient} {'>=' if qualifier == 'positive' else '<='} {'' if qualifier == 'positive' else '-'}{limit:g}"
        holds = value >= limit if qualifier == "positive" else value <= -limit
    elif qualifier in ("positive", "negative"):
        return Evidence(round(value, 4), threshold, None,
                        f"{a} and {b}: {coefficient} {value:.2f}: direction does not apply to {coefficient} "
                        f"(a categorical column); write the claim without '{qualifier}' (threshold: {threshold})")
    else:
        holds = abs(value) >= limit
    direction = (", positive" if value > 0 else ", negative" if value < 0 else "") if signed else ""
    return Evidence(round(value, 4), threshold, holds,
                    f"{a} and {b}: {coefficient} {value:+.2f}{direction} over {pair['n']} rows{note} "
                    if signed else
                    f"{a} and {b}: {coefficient} {value:.2f} over {pair['n']} rows{note} "
                    f"(threshold: {threshold})")


def _duplicate_rows(facts: Mapping, t: Mapping) -> Evidence:
    data = facts["dataset"]
    threshold = f">= {t['duplicates']} duplicate rows"
    count = data["duplicate_rows"]
    return Evidence(count, threshold, count >= t["duplicates"],
                    f"{count} of {data['rows']} rows ({_pct(data['duplicate_share'])}) repeat an earlier row "
                    f"(threshold: {threshold})")


def _combine(parts: list[Evidence]) -> Evidence:
    """All columns must hold: the first refuting (else undecidable) column decides the value."""
    decisive = next((e for e in parts if e.holds is False), None) or next(
        (e for e in parts if e.holds is None), parts[0])
    return Evidence(decisive.value, decisive.threshold, decisive.holds, "; ".join(e.detail for e in parts))


def evaluate(kind: str, columns: list[str], facts: Mapping, thresholds: Mapping[str, Any],
             qualifier: str | None = None, percent: float | None = None) -> Evidence:
    """Judge the (un-negated) claim ``kind: columns [qualifier]`` against the facts."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    qualifier = qualifier.strip().lower() if isinstance(qualifier, str) else None
    if kind == "duplicates" and not columns:
        return _duplicate_rows(facts, thresholds)
    if not columns:
        return _none("", f"{kind} needs a column")
    names = [resolve(facts, c) for c in columns]
    unknown = [c for c, n in zip(columns, names, strict=True) if n is None]
    if unknown:
        return _none("", f"no column named {', '.join(map(repr, unknown))} in the dataset")
    if kind == "correlated":
        return _correlated(names, facts, thresholds, qualifier)
    parts = []
    for name in names:
        col = facts["columns"][name]
        if col["count"] == 0 and kind not in _ALL_MISSING_OK:
            parts.append(_none("", f"{name}: all values missing, {kind} cannot be judged"))
        else:
            parts.append(JUDGES[kind](name, col, thresholds, qualifier, percent))
    return parts[0] if len(parts) == 1 else _combine(parts)
