"""Planters of problems between columns and rows: a Simpson reversal, target leakage, near duplicates.

Same contract as :mod:`runner.sources.planted.values`.  A Simpson reversal
and a leak add a column under an innocent name (the grouping that reverses
the relation; the near copy of the target); near duplicates add rows (a block
repeated, some copies with a tiny edit), so they are planted last and the
recipe maps the other patterns' rows to the new positions.

May import: this package's ``pattern``, ``measure`` and ``measure_relations``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from runner.sources.planted import measure
from runner.sources.planted.measure_relations import NEAR_MIN_DISTINCT, leakage, near_duplicates, reversal
from runner.sources.planted.pattern import Context, Pattern, rows_text, share_text

GROUP_NAMES = ("site", "batch", "region", "shift", "lab", "plant", "station", "cohort")
LEVEL_NAMES = (("A", "B", "C"), ("north", "centre", "south"), ("early", "mid", "late"), ("x1", "x2", "x3"))
LEAK_NAMES = ("ref_score", "check_value", "review_score", "audit_index", "follow_up", "record_code", "qc_value")


def _fresh(frame: pd.DataFrame, names: tuple[str, ...], rng: np.random.Generator) -> str:
    free = [n for n in names if n not in frame.columns and n.casefold() not in {str(c).casefold() for c in frame.columns}]
    return free[int(rng.integers(len(free)))] if free else f"{names[0]}_{len(frame.columns)}"


def _insert(frame: pd.DataFrame, name: str, values: Any, rng: np.random.Generator) -> pd.DataFrame:
    out = frame.copy()
    out.insert(int(rng.integers(1, len(frame.columns) + 1)), name, values)
    return out


# -- Simpson reversal ----------------------------------------------------------------------------------------


def plant_simpson(frame: pd.DataFrame, rng: np.random.Generator, free: list[str], ctx: Context) -> Any:
    """Two related numbers; a new grouping by the first (three levels); the second shifted by group so the
    overall relation reverses while the one within each group stays."""
    numbers = [c for c in free if measure.is_number(frame[c]) and frame[c].nunique() > 15]
    complete = frame[numbers].notna().all(axis=1)
    if complete.sum() < 60 or len(numbers) < 2:
        return None
    ranked = frame.loc[complete, numbers].rank()
    pairs = sorted(((abs(ranked[a].corr(ranked[b])), a, b) for i, a in enumerate(numbers) for b in numbers[i + 1:]),
                   reverse=True)
    for rho, x, y in pairs[:6]:
        if not rho >= 0.3:
            break
        if rng.random() < 0.5:
            x, y = y, x
        name = _fresh(frame, GROUP_NAMES, rng)
        labels = LEVEL_NAMES[int(rng.integers(len(LEVEL_NAMES)))]
        xs = pd.to_numeric(frame[x], errors="coerce")
        tertile = np.minimum((np.nan_to_num(xs.rank(pct=True, method="first").to_numpy()) * 3).astype(int), 2)
        noise = rng.random(len(frame)) < 0.1
        tertile = np.where(noise, rng.integers(0, 3, len(frame)), tertile)
        tertile = np.where(xs.isna().to_numpy(), rng.integers(0, 3, len(frame)), tertile)
        groups = pd.Series(np.array(labels, dtype=object)[tertile], index=frame.index)
        trial = _insert(frame, name, groups, rng)
        within = reversal(trial, x, y, name)
        if within is None or abs(within["within"]) < 0.15:
            continue
        sign = np.sign(within["within"])
        ys = pd.to_numeric(frame[y], errors="coerce")
        sd = float(ys.std())
        for factor in (0.75, 1.0, 1.5, 2.0, 3.0, 4.0):
            offsets = -sign * factor * sd * np.arange(3)
            offsets = offsets - offsets.min()
            shifted = ys + offsets[tertile]
            if frame[y].dtype.kind in "iu":
                shifted = shifted.round().astype(frame[y].dtype)
            candidate = trial.copy()
            candidate[y] = shifted
            found = reversal(candidate, x, y, name)
            if found is not None and found["holds"] and abs(found["overall"]) >= 0.3:
                rows = [int(r) for r in np.flatnonzero(offsets[tertile] != 0)]
                detail = (f"{x} and {y}: rho {found['overall']:+.2f} overall but {found['within']:+.2f} within each "
                          f"{name} (a new column: {y} shifted by {name}, {', '.join(labels)}; a Simpson reversal)")
                return candidate, Pattern("simpson", [x, y, name], None, detail, rows,
                                          {"group": name, "factor": factor, "levels": list(labels),
                                           "overall": found["overall"], "within": found["within"]}, [x, y, name])
    return None


def check_simpson(pattern: Pattern, variant: pd.DataFrame, ctx: Context) -> dict[str, Any]:
    x, y, group = pattern.columns
    found = reversal(variant, x, y, group)
    return {"ok": bool(found and found["holds"]), "measured": found["detail"] if found else "not measurable"}


# -- leakage -------------------------------------------------------------------------------------------------


def plant_leakage(frame: pd.DataFrame, rng: np.random.Generator, free: list[str], ctx: Context) -> Any:
    """A new column that is the target up to a little noise (numbers) or a relabelling with 3% slips."""
    target = ctx.target
    if target is None or target not in frame.columns or target not in free or frame[target].notna().sum() < 20:
        return None
    t = frame[target]
    name = _fresh(frame, LEAK_NAMES, rng)
    if measure.is_number(t) and t.nunique() > 10:
        values = pd.to_numeric(t, errors="coerce").astype(float)
        scale = float(rng.choice([0.5, 2.0, 10.0, 100.0]))
        leak = (values * scale + float(rng.normal(0, 1)) * values.std() * scale
                + rng.normal(0, 0.03 * values.std() * scale, len(t))).round(2)
        how = f"{scale:g} x {target} plus a constant and 3% noise"
    else:
        levels = sorted(t.dropna().astype(str).unique())
        codes = [f"R{int(n)}" for n in rng.choice(np.arange(10, 100), size=len(levels), replace=False)]
        mapping = dict(zip(levels, codes, strict=True))
        leak = t.astype(str).map(mapping).where(t.notna(), None).astype(object)
        slips = np.flatnonzero(t.notna().to_numpy() & (rng.random(len(t)) < 0.03))
        for row in slips:
            leak.iloc[row] = codes[int(rng.integers(len(codes)))]
        how = f"{target} relabelled ({', '.join(f'{k}->{v}' for k, v in mapping.items())}) with 3% slips"
    out = _insert(frame, name, leak, rng)
    found = leakage(out, name, target)
    if not found or not found["holds"]:
        return None
    detail = f"{name}: a new column that is {how} (target leakage: it almost determines {target})"
    return out, Pattern("leakage", [name], None, detail, [], {"target": target, "how": how}, [name, target])


def check_leakage(pattern: Pattern, variant: pd.DataFrame, ctx: Context) -> dict[str, Any]:
    found = leakage(variant, pattern.columns[0], pattern.params["target"])
    return {"ok": bool(found and found["holds"]), "measured": found["detail"] if found else "not measurable",
            "rule": found["rule"] if found else None}


# -- near duplicates -----------------------------------------------------------------------------------------


def plant_near_duplicates(frame: pd.DataFrame, rng: np.random.Generator, free: list[str], ctx: Context) -> Any:
    """A block of 3-6% of the rows (at least 4) repeated elsewhere; half the copies get one tiny edit."""
    rich = [c for c in frame.columns if frame[c].nunique() >= NEAR_MIN_DISTINCT]
    editable = [c for c in free if c in rich and measure.is_number(frame[c]) and frame[c].notna().all()]
    if len(rich) < 2 or not editable or frame.shape[1] < 3 or len(frame) < 40 or frame.duplicated().any():
        return None
    size = max(4, int(round(len(frame) * rng.uniform(0.03, 0.06))))
    start = int(rng.integers(0, len(frame) - size))
    block = frame.iloc[start:start + size].copy()
    column = editable[int(rng.integers(len(editable)))]
    step = measure.grid_step(measure.finite(frame[column])) or 0.01
    edited = np.sort(rng.choice(size, size=size // 2, replace=False))
    values = block[column].to_numpy().copy()
    values[edited] = values[edited] + step * rng.choice([-1, 1], size=len(edited))
    block[column] = values
    at = int(rng.integers(0, len(frame) + 1))
    origin = np.concatenate([np.arange(at), np.arange(start, start + size), np.arange(at, len(frame))])
    out = pd.concat([frame.iloc[:at], block, frame.iloc[at:]], ignore_index=True)
    copies = [int(at + i) for i in range(size)]
    near = [copies[i] for i in edited]
    exact = [c for c in copies if c not in near]
    originals = [int(r if r < at else r + size) for r in range(start, start + size)]
    detail = (f"{share_text(size, len(out))} repeated as a block ({rows_text(copies)} copy {rows_text(originals)}): "
              f"{len(exact)} exact copies, {len(near)} with {column} changed by {step:g} (near duplicates)")
    return out, Pattern("near_duplicates", [], None, detail, copies,
                        {"exact": exact, "near": near, "originals": originals, "edited": column, "origin": origin.tolist()},
                        [column])


def check_near_duplicates(pattern: Pattern, variant: pd.DataFrame, ctx: Context) -> dict[str, Any]:
    found = near_duplicates(variant)
    ok = bool(found["holds"]) and found["exact"] >= len(pattern.params["exact"]) and \
        found["near"] >= len(pattern.params["near"])
    return {"ok": ok, "rule": found["rule"],
            "measured": f"{found['exact']} exact copies, {found['near']} rows equal to another in all columns but one"}
