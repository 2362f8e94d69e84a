"""Finding a drill: the current one, one by id, or the one a notebook belongs to.

Every command that works on an existing drill (seal, grade, review, status,
open, export, the notebook's kernel) finds it here and nowhere else.

May import: ``runner.drill.folder``, ``runner.drill.notebook``, ``runner.sources.base``,
``runner.store``, ``runner.errors``.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.drill import folder as drill_folder
from runner.drill import notebook
from runner.errors import BadInput, NotebookError
from runner.sources.base import Card
from runner.store import DrillRow, Store, has_log, open_store, resolve_results


def find_drill(results: str | Path | None, drill_id: str | None = None) -> tuple[DrillRow, Path]:
    """The named drill, or the current one (the most recently started)."""
    results_dir = resolve_results(results)
    if not has_log(results_dir):
        raise BadInput(f"no drills in {results_dir} yet", hint="start one with `drill start`")
    with open_store(results_dir) as store:
        row = store.drill(drill_id) if drill_id else store.latest_drill()
        if row is None and drill_id:
            known = [d.id for d in store.drills()]
            close = difflib.get_close_matches(drill_id, known, n=3)
            raise BadInput(
                f"no drill {drill_id!r} in {results_dir}",
                hint=("did you mean " + ", ".join(close) + "?") if close else "run `drill review` without an id",
            )
    if row is None:
        raise BadInput(f"no drills in {results_dir} yet", hint="start one with `drill start`")
    return row, results_dir


@dataclass
class Located:
    """A drill as found on disk: its row (rebuilt if the database lost it), folder, notebook."""

    row: DrillRow
    results: Path
    folder: Path
    notebook: Path

    @property
    def meta(self) -> dict[str, Any]:
        return read_drill_file(self.folder, drill_folder.DRILL_JSON)

    @property
    def card(self) -> Card:
        return Card.from_json(read_drill_file(self.folder, drill_folder.CARD_JSON))


def read_drill_file(folder: Path, name: str) -> dict[str, Any]:
    """A drill folder's JSON file (drill.json, card.json), or a one-line error if it is damaged."""
    path = folder / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(f"{path} is missing", hint="the drill folder is incomplete; start a new drill") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"{path} is damaged ({str(exc).splitlines()[0]})", hint="restore it or start a new drill") from None
    if not isinstance(data, dict):
        raise BadInput(f"{path} is damaged (expected a JSON object)", hint="restore it or start a new drill")
    return data


def locate(notebook_path: str | Path | None = None, results: str | Path | None = None) -> Located:
    """The drill a notebook belongs to, or the current drill of ``results``.

    A notebook is tied to its drill by its metadata, so a notebook moved out
    of its folder still finds the drill in the results folder; a drill whose
    database row was lost gets the row back from its ``drill.json``.
    """
    if notebook_path is None:
        row, results_dir = find_drill(results)
        folder = results_dir / row.id
        return Located(row, results_dir, folder, results_dir / row.notebook)
    nb_path = Path(notebook_path).expanduser().resolve()
    meta = notebook.drill_meta(notebook.read(nb_path))
    drill_id = meta.get("drill_id")
    if not isinstance(drill_id, str) or not drill_id or "/" in drill_id:
        raise NotebookError(f"{nb_path} is not a drill notebook (it has no eda_drill metadata)")
    if (nb_path.parent / drill_folder.DRILL_JSON).is_file():
        folder, results_dir = nb_path.parent, nb_path.parent.parent
    else:
        results_dir = resolve_results(results)
        folder = results_dir / drill_id
    if not (folder / drill_folder.DRILL_JSON).is_file():
        raise BadInput(f"the drill folder of {drill_id} is missing ({folder})", hint="pass --results DIR")
    _check_belongs(nb_path, drill_id, folder)
    with open_store(results_dir) as store:
        row = store.drill(drill_id) or _restore_row(store, folder, nb_path)
    return Located(row, results_dir, folder, nb_path)


def _check_belongs(nb_path: Path, drill_id: str, folder: Path) -> None:
    """The notebook's drill id, its folder's ``drill.json`` and the folder's name must agree: a notebook
    copied into another drill's folder (or a copied folder) must never grade or seal the other drill."""
    owner = read_drill_file(folder, drill_folder.DRILL_JSON).get("drill_id")
    if owner != drill_id:
        raise NotebookError(
            f"{nb_path} belongs to drill {drill_id} (its metadata) but sits in the folder of drill {owner}",
            hint=f"grade or seal each drill's own notebook ({folder.parent / str(owner) / f'{owner}.ipynb'} for "
            f"{owner}); to reuse hypotheses, copy the cell's text into that notebook",
        )
    if folder.name != owner:
        raise NotebookError(
            f"the folder {folder} holds drill {owner} (its drill.json) under another name",
            hint=f"a copied or renamed drill folder: use the drill's own folder {folder.parent / owner}",
        )


def _restore_row(store: Store, folder: Path, nb_path: Path) -> DrillRow:
    meta = read_drill_file(folder, drill_folder.DRILL_JSON)
    card = Card.from_json(read_drill_file(folder, drill_folder.CARD_JSON))
    row = DrillRow(
        id=meta["drill_id"], dataset_id=card.id, source=card.source, level=int(card.level), title=card.title,
        spec=meta["spec"], seed=meta.get("seed"), rows=card.rows, columns=card.columns,
        notebook=os.path.relpath(nb_path, folder.parent), created_at=meta["created_at"],
    )
    store.add_drill(row)
    return row

