"""Findings about several columns at once: correlated pairs and blocks, columns missing together.

One cause, one finding:

* a **collinear block** (columns whose pairs reach ``collinear``, connected) is
  one ``correlated`` finding naming all its columns, with every pair among them
  as a member, instead of one finding per pair;
* a **hub** (one column strongly associated with :data:`HUB_PARTNERS` or more
  others outside a block: a species and every body measurement, miles per
  gallon and every engine size) is one ``correlated`` finding naming the hub
  first, then its partners, with each of its pairs as a member; a strong pair
  of two of the hub's partners (island and bill depth, both tied to species)
  belongs to the same pattern (it may well be the hub's doing): it is a member
  of the hub's finding, not a finding of its own;
* columns **missing in exactly the same rows** are one ``missing_together``
  finding, with each column's ``missing`` as a member, instead of one finding
  per column; other pairs whose missing values are strongly associated (phi in
  the strong band, significant) are a ``missing_together`` pair each.

The correlation slots (:data:`MAX_CORRELATED_FINDINGS`) are spread: the
strongest pair of each kind of coefficient first (Spearman between numbers,
eta between a number and a category, Cramér's V between categories), then by
strength with no column in more than :data:`PER_COLUMN` findings, then the
strongest of the rest.

May import: this package's ``facts``, ``bands`` and ``banded`` (pure Python).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import combinations

from runner.grading import bands
from runner.grading.banded import Ask, correlated, missing_together
from runner.grading.facts import Evidence, Finding, _pct, shown

#: At most this many correlation findings (a block counts once).
MAX_CORRELATED_FINDINGS = 8
#: While slots are spread, a column takes part in at most this many correlation findings.
PER_COLUMN = 2
#: At most this many missing-together pairs (beyond identical patterns).
MAX_MISSING_PAIRS = 3
#: A column strongly associated with at least this many others (outside a block) is one hub finding.
HUB_PARTNERS = 3

_CLAIMED = re.compile(r" \(claimed: [^;]*; ")


def as_finding(evidence: Evidence, threshold: str) -> Evidence:
    """A judge's evidence restated for a finding: no claim to compare with, only what was measured."""
    detail = _CLAIMED.sub(" (", evidence.detail)
    return Evidence(evidence.value, threshold, True, detail, evidence.strength, evidence.p_value, evidence.test,
                    None, evidence.anchor)


def _strong(t: Mapping) -> str:
    return f"strong (|coefficient| >= {t['correlation']:g}), significant at p < {t['alpha']:g}"


def _usable(pair: dict, columns: Mapping, t: Mapping) -> bool:
    a, b = pair["columns"]
    if pair["value"] is None or a == b or columns[a]["original"] == columns[b]["original"]:
        return False
    return bands.correlation_band(pair["value"], t) == 3 and bool(bands.significance(pair.get("p_value"), t))


def _importance(value: float, t: Mapping) -> float:
    return 0.4 + 0.5 * (abs(value) - t["correlation"]) / ((1 - t["correlation"]) or 1)


