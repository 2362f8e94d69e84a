"""Commands that create drills and find them again: start, datasets, prefetch, status, open."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from runner.cli.app import DrillArg, JsonOpt, NoOpenOpt, ResultsOpt, cli, notice, stderr_console
from runner.errors import DrillError


@cli.command()
def start(
    dataset: Annotated[str | None, typer.Option("--dataset", help="Dataset id, e.g. builtin:sklearn/iris.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Pick at random from this source.")] = None,
    level: Annotated[int | None, typer.Option("--level", help="Difficulty 1 clean .. 4 messy.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for a reproducible random pick.")] = None,
    spec: Annotated[str, typer.Option("--spec", help="Drill spec name under drills/.")] = "eda-2h",
    max_rows: Annotated[
        int | None, typer.Option("--max-rows", help="Sample large downloads to this many rows (seeded).")
    ] = None,
    focus: Annotated[
        str | None, typer.Option("--focus", help="`weak`: a dataset with the pattern kinds you miss most.")
    ] = None,
    assignment: Annotated[
        str | None, typer.Option("--assignment", help="Start the drill your instructor published under this name.")
    ] = None,
    cohort: Annotated[
        Path | None, typer.Option("--cohort", help="The class's cohort folder (default: $DRILL_COHORT).",
                                  show_default=False)
    ] = None,
    no_log: Annotated[
        bool, typer.Option("--no-log", help="Do not record the cells you run (the process log) for this drill.")
    ] = False,
    null_chance: Annotated[
        float | None, typer.Option("--null-chance", help="Chance (0-1) that a random pick is a null drill, its "
                                   "columns shuffled (default: $DRILL_NULL_CHANCE, else 0.05).", show_default=False)
    ] = None,
    results: ResultsOpt = None,
    no_open: NoOpenOpt = False,
) -> None:
    """Start a new drill and print its notebook's path (last line of stdout)."""
    if assignment is not None or cohort is not None:
        from runner.cli.cohort_commands import start_assigned

        started = start_assigned(assignment, cohort, results, dataset, source, level, seed, spec, max_rows, focus,
                                 process_log=not no_log)
    elif focus is not None:
        from runner.progress.focus import start_focused

        started = start_focused(focus, dataset, source, level, seed, spec, results, max_rows=max_rows,
                                process_log=not no_log)
    else:
        from runner.drill.create import start as start_drill

        started = start_drill(dataset, source, level, seed, spec, results, max_rows=max_rows, process_log=not no_log,
                              null_chance=null_chance)
    for line in started.notices:
        notice(line)
    level = f", level {started.card.level}" if started.card.level else ""  # an intuition drill has no level
    notice(f"drill {started.drill_id}: {started.card.title} ({started.card.id}{level})")
    if not no_open:
        try:
            url, reused = open_lab(results, started.notebook)
        except DrillError:
            print(started.notebook)  # the drill exists: say where, even if JupyterLab did not start
            raise
        print(("JupyterLab (already running): " if reused else "JupyterLab: ") + url)
    print(started.notebook)


