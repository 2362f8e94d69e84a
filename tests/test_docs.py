"""Every command has help text, and the README documents every command."""

from pathlib import Path

import pytest
import typer

from runner.cli import cli

COMMANDS = sorted(typer.main.get_command(cli).commands)
README = (Path(__file__).parent.parent / "README.md").read_text()


def test_there_are_commands():
    assert {"start", "datasets", "grade", "seal", "review"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help(drill_cli, command):
    r = drill_cli(command, "--help")
    assert r.code == 0
    assert "Usage: drill " + command in r.out
    assert typer.main.get_command(cli).commands[command].help


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_readme(command):
    assert f"drill {command}" in README


@pytest.mark.parametrize("command", COMMANDS)
def test_command_takes_results(drill_cli, command):
    assert "--results" in drill_cli(command, "--help").out


def test_readme_starts_with_the_two_setup_commands():
    head = README.splitlines()[:8]
    assert any(line.startswith("make drill") for line in head)
    assert any(line.startswith("make test") for line in head)


def test_unknown_command_is_one_line(drill_cli):
    r = drill_cli("frobnicate")
    assert (r.code, r.err) == (2, "drill: error: No such command 'frobnicate'.\n")
