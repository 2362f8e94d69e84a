"""A `missed` list worth reading (issue #11): one cause one finding, no barely-past-a-fence points,
correlation slots spread over blocks and kinds of coefficient, category codes reported as `type`,
a note on small samples, sensible duplicates, and the learner's own column names.  Frames built here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from runner.grading.grade import grade
from runner.grading.grammar import parse_markdown
from runner.grading.notable import notable, notes
from runner.grading.thresholds import DEFAULT_THRESHOLDS
from runner.profile import build_facts

pytestmark = pytest.mark.slow
T = DEFAULT_THRESHOLDS


def found(frame: pd.DataFrame) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.kind, tuple(f.columns)) for f in notable(build_facts(frame), T)]


def test_rows_missing_in_several_columns_are_one_finding():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(rng.normal(size=(300, 4)), columns=["a", "b", "c", "d"])
    frame.loc[[3, 77], ["a", "b", "c", "d"]] = np.nan  # the same two incomplete rows
    assert [f for f in found(frame) if f[0] in ("missing", "missing_together")] == [
        ("missing_together", ("a", "b", "c", "d"))]


def test_a_claim_about_one_of_the_columns_addresses_the_group():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(rng.normal(size=(300, 3)), columns=["a", "b", "c"])
    frame.loc[[3, 77], ["a", "b"]] = np.nan
    result = grade(parse_markdown("- a has missing values", list(frame.columns)), build_facts(frame), dict(T))
    assert ([m.kind for m in result.missed], result.score["predicted"]) == ([], 1)


def test_a_mostly_zero_column_is_one_zero_inflated_finding():
    rng = np.random.default_rng(2)
    visits = np.where(rng.random(400) < 0.7, 0.0, rng.lognormal(1, 1, 400))
    kinds = [kind for kind, columns in found(pd.DataFrame({"visits": visits})) if columns == ("visits",)]
    assert kinds == ["zeros"]


def test_a_point_barely_past_the_fence_is_no_outlier():
    """One point 0.04 past the inner fence in 60 rows (1.7% of them): not what an analyst names."""
    bulk = np.linspace(10, 20, 59)
    q1, q3 = np.quantile(np.append(bulk, 99), [0.25, 0.75])
    frame = pd.DataFrame({"v": np.append(bulk, q3 + 1.5 * (q3 - q1) + 0.04)})
    assert not [f for f in found(frame) if f[0] == "outliers"]


def test_a_far_point_is_an_outlier():
    frame = pd.DataFrame({"v": np.append(np.linspace(10, 20, 397), [60.0, 70.0, 80.0])})
    assert ("outliers", ("v",)) in found(frame)


def test_a_collinear_block_leaves_slots_for_other_pairs_and_kinds():
    rng = np.random.default_rng(3)
    base = rng.normal(size=400)
    block = {f"b{i}": base + rng.normal(scale=0.05, size=400) for i in range(6)}
    group = rng.choice(["u", "v", "w"], size=400)
    other = rng.normal(size=400)
    frame = pd.DataFrame({**block, "group": group, "score": np.choose(pd.factorize(group)[0], [0.0, 3, 6])
                          + rng.normal(size=400), "p": other, "q": other + rng.normal(scale=0.4, size=400)})
    pairs = [columns for kind, columns in found(frame) if kind == "correlated"]
    assert set(pairs[0]) == set(block)  # one finding for the block of six (fifteen pairs)
    assert {frozenset(("group", "score")), frozenset(("p", "q"))} <= {frozenset(c) for c in pairs}


def test_category_codes_stored_as_integers_are_a_type_finding():
    rng = np.random.default_rng(4)
    frame = pd.DataFrame({"cyl": rng.choice([4, 6, 8], size=200), "flag": rng.choice([0, 1], size=200),
                          "x": rng.normal(size=200)})
    types = [columns for kind, columns in found(frame) if kind == "type"]
    assert types == [("cyl",)]  # a 0/1 flag is fine as numbers


def test_a_small_sample_gets_a_note_first():
    facts = build_facts(pd.DataFrame({"a": np.arange(12.0), "b": np.arange(12.0) % 3}))
    result = grade([], facts, dict(T)).to_json({"state": "unsealed"})
    assert [n["kind"] for n in result["notes"]] == ["small_sample"] and "12 rows" in result["notes"][0]["detail"]


def test_no_note_from_30_rows():
    assert notes(build_facts(pd.DataFrame({"a": np.arange(30.0)})), T) == []


def test_repeats_of_a_few_categorical_columns_are_not_news_but_are_explained():
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"sex": rng.choice(["f", "m"], 400), "smoker": rng.choice(["yes", "no"], 400),
                          "day": rng.choice(["Thu", "Fri", "Sat"], 400)})
    facts = build_facts(frame)
    claim = grade(parse_markdown("- there are duplicate rows", list(frame.columns)), facts, dict(T)).verdicts[0]
    assert not [f for f in found(frame) if f[0] == "duplicates"]
    assert claim.verdict == "confirmed" and "12 possible combinations" in claim.evidence["detail"]


def test_real_duplicates_are_still_news():
    rng = np.random.default_rng(6)
    frame = pd.DataFrame({"a": rng.normal(size=200), "b": rng.choice(["u", "v"], 200)})
    assert ("duplicates", ()) in found(pd.concat([frame, frame.iloc[:20]], ignore_index=True))


def test_evidence_names_columns_as_the_learner_sees_them():
    """Issue #10 point 11: never the profiler's internal names (``index__2``)."""
    frame = pd.DataFrame({"index": np.arange(60), "v": np.arange(60) ** 2.0, "w": np.arange(60.0)})
    facts = build_facts(frame)
    result = grade(parse_markdown("- index and v are correlated\n- index is unique", ["index", "v", "w"]), facts,
                   dict(T)).to_json({"state": "unsealed"})
    text = str(result["hypotheses"]) + str(result["missed"])
    assert "index__2" in facts["columns"] and "__2" not in text and "index and v: rho" in text
