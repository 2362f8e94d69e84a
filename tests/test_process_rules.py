"""The process log's rules (``runner.progress.process_rules``): steps, task spans, coverage, first times."""

from __future__ import annotations

import pytest

from runner.progress import process_rules as rules

DTYPES = {"Ozone": "float64", "Solar.R": "float64", "Wind": "float64", "Month": "int64", "station": "object"}


def cell(at: float, ops=(), columns=(), seconds: float = 1.0, success=True, whole=(), parsed=True, phase="explore"):
    return {"started_at": at, "seconds": seconds, "operations": list(ops), "columns": list(columns),
            "success": success, "whole_frame": [list(w) for w in whole], "parsed": parsed, "phase": phase,
            "error": None if success else "KeyError", "kernel": "k"}


def test_a_task_spans_its_consecutive_cells_from_first_start_to_last_end():
    cells = [cell(0, ["summary:describe"]), cell(10, ["correlation"]), cell(40, ["plot:scatter"], seconds=5),
             cell(100, ["missing"])]
    [span] = rules.task_spans(cells, ["correlations"])["correlations"]
    assert (span["start"], span["end"], span["seconds"], span["cells"]) == (10, 45, 35, 2)


def test_an_import_or_a_typo_inside_a_task_does_not_end_it():
    cells = [cell(0, ["correlation"]), cell(20), cell(30, parsed=False), cell(50, ["correlation"], seconds=2)]
    [span] = rules.task_spans(cells, ["correlations"])["correlations"]
    assert span["seconds"] == 52 and span["cells"] == 4


def test_another_step_splits_a_task_into_spans_whose_times_add_up():
    cells = [cell(0, ["outliers:quantile"]), cell(10, ["outliers:iqr"]), cell(30, ["missing"]),
             cell(60, ["outliers:iqr"], seconds=4)]
    spans = rules.task_spans(cells, ["outliers"])["outliers"]
    assert [s["seconds"] for s in spans] == [11, 4]


def test_paused_time_inside_a_span_is_left_out():
    cells = [cell(0, ["correlation"]), cell(600, ["correlation"], seconds=0)]
    pauses = [{"started_at": 100, "ended_at": 400}]
    assert rules.task_spans(cells, ["correlations"], pauses=pauses)["correlations"][0]["seconds"] == 300


def test_target_step_is_a_cell_naming_the_target_with_another_column():
    assert rules.steps_of(cell(0, columns=["Wind", "Month"]), target="Month") == {"target"}
    assert rules.steps_of(cell(0, columns=["Month"]), target="Month") == set()


def test_coverage_counts_named_columns_and_what_whole_frame_operations_reach():
    cells = [cell(0, ["summary:describe"], whole=[("summary:describe", "numeric")]),
             cell(1, ["summary:value_counts"], columns=["station"], success=False)]
    cover = rules.coverage(cells, DTYPES)
    assert cover["never"] == ["station"] and cover["share"] == pytest.approx(4 / 5)


def test_a_glance_at_the_head_examines_no_column():
    assert rules.coverage([cell(0, ["look"], whole=[])], DTYPES)["examined"] == []


def test_first_times_from_the_start_of_exploring():
    cells = [cell(100, ["load", "look"]), cell(130, ["plot:hist"], success=False), cell(160, ["plot:hist"]),
             cell(220, ["plot:scatter"])]
    assert rules.first_times(cells, since=90) == {"look": 10, "plot": 70, "correlation": 130}


def test_steps_in_the_order_first_done():
    cells = [cell(5, ["missing"]), cell(9, ["plot:hist"]), cell(12, ["missing"]), cell(20, ["duplicates"])]
    assert list(rules.step_order(cells, None, since=0)) == ["missing", "univariate", "duplicates"]


def test_errors_per_phase_with_their_names():
    cells = [cell(0, success=False), cell(1, success=False), cell(2), cell(3, phase="compare")]
    assert rules.errors_by_phase(cells) == {"explore": {"cells": 3, "errors": 2, "kinds": {"KeyError": 2}},
                                            "compare": {"cells": 1, "errors": 0, "kinds": {}}}
