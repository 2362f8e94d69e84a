"""Commands on the running drill: seal and grade."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from runner.cli.app import JsonOpt, NotebookArg, ResultsOpt, cli, notice, stderr_console


@cli.command()
def seal(notebook: NotebookArg = None, results: ResultsOpt = None) -> None:
    """Seal the hypotheses: store their text, sha256 and the time (save the notebook first)."""
    from runner.session.seal import seal_hypotheses

    sealed = seal_hypotheses(notebook, results)
    when = "already sealed at" if sealed.already else "sealed at"
    print(f"{sealed.drill_id}: {sealed.claims} hypotheses {when} {sealed.sealed_at} (sha256 {sealed.sha256[:12]})")


@cli.command()
def grade(
    notebook: NotebookArg = None,
    as_json: JsonOpt = False,
    rerun_profile: Annotated[bool, typer.Option("--rerun-profile", help="Run the profile again first.")] = False,
    results: ResultsOpt = None,
) -> None:
    """Grade the drill's hypotheses against the automated profile and list missed patterns."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from runner.session.grade import grade_drill

    # The progress display only appears if grading has to wait for the profile.
    progress = Progress(SpinnerColumn(), TextColumn("waiting for the profile"), TimeElapsedColumn(),
                        console=stderr_console(), transient=True)

    def tick(status: dict, elapsed: float) -> None:
        if not progress.tasks:
            progress.start()
            progress.add_task("profile", total=None)
        progress.refresh()

    try:
        graded = grade_drill(notebook, results, on_tick=tick, rerun_profile=rerun_profile)
    finally:
        if progress.tasks:
            progress.stop()
    for line in graded.notes:
        notice(f"note: {line}")
    if as_json:
        print(json.dumps(graded.grade, indent=1))
        return
    from rich.console import Console

    from runner.progress.review import print_grade

    print_grade(graded.grade, Console(), graded.title, str(graded.profile_html), graded.report)
