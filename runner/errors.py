"""Every error the tool reports to a learner.

One base, :class:`DrillError`, with structured fields.  The CLI turns any
``DrillError`` into a one-line message and its ``exit_code`` in exactly one
place (``cli.main``); the library never prints or exits.

Exit codes (documented in the README):

* 0 success
* 1 the operation failed (a profile run failed, a file could not be written)
* 2 bad input (unknown dataset, level, spec, unreadable file, bad notebook)
"""

from __future__ import annotations


class DrillError(Exception):
    """Base class: ``message`` is one line and says how to fix the problem."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        text = self.message if not self.hint else f"{self.message} ({self.hint})"
        return " ".join(text.split())


class BadInput(DrillError):
    """The learner asked for something that does not exist or cannot be read."""

    exit_code = 2


class UnknownDataset(BadInput):
    def __init__(self, dataset_id: str, close: list[str] | None = None) -> None:
        self.dataset_id = dataset_id
        self.close = list(close or [])
        hint = (
            "did you mean " + ", ".join(self.close) + "?"
            if self.close
            else "run `drill datasets` to list them"
        )
        super().__init__(f"unknown dataset id {dataset_id!r}", hint=hint)


class SourceUnavailable(DrillError):
    """A network source did not answer and nothing local can stand in."""

    exit_code = 1


class ResultsNotWritable(BadInput):
    pass


class NotebookError(BadInput):
    """A drill notebook is missing, not valid JSON, or lacks a tagged cell."""


class ProfileError(DrillError):
    """The background profile failed or is missing."""


class LogDamaged(DrillError):
    """The drill log is damaged, empty or missing: ``drill repair`` rebuilds it."""
