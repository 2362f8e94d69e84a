"""``<results>/dashboard.html``: progress across drills as one self-contained page.

Plots are drawn with matplotlib's object-oriented API (no pyplot, no global
backend switch, so a notebook kernel calling this keeps its own backend) and
embedded as SVG ``data:`` images: the page needs no kernel, no network and no
CDN.  Each figure is a ``<figure class="plot" id="plot-...">``; a section
without data shows a sentence instead of an empty chart, and an empty log
gives a page that says how to start.  Drill rows link to their notebook and
profile report with paths relative to the results folder.  The file is
written atomically (temporary file, then rename).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from runner import atomic
from runner.progress.figures import new_figure, plots_html
from runner.progress.intuition_dashboard import section_html
from runner.progress.practice_plots import PRACTICE_PLOTS
from runner.progress.stats import LEVEL_RULE, TREND_FROM, Stats, compute
from runner.progress.stats_text import percent

DASHBOARD = "dashboard.html"
COLOURS = {"accuracy": "#1f77b4", "recall": "#d62728", "planned": "#c7c7c7", "actual": "#2ca02c",
           "graded": "#1f77b4", "ungraded": "#ffffff"}
CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1100px;color:#1f2328;
padding:0 1rem}
h1{margin-bottom:.2rem} .sub{color:#59636e;margin-top:0}
.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #d1d9e0;border-radius:8px;padding:.6rem 1rem;min-width:140px}
.card b{display:block;font-size:1.6rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:1rem}
figure.plot{margin:0;border:1px solid #d1d9e0;border-radius:8px;padding:.5rem}
figure.plot img{width:100%;height:auto} figcaption{font-weight:600;margin:.2rem .3rem}
section.none{border:1px dashed #d1d9e0;border-radius:8px;padding:1rem;color:#59636e}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem} th,td{border-bottom:1px solid #d1d9e0;
padding:.3rem .5rem;text-align:left;font-size:.92rem} th{background:#f6f8fa}
.muted{color:#59636e} .rule{color:#59636e;font-size:.9rem}
"""


def _figure(width: float = 6.4, height: float = 3.4) -> Any:
    fig = new_figure(width, height)
    return fig, fig.add_subplot()


def _labels(stats: Stats, ids: list[str]) -> list[str]:
    by_id = {s.id: s for s in stats.timeline}
    return [f"{by_id[i].created_at[5:10]}\n{by_id[i].dataset_id.rsplit('/', 1)[-1].rsplit(':', 1)[-1][:12]}"
            for i in ids]


def _ticks(ax: Any, labels: list[str]) -> None:
    step = max(1, len(labels) // 12)
    ax.set_xticks(range(0, len(labels), step), labels[::step], fontsize=7)


def plot_accuracy_recall(stats: Stats) -> Any | None:
    graded = [s for s in stats.timeline if s.graded]
    if not graded:
        return None
    fig, ax = _figure()
    x = range(len(graded))
    for name in ("accuracy", "recall"):
        values = [getattr(s, name) for s in graded]
        ax.plot(x, [float("nan") if v is None else v * 100 for v in values], marker="o", label=name,
                color=COLOURS[name])
    ax.set_ylim(-5, 105)
    ax.set_ylabel("%")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=8, frameon=False)
    _ticks(ax, _labels(stats, [s.id for s in graded]))
    return fig


def plot_missed_heatmap(stats: Stats) -> Any | None:
    graded = [s for s in stats.timeline if s.graded]
    kinds = [m["kind"] for m in stats.most_missed]
    if not graded or not kinds:
        return None
    import numpy as np

    grid = np.array([[s.missed_kinds.get(k, 0) for s in graded] for k in kinds], dtype=float)
    fig, ax = _figure(height=max(2.4, 0.9 + 0.32 * len(kinds)))
    image = ax.imshow(grid, cmap="Reds", aspect="auto", vmin=0)
    for (row, col), value in np.ndenumerate(grid):
        if value:
            ax.text(col, row, f"{value:g}", ha="center", va="center", fontsize=7,
                    color="white" if value > grid.max() / 2 else "black")
    ax.set_yticks(range(len(kinds)), kinds, fontsize=8)
    _ticks(ax, _labels(stats, [s.id for s in graded]))
    fig.colorbar(image, ax=ax, label="times missed", shrink=0.8)
    return fig


