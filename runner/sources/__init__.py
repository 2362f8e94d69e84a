"""Dataset sources, found through one registry.

Ids are ``SOURCE:KEY`` (``builtin:sklearn/iris``, ``file:/tmp/x.csv``,
``openml:61``, ``uci:53``, and ``mess:<base id>`` / ``null:<base id>`` for
planted and null variants of any of them).  The registry lives here; the
built-in sources (``builtin``, ``file``), the network ones (``openml``,
``uci``, ``pool``, in the ``network`` subpackage) and the variants (``mess``,
``null``, in the ``planted`` subpackage, handed :func:`load` for their base)
are registered through it, never by importing it.

Owns: loading data and its card, levels, the offline catalog, the network
clients and the local pool.  May import: ``runner.errors``, ``runner.atomic``;
never drill, notebook, session, profile or grading code (import-linter).
"""

from __future__ import annotations

import difflib
import os
import random
from pathlib import Path

from runner.errors import BadInput, UnknownDataset
from runner.sources import levels
from runner.sources.base import Card, Dataset, Entry, Source

REGISTRY: dict[str, Source] = {}

# A random pick prefers datasets of at least this many rows: fewer is too little for a
# two-hour drill (they can still be chosen by id with --dataset).
MIN_DRILL_ROWS = 10


def register(source: Source) -> Source:
    REGISTRY[source.name] = source
    return source


def _ensure_builtins() -> None:
    # Built-in sources register through the same registry as any other (imported on first use:
    # listing the catalog needs pandas, and `drill --help` must stay quick).
    if "builtin" not in REGISTRY:
        from runner.sources.builtin import BuiltinSource
        from runner.sources.file import FileSource

        register(BuiltinSource())
        register(FileSource())
    if "mess" not in REGISTRY:
        from runner.sources.planted import planted_sources

        for variant in planted_sources(load):
            register(variant)


def configure(cache_dir: Path) -> None:
    """Register the network sources (``openml``, ``uci``) and the local ``pool`` for one cache folder.

    The servers can be pointed elsewhere (a mirror, a recorded-response server)
    with ``DRILL_OPENML_SERVER`` and ``DRILL_UCI_SERVER``.
    """
    from runner.sources.network import choose, common

    servers = {
        "openml_server": os.environ.get("DRILL_OPENML_SERVER") or common.OPENML_SERVER,
        "uci_server": os.environ.get("DRILL_UCI_SERVER") or common.UCI_SERVER,
    }
    for source in choose.network_sources(cache_dir, **servers):
        register(source)


def get_source(name: str) -> Source:
    _ensure_builtins()
    try:
        return REGISTRY[name]
    except KeyError:
        raise BadInput(
            f"unknown source {name!r}", hint="choose one of " + ", ".join(sorted(REGISTRY))
        ) from None


def split_id(dataset_id: str) -> tuple[str, str]:
    source, sep, key = dataset_id.partition(":")
    if not sep or not key:
        raise UnknownDataset(dataset_id, close=close_matches(dataset_id))
    return source, key


def entries(source: str | None = None, level: int | None = None) -> list[Entry]:
    _ensure_builtins()
    if level is not None and level not in (1, 2, 3, 4):
        raise BadInput(f"unknown level {level}", hint="levels are 1 clean, 2 mixed types, 3 some missing, 4 messy")
    names = [source] if source else ["builtin"]
    found: list[Entry] = []
    for name in names:
        found += [e for e in get_source(name).entries() if level is None or e.level == level]
    return found


def close_matches(dataset_id: str, n: int = 3) -> list[str]:
    ids = [e.id for e in entries()]
    return difflib.get_close_matches(dataset_id, ids, n=n, cutoff=0.6) or difflib.get_close_matches(
        dataset_id.lower(), [i.lower() for i in ids], n=n, cutoff=0.5
    )


def load(dataset_id: str, max_rows: int | None = None, seed: int | None = None) -> Dataset:
    """Load ``SOURCE:KEY``; ``max_rows`` caps (with a seeded sample) what network sources download."""
    source, key = split_id(dataset_id)
    if source not in REGISTRY:
        _ensure_builtins()
    if source not in REGISTRY:
        raise UnknownDataset(dataset_id, close=close_matches(dataset_id))
    loader = REGISTRY[source]
    if getattr(loader, "seeded", False):  # planted and null variants: drawn from the seed
        return loader.load(key, seed=seed, max_rows=max_rows)  # type: ignore[call-arg]
    if max_rows is not None and hasattr(loader, "fetch"):  # network sources sample large downloads
        return loader.load(key, max_rows=max_rows, seed=seed)  # type: ignore[call-arg]
    return loader.load(key)


def pick(seed: int | None, source: str | None = None, level: int | None = None,
         min_rows: int = MIN_DRILL_ROWS) -> str:
    """A random dataset id, reproducible for a given seed and catalog.

    Level 4 gives a planted variant, ``mess:<base>``, of a base drawn at a level of
    :data:`runner.sources.levels.MESS_BASE_LEVELS` (the rule is stated in :mod:`runner.sources.levels`).
    """
    if level == levels.MESSY:
        return "mess:" + pick(seed, source, levels.mess_base_level(seed), min_rows=levels.MESS_MIN_ROWS)
    chosen = get_source(source) if source else None
    if chosen is not None and hasattr(chosen, "pick"):  # network sources pick online, or from the pool offline
        return chosen.pick(seed, level)  # type: ignore[attr-defined]
    found = entries(source, level)
    pool = sorted(e.id for e in found if e.rows >= min_rows) or sorted(e.id for e in found)
    if not pool:
        raise BadInput(f"no {source or 'builtin'} dataset at level {level}", hint="run `drill datasets` to see levels")
    return random.Random(seed).choice(pool)


__all__ = ["REGISTRY", "Card", "Dataset", "Entry", "Source", "configure", "entries", "get_source", "load", "pick",
           "register"]
