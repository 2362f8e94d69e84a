"""runner.profile: thresholds, the explicit configuration, facts on awkward frames, cache, background run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from runner import profile
from runner.errors import BadInput, ProfileError
from runner.grading.thresholds import DEFAULT_THRESHOLDS, resolve_thresholds
from runner.profile import build_facts, run
from runner.profile.config import settings_dict
from runner.profile.facts import safe_names

ROOT = Path(__file__).resolve().parents[1]


def test_drill_spec_grading_block_repeats_the_defaults():
    spec = yaml.safe_load((ROOT / "drills" / "eda-2h.yaml").read_text())
    assert spec["grading"] == DEFAULT_THRESHOLDS


def test_spec_values_override_defaults():
    assert resolve_thresholds({"correlation": 0.7})["correlation"] == 0.7


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"corelation": 0.7}, "unknown grading threshold 'corelation' in the drill spec (did you mean 'correlation'?)"),
        ({"zeros": 1.5}, "grading threshold 'zeros' must be a number from 0 to 1, got 1.5"),
        ({"duplicates": 2.5}, "grading threshold 'duplicates' must be a whole number, got 2.5"),
        ({"missing": "lots"}, "grading threshold 'missing' must be a number from 0 to 1, got 'lots'"),
    ],
)
def test_bad_thresholds_are_refused_in_one_line(overrides, message):
    with pytest.raises(BadInput) as caught:
        resolve_thresholds(overrides)
    assert caught.value.one_line() == message


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("interactions", "continuous"), False),
        (("missing_diagrams", "heatmap"), False),
        (("correlations", "auto", "calculate"), False),
        (("correlations", "auto", "threshold"), 0.5),
        (("infer_dtypes",), True),
        (("vars", "num", "low_categorical_threshold"), 5),
        (("samples", "head"), 0),
        (("progress_bar",), False),
    ],
)
def test_profile_configuration_is_pinned(path, expected):
    node = settings_dict(DEFAULT_THRESHOLDS)
    for key in path:
        node = node[key]
    assert node == expected


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["a", "a"], ["a", "a__2"]),
        ([0, 1.5], ["0", "1.5"]),
        (["a", "a", "a__2"], ["a", "a__3", "a__2"]),
        (["index", "# duplicates"], ["index__2", "# duplicates__2"]),
        (["", "b"], ["column_1", "b"]),
    ],
)
def test_safe_names_are_unique_strings(columns, expected):
    assert safe_names(columns) == expected


def test_importing_profile_does_not_import_pandas():
    code = "import sys, runner.profile; sys.exit('pandas' in sys.modules or 'data_profiling' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.slow
def test_one_row_frame_is_profiled():
    assert build_facts(pd.DataFrame({"a": [1.5], "b": ["x"]}))["dataset"]["rows"] == 1


@pytest.mark.slow
def test_empty_frame_is_a_profile_error():
    with pytest.raises(ProfileError, match="the dataset is empty"):
        build_facts(pd.DataFrame({"a": []}))


@pytest.mark.slow
def test_duplicate_and_non_string_names_are_renamed_and_recorded():
    frame = pd.DataFrame(np.arange(12.0).reshape(4, 3) ** 2, columns=[0, "a", "a"])
    facts = build_facts(frame)
    assert (list(facts["columns"]), facts["renamed"]) == (["0", "a", "a__2"], {"a__2": "a"})


@pytest.mark.slow
def test_reserved_names_do_not_crash_the_library():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"index": rng.normal(size=30), "df_index": rng.normal(size=30), "# duplicates": 1})
    assert list(build_facts(frame)["columns"]) == ["index__2", "df_index", "# duplicates__2"]


@pytest.mark.slow
def test_inf_values_do_not_drop_the_correlation_matrix():
    rng = np.random.default_rng(2)
    x = rng.normal(size=200)
    frame = pd.DataFrame({"x": x, "y": -x + rng.normal(scale=0.1, size=200)})
    frame.loc[5, "x"] = np.inf
    facts = build_facts(frame)
    (pair,) = facts["correlations"]
    assert (pair["value"] < -0.9, facts["columns"]["x"]["numeric"]["infinite"]) == (True, 1)


@pytest.mark.slow
def test_facts_survive_strict_json_for_awkward_columns():
    frame = pd.DataFrame({"empty": [np.nan] * 6, "lists": [[1], [2]] * 3, "mixed": [1, "x", 2.5, None, "y", 3],
                          "when": pd.date_range("2024-01-01", periods=6), "n": pd.array([1, None] * 3, dtype="Int64")})
    assert json.loads(json.dumps(build_facts(frame), allow_nan=False))["dataset"]["columns_all_missing"] == 1


@pytest.mark.slow
def test_duplicate_rows_count_repeats_not_distinct_groups():
    frame = pd.DataFrame({"a": [1, 1, 1, 2, 3], "b": ["x", "x", "x", "y", "z"]})
    facts = build_facts(frame)
    assert (facts["dataset"]["duplicate_rows"], facts["dataset"]["library_duplicate_rows"]) == (2, 1)


@pytest.fixture
def drill_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "drill"
    folder.mkdir()
    rng = np.random.default_rng(3)
    pd.DataFrame({"x": rng.normal(size=40), "g": rng.choice(["a", "b"], size=40)}).to_parquet(folder / "data.parquet")
    return folder


@pytest.fixture
def target(drill_dir: Path) -> profile.Profile:
    """A profile folder beside the snapshot (drills keep theirs in a private folder)."""
    return profile.Profile(drill_dir / "profile", drill_dir / "data.parquet")


def status_file(target: profile.Profile) -> Path:
    target.folder.mkdir(exist_ok=True)
    return target.status_file


@pytest.mark.slow
def test_write_profile_writes_facts_and_report(drill_dir: Path):
    written = profile.write_profile(drill_dir / "data.parquet", drill_dir)
    assert (json.loads(written.read_text())["dataset"]["rows"], (drill_dir / "profile.html").stat().st_size > 0) == (
        40, True)


@pytest.mark.slow
def test_cache_hit_copies_instead_of_profiling(drill_dir: Path, tmp_path: Path, monkeypatch):
    cache = tmp_path / "cache"
    profile.write_profile(drill_dir / "data.parquet", tmp_path / "first", cache_dir=cache)

    def refuse(*args, **kwargs):
        raise AssertionError("profiled again")

    monkeypatch.setattr("runner.profile.facts.profile", refuse)
    written = profile.write_profile(drill_dir / "data.parquet", tmp_path / "second", cache_dir=cache)
    assert written.read_bytes() == (tmp_path / "first" / "profile.json").read_bytes()


def test_cache_key_changes_with_thresholds(drill_dir: Path):
    snapshot = drill_dir / "data.parquet"
    assert profile.cache_key(snapshot, DEFAULT_THRESHOLDS) != profile.cache_key(
        snapshot, resolve_thresholds({"outlier_k": 3}))


@pytest.mark.slow
def test_background_run_finishes_done(target: profile.Profile, tmp_path: Path):
    target.start({"correlation": 0.6}, tmp_path / "cache")
    ticks: list[float] = []
    status = target.wait(timeout=120, on_tick=lambda record, elapsed: ticks.append(elapsed))
    assert (status["state"], target.facts.is_file(), len(ticks) > 1) == ("done", True, True)


def test_background_run_of_a_corrupt_snapshot_fails_in_one_line(target: profile.Profile):
    target.snapshot.write_text("not parquet")
    target.start({})
    status = target.wait(timeout=60)
    assert (status["state"], status["error"].startswith("cannot read the snapshot"), "\n" in status["error"]) == (
        "failed", True, False)


def test_running_status_of_a_dead_process_counts_as_failed(target: profile.Profile):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    status_file(target).write_text(json.dumps({"state": "running", "pid": dead.pid}))
    assert "stopped without finishing" in target.status()["error"]


def test_a_held_lock_is_running_whatever_the_status_file_says(target: profile.Profile):
    status_file(target).write_text("{not json")
    with target.locked():
        assert target.wait(timeout=0.3, interval=0.05)["state"] == "running"


def test_a_second_run_in_the_same_folder_is_refused(target: profile.Profile):
    with target.locked(), pytest.raises(profile.ProfileBusy, match="already going"):
        profile.write_profile(target.snapshot, target.folder)


def test_a_valid_facts_file_is_the_truth_whatever_the_status_says(target: profile.Profile, tmp_path: Path):
    profile.write_profile(target.snapshot, tmp_path / "elsewhere")
    status_file(target).write_text(json.dumps({"state": "running", "pid": 999999}))
    (tmp_path / "elsewhere" / "profile.json").rename(target.facts)
    assert target.status()["state"] == "done"


def test_status_of_a_folder_never_profiled_is_missing(tmp_path: Path):
    assert profile.Profile(tmp_path, tmp_path / "data.parquet").status()["state"] == "missing"


def test_main_without_snapshot_exits_non_zero_and_records_why(tmp_path: Path, capsys):
    code = run.main([str(tmp_path)])
    record = json.loads((tmp_path / "profile.status.json").read_text())
    assert (code, record["state"], record["error"].startswith("no dataset snapshot")) == (1, "failed", True)


def test_background_process_is_detached(target: profile.Profile):
    target.snapshot.write_text("not parquet: fail fast")
    pid = target.start({})
    try:
        assert os.getsid(pid) == pid
    finally:
        target.wait(timeout=60)


def _sample(seed: int = 11, n: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = rng.choice(["u", "v", "w"], size=n)
    frame = pd.DataFrame({"a": rng.normal(size=n), "g": g,
                          "b": rng.integers(0, 6, size=n) + (g == "u") * 2.0,  # tied values, shifted by group
                          "h": np.where((g == "u") ^ (rng.random(n) < 0.3), "p", "q")})
    frame["c"] = frame["a"] + rng.normal(size=n)
    frame.loc[frame["a"] > 1, "c"] = np.nan  # missing not at random: per-pair ranking matters
    frame.loc[rng.random(n) < 0.2, "b"] = np.nan
    frame.loc[rng.random(n) < 0.1, "g"] = None
    return frame


def _found() -> dict[frozenset, dict]:
    from runner.profile.correlations import Roles, pairs

    found, _ = pairs(_sample(), Roles(["a", "b", "c"], ["g", "h"]))
    return {frozenset(p["columns"]): p for p in found}


def _pairs() -> dict[frozenset, float]:
    return {columns: p["value"] for columns, p in _found().items()}


def test_spearman_is_exact_pairwise_complete():
    expected = _sample()[["a", "b", "c"]].corr(method="spearman")
    assert _pairs()[frozenset({"b", "c"})] == pytest.approx(expected.loc["b", "c"], abs=1e-6)


def test_spearman_matches_pandas_on_every_path(monkeypatch):
    """Complete and incomplete columns, with and without ties, in blocks smaller than the frame:
    every pair equals pandas' pairwise-complete Spearman."""
    from runner.profile import ranking
    from runner.profile.correlations import Roles, pairs

    rng = np.random.default_rng(11)
    n = 300
    frame = pd.DataFrame({f"c{j}": rng.normal(size=n) for j in range(6)})
    frame["tied"] = rng.integers(0, 5, size=n).astype(float)
    frame["tied_gaps"] = rng.integers(0, 4, size=n).astype(float)
    frame["linked"] = frame["c0"] * 2 + rng.normal(size=n)
    for name, share in (("c1", 0.1), ("c2", 0.3), ("tied_gaps", 0.2), ("linked", 0.05)):
        frame.loc[rng.random(n) < share, name] = np.nan
    names = list(frame.columns)
    monkeypatch.setattr(ranking, "BLOCK_VALUES", 2 * n)  # blocks of two columns: the seams are crossed too
    found, _ = pairs(frame, Roles(names, []))
    expected = frame.corr(method="spearman")
    assert len(found) == len(names) * (len(names) - 1) // 2
    for pair in found:
        a, b = pair["columns"]
        assert pair["value"] == pytest.approx(expected.loc[a, b], abs=1e-6), (a, b)
        assert pair["n"] == int((frame[a].notna() & frame[b].notna()).sum())


