"""``drill stats`` in the terminal: :class:`~runner.progress.stats.Stats` as rich tables.

May import: ``runner.progress.stats``, ``runner.progress.intuition_text``.
"""

from __future__ import annotations

from typing import Any

from runner.progress.intuition_text import render_intuition
from runner.progress.process_text import render_practice
from runner.progress.stats import SCORING, Stats


def percent(x: float | None) -> str:
    """A share as a whole percentage (``n/a`` when there is none), as every view of the stats shows it."""
    return "n/a" if x is None else f"{x:.0%}"


def _half(predicted: int, partly: int) -> str:
    """``3``, or ``3.5`` when one finding was half predicted (by a partly right claim)."""
    total = predicted + partly / 2
    return f"{total:g}"


def _minutes(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1f} min"


def _seconds(x: float | None) -> str:
    return "n/a" if x is None else f"{x / 60:.1f} min" if x >= 90 else f"{x:.0f} s"


def render(stats: Stats, console: Any) -> None:
    """Print ``stats`` as rich tables on ``console`` (a ``rich.console.Console``)."""
    from rich.table import Table

    if stats.message:
        console.print(stats.message)
        render_intuition(stats.intuition, console)
        return
    d = stats.drills
    console.print(f"[bold]{d['total']} drills[/]{' since ' + stats.since if stats.since else ''}: "
                  f"{d['complete']} complete, {d['started']} not finished; {d['graded']} graded, "
                  f"{d['never_graded']} never graded")
    if stats.folders_missing:
        console.print(f"[dim]{len(stats.folders_missing)} drill folder(s) deleted; still counted from the log[/]")
    table = Table("level", "drills", title="By level")
    for level, n in stats.by_level.items():
        table.add_row(level, str(n))
    sources = Table("source", "drills", title="By source")
    for source, n in stats.by_source.items():
        sources.add_row(source, str(n))
    console.print(table, sources)
    h = stats.hypotheses
    if not d["graded"]:
        console.print("No graded drill yet: accuracy and recall appear after `drill grade`.")
    else:
        console.print(f"Hypothesis accuracy {percent(h['accuracy'])} ({h['confirmed']} confirmed, {h['partly']} partly, "
                      f"{h['refuted']} refuted, {h['inconclusive']} inconclusive); recall {percent(h['recall'])} "
                      f"({_half(h['predicted'], h['partly_predicted'])} of {h['findings']} notable findings)")
        console.print(f"[dim]Scoring: {SCORING}.[/]")
        kinds = Table("kind", "hypotheses", "accuracy", "findings", "predicted", "recall", "missed",
                      title="Per pattern kind")
        for kind, k in stats.per_kind.items():
            kinds.add_row(kind, str(k["hypotheses"]), percent(k["accuracy"]), str(k["findings"]),
                          _half(k["predicted"], k.get("partly_predicted", 0)), percent(k["recall"]), str(k["missed"]))
        console.print(kinds)
        missed = Table("kind", "times missed", "in drills", title="Kinds you miss most")
        for m in stats.most_missed[:5]:
            missed.add_row(m["kind"], str(m["count"]), str(m["drills"]))
        console.print(missed if stats.most_missed else "You have not missed any notable pattern yet.")
    if any(p["drills"] for p in stats.phases):
        phases = Table("phase", "planned", "median actual", "drills", "over plan", title="Time per phase")
        for p in stats.phases:
            phases.add_row(p["key"], _minutes(p["planned_minutes"]), _minutes(p["median_minutes"]), str(p["drills"]),
                           str(p["over_plan"]))
        console.print(phases)
    else:
        console.print("[dim]No timed phases recorded yet.[/]")
    if stats.tasks:
        tasks = Table("task", "attempts", "median", "earlier half", "later half", "trend", title="Timed tasks")
        for t in stats.tasks:
            tasks.add_row(t["name"], str(t["count"]), _seconds(t["median_seconds"]), _seconds(t["first_half_median"]),
                          _seconds(t["second_half_median"]), t["trend"])
        console.print(tasks)
    else:
        console.print("[dim]No timed tasks recorded yet.[/]")
    fd, sown = stats.false_discoveries, stats.planted
    if fd.get("drills"):
        console.print(f"False discoveries on planted and null drills: {fd['false_discoveries']} of "
                      f"{fd['relationship_claims']} relationship claims ({percent(fd['rate'])}, {fd['drills']} drills)")
    if sown.get("patterns"):
        kinds = ", ".join(f"{kind} {percent(k['recall'])}" for kind, k in sown["per_kind"].items())
        console.print(f"Planted patterns found: {_half(sown['predicted'], sown['partly_predicted'])} of "
                      f"{sown['patterns']} ({percent(sown['recall'])}; {kinds})")
    i = stats.integrity
    console.print(f"Peeks at the data before the seal: {i['peeks']} (in {i['drills_with_peeks']} drills); "
                  f"hypotheses edited after the seal: {i['edited_after_seal']}; never sealed: {i['unsealed']}")
    render_practice(stats, console)
    advice = stats.next_level
    if advice is None:
        console.print("Next level: grade a drill first.")
    else:
        console.print(f"[bold]Next level: {advice.suggested}[/] ({advice.reason}). Rule: {advice.rule}.")
    render_intuition(stats.intuition, console)
