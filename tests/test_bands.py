"""Verdicts in strength bands with significance (issue #11), on frames built here whose truth is known.

Every band edge is tested where it lies: the frame's measured value is put exactly on the edge (the
edge's own side) and one float step past it, so an off-by-one in ``>=`` versus ``>`` cannot pass.
p-values are recomputed independently with scipy.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from runner.grading import bands
from runner.grading.judges import evaluate, verdict_of
from runner.grading.thresholds import DEFAULT_THRESHOLDS, resolve_thresholds
from runner.profile import build_facts

T = DEFAULT_THRESHOLDS
UP = math.inf


def above(x: float) -> float:
    return math.nextafter(x, UP)


def verdict(facts: dict, kind: str, columns: list[str], t=T, qualifier: str | None = None,
            percent: float | None = None, **claim) -> str:
    return verdict_of(evaluate(kind, columns, facts, t, qualifier, percent, **claim), claim.get("negated", False))


# -- the verdict rule itself --------------------------------------------------------------------------

# observed band, accepted bands, significant -> verdict (correlation scale: 0 negligible .. 3 strong)
@pytest.mark.parametrize(("observed", "accepted", "significant", "expected"), [
    (2, {2, 3}, True, "confirmed"),      # "correlated" at a moderate, significant correlation
    (1, {2, 3}, True, "partly"),         # ... at a weak one: there, but weaker than claimed
    (3, {2, 3}, False, "inconclusive"),  # strong but not significant: too few rows to tell
    (0, {2, 3}, True, "refuted"),        # negligible
    (0, {2, 3}, False, "refuted"),
    (3, {1}, True, "partly"),            # "weakly correlated" at a strong correlation: stronger than claimed
    (0, {0}, False, "confirmed"),        # "uncorrelated" at a negligible correlation
    (1, {0}, True, "partly"),            # ... at a weak, significant one
    (1, {0}, False, "inconclusive"),     # ... at a weak one that may be chance
    (2, {0}, True, "refuted"),           # ... at a moderate, significant one
    (2, {0, 1, 2}, False, "confirmed"),  # "not strongly correlated" at a moderate one
    (2, {2, 3}, None, "confirmed"),      # no test applies: the measure is taken as it is
])
def test_band_verdicts(observed, accepted, significant, expected):
    assert bands.verdict(observed, accepted, significant) == expected


@pytest.mark.parametrize(("strength", "negated", "accepted"), [
    (None, False, {2, 3}), ("weak", False, {1}), ("moderate", False, {2}), ("strong", False, {3}),
    (None, True, {0}), ("strong", True, {0, 1, 2}),
])
def test_what_a_claim_accepts(strength, negated, accepted):
    assert bands.target(bands.CORRELATION, strength, negated) == accepted


@pytest.mark.parametrize(("verdicts", "expected"), [
    (["confirmed", "confirmed"], "confirmed"), (["confirmed", "refuted"], "partly"), (["refuted", "inconclusive"],
     "refuted"), (["inconclusive", "inconclusive"], "inconclusive"), (["partly", "confirmed"], "partly"),
])
def test_a_claim_about_several_columns(verdicts, expected):
    assert bands.combine(verdicts) == expected


@pytest.mark.parametrize(("p", "text"), [(0.0004, "p < 0.001"), (0.012, "p = 0.012"), (0.07, "p = 0.07"),
                                         (0.43, "p = 0.43"), (None, "no test")])
def test_p_values_read_as_a_reader_expects(p, text):
    assert bands.fmt_p(p) == text


# -- correlated ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def moderate() -> dict:
    """rho about -0.42 over 110 rows: the issue's "refuted" moderate, highly significant correlation."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=110)
    return build_facts(pd.DataFrame({"x": x, "y": -0.5 * x + rng.normal(size=110)}))


def test_a_moderate_significant_correlation_is_confirmed(moderate):
    # it was "refuted" below the single cut-off |r| >= 0.5 before issue #11
    assert verdict(moderate, "correlated", ["x", "y"]) == "confirmed"


def test_no_correlation_is_refuted_by_a_moderate_one(moderate):
    # the mirror error: "not correlated" only meant "below 0.5" before issue #11
    assert verdict(moderate, "correlated", ["x", "y"], negated=True) == "refuted"


@pytest.mark.parametrize(("claim", "expected"), [
    ({"strength": "strong"}, "partly"), ({"strength": "moderate"}, "confirmed"), ({"strength": "weak"}, "partly"),
    ({"qualifier": "negative"}, "confirmed"), ({"qualifier": "positive"}, "refuted"),
    ({"strength": "strong", "negated": True}, "confirmed"),
])
def test_a_claim_is_graded_against_its_own_band(moderate, claim, expected):
    assert verdict(moderate, "correlated", ["x", "y"], **claim) == expected


