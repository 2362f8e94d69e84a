"""``drill start --spec intuition-10m`` (and ``drill quick``): items, a notebook, a row in the log.

Like an EDA drill's start, everything lands or nothing does: the drill folder
is written under a temporary name, the private items file next to it in the
user cache folder, and the folder is renamed into place inside the
transaction that records the drill and its items.  The drill folder holds the
notebook, ``drill.json`` and ``card.json`` (which datasets the items come
from, no values); there is no data snapshot and no background profile.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from runner import atomic
from runner.drill import folder as drill_folder
from runner.drill import notebook
from runner.drill.intuition import private
from runner.drill.intuition.base import Item
from runner.drill.intuition.pick import pick_items
from runner.drill.startlock import new_build_folder
from runner.errors import ResultsNotWritable
from runner.sources.base import Card
from runner.spec import Spec
from runner.store import DrillRow, open_store
from runner.store import intuition as item_log

DATASET_ID = "intuition:builtin"


def expand_items(nb: Any, spec: Spec, parameters: dict[str, Any]) -> Any:
    """Replace the cell tagged ``items`` with a heading and a ``drill.show(n)`` cell per item.

    The heading names the item's kind only: prompts carry dataset text, which is
    shown escaped by the kernel, never as notebook markdown.
    """
    import nbformat.v4 as v4

    kinds = parameters["item_kinds"]
    out = []
    for cell in nb.cells:
        if "items" not in notebook.tags(cell):
            out.append(cell)
            continue
        for n, kind in enumerate(kinds, start=1):
            out.append(v4.new_markdown_cell(f"### Item {n} of {len(kinds)} · {kind.replace('_', ' ')}",
                                            metadata={"tags": ["item-heading"], "editable": False}))
            out.append(v4.new_code_cell(f"drill.show({n})", metadata={"tags": ["item", f"item-{n}"]}))
    nb.cells = out
    return nb


STEPS = [notebook.show_minutes, expand_items, notebook.stamp_metadata]


def card_for(spec: Spec, items: list[Item]) -> Card:
    datasets = Counter(f"{i.dataset_title} ({i.dataset_id})" for i in items)
    lines = [f"{len(items)} items from {len(datasets)} datasets:"] + [f"- {name}" for name in sorted(datasets)]
    source = "builtin" if all(i.dataset_id.startswith("builtin:") for i in items) else "mixed"
    return Card(id=DATASET_ID if source == "builtin" else "intuition:mixed", source=source, title=spec.title,
                description="\n".join(lines), rows=len(items), columns=0, level=0,
                origin="the offline catalog" + ("" if source == "builtin" else " and the local pool"))


def start_intuition(spec: Spec, seed: int, results: Path, notices: list[str], pool: Path | None = None) -> dict[str, Any]:
    """Create an intuition drill (its pool items from ``pool``); returns the fields of
    :class:`runner.drill.create.Started`."""
    picked = pick_items(spec, seed, pool)
    notices += picked.notices
    notices.append(f"{len(picked.items)} items from {len(set(i.dataset_id for i in picked.items))} datasets "
                   f"(seed {seed}; rerun with --seed {seed} for the same items)")
    card = card_for(spec, picked.items)
    try:
        results.mkdir(parents=True, exist_ok=True, mode=atomic.DIR_MODE)
        tmp_dir, lock = new_build_folder(results)  # locked until logged, like an EDA drill's (runner.drill.startlock)
    except OSError as exc:
        raise ResultsNotWritable(f"cannot write the results folder {results}: {exc.strerror or exc}",
                                 hint="pass --results DIR or set DRILL_RESULTS") from None
    drill_id = ""
    try:
        drill_id = drill_folder.new_drill_id(results, f"intuition-{spec.name.split('-')[-1]}", reserve=lock.reserve)
        created_at = drill_folder.now_iso()
        meta = {"drill_id": drill_id, "dataset_id": card.id, "spec": spec.name, "kind": spec.kind, "seed": seed,
                "created_at": created_at, "phase_minutes": spec.phase_minutes, "items": len(picked.items)}
        (tmp_dir / drill_folder.DRILL_JSON).write_text(json.dumps(meta, indent=2), encoding="utf-8")
        (tmp_dir / drill_folder.CARD_JSON).write_text(json.dumps(card.to_json(), indent=2), encoding="utf-8")
        notebook_name = f"{drill_id}.ipynb"
        parameters = {"drill_id": drill_id, "dataset_id": card.id, "results_dir": str(results), "seed": seed,
                      "spec": spec.name, "phase_minutes": spec.phase_minutes, "items": len(picked.items)}
        notebook.instantiate(spec, parameters, tmp_dir / notebook_name,
                             steps=[_with_kinds(step, picked.items) for step in STEPS])
        for written in tmp_dir.iterdir():  # the learner's alone, whatever the umask (runner.atomic)
            written.chmod(atomic.MODE)
        private.write_items(results, drill_id, picked.items, seed)
        with open_store(results) as store, store.transaction():
            store.add_drill(DrillRow(
                id=drill_id, dataset_id=card.id, source=card.source, level=0, title=spec.title, spec=spec.name,
                seed=seed, rows=len(picked.items), columns=0, notebook=f"{drill_id}/{notebook_name}",
                created_at=created_at))
            item_log.add_items(store, drill_id, [i.public() for i in picked.items])
            os.rename(tmp_dir, results / drill_id)
    except BaseException:
        lock.close()
        shutil.rmtree(tmp_dir, ignore_errors=True)
        if drill_id:
            shutil.rmtree(results / drill_id, ignore_errors=True)
            private.discard(results, drill_id)
        raise
    lock.release(results / drill_id)
    return {"drill_id": drill_id, "notebook": results / drill_id / notebook_name, "folder": results / drill_id,
            "card": card, "seed": seed}


def _with_kinds(step: Any, items: list[Item]) -> Any:
    """A step that sees the items' kinds among the parameters (papermill injects only the count)."""
    kinds = [i.kind for i in items]
    return lambda nb, spec, parameters: step(nb, spec, {**parameters, "item_kinds": kinds})
