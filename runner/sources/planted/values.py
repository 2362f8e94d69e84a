"""Planters of one column's problems: data-entry errors, category spellings, heaping, drift.

Each planter takes the working frame, a seeded generator, the columns still
free and the context, and returns the changed frame and its
:class:`~runner.sources.planted.pattern.Pattern`, or None when no free column
suits it.  Each has a check (same name with ``check_``) that measures the
final variant with :mod:`runner.sources.planted.measure`: the pattern must be
detectable at the strength the recipe states.

May import: this package's ``pattern`` and ``measure`` (pandas, numpy).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from runner.sources.planted import measure
from runner.sources.planted.pattern import Context, Pattern, rows_text, share_text, shuffled

Planted = "tuple[pd.DataFrame, Pattern] | None"


def _count(n: int, rng: np.random.Generator, low: float, high: float, least: int = 3) -> int:
    return max(least, int(round(n * rng.uniform(low, high))))


def _numbers(frame: pd.DataFrame, free: list[str], min_distinct: int = 10) -> list[str]:
    return [c for c in free if measure.is_number(frame[c]) and frame[c].nunique() >= min_distinct
            and len(measure.finite(frame[c])) >= 30]


# -- data-entry errors ------------------------------------------------------------------------------------


def plant_entry_errors(frame: pd.DataFrame, rng: np.random.Generator, free: list[str], ctx: Context) -> Planted:
    """Unit factor (x100 or x1000), sign flips, or an impossible code (999, -1) on 3-6% of one column's rows."""
    for column in shuffled(rng, _numbers(frame, free)):
        values = frame[column]
        v = measure.finite(values)
        if v.min() < 0 or measure.entry_errors(values)["holds"]:
            continue  # a column that is negative or already erroneous by nature: no clean truth
        kinds = [k for k in ("unit", "sign", "impossible") if _fits(k, v)]
        if not kinds:
            continue
        qualifier = kinds[int(rng.integers(len(kinds)))]
        present = np.flatnonzero(values.notna().to_numpy() & (pd.to_numeric(values, errors="coerce") > 0).to_numpy())
        out = frame.copy()
        series = out[column].copy()
        if qualifier == "unit":
            median = float(np.median(v))
            big = present[pd.to_numeric(values, errors="coerce").to_numpy()[present] >= median]
            factor = 1000 if 100 * median < 10 * v.max() else int(rng.choice([100, 1000]))
            rows = np.sort(rng.choice(big, size=min(len(big), _count(len(v), rng, 0.03, 0.06)), replace=False))
            series = series.astype(float) if factor * v.max() > 2**31 and series.dtype.kind == "i" else series
            series.iloc[rows] = series.iloc[rows] * factor
            params = {"factor": factor}
            what = f"multiplied by {factor} (a unit error: entered in a unit {factor} times smaller, as cm for m)"
        elif qualifier == "sign":
            rows = np.sort(rng.choice(present, size=min(len(present), _count(len(v), rng, 0.03, 0.06)), replace=False))
            series.iloc[rows] = -series.iloc[rows]
            params = {"factor": -1}
            what = "with their sign flipped"
        else:
            code = _code(v, rng)
            rows = np.sort(rng.choice(present, size=min(len(present), _count(len(v), rng, 0.03, 0.06)), replace=False))
            if series.dtype.kind not in "iuf":
                series = series.astype(float)
            series.iloc[rows] = code
            params = {"code": code}
            what = f"replaced by the impossible code {code} (a missing value written as a number)"
        out[column] = series
        rows = [int(r) for r in rows]
        detail = f"{column}: {share_text(len(rows), len(frame))} {what} ({rows_text(rows)})"
        return out, Pattern("entry_errors", [column], qualifier, detail, rows, params, [column])
    return None


def _fits(kind: str, v: np.ndarray) -> bool:
    median = float(np.median(v))
    if kind == "unit":
        return median > 0 and 1000 * median >= 10 * v.max()
    if kind == "sign":
        return v.min() > 0 and len(np.unique(v)) >= 10
    return True


def _code(v: np.ndarray, rng: np.random.Generator) -> float:
    codes = [c for c in (999, 9999, 99999) if c >= 2 * max(v.max(), 1)][:1]
    if v.min() >= 0:
        codes.append(-1)
    return float(codes[int(rng.integers(len(codes)))]) if codes else float(99999)


