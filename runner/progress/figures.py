"""The plots of the HTML views (dashboard, its intuition section, the cohort page): a matplotlib
figure made the same way everywhere, embedded as base64 SVG under its caption, or, when there
is nothing to draw yet, a note saying what stands instead.

Imports matplotlib lazily (only when a figure is drawn).
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Iterable
from typing import Any

#: A plot of a view: ``(id, caption, draw, instead)``; ``draw(data)`` returns a figure or None
#: (then ``instead`` is shown).
Plot = tuple[str, str, Callable[[Any], Any], str]


def new_figure(width: float = 6.4, height: float = 3.4) -> Any:
    """An empty figure (constrained layout), for the caller's axes."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def svg_base64(fig: Any) -> str:
    """The figure as SVG, base64-encoded; the same data gives the same bytes (no date, fixed ids)."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "eda-drill", "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def plots_html(plots: Iterable[Plot], data: Any) -> list[str]:
    """One ``<figure>`` per plot drawn from ``data`` (or a ``<section class='none'>`` with its note)."""
    esc = html.escape
    parts = []
    for plot_id, caption, draw, instead in plots:
        fig = draw(data)
        if fig is None:
            parts.append(f"<section class='none' id='plot-{plot_id}'><b>{esc(caption)}</b><p>{esc(instead)}</p></section>")
        else:
            parts.append(f"<figure class='plot' id='plot-{plot_id}'><figcaption>{esc(caption)}</figcaption>"
                         f"<img alt='{esc(caption)}' src='data:image/svg+xml;base64,{svg_base64(fig)}'></figure>")
    return parts
