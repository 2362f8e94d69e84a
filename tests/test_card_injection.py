"""Hostile text on the dataset card stays text: a file's name, its columns, its description, and
OpenML and UCI descriptions and titles (issue #10, defect 1).

Each payload is an ``<img onerror>`` that would set a global if it ever became live HTML.  The
card is checked where it is shown: ``card.md`` rendered as permissively as a Markdown viewer
(raw HTML on), ``drill.show_card()``'s HTML, and in the real JupyterLab with headless Chromium.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lab_support import open_notebook, run_setup_cells, screenshot

from runner.kernel.card import card_html
from runner.sources.base import Card
from tests.test_grade import start

PAYLOAD = "<img src=x onerror=window.__pwn_{}=1>"
TITLE, COLUMN, DESCRIPTION = PAYLOAD.format("title"), PAYLOAD.format("col"), PAYLOAD.format("desc")


def hostile_arff(folder: Path) -> Path:
    """An ARFF file whose name, one attribute and its comment (the card's description) are payloads."""
    path = folder / f"t{TITLE}.arff"
    rows = "\n".join(f"{i},{(i * 7) % 5}" for i in range(12))
    path.write_text(f"% {DESCRIPTION}\n@relation hostile\n@attribute '{COLUMN}' numeric\n"
                    f"@attribute other numeric\n@data\n{rows}\n", encoding="utf-8")
    return path


def permissive_html(markdown: str) -> str:
    """Markdown rendered the way a Markdown viewer does, raw HTML passed through."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def live_tags(html: str) -> list[str]:
    """The elements and attributes in ``html`` that could run script (parsed, not searched as text)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("img", "script", "iframe", "object", "embed", "svg", "style"):
                found.append(tag)
            for name, value in attrs:
                if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:")):
                    found.append(f"{tag} {name}")

    Parser().feed(html)
    return found


@pytest.mark.parametrize("field", ["title", "description", "column", "note", "origin"])
def test_card_markdown_has_no_live_html(field):
    values = {"title": "t", "description": "", "notes": [], "origin": "", "dtypes": {"a": "int64"}}
    if field == "column":
        values["dtypes"] = {COLUMN: "int64"}
    elif field == "note":
        values["notes"] = [DESCRIPTION]
    else:
        values[field] = DESCRIPTION
    card = Card(id="file:/tmp/x.csv", source="file", **values)
    assert live_tags(permissive_html(card.to_markdown())) == []


def test_a_name_cannot_leave_its_code_span():
    card = Card(id="x:1", source="x", title="t", dtypes={f"a`{COLUMN}`|b": "int64"})
    assert live_tags(permissive_html(card.to_markdown())) == []


def test_script_links_in_a_description_are_disarmed():
    card = Card(id="x:1", source="x", title="t", description="[click](javascript:alert(1)) and [d]( data:text/html,x)")
    assert "javascript:" not in card_html(card.to_markdown()) and "data:" not in card_html(card.to_markdown())


def test_shown_card_keeps_markdown_and_the_payload_as_text():
    html = card_html(Card(id="x:1", source="x", title="t", description=f"**bold** {DESCRIPTION}").to_markdown())
    assert "<strong>bold</strong>" in html and "&lt;img src=x onerror=window.__pwn_desc=1&gt;" in html


@pytest.mark.slow
def test_hostile_file_card_is_inert(drill_cli, results, tmp_path):
    nb = start(drill_cli, results, f"file:{hostile_arff(tmp_path)}")
    assert live_tags(permissive_html((nb.parent / "card.md").read_text(encoding="utf-8"))) == []


@pytest.mark.slow
def test_openml_description_is_inert(drill_cli, results, monkeypatch):
    from openml_fixtures import FakeOpenML, Fixture, iris

    from runner.sources.network.common import forget_probes

    fake = FakeOpenML([Fixture(61, "iris", iris(), description=f"**Author**: {DESCRIPTION}")])
    try:
        forget_probes()
        monkeypatch.setenv("DRILL_OPENML_SERVER", fake.server)
        nb = start(drill_cli, results, "openml:61")
    finally:
        fake.stop()
        forget_probes()
    card = json.loads((nb.parent / "card.json").read_text())
    assert DESCRIPTION in card["description"]  # the payload did arrive
    assert live_tags(permissive_html((nb.parent / "card.md").read_text(encoding="utf-8"))) == []


@pytest.mark.slow
def test_uci_title_is_inert(drill_cli, results, monkeypatch):
    from uci_fixtures import FakeUCI, UciFixture, _iris_types, iris

    from runner.sources.network.common import forget_probes

    base = iris()
    base["class"] = base["class"].astype(str)
    fake = FakeUCI([UciFixture(53, f"Iris {TITLE}", base, _iris_types(base), {"class": "Target"})])
    try:
        forget_probes()
        monkeypatch.setenv("DRILL_UCI_SERVER", fake.base)
        nb = start(drill_cli, results, "uci:53")
    finally:
        fake.stop()
        forget_probes()
    assert TITLE in json.loads((nb.parent / "card.json").read_text())["title"]
    assert live_tags(permissive_html((nb.parent / "card.md").read_text(encoding="utf-8"))) == []


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_card_runs_no_script_in_jupyterlab(lab, chromium, drill_cli, tmp_path):
    nb = start(drill_cli, lab.results, f"file:{hostile_arff(tmp_path)}")
    page = open_notebook(chromium, lab, nb)
    run_setup_cells(page, nb.parent.name)  # the setup cell shows the card
    card = page.locator(".eda-drill-card").first
    card.wait_for(timeout=60_000, state="attached")
    page.wait_for_timeout(500)  # an <img src=x> would have failed to load by now
    ran = page.evaluate("() => [window.__pwn_title, window.__pwn_col, window.__pwn_desc]")
    text = card.text_content() or ""
    screenshot(page, "hostile-card.png")
    assert ran == [None, None, None]
    assert TITLE in text and COLUMN in text and DESCRIPTION in text  # shown, as text
    page.close()
