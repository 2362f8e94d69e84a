"""``drill quick``: the ten-minute intuition drill, the short way to ``drill start --spec intuition-10m``."""

from __future__ import annotations

from typing import Annotated

import typer

from runner.cli.app import NoOpenOpt, ResultsOpt, cli
from runner.cli.drill_commands import start

QUICK_SPEC = "intuition-10m"


@cli.command()
def quick(
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for the same items again.")] = None,
    results: ResultsOpt = None,
    no_open: NoOpenOpt = False,
) -> None:
    """Start the ten-minute intuition drill (`drill start --spec intuition-10m`); prints its notebook's path."""
    start(spec=QUICK_SPEC, seed=seed, results=results, no_open=no_open)
