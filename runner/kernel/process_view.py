"""What the notebook shows of the process log: the phase-4 summary, and switching the log off.

The summary is :func:`runner.progress.process.drill_process` in the words of
:func:`runner.progress.process_text.process_html`; the hooks' writer is
flushed first, so the cells just run are in it.
"""

from __future__ import annotations

from typing import Any

from runner.kernel import process_hooks
from runner.progress.process import drill_process
from runner.progress.process_text import process_html
from runner.session import process_log


def _flush(drill_id: str) -> None:
    hooks = process_hooks.current()
    if hooks is not None and hooks.drill_id == drill_id:
        hooks.writer.flush()


def summary(drill: Any) -> dict[str, Any]:
    """The drill's process summary as a dict (``drill review --json``'s ``process``)."""
    _flush(drill.drill_id)
    loc = drill._loc()
    return drill_process(loc.results, loc.row, drill.grade)


def show(drill: Any) -> None:
    from IPython.display import HTML, display

    display(HTML(process_html(summary(drill))))


def switch(drill: Any, on: bool) -> str:
    """Turn the drill's process log on (hooks registered) or off (hooks removed, recorded cells forgotten)."""
    loc = drill._loc()
    if not on:
        process_hooks.unregister()
        forgotten = process_log.set_enabled(loc, False)
        return f"Process log off for this drill; {forgotten} recorded cell(s) forgotten."
    process_log.set_enabled(loc, True)
    process_hooks.register(loc)
    return "Process log on: every cell you run from now on is recorded in your results folder's drills.sqlite."
