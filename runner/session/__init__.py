"""The running drill: the phase clock, the seal, the hidden data, ticks and tasks, the grade.

Owns: the clock and its stored times (``clock``), what the timer's buttons
and the notebook's calls do (``actions``), sealing the hypotheses (``seal``)
and grading a drill (``grade``); answering and scoring an intuition drill's
items (the ``intuition`` subpackage).  The CLI (``drill seal``, ``grade``,
``status``) and the notebook's kernel (:mod:`runner.kernel`) call the same
functions, so every record lands in ``drills.sqlite`` the same way.

May import: ``runner.drill``, ``runner.profile``, ``runner.grading``,
``runner.sources`` (the planted kinds' detectors, for an ordinary drill's
measures at its grade), the infrastructure (``store``, ``spec``, ``errors``, ``atomic``); never
``runner.progress``, ``runner.kernel`` or ``runner.cli``.
"""
