"""Claims of the planted kinds, graded against a drill's ground truth (``truth.json``), and null drills.

A planted (``mess:``) or null (``null:``) drill keeps its truth where the
learner cannot read it before the seal (written by ``drill start``, see
``runner.sources.planted.truth``): the recipe's ``patterns`` and the
detectors' ``measures`` of every column of the data the learner got.

* A claim that names a planted pattern (same kind, same columns; the same
  qualifier when it gives one) is judged by the recipe, whatever the
  profile's thresholds say: its evidence starts ``planted:``.  A claim of
  another mechanism about a planted column (``mcar: Wind`` when Wind was
  made MNAR) is refuted by the recipe too.
* Any other claim of a planted kind is judged by the detectors' measures
  (evidence ``measured:``, with the rule used); MNAR, which no test can
  see in the data, is inconclusive unless the recipe planted it.
* On a null drill every column was shuffled on its own: a claim of a
  relationship (:data:`RELATIONSHIP_KINDS`) is a false discovery, refuted
  whatever the measured coefficient (the evidence keeps it), and its
  negation is confirmed.
* An ordinary drill is measured at its grade when a claim names a planted
  kind (no recipe, ``variant`` None; data of at most 100,000 cells); without
  measures a claim of a planted kind is ungradeable, and says so.

May import: this package's ``facts`` and ``bands`` (pure Python).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runner.grading.bands import CONFIRMED, INCONCLUSIVE, REFUTED
from runner.grading.facts import Evidence, Finding

#: The kinds of issue #14, judged here (their rows are in :mod:`runner.grading.vocabulary`).
PLANTED_KINDS = ("entry_errors", "inconsistent_categories", "heaping", "mcar", "mnar", "missing_depends",
                 "near_duplicates", "simpson", "leakage", "drift")
#: Claims of a relationship between columns: false discoveries when refuted on a null or planted drill.
RELATIONSHIP_KINDS = ("correlated", "missing_together", "missing_depends", "simpson", "leakage")
#: Kinds whose columns are one claim together (not each column on its own).
GROUP_KINDS = ("missing_depends", "simpson")
MISSING_KINDS = ("mcar", "mnar", "missing_depends")
PLANTED = "planted"
RECIPE = "the recipe of this planted drill (ground truth)"
NO_TRUTH = ("{kind} cannot be graded in this drill: it has no measures of the planted kinds (a dataset over "
            "100,000 cells, or one their detectors cannot read); planted variants (`drill start --dataset "
            "mess:<id>` or --level 4) always have them")
NAMES = {"entry_errors": "data-entry errors", "inconsistent_categories": "inconsistent category spellings",
         "heaping": "heaping", "mcar": "values missing completely at random (MCAR)",
         "mnar": "values missing not at random (MNAR)", "missing_depends": "missingness that depends on another column",
         "near_duplicates": "near-duplicate rows", "simpson": "a Simpson reversal", "leakage": "target leakage",
         "drift": "drift"}


def variant(truth: Mapping | None) -> dict[str, Any] | None:
    """``{"kind": "mess"|"null", "base", "seed", ...}``, or None for an ordinary drill."""
    return (truth or {}).get("variant") or None


def is_null(truth: Mapping | None) -> bool:
    return (variant(truth) or {}).get("kind") == "null"


def _fold(names: Any) -> list[str]:
    return [str(n).casefold() for n in names]


def _same(pattern: Mapping, kind: str, columns: list[str]) -> bool:
    """The pattern is the one the claim names (kind and columns; a Simpson pair in either order)."""
    if pattern["kind"] != kind:
        return False
    mine, theirs = _fold(columns), _fold(pattern["columns"])
    if kind == "simpson":
        return len(mine) == 3 and set(mine[:2]) == set(theirs[:2]) and mine[2] == theirs[2]
    return mine == theirs


def _planted_on(truth: Mapping, column: str, kinds: tuple[str, ...]) -> dict | None:
    folded = column.casefold()
    return next((p for p in truth.get("patterns") or () if p["kind"] in kinds and p["columns"]
                 and str(p["columns"][0]).casefold() == folded), None)


def _column(truth: Mapping, name: str) -> tuple[str, dict] | None:
    columns = truth["measures"]["columns"]
    if name in columns:
        return name, columns[name]
    return next(((n, c) for n, c in columns.items() if n.casefold() == name.casefold()), None)


def _planted(detail: str, holds: bool = True) -> Evidence:
    return Evidence(PLANTED, RECIPE, holds, f"planted: {detail}")


def _measured(holds: bool | None, detail: str, rule: str | None, verdict: str | None = None) -> Evidence:
    threshold = rule or ""
    return Evidence("measured", threshold, holds, f"measured: {detail}" + (f" (rule: {rule})" if rule else ""),
                    verdict=verdict)


def _none(detail: str) -> Evidence:
    return Evidence(None, "", None, detail)


def judge(kind: str, columns: list[str], qualifier: str | None, truth: Mapping | None) -> Evidence:
    """The evidence for ``kind: columns [qualifier]`` from the drill's truth (None: an ordinary drill)."""
    if not truth or not truth.get("measures"):
        return _none(NO_TRUTH.format(kind=kind))
    if kind == "near_duplicates":
        return _near_duplicates(truth)
    if not columns:
        return _none(f"{kind} needs a column")
    for p in truth.get("patterns") or ():
        if _same(p, kind, columns):
            if qualifier and p.get("qualifier") and qualifier != p["qualifier"]:
                return _planted(f"{p['qualifier']} errors, not {qualifier}: {p['detail']}"
                                if kind == "entry_errors" else f"a {p['qualifier']} drift, not {qualifier}: "
                                f"{p['detail']}", holds=False)
            return _planted(p["detail"])
    found = _column(truth, columns[0])
    if found is None and kind != "simpson":
        return _none(f"no column named {columns[0]!r} in the dataset")
    if kind in MISSING_KINDS:
        return _missing(kind, columns, truth, found)
    if kind == "simpson":
        return _simpson(columns, truth)
    if kind == "leakage":
        return _leakage(found[0], truth)
    return _column_kind(kind, qualifier, *found)


