"""One answer widget per item, calling the kernel API (:meth:`IntuitionDrill.answer`) like a script would.

* estimates: a slider linked to a number box (type the number, or use the arrow keys), then **Submit**;
  shares are shown in percent and submitted as fractions;
* choices and lineups: one button per option; a click (or Enter on a focused button) is the answer;
* a distribution: shape and peak buttons, boxes for the share of zeros and a rough median, the optional
  sketch pad, then **Submit**.

Every control is a native button or input, so Tab, Enter, Space and the
arrow keys answer without a mouse.  Dataset text (prompts) is escaped: it
never reaches the browser as live HTML.  The CSS classes (``eda-drill-item-N``,
``eda-drill-submit``, ``eda-drill-option``, ``eda-drill-number``,
``eda-drill-reveal``) are stable for tests and user styles.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from typing import Any

from runner.errors import DrillError

Submit = Callable[[Any], bool]  # True when the answer was taken (it is final), False when it was refused


def prompt_html(item: dict[str, Any], total: int) -> str:
    kind = html.escape(item["kind"].replace("_", " "))
    return (f"<div class='eda-drill-prompt'><b>Item {item['number']} of {total} · {kind}</b><br>"
            f"{html.escape(item['prompt'])}</div>")


def image_html(png: bytes | None, alt: str) -> str:
    if not png:
        return ""
    return (f"<img alt='{html.escape(alt)}' style='max-width:100%;height:auto' "
            f"src='data:image/png;base64,{base64.b64encode(png).decode('ascii')}'>")


def _submit_button(on_click: Callable[[], None]) -> Any:
    import ipywidgets as w

    button = w.Button(description="Submit", button_style="primary", tooltip="An answer is final when submitted")
    button.add_class("eda-drill-submit")
    button.on_click(lambda _b: on_click())
    return button


def estimate(form: dict[str, Any], submit: Submit) -> Any:
    import ipywidgets as w

    share = form.get("unit") == "share"
    low, high = (0.0, 100.0) if share else (float(form["min"]), float(form["max"]))
    step = 1.0 if share else float(form.get("step", 0.01))
    label = "share (%)" if share else "r"
    slider = w.FloatSlider(value=low if share else 0.0, min=low, max=high, step=step, description=label,
                           readout_format=".0f" if share else "+.2f", continuous_update=True,
                           layout=w.Layout(width="360px"))
    box = w.BoundedFloatText(value=slider.value, min=low, max=high, step=step, layout=w.Layout(width="90px"))
    box.add_class("eda-drill-number")
    w.jslink((slider, "value"), (box, "value"))
    return w.HBox([slider, box, _submit_button(lambda: submit(box.value / 100 if share else box.value))])


def options(labels: list[tuple[str, Any]], submit: Submit) -> Any:
    import ipywidgets as w

    buttons = []
    for text, value in labels:
        button = w.Button(description=text, layout=w.Layout(width="auto", min_width="44px"))
        button.add_class("eda-drill-option")
        button.on_click(lambda _b, value=value: submit(value))
        buttons.append(button)
    return w.HBox(buttons, layout=w.Layout(flex_flow="row wrap"))


def choice(form: dict[str, Any], submit: Submit) -> Any:
    return options([(o, o) for o in form["options"]], submit)


def lineup(form: dict[str, Any], submit: Submit) -> Any:
    return options([(str(n), n) for n in range(1, int(form["panels"]) + 1)] + [("none is real", "none")], submit)


def distribution(form: dict[str, Any], submit: Submit) -> Any:
    import ipywidgets as w

    from runner.kernel.intuition.sketch import Sketch

    shape = w.ToggleButtons(options=[("symmetric", "symmetric"), ("right-skewed", "right"), ("left-skewed", "left")],
                            value=None, description="shape")
    peaks = w.ToggleButtons(options=[("one peak", "one"), ("more", "more")], value=None, description="peaks")
    zeros = w.BoundedFloatText(value=0.0, min=0.0, max=100.0, step=1.0, description="zeros (%)")
    median = w.Text(placeholder="optional", description="median")
    sketch = Sketch()
    problem = w.HTML()

    def send() -> None:
        if shape.value is None:
            problem.value = "<i>Pick a shape first.</i>"
            return
        answer = {"shape": shape.value, "peaks": peaks.value, "zeros": zeros.value / 100,
                  "median": median.value.strip() or None, "sketch": sketch.heights}
        if submit({k: v for k, v in answer.items() if v is not None}):
            sketch.locked = True  # the sketch went with the answer: it stays as drawn

    return w.VBox([shape, peaks, zeros, median, sketch, w.HBox([_submit_button(send), problem])])


FORMS: dict[str, Callable[[dict[str, Any], Submit], Any]] = {
    "estimate": estimate, "choice": choice, "lineup": lineup, "distribution": distribution,
}


def note_box(save: Callable[[str], str], current: str | None, prominent: bool) -> Any:
    """One line on where you were wrong and why: Enter (or Save) keeps it."""
    import ipywidgets as w

    text = w.Text(value=current or "", placeholder="where was I wrong, and why? (one line; Enter saves)",
                  continuous_update=False, layout=w.Layout(width="560px"))
    text.add_class("eda-drill-note")
    status = w.HTML()

    def keep(_change: Any = None) -> None:
        try:
            save(text.value)
            status.value = "<i>saved</i>"
        except DrillError as exc:
            status.value = f"<i>{html.escape(exc.one_line())}</i>"

    text.observe(keep, "value")
    button = w.Button(description="Save note")
    button.on_click(lambda _b: keep())
    label = w.HTML("<b>Where was I wrong, and why?</b>" if prominent else "Where was I wrong, and why? (optional)")
    return w.VBox([label, w.HBox([text, button, status])])
