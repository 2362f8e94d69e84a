"""The intuition drill in the notebook: ``open_drill`` returns an :class:`IntuitionDrill` for its spec.

Owns: the kernel API (``drill``: ``items``, ``show``, ``answer``, ``reveal``,
``note``, ``summary``, ``timer``), one answer widget per item (``widgets``:
a slider with a number box, buttons, or the distribution form with the
drawing widget of ``sketch``), and the plots, drawn in the kernel when an item
is shown (``plots``), never at ``drill start``.

May import: ``runner.session`` (the verbs and the reveal), ``runner.drill.locate``,
``runner.kernel.timer``, the infrastructure; matplotlib, IPython and the widget
libraries inside functions.
"""
