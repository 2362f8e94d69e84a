"""The template and its instantiation: cells are found by tag, never by position."""

import nbformat
import pytest

from runner.drill import notebook
from runner.spec import load_spec

PARAMS = {
    "drill_id": "20260101-000000-iris",
    "dataset_id": "builtin:sklearn/iris",
    "results_dir": "/tmp/results",
    "seed": 7,
    "spec": "eda-2h",
    "phase_minutes": {"hypotheses": 30, "explore": 60, "compare": 20, "reflect": 10},
}


@pytest.fixture(scope="module")
def instantiated(tmp_path_factory):
    out = tmp_path_factory.mktemp("nb") / "drill.ipynb"
    notebook.instantiate(load_spec(), PARAMS, out)
    return nbformat.read(out, as_version=4)


@pytest.mark.parametrize(
    "tag", ["parameters", "setup", "hypotheses", "seal", "load-data", "compare", "reflection", "checklist"]
)
def test_template_has_each_tagged_cell_once(tag):
    nb = nbformat.read(load_spec().template, as_version=4)
    assert len(notebook.cells_tagged(nb, tag)) == 1


def test_phase_headings_in_order():
    nb = nbformat.read(load_spec().template, as_version=4)
    order = [t for c in nb.cells for t in notebook.tags(c) if t.startswith("phase-")]
    assert order == ["phase-hypotheses", "phase-explore", "phase-compare", "phase-reflect"]


def test_hypotheses_and_reflection_are_markdown():
    nb = nbformat.read(load_spec().template, as_version=4)
    for tag in ("hypotheses", "reflection"):
        assert notebook.cells_tagged(nb, tag)[0].cell_type == "markdown"


def test_papermill_injects_the_parameters(instantiated):
    assert notebook.injected_parameters(instantiated) == PARAMS
    injected = notebook.cells_tagged(instantiated, "injected-parameters")[0]
    assert "dataset_id = \"builtin:sklearn/iris\"" in injected.source


def test_checklist_is_expanded_from_the_spec(instantiated):
    items = notebook.cells_tagged(instantiated, "checklist-item")
    assert [c.source.splitlines()[0] for c in items][:2] == ["### 1. Data quality and types", "### 2. Missing values"]
    assert len(notebook.cells_tagged(instantiated, "work")) == len(load_spec().checklist)
    assert notebook.cells_tagged(instantiated, "checklist") == []


def test_phase_minutes_come_from_the_spec(instantiated):
    heading = notebook.cells_tagged(instantiated, "phase-explore")[0].source
    assert heading.startswith("## Phase 2 · Explore (60 minutes)")


def test_notebook_is_stamped_with_its_drill(instantiated):
    assert notebook.drill_meta(instantiated)["drill_id"] == PARAMS["drill_id"]


def test_card_cell_shows_no_values(instantiated):
    setup = notebook.cells_tagged(instantiated, "setup")[0].source
    assert "show_card()" in setup and "data(" not in setup


def test_invalid_notebook_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    with pytest.raises(notebook.NotebookError, match="not a valid notebook"):
        notebook.read(bad)