def test_eta_matches_kruskal_wallis_on_every_path(monkeypatch):
    """Complete and incomplete ordered columns, tied or not, against groups with missing values,
    in blocks smaller than the frame: every eta and p-value from scipy's Kruskal-Wallis test."""
    from scipy.stats import kruskal

    from runner.profile import ranking
    from runner.profile.correlations import Roles, pairs

    rng = np.random.default_rng(12)
    n = 240
    group = rng.choice(["a", "b", "c"], size=n)
    frame = pd.DataFrame({"shifted": rng.normal(size=n) + (group == "b"), "noise": rng.normal(size=n),
                          "tied": rng.integers(0, 4, size=n).astype(float) + (group == "c"),
                          "gappy": rng.normal(size=n) - (group == "a"), "g": group,
                          "h": rng.choice(["x", "y"], size=n)})
    frame.loc[rng.random(n) < 0.15, "gappy"] = np.nan
    frame.loc[rng.random(n) < 0.1, "g"] = None
    monkeypatch.setattr(ranking, "BLOCK_VALUES", 2 * n)
    found, _ = pairs(frame, Roles(["shifted", "noise", "tied", "gappy"], ["g", "h"]))
    etas = [p for p in found if p["method"] == "eta"]
    assert len(etas) == 8
    for pair in etas:
        numeric, nominal = pair["columns"]
        both = frame[[numeric, nominal]].dropna()
        groups = [part[numeric].to_numpy() for _, part in both.groupby(nominal)]
        test, size, k = kruskal(*groups), len(both), len(groups)
        assert pair["n"] == size
        assert pair["value"] == pytest.approx(np.sqrt(max(0.0, (test.statistic - k + 1) / (size - k))), abs=1e-6)
        assert pair["p_value"] == pytest.approx(test.pvalue, rel=1e-3)


