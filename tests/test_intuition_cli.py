"""The intuition drill from the terminal and the log: quick, start, grade, review, stats, dashboard, the clock.

Items are answered in this process through the kernel API object (``open_drill``),
the same calls the notebook's widgets make; tests/test_intuition_kernel.py does
it in a real kernel.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from intuition_support import items_of, right, start_quick, wrong
from log_support import query

from runner.drill import notebook
from runner.drill.folder import private_folder
from runner.kernel import open_drill
from runner.session.intuition import run as session

pytestmark = pytest.mark.slow


@pytest.fixture
def nb(drill_cli, results) -> Path:
    return start_quick(drill_cli, results, seed=2)


def kdrill(nb: Path):
    return open_drill(nb.parent.name, nb.parent.parent)


def time_is_up(results: Path) -> None:
    import sqlite3

    with sqlite3.connect(results / "drills.sqlite") as conn:
        conn.execute("UPDATE phases SET started_at = started_at - 11 * 60")


def test_quick_and_start_with_the_spec_make_the_same_drill(drill_cli, results, nb):
    r = drill_cli("start", "--spec", "intuition-10m", "--seed", "2", "--results", str(results / "other"), "--no-open")
    assert r.code == 0, r.err
    other = Path(r.last_line)
    assert [(i.kind, i.dataset_id, i.columns) for i in items_of(other)] == \
           [(i.kind, i.dataset_id, i.columns) for i in items_of(nb)]
    assert "10 items from" in r.err and "--seed 2" in r.err


def test_another_start_cleaning_up_meanwhile_never_takes_a_live_intuition_build(drill_cli, results, monkeypatch):
    """An intuition drill is built under the same start lock as an EDA drill: a start that cleans up
    killed starts' debris while it is being written leaves it alone."""
    from runner.drill import create

    real = notebook.instantiate
    cleaned: list[list[str]] = []

    def instantiate_then_clean(*args, **kwargs):
        real(*args, **kwargs)
        cleaned.append(create.clean_debris(results))

    monkeypatch.setattr(notebook, "instantiate", instantiate_then_clean)
    nb = start_quick(drill_cli, results, seed=4)
    assert cleaned == [[]] and nb.is_file()
    assert sorted(p.name for p in nb.parent.iterdir() if p.name.startswith(".")) == []  # no lock left behind


def test_the_intuition_timer_can_reconnect_after_a_kernel_restart(nb):
    """Its Reconnect button runs the setup cell's code again, as an EDA drill's does."""
    from runner.kernel.intuition.drill import IntuitionDrill

    code = kdrill(nb).timer().reconnect
    namespace: dict = {}
    exec(code.replace("drill.timer();", ""), namespace)
    assert isinstance(namespace["drill"], IntuitionDrill) and namespace["drill"].drill_id == nb.parent.name


def test_a_dataset_cannot_be_chosen_for_an_intuition_drill(drill_cli, results):
    r = drill_cli("start", "--spec", "intuition-10m", "--dataset", "builtin:sklearn/iris", "--results", str(results))
    assert r.code == 2 and r.err.count("\n") == 1
    assert "--dataset cannot be used with the intuition-10m drill" in r.err


def test_the_drill_folder_has_no_data_and_no_profile(nb):
    assert sorted(p.name for p in nb.parent.iterdir()) == sorted(["card.json", "drill.json", nb.name])


def test_no_truth_is_readable_before_the_answer(nb, results):
    served = "\n".join(p.read_text(encoding="utf-8") for p in results.rglob("*") if p.is_file() and p.suffix != ".sqlite")
    for item in items_of(nb):
        for key, value in item.truth.items():
            if isinstance(value, float) and key != "alpha":
                assert f"{value}" not in served, (item.kind, key, value)
    assert query(results, "SELECT COUNT(*) FROM intuition_items WHERE truth IS NOT NULL OR answer IS NOT NULL") == [(0,)]
    assert results.resolve() not in private_folder(results, nb.parent.name).resolve().parents


def test_the_notebook_has_one_cell_per_item_and_no_prompt_text(nb):
    doc = nbformat.read(nb, as_version=4)
    cells = notebook.cells_tagged(doc, "item")
    assert [c.source for c in cells] == [f"drill.show({n})" for n in range(1, 11)]
    text = json.dumps(doc)
    for item in items_of(nb):
        assert item.prompt not in text


def test_grade_says_intuition_drills_are_scored_as_you_answer(drill_cli, results, nb):
    r = drill_cli("grade", "--results", str(results))
    assert r.code == 2 and r.err.count("\n") == 1 and "intuition drills are scored as you answer" in r.err


def test_a_distribution_item_shows_no_values_before_its_answer(nb):
    drill = kdrill(nb)
    blind = next(i for i in items_of(nb) if i.kind == "distribution")
    seen = session.view(drill._loc(), blind.number)
    assert seen.data is None and seen.reveal is None
    drill.answer(blind.number, right(blind))
    assert session.view(drill._loc(), blind.number).data["x"] == blind.data["x"]


def test_showing_the_first_item_starts_the_clock(nb, results):
    drill = kdrill(nb)
    assert not drill.status()["started"]
    drill.show(1)
    assert drill.status()["started"] and drill.status()["remaining"] > 9 * 60


def test_review_before_the_answers_hides_every_truth(drill_cli, results, nb):
    review = json.loads(drill_cli("review", "--json", "--results", str(results)).out)
    assert [i["truth"] for i in review["items"]] == [None] * 10
    assert review["score"]["open"] == 10 and not review["over"]


