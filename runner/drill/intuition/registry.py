"""The item kinds, found through one registry (the pattern of :mod:`runner.sources`).

A kind is an object with a ``name``, the number of ``bins`` its truths are
spread over, ``slots(count, rng, settings)`` (which bins a drill asks for) and
``drafts(loaded, rng, settings)`` (candidate items from one dataset, truths
included).  The built-in kinds register through :func:`register` like any
other, on first use.
"""

from __future__ import annotations

from runner.drill.intuition.base import Kind
from runner.errors import BadInput

REGISTRY: dict[str, Kind] = {}
_BUILTINS = ("distribution", "correlation", "missing", "outliers", "skew", "mean_median", "lineup", "groups")


def register(kind: Kind) -> Kind:
    REGISTRY[kind.name] = kind
    return kind


def _ensure_builtins() -> None:
    if all(name in REGISTRY for name in _BUILTINS):
        return
    from runner.drill.intuition.correlation import Correlation
    from runner.drill.intuition.distribution import Distribution
    from runner.drill.intuition.groups import Groups
    from runner.drill.intuition.lineup import Lineup
    from runner.drill.intuition.mean_median import MeanMedian
    from runner.drill.intuition.missing import Missing
    from runner.drill.intuition.outliers import Outliers
    from runner.drill.intuition.skew import Skew

    for kind in (Distribution(), Correlation(), Missing(), Outliers(), Skew(), MeanMedian(), Lineup(), Groups()):
        REGISTRY.setdefault(kind.name, kind)  # a kind registered earlier under the same name wins


def get_kind(name: str) -> Kind:
    _ensure_builtins()
    try:
        return REGISTRY[name]
    except KeyError:
        raise BadInput(f"unknown item kind {name!r}", hint="choose one of " + ", ".join(sorted(REGISTRY))) from None


def kinds() -> list[str]:
    _ensure_builtins()
    return list(REGISTRY)
