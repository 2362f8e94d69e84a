"""Ranking many columns at once, for the pairwise coefficients of :mod:`runner.profile.correlations`.

A :class:`Ranker` sorts a column once; any subset of its rows is then ranked
by a running count in that sorted order (averaged over runs of tied values),
without sorting again.  Columns are stacked into blocks (:data:`BLOCK_VALUES`
values at a time, so memory stays bounded on wide and long data) and a whole
block is ranked, correlated (:func:`rho_against`) or grouped
(:func:`eta_against`) in a few array operations, which on wide data is what
the facts spend their time on.

May import: numpy (called by :mod:`runner.profile.correlations`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


class Ranker:
    """Average ranks of one column over any subset of its rows in O(n).

    The column is sorted once; ranking it over a subset is a cumulative count
    over the sorted order plus an average within runs of tied values, so each
    pair of columns can be ranked over exactly the rows where both are present
    without sorting again.  Ranks over all present rows are kept.
    """

    def __init__(self, values: np.ndarray) -> None:
        index = np.int32 if len(values) < 2**31 else np.int64  # halves the memory of the two below
        self.present = ~np.isnan(values)
        self.count = int(self.present.sum())
        self.order = np.argsort(values, kind="stable").astype(index)  # NaN sort last
        ordered = values[self.order]
        self.ties = np.zeros(len(values), dtype=index)
        np.cumsum(ordered[1:] != ordered[:-1], out=self.ties[1:])
        self._own: np.ndarray | None = None
        self._bounds: tuple[np.ndarray, np.ndarray] | None = None
        # present values sort first: fewer runs among them than values means ties
        self.tied = bool(self.count) and int(self.ties[self.count - 1]) + 1 < self.count

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """For each sorted position, the first and last sorted position of its run of tied values."""
        if self._bounds is None:
            starts = np.flatnonzero(np.r_[True, self.ties[1:] != self.ties[:-1]]).astype(self.order.dtype)
            ends = np.r_[starts[1:] - 1, len(self.ties) - 1].astype(self.order.dtype)
            self._bounds = (starts[self.ties], ends[self.ties])
        return self._bounds

    def ranks(self, rows: np.ndarray) -> np.ndarray:
        """Ranks of the values at ``rows`` (a boolean mask of present values), in row order."""
        own = rows is self.present or np.array_equal(rows, self.present)
        if own and self._own is not None:
            return self._own.astype(np.float64)
        chosen = rows[self.order]
        position = np.cumsum(chosen)[chosen].astype(np.float64)
        ties = self.ties[chosen]
        average = np.bincount(ties, weights=position) / np.maximum(np.bincount(ties), 1)
        out = np.empty(len(rows))
        out[self.order[chosen]] = average[ties]
        result = out[rows]
        if own and self.count < 2**23:  # float32 holds every rank (a whole or half number) exactly
            self._own = result.astype(np.float32)
        return result


def standardised(columns: list[Callable[[], np.ndarray]], rows: int) -> np.ndarray:
    """Rank columns, each centred and scaled to unit length: Pearson's r is then a dot product.

    Filled one column at a time into one preallocated matrix (memory: the matrix).
    """
    z = np.empty((rows, len(columns)))
    for j, column in enumerate(columns):
        z[:, j] = column()
    z -= z.mean(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z /= np.sqrt(np.einsum("ij,ij->j", z, z))
    return z


#: Columns ranked together are processed in blocks of about this many values (memory: a few
#: arrays of this size at once).
BLOCK_VALUES = 1 << 21


def ranks_within(rankers: list[Ranker], rows: np.ndarray) -> np.ndarray:
    """Average ranks of several columns at once, each over a subset of rows, in row order
    (n x columns; 0 outside the subset): ``rows`` is one boolean mask for all, or one column of
    masks per ranker.  The vectorised form of :meth:`Ranker.ranks`: a cumulative count of the
    chosen rows in each column's sorted order, averaged over each run of tied values."""
    order = np.stack([r.order for r in rankers], axis=1)
    chosen = rows[order] if rows.ndim == 1 else np.take_along_axis(rows, order, axis=0)
    counted = np.cumsum(chosen, axis=0, dtype=np.int64)
    columns = np.arange(len(rankers))
    first = np.stack([r.bounds()[0] for r in rankers], axis=1)
    last = np.stack([r.bounds()[1] for r in rankers], axis=1)
    before = counted[first - 1, columns]  # chosen rows sorted before this run of ties
    before[first == 0] = 0
    average = (before + 1 + counted[last, columns]) * 0.5
    average[~chosen] = 0.0
    out = np.empty(order.shape)
    np.put_along_axis(out, order, average, axis=0)
    return out


