"""Intuition drills in tests: start one, read its private items, and recompute every truth independently.

The truths here are computed from the dataset as loaded by ``runner.sources``
(the rows and columns an item names), with pandas and scipy rather than the
generator's own numpy code, so a test compares two implementations.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from runner import sources
from runner.drill.intuition import private
from runner.drill.intuition.base import Item


def start_quick(drill_cli, results: Path, seed: int) -> Path:
    r = drill_cli("quick", "--seed", str(seed), "--results", str(results), "--no-open")
    assert r.code == 0, r.err
    return Path(r.last_line)


def items_of(nb: Path) -> list[Item]:
    return private.read_items(nb.parent.parent, nb.parent.name)


@functools.lru_cache(maxsize=64)
def frame_of(dataset_id: str) -> pd.DataFrame:
    return sources.load(dataset_id).frame


def shown(item: Item) -> pd.DataFrame:
    return frame_of(item.dataset_id).iloc[item.rows]


def skew_label(g: float) -> str:
    strength = "none" if abs(g) < 0.5 else "moderate" if abs(g) <= 1 else "strong"
    return strength if strength == "none" else f"{strength} {'right' if g > 0 else 'left'}"


def permutation_p(a: pd.Series, b: pd.Series) -> float:
    from scipy import stats

    result = stats.permutation_test((a.to_numpy(), b.to_numpy()), lambda x, y: np.mean(x) - np.mean(y),
                                    n_resamples=9999, alternative="two-sided", random_state=0)
    return float(result.pvalue)


def panels(item: Item) -> list[tuple[np.ndarray, np.ndarray]]:
    """What each panel of a lineup plots: (x, y) pairs, in panel order."""
    x, y = np.asarray(item.data["x"]), np.asarray(item.data["y"])
    return [(x, y[perm]) for perm in item.data["perms"]]


def real_panel(item: Item) -> int | str:
    """The panel that plots the dataset's own pairing of the two columns at the item's rows, or "none"."""
    sub = shown(item)
    x, y = sub[item.columns[0]].to_numpy(float), sub[item.columns[1]].to_numpy(float)
    real = [k + 1 for k, (px, py) in enumerate(panels(item)) if np.allclose(px, x) and np.allclose(py, y)]
    assert len(real) <= 1, real
    return real[0] if real else "none"


def truth(item: Item) -> Any:
    """The item's truth value, recomputed from the dataset (see the module docstring)."""
    sub = shown(item)
    col = item.columns[0]
    if item.kind == "correlation":
        return round(float(sub[item.columns[0]].astype(float).corr(sub[item.columns[1]].astype(float))), 4)
    if item.kind == "lineup":
        return real_panel(item)
    if item.kind == "missing":
        return round(float(sub[col].isna().mean()), 4)
    s = sub[col].astype(float)
    if item.kind == "outliers":
        q1, q3 = s.quantile([0.25, 0.75])
        return round(float(((s < q1 - 1.5 * (q3 - q1)) | (s > q3 + 1.5 * (q3 - q1))).mean()), 4)
    if item.kind == "skew":
        return skew_label(float(s.skew()))
    if item.kind == "mean_median":
        return "yes" if s.mean() > s.median() else "no"
    if item.kind == "distribution":
        g = float(s.skew())
        return "symmetric" if abs(g) < 0.5 else ("right" if g > 0 else "left")
    if item.kind == "groups":
        labels = sub[item.columns[1]].astype("string")
        first, second = item.data["groups"]
        return "yes" if permutation_p(s[labels == first], s[labels == second]) < 0.05 else "no"
    raise AssertionError(f"no recomputation for {item.kind}")


def wrong(item: Item) -> Any:
    """An answer that is surely wrong for the item (for scripted answers)."""
    form, value = item.answer, item.truth["value"]
    if form["type"] == "estimate":
        far = form["min"] if value - form["min"] > form["max"] - value else form["max"]
        return far
    if form["type"] == "lineup":
        return "none" if value != "none" else 1
    if form["type"] == "distribution":
        return {"shape": next(s for s in form["shapes"] if s != value)}
    return next(o for o in form["options"] if o != value)


def right(item: Item) -> Any:
    value = item.truth["value"]
    return {"shape": value} if item.answer["type"] == "distribution" else value
