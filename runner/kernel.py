"""What the drill notebook's kernel calls: ``drill = open_drill(drill_id, results_dir)``.

Everything here is a thin shell over ``runner.app`` that renders results for
Jupyter (IPython.display); nothing here is needed outside a notebook.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from runner import drill as drill_folder
from runner.errors import DrillError


class NotebookDrill:
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
        self.meta: dict[str, Any] = json.loads((self.folder / drill_folder.DRILL_JSON).read_text())

    @property
    def notebook(self) -> Path:
        return self.folder / f"{self.drill_id}.ipynb"

    def card(self) -> dict[str, Any]:
        return json.loads((self.folder / drill_folder.CARD_JSON).read_text(encoding="utf-8"))

    def show_card(self) -> None:
        from IPython.display import Markdown, display

        display(Markdown((self.folder / drill_folder.CARD_MD).read_text(encoding="utf-8")))

    def data(self) -> Any:
        """The dataset, from the drill's own snapshot (identical every time, offline)."""
        import pandas as pd

        return pd.read_parquet(self.folder / drill_folder.SNAPSHOT)

    def __repr__(self) -> str:
        return f"<drill {self.drill_id}: {self.meta.get('dataset_id')}>"


def open_drill(drill_id: str, results_dir: str | Path | None = None) -> NotebookDrill:
    if not drill_id:
        raise DrillError("this notebook has no drill id", hint="start a drill with `drill start`")
    results = drill_folder.resolve_results(results_dir)
    if not (results / drill_id).is_dir() and Path.cwd().name == drill_id:
        results = Path.cwd().parent  # the results folder was moved: the kernel runs in the drill folder
    return NotebookDrill(drill_id, results)
