"""In the browser: ``drill cohort --html`` with its plots, and the learner's JupyterLab with private files."""

from __future__ import annotations

from pathlib import Path

import pytest
from lab_support import screenshot

from runner.progress.cohort_html import PLOTS
from tests.test_cohort import homes  # noqa: F401  (the class: a module fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_cohort_page_in_chromium_with_its_plots(homes, drill_cli, tmp_path, chromium):  # noqa: F811
    r = drill_cli("cohort", f"{homes}/*/results", "--html", "--no-open", "--results", str(tmp_path))
    assert r.code == 0, r.err
    page = chromium.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(Path(r.out.strip()).as_uri())
        sizes = page.eval_on_selector_all("figure.plot img", "imgs => imgs.map(i => [i.complete, i.naturalWidth])")
        rows = page.eval_on_selector_all("#learners tbody tr", "rows => rows.map(r => r.cells[0].textContent)")
        injected = page.eval_on_selector_all("img[src='x']", "imgs => imgs.length")
        screenshot(page, "cohort.png")
    finally:
        page.close()
    assert len(sizes) == len(PLOTS) and all(done and width > 0 for done, width in sizes)
    assert len(rows) == 4 and "<img src=x onerror=alert(1)>$x$" in rows  # shown as text, never as markup
    assert injected == 0


def test_jupyterlab_saves_a_private_notebook_and_keeps_it_private(lab, drill_cli):
    r = drill_cli("start", "--dataset", "builtin:sklearn/iris", "--results", str(lab.results), "--no-open")
    nb = Path(r.last_line)
    path = nb.relative_to(lab.results).as_posix()
    assert nb.stat().st_mode & 0o777 == 0o600
    model = lab.api(f"/api/contents/{path}?content=1")
    cell = next(c for c in model["content"]["cells"] if "hypotheses" in c["metadata"].get("tags", []))
    cell["source"] = "- duplicates"
    lab.api(f"/api/contents/{path}", "PUT", {"type": "notebook", "format": "json", "content": model["content"]})
    assert "- duplicates" in nb.read_text() and nb.stat().st_mode & 0o777 == 0o600
