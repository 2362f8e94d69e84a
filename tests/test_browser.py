"""The timer in a real JupyterLab, driven by headless Chromium (Debian's, through playwright).

Opens a fresh drill's notebook in the session's JupyterLab (tests/lab_support.py),
runs the setup cells and checks that the countdown runs, that "Next phase"
ends phase 1 and seals the hypotheses in the database, that a reload
continues from the stored deadline, and that the data is refused before the
seal.  A screenshot is kept in tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from pathlib import Path

import pytest
from lab_support import open_notebook, run_cell, run_setup_cells, screenshot, wait_for_idle_kernel

from tests.test_grade import start, write_hypotheses

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def clock_seconds(page) -> int:
    text = page.locator(".eda-drill-timer .clock").first.text_content() or ""
    m = re.search(r"(\d+):(\d\d)", text)
    assert m, f"no countdown in {text!r}"
    return int(m[1]) * 60 + int(m[2])


def db(results: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(results / "drills.sqlite")) as conn:
        return conn.execute(sql).fetchall()


def test_timer_in_jupyterlab(lab, chromium, drill_cli):
    results = lab.results
    nb = start(drill_cli, results, "builtin:sklearn/iris")
    write_hypotheses(nb, "- petal length (cm) and petal width (cm) are positively correlated\n- duplicates\n")
    page = open_notebook(chromium, lab, nb)
    run_setup_cells(page, nb.parent.name)

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
    screenshot(page, "notebook-timer.png")

    before_reload = clock_seconds(page)
    page.reload()
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    wait_for_idle_kernel(page)
    try:  # the kernel is still running: JupyterLab restores the widget from it
        page.wait_for_selector(".eda-drill-timer .clock", timeout=20_000, state="attached")
    except Exception:  # noqa: BLE001 - otherwise run the timer cell again: it reads the stored clock
        run_cell(page, "display(drill.timer())")
        page.wait_for_selector(".eda-drill-timer .clock", timeout=30_000, state="attached")
    page.wait_for_function("() => /Phase 2\\/4/.test(document.querySelector('.eda-drill-timer .phase').textContent)")
    after_reload = clock_seconds(page)
    assert 55 * 60 < after_reload <= before_reload, (before_reload, after_reload)
    page.close()


def test_data_is_refused_before_the_seal(lab, chromium, drill_cli):
    nb = start(drill_cli, lab.results, "builtin:sklearn/wine")
    page = open_notebook(chromium, lab, nb)
    run_setup_cells(page, nb.parent.name)
    run_cell(page, "df = drill.data()")
    refusal = page.locator(".jp-OutputArea-output", has_text="hidden until your hypotheses are sealed")
    try:
        refusal.first.wait_for(timeout=60_000, state="attached")
    except Exception:
        screenshot(page, "failure.png")
        raise
    assert "drill.data(peek=True)" in (refusal.first.text_content() or "")
    page.close()