def test_eta_is_the_kruskal_wallis_effect_size():
    from scipy.stats import kruskal

    frame = _sample().dropna(subset=["b", "g"])
    groups = [group["b"].to_numpy() for _, group in frame.groupby("g")]
    h, n, k = kruskal(*groups).statistic, len(frame), len(groups)
    assert _pairs()[frozenset({"b", "g"})] == pytest.approx(np.sqrt(max(0.0, (h - k + 1) / (n - k))), abs=1e-6)
    assert _found()[frozenset({"b", "g"})]["p_value"] == pytest.approx(kruskal(*groups).pvalue, rel=1e-3)


def test_cramers_v_is_bias_corrected():
    from scipy.stats import chi2_contingency

    frame = _sample().dropna(subset=["g", "h"])
    table = pd.crosstab(frame["g"], frame["h"])
    n, (r, k) = len(frame), table.shape
    phi2 = max(0.0, chi2_contingency(table, correction=False)[0] / n - (k - 1) * (r - 1) / (n - 1))
    expected = np.sqrt(phi2 / min(k - (k - 1) ** 2 / (n - 1) - 1, r - (r - 1) ** 2 / (n - 1) - 1))
    assert _pairs()[frozenset({"g", "h"})] == pytest.approx(expected, abs=1e-6)
    assert _found()[frozenset({"g", "h"})]["p_value"] == pytest.approx(
        chi2_contingency(table, correction=False)[1], rel=1e-3)


