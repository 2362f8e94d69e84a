"""The profile's processes: how they are launched, told apart, and started warm.

May import: ``runner.errors`` and the standard library; never pandas or the profiling library.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from runner.errors import DrillError, ProfileError

launched: list[subprocess.Popen] = []  # kept so finished children are reaped, not left as zombies


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def one_line(exc: BaseException) -> str:
    text = exc.one_line() if isinstance(exc, DrillError) else f"{type(exc).__name__}: {exc}"
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:299] + "…"


class ProfileBusy(ProfileError):
    """Another run holds this profile folder's lock."""


def alive_profile(pid: Any) -> bool:
    """A live ``runner.profile`` process (not a zombie, not a recycled pid); only asked of a run
    that has not taken its lock yet (see :meth:`Warm.hand`)."""
    try:
        proc = Path(f"/proc/{int(pid)}")
        state = proc.joinpath("stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z" and b"runner.profile" in proc.joinpath("cmdline").read_bytes()
    except (OSError, ValueError, TypeError, IndexError):
        return False


def child_env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[2])
    return {**os.environ, "MPLBACKEND": "Agg", "YDATA_PROFILING_NO_ANALYTICS": "1",
            "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}


class Warm:
    """A profile process started before its drill exists: it imports pandas and the profiling
    library (seconds) while ``drill start`` writes the drill, then takes the job.

    ``python -m runner.profile --serve`` reads one JSON line on its stdin (the profile folder,
    snapshot, cache and thresholds), takes the folder's lock, answers ``ok`` on its stdout and
    works like a background run.  Until it holds the lock, the status record (stage
    ``starting``, written by :meth:`hand`) and its live pid say it is running.  Closing its
    stdin without a job ends it; :meth:`abort` stops it (the drill was not made).
    """

    def __init__(self) -> None:
        self.child = subprocess.Popen([sys.executable, "-m", "runner.profile", "--serve"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True,
                                      close_fds=True, env=child_env())
        launched.append(self.child)

    def hand(self, target: Any, thresholds: Mapping[str, Any], cache_dir: Path | None) -> None:
        """Give it the job (returns at once: it takes the job when its imports are done)."""
        job = {"folder": str(target.folder), "snapshot": str(target.snapshot), "thresholds": dict(thresholds),
               "cache": None if cache_dir is None else str(cache_dir)}
        target.folder.mkdir(parents=True, exist_ok=True)
        try:
            self.child.stdin.write((json.dumps(job) + "\n").encode())
            self.child.stdin.close()
        except (OSError, ValueError) as exc:
            raise ProfileError(f"the profile process did not take its job ({exc})") from None
        # until it holds the lock (its imports first), this record says it is on its way
        attempts = int(target.record().get("attempts") or 0)
        target.write_status(state="running", stage="starting", started=now(), pid=self.child.pid,
                            attempts=attempts + 1)

    def confirm(self, timeout: float = 60.0) -> int:
        """Its pid once it holds the profile folder's lock (a one-line error otherwise)."""
        import select

        try:
            ready, _, _ = select.select([self.child.stdout], [], [], timeout)
            answer = self.child.stdout.readline().decode().strip() if ready else ""
        except (OSError, ValueError) as exc:
            answer = str(exc)
        finally:
            with contextlib.suppress(OSError):
                self.child.stdout.close()
        if answer != "ok":
            raise ProfileBusy(f"the profile process did not take its job ({answer or 'no answer'})")
        return self.child.pid

    def abort(self) -> None:
        """Stop it, job or not (the drill it was for was not made), and wait until it is gone."""
        with contextlib.suppress(OSError):
            os.killpg(self.child.pid, signal.SIGKILL)
        for stream in (self.child.stdin, self.child.stdout):
            with contextlib.suppress(OSError, ValueError):
                stream.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.child.wait(timeout=10)
