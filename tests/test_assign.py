"""``drill assign`` (the instructor publishes a drill) and ``drill start --assignment`` (a learner starts it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from log_support import query

DATASET, SEED = "builtin:sklearn/iris", 5


@pytest.fixture(scope="module")
def cohort(tmp_path_factory, module_cli) -> Path:
    folder = tmp_path_factory.mktemp("class") / "cohort"
    r = module_cli("assign", "--dataset", DATASET, "--seed", str(SEED), "--cohort", str(folder), "--name", "week1",
                   "--results", str(folder.parent / "instructor"))
    assert (r.code, r.out) == (0, "week1\n"), r.err
    assert "learners type: drill start --assignment week1" in r.err
    return folder


@pytest.fixture(scope="module")
def started(cohort, tmp_path_factory, module_cli) -> tuple[Path, str]:
    """A learner's drill from the assignment; the cohort folder comes from $DRILL_COHORT."""
    results = tmp_path_factory.mktemp("alice") / "results"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DRILL_COHORT", str(cohort))
        r = module_cli("start", "--assignment", "week1", "--results", str(results), "--no-open")
    assert r.code == 0, r.err
    return results, Path(r.last_line).parent.name


def test_the_assignment_file_says_what_to_drill(cohort):
    published = json.loads((cohort / "assignments" / "week1.json").read_text())
    assert {k: published[k] for k in ("name", "dataset", "seed", "spec", "level")} == {
        "name": "week1", "dataset": DATASET, "seed": SEED, "spec": "eda-2h", "level": 1}


def test_the_assignment_is_readable_by_the_class(cohort):
    modes = [p.stat().st_mode & 0o777 for p in (cohort, cohort / "assignments", cohort / "assignments" / "week1.json")]
    assert modes == [0o755, 0o755, 0o644]


def test_the_learner_gets_the_assigned_dataset_seed_and_spec(started):
    results, drill_id = started
    assert query(results, "SELECT id, dataset_id, seed, spec FROM drills") == [(drill_id, DATASET, SEED, "eda-2h")]


def test_the_drill_is_recorded_with_its_assignment(cohort, started):
    results, drill_id = started
    assert query(results, "SELECT drill_id, name, cohort FROM assignments") == [(drill_id, "week1", str(cohort))]


def test_starting_it_again_points_at_the_drill(cohort, started, drill_cli):
    results, drill_id = started
    r = drill_cli("start", "--assignment", "week1", "--cohort", str(cohort), "--results", str(results), "--no-open")
    assert (r.code, r.err) == (2, f"drill: error: you started assignment week1 already (drill {drill_id}) "
                                  f"(`drill open {drill_id}` reopens it)\n")


def test_an_unknown_assignment_suggests_the_published_ones(cohort, drill_cli, tmp_path):
    r = drill_cli("start", "--assignment", "week2", "--cohort", str(cohort), "--results", str(tmp_path), "--no-open")
    assert (r.code, r.err) == (2, f"drill: error: no assignment 'week2' in {cohort} (did you mean week1?)\n")


def test_no_cohort_folder_is_one_line(drill_cli, monkeypatch, tmp_path):
    monkeypatch.delenv("DRILL_COHORT", raising=False)
    r = drill_cli("start", "--assignment", "week1", "--results", str(tmp_path), "--no-open")
    assert (r.code, r.err) == (2, "drill: error: no cohort folder given (pass --cohort DIR or set DRILL_COHORT "
                                  "(on a class hub it is set for you))\n")


@pytest.mark.parametrize("extra", [["--dataset", DATASET], ["--seed", "3"], ["--spec", "other"], ["--level", "2"]])
def test_the_assignment_fixes_the_drill(cohort, drill_cli, tmp_path, extra):
    r = drill_cli("start", "--assignment", "week1", "--cohort", str(cohort), *extra, "--results", str(tmp_path))
    assert r.code == 2 and r.err.startswith("drill: error: --assignment fixes the dataset, seed and spec")


def test_cohort_alone_is_refused(cohort, drill_cli, tmp_path):
    r = drill_cli("start", "--cohort", str(cohort), "--results", str(tmp_path), "--no-open")
    assert r.code == 2 and r.err.startswith("drill: error: --cohort goes with --assignment")


def test_a_garbled_assignment_is_one_line(cohort, drill_cli, tmp_path):
    (cohort / "assignments" / "broken.json").write_text("{not json")
    r = drill_cli("start", "--assignment", "broken", "--cohort", str(cohort), "--results", str(tmp_path))
    assert r.code == 2 and "assignment 'broken' in" in r.err and "is not valid JSON" in r.err


def test_an_assignment_with_a_wrong_seed_is_one_line(cohort, drill_cli, tmp_path):
    published = json.loads((cohort / "assignments" / "week1.json").read_text())
    (cohort / "assignments" / "odd.json").write_text(json.dumps({**published, "name": "odd", "seed": "five"}))
    r = drill_cli("start", "--assignment", "odd", "--cohort", str(cohort), "--results", str(tmp_path))
    assert (r.code, r.err) == (2, f"drill: error: assignment 'odd' in {cohort} is not one `drill assign` wrote "
                                  "(ask your instructor to publish it again)\n")


def test_publishing_a_name_twice_is_refused(cohort, drill_cli):
    r = drill_cli("assign", "--dataset", DATASET, "--seed", "9", "--cohort", str(cohort), "--name", "week1")
    assert (r.code, r.err) == (2, f"drill: error: assignment week1 already exists in {cohort} "
                                  "(learners may have started it: choose another --name)\n")


def test_an_unknown_dataset_is_refused_before_anything_is_published(cohort, drill_cli):
    r = drill_cli("assign", "--dataset", "builtin:sklearn/irs", "--cohort", str(cohort), "--name", "typo")
    assert r.code == 2 and "unknown dataset id 'builtin:sklearn/irs'" in r.err
    assert not (cohort / "assignments" / "typo.json").exists()


def test_a_bad_name_is_refused(cohort, drill_cli):
    r = drill_cli("assign", "--dataset", DATASET, "--seed", "1", "--cohort", str(cohort), "--name", "../up")
    assert r.code == 2 and r.err.startswith("drill: error: '../up' is not an assignment name")


def test_the_default_name_is_the_dataset_and_seed(cohort, drill_cli):
    r = drill_cli("assign", "--dataset", DATASET, "--seed", "77", "--cohort", str(cohort))
    assert (r.code, r.out) == (0, "iris-77\n") and (cohort / "assignments" / "iris-77.json").is_file()
