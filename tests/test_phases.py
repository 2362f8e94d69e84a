"""The phase state machine against a real SQLite file."""

import pytest

from runner.session import clock as phases
from runner.spec import load_spec
from runner.store import DrillRow, open_store

SPEC = load_spec()
T0 = 1_800_000_000.0


@pytest.fixture
def store(results):
    s = open_store(results)
    s.add_drill(DrillRow("d", "builtin:sklearn/iris", "builtin", 1, "Iris", "eda-2h", 1, 150, 5, "d/d.ipynb", "now"))
    yield s
    s.close()


def test_before_start_nothing_runs(store):
    clock = phases.read(store, "d", SPEC, now=T0)
    assert not clock.started and clock.remaining() is None


def test_start_begins_phase_one_with_thirty_minutes(store):
    clock = phases.start(store, "d", SPEC, now=T0)
    assert clock.phase.key == "hypotheses" and clock.remaining() == 30 * 60


def test_countdown_comes_from_stored_times(store):
    phases.start(store, "d", SPEC, now=T0)
    assert phases.read(store, "d", SPEC, now=T0 + 90).remaining() == 30 * 60 - 90


def test_starting_twice_keeps_the_first_start(store):
    phases.start(store, "d", SPEC, now=T0)
    assert phases.start(store, "d", SPEC, now=T0 + 500).remaining() == 30 * 60 - 500


def test_overrun_is_negative_remaining(store):
    phases.start(store, "d", SPEC, now=T0)
    assert phases.read(store, "d", SPEC, now=T0 + 31 * 60).remaining() == -60


def test_next_ends_phase_and_starts_the_next(store):
    phases.start(store, "d", SPEC, now=T0)
    clock, moved = phases.advance(store, "d", SPEC, expected=0, now=T0 + 100)
    assert moved and clock.phase.key == "explore"
    assert (clock.phases[0].ended_at, clock.phases[1].started_at) == (T0 + 100, T0 + 100)


def test_double_click_moves_once(store):
    phases.start(store, "d", SPEC, now=T0)
    phases.advance(store, "d", SPEC, expected=0, now=T0 + 100)
    clock, moved = phases.advance(store, "d", SPEC, expected=0, now=T0 + 100.2)
    assert not moved and clock.phase.key == "explore" and clock.phases[1].started_at == T0 + 100


def test_pause_stops_the_clock_and_is_recorded(store):
    phases.start(store, "d", SPEC, now=T0)
    phases.pause(store, "d", SPEC, reason="phone call", now=T0 + 60)
    assert phases.read(store, "d", SPEC, now=T0 + 600).remaining() == 30 * 60 - 60
    clock = phases.resume(store, "d", SPEC, now=T0 + 660)
    assert clock.remaining() == 30 * 60 - 60 and clock.pauses[0]["reason"] == "phone call"


def test_pausing_twice_records_one_pause(store):
    phases.start(store, "d", SPEC, now=T0)
    phases.pause(store, "d", SPEC, now=T0 + 10)
    assert len(phases.pause(store, "d", SPEC, now=T0 + 20).pauses) == 1


def test_next_while_paused_closes_the_pause(store):
    phases.start(store, "d", SPEC, now=T0)
    phases.pause(store, "d", SPEC, now=T0 + 10)
    clock, _ = phases.advance(store, "d", SPEC, expected=0, now=T0 + 50)
    assert not clock.paused_since and clock.phases[0].elapsed(T0 + 50) == 10


def test_clock_jumping_back_never_gives_negative_time(store):
    phases.start(store, "d", SPEC, now=T0)
    clock, _ = phases.advance(store, "d", SPEC, expected=0, now=T0 - 3600)
    assert clock.phases[0].elapsed(T0) == 0 and clock.phases[1].elapsed(T0 - 3600) == 0


def test_state_survives_reopening_the_database(store, results):
    phases.start(store, "d", SPEC, now=T0)
    phases.advance(store, "d", SPEC, expected=0, now=T0 + 100)
    store.close()
    with open_store(results) as again:  # a restarted kernel opens the file anew
        assert phases.read(again, "d", SPEC, now=T0 + 160).remaining() == 60 * 60 - 60


def test_finishing_the_last_phase(store):
    phases.start(store, "d", SPEC, now=T0)
    for n in range(4):
        clock, moved = phases.advance(store, "d", SPEC, expected=n, now=T0 + 60 * (n + 1))
        assert moved
    assert clock.finished and clock.phase is None and clock.total_seconds() == 240


def test_unknown_drill_is_bad_input(store):
    with pytest.raises(phases.BadInput, match="no drill 'nope'"):
        phases.read(store, "nope", SPEC)
