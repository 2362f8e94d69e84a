"""The findings a careful analyst would name in a dataset, most important first: the ``missed`` list.

May import: this package's ``facts``, ``bands``, ``banded``, ``judges``, ``relations`` and
``thresholds`` (pure Python).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runner.grading import bands
from runner.grading.banded import Ask, imbalanced, skewed
from runner.grading.facts import Evidence, Finding, _num, _pct, shown
from runner.grading.judges import duplicate_rows, evaluate, expected_repeats
from runner.grading.relations import (
    MAX_CORRELATED_FINDINGS,
    as_finding,
    correlation_findings,
    missing_findings,
)
from runner.grading.thresholds import DEFAULT_THRESHOLDS

__all__ = ["MAX_CORRELATED_FINDINGS", "notable", "notes", "to_json"]

#: Outliers are news only in a column with a real spread of values (not codes 1..6).
MIN_OUTLIER_LEVELS = 10
#: A column is zero-inflated when at least this share of it is 0, 0 is its most frequent value, and it is
#: mostly zeros or strongly skewed (the zeros make its shape).
ZERO_INFLATED = 0.25


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def notes(facts: Mapping, thresholds: Mapping[str, Any]) -> list[dict[str, str]]:
    """What a reader must know before any finding: a dataset too small for most claims."""
    t = {**DEFAULT_THRESHOLDS, **thresholds}
    rows = facts["dataset"]["rows"]
    if rows < t["small_sample"]:
        return [{"kind": "small_sample",
                 "detail": f"only {rows} rows (fewer than {t['small_sample']}): most patterns cannot be told from "
                           f"chance in so few rows, so many verdicts here are inconclusive; look at the data itself"}]
    return []


def notable(facts: Mapping, thresholds: Mapping[str, Any]) -> list[Finding]:
    """The findings a careful analyst would point out, most important first.

    Importance is a number in [0, 1]; each kind has a base weight (how much a
    reader needs to know it before trusting any analysis) plus how far the
    measure is past its threshold:

    * an entirely missing column 1.0; infinite values 0.9; a constant column 0.8
    * missing: 0.45 + 0.55 x share; columns missing in the same rows (one
      finding): 0.55 + 0.5 x share; a strongly associated missing pair: 0.4 + 0.2 x phi
    * numbers or dates stored as text (type): 0.6; category codes stored as
      integers (type categorical): 0.5
    * correlated (strong and significant): 0.4 + 0.5 x (|coefficient| - strong) / (1 - strong);
      a collinear block: its strongest pair + 0.05
    * duplicate rows: 0.4 + 0.5 x min(1, share / 10%), left out when a table of a
      few categorical columns repeats about as much as chance alone makes it
    * zero-inflated (at least 25% zeros, 0 the most frequent value, and mostly zeros or strongly
      skewed: one ``zeros`` finding, with the column's skew and tail as members): 0.4 + 0.3 x share;
      zeros otherwise: 0.3 + 0.4 x share
    * skewed (strong and significant): 0.35 + 0.3 x min(1, (|skewness| - strong) / 3 strong)
    * outliers (a value beyond the outer fences): 0.3 + 0.3 x min(1, share beyond / 2%),
      x 0.75 when the column is also skewed (they are its long tail)
    * imbalanced (strong and significant): 0.3 + 0.4 x score
    * unique (an identifier: integers, strings, whole-number floats): 0.45;
      high cardinality: 0.35; uniform (continuous, not unique): 0.2

    No noise: one cause is one finding (see :mod:`runner.grading.relations`, and
    a zero-inflated column); an entirely missing column is reported once, a
    constant column only as constant; points barely past a fence are no
    outliers (only values beyond the outer fences count), nor is a skewed
    column's tail in a column with few levels; "unique" never for continuous
    floats or dates; correlation slots spread over blocks, columns and kinds of
    coefficient.
    """
    t = {**DEFAULT_THRESHOLDS, **thresholds}
    columns = facts["columns"]
    found: list[Finding] = []

    def add(kind: str, name: str, importance: float, qualifier: str | None = None) -> Evidence:
        evidence = evaluate(kind, [name], facts, t, qualifier)
        if evidence.holds:
            found.append(Finding(kind, [shown(facts, name)], evidence, round(_clip(importance), 4)))
        return evidence

    data = facts["dataset"]
    duplicates = duplicate_rows(facts, t)
    chance = expected_repeats(facts)
    if duplicates.holds and not (chance and chance[1] >= 0.5 * data["duplicate_rows"]):
        found.append(Finding("duplicates", [], duplicates, round(_clip(0.4 + 0.5 * min(1.0, data["duplicate_share"] / 0.10)), 4)))
    together, covered = missing_findings(facts, t)
    found += together
    for name, col in columns.items():
        if col["count"] == 0:
            add("missing", name, 1.0)
            continue
        if col["count"] >= 2 and col["distinct"] <= t["constant"]:
            add("constant", name, 0.8)
            continue
        if name not in covered:
            add("missing", name, 0.45 + 0.55 * col["missing_share"])
        add("infinite", name, 0.9)
        if col["storage"] in ("string", "object") and col["type"] in ("numeric", "datetime", "boolean"):
            add("type", name, 0.6, col["type"])
        if col["storage"] in ("int", "float") and col["type"] == "categorical" and col["distinct"] >= 3:
            add("type", name, 0.5, "categorical")
        numeric = col["numeric"] or {}
        continuous = col["storage"] in ("float", "datetime", "timedelta") and not numeric.get("integral", False)
        unique = not continuous and add("unique", name, 0.45).holds
        if col["type"] not in ("numeric", "datetime") and not unique:
            add("high_cardinality", name, 0.35)
        if col["type"] == "numeric":
            found += _shape(facts, name, col, t)
        if col["type"] in ("categorical", "boolean"):
            balance = imbalanced(shown(facts, name), col, t, Ask())
            if balance.strength == "strong" and bands.significance(balance.p_value, t) is not False:
                found.append(Finding("imbalanced", [shown(facts, name)],
                                     as_finding(balance, f"imbalance score > {t['imbalance']:g}"),
                                     round(_clip(0.3 + 0.4 * (col["imbalance"] or 0)), 4)))
        # balanced categories and integer codes (day of month, ids) are uniform by construction: no news
        if col["storage"] == "float" and continuous and not unique and (col["uniform"] or {}).get("method") == "ks":
            add("uniform", name, 0.2)
    found += correlation_findings(facts, t)
    return _ranked(found)


def _ranked(found: list[Finding]) -> list[Finding]:
    return sorted(found, key=lambda f: -f.importance)  # stable: ties keep column order


def _shape(facts: Mapping, name: str, col: dict, t: Mapping) -> list[Finding]:
    """Zeros, skew and outliers of a numeric column: one zero-inflated finding, or each on its own."""
    numeric = col["numeric"] or {}
    label = shown(facts, name)
    skew = skewed(label, col, t, Ask(strength="strong"))
    skew_news = skew.verdict == bands.CONFIRMED
    fences = numeric.get("outliers") or {}
    extreme = fences.get("extreme", 0)
    outlier_news = extreme > 0 and (numeric.get("finite_distinct") or 0) > MIN_OUTLIER_LEVELS
    zeros_share = numeric.get("zeros_share", 0.0)
    top = (col.get("top") or {}).get("value")
    mode = (fences.get("mode") or {}).get("value")
    mostly_zero = zeros_share >= 0.5
    if zeros_share >= max(t["zeros"], ZERO_INFLATED) and (top in (0, 0.0) or mode == 0) and (mostly_zero or skew_news):
        rest = f"the other values skewed {'right' if (numeric.get('skewness') or 0) > 0 else 'left'} " \
               f"(skewness {numeric.get('skewness') or 0:+.2f})" if skew_news else "the other values spread evenly"
        detail = (f"{label}: zero-inflated: {_pct(zeros_share)} zeros ({numeric['zeros']} of {col['n']}); {rest}: "
                  f"model the zeros apart from the rest (its skew and tail are these zeros, not separate patterns)")
        evidence = Evidence(round(zeros_share * 100, 2), f">= {max(t['zeros'], ZERO_INFLATED) * 100:g}% zeros, 0 the most "
                            "frequent value", True, detail, None, skew.p_value, skew.test, None, col.get("anchor"))
        return [Finding("zeros", [label], evidence, round(_clip(0.4 + 0.3 * zeros_share), 4),
                        [("skewed", (label,)), ("outliers", (label,))])]
    out = []
    if skew_news:
        size = (abs(numeric.get("skewness") or 0) - t["skewness"]) / (3 * t["skewness"] or 1)
        out.append(Finding("skewed", [label], as_finding(skew, f"strong (|skewness| > {t['skewness']:g}), "
                                                               f"significant at p < {t['alpha']:g}"),
                           round(_clip(0.35 + 0.3 * min(1.0, size)), 4)))
    if outlier_news:
        share = extreme / max(numeric.get("finite") or 1, 1)
        evidence = evaluate("outliers", [name], facts, t)
        evidence = Evidence(extreme, f"a value beyond the outer fences (k = {fences.get('extreme_k', 3):g})", True,
                            evidence.detail.split(" (threshold:")[0] + f"; farthest {_num(fences.get('max_excess_iqr') or 0)}"
                            " IQRs past the inner fence", anchor=col.get("anchor"))
        out.append(Finding("outliers", [label], evidence,
                           round(_clip((0.3 + 0.3 * min(1.0, share / 0.02)) * (0.75 if skew_news else 1.0)), 4)))
    if zeros_share >= t["zeros"]:
        out.append(Finding("zeros", [label], evaluate("zeros", [name], facts, t), round(_clip(0.3 + 0.4 * zeros_share), 4)))
    return out


def to_json(finding: Finding) -> dict:
    """A ``missed`` element of the grade JSON: ``{kind, columns, evidence: {value, threshold, detail, ...}}``."""
    return {"kind": finding.kind, "columns": list(finding.columns), "evidence": finding.evidence.to_json()}
