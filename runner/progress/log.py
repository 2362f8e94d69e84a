"""The drill log as the statistics see it: one :class:`DrillSummary` per drill, oldest first.

Read-only: built from ``drills.sqlite`` (opened through :func:`runner.store.open_store`),
never from the drill folders, so a folder deleted by hand still counts.

May import: ``runner.store`` (and its read-only door, ``runner.store.snapshot``).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner.store import DB_NAME, has_log, open_store
from runner.store.snapshot import open_snapshot


@dataclass
class DrillSummary:
    """One drill as the statistics see it (a row of the dashboard)."""

    id: str
    created_at: str
    dataset_id: str
    title: str
    source: str
    level: int
    status: str  # started | complete
    notebook: str  # relative to the results folder
    folder_exists: bool
    profile: str | None  # relative path of profile.html, when it exists
    graded: bool = False
    seal: str | None = None  # sealed | edited | unsealed (None: not graded)
    confirmed: int = 0
    partly: int = 0  # half right
    refuted: int = 0
    inconclusive: int = 0  # neither right nor wrong
    ungradeable: int = 0
    findings: int = 0
    predicted: int = 0
    partly_predicted: int = 0  # findings addressed by a claim that was partly right: half a prediction
    accuracy: float | None = None
    recall: float | None = None
    missed_kinds: dict[str, int] = field(default_factory=dict)
    per_kind: dict[str, dict[str, Any]] = field(default_factory=dict)
    phases: dict[str, dict[str, float | None]] = field(default_factory=dict)  # key -> planned, actual minutes
    tasks: list[dict[str, Any]] = field(default_factory=list)  # {name, seconds}
    peeks: int = 0
    total_seconds: float | None = None
    spec: str = "eda-2h"
    variant: str | None = None  # mess | null once graded (the grade reveals it), else None
    relationship_claims: int = 0  # un-negated relationship claims judged (see runner.progress.discoveries)
    false_discoveries: int = 0  # of those, refuted
    planted: dict[str, Any] | None = None  # the grade's score["planted"]: planted patterns predicted, per kind


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def accuracy(confirmed: int, partly: int, refuted: int) -> float | None:
    """The share of judged claims that were right: partly counts as half right, inconclusive (not
    passed here) as neither right nor wrong."""
    return _ratio(confirmed + partly / 2, confirmed + partly + refuted)


def recall(predicted: int, partly_predicted: int, findings: int) -> float | None:
    """Predicted notable findings, a finding addressed by a partly right claim counting half."""
    return _ratio(predicted + partly_predicted / 2, findings)


def _rows(conn: sqlite3.Connection, sql: str) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sql).fetchall()]


def _phase_minutes(phase: dict[str, Any], pauses: list[dict[str, Any]]) -> float | None:
    start, end = phase["started_at"], phase["ended_at"]
    if start is None or end is None:
        return None
    paused = sum(max(0.0, min(p["ended_at"] if p["ended_at"] is not None else end, end) - max(p["started_at"], start))
                 for p in pauses if p["position"] == phase["position"])
    return max(0.0, end - start - paused) / 60


def drill_summaries(results: Path, read_only: bool = False) -> list[DrillSummary]:
    """Every drill in the log, oldest first (none, and no file created, when there is no log).

    ``read_only``: read a private copy of the log (:mod:`runner.store.snapshot`), as
    the instructor's view does with a learner's: nothing is written next to it.  The
    learner's own view says so when the log is missing while drill folders exist
    (:func:`runner.store.has_log`), never "no drills".
    """
    if not ((results / DB_NAME).is_file() if read_only else has_log(results)):
        return []
    with open_snapshot(results) if read_only else open_store(results) as store:
        conn = store.conn
        drills = store.drills()
        grades = {r["drill_id"]: r for r in _rows(conn, "SELECT drill_id, sealed, json FROM grades")}
        phases, pauses, tasks, peeks = defaultdict(list), defaultdict(list), defaultdict(list), Counter()
        for r in _rows(conn, "SELECT * FROM phases ORDER BY drill_id, position"):
            phases[r["drill_id"]].append(r)
        for r in _rows(conn, "SELECT * FROM pauses"):
            pauses[r["drill_id"]].append(r)
        for r in _rows(conn, "SELECT * FROM tasks ORDER BY started_at, id"):
            seconds = r["seconds"] if r["seconds"] is not None else (
                r["ended_at"] - r["started_at"] if r["ended_at"] is not None else None)
            if seconds is not None:
                tasks[r["drill_id"]].append({"name": r["name"], "seconds": float(seconds)})
        for r in _rows(conn, "SELECT drill_id, COUNT(*) AS n FROM events WHERE kind = 'peek' GROUP BY drill_id"):
            peeks[r["drill_id"]] = r["n"]
    out = []
    for d in drills:
        folder = results / d.id
        profile = folder / "profile.html"
        s = DrillSummary(
            id=d.id, created_at=d.created_at, dataset_id=d.dataset_id, title=d.title, source=d.source,
            level=d.level, status=d.status, notebook=d.notebook, folder_exists=folder.is_dir(),
            profile=f"{d.id}/profile.html" if profile.is_file() else None, peeks=peeks[d.id],
            total_seconds=d.total_seconds, tasks=tasks[d.id], spec=d.spec,
            phases={p["key"]: {"planned": p["planned_minutes"], "actual": _phase_minutes(p, pauses[d.id])}
                    for p in phases[d.id]},
        )
        if d.id in grades:
            grade = json.loads(grades[d.id]["json"])
            score = grade.get("score", {})
            s.graded, s.seal = True, grades[d.id]["sealed"]
            s.confirmed, s.refuted = score.get("confirmed", 0), score.get("refuted", 0)
            s.partly, s.inconclusive = score.get("partly", 0), score.get("inconclusive", 0)
            s.ungradeable = score.get("ungradeable", 0)
            s.findings, s.predicted = score.get("findings", 0), score.get("predicted", 0)
            s.partly_predicted = score.get("partly_predicted", 0)
            s.accuracy = accuracy(s.confirmed, s.partly, s.refuted)
            s.recall = recall(s.predicted, s.partly_predicted, s.findings)
            s.missed_kinds = dict(Counter(m["kind"] for m in grade.get("missed", [])))
            s.per_kind = score.get("per_kind") or {}
            s.variant = (grade.get("variant") or {}).get("kind")
            s.relationship_claims = score.get("relationship_claims", 0)
            s.false_discoveries = score.get("false_discoveries", 0)
            s.planted = score.get("planted")
        out.append(s)
    return out