def _missing(kind: str, columns: list[str], truth: Mapping, found: tuple[str, dict]) -> Evidence:
    name, measures = found
    other = _planted_on(truth, name, MISSING_KINDS)
    if other is not None and other["kind"] == kind:  # missing_depends on another driver than the planted one
        return _planted(f"{name}'s missingness depends on {other['columns'][1]}, not {columns[1]}: "
                        f"{other['detail']}", holds=False)
    if other is not None:  # the recipe made this column's missingness; the claim names another mechanism
        return _planted(f"{NAMES[other['kind']]}, not {NAMES[kind]}: {other['detail']}", holds=False)
    depends = measures.get("missing_depends")
    if depends is None:
        return _measured(False, f"{name} has no missing values to explain (or almost nothing else)", None)
    on = depends.get("on") or {}
    drivers = ", ".join(depends.get("drivers") or ()) or "no other column"
    if kind == "missing_depends":
        driver = next((d for d in on if d.casefold() == columns[1].casefold()), None)
        if driver is None:
            return _none(f"{name}'s missingness cannot be compared with {columns[1]!r}")
        m = on[driver]
        return _measured(bool(m["holds"]), f"{name} missing vs {driver}: {m['how']}, p = {m['p']:.2g}",
                         depends.get("rule"))
    if kind == "mcar":
        if depends.get("holds"):
            return _measured(False, f"{name}'s missingness depends on {drivers}", depends.get("rule"))
        return _measured(None, f"{name}'s missingness depends on no other column, and nothing was planted in it; "
                         "no test can tell MCAR from MNAR in the data", depends.get("rule"), verdict=INCONCLUSIVE)
    return _measured(None, f"nothing was planted in {name}; whether values went missing because of their own "
                     f"size cannot be measured from the data (its missingness depends on {drivers})",
                     depends.get("rule"), verdict=INCONCLUSIVE)


