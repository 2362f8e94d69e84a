"""A small drawing widget: sketch a distribution's shape before seeing it (an anywidget).

Drag across the canvas to draw heights over :data:`BINS` columns from low
values (left) to high values (right); there are no numbers on it.  The
heights land in ``heights`` (0 to 1 each) and go with the answer as its
``sketch``; **Clear** starts again.  Sketching is optional: the shape buttons
answer without it.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

BINS = 40


class Sketch(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("sketch.js")
    _css = Path(__file__).with_name("sketch.css")

    heights = traitlets.List(traitlets.Float(), default_value=[0.0] * BINS).tag(sync=True)
    locked = traitlets.Bool(False).tag(sync=True)
