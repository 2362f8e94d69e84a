"""Pairwise association between columns: one coefficient per pair, magnitudes on one 0..1 scale.

Which coefficient, by the pair's column roles:

* **ordered–ordered** (both typed numeric by the profile: measurements and
  counts, never category codes): **Spearman's ρ**, signed.  Rank-based, so
  monotone but non-linear relations count, a single extreme value cannot make
  or break a pair, and the sign gives the direction.  Pearson's r would be
  the textbook choice for linear relations, but EDA data is skewed far more
  often than it is linear-and-normal; the library's own ``auto`` matrix uses
  Spearman for numeric pairs too, so the report and the grader agree.
  Exact pairwise-complete Spearman (each pair ranked over the rows where
  both are present), with the ranking shared between pairs where possible.
* **nominal–nominal** (every column the profile types categorical or boolean
  with 2..``correlation_levels`` levels, *whatever its storage*: a class
  label stored as 0/1/2, a month stored as 5..9, a 0/1 flag): **Cramér's V**
  with Bergsma's bias correction (as the library's ``cramers``; no Yates
  correction), unsigned.  A rank coefficient on codes would change when the
  codes are relabelled; these do not.
* **ordered–nominal**: the **rank correlation ratio η** (sqrt of the
  Kruskal–Wallis effect size η²_H = (H − k + 1)/(n − k) with the
  tie-corrected H, i.e. the bias-adjusted share of the mid-ranks' variance
  explained by the groups), unsigned.  The library instead bins the numeric column into 10 equal-width
  bins and takes Cramér's V, which one outlier squeezes into a single bin.

Every coefficient comes with the p-value of its test of no association, so
that a verdict can tell a real pattern from chance at the pair's sample size:
the t test of Spearman's ρ (t = ρ·sqrt((n − 2)/(1 − ρ²)) on n − 2 degrees of
freedom, as ``scipy.stats.spearmanr``), Pearson's chi-squared test of the
contingency table for Cramér's V ((r − 1)(k − 1) degrees of freedom), and the
Kruskal–Wallis test for η (H on k − 1 degrees of freedom).

Text, datetime, constant and all-missing columns take no part.  ``inf`` is
treated as missing here (a copy; the caller still reports it as infinite).
Fewer than :data:`MIN_PAIRS` complete rows give no coefficient.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

#: Fewer complete rows than this give no coefficient (value None).
MIN_PAIRS = 5

METHODS = {"spearman": "Spearman's rho", "cramers_v": "Cramér's V", "eta": "rank correlation ratio eta"}


@dataclass(frozen=True)
class Roles:
    """Column names (in frame order) taking part, by role."""

    ordered: list[str]
    nominal: list[str]


def _finite(series: pd.Series) -> np.ndarray:
    """A column as float64, ``inf`` and missing as NaN."""
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    values[~np.isfinite(values)] = np.nan
    return values


class _Ranker:
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


def _standardised(columns: list[Callable[[], np.ndarray]], rows: int) -> np.ndarray:
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


def _ranks_within(rankers: list[_Ranker], rows: np.ndarray) -> np.ndarray:
    """Average ranks of several columns at once, each over a subset of rows, in row order
    (n x columns; 0 outside the subset): ``rows`` is one boolean mask for all, or one column of
    masks per ranker.  The vectorised form of :meth:`_Ranker.ranks`: a cumulative count of the
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


class _Block:
    """Complete columns stacked for :func:`_rho_against` (one row per column: each contiguous)."""

    def __init__(self, rankers: list[_Ranker]) -> None:
        self.order = np.stack([r.order for r in rankers])
        self.tied = [j for j, r in enumerate(rankers) if r.tied]
        self.first = np.stack([rankers[j].bounds()[0] for j in self.tied]) if self.tied else None
        self.last = np.stack([rankers[j].bounds()[1] for j in self.tied]) if self.tied else None


def _rho_against(c: _Ranker, block: _Block) -> np.ndarray:
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
        sub = counted[block.tied]
        lines = np.arange(len(block.tied))[:, None]
        before = sub[lines, block.first - 1]
        before[block.first == 0] = 0.0
        centred = np.where(chosen[block.tied], (before + 1 + sub[lines, block.last]) * 0.5 - middle, 0.0)
        products[block.tied] = np.einsum("ij,ij->i", partner[block.tied], centred)
        spread[block.tied] = np.einsum("ij,ij->i", centred, centred)
    with np.errstate(divide="ignore", invalid="ignore"):
        return products / np.sqrt(float(own @ own) * spread)


