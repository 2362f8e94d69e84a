"""Sealing hypotheses: their text, a sha256 and the time, fixed at the end of phase 1.

The sealed text is the concatenation of every markdown cell tagged
``hypotheses``, in notebook order.  A later grade compares the notebook's
current text with the seal: ``sealed`` (unchanged), ``edited`` (changed after
the seal; the diff is shown) or ``unsealed`` (never sealed).

The seal is also written into the drill folder (``seal.json``), so the
folder alone can rebuild the log (``drill repair``).  Sealing publishes the
data into the drill folder (:mod:`runner.drill.hidden`).

May import: ``runner.drill`` (to find the drill, read its notebook, publish its data),
``runner.grading.grammar`` (to count the claims), ``runner.store``.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.drill import folder as drill_folder
from runner.drill import hidden, notebook, records
from runner.drill.locate import locate
from runner.errors import NotebookError
from runner.grading.grammar import parse_markdown
from runner.store import open_store

CELL_SEPARATOR = "\n\n"


def hypotheses_text(nb: Any) -> str | None:
    """The text of the hypotheses cells, or None when the learner deleted every one."""
    cells = notebook.cells_tagged(nb, "hypotheses")
    if not cells:
        return None
    return CELL_SEPARATOR.join(notebook.cell_text(c).strip() for c in cells)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class SealState:
    state: str  # sealed | edited | unsealed
    sealed_at: str | None = None
    sha256: str | None = None
    diff: list[str] | None = None

    @property
    def unchanged(self) -> bool:
        return self.state == "sealed"

    def to_json(self) -> dict[str, Any]:
        return {"state": self.state, "sealed_at": self.sealed_at, "sha256": self.sha256, "diff": self.diff or []}

    def describe(self) -> str:
        if self.state == "sealed":
            return f"hypotheses sealed at {self.sealed_at} and unchanged since"
        if self.state == "edited":
            return f"hypotheses sealed at {self.sealed_at} but edited afterwards ({len(self.diff or [])} changed lines)"
        return "hypotheses were never sealed"


def compare(current: str | None, seal: dict[str, Any] | None) -> SealState:
    """Where the hypotheses stand against the stored seal (``store.get_seal`` row)."""
    if seal is None:
        return SealState("unsealed")
    if current is not None and digest(current) == seal["sha256"]:
        return SealState("sealed", seal["sealed_at"], seal["sha256"])
    diff = [
        line
        for line in difflib.unified_diff(
            seal["text"].splitlines(), (current or "").splitlines(), "sealed", "now", lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    return SealState("edited", seal["sealed_at"], seal["sha256"], diff)


def hypotheses_or_seal(nb: Any, sealed: dict[str, Any] | None, nb_path: Path) -> str:
    text = hypotheses_text(nb)
    if text is not None:
        return text
    if sealed is not None:
        return sealed["text"]  # the learner deleted the cell after sealing: grade what was sealed
    raise NotebookError(
        f"{nb_path} has no cell tagged `hypotheses`",
        hint="add a markdown cell, tag it `hypotheses` (View > Cell toolbar > Tags) and write one claim per bullet",
    )


@dataclass
class Sealed:
    drill_id: str
    sealed_at: str
    sha256: str
    claims: int
    already: bool


def seal_hypotheses(notebook_path: str | Path | None = None, results: str | Path | None = None) -> Sealed:
    """Store the hypotheses' text, sha256 and time; sealing twice keeps the first seal."""
    loc = locate(notebook_path, results)
    nb = notebook.read(loc.notebook)
    with open_store(loc.results) as store:
        existing = store.get_seal(loc.row.id)
        if existing is None:
            text = hypotheses_or_seal(nb, None, loc.notebook)
            store.seal(loc.row.id, drill_folder.now_iso(), digest(text), text)
        record = store.get_seal(loc.row.id)
    if existing is None or records.read_seal(loc.folder, loc.row.id) is None:
        records.write_seal(loc.folder, record)  # the folder keeps its seal: `drill repair` reads it
    hidden.DrillFiles.of(loc).publish_data()  # sealed: the data joins the notebook in the drill folder
    claims = len(parse_markdown(record["text"], loc.card.column_names))
    return Sealed(loc.row.id, record["sealed_at"], record["sha256"], claims, already=existing is not None)