@cli.command()
def datasets(
    source: Annotated[str | None, typer.Option("--source", help="Only this source (default: builtin).")] = None,
    level: Annotated[int | None, typer.Option("--level", help="Only this level (1-4).")] = None,
    as_json: JsonOpt = False,
    results: ResultsOpt = None,
) -> None:
    """List the datasets a drill can use, with level, rows, columns and title."""
    from runner.drill.create import list_datasets

    entries = list_datasets(source, level, results)
    if as_json:
        print(json.dumps([e.to_json() for e in entries], indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "level", "rows", "columns", "title", title=f"{len(entries)} datasets")
    for e in entries:
        table.add_row(e.id, str(e.level), str(e.rows), str(e.columns), e.title)
    Console().print(table)


@cli.command()
def prefetch(
    source: Annotated[str, typer.Option("--source", help="openml or uci.")],
    level: Annotated[int | None, typer.Option("--level", help="Only datasets of this level (1-4).")] = None,
    count: Annotated[int, typer.Option("--count", help="How many new datasets to download.")] = 5,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for the order datasets are tried in.")] = None,
    results: ResultsOpt = None,
) -> None:
    """Download datasets into the local pool, so drills can start with no network."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from runner.drill.create import prefetch as prefetch_datasets

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=stderr_console(), transient=False) as bar:
        task = bar.add_task(f"prefetch {source}", total=count)

        def report(done: int, total: int, message: str) -> None:
            bar.update(task, completed=done, total=total, description=message[:60])

        result = prefetch_datasets(source, level, count, results, seed, report)
    for dataset_id, why in result.skipped:
        notice(f"skipped {dataset_id}: {why}")
    print(result.summary())


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return ""
    sign = "-" if seconds < 0 else ""
    s = int(abs(round(seconds)))
    return f"{sign}{s // 60}:{s % 60:02d}"


@cli.command()
def status(drill: DrillArg = None, as_json: JsonOpt = False, results: ResultsOpt = None) -> None:
    """The current drill: its phase, time left or overrun, and pauses."""
    from runner.session.actions import status as drill_status

    found = drill_status(drill, results)
    if as_json:
        print(json.dumps(found.to_json(), indent=1))
        return
    clock = found.clock
    print(f"{found.drill_id}: {found.title} ({found.dataset_id})")
    if not clock["started"]:
        print("not started: open the notebook and press Start drill")
    elif clock["finished"]:
        print(f"complete: {clock['total_seconds'] / 60:.0f} minutes in all")
    else:
        left = clock["remaining"]
        when = f"{_minutes(left)} left" if left >= 0 else f"{_minutes(-left)} over time"
        paused = " (paused)" if clock["paused"] else ""
        print(f"phase {clock['current'] + 1}/{len(clock['phases'])} {clock['title']}: {when}{paused}")
    for p in clock["phases"]:
        if p["started_at"] is not None:
            print(f"  {p['key']:<11} {_minutes(p['elapsed'])} of {p['planned_minutes']:g}:00")
    if clock["pauses"]:
        print(f"  pauses: {len(clock['pauses'])}")
    print(_intuition_line(found.drill_id, results) or
          f"hypotheses {'sealed' if found.sealed else 'not sealed'}; peeks at the data: {found.peeks}")
    print(f"notebook: {found.notebook}")


def _intuition_line(drill_id: str, results: Path | None) -> str | None:
    """An intuition drill's items answered so far (it has no hypotheses to seal); None for an EDA drill."""
    from runner.drill.locate import Located, find_drill
    from runner.spec import kind_of

    row, results_dir = find_drill(results, drill_id)
    if kind_of(row.spec) != "intuition":
        return None
    from runner.session.intuition.run import progress_line

    return progress_line(Located(row, results_dir, results_dir / row.id, results_dir / row.notebook))


@cli.command("open")
def open_(drill: DrillArg = None, no_open: NoOpenOpt = False, results: ResultsOpt = None) -> None:
    """Reopen a drill's notebook in JupyterLab (starting JupyterLab if needed); prints its URL."""
    from runner.drill.locate import find_drill

    row, results_dir = find_drill(results, drill)
    nb = results_dir / row.notebook
    if not nb.is_file():
        raise DrillError(f"the notebook of {row.id} is missing ({nb})", hint="was it moved or deleted?")
    if not no_open:
        url, reused = open_lab(results_dir, nb)
        print(("JupyterLab (already running): " if reused else "JupyterLab: ") + url)
    else:
        from runner.lab import find_server, notebook_url

        info = find_server(results_dir)  # nothing is started, but a running server's URL helps
        if info:
            print("JupyterLab (already running): " + notebook_url(info, results_dir, nb))
    print(nb)


def open_lab(results: Path | None, notebook: Path) -> tuple[str, bool]:
    """Serve ``notebook`` in JupyterLab (reusing a server on the results folder) and open the browser."""
    from runner.drill.folder import private_root
    from runner.lab import open_notebook
    from runner.store import resolve_results

    results_dir = resolve_results(results)
    return open_notebook(results_dir, notebook, private_root(results_dir) / "jupyterlab.log", browser=True)