def test_the_p_value_is_spearmans_test(moderate):
    pair = moderate["correlations"][0]
    frame_p = stats.spearmanr(*_moderate_frame()).pvalue
    assert pair["p_value"] == pytest.approx(frame_p, rel=1e-3)


def _moderate_frame() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    x = rng.normal(size=110)
    return x, -0.5 * x + rng.normal(size=110)


# the edge under test sits on the measured |rho|; the others out of the way
@pytest.mark.parametrize(("edge", "others", "on", "past"), [
    ("correlation_weak", {"correlation_moderate": 0.99, "correlation": 0.99, "collinear": 1}, "weak", "negligible"),
    ("correlation_moderate", {"correlation_weak": 0.0, "correlation": 0.99, "collinear": 1}, "moderate", "weak"),
    ("correlation", {"correlation_weak": 0.0, "correlation_moderate": 0.0}, "strong", "moderate"),
])
def test_correlation_band_edges_are_inclusive(moderate, edge, others, on, past):
    size = abs(moderate["correlations"][0]["value"])
    at, beyond = resolve_thresholds({**others, edge: size}), resolve_thresholds({**others, edge: above(size)})
    assert (evaluate("correlated", ["x", "y"], moderate, at).strength,
            evaluate("correlated", ["x", "y"], moderate, beyond).strength) == (on, past)


def test_significance_edge_is_strict(moderate):
    p = moderate["correlations"][0]["p_value"]
    at, past = resolve_thresholds({"alpha": p}), resolve_thresholds({"alpha": above(p)})
    assert (verdict(moderate, "correlated", ["x", "y"], at), verdict(moderate, "correlated", ["x", "y"], past)) == (
        "inconclusive", "confirmed")


def test_a_strong_correlation_in_twelve_rows_is_inconclusive():
    x = np.arange(12.0)
    y = np.array([4, 1, 7, 2, 0, 8, 11, 3, 6, 5, 9, 10], dtype=float)  # rho 0.55, p 0.07
    facts = build_facts(pd.DataFrame({"x": x, "y": y}))
    rho, p = stats.spearmanr(x, y)
    assert (round(rho, 2), p > 0.05) == (0.55, True)
    assert verdict(facts, "correlated", ["x", "y"]) == "inconclusive"


# -- skewed --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shapes() -> dict:
    rng = np.random.default_rng(4)
    return build_facts(pd.DataFrame({"lognormal": rng.lognormal(0, 1, 400), "normal": rng.normal(size=400),
                                     "gamma": rng.gamma(16, size=400), "few": [1.0, 2, 3, 10, np.nan] * 80}))


@pytest.mark.parametrize(("column", "claim", "expected"), [
    ("lognormal", {}, "confirmed"), ("lognormal", {"strength": "strong", "qualifier": "right"}, "confirmed"),
    ("lognormal", {"strength": "weak"}, "partly"), ("lognormal", {"qualifier": "left"}, "refuted"),
    ("normal", {}, "refuted"), ("normal", {"negated": True}, "confirmed"),
    ("gamma", {"strength": "weak"}, "confirmed"),  # gamma(16): skewness 0.5, the moderate band ("slightly skewed")
])
def test_skewness_bands(shapes, column, claim, expected):
    assert verdict(shapes, "skewed", [column], **claim) == expected


def test_skewness_test_is_dagostinos(shapes):
    rng = np.random.default_rng(4)
    values = rng.lognormal(0, 1, 400)
    assert shapes["columns"]["lognormal"]["numeric"]["skewness_p"] == pytest.approx(stats.skewtest(values).pvalue,
                                                                                      rel=1e-3, abs=1e-300)


def test_skewness_edges(shapes):
    skew = abs(shapes["columns"]["gamma"]["numeric"]["skewness"])
    moderate_on = resolve_thresholds({"skewness_moderate": skew, "skewness": 10})
    moderate_off = resolve_thresholds({"skewness_moderate": above(skew), "skewness": 10})
    strong_at = resolve_thresholds({"skewness_moderate": 0, "skewness": skew})  # strong is strictly above
    strong_below = resolve_thresholds({"skewness_moderate": 0, "skewness": math.nextafter(skew, 0)})
    got = [evaluate("skewed", ["gamma"], shapes, t).strength for t in (moderate_on, moderate_off, strong_at, strong_below)]
    assert got == ["moderate", "symmetric", "moderate", "strong"]


