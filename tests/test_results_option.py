"""`--results` (or DRILL_RESULTS) naming a file: every command says so in one line, before it runs."""

from __future__ import annotations

import pytest
import typer

from runner.cli import cli

COMMANDS = sorted(typer.main.get_command(cli).commands)
HINT = "(pass --results DIR or set DRILL_RESULTS to a folder; it is created if missing)"


@pytest.fixture
def a_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a folder")
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_results_that_is_a_file_is_one_line(drill_cli, command, a_file):
    r = drill_cli(command, "--results", str(a_file))
    assert (r.code, r.out) == (2, "")
    assert r.err == f"drill: error: the results folder {a_file} is a file, not a folder {HINT}\n"


def test_results_inside_a_file_names_the_file(drill_cli, a_file):
    r = drill_cli("stats", "--results", str(a_file / "results"))
    assert r.code == 2
    assert r.err == (f"drill: error: cannot write the results folder {a_file / 'results'}: "
                     f"{a_file} is a file, not a folder {HINT}\n")


def test_drill_results_variable_that_is_a_file(drill_cli, a_file, monkeypatch):
    monkeypatch.setenv("DRILL_RESULTS", str(a_file))
    r = drill_cli("status")
    assert r.code == 2 and r.err == f"drill: error: the results folder {a_file} is a file, not a folder {HINT}\n"
