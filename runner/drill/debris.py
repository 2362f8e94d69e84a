"""Cleaning up after a ``drill start`` that died (``kill -9``, power cut), never after a live one.

What a dead start can leave in the results folder, and what happens to it:

* a hidden ``.new-drill-*`` folder (the drill being built, with its data): removed, with the empty
  ``<id>`` folder it had reserved;
* an empty ``<id>`` folder with no row in the log (a reservation): removed;
* a whole ``<id>`` folder still holding its ``.start.lock`` (renamed into place, the log row never
  committed): removed when the log has no row for it, else only the stale lock file goes.

A folder whose start still holds its lock (:mod:`runner.drill.startlock`) is
never touched, nor the ``<id>`` its lock file names.  A hidden build folder
with no lock file yet is removed: if its start is alive it has written nothing
there and makes another.  An empty ``<id>`` folder that no lock file names (left
by an older version) is removed once it is :data:`GRACE_SECONDS` old.
``drill start`` cleans up before it builds, and so does ``drill repair``.

May import: ``runner.drill.folder``, ``runner.drill.startlock`` and the standard library.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from runner.drill import folder as drill_folder
from runner.drill.startlock import BUILD_PREFIX, LOCK_NAME, probe

GRACE_SECONDS = 60.0
DRILL_ID = re.compile(r"^\d{8}-\d{6}-[a-z0-9-]+$")


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _empty_dir(path: Path) -> bool:
    try:
        return path.is_dir() and not any(path.iterdir())
    except OSError:
        return False


def clean(results: Path, has_row: Callable[[str], bool]) -> list[str]:
    """Remove what dead starts left in ``results``; returns one line per thing removed.

    ``has_row(drill_id)`` says whether the log has a row for that id (asked
    only about folders a dead start left behind).
    """
    results = Path(results)
    try:
        children = sorted(results.iterdir())
    except OSError:
        return []
    removed: list[str] = []
    live: set[str] = set()
    dead: set[str] = set()

    def drop(path: Path, why: str, drill_id: str | None = None) -> None:
        shutil.rmtree(path, ignore_errors=True)
        if drill_id:  # whatever the drill kept outside the served folder goes with it
            shutil.rmtree(drill_folder.private_folder(results, drill_id), ignore_errors=True)
        if not path.exists():
            removed.append(f"{path.name} ({why})")

    for child in children:  # hidden build folders first: they say which reservations are live
        if not (child.name.startswith(BUILD_PREFIX) and child.is_dir()):
            continue
        state, reserved = probe(child)
        if state == "live":
            live.add(reserved)
            continue
        dead.add(reserved)
        drop(child, "an unfinished drill from a start that was killed")
    for child in children:
        if child.name.startswith(".") or not child.is_dir() or child.name in live:
            continue
        if (child / LOCK_NAME).is_file():
            state, _ = probe(child)
            if state == "live":
                continue
            if has_row(child.name):
                with contextlib.suppress(OSError):
                    (child / LOCK_NAME).unlink()  # its start committed, then died: the drill is whole
            else:
                drop(child, "a drill whose start was killed before it was logged", child.name)
        elif (DRILL_ID.match(child.name) and _empty_dir(child)
              and (child.name in dead or _age(child) >= GRACE_SECONDS) and not has_row(child.name)):
            drop(child, "an empty folder reserved by a start that was killed", child.name)
    return removed