def check_entry_errors(pattern: Pattern, variant: pd.DataFrame, ctx: Context) -> dict[str, Any]:
    found = measure.entry_errors(variant[pattern.columns[0]]) or {"found": {}}
    hit = found["found"].get(pattern.qualifier)
    return {"ok": hit is not None, "measured": hit["detail"] if hit else "not detected", "rule": found.get("rule")}


# -- inconsistent categories -------------------------------------------------------------------------------


def _variants(level: str, existing: set[str], rng: np.random.Generator) -> list[str]:
    options = []
    swapped = level.swapcase() if level.lower() != level else level.upper()
    options.append(swapped if swapped != level else level.capitalize())
    options.append(level + " ")
    letters = [i for i in range(1, len(level) - 2) if level[i].isalpha() and level[i + 1].isalpha()
               and level[i] != level[i + 1]]
    if len(level) >= 4 and letters:
        i = letters[int(rng.integers(len(letters)))]
        options.append(level[:i] + level[i + 1] + level[i] + level[i + 2:])  # two letters swapped: mlae
    keys = {measure._key(e) for e in existing if e != level}
    kept = [o for o in dict.fromkeys(options) if o != level and o not in existing and measure._key(o) not in keys]
    count = int(rng.integers(1, min(3, len(kept)) + 1)) if kept else 0
    return [kept[i] for i in sorted(rng.choice(len(kept), size=count, replace=False))] if count else []


def plant_inconsistent_categories(frame: pd.DataFrame, rng: np.random.Generator, free: list[str],
                                  ctx: Context) -> Planted:
    """A level rewritten with case, spacing or a typo for 15-30% of its rows (at least 3)."""
    for column in shuffled(rng, [c for c in free if measure.is_text(frame[c]) and 2 <= frame[c].nunique() <= 30]):
        values = frame[column]
        if not all(isinstance(v, str) for v in values.dropna().unique()):
            continue
        if (measure.spellings(values) or {"holds": True})["holds"]:
            continue
        counts = values.value_counts()
        levels = [lv for lv in counts.index if counts[lv] >= 10 and any(ch.isalpha() for ch in lv)]
        if not levels:
            continue
        level = levels[int(rng.integers(len(levels)))]
        variants = _variants(level, set(counts.index), rng)
        if not variants:
            continue
        at = np.flatnonzero((values == level).to_numpy())
        rows = np.sort(rng.choice(at, size=max(3, int(round(len(at) * rng.uniform(0.15, 0.3)))), replace=False))
        out = frame.copy()
        series = out[column].astype(object)
        for i, row in enumerate(rows):
            series.iloc[row] = variants[i % len(variants)]
        out[column] = series
        rows = [int(r) for r in rows]
        shown = ", ".join(repr(v) for v in variants)
        detail = f"{column}: the level {level!r} also written {shown} in {share_text(len(rows), len(frame))} " \
                 f"({rows_text(rows)})"
        return out, Pattern("inconsistent_categories", [column], None, detail, rows,
                            {"level": level, "variants": variants}, [column])
    return None


def check_inconsistent_categories(pattern: Pattern, variant: pd.DataFrame, ctx: Context) -> dict[str, Any]:
    found = measure.spellings(variant[pattern.columns[0]]) or {"clusters": []}
    seen = {v for c in found["clusters"] for v in c["variants"]} | {c["level"] for c in found["clusters"]}
    ok = all(v in seen for v in pattern.params["variants"])
    text = "; ".join(f"{c['level']!r} ~ {', '.join(map(repr, c['variants']))} ({c['how']})" for c in found["clusters"])
    return {"ok": ok, "measured": text or "no spelling variants", "rule": found.get("rule")}


# -- heaping -------------------------------------------------------------------------------------------------


def plant_heaping(frame: pd.DataFrame, rng: np.random.Generator, free: list[str], ctx: Context) -> Planted:
    """35-55% of a column's values rounded to the nearest multiple of 5 or 10 (of its own grid's step)."""
    for column in shuffled(rng, _numbers(frame, free, min_distinct=15)):
        v = measure.finite(frame[column])
        found = measure.heaping(frame[column])
        if found is None or found["holds"] or "step" not in found:
            continue
        step = found["step"]
        bases = [b for b in (10.0, 5.0) if b / step == round(b / step) and b / step >= 2 and b <= (v.max() - v.min()) / 8]
        bases = bases or [b for b in (step * 10, step * 5) if b <= (v.max() - v.min()) / 8]
        if not bases:
            continue
        base = bases[int(rng.integers(len(bases)))]
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        off = np.flatnonzero(np.isfinite(values) & (np.abs(values / base - np.round(values / base)) > 1e-9))
        count = int(round(len(v) * rng.uniform(0.35, 0.55)))
        if len(off) < count:
            continue
        rows = np.sort(rng.choice(off, size=count, replace=False))
        out = frame.copy()
        series = out[column].copy()
        rounded = np.round(values[rows] / base) * base
        series.iloc[rows] = rounded.astype(series.dtype) if series.dtype.kind in "iu" else np.round(rounded, 10)
        out[column] = series
        rows = [int(r) for r in rows]
        detail = f"{column}: {share_text(len(rows), len(frame))} rounded to the nearest multiple of {base:g} " \
                 f"(heaping; {rows_text(rows)})"
        return out, Pattern("heaping", [column], None, detail, rows, {"base": base, "step": step}, [column])
    return None


