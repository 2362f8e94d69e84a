"""Damaged drill files and awkward numbers: one-line errors or right verdicts, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_grade import grade_json, start, write_hypotheses

pytestmark = pytest.mark.slow


@pytest.fixture
def drill(drill_cli, results) -> Path:
    nb = start(drill_cli, results, "builtin:sklearn/iris")
    write_hypotheses(nb, "- missing: target\n")
    return nb


@pytest.mark.parametrize("name, text", [("drill.json", "{not json"), ("drill.json", "[]"), ("card.json", "")])
def test_damaged_drill_file_is_one_line(drill_cli, drill, name, text):
    (drill.parent / name).write_text(text)
    r = drill_cli("grade", str(drill))
    assert r.code == 2 and len(r.err.splitlines()) == 1 and f"{name} is damaged" in r.err


@pytest.mark.parametrize("metadata", [{"eda_drill": "oops"}, {"eda_drill": {"drill_id": 7}}, []])
def test_damaged_notebook_metadata_is_one_line(drill_cli, drill, metadata):
    book = json.loads(drill.read_text())
    book["metadata"] = metadata
    drill.write_text(json.dumps(book))
    r = drill_cli("grade", str(drill))
    assert r.code == 2 and len(r.err.splitlines()) == 1 and "not a drill notebook" in r.err


def test_huge_finite_numbers_still_grade(drill_cli, tmp_path):
    (tmp_path / "big.csv").write_text("f,g\n" + "".join(f"{1e308 if i % 2 else -1e308},{i}\n" for i in range(40)))
    nb = start(drill_cli, tmp_path / "results", f"file:{tmp_path / 'big.csv'}")
    write_hypotheses(nb, "- missing: f\n")
    assert grade_json(drill_cli, nb)["hypotheses"][0]["verdict"] == "refuted"


def test_twenty_digit_ids_stay_distinct(drill_cli, tmp_path):
    (tmp_path / "ids.csv").write_text("k,v\n" + "".join(f"{2**70 + i},{i % 3}\n" for i in range(30)))
    nb = start(drill_cli, tmp_path / "results", f"file:{tmp_path / 'ids.csv'}")
    write_hypotheses(nb, "- unique: k\n- constant: k\n")
    grade = grade_json(drill_cli, nb)
    assert [h["verdict"] for h in grade["hypotheses"]] == ["confirmed", "refuted"]
    assert not any(m["kind"] == "constant" for m in grade["missed"])
