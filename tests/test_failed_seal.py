"""Next phase with the hypotheses cell deleted: the drill stays in phase 1 and says how to recover (issue 10,
defect 6).  Reproduced as reported: the learner deletes the cell (``x`` in command mode), saves, presses
Next phase; the timer used to move to phase 2 with small grey text saying "could not seal".
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from runner.drill import notebook
from runner.drill.locate import locate
from runner.kernel import DataHiddenError, open_drill
from runner.session import actions
from runner.session.recover import restore_hypotheses
from runner.session.seal import hypotheses_text
from tests.log_support import query
from tests.test_grade import start, write_hypotheses

MISSING = ("Still in phase 1: the saved notebook has no hypotheses cell, so nothing could be sealed. Undo the "
           "deletion (Edit > Undo Cell Operation, or z in command mode), save with Ctrl+S and press Next phase "
           "again; or run drill.restore_hypotheses() in a cell to put the cell back from the template.")


def delete_hypotheses_cell(nb: Path) -> None:
    book = nbformat.read(nb, as_version=4)
    book.cells = [c for c in book.cells if "hypotheses" not in notebook.tags(c)]
    nbformat.write(book, nb)


def other_cells(nb: Path) -> list[dict]:
    return [{k: c[k] for k in ("cell_type", "source", "metadata")}
            for c in nbformat.read(nb, as_version=4).cells if "hypotheses" not in notebook.tags(c)]


@pytest.fixture
def nb(drill_cli, results) -> Path:
    path = start(drill_cli, results, "builtin:sklearn/iris")
    write_hypotheses(path, "- duplicates\n")
    actions.clock(locate(path), "start")
    return path


@pytest.fixture
def deleted(nb) -> Path:
    delete_hypotheses_cell(nb)
    return nb


def test_next_phase_without_the_cell_stays_in_phase_one_and_says_how_to_recover(deleted, results):
    update = actions.clock(locate(deleted), "next", expected=0)
    assert (update.moved, update.clock["phase"], update.problem) == (False, "hypotheses", MISSING)
    assert query(results, "SELECT count(*) FROM seals") == [(0,)]
    with pytest.raises(DataHiddenError):
        open_drill(deleted.parent.name, results).data()


def test_pressing_again_never_moves_on_without_a_seal(deleted):
    loc = locate(deleted)
    actions.clock(loc, "next", expected=0)
    assert actions.clock(loc, "next", expected=0, force=True).clock["phase"] == "hypotheses"


def test_the_timer_shows_the_recovery_as_an_alert(deleted, results):
    timer = open_drill(deleted.parent.name, results).timer()
    timer._on_message(timer, {"action": "next", "expected": 0}, [])
    assert (timer.alert, timer.message, timer.state["phase"]) == (MISSING, "", "hypotheses")
    timer._on_message(timer, {"action": "read"}, [])  # a page reload keeps showing it
    assert timer.alert == MISSING


def test_restore_puts_the_template_cell_back_before_the_seal_cell(deleted):
    before = other_cells(deleted)
    restored = restore_hypotheses(locate(deleted))
    book = nbformat.read(deleted, as_version=4)
    tags = [notebook.tags(c) for c in book.cells]
    at = tags.index(["hypotheses"])
    assert restored.restored and tags[at + 1] == ["seal"] and tags[at - 1] == ["timer"]
    assert hypotheses_text(book).startswith("*Your hypotheses, one per line")
    assert other_cells(deleted) == before
    nbformat.validate(book)


def test_after_restoring_next_phase_seals_and_moves_on(deleted, results):
    restore_hypotheses(locate(deleted))
    write_hypotheses(deleted, "- duplicates\n")
    update = actions.clock(locate(deleted), "next", expected=0)
    assert update.moved and update.clock["phase"] == "explore" and update.problem is None
    assert query(results, "SELECT text FROM seals") == [("- duplicates",)]


def test_restore_when_the_cell_is_there_changes_nothing(nb):
    before = nb.read_bytes()
    assert not restore_hypotheses(locate(nb)).restored
    assert nb.read_bytes() == before


def test_restore_after_the_seal_brings_back_the_sealed_text(nb):
    actions.clock(locate(nb), "next", expected=0)
    delete_hypotheses_cell(nb)
    restore_hypotheses(locate(nb))
    assert hypotheses_text(nbformat.read(nb, as_version=4)) == "- duplicates"


def test_restore_from_the_notebook(deleted, results, capsys):
    open_drill(deleted.parent.name, results).restore_hypotheses()
    printed = capsys.readouterr().out
    assert printed.startswith(f"The hypotheses cell is back in the saved notebook {deleted.name}, from the template.")
    assert "File > Reload Notebook from Disk" in printed
    assert json.loads(deleted.read_text())["metadata"]["eda_drill"]["drill_id"] == deleted.parent.name
