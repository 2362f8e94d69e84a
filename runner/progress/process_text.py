"""The process summary and calibration in words: terminal lines, the notebook's HTML, ``drill stats``.

One wording for every place: :func:`process_lines` is what ``drill review``
prints, what the phase-4 cell shows (as HTML, :func:`process_html`) and what
``drill export`` adds to a post.  Untrusted text (column names, exception
names) is escaped for HTML.

May import: ``runner.progress.process_rules``.
"""

from __future__ import annotations

import html
from typing import Any

from runner.progress.process_rules import TASK_NAMES


def duration(seconds: float | None) -> str:
    """``45 s``, ``4:10 min``; ``n/a`` for None."""
    if seconds is None:
        return "n/a"
    s = int(round(abs(seconds)))
    text = f"{s} s" if s < 60 else f"{s // 60}:{s % 60:02d} min"
    return f"-{text}" if seconds < 0 else text


def _after(seconds: float | None, what: str) -> str:
    if seconds is None:
        return f"no {what}"
    if seconds < 0:
        return f"{what} {duration(-seconds)} before phase 2 started"
    return f"{what} after {duration(seconds)}"


#: What a column "has", for each kind of finding (other kinds: their name).
HAS = {"missing": "missing values", "skewed": "a skewed distribution", "correlated": "a strong correlation",
       "outliers": "outliers", "zeros": "many zeros", "constant": "a single value", "unique": "all-distinct values",
       "high_cardinality": "many categories", "imbalanced": "an imbalanced distribution",
       "uniform": "a uniform distribution", "infinite": "infinite values", "type": "a type problem",
       "missing_together": "values missing together with another column"}


def highlight(h: dict[str, Any]) -> str:
    """``You never looked at Solar.R, which has missing values: 4.6% missing (7 of 153) ...``."""
    detail = h.get("detail") or ""
    detail = detail[len(h["column"]) + 2:] if detail.startswith(f"{h['column']}: ") else detail
    has = HAS.get(h["kind"], h["kind"].replace("_", " "))
    return f"You never looked at {h['column']}, which has {has}" + (f": {detail}." if detail else ".")


def _step_names(summary: dict[str, Any]) -> dict[str, str]:
    return {s["key"]: s["title"] for s in summary.get("steps", [])}


def process_lines(summary: dict[str, Any] | None) -> list[str]:
    """The summary as sentences (see :mod:`runner.progress.process` for the keys)."""
    if not summary:
        return []
    if not summary.get("cells"):
        return [summary.get("message") or "No process log."]
    restarts = summary["kernels"] - 1
    lines = [f"Process log: {summary['cells']} cells run, {summary['errors']} with an error"
             + (f"; the kernel restarted {restarts} time(s)." if restarts else ".")]
    first = summary["first_seconds"]
    origin = "From the start of phase 2" if summary.get("since") is not None else "From your first recorded cell"
    lines.append(f"{origin}: " + "; ".join(
        [_after(first["look"], "first look at the data"), _after(first["plot"], "first plot"),
         _after(first["correlation"], "first correlation")]) + ".")
    cover = summary.get("coverage")
    if cover:
        share = f" ({cover['share']:.0%})" if cover["share"] is not None else ""
        lines.append(f"Columns examined: {len(cover['examined'])} of {cover['columns']}{share}."
                     + (f" Never examined: {', '.join(cover['never'])}." if cover["never"] else ""))
        lines += [highlight(h) for h in cover.get("highlighted", [])]
    names = _step_names(summary)
    if summary["order"]:
        lines.append("Checklist steps in the order your cells did them: " + ", ".join(
            f"{n}. {names.get(k, k)} ({duration(s['first_seconds'])})" for n, k in enumerate(summary["order"], 1)
            for s in summary["steps"] if s["key"] == k) + ".")
    ticked_only = [names[s["key"]] for s in summary["steps"] if s["ticked"] and not s["done"]]
    done_only = [names[s["key"]] for s in summary["steps"] if s["done"] and not s["ticked"]]
    if ticked_only:
        lines.append(f"Ticked, but no cell shows it: {', '.join(ticked_only)}.")
    if done_only:
        lines.append(f"Done in your cells, not ticked: {', '.join(done_only)}.")
    if summary["tasks"]:
        lines.append("Task times from your cells: " + "; ".join(
            f"{t['name']} {duration(t['seconds'])}" + (f" in {len(t['spans'])} stretches" if len(t["spans"]) > 1 else "")
            for t in summary["tasks"]) + ".")
    errors = [f"{'outside the clock' if phase == 'none' else phase} {p['errors']} of {p['cells']}"
              + (" (" + ", ".join(f"{k} x{n}" if n > 1 else k for k, n in p["kinds"].items()) + ")" if p["kinds"] else "")
              for phase, p in summary["phases"].items()]
    lines.append("Errors per phase: " + "; ".join(errors) + ".")
    return lines


