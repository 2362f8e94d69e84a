"""The private items file: truths and plotted data, outside the folder JupyterLab serves.

``private_folder(results, drill_id)/items.json`` (:func:`runner.drill.folder.private_folder`,
in the user cache folder) holds every item whole: its rows, the data its plot
needs and its truth.  Nothing of it is written into the drill folder or the
notebook; the log gets an item's truth only with its answer.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from runner import atomic
from runner.drill.folder import private_folder
from runner.drill.intuition.base import Item
from runner.errors import DrillError

ITEMS_FILE = "items.json"
FORMAT = 1


def items_path(results: Path, drill_id: str) -> Path:
    return private_folder(results, drill_id) / ITEMS_FILE


def write_items(results: Path, drill_id: str, items: list[Item], seed: int) -> Path:
    path = items_path(results, drill_id)
    atomic.write_json(path, {"format": FORMAT, "drill_id": drill_id, "seed": seed,
                             "items": [i.to_json() for i in items]})
    return path


def read_items(results: Path, drill_id: str) -> list[Item]:
    """The drill's items, whole; a one-line DrillError when the file is gone or damaged."""
    path = items_path(results, drill_id)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [Item.from_json(i) for i in raw["items"]]
    except FileNotFoundError:
        raise DrillError(f"the items of {drill_id} are missing ({path})",
                         hint="they live in the user cache folder: was it cleared? start a new drill") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DrillError(f"the items of {drill_id} are damaged ({path}: {exc})", hint="start a new drill") from None


def discard(results: Path, drill_id: str) -> None:
    shutil.rmtree(private_folder(results, drill_id), ignore_errors=True)