class Block:
    """Complete columns stacked for :func:`rho_against` and :func:`eta_against` (one row per
    column: each contiguous)."""

    def __init__(self, rankers: list[Ranker]) -> None:
        self.order = np.stack([r.order for r in rankers])
        self.tied = [j for j, r in enumerate(rankers) if r.tied]
        self.first = np.stack([rankers[j].bounds()[0] for j in self.tied]) if self.tied else None
        self.last = np.stack([rankers[j].bounds()[1] for j in self.tied]) if self.tied else None

    def tied_ranks(self, counted: np.ndarray) -> np.ndarray:
        """The ranks of the tied columns: ``counted`` (a running count of the chosen rows in each
        column's sorted order, one row per column) averaged over each run of tied values."""
        sub = counted[self.tied]
        lines = np.arange(len(self.tied))[:, None]
        before = sub[lines, self.first - 1]  # chosen rows sorted before this run of ties
        before[self.first == 0] = 0.0
        return (before + 1 + sub[lines, self.last]) * 0.5


def rho_against(c: Ranker, block: Block) -> np.ndarray:
    """Spearman's rho of column ``c`` with each complete column of ``block`` over the rows where
    ``c`` is present.  Works in each column's sorted order, so nothing is scattered back: a column
    without ties has the ranks 1..count over the rows (their running count), whose variance is
    count(count² - 1)/12; only tied columns need their runs averaged."""
    rows, count = c.present, c.count
    middle = (count + 1) * 0.5
    own = np.zeros(len(rows))
    own[rows] = c.ranks(rows) - middle  # centred: its sum is 0, and 0 outside the rows
    chosen = rows[block.order]
    counted = np.cumsum(chosen, axis=1, dtype=np.float64)
    partner = own[block.order]
    products = np.einsum("ij,ij->i", partner, counted)  # = sum of partner * (rank - mean): partner sums to 0
    spread = np.full(len(block.order), count * (count * count - 1) / 12.0)
    if block.tied:
        centred = np.where(chosen[block.tied], block.tied_ranks(counted) - middle, 0.0)
        products[block.tied] = np.einsum("ij,ij->i", partner[block.tied], centred)
        spread[block.tied] = np.einsum("ij,ij->i", centred, centred)
    with np.errstate(divide="ignore", invalid="ignore"):
        return products / np.sqrt(float(own @ own) * spread)


def masked_rho(a: np.ndarray, b: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Pearson's r of rank columns ``a`` and ``b`` over each column's rows (ranks as from
    :func:`ranks_within`, whose mean over ``count`` rows is exactly (count + 1) / 2)."""
    middle = (rows.sum(axis=0) + 1) * 0.5
    a = np.where(rows, a - middle, 0.0)
    b = np.where(rows, b - middle, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.einsum("ij,ij->j", a, b) / np.sqrt(np.einsum("ij,ij->j", a, a) * np.einsum("ij,ij->j", b, b))


def blocks(items: list[int], rows: int) -> list[list[int]]:
    size = max(1, BLOCK_VALUES // max(rows, 1))
    return [items[i:i + size] for i in range(0, len(items), size)]


def eta_against(codes: np.ndarray, block: Block, min_rows: int) -> list[tuple[float | None, int, tuple[float, int] | None]]:
    """The rank correlation ratio of each complete column of ``block`` on the factorised column
    ``codes`` (-1 = missing), over the rows where ``codes`` is present: ``(eta, n, (H, k - 1))``
    per column, as ``runner.profile.correlations`` defines them.  Group sums of ranks come from one
    weighted count over the whole block."""
    keep = codes >= 0
    n = int(keep.sum())
    sizes = np.bincount(codes[keep]) if n else np.zeros(0, dtype=int)
    k = int((sizes > 0).sum())
    if n < min_rows or k < 2 or n <= k:
        return [(None, n, None)] * len(block.order)
    lines = len(block.order)
    chosen = keep[block.order]
    ranks = np.cumsum(chosen, axis=1, dtype=np.float64)
    middle = (n + 1) * 0.5
    total = np.full(lines, n * (n * n - 1) / 12.0)
    if block.tied:
        averaged = block.tied_ranks(ranks)
        ranks[block.tied] = averaged
        centred = np.where(chosen[block.tied], averaged - middle, 0.0)
        total[block.tied] = np.einsum("ij,ij->i", centred, centred)
    width = int(sizes.size)
    slots = (codes[block.order] + np.arange(lines)[:, None] * width)[chosen]
    sums = np.bincount(slots, weights=ranks[chosen], minlength=lines * width).reshape(lines, width)
    present = sizes > 0
    means = sums[:, present] / sizes[present]
    between = ((means - middle) ** 2 * sizes[present]).sum(axis=1)
    out: list[tuple[float | None, int, tuple[float, int] | None]] = []
    for line in range(lines):
        if total[line] == 0.0:
            out.append((None, n, None))
            continue
        adjusted = 1.0 - (1.0 - between[line] / total[line]) * (n - 1) / (n - k)
        out.append((float(np.sqrt(max(0.0, adjusted))), n, ((n - 1) * between[line] / total[line], k - 1)))
    return out

