"""Drill notebooks: instantiate a template, read cells by tag, write atomically.

Cells are always found by their ``tags`` metadata, never by position: the
learner may add, move or delete cells.

May import: ``runner.atomic``, ``runner.errors``, ``runner.spec``; papermill and
nbformat only inside functions (reading a notebook must stay fast).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from runner import atomic
from runner.errors import NotebookError
from runner.spec import Spec

# Notebook-level metadata key that ties a notebook to its drill, even if moved.
META_KEY = "eda_drill"

Step = Callable[[Any, Spec, dict[str, Any]], Any]


def tags(cell: Any) -> list[str]:
    metadata = cell.get("metadata")
    found = metadata.get("tags") if isinstance(metadata, dict) else None
    return [t for t in found if isinstance(t, str)] if isinstance(found, list) else []


def cells_tagged(nb: Any, tag: str) -> list[Any]:
    return [c for c in nb.cells if tag in tags(c)]


def cell_text(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def tagged_text(nb: Any, tag: str, separator: str = "\n\n") -> str | None:
    """The text of every cell tagged ``tag``, stripped and joined in notebook order; None when
    no cell carries the tag or every one is empty."""
    text = separator.join(cell_text(c).strip() for c in cells_tagged(nb, tag))
    return text or None


class Node(dict):
    """A dict with attribute access, like ``nbformat.NotebookNode``, without importing nbformat.

    Reading a notebook is on the grading path, and ``import nbformat`` pulls in
    jsonschema's format checkers (seconds of start-up), so reads use the
    standard library and check the shape themselves.
    """

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value


def _nodes(obj: Any) -> Any:
    if isinstance(obj, dict):
        return Node({k: _nodes(v) for k, v in obj.items()})
    if isinstance(obj, list):
        return [_nodes(v) for v in obj]
    return obj


def read(path: Path) -> Any:
    """Read a notebook (nbformat 4), or raise a one-line NotebookError."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotebookError(f"no notebook at {path}") from None
    except IsADirectoryError:
        raise NotebookError(f"{path} is a folder, not a notebook") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise NotebookError(f"{path} is not a valid notebook (not JSON: {str(exc).splitlines()[0]})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list) or raw.get("nbformat") != 4:
        raise NotebookError(f"{path} is not a valid notebook (expected nbformat 4 JSON with a list of cells)")
    if not all(isinstance(c, dict) for c in raw["cells"]):
        raise NotebookError(f"{path} is not a valid notebook (a cell is not a JSON object)")
    raw.setdefault("metadata", {})
    return _nodes(raw)


def write_atomic(nb: Any, path: Path) -> None:
    """Write next to the target, then rename: a crash never leaves half a notebook."""
    import nbformat

    atomic.write_text(path, nbformat.writes(nb))


# Instantiation steps ---------------------------------------------------------
# Each step has one signature, (nb, spec, parameters) -> nb, and the order
# matters: papermill must inject parameters first (it finds the cell tagged
# `parameters`); minutes and the checklist come from the spec next, so that the
# metadata stamp last describes the finished notebook.


def expand_checklist(nb: Any, spec: Spec, parameters: dict[str, Any]) -> Any:
    """Replace the cell tagged ``checklist`` with one heading + work cell per item."""
    import nbformat.v4 as v4

    out = []
    for cell in nb.cells:
        if "checklist" not in tags(cell):
            out.append(cell)
            continue
        for n, item in enumerate(spec.checklist, start=1):
            timed = (f"\n\n*Timed task: {item.task}, measured from your cells (the process log): from the first "
                     "cell that does it to the last one in a row.*") if item.task else ""
            out.append(
                v4.new_markdown_cell(
                    f"### {n}. {item.title}\n\n{item.prompt}{timed}",
                    metadata={"tags": ["checklist-item", f"checklist-{item.key}"], "editable": False},
                )
            )
            code = ("# time your code does not show (reading, sketching) with a start/stop button:\n"
                    f"# drill.task_timer({item.task!r})\n") if item.task else ""
            out.append(v4.new_code_cell(code, metadata={"tags": ["work", f"work-{item.key}"]}))
    nb.cells = out
    return nb


def show_minutes(nb: Any, spec: Spec, parameters: dict[str, Any]) -> Any:
    """Fill ``{phase_key}`` placeholders in the intro and phase headings with the spec's minutes."""
    for cell in nb.cells:
        if {"intro", "phase"} & set(tags(cell)):
            text = cell_text(cell)
            for phase in spec.phases:
                text = text.replace("{" + phase.key + "}", f"{phase.minutes:g}")
            cell.source = text
    return nb


def stamp_metadata(nb: Any, spec: Spec, parameters: dict[str, Any]) -> Any:
    nb.metadata[META_KEY] = {
        "drill_id": parameters["drill_id"],
        "dataset_id": parameters["dataset_id"],
        "spec": spec.name,
    }
    return nb


STEPS: list[Step] = [show_minutes, expand_checklist, stamp_metadata]


def instantiate(spec: Spec, parameters: dict[str, Any], out_path: Path, steps: Iterable[Step] = STEPS) -> Path:
    """Instantiate ``spec.template`` at ``out_path`` with papermill's ``prepare_only``."""
    import papermill

    nb = papermill.execute_notebook(
        str(spec.template),
        str(out_path),
        parameters=parameters,
        prepare_only=True,
        progress_bar=False,
        log_output=False,
    )
    for step in steps:
        nb = step(nb, spec, parameters)
    write_atomic(nb, out_path)
    return out_path


def _mapping(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def injected_parameters(nb: Any) -> dict[str, Any]:
    """The parameters papermill injected (from its metadata, not by parsing code)."""
    return _mapping(_mapping(_mapping(nb.get("metadata")).get("papermill")).get("parameters"))


def drill_meta(nb: Any) -> dict[str, Any]:
    """The notebook's tie to its drill (empty when missing or damaged)."""
    return _mapping(_mapping(nb.get("metadata")).get(META_KEY))
