"""Facts -> verdict evidence for one claim, and the notable findings a careful analyst would name.

Reads only ``profile.json`` (the facts written by :mod:`runner.profile`):
no pandas, no fg-data-profiling, so grading stays well under a second.

:func:`evaluate` judges the un-negated claim (the caller applies ``not``);
``Evidence.holds`` is None when the claim cannot be judged (skewness of a
text column, a column that is entirely missing, an unknown column...).
Column names match exactly, then case-insensitively, then by the original
name a column had before it was made unique (see ``facts["renamed"]``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.errors import ProfileError
from runner.profile import FACTS_VERSION

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



def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def notable(facts: Mapping, thresholds: Mapping[str, Any]) -> list[Finding]:
    """The findings a careful analyst would point out, most important first.

    Importance is a number in [0, 1]; each kind has a base weight (how much a
    reader needs to know it before trusting any analysis) plus how far the
    measure is past its threshold, normalised:

    * missing: 0.4 + 0.6 x share (an entirely missing column scores 1.0)
    * infinite values: 0.9; constant column: 0.8 (a data problem either way)
    * duplicate rows: 0.5 + 0.5 x min(1, share / 10%)
    * stored as text but profiled numeric/datetime/boolean (type): 0.6
    * correlated pair: 0.3 + 0.6 x (|coefficient| - t) / (1 - t)
    * skewed: 0.3 + 0.4 x min(1, (|skewness| - t) / 3t)
    * outliers: 0.25 + 0.4 x min(1, share / 10%), x 0.75 when the column is
      also skewed (the outliers are then mostly its long tail)
    * zeros: 0.3 + 0.4 x share; imbalanced: 0.3 + 0.4 x score
    * unique (an identifier: integers, strings, whole-number floats): 0.5
    * high cardinality (non-numeric, not unique): 0.4
    * uniform (continuous floats with > 20 distinct values, not unique): 0.2

    Correlated pairs: only the ``MAX_CORRELATED_FINDINGS`` strongest; outliers
    only in columns with more than ``MIN_OUTLIER_LEVELS`` distinct values.

    No noise: a column that is entirely missing is reported once (missing
    100%), a constant column only as constant, "unique" never for continuous
    floats or dates, skewness/outliers/zeros only for columns the profile types
    numeric (not 0/1 flags or small codes), each correlated pair once and never
    a column with itself or with a repeat of its own name.
    """
    t = thresholds
    found: list[Finding] = []

    def add(kind: str, names: list[str], importance: float, qualifier: str | None = None,
            pair: dict | None = None) -> Evidence:
        evidence = _correlated(names, facts, t, None, pair) if pair else evaluate(kind, names, facts, t, qualifier)
        if evidence.holds:
            found.append(Finding(kind, names, evidence, round(_clip(importance), 4)))
        return evidence

    data = facts["dataset"]
    add("duplicates", [], 0.5 + 0.5 * min(1.0, data["duplicate_share"] / 0.10))
    for name, col in facts["columns"].items():
        if col["count"] == 0:
            add("missing", [name], 1.0)
            continue
        if col["count"] >= 2 and col["distinct"] <= t["constant"]:
            add("constant", [name], 0.8)
            continue
        add("missing", [name], 0.4 + 0.6 * col["missing_share"])
        add("infinite", [name], 0.9)
        if col["storage"] in ("string", "object") and col["type"] in ("numeric", "datetime", "boolean"):
            add("type", [name], 0.6, col["type"])
        numeric = col["numeric"] or {}
        continuous = col["storage"] in ("float", "datetime", "timedelta") and not numeric.get("integral", False)
        unique = not continuous and add("unique", [name], 0.5).holds
        if col["type"] not in ("numeric", "datetime") and not unique:
            add("high_cardinality", [name], 0.4)
        if col["type"] == "numeric":
            skew = add("skewed", [name], 0.3 + 0.4 * min(1.0, (abs(numeric.get("skewness") or 0) - t["skewness"])
                                                        / (3 * t["skewness"] or 1)))
            share = (numeric.get("outliers") or {}).get("share", 0)
            if (numeric.get("finite_distinct") or 0) > MIN_OUTLIER_LEVELS:  # not small codes like 1..6
                add("outliers", [name], (0.25 + 0.4 * min(1.0, share / 0.10)) * (0.75 if skew.holds else 1.0))
            add("zeros", [name], 0.3 + 0.4 * numeric["zeros_share"])
        if col["type"] in ("categorical", "boolean"):
            add("imbalanced", [name], 0.3 + 0.4 * (col["imbalance"] or 0))
        # balanced categories and integer codes (day of month, ids) are uniform by construction: no news
        if col["storage"] == "float" and continuous and not unique and (col["uniform"] or {}).get("method") == "ks":
            add("uniform", [name], 0.2)
    columns = facts["columns"]
    for pair in facts["correlations"]:
        a, b = pair["columns"]
        if pair["value"] is None or a == b or columns[a]["original"] == columns[b]["original"]:
            continue
        strength = (abs(pair["value"]) - t["correlation"]) / ((1 - t["correlation"]) or 1)
        add("correlated", [a, b], 0.3 + 0.6 * strength, pair=pair)
    found.sort(key=lambda f: -f.importance)  # stable: ties keep column order
    # A wide numeric table has dozens of correlated pairs; the strongest few are the news.
    pairs = [f for f in found if f.kind == "correlated"]
    found = [f for f in found if f.kind != "correlated" or f in pairs[:MAX_CORRELATED_FINDINGS]]
    return [_with_original_names(f, columns) for f in found]


def _with_original_names(finding: Finding, columns: Mapping) -> Finding:
    """Findings speak of the columns as the learner sees them, not as renamed for the profiler."""
    originals = [columns[c]["original"] if c in columns else c for c in finding.columns]
    if originals == finding.columns:
        return finding
    detail = finding.evidence.detail
    for safe, original in zip(finding.columns, originals, strict=True):
        detail = detail.replace(safe, original)
    evidence = Evidence(finding.evidence.value, finding.evidence.threshold, finding.evidence.holds, detail)
    return Finding(finding.kind, originals, evidence, finding.importance)


def to_json(finding: Finding) -> dict:
    """A ``missed`` element of the grade JSON: ``{kind, columns, evidence: {value, threshold, detail}}``."""
    evidence = finding.evidence
    return {"kind": finding.kind, "columns": list(finding.columns),
            "evidence": {"value": evidence.value, "threshold": evidence.threshold, "detail": evidence.detail}}
