"""The ``drill`` command's Typer app and the options every command shares.

May import: nothing of the project but ``runner.store`` (the results folder);
each command module imports the library function it calls.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

cli = typer.Typer(
    name="drill",
    help="Timed exploratory-data-analysis drills in JupyterLab, graded against an automated profile.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

def _results_folder(value: Path | None) -> Path | None:
    """Every command refuses a ``--results`` that is a file, in one line, before it runs."""
    if value is not None:
        from runner.store import resolve_results

        resolve_results(value)
    return value


ResultsOpt = Annotated[
    Path | None,
    typer.Option("--results", help="Results folder (default: $DRILL_RESULTS, else ./results).", show_default=False,
                 callback=_results_folder),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]
NoOpenOpt = Annotated[bool, typer.Option("--no-open", help="Do not start JupyterLab or open a browser.")]


def notice(message: str) -> None:
    print(message, file=sys.stderr)


NotebookArg = Annotated[
    Path | None,
    typer.Argument(help="The drill's notebook (default: the current drill, the most recently started).",
                   show_default=False),
]


def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


DrillArg = Annotated[str | None, typer.Argument(help="Drill id (default: the most recent).", show_default=False)]
