"""A failed profile stays failed no longer: ``kill -9`` the background profile at several points,
damage its status file, race a second run, and the next ``drill grade`` recovers (issue #10,
defect 4).

The profile and every command after the start run as real processes (``python -m runner``),
each bounded by a timeout; the profile is killed from outside, at points read from the files it writes, never by code inside it.  Each
test has its own cache folder, so no profile comes from an earlier test's cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from runner.drill.folder import private_folder
from runner.drill.hidden import DrillFiles
from runner.profile import Profile
from tests.test_grade import write_hypotheses

pytestmark = pytest.mark.slow
LIMIT = 180  # seconds: no command and no wait here may take longer


@pytest.fixture(scope="module")
def wide_file(tmp_path_factory) -> Path:
    """24 columns x 2,000 rows: facts take a few seconds (the library's import included), the
    HTML report a few more."""
    rng = np.random.default_rng(10)
    frame = pd.DataFrame({f"x{i}": rng.normal(size=2000) * (i + 1) for i in range(20)})
    for i in range(4):
        frame[f"g{i}"] = rng.choice(list("abcde"), size=2000)
    path = tmp_path_factory.mktemp("fault-data") / "wide.parquet"
    frame.to_parquet(path, index=False)
    return path


class Drill:
    """A drill made by a real `drill start`, and the real commands run on it."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder, self.env = folder, env
        self.nb = folder / f"{folder.name}.ipynb"
        self.files = DrillFiles(folder.name, folder, private_folder(folder.parent, folder.name))

    @property
    def profile(self) -> Profile:
        return self.files.profile()

    def drill(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "runner", *args], capture_output=True, text=True,
                              timeout=LIMIT, env=self.env)

    def grade(self, *extra: str) -> subprocess.CompletedProcess:
        return self.drill("grade", str(self.nb), "--json", *extra)

    def pid(self) -> int:
        return int(self.profile.record().get("pid") or 0)

    def kill_profile(self) -> None:
        wait_until(lambda: self.pid() > 0, "the profile to record its pid")
        pid = self.pid()
        os.killpg(pid, signal.SIGKILL)  # the profile runs in its own session
        deadline = time.monotonic() + LIMIT
        while self.profile.busy():  # the kernel drops the lock with the process
            assert time.monotonic() < deadline, "the killed profile still holds its lock"
            time.sleep(0.02)


def wait_until(condition, what: str, interval: float = 0.02) -> None:
    deadline = time.monotonic() + LIMIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(interval)


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture
def drill(wide_file, tmp_path, drill_cli, monkeypatch) -> Drill:
    """Started in this process (quicker); its profile, and every command after, in processes of their own."""
    monkeypatch.setenv("DRILL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("DRILL_RESULTS", str(tmp_path / "results"))
    done = drill_cli("start", "--dataset", f"file:{wide_file}", "--no-open")
    assert done.code == 0, done.err
    made = Drill(Path(done.last_line).parent, dict(os.environ))
    write_hypotheses(made.nb, "- correlated: x1, x2\n- missing: g1\n")
    yield made
    with_pid = made.pid()
    if with_pid and made.profile.busy():  # a report still rendering: stop it, the test is over
        with contextlib.suppress(OSError):
            os.killpg(with_pid, signal.SIGKILL)


def graded(done: subprocess.CompletedProcess) -> dict:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_killed_before_it_wrote_anything_a_plain_grade_runs_it_again(drill):
    drill.kill_profile()
    assert not drill.profile.facts.exists()
    done = drill.grade()
    assert [h["verdict"] for h in graded(done)["hypotheses"]] == ["refuted", "refuted"]
    assert "ran it again" in done.stderr


def test_killed_mid_run_a_plain_grade_and_a_rerun_recover(drill):
    wait_until(lambda: cpu_seconds(drill.pid()) > 1.0, "the profile to be at work")
    drill.kill_profile()
    assert not drill.profile.facts.exists()  # killed before its facts
    assert drill.profile.status()["state"] == "failed"
    assert graded(drill.grade())["hypotheses"]
    assert graded(drill.grade("--rerun-profile"))["hypotheses"]
    assert graded(drill.grade())["hypotheses"]  # and a plain grade after the rerun


def test_killed_after_its_facts_the_grade_uses_them_and_the_report_still_lands(drill):
    wait_until(lambda: drill.profile.facts.is_file() and drill.profile.status()["state"] == "done", "the facts")
    drill.kill_profile()
    assert not drill.profile.html.exists()  # killed before its report
    facts_before = drill.profile.facts.read_bytes()
    table = drill.drill("grade", str(drill.nb))
    assert table.returncode == 0 and "still rendering" in " ".join(table.stdout.split())
    assert drill.profile.facts.read_bytes() == facts_before  # the facts were the truth: not computed again
    assert drill.profile.wait_idle(timeout=LIMIT)  # the grade started the report again
    assert (drill.folder / "profile.html").stat().st_size > 0


def test_a_corrupt_status_file_never_blocks_a_grade(drill):
    wait_until(lambda: drill.profile.status()["state"] == "done", "the facts")
    assert drill.profile.cancel()
    drill.profile.status_file.write_text("{ not json")
    assert graded(drill.grade())["hypotheses"]


def test_a_corrupt_status_file_and_no_facts_a_plain_grade_runs_it_again(drill):
    drill.kill_profile()
    drill.profile.status_file.write_text("\x00\x00")
    assert graded(drill.grade())["hypotheses"]


def test_a_second_run_while_another_command_runs_one_is_refused_in_one_line(drill):
    assert drill.profile.cancel()
    with drill.profile.locked():  # as another `drill grade` computing the facts holds it
        done = drill.grade("--rerun-profile")
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1 and "already going" in done.stderr


def test_a_second_background_start_starts_nothing(drill):
    assert drill.profile.busy()
    assert drill.profile.start({}) == drill.pid()


def test_a_rerun_supersedes_the_background_run(drill):
    first = drill.pid()
    assert drill.profile.busy()
    assert graded(drill.grade("--rerun-profile"))["hypotheses"]
    assert drill.pid() != first


def test_a_run_that_failed_with_its_own_error_says_so_and_the_rerun_fixes_it(drill):
    assert drill.profile.cancel()
    drill.profile.facts.unlink(missing_ok=True)
    drill.profile.status_file.write_text(json.dumps({"state": "failed", "error": "out of memory"}))
    done = drill.grade()
    assert done.returncode == 1 and "out of memory" in done.stderr and "--rerun-profile" in done.stderr
    assert graded(drill.grade("--rerun-profile"))["hypotheses"]
    assert graded(drill.grade())["hypotheses"]
