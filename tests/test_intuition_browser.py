"""The intuition drill in a real JupyterLab, driven by headless Chromium: answer by typing and clicking.

A correlation item is answered by typing into its number box and pressing
Enter on **Submit** reached with Tab (keyboard only), a lineup by clicking a
panel's button; both reveals appear under the item and the answers are in
the log.  The other items are then answered through the kernel API object and
the dashboard, opened in Chromium, shows the intuition plots.  Screenshots
are kept in tests/artifacts/.
"""

from __future__ import annotations

import pytest
from intuition_support import items_of, right, start_quick, wrong
from lab_support import open_notebook, run_cell, run_setup_cells, screenshot
from log_support import query

from runner.kernel import open_drill
from runner.progress.dashboard import write_dashboard
from runner.progress.intuition_dashboard import PLOTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SEED = 7


def stored_answer(results, drill_id: str, number: int):
    [(answer,)] = query(results, "SELECT answer FROM intuition_items WHERE drill_id = ? AND number = ?",
                        (drill_id, number))
    return answer


def reveal_of(page, number: int):
    reveal = page.locator(f".eda-drill-item-{number} .eda-drill-reveal")
    try:
        reveal.first.wait_for(timeout=30_000)
    except Exception:
        screenshot(page, "intuition-failure.png")
        raise
    return reveal.first.text_content() or ""


def test_answer_two_items_in_jupyterlab_then_see_the_dashboard(lab, chromium, drill_cli):
    nb = start_quick(drill_cli, lab.results, SEED)
    drill_id = nb.parent.name
    items = items_of(nb)
    corr = next(i for i in items if i.kind == "correlation")
    lineup = next(i for i in items if i.kind == "lineup")
    page = open_notebook(chromium, lab, nb)
    run_setup_cells(page, drill_id)

    run_cell(page, f"drill.show({corr.number})")
    item = page.locator(f".eda-drill-item-{corr.number}")
    item.locator("img").first.wait_for(timeout=30_000)  # the scatter plot, drawn in the kernel
    box = item.locator(".eda-drill-number input")
    box.click()
    box.fill("0.35")
    box.press("Tab")  # the number box commits, focus moves to Submit
    page.keyboard.press("Enter")
    text = reveal_of(page, corr.number)
    assert "you said r = +0.35" in text and f"r = {corr.truth['value']:+.2f}" in text
    screenshot(page, "intuition-correlation.png")

    run_cell(page, f"drill.show({lineup.number})")
    panel = page.locator(f".eda-drill-item-{lineup.number} .eda-drill-option", has_text="none is real")
    panel.first.click()
    text = reveal_of(page, lineup.number)
    truth = "none is real" if lineup.truth["value"] == "none" else f"panel {lineup.truth['value']}"
    assert "you said none is real" in text and f"the truth is {truth}" in text
    assert page.locator(f".eda-drill-item-{lineup.number} .eda-drill-reveal img").count() == 1  # real panel framed
    screenshot(page, "intuition-lineup.png")
    page.close()

    assert stored_answer(lab.results, drill_id, corr.number) == "0.35"
    assert stored_answer(lab.results, drill_id, lineup.number) == '"none"'

    drill = open_drill(drill_id, lab.results)
    for other in items:
        if other.number not in (corr.number, lineup.number):
            drill.answer(other.number, right(other) if other.number % 2 else wrong(other))
    dashboard = chromium.new_page(viewport={"width": 1200, "height": 900})
    try:
        dashboard.goto(write_dashboard(lab.results).as_uri())
        sizes = {pid: dashboard.eval_on_selector(f"#plot-{pid} img", "i => [i.complete, i.naturalWidth]")
                 for pid, *_ in PLOTS}
        screenshot(dashboard, "intuition-dashboard.png")
    finally:
        dashboard.close()
    assert all(done and width > 0 for done, width in sizes.values()), sizes
