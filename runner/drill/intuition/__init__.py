"""The intuition drill's items: generated at ``drill start`` from real datasets, truths computed here.

Owns: the item kinds, one small module each behind one registry (``registry``:
``distribution``, ``correlation``, ``missing``, ``outliers``, ``skew``,
``mean_median``, ``lineup``, ``groups``), what they share (``base``: numeric
columns, seeded samples, the item record), the seeded search through the
offline catalog for items whose truths spread over their range (``pick``),
the private items file that holds the truths and the plotted data outside the
served results folder (``private``), and ``drill start`` for an intuition spec
(``start``).

Answering and scoring are :mod:`runner.session.intuition`'s; the widgets and
plots :mod:`runner.kernel.intuition`'s; the statistics :mod:`runner.progress`'s.

May import: ``runner.sources``, ``runner.drill.folder``, ``runner.drill.notebook``,
the infrastructure (``store``, ``spec``, ``errors``, ``atomic``); numpy and
pandas inside functions.  Never matplotlib: nothing is drawn at start.
"""
