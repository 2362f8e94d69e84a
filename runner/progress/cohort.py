"""``drill cohort``: where a class stands, from its learners' logs, read without writing a byte.

Each learner's log is read through a private copy (:mod:`runner.store.snapshot`):
nothing is opened for writing or created in a learner's folder.  Which learners
is :mod:`runner.progress.cohort_learners`; the page is :mod:`runner.progress.cohort_html`.

Per learner (the definitions of ``drill stats``, pooled over the learner's drills):
``drills`` (started), ``graded``, ``complete``, ``accuracy`` = (confirmed +
partly / 2) / (confirmed + partly + refuted) and ``recall`` = (predicted +
partly predicted / 2) / notable findings as fractions (null before a graded
drill; ``partly`` counts half, ``inconclusive`` neither, as in ``drill stats``), ``calibration`` (:func:`learner_calibration`),
``kinds_missed`` (kind, times, drills), ``time_per_phase`` (median actual
minutes against plan), ``integrity`` (peeks, edits after the seal) and the
learner's drill for each ``assignment``.

Class-wide: accuracy and recall pooled over every graded drill; the ``spread``
of the learners' scores (count, min, quartiles, median, max, mean: each learner
counts once); the kinds most missed (by how many learners missed them); the
median time per phase over learners; and per assignment the claims refuted most
often (a claim is its kind, columns and negation; ``claimed`` counts the
learners who made it, ``refuted`` those for whom it was refuted).

A folder this user may not read (another learner's, for a learner) is listed
with ``error`` and counts for nothing; when no folder at all is readable the
command fails with a one-line error: the view needs the instructor's rights.

May import: ``runner.progress.log``, ``runner.progress.stats``,
``runner.progress.cohort_learners``, ``runner.store``, ``runner.errors``.
"""

from __future__ import annotations

import json
import os
import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from runner.errors import DrillError
from runner.progress import calibration
from runner.progress.cohort_learners import LearnerFolder, pseudonym
from runner.progress.log import DrillSummary, accuracy, drill_summaries, recall
from runner.progress.stats import most_missed_kinds, phase_stats
from runner.store import DB_NAME
from runner.store.snapshot import open_snapshot

#: How many refuted claims each assignment lists.
TOP_REFUTED = 10


@dataclass
class Learner:
    name: str
    folder: str | None  # None when anonymised
    error: str | None = None  # why the folder could not be read
    drills: int = 0
    graded: int = 0
    complete: int = 0
    confirmed: int = 0
    partly: int = 0
    refuted: int = 0
    findings: int = 0
    predicted: int = 0
    partly_predicted: int = 0
    accuracy: float | None = None
    recall: float | None = None
    calibration: Any = None
    kinds_missed: list[dict[str, Any]] = field(default_factory=list)
    time_per_phase: list[dict[str, Any]] = field(default_factory=list)
    integrity: dict[str, int] = field(default_factory=dict)
    assignments: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_started: str | None = None


@dataclass
class Cohort:
    assignment: str | None  # the view is narrowed to this assignment's drills
    learners: list[Learner]
    cls: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"assignment": self.assignment, "learners": [asdict(learner) for learner in self.learners],
                "class": self.cls}


def learner_calibration(folder: Path, drills: list[DrillSummary]) -> dict[str, Any] | None:
    """The learner's calibration over their graded ``drills``: the same pooled figures ``drill stats
    --json`` reports under ``calibration`` (:mod:`runner.progress.calibration`), without the per-kind
    and per-drill detail; None when no graded hypothesis stated a confidence."""
    found = calibration.from_log(folder, [s.id for s in drills if s.graded], read_only=True)
    if not found["forecasts"]:
        return None
    return {key: found[key] for key in ("forecasts", "enough", "message", "brier", "skill", "mean_confidence",
                                        "share_right", "overconfidence")}


@dataclass
class _Claims:
    """The gradeable claims of one learner's drills, and which assignment each drill answers."""

    by_drill: dict[str, list[dict[str, Any]]]
    assignment_of: dict[str, str]


