"""Creating and locating drills: the drill folder, its notebook, and ``drill start``.

Owns: the drill folder and its files (``folder``), the notebook template's
instantiation and reading cells by tag (``notebook``), ``drill start`` and the
dataset listing (``create``), finding a drill again (``locate``), and a class's
assignments: ``drill assign`` and ``drill start --assignment`` (``assignment``).

May import: ``runner.sources``, ``runner.profile`` (to start the background
profile), ``runner.grading.thresholds``, the infrastructure (``store``,
``spec``, ``errors``, ``atomic``); never ``runner.session``,
``runner.progress``, ``runner.kernel`` or ``runner.cli``.
"""
