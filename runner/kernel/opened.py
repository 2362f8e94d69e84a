"""What every drill's notebook object shares: its folder, its notebook, finding it again, and the clock.

:class:`~runner.kernel.api.NotebookDrill` (an EDA drill) and
:class:`~runner.kernel.intuition.drill.IntuitionDrill` build on :class:`OpenedDrill`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from runner.drill import folder as drill_folder
from runner.drill.locate import Located, find_drill, locate
from runner.errors import DrillError
from runner.session import actions


class OpenedDrill:
    """One drill, seen from its notebook."""

    def __init__(self, drill_id: str, results: Path) -> None:
        self.drill_id = drill_id
        self.results = results
        self.folder = results / drill_id
        if not (self.folder / drill_folder.DRILL_JSON).is_file():
            raise DrillError(
                f"no drill folder {self.folder}",
                hint="was it moved? pass the new results folder to open_drill(drill_id, results_dir)",
            )
        self.meta: dict[str, Any] = json.loads((self.folder / drill_folder.DRILL_JSON).read_text(encoding="utf-8"))
        self._timer: Any = None

    @property
    def notebook(self) -> Path:
        return self.folder / f"{self.drill_id}.ipynb"

    def _loc(self) -> Located:
        if self.notebook.is_file():
            return locate(self.notebook, self.results)  # restores a lost database row
        row, results = find_drill(self.results, self.drill_id)
        return Located(row, results, self.folder, results / row.notebook)

    # the clock ------------------------------------------------------------------
    def timer(self) -> Any:
        """The phase countdown (one widget per kernel: every display shows the same clock)."""
        if self._timer is None:
            from runner.kernel.timer import Timer

            self._timer = Timer(
                lambda action, expected, force: actions.clock(self._loc(), action, expected, force=force),
                reconnect=self._setup_code(),
            )
        else:
            self._timer.refresh()
        return self._timer

    def _setup_code(self) -> str:
        """What the setup cell does, for the timer's Reconnect button after a kernel restart."""
        return (f"from runner.kernel import open_drill\n"
                f"drill = open_drill({self.drill_id!r}, {str(self.results)!r})\ndrill.timer();")

    def status(self) -> dict[str, Any]:
        return actions.clock(self._loc()).clock
