"""A drill in progress, through the kernel-side API and the CLI, on a real SQLite file."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from pathlib import Path

import pytest

from runner.drill.locate import locate
from runner.errors import DrillError
from runner.kernel import DataHiddenError, open_drill
from runner.session import actions as session
from tests.log_support import query
from tests.test_grade import start, write_hypotheses

IRIS = "builtin:sklearn/iris"


@pytest.fixture
def nb(drill_cli, results) -> Path:
    return start(drill_cli, results, IRIS)


@pytest.fixture
def kdrill(nb):
    return open_drill(nb.parent.name, nb.parent.parent)


def rows(results: Path, sql: str) -> list[tuple]:
    return query(results, sql)


def test_data_is_hidden_before_the_seal(kdrill):
    with pytest.raises(DataHiddenError, match="hidden until your hypotheses are sealed"):
        kdrill.data()


def test_peek_shows_the_data_and_is_recorded(kdrill, results):
    assert kdrill.data(peek=True).shape == (150, 5)
    assert [k for (k,) in rows(results, "SELECT kind FROM events")] == ["peek"]


def test_peeks_are_shown_in_the_grade(drill_cli, kdrill, nb):
    kdrill.data(peek=True)
    write_hypotheses(nb, "- missing: target\n")
    r = drill_cli("grade", str(nb), "--json")
    assert json.loads(r.out)["peeks"] == 1


def test_next_phase_from_phase_one_seals(kdrill, nb, results):
    write_hypotheses(nb, "- missing: target\n")
    loc = locate(nb)
    session.clock(loc, "start")
    update = session.clock(loc, "next", expected=0)
    assert update.moved and update.clock["phase"] == "explore"
    assert rows(results, "SELECT text FROM seals") == [("- missing: target",)]
    assert kdrill.data().shape == (150, 5)


def test_finishing_records_total_reflection_and_completes(nb, results):
    import nbformat

    from runner.drill import notebook

    book = nbformat.read(nb, as_version=4)
    notebook.cells_tagged(book, "reflection")[0].source = "Start with the target next time."
    notebook.cells_tagged(book, "hypotheses")[0].source = "- missing: target"
    nbformat.write(book, nb)
    loc = locate(nb)
    session.clock(loc, "start")
    for n in range(4):
        update = session.clock(loc, "next", expected=n)
    assert update.clock["finished"] and update.messages == ["reflection and total time saved"]
    [(status, total, reflection)] = rows(results, "SELECT status, total_seconds, reflection FROM drills")
    assert status == "complete" and total >= 0 and reflection == "Start with the target next time."


def test_checklist_ticks_are_recorded(kdrill, nb, results):
    loc = locate(nb)
    session.tick(loc, "missing", True)
    session.tick(loc, "outliers", True)
    session.tick(loc, "missing", False)
    assert session.checked_items(loc) == {"missing": False, "outliers": True}
    assert len(rows(results, "SELECT at FROM events WHERE kind IN ('check', 'uncheck')")) == 3


def test_checklist_widget_reflects_stored_ticks(kdrill, nb):
    session.tick(locate(nb), "outliers", True)
    boxes = {b.description: b.value for b in kdrill.checklist().children}
    assert boxes["Outliers"] is True and boxes["Missing values"] is False


def test_task_block_is_retired_and_says_what_to_use(kdrill, results):
    with pytest.raises(DrillError, match=r"retired.*drill.start_task\('correlation analysis'\)"), \
            kdrill.task("correlation analysis"):
        pass
    assert rows(results, "SELECT count(*) FROM tasks") == [(0,)]


def test_start_and_stop_task_time_a_span_across_calls(kdrill, results):
    kdrill.start_task("reading the card")
    time.sleep(0.2)
    seconds = kdrill.stop_task("reading the card")
    assert rows(results, "SELECT name, seconds FROM tasks") == [("reading the card", seconds)] and seconds >= 0.2


def test_task_timer_button_records_a_duration(kdrill, results):
    button = kdrill.task_timer("outlier detection")
    button.value = True
    button.value = False
    [(name, seconds)] = rows(results, "SELECT name, seconds FROM tasks")
    assert name == "outlier detection" and seconds is not None and "last:" in button.description


def test_timer_widget_state_comes_from_the_database(kdrill, nb):
    write_hypotheses(nb, "- missing: target\n")
    timer = kdrill.timer()
    assert timer.state["started"] is False
    timer._on_message(timer, {"action": "start"}, [])
    timer._on_message(timer, {"action": "next", "expected": 0}, [])
    timer._on_message(timer, {"action": "next", "expected": 0}, [])  # a double click
    again = open_drill(nb.parent.name, nb.parent.parent).timer()  # a restarted kernel
    assert again.state["phase"] == "explore" and again.state["current"] == 1


def test_status_command(drill_cli, nb, results):
    session.clock(locate(nb), "start")
    r = drill_cli("status", "--results", str(results))
    assert r.code == 0 and "phase 1/4 Write hypotheses" in r.out and "left" in r.out
    clock = json.loads(drill_cli("status", "--results", str(results), "--json").out)["clock"]
    assert clock["phase"] == "hypotheses" and 0 < clock["remaining"] <= 1800


def test_status_shows_overrun(drill_cli, nb, results):
    session.clock(locate(nb), "start")
    with contextlib.closing(sqlite3.connect(results / "drills.sqlite")) as con, con:
        con.execute("UPDATE phases SET started_at = started_at - 31 * 60 WHERE position = 0")
    assert "over time" in drill_cli("status", "--results", str(results)).out


def test_open_without_browser_prints_the_notebook(drill_cli, nb, results):
    r = drill_cli("open", "--results", str(results), "--no-open")
    assert r.code == 0 and r.last_line == str(nb)


def test_open_unknown_drill(drill_cli, nb, results):
    r = drill_cli("open", "nope", "--results", str(results), "--no-open")
    assert r.code == 2 and "no drill 'nope'" in r.err


def test_history_before_grading_is_none(kdrill):
    assert kdrill.history_lines() is None


def test_history_names_each_kind_missed(drill_cli, kdrill, nb):
    write_hypotheses(nb, "- missing: target\n")
    grade = json.loads(drill_cli("grade", str(nb), "--json").out)
    lines = kdrill.history_lines()
    kinds = {m["kind"] for m in grade["missed"]}
    assert len(lines) == len(kinds) and all(any(kind in line for line in lines) for kind in kinds)


def test_next_with_no_hypotheses_asks_before_sealing_nothing(nb, results):
    loc = locate(nb)
    session.clock(loc, "start")
    update = session.clock(loc, "next", expected=0)
    assert not update.moved and update.needs_confirmation and "no hypotheses written yet" in update.messages[0]
    assert rows(results, "SELECT count(*) FROM seals") == [(0,)]
    assert session.clock(loc, "next", expected=0, force=True).moved


def test_timer_second_click_confirms_moving_on_with_no_hypotheses(kdrill):
    timer = kdrill.timer()
    timer._on_message(timer, {"action": "start"}, [])
    timer._on_message(timer, {"action": "next", "expected": 0}, [])
    assert timer.state["phase"] == "hypotheses" and "press Next phase again" in timer.message
    timer._on_message(timer, {"action": "next", "expected": 0}, [])
    assert timer.state["phase"] == "explore"


def test_every_click_gets_a_reply(kdrill):
    timer = kdrill.timer()
    before = timer.replies
    timer._on_message(timer, {"action": "pause"}, [])  # nothing to pause before the start: still answered
    assert timer.replies == before + 1


def test_rerun_task_timer_cell_picks_up_the_running_task(kdrill, results):
    first = kdrill.task_timer("outlier detection")
    first.value = True
    again = kdrill.task_timer("outlier detection")  # the learner re-ran the cell
    assert again.value is True and again.description.startswith("Stop timing")
    again.value = False
    assert rows(results, "SELECT count(*), count(ended_at) FROM tasks") == [(1, 1)]
