"""The answer key and the data stay out of the served results folder until the seal (issue #10,
defects 2, 3 and part of 11); drills made before keep working.

The browser half (the contents API, ``/files/``, a kernel's ``pd.read_parquet``) is at the end,
on the session's real JupyterLab.
"""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from lab_support import TOKEN, open_notebook, run_cell, run_setup_cells, screenshot

from runner.drill.locate import locate
from runner.errors import DrillError
from runner.kernel import open_drill
from runner.profile.paths import LEGACY_DIR
from runner.session import actions as session
from runner.session.grade import early_compare
from tests.log_support import query
from tests.test_grade import drill_files, grade_json, start, write_hypotheses

pytestmark = pytest.mark.slow
IRIS = "builtin:sklearn/iris"
ANSWER_KEY = {"data.parquet", "profile.json", "profile.html", "profile.status.json", "profile.log"}


@pytest.fixture
def nb(drill_cli, results) -> Path:
    return start(drill_cli, results, IRIS)


def served(results: Path) -> set[str]:
    """Every file name under the results folder, hidden ones included."""
    return {p.name for p in results.rglob("*") if p.is_file()}


def seal(drill_cli, nb: Path) -> None:
    write_hypotheses(nb, "- missing: sepal length (cm)\n")
    assert drill_cli("seal", str(nb)).code == 0


def test_nothing_of_the_answer_key_is_in_the_results_folder_before_the_seal(nb, results):
    assert drill_files(nb).profile().wait_idle(timeout=120)  # the background run wrote everything it writes
    assert served(results) & ANSWER_KEY == set() and not (results / "cache").exists()


def test_the_seal_publishes_the_data_into_the_drill_folder(drill_cli, nb):
    seal(drill_cli, nb)
    assert pd.read_parquet(nb.parent / "data.parquet").shape == (150, 5)


def test_the_grade_publishes_the_report_next_to_the_notebook(drill_cli, nb):
    seal(drill_cli, nb)
    grade_json(drill_cli, nb)
    assert drill_files(nb).profile().wait_idle(timeout=120)
    assert (nb.parent / "profile.html").stat().st_size > 0


def test_data_after_the_snapshot_was_deleted_is_one_line_with_what_to_do(drill_cli, nb):
    seal(drill_cli, nb)
    drill_files(nb).hidden_snapshot.unlink()
    (nb.parent / "data.parquet").unlink()
    with pytest.raises(DrillError) as caught:
        open_drill(nb.parent.name, nb.parent.parent).data()
    assert "is gone" in caught.value.one_line() and f"drill start --dataset {IRIS}" in caught.value.one_line()
    assert "\n" not in caught.value.one_line()


def test_compare_before_phase_three_asks_first_and_the_second_call_is_a_peek(nb, results, capsys):
    write_hypotheses(nb, "- missing: sepal length (cm)\n")
    loc = locate(nb)
    session.clock(loc, "start")
    session.clock(loc, "next", expected=0)  # sealed; phase 2 runs
    drill = open_drill(nb.parent.name, nb.parent.parent)
    drill.compare()
    assert (drill.grade, query(results, "SELECT kind FROM events")) == (None, [])
    drill.compare()
    assert drill.grade is not None and query(results, "SELECT kind FROM events") == [("peek",)]


def test_compare_force_goes_ahead_at_once_and_the_grade_shows_the_peek(nb):
    drill = open_drill(nb.parent.name, nb.parent.parent)
    write_hypotheses(nb, "- missing: sepal length (cm)\n")
    drill.compare(force=True)
    assert drill.grade is not None and drill.grade["peeks"] == 1


def test_compare_in_phase_three_asks_nothing(nb):
    write_hypotheses(nb, "- missing: sepal length (cm)\n")
    loc = locate(nb)
    session.clock(loc, "start")
    session.clock(loc, "next", expected=0)
    session.clock(loc, "next", expected=1)
    assert early_compare(loc) is None


