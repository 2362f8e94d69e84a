"""`kill -9` during `drill start`: the next command leaves no debris and no half-made drill, and never
touches a start that is still alive (issue 10, defect 9).

Real `drill start` processes (``python -m runner start``) are stopped or killed at named steps
(``DRILL_FAULT=<step>:<SIGNAL>``, read by :func:`runner.drill.startlock.crash_point`), or killed
when their hidden folder appears; every wait is bounded.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runner.drill import debris
from tests.log_support import query

pytestmark = pytest.mark.slow

IRIS = "builtin:sklearn/iris"
ROOT = Path(__file__).resolve().parents[1]


def launch(results: Path, fault: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DRILL_FAULT", None)
    if fault:
        env["DRILL_FAULT"] = fault
    return subprocess.Popen([sys.executable, "-m", "runner", "start", "--dataset", IRIS, "--results", str(results),
                             "--no-open"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def killed_at(results: Path, step: str) -> None:
    proc = launch(results, f"{step}:KILL")
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL, f"the start was not killed at {step!r}"


def logged(results: Path) -> set[str]:
    return {i for (i,) in query(results, "SELECT id FROM drills")} if (results / "drills.sqlite").exists() else set()


def debris_in(results: Path) -> list[str]:
    """Anything but whole, logged drills: hidden build folders, lock files, folders the log does not know."""
    known = logged(results)
    found = [p.name for p in results.glob(".new-drill-*")]
    found += [str(p.relative_to(results)) for p in results.glob("*/.start.lock*")]
    found += [p.name for p in results.iterdir() if p.is_dir() and p.name != "cache" and p.name not in known]
    return sorted(found)


#: What a start killed at each step leaves behind, before anything cleans up.
LEFT = {
    "reserved": {"build folder", "empty reserved folder"},
    "written": {"build folder", "empty reserved folder"},
    "inserted": {"build folder", "empty reserved folder"},  # the row was never committed
    "renamed": {"unlogged drill folder"},
}


def what_is_left(results: Path) -> set[str]:
    kinds = set()
    if list(results.glob(".new-drill-*")):
        kinds.add("build folder")
    for folder in results.iterdir():
        if folder.is_dir() and not folder.name.startswith(".") and folder.name != "cache":
            kinds.add("empty reserved folder" if not any(folder.iterdir()) else "unlogged drill folder")
    return kinds


@pytest.mark.parametrize("step", list(LEFT))
def test_next_start_cleans_up_after_a_start_killed_at(drill_cli, results, step):
    killed_at(results, step)
    assert what_is_left(results) == LEFT[step]
    r = drill_cli("start", "--dataset", IRIS, "--results", str(results), "--no-open")
    assert r.code == 0, r.err
    assert "cleaned up after an interrupted start: removed" in r.err
    assert debris_in(results) == [] and logged(results) == {Path(r.last_line).parent.name}


def test_a_start_killed_after_committing_leaves_a_whole_drill(drill_cli, results):
    killed_at(results, "committed")
    [drill_id] = logged(results)
    assert (results / drill_id / ".start.lock").exists()  # only the stale lock file is left
    r = drill_cli("start", "--dataset", IRIS, "--results", str(results), "--no-open")
    assert debris_in(results) == [] and logged(results) == {drill_id, Path(r.last_line).parent.name}
    assert drill_cli("status", drill_id, "--results", str(results)).code == 0


def test_repair_cleans_up_and_never_restores_a_half_made_drill(drill_cli, results):
    killed_at(results, "renamed")
    [half] = [p.name for p in results.iterdir() if p.is_dir() and p.name != "cache"]
    r = drill_cli("repair", "--results", str(results))
    assert f"removed {half} (a drill whose start was killed before it was logged)" in r.out.splitlines()
    assert debris_in(results) == [] and logged(results) == set()


def test_a_start_killed_when_its_folder_appears(drill_cli, results):
    """No hook: SIGKILL as soon as the hidden build folder shows up."""
    proc = launch(results)
    deadline = time.monotonic() + 120
    while not list(results.glob(".new-drill-*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.kill()
    proc.communicate(timeout=30)
    r = drill_cli("start", "--dataset", IRIS, "--results", str(results), "--no-open")
    assert r.code == 0 and debris_in(results) == []


def stopped_at(results: Path, step: str) -> subprocess.Popen:
    """A start stopped (SIGSTOP) at ``step``: alive, holding its lock, in the middle of its work."""
    proc = launch(results, f"{step}:STOP")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        pid, status = os.waitpid(proc.pid, os.WUNTRACED | os.WNOHANG)
        if pid and os.WIFSTOPPED(status):
            return proc
        assert pid == 0, "the start ended instead of stopping"
        time.sleep(0.05)
    proc.kill()
    raise AssertionError(f"the start never reached {step!r}")


@pytest.mark.parametrize("step", ["reserved", "written"])
def test_a_live_start_is_never_disturbed(drill_cli, results, step):
    proc = stopped_at(results, step)
    try:
        before = sorted(p.name for p in results.iterdir())
        other = drill_cli("start", "--dataset", IRIS, "--results", str(results), "--no-open")
        repaired = drill_cli("repair", "--results", str(results))
        assert other.code == 0 and repaired.code == 0, (other.err, repaired.err)
        assert set(before) <= {p.name for p in results.iterdir()}
    finally:
        proc.send_signal(signal.SIGCONT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    mine = Path(out.decode().strip().splitlines()[-1]).parent.name
    assert mine in logged(results) and debris_in(results) == []


def test_a_live_start_between_rename_and_commit_is_left_alone(results):
    """Stopped inside its log transaction (so no other command can write the log meanwhile): the folder it
    renamed into place, unlogged yet, is not debris while its lock is held."""
    proc = stopped_at(results, "renamed")
    try:
        [folder] = [p for p in results.iterdir() if p.is_dir() and p.name != "cache"]
        assert debris.clean(results, lambda _: False) == [] and (folder / "drill.json").is_file()
    finally:
        proc.send_signal(signal.SIGCONT)
    proc.communicate(timeout=120)
    assert proc.returncode == 0 and logged(results) == {folder.name}


def test_an_unlocked_build_folder_is_debris_and_its_start_makes_another(results, monkeypatch):
    """A build folder with no lock file yet is removed; a live start that loses it that way starts over."""
    from runner.drill import startlock

    results.mkdir()
    stray = results / ".new-drill-stray"
    stray.mkdir()
    assert debris.clean(results, lambda _: False) == [f"{stray.name} (an unfinished drill from a start that was killed)"]
    real_lock, taken = startlock.StartLock, []

    def cleaner_first(folder):
        if not taken:  # another command cleans up between this start's mkdtemp and its lock
            taken.append(folder)
            debris.clean(results, lambda _: False)
        return real_lock(folder)

    monkeypatch.setattr(startlock, "StartLock", cleaner_first)
    folder, lock = startlock.new_build_folder(results)
    assert taken[0] != folder and not taken[0].exists() and (folder / startlock.LOCK_NAME).is_file()
    lock.release(folder)


def test_an_old_empty_drill_folder_no_start_names_is_removed(results):
    results.mkdir()
    young, old = results / "20260101-000000-young", results / "20260101-000000-old"
    young.mkdir()
    old.mkdir()
    os.utime(old, (time.time() - 2 * debris.GRACE_SECONDS,) * 2)
    assert debris.clean(results, lambda _: False) == [f"{old.name} (an empty folder reserved by a start that "
                                                      "was killed)"]
    assert young.exists()


def profile_processes(mark: str) -> list[int]:
    """Live ``runner.profile`` processes started with ``DRILL_TEST_MARK=mark`` in their environment."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if b"runner.profile" in (proc / "cmdline").read_bytes() and \
                    f"DRILL_TEST_MARK={mark}".encode() in (proc / "environ").read_bytes().split(b"\0"):
                state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(proc.name))
        except (OSError, IndexError):
            continue
    return found


def test_a_start_that_fails_leaves_no_profile_process_behind(results, tmp_path, monkeypatch):
    """The profile process starts first, to import while the dataset loads: a start that fails at
    the load stops it (in a process that lives on, such as a notebook's kernel, too)."""
    from runner.drill.create import start
    from runner.errors import DrillError

    mark = f"fail-{os.getpid()}-{time.monotonic_ns()}"
    monkeypatch.setenv("DRILL_TEST_MARK", mark)
    with pytest.raises(DrillError):
        start(dataset_id=f"file:{tmp_path / 'absent.csv'}", results=results)
    deadline = time.monotonic() + 10
    while profile_processes(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert profile_processes(mark) == []
