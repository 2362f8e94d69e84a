"""A profile run's lifecycle: start it in the background, read its status, wait for it.

Background run: :func:`start_background` launches
``python -m runner.profile DRILL_DIR --cache DIR --thresholds JSON`` as a
detached process (own session, output to ``profile.log``).  It records
``profile.status.json`` = ``{state: running|done|failed, error (one line),
started, finished (ISO 8601, UTC), pid}``.  :func:`status` reads it
(``missing`` when no run was ever started) and :func:`wait` polls it.

May import: ``runner.atomic``, ``runner.errors``, ``runner.grading.thresholds``
and this package's ``paths``; never pandas or the profiling library.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from runner import atomic
from runner.errors import ProfileError
from runner.grading.thresholds import resolve_thresholds
from runner.profile.paths import LOG_FILE, SNAPSHOT_FILE, STATUS_FILE, outputs

_launched: list[subprocess.Popen] = []  # kept so finished children are reaped, not left as zombies


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _write_status(drill_dir: Path, **fields: Any) -> None:
    record = {"state": None, "error": None, "started": None, "finished": None, "pid": None, **fields}
    atomic.write_text(outputs(drill_dir) / STATUS_FILE, json.dumps(record, indent=1))


def start_background(drill_dir: Path, cache_dir: Path | None, thresholds: Mapping[str, Any] | None = None) -> int:
    """Profile ``drill_dir/data.parquet`` in a detached process; return its pid.

    The status file says ``running`` (with the pid) before this returns: the
    child waits for the parent to close its stdin before it starts working, so
    the parent's ``running`` can never overwrite the child's ``done``.  If a
    run is already going in ``drill_dir``, its pid is returned instead.
    """
    drill_dir = Path(drill_dir)
    thresholds = resolve_thresholds(thresholds)
    current = status(drill_dir)
    if current["state"] == "running":  # one run per drill folder: both would write the same files
        return int(current["pid"])
    if not (drill_dir / SNAPSHOT_FILE).is_file():
        raise ProfileError(f"no {SNAPSHOT_FILE} in {drill_dir}", hint="start the drill again with `drill start`")
    command = [sys.executable, "-m", "runner.profile", str(drill_dir), "--handshake",
               "--thresholds", json.dumps(thresholds)]
    if cache_dir is not None:
        command += ["--cache", str(cache_dir)]
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "MPLBACKEND": "Agg", "YDATA_PROFILING_NO_ANALYTICS": "1",
           "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    atomic.make_dirs(outputs(drill_dir))
    with open(outputs(drill_dir) / LOG_FILE, "ab") as log:
        child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                                 start_new_session=True, close_fds=True, env=env)
    _launched.append(child)
    _write_status(drill_dir, state="running", started=_now(), pid=child.pid)
    child.stdin.close()
    return child.pid


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    for child in list(_launched):
        if child.poll() is not None:
            _launched.remove(child)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    proc = Path(f"/proc/{pid}")
    try:
        if proc.joinpath("stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return False
        return b"runner.profile" in proc.joinpath("cmdline").read_bytes()  # not a recycled pid
    except (OSError, IndexError):
        return True


def _read_status(drill_dir: Path) -> dict:
    path = outputs(drill_dir) / STATUS_FILE
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("state") not in ("running", "done", "failed"):
            raise ValueError("unknown state")
        return record
    except FileNotFoundError:
        return {"state": "missing", "error": f"no profile has been started in {drill_dir}",
                "started": None, "finished": None, "pid": None}
    except (OSError, ValueError) as exc:
        return {"state": "failed", "error": f"unreadable {path}: {exc}", "started": None, "finished": None,
                "pid": None}


def status(drill_dir: Path) -> dict:
    """The profile run's status record: ``state`` is ``running``, ``done`` or ``failed``
    (plus ``error``, ``started``, ``finished``, ``pid``).

    A ``running`` record whose process is gone counts as ``failed``; a folder
    where no run was ever started has state ``missing``.
    """
    drill_dir = Path(drill_dir)
    record = _read_status(drill_dir)
    if record["state"] == "running" and not _alive(int(record.get("pid") or 0)):
        record = _read_status(drill_dir)  # it may have finished between the two looks
        if record["state"] == "running":
            record = {**record, "state": "failed",
                      "error": f"the profile process (pid {record.get('pid')}) stopped without finishing; "
                               f"see {outputs(drill_dir) / LOG_FILE}"}
    return record


def wait(drill_dir: Path, timeout: float, on_tick: Callable[[dict, float], Any] | None = None,
         interval: float = 0.25) -> dict:
    """Poll :func:`status` until ``done``/``failed`` or ``timeout`` seconds; return the last status.

    ``on_tick(status, elapsed_seconds)`` is called at every poll.  After a
    timeout the returned state is still ``running``.
    """
    start = time.monotonic()
    while True:
        record = status(drill_dir)
        elapsed = time.monotonic() - start
        if on_tick is not None:
            on_tick(record, elapsed)
        if record["state"] != "running" or elapsed >= timeout:
            return record
        time.sleep(max(0.0, min(interval, timeout - elapsed)))
