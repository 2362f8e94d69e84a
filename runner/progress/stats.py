"""Progress across drills: counts, accuracy and recall per kind, speed, integrity, the next level.

Everything is computed from the drill log (``drills.sqlite``, opened through
:func:`runner.store.open_store`, which migrates an older schema in place after
a backup), never from the drill folders: a folder deleted by hand still counts.

Definitions (pooled over the drills considered, never averaged per drill):

* **accuracy** = (confirmed + partly / 2) / (confirmed + partly + refuted):
  the share of judged hypotheses that were right, a ``partly`` right one
  (the pattern is there, weaker or stronger than claimed) counting half;
  ``inconclusive`` (too few rows to tell) and ungradeable lines count neither
  right nor wrong and are left out (:data:`SCORING`);
* **recall** = (predicted + partly predicted / 2) / notable findings (see
  :mod:`runner.grading.grade`);
* a drill that was never graded counts as *never graded*: it adds nothing to
  accuracy or recall (not zeros), and a graded drill with no notable finding
  adds nothing to recall;
* a phase's actual time is ``ended_at - started_at`` minus the paused seconds
  inside it; phases never ended are left out;
* a task's time in a drill comes from the process log where it shows the task
  (the span rule of :mod:`runner.progress.process_rules`), else from the
  start/stop button (``source``: ``cells`` or ``timer``);
* a timed task's trend compares the median of its later half of attempts with
  its earlier half (``faster`` below 90%, ``slower`` above 110%), alongside the
  least-squares slope in seconds per attempt; it is named only from
  :data:`TREND_FROM` attempts on (``too few attempts`` before);
* calibration (``calibration``) is :mod:`runner.progress.calibration` over the
  graded drills; the process over drills (``process``) is
  :func:`runner.progress.process.over_drills`;
* false discoveries and planted recall (``false_discoveries``, ``planted``)
  are :mod:`runner.progress.discoveries` over the graded planted and null drills.

The next-level rule is stated once, in :data:`LEVEL_RULE`, and applied by
:func:`suggest_level` to the whole log (``--since`` narrows the statistics,
not the advice).  The history of single kinds, for the notebook's phase 4,
is :func:`runner.progress.focus.history_of_kinds`.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from runner.progress import calibration as calibration_of
from runner.progress import discoveries
from runner.progress.intuition_stats import intuition_stats
from runner.progress.log import DrillSummary, accuracy, drill_summaries, recall
from runner.progress.process import over_drills
from runner.spec import kind_of

#: How verdicts count, said wherever accuracy and recall are shown.
SCORING = "partly counts as half right; inconclusive and ungradeable count as neither right nor wrong"

#: The next-level rule: the window, and the pooled recall to move up or down.
LEVEL_WINDOW = 3
MOVE_UP_RECALL = 0.60
MOVE_DOWN_RECALL = 0.20
LEVELS = (1, 2, 3, 4)
LEVEL_RULE = (
    f"move up a level when your recall over your last {LEVEL_WINDOW} graded drills at your current level "
    f"is at least {MOVE_UP_RECALL:.0%}, down when it is below {MOVE_DOWN_RECALL:.0%}; otherwise stay "
    "(recall pools those drills: predicted / notable findings, a finding only partly predicted counting half)"
)
#: Trend of a timed task: later-half median / earlier-half median below or above these.
FASTER, SLOWER = 0.9, 1.1
#: A trend is named only from this many attempts on.
TREND_FROM = 3
#: Markdown for the notebook's phase-3 cell (a drill notebook sits in ``<results>/<drill-id>/``).
STATS_LINK = (
    "How does this drill compare with your others? Run `drill stats` in a terminal, or `drill dashboard` "
    "for your progress in plots."
)


@dataclass
class LevelAdvice:
    current: int
    suggested: int
    reason: str
    recall: float | None  # pooled over the window, None when too few drills
    drills: int  # graded drills in the window
    rule: str = LEVEL_RULE


@dataclass
class Stats:
    results: str
    since: str | None
    message: str | None  # set when there is nothing to show (a friendly sentence, not zeros)
    drills: dict[str, int]
    by_level: dict[str, int]
    by_source: dict[str, int]
    hypotheses: dict[str, Any]
    per_kind: dict[str, dict[str, Any]]
    most_missed: list[dict[str, Any]]
    phases: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    integrity: dict[str, int]
    next_level: LevelAdvice | None
    folders_missing: list[str]
    timeline: list[DrillSummary]
    calibration: dict[str, Any] = field(default_factory=dict)
    process: dict[str, Any] = field(default_factory=dict)
    false_discoveries: dict[str, Any] = field(default_factory=dict)
    planted: dict[str, Any] = field(default_factory=dict)
    #: the intuition drills (runner.progress.intuition_stats); every figure above is about EDA drills
    intuition: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.timeline

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["empty"] = self.empty
        return data


_KIND_COUNTS = ("hypotheses", "confirmed", "partly", "refuted", "inconclusive", "findings", "predicted",
                "partly_predicted", "missed")


def _per_kind(graded: list[DrillSummary]) -> dict[str, dict[str, Any]]:
    totals: dict[str, Counter] = defaultdict(Counter)
    for s in graded:
        for kind, k in s.per_kind.items():
            for key in _KIND_COUNTS:
                totals[kind][key] += k.get(key) or 0
    return {
        kind: {**{key: t[key] for key in _KIND_COUNTS},
               "accuracy": accuracy(t["confirmed"], t["partly"], t["refuted"]),
               "recall": recall(t["predicted"], t["partly_predicted"], t["findings"])}
        for kind, t in sorted(totals.items())
    }


def most_missed_kinds(graded: list[DrillSummary]) -> list[dict[str, Any]]:
    """Missed kinds, most often missed first: ``{kind, count, drills}`` (one learner's, or a class's)."""
    count, drills = Counter(), Counter()
    for s in graded:
        count.update(s.missed_kinds)
        drills.update(s.missed_kinds.keys())
    ranked = sorted(count, key=lambda k: (-count[k], -drills[k], k))
    return [{"kind": k, "count": count[k], "drills": drills[k]} for k in ranked]


def phase_stats(summaries: list[DrillSummary]) -> list[dict[str, Any]]:
    """Planned and actual minutes per phase over these drills (one learner's, or a class's)."""
    planned, actual = defaultdict(list), defaultdict(list)
    order: dict[str, int] = {}
    for s in summaries:
        for i, (key, p) in enumerate(s.phases.items()):
            order.setdefault(key, i)
            planned[key].append(p["planned"])
            if p["actual"] is not None:
                actual[key].append(p["actual"])
    out = []
    for key in sorted(order, key=order.get):
        plan = statistics.median(planned[key])
        times = actual[key]
        out.append({"key": key, "planned_minutes": plan, "drills": len(times),
                    "median_minutes": statistics.median(times) if times else None,
                    "over_plan": sum(t > plan for t in times)})
    return out


def _slope(values: list[float]) -> float | None:
    n = len(values)
    if n < 2:
        return None
    mean_x, mean_y = (n - 1) / 2, statistics.fmean(values)
    return sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values)) / sum((i - mean_x) ** 2 for i in range(n))


def task_trend(values: list[float]) -> dict[str, Any]:
    """Median, halves, slope and a word for a task's times in attempt order (see the module docstring)."""
    n = len(values)
    first = statistics.median(values[: n // 2]) if n >= 2 else None
    second = statistics.median(values[n - n // 2:]) if n >= 2 else None
    if first is None or second is None or n < TREND_FROM:
        word = "too few attempts"
    elif first == 0 or FASTER <= second / first <= SLOWER:
        word = "steady"
    else:
        word = "faster" if second / first < FASTER else "slower"
    return {"count": n, "median_seconds": statistics.median(values) if values else None,
            "first_half_median": first, "second_half_median": second,
            "slope_seconds_per_attempt": _slope(values), "trend": word}


def _task_stats(summaries: list[DrillSummary]) -> list[dict[str, Any]]:
    times: dict[str, list[float]] = defaultdict(list)
    for s in summaries:
        for t in s.tasks:
            times[t["name"]].append(t["seconds"])
    return [{"name": name, **task_trend(values)} for name, values in sorted(times.items())]


def _with_derived_tasks(summaries: list[DrillSummary], process: dict[str, Any]) -> None:
    """Each drill's task times: from its cells where the log shows the task, else from the button."""
    derived = {row["drill_id"]: row["tasks"] for row in process["by_drill"]}
    for s in summaries:
        cells = derived.get(s.id, {})
        s.tasks = ([{"name": name, "seconds": seconds, "source": "cells"} for name, seconds in cells.items()]
                   + [{**t, "source": "timer"} for t in s.tasks if t["name"] not in cells])


def suggest_level(summaries: list[DrillSummary]) -> LevelAdvice | None:
    """Apply :data:`LEVEL_RULE` to the graded drills (oldest first); None before the first grade."""
    graded = [s for s in summaries if s.graded]
    if not graded:
        return None
    current = graded[-1].level
    window = [s for s in graded if s.level == current and s.findings][-LEVEL_WINDOW:]
    if len(window) < LEVEL_WINDOW:
        return LevelAdvice(current, current, f"{len(window)} of {LEVEL_WINDOW} graded drills at level {current} "
                                             "so far: stay at this level", None, len(window))
    pooled = sum(s.predicted + s.partly_predicted / 2 for s in window) / sum(s.findings for s in window)
    if pooled >= MOVE_UP_RECALL:
        suggested = min(current + 1, LEVELS[-1])
        why = "move up" if suggested > current else "stay: already at the top level"
    elif pooled < MOVE_DOWN_RECALL:
        suggested = max(current - 1, LEVELS[0])
        why = "move down" if suggested < current else "stay: already at the first level"
    else:
        suggested, why = current, "stay"
    return LevelAdvice(current, suggested, f"recall {pooled:.0%} over your last {LEVEL_WINDOW} graded drills "
                                           f"at level {current}: {why}", pooled, len(window))


def _on_or_after(created_at: str, since: date | None) -> bool:
    return since is None or created_at[:10] >= since.isoformat()


def compute(results_dir: str | Path, since: date | None = None) -> Stats:
    """Statistics of every drill in ``results_dir`` (started on or after ``since``, UTC date)."""
    results = Path(results_dir).expanduser().resolve()
    everything = [s for s in drill_summaries(results) if kind_of(s.spec) != "intuition"]
    summaries = [s for s in everything if _on_or_after(s.created_at, since)]
    intuition = intuition_stats(results, since)
    message = None
    if not everything and intuition["drills"]["total"]:
        message = "No EDA drills logged yet: start one with `drill start`."
    elif not everything:
        message = f"No drills logged in {results} yet: start one with `drill start`."
    elif not summaries:
        message = (f"No drills since {since.isoformat()} ({len(everything)} before it): "  # type: ignore[union-attr]
                   "drop --since to see them.")
    graded = [s for s in summaries if s.graded]
    confirmed, refuted = sum(s.confirmed for s in graded), sum(s.refuted for s in graded)
    partly, inconclusive = sum(s.partly for s in graded), sum(s.inconclusive for s in graded)
    findings, predicted = sum(s.findings for s in graded), sum(s.predicted for s in graded)
    half = sum(s.partly_predicted for s in graded)
    seals = Counter(s.seal for s in graded)
    process = over_drills(results, summaries)
    _with_derived_tasks(summaries, process)
    calibration = calibration_of.from_log(results, [s.id for s in graded])
    return Stats(
        results=str(results),
        since=since.isoformat() if since else None,
        message=message,
        drills={"total": len(summaries), "complete": sum(s.status == "complete" for s in summaries),
                "started": sum(s.status != "complete" for s in summaries), "graded": len(graded),
                "never_graded": len(summaries) - len(graded),
                "folder_missing": sum(not s.folder_exists for s in summaries)},
        by_level={str(k): v for k, v in sorted(Counter(s.level for s in summaries).items())},
        by_source=dict(sorted(Counter(s.source for s in summaries).items())),
        hypotheses={"confirmed": confirmed, "partly": partly, "refuted": refuted, "inconclusive": inconclusive,
                    "gradeable": confirmed + partly + refuted, "ungradeable": sum(s.ungradeable for s in graded),
                    "accuracy": accuracy(confirmed, partly, refuted), "findings": findings, "predicted": predicted,
                    "partly_predicted": half, "missed": sum(sum(s.missed_kinds.values()) for s in graded),
                    "recall": recall(predicted, half, findings), "scoring": SCORING,
                    "without_confidence": calibration["without_confidence"]},
        per_kind=_per_kind(graded),
        most_missed=most_missed_kinds(graded),
        phases=phase_stats(summaries),
        tasks=_task_stats(summaries),
        integrity={"peeks": sum(s.peeks for s in summaries), "drills_with_peeks": sum(s.peeks > 0 for s in summaries),
                   "sealed": seals["sealed"], "edited_after_seal": seals["edited"], "unsealed": seals["unsealed"]},
        next_level=suggest_level(everything),
        folders_missing=[s.id for s in summaries if not s.folder_exists],
        timeline=summaries,
        calibration=calibration,
        process=process,
        false_discoveries=discoveries.false_discoveries(graded),
        planted=discoveries.planted_recall(graded),
        intuition=intuition,
    )
