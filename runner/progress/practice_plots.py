"""The dashboard's plots of how you practise: calibration, and coverage with time to first plot over drills.

Drawn like the other plots of :mod:`runner.progress.dashboard` (matplotlib's
object-oriented API, no pyplot); each returns a figure, or None when there is
nothing to draw (the page then says so instead).

May import: ``runner.progress.stats``, ``runner.progress.calibration``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from runner.progress.calibration import MIN_FORECASTS
from runner.progress.figures import new_figure
from runner.progress.stats import Stats


def _figure(height: float = 3.4, rows: int = 1) -> Any:
    fig = new_figure(height=height)
    return fig, fig.subplots(rows, 1, sharex=True) if rows > 1 else fig.add_subplot()


def plot_calibration(stats: Stats) -> Any | None:
    """Stated confidence against the share right, one point per bin (area: forecasts), and the diagonal."""
    cal = stats.calibration
    if not cal or not cal.get("forecasts"):
        return None
    fig, ax = _figure(height=4.2)
    ax.plot([0, 100], [0, 100], color="#8c959f", linestyle="--", linewidth=1, label="perfectly calibrated")
    b = cal["bins"]
    ax.scatter([x["stated"] * 100 for x in b], [x["observed"] * 100 for x in b], s=[30 + 12 * x["count"] for x in b],
               color="#8250df", alpha=0.8, zorder=3, label="your forecasts (area: how many)")
    for x in b:
        ax.annotate(str(x["count"]), (x["stated"] * 100, x["observed"] * 100), textcoords="offset points",
                    xytext=(0, 9), ha="center", fontsize=7)
    ax.set_xlim(-2, 102)
    ax.set_ylim(-2, 102)
    ax.set_xlabel("stated confidence (%)")
    ax.set_ylabel("share right (%)")
    ax.grid(alpha=0.3)
    if cal["enough"]:
        ax.set_title(f"{cal['forecasts']} forecasts · Brier {cal['brier']:.3f} · "
                     f"overconfidence {cal['overconfidence'] * 100:+.0f} points", fontsize=9)
    else:
        ax.set_title(f"not enough forecasts yet ({cal['forecasts']} of {MIN_FORECASTS}): read with care", fontsize=9,
                     color="#9a6700")
    ax.legend(fontsize=8, loc="upper left")
    return fig


def plot_process(stats: Stats) -> Any | None:
    """Coverage (share of columns examined) and time to first plot, per logged drill."""
    rows = stats.process.get("by_drill") if stats.process else None
    if not rows:
        return None
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    fig, (top, bottom) = _figure(height=4.4, rows=2)
    x = list(range(len(rows)))
    top.plot(x, [float("nan") if r["coverage"] is None else r["coverage"] * 100 for r in rows], marker="o",
             color="#1f77b4")
    top.set_ylim(-5, 105)
    top.yaxis.set_major_formatter(PercentFormatter())
    top.set_ylabel("columns examined")
    minutes = [float("nan") if r["first_plot_seconds"] is None else max(0.0, r["first_plot_seconds"]) / 60 for r in rows]
    bottom.bar(x, minutes, color="#2ca02c", width=0.6)
    bottom.set_ylim(0, max([1.0, *(m for m in minutes if m == m)]) * 1.08)  # at least 0..1 minute
    bottom.set_xlim(-0.5, len(rows) - 0.5)
    bottom.set_ylabel("first plot (min)")
    bottom.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
    labels = [f"{r['created_at'][5:10]}\n{r['drill_id'].split('-', 2)[-1][:12]}" for r in rows]
    step = max(1, len(labels) // 12)
    bottom.set_xticks(x[::step], labels[::step], fontsize=7)
    return fig


#: (id, caption, plot, what to say instead of an empty chart), as ``dashboard.PLOTS``
PRACTICE_PLOTS: list[tuple[str, str, Callable[[Stats], Any | None], str]] = [
    ("calibration", "Calibration: stated confidence against the share right", plot_calibration,
     "No graded hypothesis with a stated confidence yet: end a claim with one, like (70%)."),
    ("process", "Coverage and time to first plot, per drill", plot_process,
     "No process log yet: cells are recorded once the notebook's setup cell has run."),
]
