"""The ``drill`` command: parse, call one library function in ``runner.app``, print.

Errors become one line on stderr and an exit code in exactly one place,
:func:`main` (0 success, 1 failure, 2 bad input; see ``runner.errors``).
Notices go to stderr; stdout carries only the result (for ``start``, the
notebook's path as the last line).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import Abort

try:  # recent typer vendors click as typer._click; older releases use click itself
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover
    from click.exceptions import ClickException, NoArgsIsHelpError

from runner import app as drill_app
from runner.drill import resolve_results
from runner.errors import BadInput, DrillError

cli = typer.Typer(
    name="drill",
    help="Timed exploratory-data-analysis drills in JupyterLab, graded against an automated profile.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

ResultsOpt = Annotated[
    Path | None,
    typer.Option("--results", help="Results folder (default: $DRILL_RESULTS, else ./results).", show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]
NoOpenOpt = Annotated[bool, typer.Option("--no-open", help="Do not start JupyterLab or open a browser.")]


def notice(message: str) -> None:
    print(message, file=sys.stderr)


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
    results: ResultsOpt = None,
    no_open: NoOpenOpt = False,
) -> None:
    """Start a new drill and print its notebook's path (last line of stdout)."""
    started = drill_app.start(dataset, source, level, seed, spec, results, max_rows=max_rows, focus=focus)
    for line in started.notices:
        notice(line)
    notice(f"drill {started.drill_id}: {started.card.title} ({started.card.id}, level {started.card.level})")
    if not no_open:
        try:
            url, reused = drill_app.open_lab(results, started.notebook)
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
    entries = drill_app.list_datasets(source, level, results)
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

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=stderr_console(), transient=False) as bar:
        task = bar.add_task(f"prefetch {source}", total=count)

        def report(done: int, total: int, message: str) -> None:
            bar.update(task, completed=done, total=total, description=message[:60])

        result = drill_app.prefetch(source, level, count, results, seed, report)
    for dataset_id, why in result.skipped:
        notice(f"skipped {dataset_id}: {why}")
    print(result.summary())


NotebookArg = Annotated[
    Path | None,
    typer.Argument(help="The drill's notebook (default: the current drill, the most recently started).",
                   show_default=False),
]


def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


@cli.command()
def seal(notebook: NotebookArg = None, results: ResultsOpt = None) -> None:
    """Seal the hypotheses: store their text, sha256 and the time (save the notebook first)."""
    sealed = drill_app.seal_hypotheses(notebook, results)
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

    # The progress display only appears if grading has to wait for the profile.
    progress = Progress(SpinnerColumn(), TextColumn("waiting for the profile"), TimeElapsedColumn(),
                        console=stderr_console(), transient=True)

    def tick(status: dict, elapsed: float) -> None:
        if not progress.tasks:
            progress.start()
            progress.add_task("profile", total=None)
        progress.refresh()

    try:
        graded = drill_app.grade_drill(notebook, results, on_tick=tick, rerun_profile=rerun_profile)
    finally:
        if progress.tasks:
            progress.stop()
    if as_json:
        print(json.dumps(graded.grade, indent=1))
        return
    from rich.console import Console

    from runner.review import print_grade

    print_grade(graded.grade, Console(), graded.title, str(graded.profile_html))


@cli.command()
def review(
    drill: Annotated[str | None, typer.Argument(help="Drill id (default: the most recent).", show_default=False)] = None,
    as_json: JsonOpt = False,
    results: ResultsOpt = None,
) -> None:
    """Show a past drill: verdicts, missed patterns with evidence, and your reflection."""
    found = drill_app.review(drill, results)
    if as_json:
        print(json.dumps(found.to_json(), indent=1))
        return
    from rich.console import Console

    from runner.review import print_review

    print_review(found, Console())


DrillArg = Annotated[str | None, typer.Argument(help="Drill id (default: the most recent).", show_default=False)]


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return ""
    sign = "-" if seconds < 0 else ""
    s = int(abs(round(seconds)))
    return f"{sign}{s // 60}:{s % 60:02d}"


@cli.command()
def status(drill: DrillArg = None, as_json: JsonOpt = False, results: ResultsOpt = None) -> None:
    """The current drill: its phase, time left or overrun, and pauses."""
    from runner import session

    found = session.status(drill, results)
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
    print(f"hypotheses {'sealed' if found.sealed else 'not sealed'}; peeks at the data: {found.peeks}")
    print(f"notebook: {found.notebook}")


@cli.command("open")
def open_(drill: DrillArg = None, no_open: NoOpenOpt = False, results: ResultsOpt = None) -> None:
    """Reopen a drill's notebook in JupyterLab (starting JupyterLab if needed); prints its URL."""
    row, results_dir = drill_app.find_drill(results, drill)
    nb = results_dir / row.notebook
    if not nb.is_file():
        raise DrillError(f"the notebook of {row.id} is missing ({nb})", hint="was it moved or deleted?")
    if not no_open:
        url, reused = drill_app.open_lab(results_dir, nb)
        print(("JupyterLab (already running): " if reused else "JupyterLab: ") + url)
    else:
        from runner import lab

        info = lab.find_server(results_dir)  # nothing is started, but a running server's URL helps
        if info:
            print("JupyterLab (already running): " + lab.notebook_url(info, results_dir, nb))
    print(nb)


@cli.command()
def stats(
    as_json: JsonOpt = False,
    since: Annotated[str | None, typer.Option("--since", help="Only drills started on or after DATE (YYYY-MM-DD).")]
    = None,
    results: ResultsOpt = None,
) -> None:
    """Progress over weeks: accuracy, recall, kinds you keep missing, phase and task times, next level."""
    from datetime import date

    from runner import stats as progress

    try:
        day = date.fromisoformat(since) if since else None
    except ValueError:
        raise BadInput(f"--since takes a date like 2026-11-01, got {since!r}") from None
    found = progress.compute(resolve_results(results), day)
    if as_json:
        print(json.dumps(found.to_json(), indent=1))
        return
    from rich.console import Console

    progress.render(found, Console())


@cli.command()
def dashboard(no_open: NoOpenOpt = False, results: ResultsOpt = None) -> None:
    """Write results/dashboard.html (plots of your progress) and open it; prints its path."""
    from runner.dashboard import write_dashboard

    path = write_dashboard(resolve_results(results))
    if not no_open:
        import webbrowser

        webbrowser.open(path.as_uri())
    print(path)


@cli.command()
def export(
    drill: Annotated[str, typer.Argument(help="Drill id.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help="md or html.")] = "md",
    results: ResultsOpt = None,
) -> None:
    """Write a portfolio post of one drill (card, verdicts, missed patterns, figures, reflection)."""
    from runner.export import export as write_post

    print(write_post(resolve_results(results), drill, fmt))


def main(argv: list[str] | None = None) -> None:
    command = typer.main.get_command(cli)
    try:
        code = command.main(args=argv, prog_name="drill", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else exc.format_message())
        code = 0
    except ClickException as exc:
        print(f"drill: error: {exc.format_message()}", file=sys.stderr)
        code = exc.exit_code
    except DrillError as exc:
        print(f"drill: error: {exc.one_line()}", file=sys.stderr)
        code = exc.exit_code
    except OSError as exc:  # disk full, permission denied...: still one line, never a traceback
        print(f"drill: error: {exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""), file=sys.stderr)
        code = 1
    except (KeyboardInterrupt, Abort):
        print("drill: interrupted", file=sys.stderr)
        code = 130
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
