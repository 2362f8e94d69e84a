"""How a drill was explored, from its process log: the summary phase 4 and ``drill review`` show.

Read-only: built from ``drills.sqlite`` (the recorded cells with their derived
facts, the phases and pauses, the checklist ticks, the stored grade); no code
is parsed here.  The rules (steps, task spans, coverage, first times) live in
:mod:`runner.progress.process_rules`.

``summarise`` gives one drill's summary as a JSON-ready dict (the ``process``
key of ``drill review --json``):

* ``enabled``, ``cells``, ``errors``, ``kernels`` (more than one: the kernel restarted);
* ``first_seconds``: ``look``, ``plot``, ``correlation`` (from the start of the
  explore phase, ``since``; None: never);
* ``coverage``: ``columns``, ``examined``, ``never``, ``share``, and
  ``highlighted``: never-examined columns that hold a pattern the drill missed
  (``{column, kind, detail}``, most important first);
* ``steps``: each checklist step with ``done`` (inferred from the cells),
  ``first_seconds``, ``order`` (1 = done first) and ``ticked``; ``order``: the
  keys in the order done;
* ``tasks``: ``{key, name, seconds, spans}`` per step done, timed by the span rule;
* ``phases``: cells and errors per phase (with the exception names);
* ``operations``: how many cells ran each kind of operation (``plot``, ``missing``...);
* ``message``: a sentence when there is nothing to show (log off, no cells).

May import: ``runner.session`` (the log's reader), ``runner.spec``, ``runner.store``.
"""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from runner.errors import DrillError
from runner.progress import process_rules as rules
from runner.session import process_log
from runner.spec import load_spec
from runner.store import DB_NAME, DrillRow, Store, open_store

OFF = "The process log was off for this drill (`drill start --no-log`, the spec, or drill.process_log(False))."
EMPTY = "No cells recorded for this drill yet (the log records cells run after the setup cell)."


def _checklist(spec_name: str) -> list[tuple[str, str, str]]:
    """(key, title, task name) per checklist step of the drill's spec (the default steps if it is gone)."""
    try:
        items = load_spec(spec_name).checklist
    except DrillError:
        return [(k, k, name) for k, name in rules.TASK_NAMES.items()]
    return [(i.key, i.title, i.task or rules.TASK_NAMES.get(i.key, i.title.lower())) for i in items]


def _since(phases: list[dict[str, Any]]) -> float | None:
    explore = next((p for p in phases if p["key"] == "explore"), phases[1] if len(phases) > 1 else None)
    return explore["started_at"] if explore else None


def _ticks(store: Store, drill_id: str) -> dict[str, dict[str, Any]]:
    state: dict[str, dict[str, Any]] = {}
    for e in store.events(drill_id):
        if e["kind"] in ("check", "uncheck"):
            item = state.setdefault(e["detail"].get("item", ""), {"ticked": False, "at": None})
            item["ticked"] = e["kind"] == "check"
            if item["ticked"] and item["at"] is None:
                item["at"] = e["at"]
    return state


def _highlighted(never: list[str], grade: dict[str, Any] | None) -> list[dict[str, Any]]:
    out, seen = [], set()
    for m in (grade or {}).get("missed", []):
        for column in m.get("columns", []):
            if column in never and column not in seen:
                seen.add(column)
                out.append({"column": column, "kind": m["kind"], "detail": (m.get("evidence") or {}).get("detail", "")})
    return out


def summarise(store: Store, row: DrillRow, grade: dict[str, Any] | None = None) -> dict[str, Any]:
    """One drill's process summary (see the module docstring)."""
    on = process_log.enabled(store, row.id)
    cells = process_log.cells(store, row.id)
    if not cells:
        return {"enabled": on, "cells": 0, "message": EMPTY if on else OFF}
    phases, pauses = store.phase_rows(row.id), store.pause_rows(row.id)
    since = _since(phases)
    dataset = process_log.dataset_columns(store, row.id) or {}
    dtypes, target = dataset.get("dtypes") or {}, dataset.get("target")
    steps = _checklist(row.spec)
    order = rules.step_order(cells, target, since)
    ticks = _ticks(store, row.id)
    spans = rules.task_spans(cells, [k for k, _, _ in steps], target, pauses)
    reference = since if since is not None else cells[0]["started_at"]
    cover = rules.coverage(cells, dtypes) if dtypes else None
    if cover is not None:
        cover["highlighted"] = _highlighted(cover["never"], grade)
    ranks = {key: n for n, key in enumerate(order, start=1)}
    return {
        "enabled": on,
        "cells": len(cells),
        "errors": sum(not c["success"] for c in cells),
        "kernels": len({c["kernel"] for c in cells}),
        "since": since,
        "first_seconds": rules.first_times(cells, since),
        "coverage": cover,
        "steps": [{"key": key, "title": title, "done": key in order, "first_seconds": order.get(key),
                   "order": ranks.get(key), "ticked": bool(ticks.get(key, {}).get("ticked")),
                   "ticked_seconds": (ticks[key]["at"] - reference) if ticks.get(key, {}).get("at") else None}
                  for key, title, _ in steps],
        "order": list(order),
        "tasks": [{"key": key, "name": name, "seconds": sum(s["seconds"] for s in spans[key]),
                   "spans": [{"start_seconds": s["start"] - reference, "seconds": s["seconds"], "cells": s["cells"]}
                             for s in spans[key]]}
                  for key, _, name in steps if key in spans],
        "phases": rules.errors_by_phase(cells),
        "operations": dict(sorted(Counter(op.split(":")[0] for c in cells for op in set(c["operations"])).items())),
        "message": None,
    }


def drill_process(results: Path, row: DrillRow, grade: dict[str, Any] | None = None) -> dict[str, Any]:
    """:func:`summarise` for one drill of ``results``."""
    with open_store(results) as store:
        return summarise(store, row, grade if grade is not None else store.get_grade(row.id))


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def over_drills(results: Path, drills: list[Any]) -> dict[str, Any]:
    """Coverage, first times and derived task times per drill (oldest first), for ``drill stats``.

    ``drills``: objects with ``id`` and ``created_at`` (the stats' timeline).
    """
    rows: list[dict[str, Any]] = []
    if drills and (results / DB_NAME).is_file():
        with open_store(results) as store:
            for d in drills:
                row = store.drill(d.id)
                summary = summarise(store, row, store.get_grade(d.id)) if row else {"cells": 0}
                if not summary["cells"]:
                    continue
                cover = summary["coverage"] or {}
                rows.append({"drill_id": d.id, "created_at": d.created_at, "cells": summary["cells"],
                             "errors": summary["errors"], "coverage": cover.get("share"),
                             "never_examined": len(cover.get("never", [])),
                             "first_plot_seconds": summary["first_seconds"]["plot"],
                             "first_look_seconds": summary["first_seconds"]["look"],
                             "first_correlation_seconds": summary["first_seconds"]["correlation"],
                             "order": summary["order"],
                             "tasks": {t["name"]: t["seconds"] for t in summary["tasks"]}})
    shares = [r["coverage"] for r in rows if r["coverage"] is not None]
    plots = [r["first_plot_seconds"] for r in rows if r["first_plot_seconds"] is not None]
    return {"drills_logged": len(rows), "median_coverage": _median(shares),
            "median_first_plot_seconds": _median(plots), "by_drill": rows}
