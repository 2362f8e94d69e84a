"""Commands that look back: review, stats, dashboard, export."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from runner.cli.app import JsonOpt, NoOpenOpt, ResultsOpt, cli
from runner.errors import BadInput
from runner.store import resolve_results


@cli.command()
def review(
    drill: Annotated[str | None, typer.Argument(help="Drill id (default: the most recent).", show_default=False)] = None,
    as_json: JsonOpt = False,
    results: ResultsOpt = None,
) -> None:
    """Show a past drill: verdicts, missed patterns with evidence, and your reflection."""
    from runner.progress.review import review as find_review

    found = find_review(drill, results)
    if as_json:
        print(json.dumps(found.to_json(), indent=1))
        return
    from rich.console import Console

    from runner.progress.review import print_review

    print_review(found, Console())


@cli.command()
def stats(
    as_json: JsonOpt = False,
    since: Annotated[str | None, typer.Option("--since", help="Only drills started on or after DATE (YYYY-MM-DD).")]
    = None,
    results: ResultsOpt = None,
) -> None:
    """Progress over weeks: accuracy, recall, kinds you keep missing, phase and task times, next level."""
    from datetime import date

    from runner.progress.stats import compute
    try:
        day = date.fromisoformat(since) if since else None
    except ValueError:
        raise BadInput(f"--since takes a date like 2026-11-01, got {since!r}") from None
    found = compute(resolve_results(results), day)
    if as_json:
        print(json.dumps(found.to_json(), indent=1))
        return
    from rich.console import Console

    from runner.progress.stats_text import render

    render(found, Console())


@cli.command()
def dashboard(no_open: NoOpenOpt = False, results: ResultsOpt = None) -> None:
    """Write results/dashboard.html (plots of your progress) and open it; prints its path."""
    from runner.progress.dashboard import write_dashboard

    path = write_dashboard(resolve_results(results))
    if not no_open:
        import webbrowser

        webbrowser.open(path.as_uri())
    print(path)


@cli.command()
def export(
    drill: Annotated[str, typer.Argument(help="Drill id.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help="md or html.")] = "md",
    with_code: Annotated[
        bool, typer.Option("--with-code", help="Add the code of every cell you ran (from the process log).")
    ] = False,
    results: ResultsOpt = None,
) -> None:
    """Write a portfolio post of one drill (card, verdicts, missed patterns, figures, how you explored, reflection)."""
    from runner.progress.export import export as write_post

    print(write_post(resolve_results(results), drill, fmt, with_code=with_code))
