"""Answering an intuition drill's items: checking an answer, scoring it, the reveal and the lesson.

Owns: reading an answer in the forms the kernel API accepts (``answers``),
its error, hit and one-line lesson against the truth (``scoring``,
``lessons``), the time spent per item and the drill's score (``score``), and
the verbs the notebook calls, ``items``, ``show``, ``answer``, ``note`` and
``summary`` (``run``).  Truths are read from the private items file
(:mod:`runner.drill.intuition.private`) and written to the log only with the
answer.

May import: ``runner.drill`` (locate, the private items file, the kinds'
constants), ``runner.session.actions`` and ``runner.session.clock``, the
infrastructure (``store``, ``spec``, ``errors``); never matplotlib or the
kernel's widgets.
"""
