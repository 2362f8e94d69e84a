"""``runner.progress.focus``: the learner's weakest kinds, and a built-in dataset that has them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from runner.grading.thresholds import resolve_thresholds
from runner.progress import focus
from tests.test_stats import cli, graded_log

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    return graded_log(tmp_path_factory)


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("focus-cache")


def test_weak_kinds_are_the_most_missed(log):
    missed = Counter(m["kind"] for g in log.grades.values() for m in g["missed"])
    weak = focus.weak_kinds(log.results, n=2)
    assert len(weak) == 2 and [missed[k] for k in weak] == sorted(missed.values(), reverse=True)[:2]


def test_weak_kinds_of_an_empty_log(tmp_path):
    assert focus.weak_kinds(tmp_path) == []


def test_pick_has_the_weakest_kind_when_grading_a_drill_on_it(tmp_path, cache):
    dataset, matched = focus.pick_for(["duplicates", "correlated"], level=3, seed=7, cache_dir=cache)
    assert matched[0] == "duplicates"
    nb = cli("start", "--dataset", dataset, "--results", str(tmp_path), "--no-open").strip().splitlines()[-1]
    grade = json.loads(cli("grade", nb, "--json"))
    assert "duplicates" in {m["kind"] for m in grade["missed"]}


def test_weakest_kind_outweighs_the_others(cache):
    dataset, matched = focus.pick_for(["zeros", "correlated", "outliers"], level=3, seed=1, cache_dir=cache)
    assert matched[0] == "zeros"
    assert focus.read_cache(cache / focus.CACHE_FILE, focus._fingerprint(resolve_thresholds()))[dataset]["kinds"][
        "zeros"] >= 1


def test_cached_pick_needs_no_profiling(cache, monkeypatch):
    first = focus.pick_for(["zeros", "correlated"], level=3, seed=1, cache_dir=cache)
    monkeypatch.setattr(focus, "dataset_kinds", lambda *a: pytest.fail("profiled a cached dataset"))
    assert focus.pick_for(["zeros", "correlated"], level=3, seed=1, cache_dir=cache) == first


def test_a_kind_no_dataset_has_matches_nothing(cache):
    dataset, matched = focus.pick_for(["infinite"], level=3, seed=1, cache_dir=cache)
    assert matched == [] and dataset.startswith("builtin:")


def test_excluded_datasets_are_never_picked(cache):
    first, _ = focus.pick_for(["zeros"], level=3, seed=1, cache_dir=cache)
    again, matched = focus.pick_for(["zeros"], level=3, seed=1, cache_dir=cache, exclude=[first])
    assert again != first and matched == ["zeros"]


def test_history_of_kinds_leaves_out_the_current_drill(log):
    current = log.notebooks[2].parent.name
    missed = Counter(m["kind"] for d, g in log.grades.items() if d != current for m in g["missed"])
    history = focus.history_of_kinds(log.results, ["missing", "infinite"], exclude=current)
    assert history["missing"]["missed"] == missed["missing"]
    assert history["infinite"] == {"missed": 0, "found": 0, "notable": 0, "drills": 0}


def test_describe_history_sets_this_drill_next_to_the_past():
    history = {"missing": {"missed": 2, "found": 1, "notable": 4, "drills": 3}}
    assert focus.describe_history({"missing": 1, "zeros": 2}, history) == [
        "missing: missed 1 time(s) here; before this drill you missed it 2 time(s) and found it 1 time(s) in 3 drill(s)",
        "zeros: missed 2 time(s) here; the first time it came up in your drills",
    ]


def test_stale_cache_is_ignored(tmp_path):
    path = tmp_path / focus.CACHE_FILE
    path.write_text(json.dumps({"key": {"schema": 0}, "datasets": {"builtin:x/y": {"kinds": {"zeros": 1}}}}))
    assert focus.read_cache(path, focus._fingerprint(resolve_thresholds())) == {}


def test_excluding_every_dataset_allows_repeats(cache):
    dataset, _ = focus.pick_for(["zeros"], level=3, seed=1, cache_dir=cache, exclude=focus.candidates(3, 0))
    assert dataset in focus.candidates(3, 0)
