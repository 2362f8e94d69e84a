"""The timer in a real JupyterLab, driven by headless Chromium (Debian's, through playwright).

Starts JupyterLab on 127.0.0.1 (free port, token) over a temporary results
folder, opens a fresh drill's notebook, runs the timer cell and checks that
the countdown runs, that "Next phase" ends phase 1 and seals the hypotheses in
the database, that a reload continues from the stored deadline, and that the
data is refused before the seal.  A screenshot is kept in tests/artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from runner import lab as lab_module
from tests.test_grade import start, write_hypotheses

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
TOKEN = "eda-drill-browser-test"


def _require_browser() -> None:
    if Path(CHROMIUM).exists():
        return
    message = "Debian's chromium is not installed: `sudo apt-get install chromium` (CI installs it in .ci/run)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A real JupyterLab server on 127.0.0.1 over a temporary results folder."""
    _require_browser()
    root = tmp_path_factory.mktemp("lab")
    results = root / "results"
    results.mkdir()
    port = _free_port()
    # render every cell (no windowing), so cells far down the notebook can be clicked
    settings = root / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(root / "config"),
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(root / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
        "DRILL_RESULTS": str(results),
    }
    log = open(root / "lab.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={results}", "--LabApp.news_url=None",
         "--allow-root",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=results, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("JupyterLab did not start: " + (root / "lab.log").read_text()[-2000:])
            time.sleep(0.5)
    yield base, results
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield chromium
        chromium.close()


def open_notebook(browser, base: str, nb: Path, results: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    rel = nb.relative_to(results).as_posix()
    # as `drill start` does: the kernel session exists before the page opens
    lab_module.start_session({"url": base + "/", "token": TOKEN}, results, nb)
    page.goto(f"{base}/lab/tree/{rel}?reset&token={TOKEN}")  # reset: a fresh workspace, one tab
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    wait_for_idle_kernel(page)
    return page


def wait_for_idle_kernel(page) -> None:
    # the toolbar's execution indicator says idle only once the kernel is connected
    page.wait_for_selector(".jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=90_000)


def run_cell_containing(page, text: str) -> None:
    """Select the code cell whose source contains ``text`` and run it (Shift+Enter)."""
    cell = page.locator(".jp-CodeCell", has=page.locator(".jp-InputArea-editor", has_text=text)).first
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputPrompt").click()
    page.keyboard.press("Shift+Enter")


def executed(page, text: str) -> bool:
    cell = page.locator(".jp-CodeCell", has=page.locator(".jp-InputArea-editor", has_text=text)).first
    return bool(re.search(r"\[[\d*]+\]", cell.locator(".jp-InputPrompt").text_content() or ""))


def run_setup_cells(page) -> None:
    """Run the parameters cell, papermill's injected cell after it, and the setup cell (the timer).

    A run sent while the kernel is still connecting is dropped by JupyterLab
    (the cells stay unexecuted), so the run is repeated until the timer shows.
    """
    for attempt in range(4):
        if not executed(page, 'drill_id = ""'):
            run_cell_containing(page, 'drill_id = ""')
            page.keyboard.press("Shift+Enter")
            page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_selector(".eda-drill-timer .clock", timeout=30_000, state="attached")
            return
        except Exception:
            if attempt == 3:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "failure.png"), full_page=True)
                raise


def clock_seconds(page) -> int:
    text = page.locator(".eda-drill-timer .clock").first.text_content() or ""
    m = re.search(r"(\d+):(\d\d)", text)
    assert m, f"no countdown in {text!r}"
    return int(m[1]) * 60 + int(m[2])


def db(results: Path, sql: str) -> list[tuple]:
    return sqlite3.connect(results / "drills.sqlite").execute(sql).fetchall()


def test_timer_in_jupyterlab(lab, browser, drill_cli):
    base, results = lab
    nb = start(drill_cli, results, "builtin:sklearn/iris")
    write_hypotheses(nb, "- petal length (cm) and petal width (cm) are positively correlated\n- duplicates\n")
    page = open_notebook(browser, base, nb, results)
    run_setup_cells(page)

    page.locator(".eda-drill-timer button.start").first.click()
    page.wait_for_function("() => /Phase 1\\/4/.test(document.querySelector('.eda-drill-timer .phase').textContent)")
    first = clock_seconds(page)
    time.sleep(2.5)
    second = clock_seconds(page)
    assert 28 * 60 < second < first <= 30 * 60, (first, second)

    page.locator(".eda-drill-timer button.next").first.click()
    page.wait_for_function(
        "() => /Phase 2\\/4/.test(document.querySelector('.eda-drill-timer .phase').textContent)", timeout=30_000
    )
    drill_id = nb.parent.name
    [(ended,)] = db(results, f"SELECT ended_at FROM phases WHERE drill_id = '{drill_id}' AND position = 0")
    assert ended is not None
    [(sealed_text,)] = db(results, f"SELECT text FROM seals WHERE drill_id = '{drill_id}'")
    assert "positively correlated" in sealed_text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "notebook-timer.png"), full_page=False)

    before_reload = clock_seconds(page)
    page.reload()
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    wait_for_idle_kernel(page)
    try:  # the kernel is still running: JupyterLab restores the widget from it
        page.wait_for_selector(".eda-drill-timer .clock", timeout=20_000, state="attached")
    except Exception:  # noqa: BLE001 - otherwise run the timer cell again: it reads the stored clock
        run_cell_containing(page, "display(drill.timer())")
        page.wait_for_selector(".eda-drill-timer .clock", timeout=30_000, state="attached")
    page.wait_for_function("() => /Phase 2\\/4/.test(document.querySelector('.eda-drill-timer .phase').textContent)")
    after_reload = clock_seconds(page)
    assert 55 * 60 < after_reload <= before_reload, (before_reload, after_reload)
    page.close()


def test_data_is_refused_before_the_seal(lab, browser, drill_cli):
    base, results = lab
    nb = start(drill_cli, results, "builtin:sklearn/wine")
    page = open_notebook(browser, base, nb, results)
    run_setup_cells(page)
    run_cell_containing(page, "df = drill.data()")
    refusal = page.locator(".jp-OutputArea-output", has_text="hidden until your hypotheses are sealed")
    try:
        refusal.first.wait_for(timeout=60_000, state="attached")
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "failure.png"), full_page=True)
        raise
    assert "drill.data(peek=True)" in (refusal.first.text_content() or "")
    page.close()
