"""The drill folder's own copy of its seal and its grade, so ``drill repair`` can rebuild the log.

A drill folder holds everything needed to rebuild its part of the log:
``drill.json`` and ``card.json`` (the drill's row, written by ``drill start``),
the notebook, ``seal.json`` (written when the hypotheses are sealed) and
``grade.json`` (written with every grade).  Each is written atomically; a
damaged or missing one is simply not used (the log and its backup come first).

May import: ``runner.atomic`` and the standard library.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from runner import atomic

SEAL_JSON = "seal.json"
GRADE_JSON = "grade.json"
SEAL_FIELDS = ("drill_id", "sealed_at", "sha256", "text")


def write_seal(folder: Path, seal: dict[str, Any]) -> None:
    """``seal`` is the log's row: drill_id, sealed_at, sha256, text."""
    atomic.write_json(Path(folder) / SEAL_JSON, {k: seal[k] for k in SEAL_FIELDS}, indent=1)


def write_grade(folder: Path, drill_id: str, graded_at: str, grade: dict[str, Any]) -> None:
    atomic.write_json(Path(folder) / GRADE_JSON, {"drill_id": drill_id, "graded_at": graded_at, "grade": grade})


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_seal(folder: Path, drill_id: str) -> dict[str, Any] | None:
    """The folder's seal record, if it is whole and belongs to ``drill_id``."""
    data = _read(Path(folder) / SEAL_JSON)
    if not data or data.get("drill_id") != drill_id or not all(isinstance(data.get(k), str) for k in SEAL_FIELDS):
        return None
    return data


def read_grade(folder: Path, drill_id: str) -> dict[str, Any] | None:
    """The folder's last grade record ``{drill_id, graded_at, grade}``, if whole and ``drill_id``'s."""
    data = _read(Path(folder) / GRADE_JSON)
    if not data or data.get("drill_id") != drill_id or not isinstance(data.get("graded_at"), str):
        return None
    grade = data.get("grade")
    if not isinstance(grade, dict) or not {"hypotheses", "missed", "score", "seal"} <= set(grade):
        return None
    return data
