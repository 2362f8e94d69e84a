"""``drill cohort --html``: the class's progress as one self-contained page, like the personal dashboard.

The plots are matplotlib SVGs embedded as ``data:`` images (no network, no
script); every name, kind and column reaches the page escaped, and names drawn
inside a plot are drawn as glyphs (never parsed as mathtext).  Each figure is a
``<figure class="plot" id="plot-...">``; a plot without data is a sentence.
The page holds learners' names: it is written privately (``runner.atomic``).
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from runner import atomic
from runner.progress import calibration
from runner.progress.cohort import Cohort
from runner.progress.dashboard import COLOURS, CSS, _figure
from runner.progress.figures import plots_html
from runner.progress.stats_text import percent

COHORT_PAGE = "cohort.html"
LABELLED = 40  # learners named beside their point in the scatter plot, at most


def _plain(text: str) -> str:
    """Text for a matplotlib label: a ``$`` would start mathtext."""
    return text.replace("$", r"\$")


def _hbox(ax: Any, data: list[list[float]], positions: list[int], widths: float, showfliers: bool) -> None:
    """Horizontal box plots (``orientation`` from matplotlib 3.10 on, ``vert`` before it)."""
    import matplotlib

    major, minor = (int(part) for part in matplotlib.__version__.split(".")[:2])
    way = {"orientation": "horizontal"} if (major, minor) >= (3, 10) else {"vert": False}
    ax.boxplot(data, positions=positions, widths=widths, showfliers=showfliers, **way)


def _scored(cohort: Cohort) -> list[Any]:
    return [x for x in cohort.learners if x.error is None and (x.accuracy is not None or x.recall is not None)]


def plot_spread(cohort: Cohort) -> Any | None:
    scored = _scored(cohort)
    if not scored:
        return None
    import numpy as np

    fig, ax = _figure(height=3.0)
    rng = np.random.default_rng(0)  # the jitter of the points is the same on every run
    for i, name in enumerate(("accuracy", "recall")):
        values = [getattr(x, name) * 100 for x in scored if getattr(x, name) is not None]
        if values:
            _hbox(ax, [values], [i], 0.5, showfliers=False)
            ax.scatter(values, i + rng.uniform(-0.12, 0.12, len(values)), s=16, alpha=0.7, color=COLOURS[name],
                       zorder=3)
    ax.set_yticks([0, 1], ["accuracy", "recall"])
    ax.set_xlim(-5, 105)
    ax.set_xlabel("% (one point per learner)")
    ax.grid(axis="x", alpha=0.3)
    return fig


def plot_learners(cohort: Cohort) -> Any | None:
    scored = [x for x in _scored(cohort) if x.accuracy is not None and x.recall is not None]
    if not scored:
        return None
    fig, ax = _figure()
    ax.scatter([x.recall * 100 for x in scored], [x.accuracy * 100 for x in scored], s=28, color=COLOURS["recall"],
               alpha=0.8)
    if len(scored) <= LABELLED:
        for x in scored:
            ax.annotate(_plain(x.name), (x.recall * 100, x.accuracy * 100), textcoords="offset points",
                        xytext=(4, 3), fontsize=7)
    ax.set_xlim(-5, 105)
    ax.set_ylim(-5, 105)
    ax.set_xlabel("recall %")
    ax.set_ylabel("accuracy %")
    ax.grid(alpha=0.3)
    return fig


def plot_missed(cohort: Cohort) -> Any | None:
    kinds = cohort.cls["most_missed"][:12]
    if not kinds:
        return None
    fig, ax = _figure(height=max(2.4, 0.9 + 0.3 * len(kinds)))
    y = range(len(kinds))
    ax.barh(y, [k["learners"] for k in kinds], color=COLOURS["recall"])
    ax.set_yticks(list(y), [_plain(k["kind"]) for k in kinds], fontsize=8)
    ax.invert_yaxis()
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("learners who missed it")
    ax.grid(axis="x", alpha=0.3)
    return fig


def plot_phases(cohort: Cohort) -> Any | None:
    phases = [p for p in cohort.cls["time_per_phase"] if p["learners_minutes"]]
    if not phases:
        return None
    fig, ax = _figure()
    y = list(range(len(phases)))
    ax.barh(y, [p["planned_minutes"] for p in phases], color=COLOURS["planned"], height=0.7, label="planned")
    _hbox(ax, [p["learners_minutes"] for p in phases], y, 0.35, showfliers=True)
    ax.set_yticks(y, [_plain(p["key"]) for p in phases])
    ax.invert_yaxis()
    ax.set_xlabel("minutes (box: the learners' median times)")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    return fig


#: (id, caption, plot, what to say instead of an empty chart)
PLOTS: list[tuple[str, str, Callable[[Cohort], Any | None], str]] = [
    ("spread", "Spread of scores over learners", plot_spread, "No learner has a graded drill yet."),
    ("learners", "Each learner: accuracy against recall", plot_learners, "No learner has a graded drill yet."),
    ("missed-kinds", "Kinds the class misses", plot_missed, "Nobody has missed a notable pattern yet."),
    ("phases", "Time per phase against plan", plot_phases, "No timed phases recorded yet."),
]


def _learner_rows(cohort: Cohort) -> str:
    esc = html.escape
    rows = []
    for x in cohort.learners:
        if x.error:
            rows.append(f"<tr><td>{esc(x.name)}</td><td colspan='7' class='muted'>{esc(x.error)}</td></tr>")
            continue
        missed = ", ".join(f"{m['kind']} ({m['count']})" for m in x.kinds_missed[:3])
        phases = ", ".join(f"{p['key']} {p['median_minutes']:.0f}'" for p in x.time_per_phase
                           if p["median_minutes"] is not None)
        calibrated = calibration.summary_line(x.calibration)
        rows.append(f"<tr><td>{esc(x.name)}</td><td>{x.drills}</td><td>{x.graded}</td><td>{percent(x.accuracy)}</td>"
                    f"<td>{percent(x.recall)}</td><td>{esc(calibrated)}</td><td>{esc(missed)}</td>"
                    f"<td>{esc(phases)}</td></tr>")
    return ("<table id='learners'><thead><tr><th>learner</th><th>drills</th><th>graded</th><th>accuracy</th>"
            "<th>recall</th><th>calibration</th><th>kinds missed most</th><th>median time per phase</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _assignment_rows(cohort: Cohort) -> str:
    esc = html.escape
    parts = []
    for a in cohort.cls["assignments"]:
        parts.append(f"<h3>{esc(a['name'])}</h3><p>{a['started']} learners started it, {a['graded']} graded; "
                     f"median accuracy {percent(a['accuracy']['median'])}, median recall {percent(a['recall']['median'])}.</p>")
        if a["most_refuted"]:
            parts.append("<table class='refuted'><thead><tr><th>claim refuted</th><th>refuted for</th><th>claimed by"
                         "</th></tr></thead><tbody>")
            parts += [f"<tr><td>{esc(r['claim'])}</td><td>{r['refuted']}</td><td>{r['claimed']}</td></tr>"
                      for r in a["most_refuted"]]
            parts.append("</tbody></table>")
        else:
            parts.append("<p class='muted'>No claim was refuted.</p>")
    return "".join(parts)


def render_html(cohort: Cohort) -> str:
    """The whole page for ``cohort`` (no file written)."""
    esc, c = html.escape, cohort.cls
    scope = f"assignment {cohort.assignment}" if cohort.assignment else "every drill"
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>eda-drill cohort</title>"
             f"<meta name='viewport' content='width=device-width, initial-scale=1'><style>{CSS}</style></head><body>"
             f"<h1>The class's EDA drills</h1><p class='sub'>{c['learners']} learners, {esc(scope)}</p>"]
    if not c["readable"]:
        return parts[0] + "<section class='none' id='empty'><p>No learner's folder could be read.</p></section></body></html>"
    unreadable = f"{c['unreadable']} folder{'' if c['unreadable'] == 1 else 's'} could not be read"
    cards = [("learners", str(c["readable"]), unreadable),
             ("drills", str(c["drills"]), f"{c['graded']} graded"),
             ("accuracy", percent(c["accuracy"]), f"{c['confirmed']} of {c['confirmed'] + c['refuted']} hypotheses confirmed"),
             ("recall", percent(c["recall"]), f"{c['predicted']} of {c['findings']} notable findings predicted")]
    parts.append("<div class='cards'>")
    parts += [f"<div class='card' id='card-{name}'>{esc(name)}<b>{esc(value)}</b><span class='muted'>{esc(note)}</span>"
              "</div>" for name, value, note in cards]
    parts.append("</div><div class='grid'>")
    parts += plots_html(PLOTS, cohort)
    parts.append(f"</div><h2>Learners</h2>{_learner_rows(cohort)}")
    if c["assignments"]:
        parts.append(f"<h2>Assignments: the claims refuted most often</h2>{_assignment_rows(cohort)}")
    parts.append("</body></html>")
    return "".join(parts)


def write_page(cohort: Cohort, results_dir: Path) -> Path:
    """Write ``<results>/cohort.html`` (the instructor's own results folder) and return its path.

    Run with ``sudo`` (to read the learners' folders), the page is handed to the
    user who ran sudo, so they can open it; it stays private to them.
    """
    results = Path(results_dir).expanduser().resolve()
    created = not results.exists()
    results.mkdir(parents=True, exist_ok=True, mode=atomic.DIR_MODE)
    path = results / COHORT_PAGE
    atomic.write_text(path, render_html(cohort))
    if os.geteuid() == 0 and os.environ.get("SUDO_UID", "").isdigit():
        owner = int(os.environ["SUDO_UID"]), int(os.environ.get("SUDO_GID", "-1") or -1)
        for mine in ([results] if created else []) + [path]:
            os.chown(mine, *owner)
    return path
