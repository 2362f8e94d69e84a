"""Getting a drill back on track: ``drill.restore_hypotheses()`` after the hypotheses cell was deleted.

A beginner presses ``x`` in command mode and the hypotheses cell is gone; Next
phase then cannot seal and keeps the drill in phase 1 (:mod:`runner.session.actions`).
This puts a cell tagged ``hypotheses`` back into the saved notebook, where the
template has it (before the cell tagged ``seal``), with the template's text (or
the sealed text, if the hypotheses were sealed before the cell went), and
changes nothing else.  The notebook is rewritten atomically.

May import: ``runner.drill``, ``runner.store``, ``runner.spec``, ``runner.errors``.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from typing import Any

from runner.drill import notebook
from runner.drill.locate import Located
from runner.errors import NotebookError
from runner.spec import load_spec
from runner.store import open_store

TAG = "hypotheses"
RELOAD = ("Reload it to see the cell: File > Reload Notebook from Disk (if JupyterLab says the file changed "
          "on disk, choose Revert).")


@dataclass
class Restored:
    restored: bool
    message: str


def _template_cell(spec_name: str) -> Any:
    cells = notebook.cells_tagged(notebook.read(load_spec(spec_name).template), TAG)
    if not cells:
        raise NotebookError(f"the template of {spec_name} has no cell tagged `{TAG}`")
    return cells[0]


def _position(cells: list[Any]) -> int:
    """Where the template puts the hypotheses: just before the seal cell, else at the end of phase 1."""
    def first(tag: str) -> int | None:
        return next((i for i, c in enumerate(cells) if tag in notebook.tags(c)), None)

    for tag, after in (("seal", 0), ("phase-explore", 0), ("phase-hypotheses", 1)):
        found = first(tag)
        if found is not None:
            return found + after
    return len(cells)


def restore_hypotheses(loc: Located) -> Restored:
    """Put a tagged hypotheses cell back into ``loc``'s saved notebook (nothing else changes)."""
    import nbformat

    nb = notebook.read(loc.notebook)  # a clear one-line error if it is missing or damaged
    if notebook.cells_tagged(nb, TAG):
        return Restored(False, f"{loc.notebook.name} already has a hypotheses cell: nothing to restore. If you "
                               "do not see it, save your work and reload the notebook from disk.")
    with open_store(loc.results) as store:
        sealed = store.get_seal(loc.row.id)
    cell = nbformat.from_dict(copy.deepcopy(dict(_template_cell(loc.row.spec))))
    book = nbformat.reads(loc.notebook.read_text(encoding="utf-8"), as_version=4)
    if sealed is not None:
        cell.source = sealed["text"]
    if (book.nbformat, book.nbformat_minor) >= (4, 5):
        cell["id"] = uuid.uuid4().hex[:8]
    else:
        cell.pop("id", None)
    book.cells.insert(_position(book.cells), cell)
    notebook.write_atomic(book, loc.notebook)
    what = "with your sealed hypotheses" if sealed is not None else "from the template"
    return Restored(True, f"The hypotheses cell is back in the saved notebook {loc.notebook.name}, {what}. {RELOAD}"
                          + ("" if sealed is not None else " Then write your hypotheses, save, and press Next phase."))
