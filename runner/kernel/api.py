"""What the drill notebook's kernel calls: ``drill = open_drill(drill_id, results_dir)``.

A thin shell over :mod:`runner.session` and :mod:`runner.progress` that
renders for Jupyter (IPython.display, widgets); nothing here is needed outside
a notebook.  Like the CLI, it calls one library function per verb.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from runner.drill import folder as drill_folder
from runner.errors import DrillError
from runner.kernel.opened import OpenedDrill
from runner.session import actions as session
from runner.store import resolve_results


class NotebookDrill(OpenedDrill):
    """One EDA drill, seen from its notebook."""

    def __init__(self, drill_id: str, results: Path) -> None:
        super().__init__(drill_id, results)
        self.grade: dict[str, Any] | None = None
        self._compare_asked = False  # an early compare asked once: the next call goes ahead

    def card(self) -> dict[str, Any]:
        return json.loads((self.folder / drill_folder.CARD_JSON).read_text(encoding="utf-8"))

    def show_card(self) -> None:
        """The dataset card, rendered safely: its text comes from outside (see runner/kernel/card.py)."""
        from IPython.display import HTML, display

        from runner.kernel.card import card_html, card_markdown

        markdown = card_markdown(self.card(), self.folder / drill_folder.CARD_MD)
        display(HTML(f"<div class='eda-drill-card'>{card_html(markdown)}</div>"))

    # the data -------------------------------------------------------------------
    def data(self, peek: bool = False) -> Any:
        """The dataset, from the drill's own snapshot; hidden until the hypotheses are sealed.

        ``peek=True`` shows it anyway, and the peek is recorded and shown in the grade.
        """
        try:
            return session.data(self._loc(), peek=peek)
        except session.DataHidden as exc:
            raise DataHiddenError(exc.one_line()) from None

    # phase 2 --------------------------------------------------------------------
    def checklist(self) -> Any:
        """Tick boxes for the phase-2 checklist; each tick is recorded with its time."""
        import ipywidgets as widgets

        from runner.spec import load_spec

        loc = self._loc()
        state = session.checked_items(loc)
        boxes = []
        for item in load_spec(loc.row.spec).checklist:
            box = widgets.Checkbox(value=state.get(item.key, False), description=item.title, indent=False)
            box.observe(lambda change, key=item.key: session.tick(self._loc(), key, bool(change["new"])), "value")
            boxes.append(box)
        return widgets.VBox(boxes)

    def task(self, name: str) -> None:
        """Retired: ``with drill.task(...)`` timed only the code inside the block (a few milliseconds)."""
        raise RetiredError(
            "`with drill.task(...)` is retired: it timed only the code inside the block, not the task",
            hint="task times now come from your cells (drill.process() shows them); for work your code does not "
            f"show, time it with drill.start_task({name!r}) ... drill.stop_task({name!r}) or drill.task_timer({name!r})",
        )

    def start_task(self, name: str) -> None:
        """Start timing a task your code does not show (reading the card, sketching); stop with :meth:`stop_task`."""
        loc = self._loc()
        if session.running_task(loc, name) is not None:
            print(f"{name!r} is already being timed: drill.stop_task({name!r}) stops it.")
            return
        session.start_task(loc, name)
        print(f"Timing {name!r}: drill.stop_task({name!r}) stops it.")

    def stop_task(self, name: str) -> float | None:
        """Stop the task started with :meth:`start_task` (or the button); returns its seconds."""
        loc = self._loc()
        running = session.running_task(loc, name)
        if running is None:
            print(f"{name!r} is not being timed: drill.start_task({name!r}) starts it.")
            return None
        seconds = session.end_task(loc, running)
        print(f"{name!r}: {(seconds or 0) / 60:.1f} min.")
        return seconds

    def task_timer(self, name: str) -> Any:
        """A start/stop button for a common task (correlation analysis, outlier detection)."""
        import ipywidgets as widgets

        running: dict[str, int] = {}
        started = session.running_task(self._loc(), name)  # this cell was re-run while timing
        if started is not None:
            running["id"] = started
        label = f"Stop timing: {name}" if started is not None else f"Start timing: {name}"
        button = widgets.ToggleButton(value=started is not None, description=label, icon="clock-o",
                                      layout=widgets.Layout(width="auto"))

        def toggle(change: dict[str, Any]) -> None:
            if change["new"]:
                running["id"] = session.start_task(self._loc(), name)
                button.description = f"Stop timing: {name}"
            elif "id" in running:
                seconds = session.end_task(self._loc(), running.pop("id"))
                button.description = f"Start timing: {name} (last: {(seconds or 0) / 60:.1f} min)"

        button.observe(toggle, "value")
        return button

    # phases 1 and 3 -------------------------------------------------------------
    def seal(self) -> None:
        """Seal the hypotheses as saved in the notebook file (save with Ctrl+S first)."""
        from runner.session.seal import seal_hypotheses

        sealed = seal_hypotheses(self.notebook, self.results)
        verb = "were already sealed" if sealed.already else "sealed"
        print(f"{sealed.claims} hypotheses {verb} at {sealed.sealed_at} (sha256 {sealed.sha256[:12]}).")

    def restore_hypotheses(self) -> None:
        """Put the hypotheses cell back into the saved notebook after it was deleted (nothing else changes)."""
        from runner.session.recover import restore_hypotheses

        print(restore_hypotheses(self._loc()).message)

    def compare(self, force: bool = False) -> None:
        """Grade the saved hypotheses and show verdicts and missed patterns (kept in ``self.grade``).

        Before phase 3 (or before the seal) it asks first: the grade is the answer key.  Run it
        again, or ``drill.compare(force=True)``, to compare anyway; that is recorded like a peek.
        """
        from IPython.display import HTML, display

        from runner.progress.review import grade_html
        from runner.session.grade import early_compare, grade_drill, record_early_compare

        why = early_compare(self._loc())
        if why is not None and not (force or self._compare_asked):
            self._compare_asked = True
            display(HTML(
                f"<div class='eda-drill-confirm'><b>Not time to compare yet:</b> {html.escape(why)}. The grade "
                "shows the profile's findings, the answer key of phases 1 and 2. Run this cell again (or "
                "<code>drill.compare(force=True)</code>) to compare anyway: it is recorded like a peek at the data "
                "and shown in your grade.</div>"))
            return
        self._compare_asked = False
        if why is not None:
            record_early_compare(self._loc(), why)
        handle = display(HTML("<i>grading...</i>"), display_id=True)
        show = handle.update if handle is not None else display  # no display ids outside a notebook

        def tick(status: dict, elapsed: float) -> None:
            if handle is not None:
                handle.update(HTML(f"<i>waiting for the profile ({elapsed:.0f} s)...</i>"))

        graded = grade_drill(self.notebook, self.results, on_tick=tick)
        show(HTML(grade_html(graded.grade, profile_href="profile.html", report=graded.report)))
        self.grade = graded.grade
        from IPython.display import Markdown

        from runner.progress.stats import STATS_LINK

        display(Markdown(STATS_LINK))

    def history_lines(self) -> list[str] | None:
        """One line per kind missed in this drill, with its history; None before grading."""
        from collections import Counter

        from runner.progress.focus import describe_history, history_of_kinds
        from runner.progress.review import review

        grade = self.grade or review(self.drill_id, self.results).grade
        if not grade:
            return None
        missed = Counter(m["kind"] for m in grade["missed"])
        return describe_history(missed, history_of_kinds(self.results, list(missed), exclude=self.drill_id))

    def history(self) -> None:
        """The kinds missed in this drill, next to how often you missed them before."""
        from IPython.display import Markdown, display

        lines = self.history_lines()
        if lines is None:
            text = "*Not graded yet: run the compare cell of phase 3 first.*"
        elif not lines:
            text = "You missed no notable pattern in this drill."
        else:
            text = "**Missed in this drill, and before:**\n\n" + "\n".join(f"- {line}" for line in lines)
        display(Markdown(text))

    # the process log -----------------------------------------------------------------
    def process(self) -> None:
        """How you explored: times to first look, plot and correlation, coverage, steps in order, errors."""
        from runner.kernel import process_view

        process_view.show(self)

    def process_summary(self) -> dict[str, Any]:
        from runner.kernel import process_view

        return process_view.summary(self)

    def process_log(self, on: bool) -> None:
        """``drill.process_log(False)`` stops recording your cells and forgets those recorded; ``True`` resumes."""
        from runner.kernel import process_view

        print(process_view.switch(self, on))

    def __repr__(self) -> str:
        return f"<drill {self.drill_id}: {self.meta.get('dataset_id')}>"


class RetiredError(DrillError):
    """A notebook call that no longer exists, with what to use instead."""

    def _render_traceback_(self) -> list[str]:
        return [f"Retired: {self.one_line()}"]


class DataHiddenError(DrillError):
    """Raised in the notebook when the data is asked for before the seal."""

    def _render_traceback_(self) -> list[str]:  # IPython shows this one line instead of a traceback
        return [f"DataHidden: {self.one_line()}"]


def open_drill(drill_id: str, results_dir: str | Path | None = None) -> Any:
    """The drill of this notebook: a :class:`NotebookDrill`, or for an intuition spec an
    :class:`~runner.kernel.intuition.drill.IntuitionDrill`."""
    if not drill_id:
        raise DrillError("this notebook has no drill id", hint="start a drill with `drill start`")
    results = resolve_results(results_dir)
    if not (results / drill_id).is_dir() and Path.cwd().name == drill_id:
        results = Path.cwd().parent  # the results folder was moved: the kernel runs in the drill folder
    if _spec_kind(results / drill_id) == "intuition":
        from runner.kernel.intuition.drill import IntuitionDrill

        return IntuitionDrill(drill_id, results)  # no process log: its cells are the items, logged as answers
    drill = NotebookDrill(drill_id, results)
    from runner.kernel import process_hooks

    process_hooks.register(drill._loc())  # the process log: every cell run from here on (idempotent)
    return drill


def _spec_kind(folder: Path) -> str:
    from runner.spec import kind_of

    try:
        return kind_of(str(json.loads((folder / drill_folder.DRILL_JSON).read_text(encoding="utf-8"))["spec"]))
    except (OSError, ValueError, KeyError, TypeError):
        return "eda"  # NotebookDrill says what is wrong with the folder
