"""The dashboard's intuition section: error and speed over days per kind, correlation bias, lineups.

Drawn like the rest of the page (:mod:`runner.progress.dashboard`: matplotlib's
object-oriented API, SVG ``data:`` images, ``<figure class="plot" id="plot-...">``),
from the ``intuition`` section of ``drill stats`` (:mod:`runner.progress.intuition_stats`);
a plot without data is a sentence instead.  The section is left out when no
intuition drill is logged.

May import: ``runner.progress.stats`` (for the shape of the figures only), matplotlib inside functions.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from runner.progress.figures import new_figure, plots_html

ESTIMATES = ("correlation", "missing", "outliers")


def _figure(width: float = 6.4, height: float = 3.4, cols: int = 1) -> tuple[Any, Any]:
    fig = new_figure(width, height)
    return fig, fig.subplots(1, cols, squeeze=False)[0]


def _by_day(days: list[dict[str, Any]], kinds: tuple[str, ...] | None, field: str) -> tuple[list[str], dict[str, list]]:
    dates = sorted({d["date"] for d in days})
    series: dict[str, list] = {}
    for d in days:
        if kinds is None or (d["kind"] in kinds) == (kinds is ESTIMATES):
            series.setdefault(d["kind"], [float("nan")] * len(dates))[dates.index(d["date"])] = (
                float("nan") if d[field] is None else d[field])
    return dates, series


def _day_axis(ax: Any, dates: list[str]) -> None:
    step = max(1, len(dates) // 10)
    ax.set_xticks(range(0, len(dates), step), [d[5:] for d in dates[::step]], fontsize=7)
    ax.grid(alpha=0.3)


def plot_error(section: dict[str, Any]) -> Any | None:
    days = section["days"]
    if not days:
        return None
    fig, (est, cho) = _figure(8.0, 3.2, cols=2)
    dates, series = _by_day(days, ESTIMATES, "mean_error")
    for kind, values in series.items():
        est.plot(range(len(dates)), values, marker="o", label=kind)
    est.set_title("estimates: mean |answer - truth|", fontsize=9)
    _day_axis(est, dates)
    choices = {d["kind"] for d in days} - set(ESTIMATES)
    for kind in sorted(choices):
        values = [float("nan")] * len(dates)
        for d in days:
            if d["kind"] == kind and d["hit_rate"] is not None:
                values[dates.index(d["date"])] = 1 - d["hit_rate"]
        cho.plot(range(len(dates)), values, marker="o", label=kind)
    cho.set_title("choices: share wrong", fontsize=9)
    cho.set_ylim(-0.05, 1.05)
    _day_axis(cho, dates)
    for ax in (est, cho):
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7)
    return fig


def plot_speed(section: dict[str, Any]) -> Any | None:
    days = [d for d in section["days"] if d["median_seconds"] is not None]
    if not days:
        return None
    fig, (ax,) = _figure()
    dates, series = _by_day(days, None, "median_seconds")
    for kind, values in sorted(series.items()):
        ax.plot(range(len(dates)), values, marker="o", label=kind)
    ax.set_ylabel("median seconds per item")
    ax.set_ylim(bottom=0)
    _day_axis(ax, dates)
    ax.legend(fontsize=7, ncol=2)
    return fig


def plot_correlation(section: dict[str, Any]) -> Any | None:
    corr = section["correlation"]
    if not corr["answered"]:
        return None
    fig, (ax,) = _figure(4.6, 4.2)
    ax.plot([-1, 1], [-1, 1], color="#c7c7c7", linewidth=1, label="answer = truth")
    ax.scatter([p["truth"] for p in corr["points"]], [p["answer"] for p in corr["points"]], color="#1f77b4", s=22)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("true r")
    ax.set_ylabel("your estimate")
    ax.set_title(f"bias {corr['bias']:+.2f}; |r| judged {corr['magnitude_bias']:+.2f} against the truth", fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    return fig


def plot_lineups(section: dict[str, Any]) -> Any | None:
    history = section["lineup"]["history"]
    if not history:
        return None
    fig, (ax,) = _figure()
    x = range(1, len(history) + 1)
    hits, chance = 0, 0.0
    rate, expected = [], []
    for n, h in enumerate(history, start=1):
        hits += h["hit"]
        chance += h["chance"]
        rate.append(hits / n)
        expected.append(chance / n)
    ax.plot(x, rate, marker="o", label="your hit rate so far", color="#1f77b4")
    ax.plot(x, expected, linestyle="--", label="chance (1 / (panels + 1))", color="#d62728")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("lineups answered")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    return fig


#: (id, caption, plot, what to say instead of an empty chart)
PLOTS: list[tuple[str, str, Callable[[dict[str, Any]], Any | None], str]] = [
    ("intuition-error", "Intuition: error over days, per kind", plot_error, "No item answered yet."),
    ("intuition-speed", "Intuition: time per item over days, per kind", plot_speed, "No item answered yet."),
    ("intuition-correlation", "Intuition: correlation estimates against the truth", plot_correlation,
     "No correlation item answered yet."),
    ("intuition-lineup", "Intuition: lineups picked right, against chance", plot_lineups, "No lineup answered yet."),
]


def section_html(section: dict[str, Any], lab_url: str | None = None) -> str:
    """The intuition section's HTML ('' when no intuition drill is logged)."""
    if not section or not section["drills"]["total"]:
        return ""
    esc = html.escape
    items, lineup = section["items"], section["lineup"]
    rate = "n/a" if items["hit_rate"] is None else f"{items['hit_rate']:.0%}"
    parts = [f"<h2 id='intuition'>Intuition drills</h2><p>{section['drills']['total']} drill(s); {items['answered']} "
             f"items answered in time, {items['skipped']} skipped; hit rate {esc(rate)}; lineups right "
             f"{lineup['hits']} of {lineup['answered']}.</p><div class='grid'>"]
    parts += plots_html(PLOTS, section)
    parts.append("</div><table id='intuition-drills'><thead><tr><th>started</th><th>items</th><th>hits</th>"
                 "<th>skipped</th><th>median time</th><th>notebook</th></tr></thead><tbody>")
    for t in reversed(section["timeline"]):
        href = f"{lab_url.rstrip('/')}/{quote(t['notebook'])}" if lab_url else quote(t["notebook"])
        median = "" if t["median_seconds"] is None else f"{t['median_seconds']:.0f} s"
        parts.append(f"<tr><td>{esc(t['created_at'][:16].replace('T', ' '))}</td><td>{t['items']}</td>"
                     f"<td>{t['hits']}</td><td>{t['skipped']}</td><td>{median}</td>"
                     f"<td><a href='{esc(href)}'>notebook</a></td></tr>")
    parts.append("</tbody></table>")
    return "".join(parts)
