"""One profile run: the facts first (all the grader reads), then the library's HTML report.

The facts are written the moment they are known, so a grade can use them at
once; the HTML report is rendered afterwards by the same run (at a lower CPU
priority when it runs in the background) with the wide-data settings of
:func:`runner.profile.config.tune_report`, and delivered wherever a grade
asked for it (:meth:`runner.profile.lifecycle.Profile.publish_report`).
Both halves are cached per snapshot (``--cache``, the user cache folder), each
on its own: a run that died after the facts still leaves them for the next.

Run in the background as ``python -m runner.profile FOLDER --snapshot PATH
[--cache DIR] [--thresholds JSON] [--lock-fd N]`` (see
:mod:`runner.profile.lifecycle`).  Run by hand, it takes the folder's lock
itself (and refuses while another run holds it); without ``--thresholds`` it
reads ``FOLDER/thresholds.json`` if present, else uses the defaults.  It exits
1 on failure, with the one-line error in the status file.

May import: ``runner.atomic``, ``runner.errors``, ``runner.grading.thresholds``
and this package; pandas and fg-data-profiling only inside functions.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sys
import traceback
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from runner import atomic
from runner.errors import ProfileError
from runner.grading.facts import load_facts
from runner.grading.thresholds import FACTS_VERSION, resolve_thresholds
from runner.profile.lifecycle import Profile
from runner.profile.paths import FACTS_FILE, HTML_FILE, SNAPSHOT_FILE, THRESHOLDS_FILE
from runner.profile.process import now, one_line

#: The background run renders the HTML report at this lower CPU priority (``nice``): the facts
#: are already written by then, and the learner's kernel should not wait behind the report.
REPORT_NICENESS = 10
#: A warm profile process (:func:`serve`) imports and computes the facts at this lower CPU priority.
WARM_NICENESS = 10


def build_facts(frame: Any, thresholds: Mapping[str, Any] | None = None) -> dict:
    """Profile a pandas DataFrame and return the facts dict (see runner/profile/facts.py)."""
    from runner.profile.facts import profile

    return profile(frame, resolve_thresholds(thresholds))[0]


def cache_key(snapshot: Path, thresholds: Mapping[str, Any]) -> str:
    """sha256 of the snapshot's bytes, the thresholds, the facts layout and the library version."""
    digest = hashlib.sha256()
    with open(snapshot, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    digest.update(json.dumps(dict(thresholds), sort_keys=True).encode())
    digest.update(f"facts {FACTS_VERSION}, stable ids, fg-data-profiling {version('fg-data-profiling')}".encode())
    return digest.hexdigest()


def _usable(path: Path, key: str | None = None) -> bool:
    """A valid facts file (for the snapshot with cache key ``key``, when given)."""
    try:
        facts = load_facts(path)
    except ProfileError:
        return False
    return key is None or (facts.get("snapshot") or {}).get("cache_key") == key


class _Run:
    """The two halves of one run in one profile folder (the caller holds the folder's lock)."""

    def __init__(self, target: Profile, thresholds: Mapping[str, Any], cache_dir: Path | None, fresh: bool) -> None:
        self.target, self.thresholds, self.fresh = target, resolve_thresholds(thresholds), fresh
        if not target.snapshot.is_file():
            raise ProfileError(f"no dataset snapshot at {target.snapshot}",
                               hint="start the drill again with `drill start`")
        self.key = cache_key(target.snapshot, self.thresholds)
        self.entry = None if cache_dir is None or fresh else Path(cache_dir) / self.key
        self.store = None if cache_dir is None else Path(cache_dir) / self.key
        self.report: Any = None

    def _profile(self) -> tuple[dict, Any]:
        import pandas as pd

        from runner.profile.facts import profile

        try:
            frame = pd.read_parquet(self.target.snapshot)
        except Exception as exc:
            raise ProfileError(f"cannot read the snapshot {self.target.snapshot}: {exc}") from exc
        facts, report = profile(frame, self.thresholds)
        facts["snapshot"] = {"file": self.target.snapshot.name, "cache_key": self.key}
        return facts, report

    def facts(self) -> None:
        """Write ``profile.json``: kept if valid for this snapshot, else from the cache, else computed."""
        out = self.target.facts
        if not self.fresh and _usable(out, self.key):
            return
        if self.entry is not None and _usable(self.entry / FACTS_FILE, self.key):
            atomic.copy(self.entry / FACTS_FILE, out)
            return
        facts, self.report = self._profile()
        text = json.dumps(facts, indent=1, allow_nan=False)
        atomic.write_text(out, text)
        self._keep(FACTS_FILE, text)

    def html(self) -> None:
        """Write ``profile.html``: from the cache, else rendered (the description computed again
        only when this run did not compute it already)."""
        if self.entry is not None and (self.entry / HTML_FILE).is_file():
            atomic.copy(self.entry / HTML_FILE, self.target.html)
            return
        from runner.profile.config import tune_report
        from runner.profile.facts import stable_ids
        from runner.profile.library import quiet

        if self.report is None:
            _, self.report = self._profile()
        tune_report(self.report)
        with quiet([]):
            text = stable_ids(self.report.to_html(), self.report.df.columns)
        atomic.write_text(self.target.html, text)
        self._keep(HTML_FILE, text)

    def _keep(self, name: str, text: str) -> None:
        if self.store is not None:
            with contextlib.suppress(OSError):  # a full or read-only cache costs speed next time, nothing else
                atomic.write_text(self.store / name, text)


def execute(target: Profile, thresholds: Mapping[str, Any] | None = None, cache_dir: Path | None = None,
            report: bool = True, fresh: bool = False, background: bool = False, counted: bool = False) -> Path:
    """One run in ``target.folder`` (the caller holds its lock): the facts, then (``report``) the
    HTML report, recording each step in the status file.  Returns the facts' path.  ``counted``:
    the process that launched this run counted it already (in ``attempts``)."""
    record = target.record()
    fields = {"started": now(), "pid": os.getpid(), "attempts": int(record.get("attempts") or 0)}
    if not counted:
        fields["attempts"] += 1
    target.write_status(state="running", stage="facts", **fields)
    try:
        if fresh:
            target.html.unlink(missing_ok=True)  # the old report must not outlive the facts it showed
        run = _Run(target, resolve_thresholds(thresholds), cache_dir, fresh)
        run.facts()
    except BaseException as exc:
        target.write_status(state="failed", error=one_line(exc), finished=now(), **fields)
        raise
    if not report:
        target.write_status(state="done", finished=now(), **fields)
        return target.facts
    target.write_status(state="running", stage="report", **fields)
    if background:
        with contextlib.suppress(OSError):
            os.nice(REPORT_NICENESS)
    try:
        run.html()
    except Exception as exc:  # the facts stand; the report says why it is missing
        traceback.print_exc()
        target.write_status(state="done", report_error=one_line(exc), finished=now(), **fields)
        return target.facts
    target.deliver_report()
    target.write_status(state="done", finished=now(), **fields)
    return target.facts


def write_profile(snapshot: Path, out_dir: Path, thresholds: Mapping[str, Any] | None = None,
                  cache_dir: Path | None = None) -> Path:
    """Write ``profile.json`` and ``profile.html`` for ``snapshot`` into ``out_dir`` now, in this
    process; return the facts' path.  With ``cache_dir``, a snapshot profiled before (same bytes,
    thresholds, facts layout and library version) is copied from there instead."""
    target = Profile(Path(out_dir), Path(snapshot))
    with target.locked():
        return execute(target, thresholds, cache_dir)


def facts_now(target: Profile, thresholds: Mapping[str, Any], cache_dir: Path | None = None,
              fresh: bool = False) -> Path:
    """The facts in this process (the grade waits for nothing else), then the report in the
    background.  Refused while another run holds the folder (:class:`ProfileBusy`)."""
    with target.locked():
        path = execute(target, thresholds, cache_dir, report=False, fresh=fresh)
    with contextlib.suppress(OSError, ProfileError):  # no report is no reason to withhold the grade
        target.start(thresholds, cache_dir)
    return path


def serve() -> int:
    """``--serve``: import what a run needs, then take one job from stdin (see lifecycle.Warm).

    It runs at :data:`WARM_NICENESS`: it starts with ``drill start`` and must not slow it down."""
    with contextlib.suppress(OSError):
        os.nice(WARM_NICENESS)
    import pandas  # noqa: F401  (imported now, while the drill is still being written)

    from runner.profile import facts  # noqa: F401
    from runner.profile.library import quiet

    with quiet([]):
        import data_profiling  # noqa: F401

    line = sys.stdin.readline()
    if not line.strip():
        return 0  # the start failed: no job
    job = json.loads(line)
    target = Profile(Path(job["folder"]), Path(job["snapshot"]))
    fd = target.try_lock()
    if fd is None:
        print("busy", flush=True)
        return 1
    with contextlib.suppress(OSError):  # the one who handed the job may not wait for the answer
        print("ok", flush=True)
    log = os.open(target.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    try:
        execute(target, job.get("thresholds"), Path(job["cache"]) if job.get("cache") else None, background=True,
                counted=True)
    except BaseException:  # recorded in the status file by execute
        traceback.print_exc()
        return 1
    finally:
        os.close(fd)
    return 0


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:] == ["--serve"]:
        return serve()
    parser = argparse.ArgumentParser(prog="python -m runner.profile", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the profile folder (facts, report, status, log, lock)")
    parser.add_argument("--snapshot", type=Path, default=None,
                        help=f"the data to profile (default: FOLDER/{SNAPSHOT_FILE})")
    parser.add_argument("--cache", type=Path, default=None, help="profile cache folder")
    parser.add_argument("--thresholds", default=None,
                        help=f"JSON object of grading thresholds (default: FOLDER/{THRESHOLDS_FILE}, else built-in)")
    parser.add_argument("--handshake", action="store_true", help="wait for stdin to close before starting")
    parser.add_argument("--lock-fd", type=int, default=None, help="the folder's lock, already held (inherited)")
    args = parser.parse_args(argv)
    if args.handshake:
        sys.stdin.read()
    target = Profile(args.folder, args.snapshot or args.folder / SNAPSHOT_FILE)
    try:
        if args.thresholds is not None:
            overrides = json.loads(args.thresholds)
        elif (args.folder / THRESHOLDS_FILE).is_file():
            overrides = json.loads((args.folder / THRESHOLDS_FILE).read_text(encoding="utf-8"))
        else:
            overrides = None
        if args.lock_fd is not None:
            execute(target, overrides, args.cache, background=args.handshake, counted=args.handshake)
        else:
            with target.locked():
                execute(target, overrides, args.cache)
    except BaseException as exc:  # recorded in the status file by execute (or refused: busy)
        traceback.print_exc()
        print(f"python -m runner.profile: {one_line(exc)}", file=sys.stderr)
        return 1
    return 0