def _column_kind(kind: str, qualifier: str | None, name: str, measures: Mapping) -> Evidence:
    m = measures.get(kind)
    if m is None:
        why = {"inconsistent_categories": "not a column of a few text levels"}.get(kind, "not a numeric column "
                                                                                 "with enough values")
        return _none(f"{name}: {why}, {kind} does not apply")
    rule = m.get("rule")
    if kind == "entry_errors":
        found = m.get("found") or {}
        if qualifier:
            hit = found.get(qualifier)
            return _measured(hit is not None, f"{name}: " + (hit["detail"] if hit else f"no {qualifier} errors"), rule)
        text = "; ".join(f"{k}: {v['detail']}" for k, v in found.items()) or "no sign, unit or code errors"
        return _measured(bool(found), f"{name}: {text}", rule)
    if kind == "inconsistent_categories":
        clusters = m.get("clusters") or []
        text = "; ".join(f"{c['level']!r} also written {', '.join(map(repr, c['variants']))}" for c in clusters)
        return _measured(bool(clusters), f"{name}: {text or 'every level spelled one way'}", rule)
    if kind == "heaping":
        return _measured(bool(m.get("holds")), f"{name}: {m.get('detail') or 'no heaping'}", rule)
    which = m.get("which") or []
    holds = qualifier in which if qualifier else bool(which)
    return _measured(holds, f"{name}: standardised mean difference {m.get('level')}, sd ratio {m.get('spread')} at "
                     f"the largest change along the order ({', '.join(which) or 'no drift'})", rule)


def _near_duplicates(truth: Mapping) -> Evidence:
    for p in truth.get("patterns") or ():
        if p["kind"] == "near_duplicates":
            return _planted(p["detail"])
    m = truth["measures"].get("near_duplicates") or {}
    if m.get("holds") is None:
        return _none(f"near duplicates cannot be told from chance here: {m.get('detail', 'too few columns')}")
    return _measured(bool(m["holds"]), f"{m.get('near') or 0} rows equal an earlier one in all columns but one",
                     m.get("rule"))


def _simpson(columns: list[str], truth: Mapping) -> Evidence:
    x, y, group = _fold(columns[:3])
    for m in truth["measures"].get("simpson") or ():
        if {x, y} == {m["x"].casefold(), m["y"].casefold()} and group == m["group"].casefold():
            return _measured(True, m["detail"], None)
    return _measured(False, f"the relation of {columns[0]} and {columns[1]} does not reverse within the groups of "
                     f"{columns[2]}", "overall |rho| >= 0.2 (p < 0.01) and the within-group rho of the other sign")


def _leakage(name: str, truth: Mapping) -> Evidence:
    target = truth["measures"].get("target")
    if not target:
        return _none("the dataset names no target, so leakage cannot be judged")
    m = (truth["measures"].get("leakage") or {}).get(name)
    if m is None:
        return _none(f"{name} cannot be compared with the target {target}")
    return _measured(bool(m["holds"]), m["detail"], m.get("rule"))


def null_evidence(evidence: Evidence, negated: bool) -> Evidence:
    """A relationship claim on a null drill: a false discovery however it measures (see the module docstring)."""
    verdict = CONFIRMED if negated else REFUTED
    detail = ("null drill: every column was shuffled on its own, so no relationship between columns is real; "
              f"measured: {evidence.detail}")
    return Evidence(evidence.value, evidence.threshold, False, detail, evidence.strength, evidence.p_value,
                    evidence.test, verdict, evidence.anchor)


def findings(truth: Mapping | None) -> list[Finding]:
    """The planted patterns as findings, in the recipe's order (they lead the ``missed`` list)."""
    out = []
    for p in (truth or {}).get("patterns") or ():
        columns = [str(c) for c in p["columns"]]
        members: list[tuple[str, tuple[str, ...]]] = []
        if p["kind"] in MISSING_KINDS:  # a claim of another mechanism about the column addresses it (refuted)
            members = [(k, (columns[0],)) for k in MISSING_KINDS]
        out.append(Finding(p["kind"], columns, _planted(p["detail"]), 1.0, members))
    return out


def claim_keys(kind: str, columns: list[str]) -> set[tuple[str, frozenset[str]]]:
    """What a claim of a group kind speaks of: its columns together (a missing_depends claim also its column)."""
    names = [c.casefold() for c in columns]
    if kind == "simpson":
        return {(kind, frozenset(names[:3]))}
    return {(kind, frozenset(names)), (kind, frozenset(names[:1]))}
