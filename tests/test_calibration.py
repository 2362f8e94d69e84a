"""Calibration of stated confidence: known forecasts and outcomes, scored by hand, through stats and the dashboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runner.progress import calibration
from runner.progress.calibration import Forecast, score
from runner.store import DrillRow, open_store

FIVE = [Forecast(0.9, 1), Forecast(0.9, 0), Forecast(0.7, 1), Forecast(0.6, 0.5), Forecast(0.2, 0)]


def test_brier_score_and_its_skill_against_always_saying_half():
    s = score(FIVE)
    # (0.1² + 0.9² + 0.3² + 0.1² + 0.2²) / 5 = 0.96 / 5; saying 50%: (4 x 0.25 + 0) / 5
    assert s["brier"] == pytest.approx(0.192) and s["reference"] == pytest.approx(0.2)
    assert s["skill"] == pytest.approx(1 - 0.192 / 0.2)


def test_overconfidence_is_mean_stated_minus_share_right():
    s = score(FIVE)
    assert (s["mean_confidence"], s["share_right"]) == (pytest.approx(0.66), pytest.approx(0.5))
    assert s["overconfidence"] == pytest.approx(0.16)


def test_bins_by_tenths_with_stated_observed_and_count():
    assert [(b["low"], b["count"], b["stated"], b["observed"]) for b in score(FIVE)["bins"]] == [
        (0.2, 1, 0.2, 0.0), (0.6, 1, 0.6, 0.5), (0.7, 1, 0.7, 1.0), (0.9, 2, 0.9, 0.5)]


def test_a_certain_forecast_lands_in_the_top_bin():
    assert score([Forecast(1.0, 1)])["bins"][0]["low"] == 0.9


@pytest.mark.parametrize("verdict, outcome", [("confirmed", 1.0), ("partly", 0.5), ("refuted", 0.0),
                                              ("inconclusive", None), ("ungradeable", None)])
def test_verdicts_as_outcomes(verdict, outcome):
    found = calibration.forecast(0.7, verdict)
    assert (found.outcome if found else None) == outcome


def test_under_twenty_forecasts_is_not_enough():
    s = score(FIVE * 3 + FIVE[:4])
    assert not s["enough"] and s["message"] == "not enough forecasts yet (19 of 20)"
    assert score(FIVE * 4)["enough"]


def test_the_line_under_the_verdicts():
    hypotheses = [{"confidence": 0.8, "verdict": "confirmed"}, {"confidence": 0.8, "verdict": "refuted"},
                  {"confidence": None, "verdict": "confirmed"}, {"confidence": 0.9, "verdict": "ungradeable"}]
    line = calibration.drill_line(hypotheses)
    assert "you said 80% on average and were right 50% of the time" in line and "overconfident by 30 points" in line


def test_the_line_asks_for_a_confidence_when_none_was_stated():
    assert "like (70%)" in calibration.drill_line([{"confidence": None, "verdict": "confirmed"}])


# -- through the log: two graded drills, 22 forecasts -----------------------------------------------------------


def hypothesis(kind: str, confidence: float | None, verdict: str) -> dict:
    return {"text": f"{kind} claim", "kind": kind, "columns": ["x"], "negated": False, "confidence": confidence,
            "verdict": verdict, "evidence": {"detail": "measured"}}


PLANS = {
    "20260101-000000-a": [hypothesis("missing", 0.8, "confirmed")] * 10 + [hypothesis("skewed", 0.8, "refuted")] * 5
    + [hypothesis("outliers", 0.9, "inconclusive"), hypothesis("type", 0.7, "ungradeable")]
    + [hypothesis("missing", None, "confirmed")] * 2,
    "20260102-000000-b": [hypothesis("skewed", 0.8, "refuted")] * 5 + [hypothesis("correlated", 0.6, "partly")] * 2,
}


def add_graded_drill(results: Path, drill_id: str, hypotheses: list[dict]) -> None:
    score_ = {"confirmed": 0, "refuted": 0, "ungradeable": 0, "missed": 0, "findings": 0, "predicted": 0,
              "precision": None, "recall": None, "per_kind": {}}
    grade = {"hypotheses": hypotheses, "missed": [], "score": score_, "sealed": True, "seal": {"state": "sealed"}}
    with open_store(results) as store:
        store.add_drill(DrillRow(drill_id, "builtin:sklearn/iris", "builtin", 1, "Iris", "eda-2h", 1, 150, 5,
                                 f"{drill_id}/{drill_id}.ipynb", f"{drill_id[:4]}-{drill_id[4:6]}-{drill_id[6:8]}T00:00:00"))
        store.save_grade(drill_id, "2026-01-03T00:00:00", grade)


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory) -> Path:
    results = tmp_path_factory.mktemp("calibrated") / "results"
    for drill_id, hypotheses in PLANS.items():
        add_graded_drill(results, drill_id, hypotheses)
    return results


@pytest.fixture(scope="module")
def stats_json(calibrated, module_cli) -> dict:
    r = module_cli("stats", "--json", "--results", str(calibrated))
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_stats_json_scores_every_forecast_of_the_log(stats_json):
    cal = stats_json["calibration"]
    # 20 at 80% (10 right), 2 at 60% partly right; the inconclusive and the ungradeable ones left out
    assert cal["forecasts"] == 22 and cal["enough"] and cal["message"] is None
    assert cal["brier"] == pytest.approx((10 * 0.2**2 + 10 * 0.8**2 + 2 * 0.1**2) / 22)
    assert cal["reference"] == pytest.approx(20 * 0.25 / 22)
    assert cal["overconfidence"] == pytest.approx((20 * 0.8 + 2 * 0.6) / 22 - 11 / 22)


def test_stats_json_bins(stats_json):
    assert [(b["low"], b["count"], b["observed"]) for b in stats_json["calibration"]["bins"]] == [
        (0.6, 2, 0.5), (0.8, 20, 0.5)]


def test_stats_json_per_kind_and_per_drill(stats_json):
    cal = stats_json["calibration"]
    assert cal["per_kind"]["missing"]["brier"] == pytest.approx(0.04) and not cal["per_kind"]["missing"]["enough"]
    assert cal["per_kind"]["skewed"]["forecasts"] == 10
    assert [d["forecasts"] for d in cal["by_drill"]] == [15, 7]


def test_stats_counts_hypotheses_without_a_confidence(stats_json):
    assert stats_json["hypotheses"]["without_confidence"] == 2
    assert stats_json["calibration"]["hypotheses"] == 26


def test_stats_text_says_how_calibrated(calibrated, drill_cli):
    out = drill_cli("stats", "--results", str(calibrated)).out
    assert "2 of 26 hypotheses had no stated confidence" in " ".join(out.split())
    assert "you said 78% on average and were right 50% of the time" in " ".join(out.split())


def test_stats_text_says_not_enough_under_twenty(tmp_path, drill_cli):
    add_graded_drill(tmp_path, "20260102-000000-b", PLANS["20260102-000000-b"])
    out = " ".join(drill_cli("stats", "--results", str(tmp_path)).out.split())
    assert "not enough forecasts yet (7 of 20)" in out


def test_dashboard_has_a_calibration_plot(calibrated):
    from runner.progress.dashboard import write_dashboard

    html = write_dashboard(calibrated).read_text(encoding="utf-8")
    assert "<figure class='plot' id='plot-calibration'>" in html and "id='card-calibration'" in html


@pytest.mark.browser
@pytest.mark.slow
def test_calibration_plot_renders_in_chromium(calibrated, chromium):
    from lab_support import screenshot

    from runner.progress.dashboard import write_dashboard

    page = chromium.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto(write_dashboard(calibrated).as_uri())
        size = page.eval_on_selector("#plot-calibration img", "i => [i.complete, i.naturalWidth]")
        card = page.text_content("#card-calibration")
        screenshot(page, "dashboard-calibration.png")
    finally:
        page.close()
    assert size[0] and size[1] > 0
    assert "Brier score over 22 forecasts" in card