def test_repair_restores_a_lost_log_with_the_intuition_items(drill_cli, results, nb):
    """The log and its backup gone: `drill repair` rebuilds the drill from its folder and its items from
    the private items file (unanswered: answers lived in the log only)."""
    for name in ("drills.sqlite", "drills.sqlite.bak", "drills.sqlite-wal", "drills.sqlite-shm"):
        (results / name).unlink(missing_ok=True)
    repaired = drill_cli("repair", "--results", str(results))
    assert repaired.code == 0, repaired.err
    assert "intuition items" in repaired.out
    review = json.loads(drill_cli("review", "--json", "--results", str(results)).out)
    assert [i["number"] for i in review["items"]] == list(range(1, 11)) and review["score"]["open"] == 10
    assert [i["kind"] for i in review["items"]] == [i.kind for i in items_of(nb)]


def test_items_left_when_the_time_is_up_count_as_skipped(drill_cli, results, nb):
    drill = kdrill(nb)
    items = items_of(nb)
    drill.answer(1, right(items[0]))
    time_is_up(results)
    late = drill.answer(2, right(items[1]))
    assert late.late and "not scored" in late.text()
    review = json.loads(drill_cli("review", "--json", "--results", str(results)).out)
    assert review["over"] and review["score"]["answered"] == 1 and review["score"]["skipped"] == 9
    assert review["score"]["late"] == 1 and review["score"]["hits"] == 1
    assert all(i["truth"] is not None for i in review["items"])  # once over, skipped items show their truth


def test_review_in_the_terminal_lists_each_item(drill_cli, results, nb):
    drill = kdrill(nb)
    items = items_of(nb)
    drill.answer(3, wrong(items[2]))
    drill.note(3, "fooled by the scale")
    out = drill_cli("review", "--results", str(results)).out
    assert "fooled by the scale" in out and "(hidden until answered)" in out
    assert re.search(r"0 of 10 hits", out)


@pytest.fixture(scope="module")
def answered(module_cli, tmp_path_factory):
    """Two drills, every item answered: the first all right, the second all wrong (read-only for the tests)."""
    results = tmp_path_factory.mktemp("answered") / "results"
    for seed, answer in ((5, right), (6, wrong)):
        nb = start_quick(module_cli, results, seed)
        drill = kdrill(nb)
        for item in items_of(nb):
            drill.answer(item.number, answer(item))
    return results


def test_stats_json_has_the_intuition_section(drill_cli, answered):
    stats = json.loads(drill_cli("stats", "--json", "--results", str(answered)).out)
    section = stats["intuition"]
    assert section["drills"] == {"total": 2, "over": 2, "running": 0}
    assert section["items"]["answered"] == 20 and section["items"]["hit_rate"] == 0.5
    assert set(section["per_kind"]) == {"distribution", "correlation", "missing", "outliers", "skew", "mean_median",
                                        "lineup", "groups"}
    assert stats["drills"]["total"] == 0 and stats["message"].startswith("No EDA drills")


def test_correlation_bias_is_the_mean_signed_error(drill_cli, answered):
    corr = json.loads(drill_cli("stats", "--json", "--results", str(answered)).out)["intuition"]["correlation"]
    signed = [a - t for a, t in ((p["answer"], p["truth"]) for p in corr["points"])]
    assert corr["answered"] == 4 and corr["bias"] == pytest.approx(sum(signed) / 4, abs=1e-6)
    assert sorted(corr["by_strength"]) == ["moderate", "strong", "weak"]


def test_lineup_hit_rate_is_set_against_chance(drill_cli, answered):
    lineup = json.loads(drill_cli("stats", "--json", "--results", str(answered)).out)["intuition"]["lineup"]
    assert lineup["answered"] == 4 and lineup["hits"] == 2 and lineup["hit_rate"] == 0.5
    assert lineup["chance"] == pytest.approx(sum(h["chance"] for h in lineup["history"]) / 4, abs=1e-6)
    assert {h["chance"] for h in lineup["history"]} <= {round(1 / 10, 6), round(1 / 21, 6)}  # 9 or 20 panels, and none


def test_stats_in_the_terminal_show_the_intuition_section(drill_cli, answered):
    out = drill_cli("stats", "--results", str(answered)).out
    assert "Intuition drills: 2" in out and "Lineups: 2 of 4 right" in out


def test_dashboard_has_the_intuition_plots(drill_cli, answered):
    from runner.progress.intuition_dashboard import PLOTS

    page = Path(drill_cli("dashboard", "--no-open", "--results", str(answered)).last_line).read_text(encoding="utf-8")
    for plot_id, *_ in PLOTS:
        assert re.search(f"<figure class='plot' id='plot-{plot_id}'>.*?src='data:image/svg\\+xml;base64,", page)
    assert page.count("href=") >= 2  # each intuition drill links its notebook


def test_eda_stats_leave_intuition_drills_out(drill_cli, answered, tmp_path):
    from runner.drill.create import start

    results = shutil.copytree(answered, tmp_path / "results")
    start("builtin:sklearn/iris", results=results, background_profile=False)  # an EDA drill beside them
    stats = json.loads(drill_cli("stats", "--json", "--results", str(results)).out)
    assert stats["drills"]["total"] == 1 and stats["by_level"] == {"1": 1}
    assert stats["intuition"]["drills"]["total"] == 2


def test_status_counts_the_items_instead_of_hypotheses(drill_cli, results, nb):
    kdrill(nb).answer(1, right(items_of(nb)[0]))
    out = drill_cli("status", "--results", str(results)).out
    assert "items: 1 of 10 answered (9 open), 1 hits" in out and "hypotheses" not in out


def test_export_says_it_writes_posts_of_eda_drills(drill_cli, results, nb):
    r = drill_cli("export", nb.parent.name, "--results", str(results))
    assert r.code == 2 and "is an intuition drill: a post is written of an EDA drill" in r.err
