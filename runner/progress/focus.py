"""Practice aimed at weak spots: the learner's most-missed kinds, their history, and a dataset that has them.

Which kinds a dataset "has" is decided exactly as a drill would grade it: the
frame goes through the drill's snapshot step (``runner.drill.folder.snapshot_frame``
and a parquet round trip, in memory), then the project's own fact code
(:func:`runner.profile.build_facts`: the same fg-data-profiling description
and configuration as a drill's profile, without the HTML report) and
:func:`runner.grading.notable.notable`.  Nothing is approximated.

Cost, measured on the 781 built-in datasets (2 shared cores): median 0.05 s
per dataset, 90th percentile 0.2 s, 70 to 80 s for the 780 datasets kept
(below), 46 s more for the one 212-column dataset (pairwise correlations),
and 3 to 5 s to import the profiling library once.  So the catalog is not profiled up front:
:func:`pick_for` walks the candidates in a seeded order, computes the kinds of
the ones not yet cached, and caches them (``builtin-findings.json`` in the
user cache folder of :mod:`runner.sources.catalog`, keyed by the packages'
versions, fg-data-profiling's, the facts layout and the thresholds).  It looks
at :data:`SCAN_MIN` candidates, and on past them (up to :data:`SCAN_MAX`) only
while none has the weakest kind; so a pick costs 2 to 6 s the first time
(import included) and milliseconds once cached, and the choice for a seed
does not depend on what the cache holds.
:func:`fill_cache` profiles everything at once (for a benchmark or a warm-up).
Datasets wider than :data:`MAX_COLUMNS` are left out: one takes most of a
minute to profile, and is no place to practise one kind.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import random
import time
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from runner import atomic
from runner.drill import create
from runner.grading.thresholds import resolve_thresholds
from runner.progress.stats import compute, drill_summaries
from runner.store import open_store

CACHE_FILE = "builtin-findings.json"
SCHEMA = 1
SCAN_MIN = 16
SCAN_MAX = 64
MAX_COLUMNS = 150


def weak_kinds(results_dir: str | Path, n: int = 3) -> list[str]:
    """The ``n`` kinds the learner missed most often over graded drills (empty before any grade)."""
    return [m["kind"] for m in compute(results_dir).most_missed[:n]]


def history_of_kinds(results_dir: str | Path, kinds: list[str], exclude: str | None = None) -> dict[str, dict[str, int]]:
    """Per kind, over the graded drills but ``exclude`` (the current drill, in its phase 4): how often
    it was ``missed`` (no hypothesis addressed it), ``found`` (predicted) and ``notable`` at all, and in
    how many ``drills`` it was notable.  A kind never seen gets zeros; ``missed + found <= notable``
    (the rest were addressed by a wrong hypothesis)."""
    history = {k: {"missed": 0, "found": 0, "notable": 0, "drills": 0} for k in kinds}
    for s in drill_summaries(Path(results_dir).expanduser().resolve()):
        if not s.graded or s.id == exclude:
            continue
        for kind in kinds:
            k = s.per_kind.get(kind) or {}
            history[kind]["missed"] += k.get("missed") or 0
            history[kind]["found"] += k.get("predicted") or 0
            history[kind]["notable"] += k.get("findings") or 0
            history[kind]["drills"] += bool(k.get("findings"))
    return history


def describe_history(missed_here: Mapping[str, int], history: Mapping[str, Mapping[str, int]]) -> list[str]:
    """One sentence per kind missed in this drill, next to its history (for the phase-4 cell)."""
    lines = []
    for kind, here in missed_here.items():
        h = history.get(kind) or {"missed": 0, "found": 0, "drills": 0}
        before = (f"before this drill you missed it {h['missed']} time(s) and found it {h['found']} time(s) "
                  f"in {h['drills']} drill(s)" if h["drills"] else "the first time it came up in your drills")
        lines.append(f"{kind}: missed {here} time(s) here; {before}")
    return lines


def _fingerprint(thresholds: Mapping[str, Any]) -> dict[str, Any]:
    from runner.grading.thresholds import FACTS_VERSION
    from runner.sources import get_source

    return {"schema": SCHEMA, "facts_version": FACTS_VERSION,
            "versions": {**get_source("builtin").versions(), "fg-data-profiling": metadata.version("fg-data-profiling")},
            "thresholds": hashlib.sha256(json.dumps(dict(thresholds), sort_keys=True).encode()).hexdigest()[:16]}


def _cache_path(cache_dir: Path | None) -> Path:
    from runner.sources import catalog

    return (Path(cache_dir) if cache_dir is not None else catalog.cache_dir()) / CACHE_FILE


def read_cache(path: Path, key: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Dataset id -> ``{"kinds": {kind: count}}`` or ``{"error": why}``; empty when missing or stale."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("datasets"), dict):
        return {}
    return data["datasets"]


def _write_cache(path: Path, key: dict[str, Any], found: dict[str, dict[str, Any]]) -> None:
    """Merge ``found`` into the file (another drill may have added entries) and replace it atomically."""
    merged = {**read_cache(path, key), **found}
    atomic.write_json(path, {"key": key, "datasets": merged}, indent=0, sort_keys=True)


def dataset_kinds(dataset_id: str, thresholds: Mapping[str, Any]) -> dict[str, Any]:
    """``{"kinds": {kind: count}, "seconds": s}`` of one dataset, as a drill on it would find them."""
    import pandas as pd

    from runner import sources
    from runner.drill.folder import snapshot_frame
    from runner.grading.notable import notable
    from runner.profile import build_facts

    started = time.perf_counter()
    frame, _ = snapshot_frame(sources.load(dataset_id).frame)
    buffer = io.BytesIO()  # what the drill's profile reads is the parquet snapshot: same dtypes here
    frame.to_parquet(buffer, index=False)
    buffer.seek(0)
    facts = build_facts(pd.read_parquet(buffer), thresholds)
    kinds: dict[str, int] = {}
    for finding in notable(facts, thresholds):
        kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
    return {"kinds": kinds, "seconds": round(time.perf_counter() - started, 3)}


def _kinds_or_error(dataset_id: str, thresholds: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return dataset_kinds(dataset_id, thresholds)
    except Exception as exc:  # one dataset that cannot be profiled must not stop the pick
        return {"error": f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:300]}


def candidates(level: int | None, seed: int | None, exclude: Iterable[str] = ()) -> list[str]:
    """Built-in dataset ids at ``level`` (any level if None), in a seeded order."""
    from runner import sources

    skip = set(exclude)
    ids = sorted(e.id for e in sources.entries("builtin", level) if e.columns <= MAX_COLUMNS and e.id not in skip)
    random.Random(seed).shuffle(ids)
    return ids


def _score(kinds: list[str], found: Mapping[str, int]) -> int:
    """The weakest kind outweighs all the others together: weights 2^(n-1), ..., 2, 1."""
    return sum(2 ** (len(kinds) - 1 - i) for i, kind in enumerate(kinds) if found.get(kind))


def pick_for(
    kinds: list[str], level: int | None, seed: int | None, cache_dir: Path | None = None,
    thresholds: Mapping[str, Any] | None = None, exclude: Iterable[str] = (),
) -> tuple[str, list[str]]:
    """A built-in dataset whose notable findings include the most of ``kinds`` (weakest first).

    Returns ``(dataset_id, matched_kinds)``; ``matched_kinds`` is empty when no
    candidate looked at had any of them (the pick is then the seed's first
    candidate).  ``exclude`` leaves out datasets (e.g. ones already drilled),
    unless that leaves none at the level;
    ``thresholds`` default to :data:`runner.grading.thresholds.DEFAULT_THRESHOLDS`.
    """
    from runner.errors import BadInput

    resolved = resolve_thresholds(thresholds)
    order = candidates(level, seed, exclude) or candidates(level, seed)  # every one done already: allow repeats
    if not order:
        raise BadInput(f"no built-in dataset at level {level} to aim at", hint="try another --level")
    if not kinds:
        return order[0], []
    path, key = _cache_path(cache_dir), _fingerprint(resolved)
    cached = read_cache(path, key)
    fresh: dict[str, dict[str, Any]] = {}
    best: tuple[int, str] | None = None
    try:
        for i, dataset_id in enumerate(order[:SCAN_MAX]):
            if i >= SCAN_MIN and best is not None and best[0] >= 2 ** (len(kinds) - 1):
                break  # past the minimum and the weakest kind is covered
            if dataset_id not in cached:
                fresh[dataset_id] = cached[dataset_id] = _kinds_or_error(dataset_id, resolved)
            score = _score(kinds, cached[dataset_id].get("kinds", {}))
            if "kinds" in cached[dataset_id] and (best is None or score > best[0]):
                best = (score, dataset_id)
    finally:
        if fresh:
            with contextlib.suppress(OSError):  # a read-only cache folder costs speed next time, nothing else
                _write_cache(path, key, fresh)
    if best is None:
        raise BadInput(f"none of the {min(len(order), SCAN_MAX)} built-in datasets looked at could be profiled")
    found = cached[best[1]]["kinds"]
    return best[1], [k for k in kinds if found.get(k)]


def fill_cache(
    cache_dir: Path | None = None, thresholds: Mapping[str, Any] | None = None,
    progress: Callable[[int, int, str], Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """Profile every built-in dataset not yet cached (all levels) and return the whole cache."""
    resolved = resolve_thresholds(thresholds)
    path, key = _cache_path(cache_dir), _fingerprint(resolved)
    cached = read_cache(path, key)
    order = sorted(candidates(None, 0))
    fresh: dict[str, dict[str, Any]] = {}
    for i, dataset_id in enumerate(order, start=1):
        if dataset_id not in cached:
            fresh[dataset_id] = cached[dataset_id] = _kinds_or_error(dataset_id, resolved)
        if progress is not None:
            progress(i, len(order), dataset_id)
    if fresh:
        _write_cache(path, key, fresh)
    return cached


def start_focused(
    focus: str,
    dataset_id: str | None = None,
    source: str | None = None, level: int | None = None, seed: int | None = None, spec_name: str = "eda-2h",
    results: str | Path | None = None, max_rows: int | None = None, **options: Any,
) -> create.Started:
    """``drill start --focus weak``: a new drill on a built-in dataset that has the kinds you miss most."""
    from runner.errors import BadInput

    if focus != "weak":
        raise BadInput(f"unknown focus {focus!r}", hint="the focus is `weak`: aim at the kinds you miss most")
    if dataset_id or (source and source != "builtin"):
        raise BadInput("--focus weak picks from the built-in catalog", hint="drop --dataset and --source")
    return create.start(None, source, level, seed, spec_name, results, max_rows=max_rows, picker=_pick_weak,
                        **options)


def _pick_weak(seed: int, level: int | None, results: Path, thresholds: dict[str, Any], notices: list[str]) -> str | None:
    """A built-in dataset whose findings include the kinds this learner misses most."""
    kinds = weak_kinds(results)
    if not kinds:
        notices.append("--focus weak: no graded drill yet, so no weak spots to aim at: picking at random")
        return None
    if level is None:
        advice = compute(results).next_level
        level = advice.suggested if advice else None
    with open_store(results) as store:
        done = [d.dataset_id for d in store.drills()]
    dataset_id, matched = pick_for(kinds, level, seed, thresholds=thresholds, exclude=done)
    hit = ", ".join(matched) if matched else "none of them (no candidate had them)"
    notices.append(f"--focus weak: aimed at your most-missed kinds {', '.join(kinds)}; {dataset_id} has {hit}")
    return dataset_id
