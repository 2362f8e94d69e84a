"""Nothing the tool writes is readable by others, and another user gets nothing through the tool.

The modes are checked on the session's graded log (tests/test_stats.py: real ``drill start``,
``drill seal``, ``drill grade`` and background profiles).  The other user is ``nobody``: the test
runs ``drill`` as that user (its effective user) on a copy of the log in a home like a hub's
(``/home/alice`` open, ``results`` as the tool made it), so it needs root to change user (CI runs as root).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import tempfile
from pathlib import Path

import pytest

from runner import atomic
from tests.test_stats import graded_log

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    return graded_log(tmp_path_factory)


def modes(results: Path) -> dict[str, int]:
    return {str(p.relative_to(results)): p.stat().st_mode & 0o777 for p in [results, *results.rglob("*")]}


def test_the_tool_writes_no_bit_for_others(log):
    shared = {path: mode for path, mode in modes(log.results).items() if mode & 0o077}
    assert shared == {}


def test_folders_are_the_learners_alone(log):
    folders = {mode for path, mode in modes(log.results).items() if (log.results / path).is_dir()}
    assert folders == {0o700}


def test_an_atomic_write_is_private_whatever_the_umask(tmp_path):
    previous = os.umask(0)
    try:
        atomic.write_text(tmp_path / "page.html", "<p>mine</p>")
    finally:
        os.umask(previous)
    assert (tmp_path / "page.html").stat().st_mode & 0o777 == 0o600


def test_the_private_umask_is_restored(tmp_path):
    before = os.umask(0o022)
    try:
        with atomic.private_umask():
            (tmp_path / "inside").mkdir()
        (tmp_path / "after").mkdir()
    finally:
        os.umask(before)
    assert [(tmp_path / n).stat().st_mode & 0o777 for n in ("inside", "after")] == [0o700, 0o755]


@pytest.fixture(scope="module")
def homes(log):
    """``<tmp>/home/alice/results``: a copy of the log with its modes; the home itself open like a hub's."""
    if os.geteuid() != 0:
        pytest.skip("acting as another user needs root (CI runs as root)")
    root = Path(tempfile.mkdtemp(prefix="eda-drill-homes-"))  # outside pytest's private temp folders
    try:
        (root / "home" / "alice").mkdir(parents=True)
        for folder in (root, root / "home", root / "home" / "alice"):
            folder.chmod(0o755)
        shutil.copytree(log.results, root / "home" / "alice" / "results")  # copy2: the tool's modes come along
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def as_nobody():
    """This process's effective user and group become ``nobody``'s (no supplementary groups), then root's again.

    The ``drill`` command runs in-process: the interpreter itself lives in root's home here, out of
    ``nobody``'s reach, so the modules a command needs are imported first, by running it as root.
    """
    nobody, groups = pwd.getpwnam("nobody"), os.getgroups()
    os.setgroups([])
    os.setegid(nobody.pw_gid)
    os.seteuid(nobody.pw_uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)
        os.setgroups(groups)


def twice(drill_cli, *args: str):
    """``drill ARGS`` as root (the instructor: it works), then as ``nobody``; the second result."""
    assert drill_cli(*args).code == 0
    with as_nobody():
        return drill_cli(*args)


def test_another_user_cannot_review_a_learners_drill(homes, drill_cli):
    results = homes / "home" / "alice" / "results"
    r = twice(drill_cli, "review", "--results", str(results))
    assert (r.code, r.out, r.err) == (1, "", f"drill: error: Permission denied: {results}/drills.sqlite\n")


def test_another_users_cohort_view_is_refused(homes, drill_cli):
    r = twice(drill_cli, "cohort", str(homes / "home" / "alice" / "results"), "--json")
    assert r.code == 1 and r.out == ""
    assert r.err.startswith("drill: error: cannot read any of the 1 learners' results folders (permission "
                            "denied) (the cohort view needs the instructor's rights")


def test_another_users_glob_over_the_class_is_refused_too(homes, drill_cli):
    r = twice(drill_cli, "cohort", f"{homes}/home/*/results", "--json")
    assert r.code == 1 and r.out == "" and "(permission denied) (the cohort view needs the instructor's rights" in r.err


def test_missing_folders_are_made_private_and_existing_ones_left_alone(tmp_path):
    tmp_path.chmod(0o755)
    atomic.make_dirs(tmp_path / "exports" / "drill")
    assert [p.stat().st_mode & 0o777 for p in (tmp_path, tmp_path / "exports", tmp_path / "exports" / "drill")] == [
        0o755, 0o700, 0o700]
