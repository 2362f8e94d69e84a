"""The process log's switches and its writer, on a real results folder (no kernel needed)."""

from __future__ import annotations

import functools
import logging
import time
from pathlib import Path

import pytest

from runner.drill import create
from runner.drill.locate import locate
from runner.errors import BadInput
from runner.session import process_log
from runner.session.process_log import CellRun, CellWriter
from runner.spec import DRILLS_DIR, load_spec
from tests.log_support import query

IRIS = "builtin:sklearn/iris"


def new_drill(results: Path):
    """A drill started through the library (no background profile: nothing here grades)."""
    return locate(create.start(IRIS, results=results, background_profile=False).notebook)


def test_a_drill_logs_by_default(results):
    assert process_log.is_enabled(new_drill(results))


def test_no_log_turns_the_log_off_and_says_why(drill_cli, results):
    r = drill_cli("start", "--dataset", IRIS, "--results", str(results), "--no-open", "--no-log")
    assert not process_log.is_enabled(locate(Path(r.last_line)))
    assert query(results, "SELECT detail FROM events WHERE kind = 'process-log'") == [
        ('{"enabled": false, "reason": "--no-log"}',)]


def spec_without_log(folder: Path) -> Path:
    text = (DRILLS_DIR / "eda-2h.yaml").read_text(encoding="utf-8")
    (folder / "quiet.yaml").write_text(text.replace("name: eda-2h", "name: quiet") + "process_log: false\n")
    return folder


def test_a_spec_can_turn_the_log_off(tmp_path, results, monkeypatch):
    drills = spec_without_log(tmp_path)
    assert load_spec("quiet", drills).process_log is False
    monkeypatch.setattr(create, "load_spec", functools.partial(load_spec, drills_dir=drills))
    started = create.start(IRIS, spec_name="quiet", results=results, background_profile=False)
    assert not process_log.is_enabled(locate(started.notebook))


def test_a_spec_with_a_bad_process_log_value_is_one_line(tmp_path):
    (tmp_path / "bad.yaml").write_text((DRILLS_DIR / "eda-2h.yaml").read_text() + "process_log: sometimes\n")
    with pytest.raises(BadInput, match="process_log must be true or false"):
        load_spec("bad", tmp_path)


def test_turning_the_log_off_forgets_what_was_recorded(results):
    loc = new_drill(results)
    writer = process_log.open_log(loc)
    writer.submit(CellRun(time.time(), 0.1, "df.describe()", True))
    assert writer.flush() and query(results, "SELECT count(*) FROM cells") == [(1,)]
    assert process_log.set_enabled(loc, False) == 1
    assert query(results, "SELECT count(*) FROM cells") == [(0,)] and process_log.open_log(loc) is None


def test_the_writer_records_what_the_code_did(results):
    loc = new_drill(results)
    writer = process_log.open_log(loc)
    writer.submit(CellRun(time.time(), 0.1, 'df["petal length (cm)"].hist()', True, execution=7))
    writer.close()
    assert query(results, "SELECT execution, columns, operations FROM cells") == [
        (7, '["petal length (cm)"]', '["plot:hist"]')]


def test_a_failing_write_is_logged_once_and_never_raised(tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    writer = CellWriter(blocked, "some-drill", ["x"])
    with caplog.at_level(logging.WARNING, logger="runner.session.process_log"):
        for _ in range(2):
            writer.submit(CellRun(time.time(), 0.1, "x = 1", True))
            assert writer.flush()
    writer.close()
    assert writer.failures == 2 and len(caplog.records) == 1
