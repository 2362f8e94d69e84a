"""Grading: hypotheses read as claims, judged against the profile's facts, and the patterns missed.

Owns the hypothesis grammar (``vocabulary``, ``claims``, ``grammar``), the
thresholds and the facts layout version (``thresholds``), reading the facts
(``facts``), one judge per kind (``judges``), the ranked notable findings
(``notable``) and the grade itself (``grade``).

May import: ``runner.errors`` and nothing else of the project; never pandas,
numpy, the profiler or the CLI (import-linter contracts in ``pyproject.toml``):
pure Python.  Grading reads a facts dict, so it stays well under a
second and can run anywhere the facts file is.
"""
