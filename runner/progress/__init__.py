"""Progress over weeks: read-only views of the drill log.

Owns: the log as the statistics see it (``log``), the statistics and the
next-level rule (``stats``, shown by ``stats_text``), the dashboard page
(``dashboard``), a drill's review and the grade's rendering (``review``), a
portfolio post (``export``) and practice aimed at weak spots (``focus``,
which starts a drill through :mod:`runner.drill.create`); the instructor's view
of a class (``cohort``: which learners in ``cohort_learners``, the page in
``cohort_html``, the terminal in ``cohort_text``), which reads other users'
logs only through private copies (:mod:`runner.store.snapshot`); the intuition
drills' statistics, review and dashboard section (``intuition_stats``,
``intuition_review``, ``intuition_text``, ``intuition_dashboard``); the plots
of every page, embedded the same way (``figures``).

May import: everything below it (``session``, ``drill``, ``profile``,
``grading``, ``sources``, the infrastructure); never ``runner.kernel`` or
``runner.cli``.  Nothing here writes to the log.
"""
