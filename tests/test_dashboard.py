"""``runner.progress.dashboard``: the page's content, then the page in headless Chromium (with a screenshot)."""

from __future__ import annotations

import re
import shutil

import pytest
from lab_support import screenshot

from runner.progress.dashboard import PLOTS, write_dashboard
from tests.test_stats import graded_log

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    return graded_log(tmp_path_factory)


@pytest.fixture(scope="module")
def page_html(log) -> str:
    return write_dashboard(log.results).read_text(encoding="utf-8")


def test_written_into_the_results_folder(log):
    assert write_dashboard(log.results) == log.results / "dashboard.html"


def test_every_plot_is_embedded(page_html):
    for plot_id, *_ in PLOTS:
        assert re.search(f"<figure class='plot' id='plot-{plot_id}'>.*?src='data:image/svg\\+xml;base64,", page_html)


def test_nothing_is_fetched(page_html):
    assert not re.search(r"""(src|href)=['"]?(https?:)?//""", page_html)


def test_each_drill_links_its_notebook_and_each_graded_one_its_profile(log, page_html):
    for nb in log.notebooks:
        drill = nb.parent.name
        assert f"href='{drill}/{nb.name}'" in page_html
        # the profile report stays hidden until the drill is graded
        assert (f"href='{drill}/profile.html'" in page_html) == (drill != log.ungraded)


def test_notebook_links_can_open_in_jupyterlab(log):
    html = write_dashboard(log.results, lab_url="http://localhost:8888/lab/tree/").read_text(encoding="utf-8")
    nb = log.notebooks[0]
    assert f"href='http://localhost:8888/lab/tree/{nb.parent.name}/{nb.name}'" in html


def test_deleted_folder_is_said_not_linked(log, tmp_path):
    copy = shutil.copytree(log.results, tmp_path / "results")
    gone = log.notebooks[1].parent.name
    shutil.rmtree(copy / gone)
    html = write_dashboard(copy).read_text(encoding="utf-8")
    assert "folder deleted" in html and f"href='{gone}/" not in html


def test_empty_log_is_a_friendly_page(tmp_path):
    html = write_dashboard(tmp_path).read_text(encoding="utf-8")
    assert "No drills logged" in html and "<figure" not in html


def test_no_timings_says_so_instead_of_an_empty_chart(tmp_path, log):
    import sqlite3

    copy = shutil.copytree(log.results, tmp_path / "results")
    with sqlite3.connect(copy / "drills.sqlite") as conn:
        conn.execute("DELETE FROM phases")
    html = write_dashboard(copy).read_text(encoding="utf-8")
    assert "<section class='none' id='plot-phases'>" in html and "No timed phases recorded yet." in html


@pytest.mark.browser
def test_dashboard_in_chromium_with_screenshot(log, chromium):
    path = write_dashboard(log.results)
    page = chromium.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(path.as_uri())
        sizes = page.eval_on_selector_all("figure.plot img", "imgs => imgs.map(i => [i.complete, i.naturalWidth])")
        links = page.eval_on_selector_all("a[href$='.ipynb']", "links => links.length")
        screenshot(page, "dashboard.png")
    finally:
        page.close()
    assert len(sizes) == len(PLOTS) and all(done and width > 0 for done, width in sizes)
    assert links == len(log.notebooks)
