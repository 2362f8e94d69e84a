"""The drill notebook's API: ``from runner.kernel import open_drill`` (the template's setup cell).

A front end, like the CLI: the notebook's kernel calls one library function
per verb (``runner.session``, ``runner.progress``) and renders the result for
Jupyter: the phase timer (an anywidget whose JS and CSS live beside it), the
checklist, the compare table.  ``open_drill`` returns the drill's class by
its spec: :class:`NotebookDrill` for an EDA drill, the intuition drill's own
class (the ``intuition`` subpackage: its API, widgets and plots) for an
intuition spec; both build on ``opened.OpenedDrill`` (folder, notebook, clock).  Imports IPython and the widget libraries, so nothing below
it may import this package.

May import: everything below it; never ``runner.cli``.
"""

from runner.kernel.api import DataHiddenError, NotebookDrill, open_drill

__all__ = ["DataHiddenError", "NotebookDrill", "open_drill"]
