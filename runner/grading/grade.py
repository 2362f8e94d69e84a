"""Grade = diff(hypotheses, findings).

Each parsed claim is evaluated against the profile's facts: ``confirmed``,
``refuted`` or ``ungradeable``, always with evidence (the measured value and
the threshold).  ``missed`` lists the notable findings no hypothesis
addressed, most important first.  A hypothesis *addresses* a finding when it
names the same kind and the same columns, whatever its verdict: a wrong
prediction is refuted, not missed.  A finding is *predicted* when a confirmed,
un-negated hypothesis addresses it.

Scores: ``precision`` = confirmed / (confirmed + refuted) (the share of
gradeable hypotheses that were right); ``recall`` = predicted / notable
findings.  Both are ``None`` when their denominator is zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from runner.grading.claims import Claim
from runner.grading.facts import Finding
from runner.grading.judges import evaluate
from runner.grading.notable import notable, to_json

CONFIRMED, REFUTED, UNGRADEABLE = "confirmed", "refuted", "ungradeable"


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

    def to_json(self, seal: dict[str, Any]) -> dict[str, Any]:
        """The grade JSON contract (``design.md``), plus ``seal`` with the details."""
        return {
            "hypotheses": [v.to_json() for v in self.verdicts],
            "missed": [to_json(f) for f in self.missed],
            "score": self.score,
            "sealed": seal["state"] == "sealed",
            "seal": seal,
        }


def _key(kind: str | None, columns: Sequence[str]) -> tuple[str | None, frozenset[str]]:
    return kind, frozenset(c.lower() for c in columns)


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
    predicted: set[int] = field(default_factory=set)
    score: dict[str, Any] = field(default_factory=dict)


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


def judge(state: _State) -> _State:
    for claim in state.claims:
        if not claim.gradeable or claim.kind is None:
            state.verdicts.append(Verdict(claim, UNGRADEABLE, _ungradeable(claim)))
            continue
        ev = evaluate(
            claim.kind, list(claim.columns), state.facts, state.thresholds,
            qualifier=claim.qualifier,
            # the parser keeps a share (0.2); the evaluator takes percentage points (20)
            percent=None if claim.percent is None else claim.percent * 100,
        )
        evidence = {"value": ev.value, "threshold": ev.threshold, "detail": ev.detail}
        if ev.holds is None:
            state.verdicts.append(Verdict(claim, UNGRADEABLE, evidence))
        else:
            right = ev.holds != claim.negated
            state.verdicts.append(Verdict(claim, CONFIRMED if right else REFUTED, evidence))
    return state


def match(state: _State) -> _State:
    state.notable = notable(state.facts, state.thresholds)
    addressed: dict[tuple, list[Verdict]] = {}
    for v in state.verdicts:
        if v.claim.kind is not None:
            addressed.setdefault(_key(v.claim.kind, v.claim.columns), []).append(v)
    for i, finding in enumerate(state.notable):
        by = addressed.get(_key(finding.kind, finding.columns), [])
        if not by:
            state.missed.append(finding)
        elif any(v.verdict == CONFIRMED and not v.claim.negated for v in by):
            state.predicted.add(i)
    return state


def score(state: _State) -> _State:
    counts = Counter(v.verdict for v in state.verdicts)
    gradeable = counts[CONFIRMED] + counts[REFUTED]
    kinds = sorted({v.claim.kind for v in state.verdicts if v.claim.kind} | {f.kind for f in state.notable})
    per_kind = {}
    for kind in kinds:
        vs = [v for v in state.verdicts if v.claim.kind == kind]
        fs = [i for i, f in enumerate(state.notable) if f.kind == kind]
        hit = len([i for i in fs if i in state.predicted])
        per_kind[kind] = {
            "hypotheses": len(vs),
            "confirmed": sum(v.verdict == CONFIRMED for v in vs),
            "refuted": sum(v.verdict == REFUTED for v in vs),
            "findings": len(fs),
            "predicted": hit,
            "missed": sum(f.kind == kind for f in state.missed),
            "recall": hit / len(fs) if fs else None,
        }
    state.score = {
        "hypotheses": len(state.verdicts),
        "confirmed": counts[CONFIRMED],
        "refuted": counts[REFUTED],
        "ungradeable": counts[UNGRADEABLE],
        "findings": len(state.notable),
        "predicted": len(state.predicted),
        "missed": len(state.missed),
        "precision": counts[CONFIRMED] / gradeable if gradeable else None,
        "recall": len(state.predicted) / len(state.notable) if state.notable else None,
        "per_kind": per_kind,
    }
    return state


STEPS: list[Step] = [drop_repeats, judge, match, score]


def grade(claims: Sequence[Claim], facts: dict[str, Any], thresholds: dict[str, Any]) -> Grade:
    state = _State(list(claims), facts, thresholds)
    for step in STEPS:
        state = step(state)
    return Grade(state.verdicts, state.missed, state.notable, state.score)