def test_too_few_values_to_test_skewness_is_inconclusive():
    facts = build_facts(pd.DataFrame({"v": [1.0, 1.2, 1.1, 9.0, 1.3, 1.0]}))
    assert verdict(facts, "skewed", ["v"]) == "inconclusive"


# -- imbalanced ----------------------------------------------------------------------------------------

def _levels(*shares: int) -> list[str]:
    return [value for i, share in enumerate(shares) for value in [f"level{i}"] * share]


@pytest.fixture(scope="module")
def levels() -> dict:
    n = 1300
    return build_facts(pd.DataFrame({
        "c": _levels(572, 468, 260),  # 44 / 36 / 20 % over 1,300 rows: the "balanced" case
        "even": _levels(434, 433, 433), "skewed": _levels(1170, 65, 65),
        "x": np.arange(n, dtype=float)}))


@pytest.mark.parametrize(("column", "claim", "expected"), [
    ("c", {"negated": True}, "refuted"),     # "C is balanced" was confirmed at 44/36/20 before issue #11
    ("c", {}, "confirmed"),                  # moderately imbalanced
    ("c", {"strength": "strong"}, "partly"),
    ("even", {"negated": True}, "confirmed"), ("even", {}, "refuted"),
    ("skewed", {"strength": "strong"}, "confirmed"), ("skewed", {"negated": True}, "refuted"),
])
def test_balance_bands(levels, column, claim, expected):
    assert verdict(levels, "imbalanced", [column], **claim) == expected


def test_balance_edges(levels):
    ratio = levels["columns"]["c"]["balance"]["ratio"]
    balanced_on = resolve_thresholds({"balanced": ratio, "imbalance_moderate": 0})
    balanced_off = resolve_thresholds({"balanced": above(ratio), "imbalance_moderate": 0})
    slight_on = resolve_thresholds({"imbalance_moderate": ratio, "balanced": 1})
    slight_off = resolve_thresholds({"imbalance_moderate": above(ratio), "balanced": 1})
    got = [evaluate("imbalanced", ["c"], levels, t).strength for t in (balanced_on, balanced_off, slight_on, slight_off)]
    assert got == ["balanced", "slight", "slight", "moderate"]


def test_strong_imbalance_edge_is_strict(levels):
    score = levels["columns"]["skewed"]["imbalance"]
    at, below = resolve_thresholds({"imbalance": score}), resolve_thresholds({"imbalance": math.nextafter(score, 0)})
    assert (evaluate("imbalanced", ["skewed"], levels, at).strength,
            evaluate("imbalanced", ["skewed"], levels, below).strength) == ("moderate", "strong")


def test_a_small_uneven_sample_is_inconclusive_about_balance():
    facts = build_facts(pd.DataFrame({"c": _levels(6, 4, 2), "x": np.arange(12.0)}))
    assert (verdict(facts, "imbalanced", ["c"]), verdict(facts, "imbalanced", ["c"], negated=True)) == (
        "inconclusive", "inconclusive")


# -- missing: "about P%" and counts ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def gappy() -> dict:
    values = np.arange(200.0)
    values[:40] = np.nan  # exactly 20% missing
    return build_facts(pd.DataFrame({"v": values, "w": np.arange(200.0)}))


# 20% measured; "about P%" holds within max(0.2 x P, 2 points), partly within twice that
@pytest.mark.parametrize(("percent", "count", "expected"), [
    (20, None, "confirmed"), (24, None, "confirmed"), (17, None, "confirmed"),  # 4 <= 4.8; 3 <= 3.4 points
    (16, None, "partly"), (30, None, "partly"),  # 4 <= 2 x 3.2; 10 <= 2 x 6 points
    (13, None, "refuted"), (35, None, "refuted"),  # 7 > 2 x 2.6; 15 > 2 x 7 points
    (None, 40, "confirmed"), (None, 80, "refuted"),  # 40 rows of 200 is 20%; 80 rows is 40%
])
def test_about_a_share(gappy, percent, count, expected):
    assert verdict(gappy, "missing", ["v"], qualifier="about", percent=percent, count=count) == expected


def test_about_tolerance_edge_is_inclusive(gappy):
    # 20% measured; claimed 25% with a tolerance of 5 points exactly (relative 0.2 of 25%)
    t = resolve_thresholds({"about_relative": 0.2, "about_absolute": 0.0})
    assert verdict(gappy, "missing", ["v"], t, "about", 25) == "confirmed"
    assert verdict(gappy, "missing", ["v"], resolve_thresholds({"about_relative": 0.19, "about_absolute": 0}),
                   "about", 25) == "partly"


