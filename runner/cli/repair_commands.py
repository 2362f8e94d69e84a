"""``drill repair``: rebuild the drill log and clean up after killed starts."""

from __future__ import annotations

from runner.cli.app import ResultsOpt, cli


@cli.command()
def repair(results: ResultsOpt = None) -> None:
    """Rebuild the drill log from its backup and the drill folders (a damaged log is kept aside); say what came back."""
    from runner.drill.repair import repair as rebuild

    for line in rebuild(results).lines():
        print(line)
