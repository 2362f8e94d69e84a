"""A drill's profile: one object owns its lifecycle (lock, status, pid, result, error, publication).

A :class:`Profile` is a profile folder (see :mod:`runner.profile.paths`) and
the snapshot it profiles.  At most one run works in a folder at a time: a run
holds an exclusive ``flock`` on ``profile.lock`` for its whole life, and the
kernel drops that lock when the process ends, however it ends (``kill -9``
included).  So "is a run going?" is answered by the lock, never by a pid that
may be dead or recycled, and a dead run never blocks a later one.

What the state is, in order of authority (:meth:`Profile.status`):

1. a present, valid ``profile.json`` (it parses and has the current facts
   layout): ``done``, whatever the status file says.  The HTML report may
   still be rendering (``report``: ``ready``, ``rendering``, ``failed``,
   ``missing``); the grade never waits for it.
2. the lock is held: ``running``.
3. the status file recorded a failure: ``failed`` with its one-line error.
4. anything else on record (a ``running`` whose process is gone, a status file
   that cannot be read, a damaged ``profile.json``): ``failed`` with
   ``recoverable`` true: running it again is the fix.
5. nothing at all: ``missing``.

Background run: :meth:`Profile.start` takes the lock, launches
``python -m runner.profile FOLDER --snapshot PATH --lock-fd N`` detached (own
session, output to ``profile.log``) and hands the locked file to it: the child
inherits the descriptor, so the lock never lapses between the two.  Only the
lock's holder writes the status file.

May import: ``runner.atomic``, ``runner.errors``, ``runner.grading`` (the
pandas-free facts reader) and this package's ``paths``; never pandas or the
profiling library.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner import atomic
from runner.errors import ProfileError
from runner.grading.facts import load_facts
from runner.profile.paths import FACTS_FILE, HTML_FILE, LOCK_FILE, LOG_FILE, PUBLISH_FILE, STATUS_FILE
from runner.profile.process import ProfileBusy, alive_profile, child_env, launched, now

_checked: dict[tuple, str | None] = {}  # the last facts file checked: (path, stat) -> problem
#: A probe of the lock holds it for microseconds; a run holds it for seconds.  A busy lock is
#: looked at this many times, this far apart, before it counts as held by a run.
_PROBES, _PROBE_GAP = 4, 0.005


@dataclass(frozen=True)
class Profile:
    """One drill's profile: where its run writes (``folder``) and what it profiles (``snapshot``)."""

    folder: Path
    snapshot: Path

    @property
    def facts(self) -> Path:
        return self.folder / FACTS_FILE

    @property
    def html(self) -> Path:
        return self.folder / HTML_FILE

    @property
    def status_file(self) -> Path:
        return self.folder / STATUS_FILE

    @property
    def log(self) -> Path:
        return self.folder / LOG_FILE

    @property
    def lock(self) -> Path:
        return self.folder / LOCK_FILE

    # -- the lock ------------------------------------------------------------------------------
    def try_lock(self) -> int | None:
        """The lock's descriptor, taken (exclusive), or None while another run holds it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock, os.O_RDWR | os.O_CREAT, 0o600)
        for attempt in range(_PROBES):
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if attempt + 1 < _PROBES:
                    time.sleep(_PROBE_GAP)
        os.close(fd)
        return None

    def running(self) -> bool:
        """Whether a run holds the lock now."""
        try:
            fd = os.open(self.lock, os.O_RDONLY)
        except OSError:
            return False
        try:
            for attempt in range(_PROBES):
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return False
                except BlockingIOError:
                    if attempt + 1 < _PROBES:
                        time.sleep(_PROBE_GAP)
            return True
        finally:
            os.close(fd)  # closing drops a probe's lock

    @contextlib.contextmanager
    def locked(self) -> Iterator[int]:
        """Hold the lock for a run in this process, or raise :class:`ProfileBusy`."""
        fd = self.try_lock()
        if fd is None:
            raise self._busy()
        try:
            yield fd
        finally:
            os.close(fd)

    def _busy(self) -> ProfileBusy:
        pid = self.record().get("pid")
        return ProfileBusy(f"a profile run is already going for this drill (pid {pid or '?'})",
                           hint="wait for it: `drill grade` waits for the running profile")

    # -- the status record (written by the lock's holder only) ----------------------------------
    def record(self) -> dict[str, Any]:
        """The status file as written ({} when absent; ``{"unreadable": why}`` when damaged)."""
        try:
            record = json.loads(self.status_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            return {"unreadable": f"unreadable {self.status_file}: {' '.join(str(exc).split())}"}
        if not isinstance(record, dict) or record.get("state") not in ("running", "done", "failed"):
            return {"unreadable": f"unreadable {self.status_file}: unknown state"}
        return record

    def write_status(self, **fields: Any) -> None:
        record = {"state": None, "stage": None, "error": None, "report_error": None, "started": None,
                  "finished": None, "pid": None, "attempts": 0, **fields}
        atomic.write_text(self.status_file, json.dumps(record, indent=1))

    def facts_problem(self) -> str | None:
        """Why ``profile.json`` cannot be used (None when it is present and valid).  A file once
        read is not parsed again while its size and time are the same (wide drills' facts run
        to megabytes, and a grade asks several times)."""
        try:
            seen = self.facts.stat()
        except OSError:
            seen = None
        key = (str(self.facts), seen and (seen.st_mtime_ns, seen.st_size, seen.st_ino))
        if key in _checked:
            return _checked[key]
        try:
            load_facts(self.facts)
            problem = None
        except ProfileError as exc:
            problem = exc.message
        if seen is not None:
            _checked.clear()  # one drill at a time: keep the last answer only
            _checked[key] = problem
        return problem

    def status(self) -> dict[str, Any]:
        """The run's state (see the module docstring) as a record: ``state``, ``report``,
        ``error``, ``report_error``, ``recoverable``, ``pid``, ``started``, ``finished``, ``attempts``."""
        record = self.record()
        running = self.running()
        problem = self.facts_problem()
        out = {"state": "missing", "report": "missing", "error": None, "report_error": record.get("report_error"),
               "recoverable": False, "pid": record.get("pid"), "started": record.get("started"),
               "finished": record.get("finished"), "attempts": int(record.get("attempts") or 0)}
        if problem is None:
            out["state"] = "done"
            if self.html.is_file():
                out["report"] = "ready"
            elif running:
                out["report"] = "rendering"
            elif record.get("report_error"):
                out["report"] = "failed"
            return out
        if running or self._starting(record):
            return {**out, "state": "running"}
        if not record and not self.facts.exists():
            return {**out, "error": f"no profile has been started in {self.folder}"}
        if record.get("state") == "failed" and record.get("error"):
            return {**out, "state": "failed", "error": record["error"]}
        if "unreadable" in record:
            why = record["unreadable"]
        elif self.facts.exists():
            why = problem
        else:
            why = (f"the profile process (pid {record.get('pid') or '?'}) stopped without finishing; "
                   f"see {self.log}")
        return {**out, "state": "failed", "error": why, "recoverable": True}

    def wait(self, timeout: float, on_tick: Callable[[dict, float], Any] | None = None,
             interval: float = 0.25) -> dict[str, Any]:
        """Poll :meth:`status` until it is no longer ``running`` (the facts are there, or the run
        failed) or ``timeout`` seconds pass; ``on_tick(status, elapsed)`` at every poll."""
        start = time.monotonic()
        while True:
            record = self.status()
            elapsed = time.monotonic() - start
            if on_tick is not None:
                on_tick(record, elapsed)
            if record["state"] != "running" or elapsed >= timeout:
                return record
            time.sleep(max(0.0, min(interval, timeout - elapsed)))

    def cancel(self, timeout: float = 30.0) -> bool:
        """Stop the background run of this folder, if one holds the lock (a rerun supersedes it);
        whether the lock is free now.  Only a process verified to be this folder's background run
        (a ``runner.profile`` process holding this folder's lock file, from ``/proc``) is stopped: a run in another command
        (a grade computing facts in the foreground) is left alone, and the lock stays taken."""
        if not self.busy():
            return True
        pid = int(self.record().get("pid") or 0)
        if not (self._holds_lock(pid) or self._starting()):
            return False
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)  # its own session: the run and anything it started
        deadline = time.monotonic() + timeout
        while self.busy() and time.monotonic() < deadline:
            time.sleep(0.02)
        return not self.busy()

    def _holds_lock(self, pid: int) -> bool:
        """Whether ``pid`` is a ``runner.profile`` process with this folder's lock file open."""
        proc = Path(f"/proc/{pid}")
        try:
            if pid <= 0 or b"runner.profile" not in proc.joinpath("cmdline").read_bytes().split(b"\0"):
                return False
            lock = str(self.lock.resolve())
            return any(os.readlink(fd) == lock for fd in proc.joinpath("fd").iterdir())
        except OSError:
            return False

    def _starting(self, record: dict[str, Any] | None = None) -> bool:
        """A warm run handed its job, still importing before it takes the lock (see :class:`runner.profile.process.Warm`)."""
        record = self.record() if record is None else record
        return record.get("stage") == "starting" and alive_profile(record.get("pid"))

    def busy(self) -> bool:
        """A run holds the lock, or is about to."""
        return self.running() or self._starting()

    def wait_idle(self, timeout: float, interval: float = 0.1) -> bool:
        """Wait until no run holds the lock or is about to (the report rendered and delivered too);
        whether it is idle."""
        deadline = time.monotonic() + timeout
        while self.busy():
            if time.monotonic() >= deadline:
                return False
            time.sleep(interval)
        return True

    # -- the background run ---------------------------------------------------------------------
    def start(self, thresholds: Mapping[str, Any], cache_dir: Path | None = None) -> int:
        """Profile the snapshot in a detached process; return its pid.

        Never two runs at once: while a run holds the lock, its pid is returned
        and nothing is started.  The child waits for this process to write the
        ``running`` record (it reads its stdin to the end) before it works, so
        that record can never overwrite the child's own.
        """
        fd = None if self._starting() else self.try_lock()
        if fd is None:
            return int(self.record().get("pid") or 0)
        try:
            if not self.snapshot.is_file():
                raise ProfileError(f"no dataset snapshot at {self.snapshot}",
                                   hint="start the drill again with `drill start`")
            command = [sys.executable, "-m", "runner.profile", str(self.folder), "--snapshot", str(self.snapshot),
                       "--handshake", "--lock-fd", str(fd), "--thresholds", json.dumps(dict(thresholds))]
            if cache_dir is not None:
                command += ["--cache", str(cache_dir)]
            attempts = int(self.record().get("attempts") or 0)
            with open(self.log, "ab") as log:
                child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True, close_fds=True, pass_fds=(fd,), env=child_env())
            launched.append(child)
            self.write_status(state="running", stage="facts", started=now(), pid=child.pid, attempts=attempts + 1)
            child.stdin.close()
        finally:
            os.close(fd)  # the child holds the lock now
        for finished in [c for c in launched if c.poll() is not None]:
            launched.remove(finished)
        return child.pid

    # -- publishing the report ------------------------------------------------------------------
    def _targets(self) -> list[str]:
        try:
            targets = json.loads((self.folder / PUBLISH_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [t for t in targets if isinstance(t, str)] if isinstance(targets, list) else []

    def publish_report(self, target: Path) -> bool:
        """Put the HTML report at ``target`` now if it is rendered, else as soon as it is (the
        run that renders it delivers it).  Returns whether it is in place now."""
        targets = sorted({*self._targets(), str(target)})
        atomic.write_json(self.folder / PUBLISH_FILE, targets)
        return self.deliver_report() and Path(target).is_file()

    def deliver_report(self) -> bool:
        """Copy the rendered report to every requested place (both sides call this after writing
        their half, so the report lands whichever comes first)."""
        if not self.html.is_file():
            return False
        for target in map(Path, self._targets()):
            if target.parent.is_dir():
                with contextlib.suppress(OSError):
                    atomic.copy(self.html, target)
        return True
