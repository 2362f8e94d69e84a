"""What a learner sees of a banded grade (issue #11), through the real path: `drill grade`, the compare
table, the profile report's sections, `drill stats`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_grade import grade_json, start, verdicts, write_hypotheses

from runner.progress.review import grade_html

pytestmark = pytest.mark.slow

CLAIMS = """\
- x and y are correlated
- x and y are strongly correlated
- x and w are correlated
- gappy has missing values
"""


@pytest.fixture(scope="module")
def drill(module_cli, tmp_path_factory) -> Path:
    rng = np.random.default_rng(1)
    x = rng.normal(size=110)
    gappy = rng.normal(size=110)
    gappy[:11] = np.nan
    frame = pd.DataFrame({"x": x, "y": -0.5 * x + rng.normal(size=110), "w": rng.normal(size=110), "gappy": gappy})
    folder = tmp_path_factory.mktemp("bands")
    frame.to_csv(folder / "bands.csv", index=False)
    nb = start(module_cli, folder / "results", f"file:{folder / 'bands.csv'}")
    write_hypotheses(nb, CLAIMS)
    return nb


@pytest.fixture(scope="module")
def graded(module_cli, drill) -> dict:
    return grade_json(module_cli, drill)


@pytest.fixture(scope="module")
def small(module_cli, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("small")
    x = np.arange(12.0)
    pd.DataFrame({"a": x, "b": [4, 1, 7, 2, 0, 8, 11, 3, 6, 5, 9, 10]}).to_csv(folder / "small.csv", index=False)
    nb = start(module_cli, folder / "results", f"file:{folder / 'small.csv'}")
    write_hypotheses(nb, "- a and b are correlated\n- a and b are not correlated\n")
    return grade_json(module_cli, nb)


def test_a_moderate_correlation_is_confirmed_and_a_strong_claim_partly_right(graded):
    assert verdicts(graded) == {"x and y are correlated": "confirmed", "x and y are strongly correlated": "partly",
                                "x and w are correlated": "refuted", "gappy has missing values": "confirmed"}


def test_too_few_rows_is_inconclusive_either_way(small):
    assert set(verdicts(small).values()) == {"inconclusive"}


def test_a_small_sample_is_noted(small):
    assert [n["kind"] for n in small["notes"]] == ["small_sample"]


def test_evidence_has_strength_and_p_value_where_they_apply(graded):
    correlated, *_, missing = graded["hypotheses"]
    assert (correlated["evidence"]["strength"], correlated["evidence"]["p_value"] < 0.001) == ("moderate", True)
    assert "strength" not in missing["evidence"] and "p_value" not in missing["evidence"]
    assert re.match(r"x and y: rho -0\.\d\d over 110 rows, moderate, p < 0\.001", correlated["evidence"]["detail"])


def test_partly_counts_half_and_inconclusive_neither(graded, small):
    score = graded["score"]
    assert (score["confirmed"], score["partly"], score["refuted"]) == (2, 1, 1)
    assert score["precision"] == pytest.approx((2 + 0.5) / 4)
    assert small["score"]["precision"] is None  # nothing was judged right or wrong


def test_the_compare_table_shows_the_band(graded):
    page = grade_html(graded, profile_href="profile.html")
    assert "<th>strength</th>" in page and "moderate, p &lt; 0.001" in page


def test_each_hypothesis_links_to_its_section_of_the_profile_report(graded, drill):
    page = grade_html(graded, profile_href="profile.html")
    report = (drill.parent / "profile.html").read_text(encoding="utf-8")
    links = re.findall(r"href='profile\.html#([^']+)'", page)
    assert "correlations_tab" in links and any(link.startswith("pp_var_") for link in links)
    for anchor in links:  # every section linked exists in the report the library wrote
        assert re.search(rf"id=[\"']?{re.escape(anchor)}[\"'\s>]", report), anchor


def test_drill_review_prints_the_strength(module_cli, drill, graded):
    result = module_cli("review", "--results", str(drill.parent.parent))
    assert result.code == 0 and "moderate, p < 0.001" in result.out and "partly" in result.out


def test_drill_stats_says_how_partly_and_inconclusive_count(module_cli, drill, graded):
    stats = json.loads(module_cli("stats", "--json", "--results", str(drill.parent.parent)).out)
    text = module_cli("stats", "--results", str(drill.parent.parent)).out
    assert stats["hypotheses"]["partly"] == 1 and stats["hypotheses"]["accuracy"] == pytest.approx(2.5 / 4)
    assert "partly counts as half right" in " ".join(text.split())
