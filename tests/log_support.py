"""Reading a results folder's ``drills.sqlite`` from a test, the way an outside reader would."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path


def query(results: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of ``sql`` on ``results/drills.sqlite``; the connection is closed again (an open reader
    would keep the log's WAL files and a file handle alive)."""
    with contextlib.closing(sqlite3.connect(Path(results) / "drills.sqlite")) as conn:
        return conn.execute(sql, params).fetchall()