def _claims(folder: Path) -> _Claims:
    with open_snapshot(folder) as store:
        rows = store.conn.execute("SELECT drill_id, kind, columns, negated, verdict FROM grade_hypotheses "
                                  "WHERE kind IS NOT NULL ORDER BY drill_id, position").fetchall()
        assigned = store.conn.execute("SELECT drill_id, name FROM assignments").fetchall()
    by_drill: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_drill[r["drill_id"]].append({"kind": r["kind"], "columns": json.loads(r["columns"]),
                                        "negated": bool(r["negated"]), "verdict": r["verdict"]})
    return _Claims(dict(by_drill), {r["drill_id"]: r["name"] for r in assigned})


def _read(learner: LearnerFolder) -> tuple[list[DrillSummary], _Claims]:
    """The learner's drills and claims (none yet without a folder); PermissionError when this user may not read them."""
    try:
        os.stat(learner.folder)
    except FileNotFoundError:
        return [], _Claims({}, {})
    if not os.access(learner.folder, os.R_OK | os.X_OK):
        raise PermissionError(f"permission denied: {learner.folder}")
    try:
        os.stat(learner.folder / DB_NAME)
    except FileNotFoundError:
        return [], _Claims({}, {})
    return drill_summaries(learner.folder, read_only=True), _claims(learner.folder)


def _learner(entry: LearnerFolder, drills: list[DrillSummary], claims: _Claims) -> Learner:
    graded = [s for s in drills if s.graded]
    confirmed, refuted = sum(s.confirmed for s in graded), sum(s.refuted for s in graded)
    findings, predicted = sum(s.findings for s in graded), sum(s.predicted for s in graded)
    partly, half = sum(s.partly for s in graded), sum(s.partly_predicted for s in graded)
    assignments = {claims.assignment_of[s.id]: {"drill": s.id, "graded": s.graded, "accuracy": s.accuracy,
                                                "recall": s.recall}
                   for s in drills if s.id in claims.assignment_of}
    return Learner(
        name=entry.name, folder=str(entry.folder), drills=len(drills), graded=len(graded),
        complete=sum(s.status == "complete" for s in drills), confirmed=confirmed, partly=partly, refuted=refuted,
        findings=findings, predicted=predicted, partly_predicted=half, accuracy=accuracy(confirmed, partly, refuted),
        recall=recall(predicted, half, findings), calibration=learner_calibration(entry.folder, drills),
        kinds_missed=most_missed_kinds(graded), time_per_phase=phase_stats(drills),
        integrity={"peeks": sum(s.peeks for s in drills), "edited_after_seal": sum(s.seal == "edited" for s in graded),
                   "unsealed": sum(s.seal == "unsealed" for s in graded)},
        assignments=assignments, last_started=drills[-1].created_at if drills else None,
    )


def spread(values: list[float]) -> dict[str, Any]:
    """Count, min, quartiles, median, max and mean of one score over learners (None-free)."""
    if not values:
        return {"learners": 0, "min": None, "q1": None, "median": None, "q3": None, "max": None, "mean": None}
    ordered = sorted(values)
    q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else ordered * 3
    return {"learners": len(ordered), "min": ordered[0], "q1": q1, "median": statistics.median(ordered), "q3": q3,
            "max": ordered[-1], "mean": statistics.fmean(ordered)}


def _claim_text(kind: str, columns: list[str], negated: bool) -> str:
    return ("not " if negated else "") + kind + (": " + ", ".join(columns) if columns else "")


def _refuted(assignment: str, per_learner: list[tuple[list[DrillSummary], _Claims]]) -> list[dict[str, Any]]:
    claimed: Counter = Counter()
    refuted: Counter = Counter()
    shown: dict[tuple, tuple[str, list[str], bool]] = {}
    for drills, claims in per_learner:
        ids = {s.id for s in drills if claims.assignment_of.get(s.id) == assignment}
        made, wrong = set(), set()
        for drill_id in ids:
            for c in claims.by_drill.get(drill_id, []):
                key = (c["kind"], tuple(sorted(col.lower() for col in c["columns"])), c["negated"])
                shown.setdefault(key, (c["kind"], c["columns"], c["negated"]))
                made.add(key)
                if c["verdict"] == "refuted":
                    wrong.add(key)
        claimed.update(made)
        refuted.update(wrong)
    ranked = sorted(refuted, key=lambda k: (-refuted[k], -claimed[k], k))[:TOP_REFUTED]
    return [{"claim": _claim_text(*shown[k]), "kind": shown[k][0], "columns": shown[k][1], "negated": shown[k][2],
             "refuted": refuted[k], "claimed": claimed[k]} for k in ranked]


