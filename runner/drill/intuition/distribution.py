"""Predict a column's distribution from its description alone (the plan's own exercise).

The prompt gives the column's name, what the dataset's description says about
it (the line naming it: its meaning and, usually, its unit) and the start of
the description; never a value.  The learner predicts the shape (symmetric,
right- or left-skewed), one peak or more, the share of zeros and a rough
median, and may sketch it; the reveal draws the real histogram beside the
prediction.  Columns the description never names are left out: there would be
nothing to predict from.

Truths, from the values shown (a seeded sample of at most :data:`MAX_POINTS`):
the shape from the skewness G1 (``symmetric`` below 0.5 in size; columns
within :data:`MARGIN` of 0.5 are left out), the peaks from a Gaussian kernel
density estimate (Silverman's bandwidth) counting modes of at least
:data:`PEAK_HEIGHT` of the highest with a dip of :data:`PEAK_DIP` between
them, the share of values equal to 0 and the median.
"""

from __future__ import annotations

import re
from typing import Any

from runner.drill.intuition.base import (
    Item,
    Loaded,
    Settings,
    Spread,
    finite_rows,
    floats,
    pick_some,
    sample_rows,
    skewness,
    values,
)

MAX_POINTS = 1000
MIN_POINTS = 30
SHAPES = ["symmetric", "right", "left"]
PEAKS = ["one", "more"]
CUT, MARGIN = 0.5, 0.1
PEAK_HEIGHT, PEAK_DIP = 0.1, 0.8
GRID = 256
MAX_LINE, MAX_ABOUT = 300, 500


def shape_of(g: float) -> str:
    return "symmetric" if abs(g) < CUT else ("right" if g > 0 else "left")


def density(x: Any) -> tuple[Any, Any]:
    """A Gaussian kernel density on a grid over the data's range, Silverman's rule bandwidth."""
    import numpy as np

    n = len(x)
    spread_ = min(np.std(x, ddof=1), (np.percentile(x, 75) - np.percentile(x, 25)) / 1.34) or np.std(x, ddof=1)
    bandwidth = 0.9 * spread_ * n ** (-0.2) if spread_ > 0 else 1.0
    grid = np.linspace(x.min() - bandwidth, x.max() + bandwidth, GRID)
    dens = np.zeros(GRID)
    for start in range(0, n, 200):  # in chunks: GRID x 200 at a time
        chunk = x[start:start + 200]
        dens += np.exp(-0.5 * ((grid[:, None] - chunk[None, :]) / bandwidth) ** 2).sum(axis=1)
    return grid, dens / (n * bandwidth * np.sqrt(2 * np.pi))


def count_peaks(x: Any) -> int:
    """Modes of the density at least PEAK_HEIGHT of the highest, each separated from the last kept
    one by a dip below PEAK_DIP of the lower of the two."""
    _, d = density(x)
    candidates = [i for i in range(1, GRID - 1) if d[i] > d[i - 1] and d[i] >= d[i + 1] and d[i] >= PEAK_HEIGHT * d.max()]
    kept: list[int] = []
    for i in candidates:
        if kept and d[kept[-1]:i + 1].min() > PEAK_DIP * min(d[kept[-1]], d[i]):
            if d[i] > d[kept[-1]]:
                kept[-1] = i  # no real dip between them: one peak, at the higher of the two
            continue
        kept.append(i)
    return max(1, len(kept))


def column_line(description: str, column: str) -> str | None:
    """What the description says about ``column``: a line that starts with its name (a variable list:
    its meaning, often its unit), else a short line naming it; None when no line names it."""
    pattern = re.compile(rf"(?<![\w.$]){re.escape(column)}(?!\w)", re.IGNORECASE)
    lines = [re.sub(r"^[\s\-\[\],\d*`'\"]*", "", " ".join(line.replace("`", "").split()))
             for line in description.splitlines()]
    naming = [line for line in lines if pattern.search(line) and len(line) > len(column) + 3]
    starting = [line for line in naming if pattern.match(line)]
    prose = [line for line in naming if len(line) <= MAX_LINE and line.count('"') < 4]
    found = (starting or prose or [None])[0]
    return found[:MAX_LINE] if found else None


def about(description: str) -> str:
    """The description's opening paragraph (its "Description" section when it has one)."""
    text = description.strip()
    match = re.search(r"^#+\s*Description\s*$(.*?)(?=^#|\Z)", text, flags=re.M | re.S)
    body = match.group(1) if match else re.sub(r"^#.*$", "", text, flags=re.M)
    paragraph = next((p for p in re.split(r"\n\s*\n", body) if p.strip()), "")
    paragraph = " ".join(paragraph.split())
    return paragraph if len(paragraph) <= MAX_ABOUT else paragraph[:MAX_ABOUT].rsplit(" ", 1)[0] + "..."


class Distribution(Spread):
    name = "distribution"
    bins = len(SHAPES)
    answer = {"type": "distribution", "shapes": SHAPES, "peaks": PEAKS}

    def drafts(self, loaded: Loaded, rng: Any, settings: Settings) -> list[Item]:
        import numpy as np

        if not loaded.description.strip():
            return []
        frame = loaded.frame
        out = []
        for name in pick_some(loaded.numeric, 4, rng):
            line = column_line(loaded.description, name)
            if line is None:
                continue
            rows = sample_rows(finite_rows(frame, [name]), MAX_POINTS, rng)
            if len(rows) < MIN_POINTS:
                continue
            x = values(frame, name, rows)
            g = skewness(x)
            if abs(abs(g) - CUT) < MARGIN:
                continue
            shape = shape_of(g)
            out.append(Item(
                kind=self.name, dataset_id=loaded.id, dataset_title=loaded.title, columns=[name],
                prompt=f"Predict the distribution of {name} in {loaded.title}, from the description alone "
                       f"({len(rows)} values). The description says: \"{line}\". About the data: {about(loaded.description)}",
                answer=dict(self.answer), rows=rows, data={"x": floats(x)},
                truth={"value": shape, "skewness": round(g, 4), "peaks": PEAKS[min(count_peaks(x), 2) - 1],
                       "zeros": round(float(np.mean(x == 0)), 4), "median": float(np.median(x))},
                bin=SHAPES.index(shape),
            ))
        return out
