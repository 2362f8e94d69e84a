"""Sealing hypotheses: their text, a sha256 and the time, fixed at the end of phase 1.

The sealed text is the concatenation of every markdown cell tagged
``hypotheses``, in notebook order.  A later grade compares the notebook's
current text with the seal: ``sealed`` (unchanged), ``edited`` (changed after
the seal; the diff is shown) or ``unsealed`` (never sealed).
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from typing import Any

from runner import notebook

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