HOLD_LOCK = ("import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
             "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(30)")


def test_a_second_start_while_another_process_runs_returns_its_pid(target: profile.Profile):
    status_file(target)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(target.lock)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        target.status_file.write_text(json.dumps({"state": "running", "pid": holder.pid}))
        assert (target.start({}), target.status()["state"]) == (holder.pid, "running")
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_holder_never_blocks_the_next_run(target: profile.Profile):
    status_file(target)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(target.lock)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    with target.locked():
        assert target.running()


def _types(frame: pd.DataFrame, **kwargs) -> dict:
    from data_profiling import ProfileReport

    from runner.profile.config import profile_settings

    settings = profile_settings(DEFAULT_THRESHOLDS)
    variables = ProfileReport(frame, config=settings, **kwargs).get_description().variables
    return {name: (v["type"], v.get("n_distinct")) for name, v in variables.items()}


@pytest.mark.slow
def test_our_typeset_types_unambiguous_columns_like_the_library():
    from runner.profile.config import profile_settings
    from runner.profile.library import profiling_typeset

    frame = _sample().assign(yn=lambda f: np.where(f["a"] > 0, "yes", "no"))
    assert _types(frame, typeset=profiling_typeset(profile_settings(DEFAULT_THRESHOLDS))) == _types(frame)


