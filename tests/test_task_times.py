"""Task times over drills: from the cells where the log shows the task, a trend only from three attempts."""

from __future__ import annotations

import pytest

from runner.progress.dashboard import plot_tasks
from runner.progress.log import DrillSummary
from runner.progress.stats import Stats, _task_stats, _with_derived_tasks, task_trend


def summary(drill_id: str, tasks: list[dict]) -> DrillSummary:
    return DrillSummary(drill_id, "2026-01-01T00:00:00", "builtin:sklearn/iris", "Iris", "builtin", 1, "complete",
                        f"{drill_id}/{drill_id}.ipynb", True, None, tasks=tasks)


def stats_of(summaries: list[DrillSummary]) -> Stats:
    return Stats("results", None, None, {}, {}, {}, {}, {}, [], [], _task_stats(summaries), {}, None, [], summaries)


@pytest.mark.parametrize("times, word", [([600, 300], "too few attempts"), ([600, 500, 300], "faster"),
                                         ([300, 300, 300], "steady")])
def test_a_trend_is_named_only_from_three_attempts(times, word):
    assert task_trend(times)["trend"] == word


def test_cells_time_a_task_the_log_shows_and_the_button_the_rest():
    s = summary("d1", [{"name": "correlation analysis", "seconds": 0.017}, {"name": "reading", "seconds": 120.0}])
    _with_derived_tasks([s], {"by_drill": [{"drill_id": "d1", "tasks": {"correlation analysis": 410.0}}]})
    assert s.tasks == [{"name": "correlation analysis", "seconds": 410.0, "source": "cells"},
                       {"name": "reading", "seconds": 120.0, "source": "timer"}]


def labels_and_lines(summaries: list[DrillSummary]) -> tuple[list[str], int]:
    ax = plot_tasks(stats_of(summaries)).axes[0]
    return ax.get_legend_handles_labels()[1], len(ax.get_lines())


def test_the_task_plot_draws_a_trend_line_only_from_three_attempts():
    two = [summary(f"d{i}", [{"name": "outlier detection", "seconds": s}]) for i, s in enumerate([600, 300])]
    labels, lines = labels_and_lines(two)
    assert labels == ["outlier detection (2 of 3 attempts for a trend)"] and lines == 1
    three = [*two, summary("d3", [{"name": "outlier detection", "seconds": 200}])]
    labels, lines = labels_and_lines(three)
    assert labels == ["outlier detection (faster)"] and lines == 2


def test_the_task_plot_reads_in_minutes():
    ax = plot_tasks(stats_of([summary("d1", [{"name": "outlier detection", "seconds": 90}])])).axes[0]
    formatter = ax.yaxis.get_major_formatter()
    assert formatter(1.5, 0) == "1.5 min" and ax.get_ylim()[1] >= 1.5
