"""The items' plots, drawn in the kernel when an item is shown: PNG bytes from matplotlib.

matplotlib's object-oriented API only (no pyplot: the kernel's backend is
left alone).  Before an answer no plot shows a number: tick labels are off
and the axes are named after the columns.  The reveal plots (a lineup with
its real panel framed, a distribution's histogram beside the prediction) may.
Text from datasets (column and group names) only ever reaches the browser
inside these images.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

POINT = {"s": 12, "alpha": 0.6, "color": "#1f77b4", "linewidths": 0}
REAL_FRAME = "#d62728"


def _figure(width: float = 5.0, height: float = 3.6, rows: int = 1, cols: int = 1) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots(rows, cols, squeeze=False)


def png(fig: Any, dpi: int = 90) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _bare(ax: Any) -> None:
    ax.tick_params(labelbottom=False, labelleft=False, bottom=False, left=False)


def _jitter(n: int, seed: int, width: float = 0.25) -> Any:
    import numpy as np

    return np.random.default_rng(seed).uniform(-width, width, n)


def scatter(item: dict[str, Any], data: dict[str, Any]) -> Any:
    fig, axes = _figure(4.2, 4.0)
    ax = axes[0][0]
    ax.scatter(data["x"], data["y"], **POINT)
    x_name, y_name = item["columns"]
    ax.set_xlabel(x_name)
    ax.set_ylabel(y_name)
    _bare(ax)
    return fig


def missingness(item: dict[str, Any], data: dict[str, Any]) -> Any:
    import numpy as np

    grid = np.zeros((data["rows"], len(data["columns"])))
    for j, missing in enumerate(data["missing"]):
        grid[missing, j] = 1.0
    fig, axes = _figure(0.9 + 0.75 * len(data["columns"]), 4.2)
    ax = axes[0][0]
    ax.imshow(grid, aspect="auto", cmap="Greys", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks(range(len(data["columns"])), [str(c)[:14] for c in data["columns"]], rotation=30, ha="left",
                  fontsize=8)
    ax.xaxis.tick_top()
    ax.set_ylabel("rows")
    ax.tick_params(labelleft=False, left=False)
    ax.get_xticklabels()[0].set_fontweight("bold")
    return fig


def box_strip(item: dict[str, Any], data: dict[str, Any]) -> Any:
    fig, axes = _figure(5.5, 2.4)
    ax = axes[0][0]
    ax.boxplot(data["x"], vert=False, whis=1.5, showfliers=False, widths=0.5,
               medianprops={"color": "black"}, positions=[0])
    ax.scatter(data["x"], _jitter(len(data["x"]), 1, 0.18), s=9, alpha=0.45, color="#1f77b4", linewidths=0)
    ax.set_xlabel(item["columns"][0])
    ax.set_ylim(-0.6, 0.6)
    _bare(ax)
    return fig


def histogram(item: dict[str, Any], data: dict[str, Any]) -> Any:
    fig, axes = _figure(5.0, 3.0)
    ax = axes[0][0]
    ax.hist(data["x"], bins=_bins(data["x"]), color="#1f77b4", alpha=0.8, edgecolor="white")
    ax.set_xlabel(item["columns"][0])
    _bare(ax)
    return fig


def _bins(x: Any) -> Any:
    import numpy as np

    edges = np.histogram_bin_edges(x, bins="auto")
    return edges if len(edges) <= 41 else 40


def lineup(item: dict[str, Any], data: dict[str, Any], real: Any = None) -> Any:
    import numpy as np

    perms = data["perms"]
    cols = 3 if len(perms) <= 9 else 5
    rows = -(-len(perms) // cols)
    fig, axes = _figure(1.5 * cols, 1.4 * rows, rows, cols)
    x, y = np.asarray(data["x"]), np.asarray(data["y"])
    for k, ax in enumerate(axes.flat):
        if k >= len(perms):
            ax.set_visible(False)
            continue
        ax.scatter(x, y[perms[k]], s=5, alpha=0.6, color="#1f77b4", linewidths=0)
        ax.set_title(str(k + 1), fontsize=9, pad=2)
        _bare(ax)
        if real == k + 1:
            for spine in ax.spines.values():
                spine.set_edgecolor(REAL_FRAME)
                spine.set_linewidth(2.5)
            ax.set_title(f"{k + 1}: real", fontsize=9, pad=2, color=REAL_FRAME)
    if real == "none":
        fig.suptitle("none is real: every panel is shuffled", fontsize=10, color=REAL_FRAME)
    return fig


def strip(item: dict[str, Any], data: dict[str, Any]) -> Any:
    import numpy as np

    fig, axes = _figure(4.4, 3.6)
    ax = axes[0][0]
    for i, key in enumerate(("a", "b")):
        values = np.asarray(data[key])
        ax.scatter(i + _jitter(len(values), i + 1, 0.15), values, **POINT)
        ax.plot([i - 0.3, i + 0.3], [values.mean()] * 2, color="black", linewidth=2)
    ax.set_xticks([0, 1], [str(g)[:20] for g in data["groups"]])
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylabel(item["columns"][0])
    ax.set_xlabel(f"{item['columns'][1]} (bar: the group's mean)")
    ax.tick_params(labelleft=False, left=False)
    return fig


def distribution_reveal(item: dict[str, Any], data: dict[str, Any], answer: dict[str, Any],
                        truth: dict[str, Any]) -> Any:
    """Your prediction (the sketch, or the predicted shape in words) beside the real histogram."""
    import numpy as np

    fig, axes = _figure(8.0, 3.0, 1, 2)
    mine, real = axes[0]
    sketch = answer.get("sketch")
    if sketch:
        mine.fill_between(np.linspace(0, 1, len(sketch)), sketch, step="mid", color="#bf8700", alpha=0.5)
        mine.set_xlabel("low values → high values")
    words = [f"shape: {answer['shape']}"] + [f"{k}: {answer[k]:g}" if isinstance(answer[k], float) else
                                             f"{k}: {answer[k]}" for k in ("peaks", "zeros", "median") if k in answer]
    mine.text(0.02, 0.97, "\n".join(words), transform=mine.transAxes, va="top", fontsize=9)
    mine.set_title("your prediction", fontsize=10)
    _bare(mine)
    x = np.asarray(data["x"])
    real.hist(x, bins=_bins(x), color="#1f77b4", alpha=0.8, edgecolor="white")
    real.axvline(truth["median"], color="black", linewidth=1.5, label=f"median {truth['median']:.4g}")
    if "median" in answer:
        real.axvline(answer["median"], color="#bf8700", linestyle="--", linewidth=1.5, label=f"yours {answer['median']:.4g}")
    real.legend(fontsize=8)
    real.set_title(f"{item['columns'][0]}: {truth['value']}, {truth['peaks']} peak(s), {truth['zeros']:.0%} zeros",
                   fontsize=10)
    return fig


PLOTS: dict[str, Callable[[dict[str, Any], dict[str, Any]], Any]] = {
    "correlation": scatter, "missing": missingness, "outliers": box_strip, "skew": histogram,
    "mean_median": histogram, "lineup": lineup, "groups": strip,
}


def item_png(item: dict[str, Any], data: dict[str, Any] | None) -> bytes | None:
    """The plot an item is answered from (None: a kind answered without one)."""
    draw = PLOTS.get(item["kind"])
    return png(draw(item, data)) if draw and data is not None else None


def reveal_png(item: dict[str, Any], data: dict[str, Any] | None, reveal: Any) -> bytes | None:
    """The plot that goes with a reveal: a lineup's real panel framed, a distribution beside the prediction."""
    if data is None:
        return None
    if item["kind"] == "lineup":
        return png(lineup(item, data, real=reveal.truth["value"]))
    if item["kind"] == "distribution":
        return png(distribution_reveal(item, data, reveal.answer or {"shape": "(skipped)"}, reveal.truth))
    return None
