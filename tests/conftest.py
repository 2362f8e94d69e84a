"""Shared fixtures: a real results folder, the CLI run in-process."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from runner.cli import main


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def last_line(self) -> str:
        lines = self.out.strip().splitlines()
        return lines[-1] if lines else ""


@pytest.fixture
def results(tmp_path: Path) -> Path:
    return tmp_path / "results"


def run_cli(*args: str) -> CliResult:
    """Run ``drill ARGS`` in this process; returns exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def drill_cli():
    return run_cli


@pytest.fixture(scope="module")
def module_cli():
    """The same runner, for module-scoped fixtures that build drills once."""
    return run_cli


@pytest.fixture(autouse=True, scope="session")
def _reap_background_profiles():
    """Let the profiles that `drill start` launched finish before the session ends."""
    yield
    from runner import profile

    for child in profile._launched:
        try:
            child.wait(timeout=60)
        except Exception:  # noqa: BLE001 - a stuck child must not fail the session
            child.kill()


@pytest.fixture(scope="module")
def fake_openml():
    """A fake OpenML server on 127.0.0.1 (tests/openml_fixtures.py), one per test module."""
    from openml_fixtures import FakeOpenML

    fake = FakeOpenML()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def fake_uci():
    """A fake UCI repository on 127.0.0.1 (tests/uci_fixtures.py), one per test module."""
    from uci_fixtures import FakeUCI

    fake = FakeUCI()
    yield fake
    fake.stop()
