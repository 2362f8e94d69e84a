"""``IntuitionDrill``: what ``open_drill`` returns for an intuition spec.

The API the widgets call and scripts and tests call too::

    drill.items()          # [{number, kind, prompt, dataset_id, columns, form, answered}, ...], never a truth
    drill.show(3)          # item 3: prompt, plot, answer widget (or its reveal); the first one starts the clock
    drill.answer(3, 0.4)   # submit (final) and get the reveal: truth, error, hit, lesson, seconds
    drill.reveal(3)        # the reveal again (a skipped item's truth once the drill is over)
    drill.note(3, "...")   # one line on where you were wrong and why (shown in `drill review`)
    drill.summary()        # the score so far, item by item
    drill.timer()          # the countdown (the same widget as the EDA drill's)

Errors are one line (:class:`ItemError`), never a traceback.
"""

from __future__ import annotations

import html
from typing import Any

from runner.drill.locate import Located
from runner.errors import DrillError
from runner.kernel.intuition import plots
from runner.kernel.opened import OpenedDrill
from runner.session.intuition import run
from runner.session.intuition.run import Reveal


class ItemError(DrillError):
    """A bad answer or a repeated one, shown in the notebook as one line."""

    def _render_traceback_(self) -> list[str]:
        return [f"ItemError: {self.one_line()}"]


def _one_line(exc: DrillError) -> ItemError:
    return ItemError(exc.message, hint=exc.hint)


class RevealView:
    """A :class:`~runner.session.intuition.run.Reveal` that shows itself in the notebook (text and plot)."""

    def __init__(self, reveal: Reveal, png: bytes | None = None) -> None:
        self.reveal = reveal
        self.png = png

    def __getattr__(self, name: str) -> Any:
        return getattr(self.reveal, name)

    def __repr__(self) -> str:
        return self.reveal.text()

    def _repr_html_(self) -> str:
        from runner.kernel.intuition.widgets import image_html

        return (f"<div class='eda-drill-reveal'><p>{html.escape(self.reveal.text())}</p>"
                f"{image_html(self.png, 'the reveal')}</div>")


class IntuitionDrill(OpenedDrill):
    """One intuition drill, seen from its notebook; its countdown ends with Finish drill, or with the
    last answer."""

    # the API ----------------------------------------------------------------------
    def items(self) -> list[dict[str, Any]]:
        """The items in order: number, kind, prompt, dataset, columns, answer form, answered; never a truth."""
        return run.items(self._loc())

    def answer(self, number: int, value: Any) -> RevealView:
        """Submit item ``number`` (final): a number for estimates (shares as fractions), a panel number or
        ``"none"`` for lineups, ``"yes"``/``"no"`` or the option's words for choices."""
        loc = self._loc()
        try:
            reveal = run.answer(loc, number, value)
        except DrillError as exc:
            raise _one_line(exc) from None
        if self._timer is not None:
            self._timer.refresh()  # the last answer finishes the drill: the timer says so
        return RevealView(reveal, self._reveal_png(loc, number, reveal))

    def reveal(self, number: int) -> RevealView:
        loc = self._loc()
        try:
            found = run.reveal(loc, number)
        except DrillError as exc:
            raise _one_line(exc) from None
        return RevealView(found, self._reveal_png(loc, number, found))

    def note(self, number: int, text: str) -> str:
        """Keep one line on where you were wrong and why (shown in `drill review`)."""
        try:
            return run.note(self._loc(), number, text)
        except DrillError as exc:
            raise _one_line(exc) from None

    def summary(self) -> Any:
        """The score so far, item by item (truths of open items stay hidden until the drill is over)."""
        from runner.progress.intuition_review import IntuitionReview, review_html

        loc = self._loc()
        return _Html(review_html(IntuitionReview.of(loc)))

    def _reveal_png(self, loc: Located, number: int, reveal: Reveal) -> bytes | None:
        if reveal.kind not in ("lineup", "distribution"):
            return None
        shown = run.view(loc, number)
        return plots.reveal_png(shown.item, shown.data, reveal)

    # the widget -------------------------------------------------------------------
    def show(self, number: int) -> Any:
        """Item ``number``: its prompt, its plot and its answer widget (or, once answered, its reveal)."""
        import ipywidgets as w

        from runner.kernel.intuition import widgets

        loc = self._loc()
        try:
            shown = run.show(loc, number)
        except DrillError as exc:
            raise _one_line(exc) from None
        total = len(run.items(loc))
        head = w.HTML(widgets.prompt_html(shown.item, total)
                      + "".join(f"<p><i>{html.escape(m)}</i></p>" for m in shown.messages))
        plot = w.HTML(widgets.image_html(plots.item_png(shown.item, shown.data), f"the plot of item {number}"))
        body = w.VBox()
        problem = w.HTML()
        box = w.VBox([head, plot, body, problem])
        box.add_class("eda-drill-item")
        box.add_class(f"eda-drill-item-{number}")

        def revealed(found: RevealView) -> None:
            if found.png:
                plot.value = ""  # the reveal redraws the plot (a lineup's real panel framed): show it once
            note = widgets.note_box(lambda text: self.note(number, text), found.note,
                                    prominent=shown.item["kind"] == "distribution")
            body.children = [w.HTML(found._repr_html_()), note] if found.answer is not None else [w.HTML(found._repr_html_())]

        def submit(value: Any) -> bool:
            try:
                found = self.answer(number, value)
            except DrillError as exc:
                problem.value = f"<p><b>{html.escape(exc.one_line())}</b></p>"
                return False
            problem.value = ""
            revealed(found)
            return True

        if shown.reveal is not None:
            revealed(RevealView(shown.reveal, self._reveal_png(loc, number, shown.reveal)))
        else:
            body.children = [widgets.FORMS[shown.item["form"]["type"]](shown.item["form"], submit)]
        return box

    def __repr__(self) -> str:
        return f"<intuition drill {self.drill_id}: {self.meta.get('items')} items>"


class _Html:
    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_html_(self) -> str:
        return self.text
