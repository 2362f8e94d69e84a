"""Creating and locating drills: the drill folder, its notebook, and ``drill start``.

Owns: the drill folder and its files (``folder``), what stays hidden until
the seal and where (``hidden``: the private folder with the snapshot and the
profile, publishing them), the notebook template's instantiation and reading
cells by tag (``notebook``), ``drill start`` and the dataset listing
(``create``), finding a drill again (``locate``), and a class's assignments:
``drill assign`` and ``drill start --assignment`` (``assignment``); the
intuition drill's items, their truths and its start (the ``intuition`` subpackage).

May import: ``runner.sources``, ``runner.profile`` (to start the background
profile), ``runner.grading.thresholds``, the infrastructure (``store``,
``spec``, ``errors``, ``atomic``); never ``runner.session``,
``runner.progress``, ``runner.kernel`` or ``runner.cli``.
"""
