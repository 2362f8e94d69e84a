"""``drill cohort`` over a class made of real logs: copies of the session's graded log (tests/test_stats.py),
one learner with every drill, one with two of them deleted, one folder with a damaged log.

The per-learner figures must agree with each learner's own ``drill stats``; nothing may be written
in a learner's folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from runner.progress.cohort_html import PLOTS, render_html
from runner.progress.stats import compute
from tests.test_stats import graded_log

pytestmark = pytest.mark.slow

HOSTILE = "<img src=x onerror=alert(1)>$x$"  # a folder name: escaped on the page, no mathtext in a plot


@pytest.fixture(scope="module")
def homes(tmp_path_factory) -> Path:
    """``homes/ann/results`` (every drill), ``homes/ben/results`` (two deleted); both with the first drill as
    the assignment ``week1`` (it has a refuted claim);
    ``homes/<HOSTILE>/results`` (the full log again), ``homes/cat/results`` (a damaged log)."""
    log = graded_log(tmp_path_factory)
    root = tmp_path_factory.mktemp("class") / "homes"
    for name in ("ann", "ben", HOSTILE, "cat"):
        shutil.copytree(log.results, root / name / "results")
    drills = [nb.parent.name for nb in log.notebooks]
    with contextlib.closing(sqlite3.connect(root / "ben" / "results" / "drills.sqlite")) as conn, conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executemany("DELETE FROM drills WHERE id = ?", [(drills[1],), (drills[2],)])
        conn.execute("INSERT INTO assignments VALUES (?, 'week1', '/srv/cohort', '2026-01-01T00:00:00+00:00')",
                     (drills[0],))
    with contextlib.closing(sqlite3.connect(root / "ann" / "results" / "drills.sqlite")) as conn, conn:
        conn.execute("INSERT INTO assignments VALUES (?, 'week1', '/srv/cohort', '2026-01-01T00:00:00+00:00')",
                     (drills[0],))
    (root / "cat" / "results" / "drills.sqlite").write_bytes(b"not a database" * 100)
    return root


def tree(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(root.rglob("*"))}


@pytest.fixture(scope="module")
def found(homes, module_cli) -> dict:
    before = tree(homes)
    r = module_cli("cohort", f"{homes}/*/results", "--json")
    assert r.code == 0, r.err
    assert tree(homes) == before  # read-only: not a byte written, no -shm or -wal created
    return json.loads(r.out)


def by_name(found: dict) -> dict[str, dict]:
    return {x["name"]: x for x in found["learners"]}


def test_one_entry_per_folder_named_after_its_parent(found):
    assert sorted(by_name(found)) == sorted(["ann", "ben", HOSTILE, "cat"])


@pytest.mark.parametrize("name", ["ann", "ben"])
def test_each_learner_agrees_with_their_own_stats(homes, found, name):
    mine = compute(homes / name / "results").to_json()
    entry = by_name(found)[name]
    assert entry["accuracy"] == mine["hypotheses"]["accuracy"] and entry["recall"] == mine["hypotheses"]["recall"]
    assert (entry["drills"], entry["graded"]) == (mine["drills"]["total"], mine["drills"]["graded"])
    assert entry["kinds_missed"] == mine["most_missed"]
    assert [p["median_minutes"] for p in entry["time_per_phase"]] == [p["median_minutes"] for p in mine["phases"]]


def test_a_damaged_log_is_named_and_counts_for_nothing(found):
    cat = by_name(found)["cat"]
    assert "is not a drill database, or it is damaged" in cat["error"] and cat["drills"] == 0
    assert (found["class"]["learners"], found["class"]["readable"]) == (4, 3)


def test_class_pools_counts_and_spreads_scores(found):
    learners = [x for x in found["learners"] if x["error"] is None]
    cls = found["class"]
    confirmed, refuted = sum(x["confirmed"] for x in learners), sum(x["refuted"] for x in learners)
    assert cls["accuracy"] == confirmed / (confirmed + refuted) and cls["drills"] == sum(x["drills"] for x in learners)
    accuracies = sorted(x["accuracy"] for x in learners)
    spread = cls["spread"]["accuracy"]
    assert (spread["learners"], spread["min"], spread["median"], spread["max"]) == (3, accuracies[0], accuracies[1],
                                                                                   accuracies[2])


def test_kinds_most_missed_count_learners(found):
    learners = [x for x in found["learners"] if x["error"] is None]
    top = found["class"]["most_missed"][0]
    assert top["learners"] == sum(top["kind"] in {m["kind"] for m in x["kinds_missed"]} for x in learners)
    assert top["count"] == sum(m["count"] for x in learners for m in x["kinds_missed"] if m["kind"] == top["kind"])


def test_assignment_lists_the_claims_refuted_most(homes, found):
    week1 = found["class"]["assignments"][0]
    with contextlib.closing(sqlite3.connect(homes / "ann" / "results" / "drills.sqlite")) as conn:
        grade = json.loads(conn.execute("SELECT json FROM grades WHERE drill_id = "
                                        "(SELECT drill_id FROM assignments)").fetchone()[0])
    refuted = sorted((h["kind"], h["columns"]) for h in grade["hypotheses"] if h["verdict"] == "refuted")
    assert (week1["name"], week1["started"]) == ("week1", 2) and refuted
    assert sorted((r["kind"], r["columns"], r["refuted"], r["claimed"]) for r in week1["most_refuted"]) == [
        (kind, columns, 2, 2) for kind, columns in refuted]


def test_assignment_narrows_every_figure(homes, module_cli):
    r = module_cli("cohort", str(homes / "ann" / "results"), str(homes / "ben" / "results"), "--json",
                   "--assignment", "week1")
    assert r.code == 0, r.err
    learners = json.loads(r.out)["learners"]
    assert [x["drills"] for x in learners] == [1, 1] and learners[0]["accuracy"] == learners[1]["accuracy"]


def test_anonymised_names_are_stable_pseudonyms(homes, found, drill_cli):
    runs = [drill_cli("cohort", f"{homes}/*/results", "--json", "--anonymise") for _ in range(2)]
    assert runs[0].out == runs[1].out
    assert str(homes) not in runs[0].out
    for name in ("ann", "ben", "cat"):
        assert f'"{name}"' not in runs[0].out
    names = [x["name"] for x in json.loads(runs[0].out)["learners"]]
    assert names == sorted(names) and all(n.startswith("learner-") and len(n) == 16 for n in names)


def test_pseudonyms_change_with_the_key(homes, drill_cli, monkeypatch):
    plain = drill_cli("cohort", f"{homes}/ann/results", "--json", "--anonymise").out
    monkeypatch.setenv("DRILL_PSEUDONYM_KEY", "a class secret")
    assert json.loads(drill_cli("cohort", f"{homes}/ann/results", "--json", "--anonymise").out)["learners"][0][
        "name"] != json.loads(plain)["learners"][0]["name"]


def test_a_glob_matching_nothing_is_one_line(tmp_path, drill_cli):
    r = drill_cli("cohort", f"{tmp_path}/*/results")
    assert (r.code, r.err) == (2, f"drill: error: no folder matches '{tmp_path}/*/results' "
                                  "(check the pattern, e.g. '/home/*/results')\n")


def test_no_learners_is_one_line(drill_cli):
    r = drill_cli("cohort")
    assert r.code == 2 and r.err.startswith("drill: error: no learners given")


def test_a_learner_without_a_log_has_no_drills(tmp_path, drill_cli):
    (tmp_path / "dan" / "results").mkdir(parents=True)
    r = drill_cli("cohort", str(tmp_path / "dan" / "results"), "--json")
    entry = json.loads(r.out)["learners"][0]
    assert (entry["name"], entry["drills"], entry["accuracy"], entry["error"]) == ("dan", 0, None, None)


@pytest.mark.parametrize("name", ["ann", "ben"])
def test_calibration_agrees_with_their_own_stats(homes, found, name):
    mine = compute(homes / name / "results").to_json()["calibration"]
    entry = by_name(found)[name]["calibration"]
    if not mine["forecasts"]:
        assert entry is None
    else:
        assert entry == {k: mine[k] for k in entry} and entry["forecasts"] == mine["forecasts"] > 0


def test_table_in_the_terminal(homes, drill_cli):
    r = drill_cli("cohort", f"{homes}/*/results")
    assert r.code == 0 and "ann" in r.out and "week1: 2 started" in r.out.replace("\n", " ")


def test_page_embeds_every_plot_and_escapes_names(homes):
    from runner.progress.cohort import compute_cohort
    from runner.progress.cohort_learners import from_paths

    page = render_html(compute_cohort(from_paths([f"{homes}/*/results"])))
    for plot_id, *_ in PLOTS:
        assert f"<figure class='plot' id='plot-{plot_id}'>" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;$x$" in page


def test_html_is_written_privately_into_the_instructors_folder(homes, tmp_path, drill_cli):
    r = drill_cli("cohort", f"{homes}/*/results", "--html", "--no-open", "--results", str(tmp_path / "mine"))
    page = Path(r.out.strip())
    assert r.code == 0 and page == tmp_path / "mine" / "cohort.html"
    assert page.stat().st_mode & 0o777 == 0o600


def test_under_sudo_the_page_is_handed_to_the_instructor(homes, tmp_path, drill_cli, monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("sudo's hand-over needs root")
    monkeypatch.setenv("SUDO_UID", "65534")
    monkeypatch.setenv("SUDO_GID", "65534")
    r = drill_cli("cohort", f"{homes}/ann/results", "--html", "--no-open", "--results", str(tmp_path / "mine"))
    page = Path(r.out.strip())
    assert (page.stat().st_uid, page.parent.stat().st_uid, page.stat().st_mode & 0o777) == (65534, 65534, 0o600)
