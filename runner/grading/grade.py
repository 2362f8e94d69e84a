"""Grade = diff(hypotheses, findings).

Each parsed claim is evaluated against the profile's facts: ``confirmed``,
``partly`` (the pattern is there but weaker or stronger than claimed, or only
some of the columns hold), ``refuted``, ``inconclusive`` (too few rows to tell
either way) or ``ungradeable``, always with evidence (the measured value, the
band, the test and the threshold; see :mod:`runner.grading.bands`).
``missed`` lists the notable findings no hypothesis addressed, most important
first.  A hypothesis *addresses* a finding when it names the same kind and
columns as the finding or as one of its members (any pair of a correlated
block, any column of a group missing in the same rows, the skew of a
zero-inflated column), whatever its verdict: a wrong prediction is refuted,
not missed.  A finding is *predicted* when a confirmed, un-negated hypothesis
addresses it, and *half predicted* when the best such hypothesis is ``partly``.

Scores: ``precision`` = (confirmed + partly / 2) / (confirmed + partly +
refuted): a partly right claim counts half, an inconclusive one neither right
nor wrong (it is left out, like an ungradeable one); ``recall`` = (predicted +
half predicted / 2) / notable findings.  Both are ``None`` when their
denominator is zero.  ``notes`` (before any finding) say what a reader must
know first, such as a sample too small for most claims.

Planted and null drills (issue #14) pass their ground truth: claims of the
planted kinds are judged by :mod:`runner.grading.planted`, the planted
patterns lead the notable findings (so ``missed`` lists them first), a null
drill's relationship claims are refuted (and its chance associations are no
findings), and ``variant`` reveals what the drill was.  ``score`` counts
``false_discoveries`` (un-negated relationship claims refuted) out of
``relationship_claims`` (those judged confirmed, partly or refuted), and
``planted``: the planted patterns predicted (``recall``), None on other drills.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from runner.grading import planted
from runner.grading.bands import CONFIRMED, INCONCLUSIVE, PARTLY, REFUTED, UNGRADEABLE
from runner.grading.claims import Claim
from runner.grading.facts import Finding
from runner.grading.judges import PAIR_JUDGES, _combine, evaluate, verdict_of
from runner.grading.notable import notable, notes, to_json
from runner.grading.thresholds import DEFAULT_THRESHOLDS

__all__ = ["CONFIRMED", "INCONCLUSIVE", "PARTLY", "REFUTED", "UNGRADEABLE", "Grade", "Verdict", "grade"]


@dataclass
class Verdict:
    claim: Claim
    verdict: str
    evidence: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        c = self.claim
        return {
            "text": c.text,
            "kind": c.kind,
            "columns": list(c.columns),
            "negated": bool(c.negated),
            "confidence": c.confidence,
            "verdict": self.verdict,
            "evidence": self.evidence,
        }


@dataclass
class Grade:
    verdicts: list[Verdict]
    missed: list[Finding]
    notable: list[Finding]
    score: dict[str, Any] = field(default_factory=dict)
    notes: list[dict[str, str]] = field(default_factory=list)
    variant: dict[str, Any] | None = None

    def to_json(self, seal: dict[str, Any]) -> dict[str, Any]:
        """The grade JSON contract (``design.md``), plus ``seal`` with the details and ``notes``."""
        return {
            "hypotheses": [v.to_json() for v in self.verdicts],
            "missed": [to_json(f) for f in self.missed],
            "notes": self.notes,
            "score": self.score,
            "sealed": seal["state"] == "sealed",
            "seal": seal,
            "variant": self.variant,
        }


def claim_keys(claim: Claim) -> set[tuple[str, frozenset[str]]]:
    """The (kind, columns) a claim speaks of: each column of a one-column kind, each pair of a pair kind."""
    if claim.kind is None:
        return set()
    names = [c.casefold() for c in claim.columns]
    if claim.kind in planted.GROUP_KINDS:
        return planted.claim_keys(claim.kind, claim.columns)
    if claim.kind in PAIR_JUDGES:
        return {(claim.kind, frozenset((a, b))) for i, a in enumerate(names) for b in names[i + 1:] if a != b}
    if not names:
        return {(claim.kind, frozenset())}
    return {(claim.kind, frozenset((c,))) for c in names}


def _ungradeable(claim: Claim) -> dict[str, Any]:
    detail = claim.problem or "could not be read"
    if claim.suggestion:
        detail += f"; did you mean: {claim.suggestion}"
    return {"value": None, "threshold": None, "detail": detail, "suggestion": claim.suggestion}


# The steps of a grade, in order: each takes the running state and returns
# it.  Judging comes before matching (matching needs the verdicts), and
# scoring comes last because it counts both.
Step = Callable[["_State"], "_State"]


@dataclass
class _State:
    claims: list[Claim]
    facts: dict[str, Any]
    thresholds: dict[str, Any]
    verdicts: list[Verdict] = field(default_factory=list)
    notable: list[Finding] = field(default_factory=list)
    missed: list[Finding] = field(default_factory=list)
    predicted: dict[int, float] = field(default_factory=dict)  # finding index -> 1 (confirmed) or 0.5 (partly)
    score: dict[str, Any] = field(default_factory=dict)
    notes: list[dict[str, str]] = field(default_factory=list)
    truth: dict[str, Any] | None = None


def drop_repeats(state: _State) -> _State:
    """A line written twice word for word (a duplicated cell) is graded once.

    Lines that say the same thing in other words, or with another confidence,
    are all kept: each is the learner's own claim, and each confidence counts.
    """
    seen: set[str] = set()
    kept = []
    for claim in state.claims:
        key = " ".join(claim.text.split()).casefold()
        if key not in seen:
            seen.add(key)
            kept.append(claim)
    state.claims = kept
    return state


def _judge_planted(claim: Claim, truth: dict[str, Any] | None) -> Any:
    """A claim of a planted kind: each column (each driver of a missing_depends claim) judged, one verdict."""
    kind, columns = claim.kind or "", list(claim.columns)
    if kind == "missing_depends" and len(columns) > 2:
        groups = [[columns[0], other] for other in columns[1:]]
    elif kind in planted.GROUP_KINDS or len(columns) <= 1:
        groups = [columns]
    else:
        groups = [[c] for c in dict.fromkeys(columns)]
    parts = [planted.judge(kind, cols, claim.qualifier, truth) for cols in groups]
    return parts[0] if len(parts) == 1 else _combine(parts, claim.negated)


def judge(state: _State) -> _State:
    null = planted.is_null(state.truth)
    for claim in state.claims:
        if not claim.gradeable or claim.kind is None:
            state.verdicts.append(Verdict(claim, UNGRADEABLE, _ungradeable(claim)))
            continue
        if claim.kind in planted.PLANTED_KINDS:
            ev = _judge_planted(claim, state.truth)
        else:
                ev = evaluate(
                claim.kind, list(claim.columns), state.facts, state.thresholds,
                qualifier=claim.qualifier,
                # the parser keeps a share (0.2); the evaluator takes percentage points (20)
                percent=None if claim.percent is None else claim.percent * 100,
                strength=claim.strength, negated=claim.negated, count=claim.count,
            )
        if null and claim.kind in planted.RELATIONSHIP_KINDS and verdict_of(ev, claim.negated) != UNGRADEABLE:
            ev = planted.null_evidence(ev, claim.negated)
        state.verdicts.append(Verdict(claim, verdict_of(ev, claim.negated), ev.to_json()))
    return state


def match(state: _State) -> _State:
    found = notable(state.facts, state.thresholds)
    if planted.is_null(state.truth):  # a shuffled column's associations are chance, not findings
        found = [f for f in found if f.kind not in planted.RELATIONSHIP_KINDS]
    state.notable = planted.findings(state.truth) + found
    state.notes = notes(state.facts, state.thresholds)
    keyed = [(v, claim_keys(v.claim)) for v in state.verdicts]
    for i, finding in enumerate(state.notable):
        keys = finding.keys()
        by = [v for v, claimed in keyed if claimed & keys]
        if not by:
            state.missed.append(finding)
            continue
        credit = max((CREDIT.get(v.verdict, 0.0) for v in by if not v.claim.negated), default=0.0)
        if credit:
            state.predicted[i] = credit
    return state


#: How much a verdict counts as right: partly is half right, inconclusive neither right nor wrong.
CREDIT = {CONFIRMED: 1.0, PARTLY: 0.5}


def _precision(confirmed: int, partly: int, refuted: int) -> float | None:
    judged = confirmed + partly + refuted
    return (confirmed + partly / 2) / judged if judged else None


def score(state: _State) -> _State:
    counts = Counter(v.verdict for v in state.verdicts)
    kinds = sorted({v.claim.kind for v in state.verdicts if v.claim.kind} | {f.kind for f in state.notable})
    per_kind = {}
    for kind in kinds:
        vs = Counter(v.verdict for v in state.verdicts if v.claim.kind == kind)
        fs = [i for i, f in enumerate(state.notable) if f.kind == kind]
        full = sum(1 for i in fs if state.predicted.get(i) == 1.0)
        half = sum(1 for i in fs if state.predicted.get(i) == 0.5)
        per_kind[kind] = {
            "hypotheses": sum(vs.values()),
            "confirmed": vs[CONFIRMED],
            "partly": vs[PARTLY],
            "refuted": vs[REFUTED],
            "inconclusive": vs[INCONCLUSIVE],
            "findings": len(fs),
            "predicted": full,
            "partly_predicted": half,
            "missed": sum(f.kind == kind for f in state.missed),
            "recall": (full + half / 2) / len(fs) if fs else None,
        }
    full = sum(1 for c in state.predicted.values() if c == 1.0)
    half = sum(1 for c in state.predicted.values() if c == 0.5)
    state.score = {
        "hypotheses": len(state.verdicts),
        "confirmed": counts[CONFIRMED],
        "partly": counts[PARTLY],
        "refuted": counts[REFUTED],
        "inconclusive": counts[INCONCLUSIVE],
        "ungradeable": counts[UNGRADEABLE],
        "findings": len(state.notable),
        "predicted": full,
        "partly_predicted": half,
        "missed": len(state.missed),
        "precision": _precision(counts[CONFIRMED], counts[PARTLY], counts[REFUTED]),
        "recall": (full + half / 2) / len(state.notable) if state.notable else None,
        "scoring": "partly counts as half right; inconclusive and ungradeable count neither right nor wrong",
        "per_kind": per_kind,
        **_discoveries(state),
    }
    sown = state.score["planted"]
    if sown:
        base = (planted.variant(state.truth) or {}).get("base", "the base")
        state.notes.insert(0, {"kind": "planted_drill", "detail": (
            f"this was a variant of {base} with {sown['patterns']} planted problems "
            f"({', '.join(planted.NAMES[k] for k in sown['per_kind'])}); you found "
            f"{sown['predicted'] + sown['partly_predicted'] / 2:g}; the ones you missed lead the missed list")})
    if planted.is_null(state.truth):
        found = state.score["false_discoveries"]
        state.notes.insert(0, {"kind": "null_drill", "detail": (
            "this was a null drill: every column was shuffled on its own, so the values of each column are real but "
            "no relationship between columns is; relationship claims here are false discoveries "
            f"(you made {found})")})
    return state


def _discoveries(state: _State) -> dict[str, Any]:
    """False discoveries (un-negated relationship claims refuted) and the recall of the planted patterns."""
    related = [v for v in state.verdicts if v.claim.kind in planted.RELATIONSHIP_KINDS and not v.claim.negated
               and v.verdict in (CONFIRMED, PARTLY, REFUTED)]
    sown = planted.findings(state.truth)  # the first findings of state.notable, in this order
    per_kind: dict[str, Counter] = {}
    for i, finding in enumerate(sown):
        counts = per_kind.setdefault(finding.kind, Counter())
        counts["patterns"] += 1
        counts["predicted"] += state.predicted.get(i) == 1.0
        counts["partly_predicted"] += state.predicted.get(i) == 0.5
    full = sum(c["predicted"] for c in per_kind.values())
    half = sum(c["partly_predicted"] for c in per_kind.values())
    return {
        "relationship_claims": len(related),
        "false_discoveries": sum(v.verdict == REFUTED for v in related),
        "planted": {"patterns": len(sown), "predicted": full, "partly_predicted": half,
                    "recall": (full + half / 2) / len(sown),
                    "per_kind": {k: dict(c) for k, c in per_kind.items()}} if sown else None,
    }


STEPS: list[Step] = [drop_repeats, judge, match, score]


def grade(claims: Sequence[Claim], facts: dict[str, Any], thresholds: dict[str, Any],
          truth: dict[str, Any] | None = None) -> Grade:
    """Grade ``claims`` against ``facts`` (and a planted or null drill's ``truth``); thresholds a drill stored
    before a key existed get its default."""
    state = _State(list(claims), facts, {**DEFAULT_THRESHOLDS, **thresholds}, truth=truth)
    for step in STEPS:
        state = step(state)
    return Grade(state.verdicts, state.missed, state.notable, state.score, state.notes, planted.variant(truth))