def plot_phases(stats: Stats) -> Any | None:
    phases = [p for p in stats.phases if p["drills"]]
    if not phases:
        return None
    fig, ax = _figure()
    y = range(len(phases))
    ax.barh(y, [p["planned_minutes"] for p in phases], color=COLOURS["planned"], label="planned", height=0.7)
    ax.barh(y, [p["median_minutes"] for p in phases], color=COLOURS["actual"], label="median actual", height=0.35)
    for i, p in enumerate(phases):
        times = [s.phases[p["key"]]["actual"] for s in stats.timeline
                 if p["key"] in s.phases and s.phases[p["key"]]["actual"] is not None]
        ax.scatter(times, [i] * len(times), color="black", s=12, zorder=3, label="a drill" if i == 0 else None)
    ax.set_yticks(list(y), [p["key"] for p in phases])
    ax.invert_yaxis()
    ax.set_xlabel("minutes")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    return fig


def plot_tasks(stats: Stats) -> Any | None:
    """Minutes per attempt of each task; a trend line and word only from ``TREND_FROM`` attempts on."""
    if not stats.tasks:
        return None
    import numpy as np
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig, ax = _figure()
    longest, top = 1, 1.0  # the axes show at least attempts 1..n and 0..1 minute
    for task in stats.tasks:
        times = [t["seconds"] / 60 for s in stats.timeline for t in s.tasks if t["name"] == task["name"]]
        longest, top = max(longest, len(times)), max([top, *times])
        x = np.arange(1, len(times) + 1)
        trend = len(times) >= TREND_FROM
        note = task["trend"] if trend else f"{len(times)} of {TREND_FROM} attempts for a trend"
        line = ax.plot(x, times, marker="o", label=f"{task['name']} ({note})")[0]
        if trend:
            slope, intercept = np.polyfit(x, times, 1)
            ax.plot(x, slope * x + intercept, linestyle="--", linewidth=1, color=line.get_color())
    ax.set_xticks(range(1, longest + 1, max(1, longest // 10)))  # whole attempts
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g} min"))
    ax.set_xlabel("attempt")
    ax.set_ylabel("time on the task")
    ax.set_xlim(0.5, longest + 0.5)
    ax.set_ylim(0, top * 1.08)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def plot_levels(stats: Stats) -> Any | None:
    if not stats.timeline:
        return None
    fig, ax = _figure(height=2.8)
    levels = [s.level for s in stats.timeline]
    x = list(range(len(levels)))
    ax.step(x, levels, where="mid", color="#59636e", alpha=0.6)
    ax.scatter(x, levels, s=40, zorder=3, edgecolors=COLOURS["graded"],
               c=[COLOURS["graded"] if s.graded else COLOURS["ungraded"] for s in stats.timeline])
    advice = stats.next_level
    if advice is not None:
        ax.scatter([len(levels)], [advice.suggested], marker="*", s=180, color="#bf8700", zorder=3)
        ax.annotate("next", (len(levels), advice.suggested), textcoords="offset points", xytext=(0, 9),
                    ha="center", fontsize=8)
    ax.set_ylim(0.5, 4.5)
    ax.set_yticks([1, 2, 3, 4], ["1 clean", "2 mixed types", "3 missing", "4 messy"], fontsize=8)
    _ticks(ax, _labels(stats, [s.id for s in stats.timeline]))
    ax.grid(axis="y", alpha=0.3)
    return fig


#: (id, caption, plot, what to say instead of an empty chart)
PLOTS: list[tuple[str, str, Callable[[Stats], Any | None], str]] = [
    ("accuracy-recall", "Accuracy and recall over time", plot_accuracy_recall,
     "No graded drill yet: grade one with `drill grade`."),
    ("missed-kinds", "Missed kinds by drill", plot_missed_heatmap, "You have not missed a notable pattern yet."),
    ("phases", "Time per phase against plan", plot_phases, "No timed phases recorded yet."),
    ("tasks", "Timed tasks over attempts", plot_tasks, "No timed tasks recorded yet."),
    ("levels", "Level progression (filled: graded; star: suggested next level)", plot_levels, "No drills yet."),
]


def _drill_rows(stats: Stats, results: Path, lab_url: str | None) -> str:
    esc = html.escape
    rows = []
    for s in reversed(stats.timeline):
        if not s.folder_exists:
            links = "<span class='muted'>folder deleted</span>"
        else:
            href = f"{lab_url.rstrip('/')}/{quote(s.notebook)}" if lab_url else quote(s.notebook)
            notebook = (f"<a href='{esc(href)}'>notebook</a>" if (results / s.notebook).is_file()
                        else "<span class='muted'>no notebook</span>")
            profile = (f"<a href='{esc(quote(s.profile))}'>profile report</a>" if s.profile
                       else "<span class='muted'>no profile yet</span>")
            links = f"{notebook} · {profile}"
        grade = (f"{percent(s.accuracy)} / {percent(s.recall)}" if s.graded else "<span class='muted'>not graded</span>")
        rows.append(f"<tr><td>{esc(s.created_at[:16].replace('T', ' '))}</td><td>{esc(s.title)}<br>"
                    f"<span class='muted'>{esc(s.dataset_id)}</span></td><td>{s.level}</td><td>{esc(s.status)}</td>"
                    f"<td>{grade}</td><td>{sum(s.missed_kinds.values()) if s.graded else ''}</td>"
                    f"<td>{esc(s.seal or '')}</td><td>{links}</td></tr>")
    return ("<table><thead><tr><th>started</th><th>dataset</th><th>level</th><th>status</th>"
            "<th>accuracy / recall</th><th>missed</th><th>seal</th><th>links</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _calibration_card(cal: dict[str, Any]) -> tuple[str, str, str]:
    if not cal.get("forecasts"):
        return "calibration", "n/a", "no stated confidence graded yet"
    said = f"you said {cal['mean_confidence']:.0%}, right {cal['share_right']:.0%}"
    if not cal["enough"]:
        return "calibration", "n/a", f"{cal['message']}; {said}"
    return "calibration", f"{cal['brier']:.2f}", f"Brier score over {cal['forecasts']} forecasts; {said}"


def render_html(stats: Stats, lab_url: str | None = None) -> str:
    """The whole page for ``stats`` (no file written); see :func:`write_dashboard` for ``lab_url``."""
    esc = html.escape
    head = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>eda-drill progress</title>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'><style>{CSS}</style></head><body>"
            f"<h1>Your EDA drills</h1><p class='sub'>{esc(stats.results)}</p>")
    intuition = section_html(stats.intuition, lab_url)
    if stats.message:
        return head + f"<section class='none' id='empty'><p>{esc(stats.message)}</p></section>{intuition}</body></html>"
    d, h, advice = stats.drills, stats.hypotheses, stats.next_level
    cards = [("drills", f"{d['total']}", f"{d['graded']} graded, {d['never_graded']} never graded"),
             ("accuracy", percent(h["accuracy"]), f"{h['confirmed']} confirmed, {h.get('partly', 0)} partly (half right) "
                                               f"of {h['gradeable']} judged hypotheses"),
             ("recall", percent(h["recall"]), f"{h['predicted'] + h.get('partly_predicted', 0) / 2:g} of {h['findings']} "
                                           "notable findings predicted"),
             ("next level", str(advice.suggested) if advice else "n/a", advice.reason if advice else "grade a drill first"),
             _calibration_card(stats.calibration)]
    parts = [head, "<div class='cards'>"]
    parts += [f"<div class='card' id='card-{name.replace(' ', '-')}'>{esc(name)}<b>{esc(value)}</b>"
              f"<span class='muted'>{esc(note)}</span></div>" for name, value, note in cards]
    parts.append(f"</div><p class='rule'>Level rule: {esc(LEVEL_RULE)}.</p><div class='grid'>")
    parts += plots_html([*PLOTS, *PRACTICE_PLOTS], stats)
    parts.append("</div>")
    if stats.most_missed:
        parts.append("<h2>Kinds you miss most</h2><table><thead><tr><th>kind</th><th>times missed</th><th>in drills"
                     "</th><th>recall</th></tr></thead><tbody>")
        parts += [f"<tr><td>{esc(m['kind'])}</td><td>{m['count']}</td><td>{m['drills']}</td>"
                  f"<td>{percent(stats.per_kind.get(m['kind'], {}).get('recall'))}</td></tr>" for m in stats.most_missed]
        parts.append("</tbody></table>")
    i = stats.integrity
    parts.append(f"<p>Peeks at the data before the seal: {i['peeks']}; hypotheses edited after the seal: "
                 f"{i['edited_after_seal']}; never sealed: {i['unsealed']}.</p>")
    parts.append(f"<h2>Drills</h2>{_drill_rows(stats, Path(stats.results), lab_url)}{intuition}</body></html>")
    return "".join(parts)


def write_dashboard(results_dir: str | Path, lab_url: str | None = None) -> Path:
    """Write ``<results>/dashboard.html`` from the drill log and return its path.

    Notebook links are relative to the results folder; with ``lab_url`` (a
    JupyterLab serving the results folder, e.g. ``http://localhost:8888/lab/tree``)
    they open the notebook in JupyterLab instead.  Profile links stay relative.
    """
    results = Path(results_dir).expanduser().resolve()
    page = render_html(compute(results), lab_url)
    results.mkdir(parents=True, exist_ok=True)
    path = results / DASHBOARD
    atomic.write_text(path, page)
    return path