def make_old_drill(nb: Path) -> None:
    """Lay a drill out as drills made before the move were: data and `.profile/` in the drill folder."""
    files = drill_files(nb)
    assert files.profile().wait_idle(timeout=120)
    shutil.move(str(files.hidden_snapshot), nb.parent / "data.parquet")
    shutil.move(str(files.private / "profile"), nb.parent / LEGACY_DIR)
    shutil.rmtree(files.private)


def test_an_old_drill_still_grades_and_gives_its_data(drill_cli, nb):
    make_old_drill(nb)
    seal(drill_cli, nb)
    grade = grade_json(drill_cli, nb)
    assert grade["hypotheses"][0]["verdict"] == "refuted"
    assert open_drill(nb.parent.name, nb.parent.parent).data().shape == (150, 5)
    assert (nb.parent / "profile.html").is_file() and not drill_files(nb).private.exists()


def test_an_old_results_cache_is_moved_out_of_the_served_folder(drill_cli, results):
    old_profiles = results / "cache" / "profiles" / "abc"
    old_profiles.mkdir(parents=True)
    (old_profiles / "profile.json").write_text("{}")
    start(drill_cli, results, IRIS)
    assert not (results / "cache").exists()


def test_old_pool_entries_move_to_the_shared_pool(tmp_path):
    from runner.sources.network.relocate import relocate_pool

    entry = tmp_path / "results" / "cache" / "openml" / "61"
    entry.mkdir(parents=True)
    for name in ("data.parquet", "card.json", "snapshot.json"):
        (entry / name).write_text(name)
    (entry.parent / "_client").mkdir()
    moved = relocate_pool(tmp_path / "results" / "cache", tmp_path / "pool")
    assert moved == ["openml:61"] and (tmp_path / "pool" / "openml" / "61" / "snapshot.json").is_file()
    assert not (tmp_path / "results" / "cache" / "openml").exists()


# -- in the real JupyterLab ---------------------------------------------------------------------------


def contents(lab, path: str = "") -> list[dict]:
    """Every entry under ``path`` as JupyterLab's contents API lists it, recursively."""
    listing = lab.api(f"/api/contents/{path}")
    found = []
    for item in listing["content"]:
        found.append(item)
        if item["type"] == "directory":
            found += contents(lab, item["path"])
    return found


def status_of(lab, path: str) -> int:
    try:
        return urllib.request.urlopen(f"{lab.base}/files/{path}?token={TOKEN}", timeout=30).status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.browser
def test_jupyterlab_serves_no_answer_key_before_the_seal(lab, chromium, drill_cli):
    nb = start(drill_cli, lab.results, "builtin:sklearn/wine")
    drill_id = nb.parent.name
    assert drill_files(nb).profile().wait_idle(timeout=120)
    names = {item["name"] for item in contents(lab)}
    assert names & ANSWER_KEY == set() and f"{drill_id}.ipynb" in names
    assert (status_of(lab, f"{drill_id}/data.parquet"), status_of(lab, f"{drill_id}/profile.html")) == (404, 404)
    write_hypotheses(nb, "- missing: alcohol\n")
    add_code_cell(nb, READ_IN_THE_KERNEL)
    page = open_notebook(chromium, lab, nb)
    run_setup_cells(page, drill_id)
    run_cell(page, "read_in_the_kernel")
    try:
        page.locator(".jp-OutputArea-output", has_text="NOT FOUND").first.wait_for(timeout=60_000, state="attached")
    except Exception:
        screenshot(page, "failure.png")
        raise
    assert drill_cli("seal", str(nb)).code == 0
    run_cell(page, "read_in_the_kernel")
    page.locator(".jp-OutputArea-output", has_text="READ 178").first.wait_for(timeout=60_000, state="attached")
    assert status_of(lab, f"{drill_id}/data.parquet") == 200
    page.close()


READ_IN_THE_KERNEL = """# read_in_the_kernel
import pandas as pd
try:
    print("READ", len(pd.read_parquet("data.parquet")))
except FileNotFoundError:
    print("NOT", "FOUND")
"""


def add_code_cell(nb: Path, source: str) -> None:
    import nbformat

    notebook = nbformat.read(nb, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(source))
    nbformat.write(notebook, nb)
