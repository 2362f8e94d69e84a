"""Grading: hypotheses read as claims, judged against the profile's facts, and the patterns missed.

Owns the hypothesis grammar (``vocabulary``, the ``phrasing`` tables,
``claims``, ``reader``, ``loose``, ``grammar``), the thresholds and the facts
layout version (``thresholds``), reading the facts (``facts``), strength bands
and their verdicts (``bands``), one judge per kind (``judges``, ``banded``),
the ranked notable findings (``notable``, ``relations``) and the grade itself
(``grade``).

May import: ``runner.errors`` and nothing else of the project; never pandas,
numpy, the profiler or the CLI (import-linter contracts in ``pyproject.toml``):
pure Python.  Grading reads a facts dict, so it stays well under a
second and can run anywhere the facts file is.
"""
