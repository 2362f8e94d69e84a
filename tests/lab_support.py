"""One real JupyterLab and one headless Chromium for the whole session, and how to drive them.

The fixtures live in ``conftest.py`` (``lab`` and ``chromium``, session scoped,
started on first use); the helpers here open a notebook in a fresh page and
run a cell the way a learner does (click its prompt, Ctrl+Enter), then wait
for that cell's execution count, retrying a run JupyterLab dropped while its
kernel was still connecting.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
TOKEN = "eda-drill-browser-test"
#: JupyterLab settings for a quiet, test-friendly page: every cell rendered (no windowing, so cells far
#: down can be clicked) and no "get notified about news?" toast over the notebook.
SETTINGS = {
    ("@jupyterlab", "notebook-extension", "tracker"): {"windowingMode": "none"},
    ("@jupyterlab", "apputils-extension", "notification"): {"fetchNews": "false", "checkForUpdates": False},
}


def require_chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    message = "Debian's chromium is not installed: `sudo apt-get install chromium` (CI installs it in .ci/run)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    base: str
    results: Path
    root: Path

    def api(self, path: str, method: str = "GET", body: dict | None = None) -> object:
        request = urllib.request.Request(
            f"{self.base}{path}", method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
        return json.loads(raw) if raw else None


def start_lab(root: Path):
    """A JupyterLab on 127.0.0.1 (free port, fixed token) serving ``root/results`` with the arguments
    `drill start` uses (runner.lab.server_arguments); yields a :class:`Lab`."""
    from runner.lab import server_arguments

    results = root / "results"
    results.mkdir(parents=True)
    for (scope, extension, name), values in SETTINGS.items():
        folder = root / "settings" / scope / extension
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.jupyterlab-settings").write_text(json.dumps(values))
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / "config"), "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(root / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
           "DRILL_RESULTS": str(results)}
    log = open(root / "lab.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", *server_arguments(results), f"--port={port}",
         f"--IdentityProvider.token={TOKEN}", "--LabApp.news_url=None",
         "--allow-root", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=results, start_new_session=True,
    )
    lab = Lab(f"http://127.0.0.1:{port}", results, root)
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{lab.base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("JupyterLab did not start: " + (root / "lab.log").read_text()[-2000:])
            time.sleep(0.5)
    try:
        yield lab
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def launch_chromium(playwright, home: Path):
    """Debian's Chromium, headless, with its own home (it writes ~/.pki otherwise) and no background traffic."""
    return playwright.chromium.launch(
        executable_path=str(require_chromium()), headless=True, env={**os.environ, "HOME": str(home)},
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run", "--disable-quic"],
    )


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def open_notebook(browser, lab: Lab, nb: Path):
    """A new page on ``nb`` with its kernel idle (the session is created first, as `drill start` does)."""
    from runner.lab import start_session

    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    start_session({"url": lab.base + "/", "token": TOKEN}, lab.results, nb)
    page.goto(f"{lab.base}/lab/tree/{nb.relative_to(lab.results).as_posix()}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    wait_for_idle_kernel(page)
    return page


def wait_for_idle_kernel(page, timeout: float = 90) -> None:
    # the toolbar's execution indicator says idle only once the kernel is connected
    page.wait_for_selector(".jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=timeout * 1000)


def code_cell(page, text: str):
    """The first code cell whose source contains ``text``."""
    return page.locator(".jp-CodeCell", has=page.locator(".jp-InputArea-editor", has_text=text)).first


def execution_count(cell) -> int | None:
    m = re.search(r"\[(\d+)\]", cell.locator(".jp-InputPrompt").text_content() or "")
    return int(m[1]) if m else None


def run_cell(page, text: str, timeout: float = 60, attempts: int = 3) -> None:
    """Run the code cell containing ``text`` (select it, Ctrl+Enter) and wait until it has run.

    A run sent while the kernel is still connecting is dropped by JupyterLab
    without a trace, so a cell whose count did not change is run again.
    """
    cell = code_cell(page, text)
    before = execution_count(cell)
    for _ in range(attempts):
        dismiss_dialogs(page)
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-InputPrompt").click()
        page.keyboard.press("Control+Enter")
        deadline = time.monotonic() + timeout / attempts
        while time.monotonic() < deadline:
            now = execution_count(cell)
            if now is not None and now != before:
                return
            page.wait_for_timeout(200)
    screenshot(page, "failure.png")
    raise AssertionError(f"the cell containing {text!r} did not run")


def dismiss_dialogs(page) -> None:
    """Accept a JupyterLab dialog in the way (a fresh workspace may ask which kernel to use);
    each one met is kept as a screenshot in tests/artifacts/ so it can be read afterwards."""
    for n in range(3):
        dialog = page.locator(".jp-Dialog")
        if not dialog.count():
            return
        title = (dialog.first.locator(".jp-Dialog-header").text_content() or "dialog").strip()
        screenshot(page, f"dialog-{re.sub(r'[^a-z0-9]+', '-', title.lower())[:40]}-{n}.png")
        dialog.first.locator(".jp-Dialog-button.jp-mod-accept").first.click()
        page.wait_for_timeout(300)


def run_setup_cells(page, drill_id: str) -> None:
    """The template's parameters cell, papermill's injected cell after it, and the setup cell (the timer)."""
    run_cell(page, 'drill_id = ""')
    run_cell(page, f'drill_id = "{drill_id}"')
    run_cell(page, "open_drill(drill_id, results_dir)")
    page.wait_for_selector(".eda-drill-timer .clock", timeout=30_000, state="attached")