def test_a_claim_on_several_columns_is_partly_right_when_only_some_hold(gappy):
    assert verdict(gappy, "missing", ["v", "w"]) == "partly"


# -- outliers ------------------------------------------------------------------------------------------

def _bulk(n: int = 400, seed: int = 5) -> np.ndarray:
    return np.random.default_rng(seed).uniform(10, 20, n)


@pytest.mark.parametrize(("extremes", "expected"), [
    ([60.0, 70.0, 80.0], True),  # three values far above a 10-20 bulk in 400 rows: under 1%, still outliers
    ([], False),
])
def test_outliers_are_extreme_points_or_a_share(extremes, expected):
    values = np.concatenate([_bulk(400 - len(extremes)), extremes])
    assert evaluate("outliers", ["v"], build_facts(pd.DataFrame({"v": values})), T).holds is expected


def test_a_value_on_the_outer_fence_is_not_beyond_it():
    bulk = _bulk()
    q1, q3 = np.quantile(np.append(bulk, 1e9), [0.25, 0.75])  # the quartiles once one more value tops the bulk
    fence = q3 + 3 * (q3 - q1)
    on, past = np.append(bulk, fence), np.append(bulk, above(fence) + 1e-9)
    got = [build_facts(pd.DataFrame({"v": v}))["columns"]["v"]["numeric"]["outliers"]["extreme"] for v in (on, past)]
    assert got == [0, 1]


def test_a_mostly_zero_column_is_fenced_on_its_other_values():
    rng = np.random.default_rng(6)
    values = np.where(rng.random(500) < 0.84, 0.0, rng.uniform(1, 5, 500))  # 84% zeros, the rest 1..5
    facts = build_facts(pd.DataFrame({"v": values}))
    fences = facts["columns"]["v"]["numeric"]["outliers"]
    assert (fences["basis"], fences["count"], evaluate("outliers", ["v"], facts, T).holds) == ("non_mode", 0, False)


# -- missing together ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def together() -> dict:
    rng = np.random.default_rng(8)
    a, b, c = rng.normal(size=(3, 300))
    gone = rng.random(300) < 0.2
    a[gone], b[gone] = np.nan, np.nan
    c[rng.random(300) < 0.2] = np.nan  # missing on its own
    b[~gone & (rng.random(300) < 0.03)] = np.nan
    return build_facts(pd.DataFrame({"a": a, "b": b, "c": c, "d": rng.normal(size=300)}))


@pytest.mark.parametrize(("columns", "claim", "expected"), [
    (["a", "b"], {}, "confirmed"), (["a", "c"], {}, "refuted"), (["a", "c"], {"negated": True}, "confirmed"),
    (["a", "d"], {}, "refuted"),  # d is never missing
    (["a", "b", "c"], {}, "partly"),  # one pair of three holds
])
def test_missing_together(together, columns, claim, expected):
    assert verdict(together, "missing_together", columns, **claim) == expected


def test_missing_together_is_phi_of_the_missing_indicators(together):
    pair = next(p for p in together["dataset"]["missing_patterns"]["pairs"] if set(p["columns"]) == {"a", "b"})
    rng = np.random.default_rng(8)
    a, b, _ = rng.normal(size=(3, 300))
    gone = rng.random(300) < 0.2
    rng.random(300)
    b_gone = gone | (~gone & (rng.random(300) < 0.03))
    assert pair["phi"] == pytest.approx(np.corrcoef(gone.astype(float), b_gone.astype(float))[0, 1], abs=1e-6)


# -- evidence as a sentence ----------------------------------------------------------------------------

def test_evidence_reads_as_a_sentence_with_value_band_and_test(moderate):
    evidence = evaluate("correlated", ["x", "y"], moderate, T)
    assert evidence.detail.startswith("x and y: rho -0.42 over 110 rows, moderate, p < 0.001")
    assert (evidence.strength, evidence.p_value < 0.001, evidence.test) == ("moderate", True, "t test of Spearman's rho")


def test_the_bands_used_are_in_the_evidence(moderate):
    t = resolve_thresholds({"correlation_moderate": 0.35, "correlation": 0.6})
    assert ">= 0.35 moderate, >= 0.6 strong" in evaluate("correlated", ["x", "y"], moderate, t).detail


