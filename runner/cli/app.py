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

ResultsOpt = Annotated[
    Path | None,
    typer.Option("--results", help="Results folder (default: $DRILL_RESULTS, else ./results).", show_default=False),
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