def check_heaping(pattern: Pattern, variant: pd.DataFrame, ctx: Context) -> dict[str, Any]:
    found = measure.heaping(variant[pattern.columns[0]]) or {"holds": False, "detail": "not measurable"}
    base = pattern.params["base"]
    ok = bool(found["holds"]) and any(abs(x / y - round(x / y)) < 1e-9 for x, y in
                                      ((found["base"], base), (base, found["base"])))
    return {"ok": ok, "measured": found.get("detail"), "rule": found.get("rule")}


# -- drift ---------------------------------------------------------------------------------------------------


def plant_drift(frame: pd.DataFrame, rng: np.random.Generator, free: list[str], ctx: Context) -> Planted:
    """From 45-70% of the way along the time order on: a level shift of 1-1.6 sd, or the spread x2.5-3.5."""
    order, along = measure.order_of(frame)
    for column in shuffled(rng, _numbers(frame, free, min_distinct=10)):
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)[order]
        base = measure.drift(values)
        if base is None or base["holds"] or abs(base["level"]) >= 0.5:
            continue  # a column drifting by nature: its planted drift would not be the whole truth
        v = values[np.isfinite(values)]
        median, sd = float(np.median(v)), float(np.std(v, ddof=1))
        spread_ok = v.min() < 0 or median - 3.5 * (median - v.min()) >= 0
        qualifier = "spread" if spread_ok and rng.random() < 0.4 else "level"
        start = int(len(order) * rng.uniform(0.45, 0.7))
        rows = np.sort(order[start:])
        rows = rows[np.isfinite(pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float,
                                                                                       na_value=np.nan)[rows])]
        out = frame.copy()
        series = out[column].astype(float)
        if qualifier == "level":
            size = round(float(rng.uniform(1.0, 1.6)), 2)
            series.iloc[rows] = series.iloc[rows] + size * sd
            what = f"shifted up by {size:g} standard deviations ({size * sd:.3g})"
        else:
            size = round(float(rng.uniform(2.5, 3.5)), 2)
            series.iloc[rows] = median + size * (series.iloc[rows] - median)
            what = f"spread {size:g} times wider around the median"
        decimals = _decimals(frame[column])
        series = series.round(decimals)
        out[column] = series.astype(frame[column].dtype) if frame[column].dtype.kind in "iu" and \
            series.notna().all() else series
        rows = [int(r) for r in rows]
        detail = f"{column}: from {start} of {len(frame)} rows along {along} on, values {what} (drift)"
        return out, Pattern("drift", [column], qualifier, detail, rows,
                            {"size": size, "start": start, "along": along}, [column])
    return None


def _decimals(series: pd.Series) -> int:
    step = measure.grid_step(measure.finite(series)) or 0.001
    return max(0, int(np.ceil(-np.log10(step)))) if step < 1 else 0


def check_drift(pattern: Pattern, variant: pd.DataFrame, ctx: Context) -> dict[str, Any]:
    order, _ = measure.order_of(variant)
    values = pd.to_numeric(variant[pattern.columns[0]], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    shifted = np.zeros(len(variant), bool)
    shifted[pattern.rows] = True
    ordered, flags = values[order], shifted[order]
    keep = np.isfinite(ordered)
    ordered, flags = ordered[keep], flags[keep]
    if not flags.any() or flags.all():
        return {"ok": False, "measured": "no rows on one side of the change"}
    cut = int(np.argmax(flags))
    found = measure.measure_split(ordered, cut)
    return {"ok": pattern.qualifier in found["which"], "rule": found["rule"],
            "measured": f"at the change: standardised mean difference {found['level']:+.2f}, sd ratio "
                        f"{found['spread']:.2f}"}
