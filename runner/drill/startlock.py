"""The lock a live ``drill start`` holds, so a later command can tell its work from a dead start's debris.

``drill start`` builds a drill in a hidden ``.new-drill-*`` folder of the
results folder, reserves the drill's id with an empty ``<id>`` folder, renames
the built folder over the reservation and commits the log row.  For its whole
life it holds an exclusive ``flock`` on ``.start.lock`` inside the folder it
builds (the lock moves with the folder when it is renamed), and that file
names the reserved id.  The kernel drops the lock when the process dies, even
by ``kill -9``: a lock that can be taken belongs to a dead start.

:func:`crash_point` marks the steps of a start where a fault-injection test
may stop or kill the process (``DRILL_FAULT=<step>[:<SIGNAL>]``, e.g.
``DRILL_FAULT=renamed:KILL``); it does nothing otherwise.

May import: the standard library only.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import tempfile
from pathlib import Path

LOCK_NAME = ".start.lock"
BUILD_PREFIX = ".new-drill-"
FAULT_VARIABLE = "DRILL_FAULT"


def crash_point(step: str) -> None:
    """Send this process the signal ``$DRILL_FAULT`` asks for at ``step`` (SIGKILL unless named)."""
    wanted = os.environ.get(FAULT_VARIABLE, "")
    name, _, sig = wanted.partition(":")
    if name == step:
        os.kill(os.getpid(), getattr(signal, f"SIG{sig or 'KILL'}"))


class StartLock:
    """An exclusive lock on ``<folder>/.start.lock``, held until :meth:`release` or the process ends."""

    def __init__(self, folder: Path) -> None:
        # locked under another name first, then renamed: a lock file that can be seen is already held
        staging = Path(folder) / f"{LOCK_NAME}.new"
        self.fd = os.open(staging, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.replace(staging, Path(folder) / LOCK_NAME)
        except OSError:
            os.close(self.fd)
            raise

    def reserve(self, drill_id: str) -> None:
        """Record the id this start is about to reserve, before its empty ``<id>`` folder is made: an
        ``<id>`` folder a start made is always named in its lock file, so it is found if the start dies."""
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, drill_id.encode("utf-8"), 0)

    def release(self, folder: Path | None = None) -> None:
        """Remove the lock file from ``folder`` (where the built folder now is) and drop the lock."""
        if folder is not None:
            with contextlib.suppress(OSError):
                (Path(folder) / LOCK_NAME).unlink()
        self.close()

    def close(self) -> None:
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1


def new_build_folder(results: Path, attempts: int = 5) -> tuple[Path, StartLock]:
    """A new hidden ``.new-drill-*`` folder in ``results``, already locked by this process.

    Until its lock file is in place the folder looks abandoned, and another
    command may remove it: then this start simply makes another one (nothing
    has been written into it yet).
    """
    for attempt in range(attempts):
        folder = Path(tempfile.mkdtemp(prefix=BUILD_PREFIX, dir=results))  # private (0o700), as a drill folder stays
        try:
            return folder, StartLock(folder)
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def probe(folder: Path) -> tuple[str, str]:
    """``(state, reserved id)`` of the start that built ``folder``: state is ``live`` (its lock is held),
    ``dead`` (the lock file is there and free) or ``none`` (no lock file)."""
    path = Path(folder) / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return "none", ""
    try:
        reserved = os.pread(fd, 256, 0).decode("utf-8", "replace").strip()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return "live", reserved
        fcntl.flock(fd, fcntl.LOCK_UN)
        return "dead", reserved
    finally:
        os.close(fd)