def _blocks(pairs: list[dict], t: Mapping) -> list[set[str]]:
    """Connected groups of three or more columns joined by collinear pairs."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for pair in pairs:
        if abs(pair["value"]) >= t["collinear"]:
            a, b = pair["columns"]
            parent[root(a)] = root(b)
    groups: dict[str, set[str]] = {}
    for name in parent:
        groups.setdefault(root(name), set()).add(name)
    return [g for g in groups.values() if len(g) >= 3]


def correlation_findings(facts: Mapping, t: Mapping) -> list[Finding]:
    columns = facts["columns"]
    order = list(columns)
    candidates = sorted((p for p in facts["correlations"] if _usable(p, columns, t)), key=lambda p: -abs(p["value"]))
    out: list[Finding] = []
    inside: set[frozenset[str]] = set()
    for block in _blocks(candidates, t):
        names = sorted(block, key=order.index)
        members = [p for p in candidates if set(p["columns"]) <= block]
        inside |= {frozenset(p["columns"]) for p in members}
        low, high = min(abs(p["value"]) for p in members), max(abs(p["value"]) for p in members)
        section = (facts.get("sections") or {}).get("correlations")
        shown_names = [shown(facts, n) for n in names]
        detail = (f"{', '.join(shown_names)} move together as one block: {len(members)} of their "
                  f"{len(names) * (len(names) - 1) // 2} pairs are strong, |coefficient| {low:.2f} to {high:.2f}, "
                  f"all p < {t['alpha']:g} (a block: pairs at |coefficient| >= {t['collinear']:g} join it)")
        evidence = Evidence(round(high, 4), _strong(t), True, detail, "strong", max(p.get("p_value") or 0 for p in members),
                            "one test per pair", None, section)
        out.append(Finding("correlated", shown_names, evidence, round(min(1.0, _importance(high, t) + 0.05), 4),
                           [("correlated", (shown(facts, a), shown(facts, b))) for a, b in combinations(names, 2)]))
    rest = [p for p in candidates if frozenset(p["columns"]) not in inside]
    while (hub := _hub(rest)) is not None:
        name, pairs = hub
        partners = {c for p in pairs for c in p["columns"]} - {name}
        explained = [p for p in rest if p not in pairs and set(p["columns"]) <= partners]
        out.append(_hub_finding(facts, t, name, pairs, explained))
        rest = [p for p in rest if p not in pairs and p not in explained]
    chosen = _spread(rest, out, MAX_CORRELATED_FINDINGS - len(out))
    for pair in chosen:
        a, b = pair["columns"]
        evidence = as_finding(correlated(a, b, facts, t, Ask(), pair), _strong(t))
        out.append(Finding("correlated", [shown(facts, a), shown(facts, b)], evidence,
                           round(min(1.0, _importance(pair["value"], t)), 4)))
    return out


def _hub(pairs: list[dict]) -> tuple[str, list[dict]] | None:
    """The column with the most strong partners (at least HUB_PARTNERS), strongest first on a tie."""
    partners: dict[str, list[dict]] = {}
    for pair in pairs:
        for name in pair["columns"]:
            partners.setdefault(name, []).append(pair)
    best = max(partners.items(), key=lambda item: (len(item[1]), sum(abs(p["value"]) for p in item[1])), default=None)
    return best if best is not None and len(best[1]) >= HUB_PARTNERS else None


def _hub_finding(facts: Mapping, t: Mapping, name: str, pairs: list[dict], explained: list[dict]) -> Finding:
    from runner.grading.facts import SHORT

    hub = shown(facts, name)
    others = [(shown(facts, next(c for c in p["columns"] if c != name)), p) for p in pairs]
    parts = ", ".join(f"{other} ({SHORT.get(p['method'], p['method'])} {p['value']:+.2f})" if p["method"] == "spearman"
                      else f"{other} ({SHORT.get(p['method'], p['method'])} {p['value']:.2f})" for other, p in others)
    strongest = max(abs(p["value"]) for p in pairs)
    detail = (f"{hub} is strongly associated with {len(pairs)} columns: {parts}; all p < {t['alpha']:g}: one pattern "
              f"around {hub}, not {len(pairs)} separate ones")
    if explained:
        detail += (f"; {len(explained)} more strong pair(s) among these columns belong to the same pattern (each "
                   f"also tied to {hub}): " + ", ".join(f"{shown(facts, p['columns'][0])} ~ {shown(facts, p['columns'][1])}"
                                                        for p in explained))
    evidence = Evidence(round(strongest, 4), _strong(t), True, detail, "strong", max(p.get("p_value") or 0 for p in pairs),
                        "one test per pair", None, (facts.get("sections") or {}).get("correlations"))
    members = [("correlated", (hub, other)) for other, _ in others]
    members += [("correlated", (shown(facts, p["columns"][0]), shown(facts, p["columns"][1]))) for p in explained]
    return Finding("correlated", [hub] + [other for other, _ in others], evidence,
                   round(min(1.0, _importance(strongest, t) + 0.05), 4), members)


def _spread(pairs: list[dict], blocks: list[Finding], slots: int) -> list[dict]:
    """Pick ``slots`` pairs: each method's strongest, then by strength with a per-column cap, then the rest."""
    if slots <= 0:
        return []
    chosen: list[dict] = []
    used: dict[str, int] = {}

    def take(pair: dict) -> None:
        chosen.append(pair)
        for name in pair["columns"]:
            used[name] = used.get(name, 0) + 1

    for method in ("spearman", "eta", "cramers_v"):
        best = next((p for p in pairs if p["method"] == method), None)
        if best is not None and len(chosen) < slots:
            take(best)
    for pair in pairs:
        if len(chosen) < slots and pair not in chosen and all(used.get(n, 0) < PER_COLUMN for n in pair["columns"]):
            take(pair)
    for pair in pairs:
        if len(chosen) < slots and pair not in chosen:
            take(pair)
    return sorted(chosen, key=lambda p: -abs(p["value"]))


def missing_findings(facts: Mapping, t: Mapping) -> tuple[list[Finding], set[str]]:
    """Missing-value findings of several columns, and the columns they cover (reported nowhere else)."""
    columns, rows = facts["columns"], facts["dataset"]["rows"]
    patterns = facts["dataset"].get("missing_patterns") or {}
    out: list[Finding] = []
    covered: set[str] = set()
    for group in patterns.get("groups", []):
        names = [n for n in columns if n in group]
        count = columns[names[0]]["missing"]
        share = count / rows if rows else 0.0
        shown_names = [shown(facts, n) for n in names]
        detail = (f"{', '.join(shown_names)} are missing in exactly the same {count} rows ({_pct(share)}): one cause "
                  f"(such as rows with no measurement at all), not {len(names)} separate gaps")
        evidence = Evidence(round(share * 100, 2), "missing in the same rows", True, detail, "strong", None, None,
                            None, columns[names[0]].get("anchor"))
        members = [("missing", (s,)) for s in shown_names] + [("missing_together", pair)
                                                               for pair in combinations(shown_names, 2)]
        out.append(Finding("missing_together", shown_names, evidence, round(min(1.0, 0.55 + 0.5 * share), 4), members))
        covered |= set(names)
    strong = []
    for pair in patterns.get("pairs", []):
        a, b = pair["columns"]
        if set(pair["columns"]) <= covered and any(set(pair["columns"]) <= set(g) for g in patterns.get("groups", [])):
            continue
        if pair["phi"] > 0 and bands.correlation_band(pair["phi"], t) == 3 and bands.significance(pair.get("p_value"), t):
            strong.append(pair)
    for pair in sorted(strong, key=lambda p: -p["phi"])[:MAX_MISSING_PAIRS]:
        a, b = pair["columns"]
        evidence = as_finding(missing_together(a, b, facts, t, Ask()),
                              f"phi >= {t['correlation']:g}, significant at p < {t['alpha']:g}")
        out.append(Finding("missing_together", [shown(facts, a), shown(facts, b)], evidence,
                           round(0.4 + 0.2 * pair["phi"], 4)))
    return out, covered
