"""The phase countdown: an anywidget whose clock runs in the browser.

The browser computes the time left from the deadline in the stored state
(``runner.session.clock.Clock.to_json``), so the countdown keeps running while the
kernel is busy, and a reloaded page shows the same deadline.  Buttons send a
message to the kernel, which changes the stored clock and sends the new state
back; the widget itself never decides a phase's duration.

After a kernel restart the browser side says it lost the kernel (``timer.js``)
and never shows a click as done; ``reconnect`` is the code its Reconnect button
runs in the kernel to make this drill's timer again, and ``instance`` tells a
new kernel-side timer from the one that died.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from runner.errors import DrillError

Act = Callable[[str, "int | None", bool], Any]  # (action, expected phase, force) -> session.ClockUpdate


class Timer(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("timer.js")
    _css = Path(__file__).with_name("timer.css")

    state = traitlets.Dict().tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    reconnect = traitlets.Unicode("").tag(sync=True)  # code that makes this drill's timer again in a new kernel
    instance = traitlets.Unicode().tag(sync=True)  # one per kernel-side timer
    alert = traitlets.Unicode("").tag(sync=True)  # what kept the clock from moving, and how to recover: shown large
    replies = traitlets.Int(0).tag(sync=True)  # one more per handled click: the buttons wait for it

    @traitlets.default("instance")
    def _new_instance(self) -> str:
        return uuid.uuid4().hex

    def __init__(self, act: Act, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._act = act
        self._confirm: tuple[str, int | None] | None = None  # an action that asked to be repeated
        self._failed = False  # the alert shows an error (cleared by the next call that works)
        self.on_msg(self._on_message)
        self.refresh()

    def refresh(self, action: str = "read", expected: int | None = None) -> None:
        force = self._confirm == (action, expected)
        try:
            update = self._act(action, expected, force)
        except DrillError as exc:
            self.message, self.alert, self._failed = "", exc.one_line(), True
        else:
            self._confirm = (action, expected) if update.needs_confirmation else None
            self.state = update.clock
            self.message = "" if update.problem else "; ".join(update.messages)
            # a plain reading of the clock clears an error it got past, never an action's unsolved problem
            if action != "read" or update.problem or self._failed:
                self.alert = update.problem or ""
            self._failed = False
        self.replies += 1

    def _on_message(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        if action in ("read", "start", "next", "pause", "resume"):
            expected = content.get("expected")
            self.refresh(action, expected if isinstance(expected, int) else None)