def test_edges_out_of_order_are_refused():
    from runner.errors import BadInput

    with pytest.raises(BadInput, match="'correlation_moderate' .* must not exceed 'correlation'"):
        resolve_thresholds({"correlation_moderate": 0.6, "correlation": 0.5})


# -- the kinds without bands: each threshold's edge, on its own side -----------------------------------

@pytest.fixture(scope="module")
def plain() -> dict:
    rng = np.random.default_rng(9)
    zeros = rng.normal(size=200)
    zeros[:30] = 0.0  # 15% zeros
    gaps = rng.normal(size=200)
    gaps[:10] = np.nan  # 5% missing
    ratio = rng.normal(size=200)
    ratio[:2] = np.inf
    frame = pd.DataFrame({"zeros": zeros, "gaps": gaps, "ratio": ratio, "id": np.arange(200),
                          "few": np.arange(200) % 4, "city": [f"c{i % 60}" for i in range(200)],
                          "flat": rng.uniform(size=200), "one": 7})
    return build_facts(pd.concat([frame, frame.iloc[:3]], ignore_index=True))  # 3 duplicate rows


MEASURED = {  # kind -> the measure its threshold is compared with
    "zeros": lambda f: f["columns"]["zeros"]["numeric"]["zeros_share"],
    "missing": lambda f: f["columns"]["gaps"]["missing_share"],
    "infinite": lambda f: f["columns"]["ratio"]["numeric"]["infinite"],
    "constant": lambda f: f["columns"]["few"]["distinct"],
    "high_cardinality": lambda f: f["columns"]["city"]["distinct"],
    "duplicates": lambda f: f["dataset"]["duplicate_rows"],
}


# kind, column, threshold key, how the measure meets it; the threshold is put on the measure, then one step
# past it (a float step, or 1 for counts) in the direction that changes the answer
@pytest.mark.parametrize(("kind", "column", "key", "rule"), [
    ("zeros", "zeros", "zeros", ">="), ("missing", "gaps", "missing", ">"), ("infinite", "ratio", "infinite", ">"),
    ("constant", "few", "constant", "<="), ("high_cardinality", "city", "high_cardinality", ">"),
    ("duplicates", None, "duplicates", ">="),
])
def test_threshold_edges_of_plain_kinds(plain, kind, column, key, rule):
    measure = MEASURED[kind](plain)
    integer = isinstance(measure, int)
    if rule in (">=", "<="):  # holds on the edge, not one step past it
        past = (measure + 1 if integer else above(measure)) if rule == ">=" else measure - 1
        expected = [True, False]
    else:  # ">": fails on the edge, holds one step below it
        past = measure - 1 if integer else math.nextafter(measure, 0)
        expected = [False, True]
    columns = [] if column is None else [column]
    assert [evaluate(kind, columns, plain, resolve_thresholds({key: v})).holds for v in (measure, past)] == expected


def test_unique_and_uniform_edges(plain):
    distance = plain["columns"]["flat"]["uniform"]["distance"]
    share = plain["columns"]["id"]["distinct_share"]  # 200 distinct of 203 (three repeated rows)
    got = [evaluate("uniform", ["flat"], plain, resolve_thresholds({"uniform": d})).holds
           for d in (distance, math.nextafter(distance, 0))]
    got += [evaluate("unique", ["id"], plain, resolve_thresholds({"unique": u})).holds for u in (share, above(share))]
    assert got == [True, False, True, False]


def test_a_share_beyond_the_inner_fences_is_outliers_from_its_threshold_on():
    values = np.append(np.linspace(10, 20, 97), [24.0, 25.0, 26.0])  # three values past the inner fence only
    facts = build_facts(pd.DataFrame({"v": values}))
    share = facts["columns"]["v"]["numeric"]["outliers"]["share"]
    assert facts["columns"]["v"]["numeric"]["outliers"]["extreme"] == 0
    assert [evaluate("outliers", ["v"], facts, resolve_thresholds({"outliers": s})).holds
            for s in (share, above(share))] == [True, False]


def test_missing_together_band_edge_is_inclusive(together):
    phi = next(p for p in together["dataset"]["missing_patterns"]["pairs"] if set(p["columns"]) == {"a", "b"})["phi"]
    others = {"correlation_weak": 0.0, "correlation_moderate": 0.0, "collinear": 1.0}
    at, beyond = resolve_thresholds({**others, "correlation": phi}), resolve_thresholds({**others, "correlation": above(phi)})
    assert (evaluate("missing_together", ["a", "b"], together, at).strength,
            evaluate("missing_together", ["a", "b"], together, beyond).strength) == ("strong", "moderate")
