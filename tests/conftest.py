"""Shared fixtures: a real results folder, the CLI run in-process, and a sealed-off machine.

Before anything is imported, every folder the suite (and the programs it
starts: kernels, JupyterLab, Chromium) would write under the home directory
is pointed into one temporary folder, and the OpenML and UCI servers at a
closed loopback port: no test reaches outside the machine or writes to the
home directory (``.ci/run`` runs the suite with an empty ``HOME`` and checks
it stays empty).  A test that wants a server starts the project's fake and
points the source at it.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import shutil
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SANDBOX = Path(tempfile.mkdtemp(prefix="eda-drill-tests-"))
atexit.register(shutil.rmtree, SANDBOX, ignore_errors=True)
_NOWHERE = f"http://127.0.0.1:{_closed_port()}"
os.environ.update({
    "DRILL_OPENML_SERVER": f"{_NOWHERE}/api/v1/xml",
    "DRILL_UCI_SERVER": _NOWHERE,
    "DRILL_CACHE_DIR": str(SANDBOX / "drill-cache"),
    "DRILL_RESULTS": str(SANDBOX / "default-results"),
    "XDG_CACHE_HOME": str(SANDBOX / "xdg-cache"),
    "XDG_CONFIG_HOME": str(SANDBOX / "xdg-config"),
    "XDG_DATA_HOME": str(SANDBOX / "xdg-data"),
    "XDG_STATE_HOME": str(SANDBOX / "xdg-state"),
    "MPLCONFIGDIR": str(SANDBOX / "matplotlib"),
    "IPYTHONDIR": str(SANDBOX / "ipython"),
    "JUPYTER_CONFIG_DIR": str(SANDBOX / "jupyter-config"),
    "JUPYTER_DATA_DIR": str(SANDBOX / "jupyter-data"),
    "JUPYTER_RUNTIME_DIR": str(SANDBOX / "jupyter-runtime"),
    "JUPYTERLAB_SETTINGS_DIR": str(SANDBOX / "lab-settings"),
    "JUPYTERLAB_WORKSPACES_DIR": str(SANDBOX / "lab-workspaces"),
    "JUPYTER_PLATFORM_DIRS": "1",
    "YDATA_PROFILING_NO_ANALYTICS": "1",
    "DRILL_NULL_CHANCE": "0",  # random picks stay what the tests pick; null drills are tested on purpose
    "MPLBACKEND": "Agg",
    "npm_config_cache": str(SANDBOX / "npm"),  # JupyterLab runs `npm prefix --global`, which logs there
    "npm_config_logs_dir": str(SANDBOX / "npm-logs"),
    # pip asks `rustc --version` for its user agent; rustup's proxy then writes ~/.rustup/settings.toml
    "RUSTUP_HOME": str(SANDBOX / "rustup"),
})
os.environ.pop("BROWSER", None)

from runner.cli import main  # noqa: E402  (after the environment above)


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


@pytest.fixture(autouse=True)
def _own_pool(tmp_path: Path, monkeypatch):
    """Each test its own local pool of downloads (the pool is shared by every results folder, so a
    test that prefetches would otherwise feed the next one's "offline with an empty pool")."""
    monkeypatch.setenv("DRILL_POOL_DIR", str(tmp_path / "pool"))


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
    from runner.profile import process

    for child in process.launched:
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


# -- the browser tests: one JupyterLab, one Chromium, after every other test ----------------------


def pytest_collection_modifyitems(items):
    """Browser tests run last: their session-wide Chromium (playwright's event loop) and JupyterLab
    then start once, and never share the process with the kernels other tests run."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A real JupyterLab on 127.0.0.1 over a temporary results folder (tests/lab_support.py)."""
    from lab_support import require_chromium, start_lab

    require_chromium()
    yield from start_lab(tmp_path_factory.mktemp("lab"))


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    """Debian's Chromium, headless, driven by playwright (never a downloaded browser)."""
    from lab_support import launch_chromium, require_chromium
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as p:
        browser = launch_chromium(p, tmp_path_factory.mktemp("chromium-home"))
        yield browser
        browser.close()
