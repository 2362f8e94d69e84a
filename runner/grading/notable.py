"""The findings a careful analyst would name in a dataset, most important first: the ``missed`` list.

May import: this package's ``facts`` and ``judges`` only (pure Python).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runner.grading.facts import Evidence, Finding
from runner.grading.judges import MAX_CORRELATED_FINDINGS, MIN_OUTLIER_LEVELS, _correlated, evaluate


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