@pytest.mark.slow
@pytest.mark.parametrize(("values", "expected"), [
    ([str(i % 8) for i in range(80)], "numeric"),  # the library flips between numeric and categorical
    ([f"2024-01-{i % 20 + 1:02d}" for i in range(80)], "datetime"),  # ... between datetime and categorical
])
def test_ambiguous_strings_are_typed_the_same_every_time(values, expected):
    frame = pd.DataFrame({"s": values})
    assert {build_facts(frame)["columns"]["s"]["type"] for _ in range(4)} == {expected}


@pytest.mark.slow
@pytest.mark.parametrize("wide", [False, True])
def test_a_wide_report_leaves_out_the_heatmap_and_per_column_plots(monkeypatch, wide):
    from runner.profile import config
    from runner.profile.facts import profile as profile_frame
    from runner.profile.library import quiet

    if wide:  # the same frame, counted as wide
        monkeypatch.setattr(config, "HEATMAP_MAX_COLUMNS", 2)
        monkeypatch.setattr(config, "PLOTS_MAX_COLUMNS", 2)
    rng = np.random.default_rng(4)
    x = rng.normal(size=200)
    frame = pd.DataFrame({"a": x, "b": x + rng.normal(size=200), "c": -x, "g": rng.choice(list("abc"), size=200)})
    _, report = profile_frame(frame, DEFAULT_THRESHOLDS)
    config.tune_report(report)
    with quiet([]):
        html = report.to_html()
    assert ("Heatmap" in html, "Histogram of lengths" in html) == (not wide, not wide)


@pytest.mark.slow
def test_report_sections_match_facts_made_by_another_process(target: profile.Profile):
    """The grade often computes the facts while the background run renders the report: two processes,
    two string-hash seeds.  Every column's anchor must still name its section in the report."""
    runs = ["from runner.profile import run; import sys; t = run.Profile(*map(run.Path, sys.argv[1:3]))",
            "run.execute(t, None, report=sys.argv[3] == 'report', fresh=sys.argv[3] == 'facts')"]
    target.folder.mkdir()
    for seed, step in (("1", "facts"), ("2", "report")):
        done = subprocess.run([sys.executable, "-c", "; ".join(runs), str(target.folder), str(target.snapshot), step],
                              env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
    anchors = [c["anchor"] for c in json.loads(target.facts.read_text())["columns"].values()]
    report = target.html.read_text(encoding="utf-8")
    assert len(anchors) == 2
    for anchor in anchors:
        assert re.search(rf"id=[\"']?{re.escape(anchor)}[\"'\s>]", report), anchor