def _masked_rho(a: np.ndarray, b: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Pearson's r of rank columns ``a`` and ``b`` over each column's rows (ranks as from
    :func:`_ranks_within`, whose mean over ``count`` rows is exactly (count + 1) / 2)."""
    middle = (rows.sum(axis=0) + 1) * 0.5
    a = np.where(rows, a - middle, 0.0)
    b = np.where(rows, b - middle, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.einsum("ij,ij->j", a, b) / np.sqrt(np.einsum("ij,ij->j", a, a) * np.einsum("ij,ij->j", b, b))


def _blocks(items: list[int], rows: int) -> list[list[int]]:
    size = max(1, BLOCK_VALUES // max(rows, 1))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _pair_counts(rankers: list[_Ranker]) -> np.ndarray:
    """Rows where both columns are present, for every pair."""
    counts = np.array([r.count for r in rankers])
    pair = np.minimum.outer(counts, counts)  # exact when either column is complete
    n = len(rankers[0].present)
    incomplete = [j for j, r in enumerate(rankers) if r.count < n]
    for a, b in combinations(incomplete, 2):
        pair[a, b] = pair[b, a] = int((rankers[a].present & rankers[b].present).sum())
    return pair


def _spearman(rankers: list[_Ranker]) -> tuple[np.ndarray, np.ndarray]:
    """Exact pairwise-complete Spearman matrix and pair counts.

    Complete columns are one product of standardised ranks; a column with
    missing values against the complete ones works in their sorted orders
    (:func:`_rho_against`); two columns missing different rows are ranked over
    the rows both have, a block of partners at a time (:func:`_ranks_within`).
    """
    counts = _pair_counts(rankers)
    n, k = len(rankers[0].present), len(rankers)
    rho = np.full((k, k), np.nan)
    complete = np.array([j for j in range(k) if rankers[j].count == n], dtype=int)
    if len(complete) > 1 and n >= MIN_PAIRS:
        z = _standardised([partial(rankers[j].ranks, rankers[j].present) for j in complete], n)
        rho[np.ix_(complete, complete)] = z.T @ z
    incomplete = [j for j in range(k) if rankers[j].count < n]
    if n >= MIN_PAIRS and any(rankers[c].count >= MIN_PAIRS for c in incomplete):
        for block in _blocks(list(complete), n):  # every incomplete column against complete ones
            stacked = _Block([rankers[j] for j in block])
            for c in (c for c in incomplete if rankers[c].count >= MIN_PAIRS):
                rho[c, block] = rho[block, c] = _rho_against(rankers[c], stacked)
    for position, a in enumerate(incomplete):  # two incomplete columns: the rows both have, pair by pair
        partners = [b for b in incomplete[position + 1:] if counts[a, b] >= MIN_PAIRS]
        for block in _blocks(partners, n):
            rows = rankers[a].present[:, None] & np.stack([rankers[b].present for b in block], axis=1)
            ranked_a = _ranks_within([rankers[a]] * len(block), rows)
            found = _masked_rho(ranked_a, _ranks_within([rankers[b] for b in block], rows), rows)
            rho[a, block] = rho[block, a] = found
    rho[counts < MIN_PAIRS] = np.nan
    return rho, counts


def spearman_p(rho: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Two-sided p-value of the t test of Spearman's rho over n rows (NaN where undefined)."""
    rho, n = np.asarray(rho, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = rho * np.sqrt((n - 2) / np.maximum(1.0 - rho**2, 0.0))
        p = 2 * stats.t.sf(np.abs(t), n - 2)
    return np.where(np.abs(rho) >= 1.0, 0.0, p)


#: A test statistic on the chi-squared distribution, ``(statistic, degrees of freedom)``: the p-values
#: of every pair are computed in one vectorised call (scipy's per-call overhead dominates wide data).
Chi2 = tuple[float, int]


def _cramers_v(a: np.ndarray, b: np.ndarray) -> tuple[float | None, int, Chi2 | None]:
    """Bias-corrected Cramér's V of two factorised columns (code -1 = missing), and its chi-squared statistic."""
    keep = (a >= 0) & (b >= 0)
    n = int(keep.sum())
    if n < MIN_PAIRS:
        return None, n, None
    width = int(b.max()) + 1
    table = np.bincount(a[keep] * width + b[keep], minlength=(int(a.max()) + 1) * width).reshape(-1, width)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0].astype(float)
    r, k = table.shape
    if r < 2 or k < 2:
        return None, n, None
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    chi2 = float(((table - expected) ** 2 / expected).sum())
    phi2 = max(0.0, chi2 / n - (k - 1) * (r - 1) / (n - 1))
    r_corr = r - (r - 1) ** 2 / (n - 1)
    k_corr = k - (k - 1) ** 2 / (n - 1)
    denominator = min(k_corr - 1, r_corr - 1)
    if denominator <= 0:
        return None, n, None
    return float(np.sqrt(phi2 / denominator)), n, (chi2, (r - 1) * (k - 1))


def _eta(ranker: _Ranker, codes: np.ndarray) -> tuple[float | None, int, Chi2 | None]:
    """Bias-adjusted rank correlation ratio of a ranked column on a factorised one, and the Kruskal-Wallis H."""
    keep = ranker.present & (codes >= 0)
    n = int(keep.sum())
    if n < MIN_PAIRS:
        return None, n, None
    ranks = ranker.ranks(keep)
    groups = codes[keep]
    sizes = np.bincount(groups)
    k = int((sizes > 0).sum())
    total = float(((ranks - ranks.mean()) ** 2).sum())
    if k < 2 or n <= k or total == 0.0:
        return None, n, None
    means = np.bincount(groups, weights=ranks)[sizes > 0] / sizes[sizes > 0]
    between = float((sizes[sizes > 0] * (means - ranks.mean()) ** 2).sum())
    adjusted = 1.0 - (1.0 - between / total) * (n - 1) / (n - k)
    h = (n - 1) * between / total  # the tie-corrected Kruskal-Wallis statistic
    return float(np.sqrt(max(0.0, adjusted))), n, (h, k - 1)


def pairs(frame: pd.DataFrame, roles: Roles) -> tuple[list[dict], pd.DataFrame]:
    """Every pair of taking-part columns once (frame order), and the matrix for the report.

    A pair is ``{"columns": [a, b], "method": ..., "value": float | None, "n": rows,
    "p_value": float | None}`` (the p-value of the method's test of no association).
    """
    taking_part = set(roles.ordered) | set(roles.nominal)
    order = [name for name in frame.columns if name in taking_part]
    rankers = [_Ranker(_finite(frame[name])) for name in roles.ordered]
    rho, counts = _spearman(rankers) if rankers else (None, None)
    rho_p = spearman_p(rho, counts) if rankers else None
    position = {name: j for j, name in enumerate(roles.ordered)}
    codes = {name: pd.factorize(frame[name], use_na_sentinel=True)[0] for name in roles.nominal}

    result: list[dict] = []
    tested: list[tuple[dict, Chi2]] = []  # pairs whose p-value comes from a chi-squared statistic
    index = {name: i for i, name in enumerate(order)}
    matrix = np.eye(len(order))
    for a, b in combinations(order, 2):
        statistic: Chi2 | None = None
        p: float | None = None
        if a in position and b in position:
            method, i, j = "spearman", position[a], position[b]
            value = None if np.isnan(rho[i, j]) else float(rho[i, j])
            n = int(counts[i, j])
            p = None if value is None else float(rho_p[i, j])
        elif a in codes and b in codes:
            method = "cramers_v"
            value, n, statistic = _cramers_v(codes[a], codes[b])
        else:
            method = "eta"
            numeric, nominal = (a, b) if a in position else (b, a)
            value, n, statistic = _eta(rankers[position[numeric]], codes[nominal])
        if value is not None:
            value = round(min(1.0, max(-1.0, value)), 6)
        pair = {"columns": [a, b], "method": method, "value": value, "n": n, "p_value": _rounded_p(p)}
        result.append(pair)
        if statistic is not None:
            tested.append((pair, statistic))
        matrix[index[a], index[b]] = matrix[index[b], index[a]] = np.nan if value is None else value
    if tested:
        p_values = stats.chi2.sf([s for _, (s, _) in tested], [dof for _, (_, dof) in tested])
        for (pair, _), p in zip(tested, p_values, strict=True):
            pair["p_value"] = _rounded_p(float(p))
    return result, pd.DataFrame(matrix, index=order, columns=order)


def _rounded_p(p: float | None) -> float | None:
    return None if p is None or np.isnan(p) else float(f"{min(1.0, max(0.0, p)):.4g}")