def process_html(summary: dict[str, Any] | None) -> str:
    """The summary for the notebook's phase-4 cell: the same sentences, plus the steps beside the ticks."""
    esc = html.escape
    lines = process_lines(summary)
    if not summary or not summary.get("cells"):
        return f"<div class='eda-drill-process'><p><i>{esc(lines[0] if lines else 'No process log.')}</i></p></div>"
    rows = "".join(
        f"<tr><td style='text-align:left'>{esc(s['title'])}</td><td>{s['order'] or ''}</td>"
        f"<td>{esc(duration(s['first_seconds'])) if s['done'] else '<i>not seen</i>'}</td>"
        f"<td>{'&#10004;' if s['ticked'] else ''}</td></tr>" for s in summary["steps"])
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    return ("<div class='eda-drill-process'><h3>How you explored</h3>"
            f"<ul>{items}</ul><table><thead><tr><th>checklist step</th><th>order done</th>"
            f"<th>first cell</th><th>ticked</th></tr></thead><tbody>{rows}</tbody></table></div>")


def calibration_lines(cal: dict[str, Any]) -> list[str]:
    """``drill stats``' calibration section (see :mod:`runner.progress.calibration`)."""
    if not cal:
        return []
    lines = []
    if cal.get("hypotheses"):
        lines.append(f"{cal['without_confidence']} of {cal['hypotheses']} hypotheses had no stated confidence "
                     "(end a claim with one, like (70%)).")
    if not cal["forecasts"]:
        return [*lines, "Calibration: not enough forecasts yet (none graded with a confidence)."]
    if not cal["enough"]:
        return [*lines, f"Calibration: {cal['message']}."]
    lean = cal["overconfidence"]
    skill = "n/a" if cal["skill"] is None else f"{cal['skill']:+.2f}"
    lines.append(f"Calibration over {cal['forecasts']} forecasts: you said {cal['mean_confidence']:.0%} on average and "
                 f"were right {cal['share_right']:.0%} of the time ({'over' if lean > 0 else 'under'}confidence "
                 f"{lean * 100:+.0f} points); Brier score {cal['brier']:.3f}, skill against always saying 50% {skill}.")
    return lines


def render_practice(stats: Any, console: Any) -> None:
    """``drill stats``: calibration (with its bins and kinds) and the process over drills."""
    from rich.markup import escape
    from rich.table import Table

    cal = stats.calibration
    for line in calibration_lines(cal):
        console.print(escape(line))
    if cal.get("enough"):
        table = Table("stated", "forecasts", "mean stated", "share right", title="Calibration by stated confidence")
        for b in cal["bins"]:
            table.add_row(f"{b['low']:.0%}-{b['high']:.0%}", str(b["count"]), f"{b['stated']:.0%}", f"{b['observed']:.0%}")
        console.print(table)
        kinds = Table("kind", "forecasts", "Brier", "overconfidence", title="Calibration per kind")
        for kind, k in cal["per_kind"].items():
            kinds.add_row(kind, str(k["forecasts"]), f"{k['brier']:.3f}" if k["enough"] else "not enough yet",
                          f"{k['overconfidence'] * 100:+.0f} points" if k["enough"] else "")
        console.print(kinds)
    process = stats.process
    if not process.get("drills_logged"):
        console.print("[dim]No process log yet (cells are recorded from the notebook's setup cell on).[/]")
        return
    cover, plot = process["median_coverage"], process["median_first_plot_seconds"]
    console.print(f"Process over {process['drills_logged']} logged drill(s): median coverage "
                  f"{'n/a' if cover is None else f'{cover:.0%}'} of the columns; median time to first plot "
                  f"{duration(plot)} after phase 2 started.")
    table = Table("drill", "cells", "errors", "coverage", "first plot", "steps in order", title="Process per drill")
    for r in process["by_drill"]:
        table.add_row(r["drill_id"], str(r["cells"]), str(r["errors"]),
                      "n/a" if r["coverage"] is None else f"{r['coverage']:.0%}", duration(r["first_plot_seconds"]),
                      escape(" > ".join(TASK_NAMES.get(k, k) for k in r["order"])))
    console.print(table)
