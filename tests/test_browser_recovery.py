"""The timer after a kernel restart and after a failed seal, in the real JupyterLab with headless Chromium
(issue 10, defects 7 and 6).

Reproduced as reported: after Kernel > Restart the old timer widgets kept ticking and looked alive,
Pause greyed out both buttons with no message and Next phase could not be clicked ("Cannot send" in the
console); with the hypotheses cell cut (``x`` in command mode), Next phase moved to phase 2 while small
grey text said "could not seal".  Screenshots are kept in tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import time
from pathlib import Path

import nbformat
import pytest
from lab_support import (
    dismiss_dialogs,
    execution_count,
    open_notebook,
    run_cell,
    run_setup_cells,
    screenshot,
    wait_for_idle_kernel,
)

from runner.drill import notebook
from tests.test_grade import start, write_hypotheses

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMER = ".eda-drill-timer"
LOST = "This timer lost its kernel"
#: The first work cell writes the kernel's pid, so the test can freeze the kernel (SIGSTOP) like a stuck one.
PID_CELL = "import os, pathlib; pathlib.Path({path!r}).write_text(str(os.getpid()))  # the kernel's pid"


def db(results: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(results / "drills.sqlite")) as conn:
        return conn.execute(sql).fetchall()


def wait_for_rows(results: Path, sql: str, expected: list[tuple], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while db(results, sql) != expected:
        assert time.monotonic() < deadline, f"{sql} never gave {expected}: {db(results, sql)}"
        time.sleep(0.2)


def run_phase_one_timer_cell(page) -> None:
    """Run the phase-1 cell that is exactly ``drill.timer()`` (a second view of the same clock)."""
    cell = page.locator(".jp-CodeCell").filter(
        has=page.locator(".jp-InputArea-editor", has_text=re.compile(r"^\s*drill\.timer\(\)\s*$"))).first
    before = execution_count(cell)
    for _ in range(3):
        dismiss_dialogs(page)
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-InputPrompt").click()
        page.keyboard.press("Control+Enter")
        for _ in range(100):
            if execution_count(cell) not in (None, before):
                cell.locator(TIMER).wait_for(timeout=30_000)
                return
            page.wait_for_timeout(200)
    raise AssertionError("the phase-1 timer cell did not run")


def restart_kernel(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Kernel$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Restart Kernel…$")).first.click()
    page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").first.click()
    wait_for_idle_kernel(page)


def alert_of(view) -> str:
    return (view.locator(".alert").text_content() or "").strip()


def wait_for_alert(view, text: str, present: bool = True, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while (text in alert_of(view)) != present:
        assert time.monotonic() < deadline, f"alert {'never' if present else 'still'} says {text!r}: {alert_of(view)!r}"
        time.sleep(0.2)


def wait_until_connected(view, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while "not connected" in (view.locator(".phase").text_content() or "") or alert_of(view):
        assert time.monotonic() < deadline, f"the timer never reconnected: {alert_of(view)!r}"
        time.sleep(0.2)


def write_pid_cell(nb: Path, path: Path) -> None:
    book = nbformat.read(nb, as_version=4)
    next(c for c in book.cells if "work" in notebook.tags(c)).source = PID_CELL.format(path=str(path))
    nbformat.write(book, nb)


def test_timer_after_a_kernel_restart(lab, chromium, drill_cli, tmp_path):
    results = lab.results
    nb = start(drill_cli, results, "builtin:sklearn/iris")
    drill_id = nb.parent.name
    write_hypotheses(nb, "- duplicates\n")
    pid_file = tmp_path / "kernel.pid"
    write_pid_cell(nb, pid_file)
    page = open_notebook(chromium, lab, nb)
    try:
        run_setup_cells(page, drill_id)
        page.locator(f"{TIMER} button.start").first.click()
        page.wait_for_function("() => /Phase 1\\/4/.test(document.querySelector('.eda-drill-timer .phase').textContent)")

        run_cell(page, "the kernel's pid")
        kernel = int(pid_file.read_text())
        setup_view = page.locator(TIMER).first
        os.kill(kernel, signal.SIGSTOP)  # a kernel that is there but does not answer
        try:
            setup_view.locator("button.pause").click()
            wait_for_alert(setup_view, "No answer from the kernel after 10 s: Pause has not been applied yet.")
            assert not setup_view.locator("button.pause").is_disabled()
            assert db(results, f"SELECT count(*) FROM pauses WHERE drill_id = '{drill_id}'") == [(0,)]
        finally:
            os.kill(kernel, signal.SIGCONT)  # the kernel wakes: it applies the Pause it was sent, and answers
        wait_for_rows(results, f"SELECT count(*) FROM pauses WHERE drill_id = '{drill_id}'", [(1,)])  # once free
        wait_for_alert(setup_view, "No answer", present=False)
        setup_view.locator("button.pause").click()  # Resume
        wait_for_rows(results, f"SELECT count(*) FROM pauses WHERE ended_at IS NULL AND drill_id = '{drill_id}'",
                      [(0,)])

        run_phase_one_timer_cell(page)
        view = page.locator(TIMER).nth(1)  # the phase-1 cell's view: it must come back by itself later

        restart_kernel(page)
        for n in range(2):
            wait_for_alert(page.locator(TIMER).nth(n), LOST)
        assert "not connected" in (view.locator(".phase").text_content() or "")
        screenshot(page, "timer-kernel-restarted.png")

        view.locator("button.pause").click()
        wait_for_alert(view, "Pause was not sent, nothing changed.")
        view.locator("button.next").click()
        wait_for_alert(view, "Next phase was not sent, nothing changed.")
        assert not view.locator("button.pause").is_disabled() and not view.locator("button.next").is_disabled()
        time.sleep(1.5)  # anything sent would have landed by now
        assert db(results, f"SELECT count(*) FROM pauses WHERE drill_id = '{drill_id}'") == [(1,)]
        assert db(results, f"SELECT ended_at FROM phases WHERE drill_id = '{drill_id}' AND position = 0") == [(None,)]
        assert db(results, f"SELECT count(*) FROM seals WHERE drill_id = '{drill_id}'") == [(0,)]

        run_setup_cells(page, drill_id)  # the learner re-runs the first cells: every timer reconnects
        wait_until_connected(view)
        view.locator("button.pause").click()
        wait_for_rows(results, f"SELECT count(*) FROM pauses WHERE drill_id = '{drill_id}'", [(2,)])

        restart_kernel(page)  # once more, and this time one click on Reconnect
        wait_for_alert(view, LOST)
        view.locator("button.reconnect").click()
        wait_until_connected(view)
        view.locator("button.pause").click()  # now "Resume"
        wait_for_rows(results, f"SELECT count(*) FROM pauses WHERE drill_id = '{drill_id}' AND ended_at IS NULL",
                      [(0,)])
    except Exception:
        screenshot(page, "failure.png")
        raise
    finally:
        page.close()


def test_next_phase_after_cutting_the_hypotheses_cell(lab, chromium, drill_cli):
    results = lab.results
    nb = start(drill_cli, results, "builtin:sklearn/wine")
    drill_id = nb.parent.name
    write_hypotheses(nb, "- proline is right-skewed\n")
    page = open_notebook(chromium, lab, nb)
    try:
        run_setup_cells(page, drill_id)
        timer = page.locator(TIMER).first
        timer.locator("button.start").click()
        page.wait_for_function("() => /Phase 1\\/4/.test(document.querySelector('.eda-drill-timer .phase').textContent)")
        claim = page.locator(".jp-MarkdownCell", has_text="proline is right-skewed")
        claim.first.scroll_into_view_if_needed()
        claim.first.click()
        page.keyboard.press("Escape")
        page.keyboard.press("x")  # a beginner cuts the cell in command mode
        claim.first.wait_for(state="detached", timeout=10_000)
        timer.locator("button.next").click()
        wait_for_alert(timer, "Still in phase 1: the saved notebook has no hypotheses cell")
        assert "drill.restore_hypotheses()" in alert_of(timer)
        assert re.search(r"Phase 1/4", timer.locator(".phase").text_content() or "")
        style = timer.locator(".alert").evaluate("e => [getComputedStyle(e).fontWeight, getComputedStyle(e).display]")
        assert int(style[0]) >= 600 and style[1] != "none"
        screenshot(page, "timer-seal-failed.png")
        assert db(results, f"SELECT ended_at FROM phases WHERE drill_id = '{drill_id}' AND position = 0") == [(None,)]

        page.locator(".jp-CodeCell", has=page.locator(".jp-InputArea-editor", has_text="drill.seal()")) \
            .first.locator(".jp-InputPrompt").click()
        page.keyboard.press("Escape")
        page.keyboard.press("z")  # undo the cut, then Next phase again: saved, sealed, phase 2
        claim.first.wait_for(timeout=10_000)
        timer.locator("button.next").click()
        page.wait_for_function(
            "() => /Phase 2\\/4/.test(document.querySelector('.eda-drill-timer .phase').textContent)", timeout=30_000)
        assert db(results, f"SELECT text FROM seals WHERE drill_id = '{drill_id}'") == [("- proline is right-skewed",)]
        wait_for_alert(timer, "Still in phase 1", present=False)
    except Exception:
        screenshot(page, "failure.png")
        raise
    finally:
        page.close()
