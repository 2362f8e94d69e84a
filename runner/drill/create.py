"""``drill start``: pick and load a dataset, write its drill folder, record it, start its profile.

Also the dataset listing and the prefetch for offline days: the verbs that
turn a source into drills.  ``drill start --focus weak`` adds a picker from
:mod:`runner.progress.focus` (this module knows nothing of the learner's history).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner import sources
from runner.drill import debris, hidden
from runner.drill import folder as drill_folder
from runner.drill.startlock import crash_point
from runner.errors import BadInput, DrillError, SourceUnavailable
from runner.grading.thresholds import resolve_thresholds
from runner.sources import catalog
from runner.sources.base import Card, Entry
from runner.spec import Spec, load_spec
from runner.store import DrillRow, Store, has_log, open_store, resolve_results

#: ``picker(seed, level, results, thresholds, notices)`` -> a dataset id, or None to pick at random.
Picker = Callable[[int, "int | None", Path, dict, list], "str | None"]

LEVELS = (1, 2, 3, 4)
#: The chance that a random pick becomes a null drill (every column shuffled on its own; the learner is told only
#: at the grade): ``drill start --null-chance P``, else ``$DRILL_NULL_CHANCE``, else this.
NULL_CHANCE = 0.05
NULL_CHANCE_ENV = "DRILL_NULL_CHANCE"
#: The event that turns a drill's process log on or off (``{"enabled": bool, "reason": str}``);
#: read by :mod:`runner.session.process_log`.
PROCESS_LOG_EVENT = "process-log"


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


def resolve_null_chance(chance: float | None = None) -> float:
    """The chance a random pick is a null drill: ``chance``, else ``$DRILL_NULL_CHANCE``, else :data:`NULL_CHANCE`."""
    where = "--null-chance"
    if chance is None:
        raw = os.environ.get(NULL_CHANCE_ENV, "").strip()
        if not raw:
            return NULL_CHANCE
        where = f"${NULL_CHANCE_ENV}"
        try:
            chance = float(raw)
        except ValueError:
            raise BadInput(f"{where} must be a number from 0 to 1, got {raw!r}", hint="e.g. 0.05; 0 turns null "
                           "drills off") from None
    if not 0 <= chance <= 1:
        raise BadInput(f"{where} must be a number from 0 to 1, got {chance:g}", hint="e.g. 0.05; 0 turns null drills off")
    return chance


def draws_null(seed: int, chance: float) -> bool:
    """Whether the random pick of ``seed`` becomes a null drill (the same seed always decides the same way)."""
    return chance > 0 and random.Random(f"null-pick:{seed}").random() < chance


def grading_thresholds(spec: Spec) -> dict[str, Any]:
    return resolve_thresholds(spec.grading)


def list_datasets(source: str | None = None, level: int | None = None, results: str | Path | None = None) -> list[Entry]:
    check_level(level)
    if source and source != "builtin":
        configure_sources(resolve_results(results))
    return sources.entries(source, level)


def configure_sources(results: Path) -> Path:
    """Register the network sources on the shared pool (returned), moving an old pool kept in
    ``<results>/cache`` there first and dropping the old in-results profile cache (an answer key
    JupyterLab would serve)."""
    from runner.sources.network.relocate import relocate_pool

    pool = catalog.pool_dir()
    old = results / "cache"
    if old.is_dir():
        relocate_pool(old, pool)
        shutil.rmtree(old / "profiles", ignore_errors=True)
        with contextlib.suppress(OSError):
            old.rmdir()  # only if nothing else was kept there
    sources.configure(pool)
    return pool


def start(
    dataset_id: str | None = None,
    source: str | None = None,
    level: int | None = None,
    seed: int | None = None,
    spec_name: str = "eda-2h",
    results: str | Path | None = None,
    background_profile: bool = True,
    max_rows: int | None = None,
    picker: Picker | None = None,
    on_record: Callable[[Store, str], None] | None = None,
    process_log: bool = True,
    null_chance: float | None = None,
) -> Started:
    """Create a drill: pick and load a dataset, write its folder, record it.

    Either everything lands (folder renamed into place and database row
    committed together) or nothing does.  ``picker`` chooses the dataset
    instead of a random pick (``--focus weak``); it may return None to fall
    back to the random pick.  ``on_record(store, drill_id)`` writes more rows in the
    same transaction as the drill's (``drill start --assignment`` records the assignment).
    ``process_log=False`` (``--no-log``), or a spec with ``process_log: false``, records the
    drill with its process log off.  A random pick (no ``dataset_id``, not level 4) becomes a null drill
    with the chance :func:`resolve_null_chance` of ``null_chance``; nothing says so before the grade.
    """
    check_level(level)
    if dataset_id is not None and not dataset_id.strip():
        raise BadInput("--dataset is empty", hint="give an id like builtin:sklearn/iris, or leave it out for a random pick")
    if seed is not None and not 0 <= seed < 2**63:
        raise BadInput(f"--seed must be a whole number from 0 to {2**63 - 1}, got {seed}")
    if dataset_id and (source or level is not None):
        raise BadInput("--dataset cannot be combined with --source or --level", hint="pass one or the other")
    chance = resolve_null_chance(null_chance)
    spec = load_spec(spec_name)
    results_dir = resolve_results(results)
    notices: list[str] = []
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    if spec.kind == "intuition":
        return _start_intuition(spec, seed, results_dir, notices, dataset_id, source, level, max_rows, picker)
    thresholds = grading_thresholds(spec)
    if max_rows is not None and max_rows < 1:
        raise BadInput(f"--max-rows must be at least 1, got {max_rows}")
    # The profile process starts first, at a lower priority (it yields the cores to this start): it
    # imports its libraries while the dataset is picked and loaded and the drill is written, and
    # starts on the snapshot as soon as that is written (before the notebook, the slow part).
    warm = _warm_profile() if background_profile else None
    try:
        pool = configure_sources(results_dir)
        notices += [f"cleaned up after an interrupted start: removed {line}" for line in clean_debris(results_dir)]
        if picker is not None and not dataset_id:
            dataset_id = picker(seed, level, results_dir, thresholds, notices)
        if not dataset_id:
            dataset_id = _pick(seed, source, level, pool, notices)
            notices.append(f"picked {dataset_id} (seed {seed}; rerun with --seed {seed} for the same pick)")
            if not dataset_id.startswith(("mess:", "null:")) and draws_null(seed, chance):
                dataset_id = "null:" + dataset_id  # the notice above stays the base's: the grade reveals it
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            dataset = sources.load(dataset_id, max_rows=max_rows, seed=seed)
    except BaseException:
        if warm is not None:
            warm.abort()
        raise
    notices += [f"warning: {w.message}" for w in caught if issubclass(w.category, UserWarning)]
    handed: list[bool] = []

    def hand(drill_id: str, private_dir: Path) -> None:
        if warm is not None:
            files = hidden.DrillFiles(drill_id, results_dir / drill_id, private_dir)
            with contextlib.suppress(OSError, DrillError):  # else it is started the ordinary way afterwards
                warm.hand(files.profile(), thresholds, hidden.profile_cache())
                handed.append(True)

    try:
        built = drill_folder.build(dataset, spec, results_dir, seed, thresholds, on_snapshot=hand)
    except BaseException:
        if warm is not None:
            warm.abort()
        raise
    try:
        drill_folder.keep_truth(results_dir, built.drill_id, dataset.truth)
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
            if on_record is not None:
                on_record(store, built.drill_id)
            if not (process_log and spec.process_log):
                store.add_event(built.drill_id, time.time(), PROCESS_LOG_EVENT,
                                {"enabled": False, "reason": "--no-log" if not process_log else f"spec {spec.name}"})
            crash_point("inserted")
            # inside the transaction: if the rename fails, the row is rolled back; the folder
            # replaces the empty one that reserved its id
            os.rename(built.tmp_dir, built.final_dir)
            crash_point("renamed")
    except BaseException:
        if warm is not None:
            warm.abort()  # before its folder goes
        drill_folder.discard(built)  # the private folder too, truth and all
        raise
    crash_point("committed")
    if built.lock is not None:
        built.lock.release(built.final_dir)
    notices += [f"note: {n}" for n in built.card.notes if f"warning: {n}" not in notices]  # said once
    if background_profile:
        if warm is not None and not handed:
            warm.abort()
        notices += _start_profile(built, thresholds, warm if handed else None)
    return Started(
        drill_id=built.drill_id,
        notebook=built.final_dir / built.notebook_name,
        folder=built.final_dir,
        card=built.card,
        seed=seed,
        notices=notices,
    )


def _start_intuition(spec: Spec, seed: int, results: Path, notices: list[str], dataset_id: str | None,
                     source: str | None, level: int | None, max_rows: int | None, picker: Picker | None) -> Started:
    """An intuition drill draws its own items from many datasets: no dataset, source, level or focus."""
    from runner.drill.intuition.start import start_intuition

    given = [flag for flag, value in (("--dataset", dataset_id), ("--source", source), ("--level", level),
                                      ("--max-rows", max_rows), ("--focus", picker)) if value is not None]
    if given:
        raise BadInput(f"{', '.join(given)} cannot be used with the {spec.name} drill",
                       hint="its items come from many datasets of the offline catalog; pass --seed to repeat a drill")
    return Started(**start_intuition(spec, seed, results, notices, configure_sources(results)), notices=notices)


def clean_debris(results: Path) -> list[str]:
    """Remove what killed starts left in ``results`` (never a live start's work); one line per removal."""

    def has_row(drill_id: str) -> bool:
        if not has_log(results):
            return False
        with open_store(results) as store:
            return store.drill(drill_id) is not None

    return debris.clean(results, has_row)


def _pick(seed: int, source: str | None, level: int | None, pool: Path, notices: list[str]) -> str:
    """Explicit source: ask it (a network source falls back to its pool, or fails fast).
    No source: OpenML if it answers within 2 s, else the local pool, else the built-in catalog."""
    if source:
        return sources.pick(seed, source, level)
    from runner.sources.network import choose, common

    server = os.environ.get("DRILL_OPENML_SERVER") or common.OPENML_SERVER
    choice = choose.choose_default(pool, level=level, server=server)
    notices.append(choice.reason)
    try:
        return sources.pick(seed, choice.source, level)
    except (SourceUnavailable, BadInput) as exc:
        if choice.source == "builtin":
            raise
        notices.append(f"{choice.source} failed ({exc.one_line()}): using the built-in catalog")
        return sources.pick(seed, "builtin", level)


def prefetch(
    source: str, level: int | None, count: int, results: str | Path | None, seed: int | None = None,
    progress: Callable[[int, int, str], Any] | None = None, max_rows: int | None = None,
) -> Any:
    """Download ``count`` datasets of a network source into the local pool, for offline days."""
    from runner.sources.network import choose
    from runner.sources.network import pool as local_pool

    check_level(level)
    if source not in ("openml", "uci"):
        raise BadInput(f"cannot prefetch from {source!r}", hint="prefetch --source openml or --source uci")
    if count < 1:
        raise BadInput(f"--count must be at least 1, got {count}")
    folder = configure_sources(resolve_results(results))
    kwargs = {} if max_rows is None else {"max_rows": max_rows}
    net = choose.network_source(source, folder, sources.REGISTRY.get(source))
    return local_pool.prefetch(net, level, count, seed, progress, **kwargs)


def _warm_profile() -> Any:
    from runner.profile import Warm

    try:
        return Warm()
    except OSError:
        return None  # started the ordinary way afterwards


def _start_profile(built: drill_folder.BuiltDrill, thresholds: dict[str, Any], warm: Any = None) -> list[str]:
    files = hidden.DrillFiles(built.drill_id, built.final_dir, built.private_dir or built.final_dir)
    target = files.profile()
    if warm is not None:
        return []  # it has its job: it takes the lock when its imports are done
    try:
        target.start(thresholds, hidden.profile_cache())
    except (OSError, DrillError) as exc:
        return [f"warning: could not start the background profile ({exc}); `drill grade` will run it"]
    return []
