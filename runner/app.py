"""What each command does, end to end: the one library call behind each CLI verb.

This module sits at the bottom of the flow (sources -> drill -> notebook ->
profile -> grade -> store -> review) and is the only one that composes them.
The CLI parses arguments, calls one function here and prints its result; the
notebook's kernel calls the same functions through ``runner.kernel``.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner import drill as drill_folder
from runner import sources
from runner.errors import BadInput, DrillError
from runner.sources.base import Card, Entry
from runner.spec import Spec, load_spec
from runner.store import DrillRow, open_store

LEVELS = (1, 2, 3, 4)


@dataclass
class Started:
    drill_id: str
    notebook: Path
    folder: Path
    card: Card
    seed: int
    notices: list[str] = field(default_factory=list)


def check_level(level: int | None) -> None:
    if level is not None and level not in LEVELS:
        raise BadInput(
            f"unknown level {level}", hint="levels are 1 clean, 2 mixed types, 3 some missing, 4 messy"
        )


def grading_thresholds(spec: Spec) -> dict[str, Any]:
    from runner.profile import merge_thresholds

    return merge_thresholds(spec.grading)


def list_datasets(source: str | None = None, level: int | None = None) -> list[Entry]:
    check_level(level)
    return sources.entries(source, level)


def start(
    dataset_id: str | None = None,
    source: str | None = None,
    level: int | None = None,
    seed: int | None = None,
    spec_name: str = "eda-2h",
    results: str | Path | None = None,
    background_profile: bool = True,
) -> Started:
    """Create a drill: pick and load a dataset, write its folder, record it.

    Either everything lands (folder renamed into place and database row
    committed together) or nothing does.
    """
    check_level(level)
    if dataset_id and (source or level is not None):
        raise BadInput("--dataset cannot be combined with --source or --level", hint="pass one or the other")
    spec = load_spec(spec_name)
    thresholds = grading_thresholds(spec)
    results_dir = drill_folder.resolve_results(results)
    notices: list[str] = []
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    if not dataset_id:
        dataset_id = sources.pick(seed, source, level)
        notices.append(f"picked {dataset_id} (seed {seed}; rerun with --seed {seed} for the same pick)")
    dataset = sources.load(dataset_id)
    built = drill_folder.build(dataset, spec, results_dir, seed, thresholds)
    try:
        store = open_store(results_dir)
        with store, store.transaction():
            store.add_drill(
                DrillRow(
                    id=built.drill_id,
                    dataset_id=built.card.id,
                    source=built.card.source,
                    level=int(built.card.level),
                    title=built.card.title,
                    spec=spec.name,
                    seed=seed,
                    rows=built.card.rows,
                    columns=built.card.columns,
                    notebook=f"{built.drill_id}/{built.notebook_name}",
                    created_at=built.created_at,
                )
            )
            # inside the transaction: if the rename fails, the row is rolled back
            os.rename(built.tmp_dir, built.final_dir)
    except BaseException:
        drill_folder.discard(built)
        raise
    notices += [f"note: {n}" for n in built.card.notes]
    if background_profile:
        notices += _start_profile(built.final_dir, results_dir, thresholds)
    return Started(
        drill_id=built.drill_id,
        notebook=built.final_dir / built.notebook_name,
        folder=built.final_dir,
        card=built.card,
        seed=seed,
        notices=notices,
    )


def _start_profile(folder: Path, results: Path, thresholds: dict[str, Any]) -> list[str]:
    from runner import profile

    try:
        profile.start_background(folder, results / "cache" / "profiles", thresholds)
    except OSError as exc:
        return [f"warning: could not start the background profile ({exc}); `drill grade` will run it"]
    return []


def open_lab(results: str | Path | None, notebook: Path, browser: bool = True) -> tuple[str, bool]:
    from runner import lab

    return lab.open_notebook(drill_folder.resolve_results(results), notebook, browser=browser)


def find_drill(results: str | Path | None, drill_id: str | None = None) -> tuple[DrillRow, Path]:
    """The named drill, or the current one (the most recently started)."""
    results_dir = drill_folder.resolve_results(results)
    if not (results_dir / "drills.sqlite").exists():
        raise BadInput(f"no drills in {results_dir} yet", hint="start one with `drill start`")
    with open_store(results_dir) as store:
        row = store.drill(drill_id) if drill_id else store.latest_drill()
        if row is None and drill_id:
            known = [d.id for d in store.drills()]
            import difflib

            close = difflib.get_close_matches(drill_id, known, n=3)
            raise BadInput(
                f"no drill {drill_id!r} in {results_dir}",
                hint=("did you mean " + ", ".join(close) + "?") if close else "run `drill review` without an id",
            )
    if row is None:
        raise BadInput(f"no drills in {results_dir} yet", hint="start one with `drill start`")
    return row, results_dir


__all__ = ["DrillError", "Started", "find_drill", "list_datasets", "open_lab", "start"]