def _class(learners: list[Learner], per_learner: list[tuple[list[DrillSummary], _Claims]]) -> dict[str, Any]:
    readable = [x for x in learners if x.error is None]
    confirmed, refuted = sum(x.confirmed for x in readable), sum(x.refuted for x in readable)
    findings, predicted = sum(x.findings for x in readable), sum(x.predicted for x in readable)
    partly, half = sum(x.partly for x in readable), sum(x.partly_predicted for x in readable)
    missed_count, missed_learners = Counter(), Counter()
    for x in readable:
        for m in x.kinds_missed:
            missed_count[m["kind"]] += m["count"]
            missed_learners[m["kind"]] += 1
    most_missed = [{"kind": k, "count": missed_count[k], "learners": missed_learners[k]}
                   for k in sorted(missed_count, key=lambda k: (-missed_learners[k], -missed_count[k], k))]
    planned, medians, order = {}, defaultdict(list), {}
    for x in readable:
        for i, p in enumerate(x.time_per_phase):
            order.setdefault(p["key"], i)
            planned.setdefault(p["key"], p["planned_minutes"])
            if p["median_minutes"] is not None:
                medians[p["key"]].append(p["median_minutes"])
    phases = [{"key": k, "planned_minutes": planned[k], "learners": len(medians[k]),
               "median_minutes": statistics.median(medians[k]) if medians[k] else None,
               "learners_minutes": sorted(medians[k])} for k in sorted(order, key=order.get)]
    names = sorted({name for x in readable for name in x.assignments})
    assignments = []
    for name in names:
        done = [x.assignments[name] for x in readable if name in x.assignments]
        assignments.append({"name": name, "started": len(done), "graded": sum(d["graded"] for d in done),
                            "accuracy": spread([d["accuracy"] for d in done if d["accuracy"] is not None]),
                            "recall": spread([d["recall"] for d in done if d["recall"] is not None]),
                            "most_refuted": _refuted(name, per_learner)})
    return {
        "learners": len(learners), "readable": len(readable), "unreadable": len(learners) - len(readable),
        "drills": sum(x.drills for x in readable), "graded": sum(x.graded for x in readable),
        "confirmed": confirmed, "partly": partly, "refuted": refuted, "findings": findings, "predicted": predicted,
        "partly_predicted": half, "accuracy": accuracy(confirmed, partly, refuted), "recall": recall(predicted, half, findings),
        "spread": {"accuracy": spread([x.accuracy for x in readable if x.accuracy is not None]),
                   "recall": spread([x.recall for x in readable if x.recall is not None])},
        "most_missed": most_missed, "time_per_phase": phases, "assignments": assignments,
    }


def _narrow(drills: list[DrillSummary], claims: _Claims, assignment: str | None) -> list[DrillSummary]:
    return drills if assignment is None else [s for s in drills if claims.assignment_of.get(s.id) == assignment]


def compute_cohort(folders: list[LearnerFolder], assignment: str | None = None, anonymise: bool = False) -> Cohort:
    """The cohort view over ``folders`` (see the module docstring); narrowed to one assignment if given."""
    learners: list[Learner] = []
    per_learner: list[tuple[list[DrillSummary], _Claims]] = []
    seen: set[Path] = set()
    for entry in folders:
        if entry.folder in seen:  # named by a glob and by the hub: one learner
            continue
        seen.add(entry.folder)
        try:
            drills, claims = _read(entry)
        except PermissionError:
            learners.append(Learner(entry.name, str(entry.folder), error="permission denied"))
            continue
        except DrillError as exc:
            learners.append(Learner(entry.name, str(entry.folder), error=exc.one_line()))
            continue
        drills = _narrow(drills, claims, assignment)
        per_learner.append((drills, claims))
        learners.append(_learner(entry, drills, claims))
    if learners and all(x.error == "permission denied" for x in learners):
        raise DrillError(f"cannot read any of the {len(learners)} learners' results folders (permission denied)",
                         hint="the cohort view needs the instructor's rights: run it as the instructor "
                              "(e.g. with sudo on a single server)")
    if anonymise:  # and sorted by pseudonym: an order by real name would give the names away
        for x in learners:
            x.name, x.folder = pseudonym(x.name), None
            if x.error and x.error != "permission denied":
                x.error = "the log could not be read"
        learners.sort(key=lambda x: x.name)
    return Cohort(assignment, learners, _class(learners, per_learner))
