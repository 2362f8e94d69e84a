"""The automated profile of a drill's dataset: thresholds, facts, report, cache, background run.

The only door to fg-data-profiling (imported lazily, in
:mod:`runner.profile_facts` / :mod:`runner.profile_config`): importing this
module costs no pandas, so the grader can read :data:`DEFAULT_THRESHOLDS`,
:func:`status` and :func:`wait` quickly.

A drill folder holds ``data.parquet`` (the snapshot).  A profile run writes
next to it ``profile.json`` (the facts: all the grader reads),
``profile.html`` (the library's report, same configuration),
``profile.status.json`` and ``profile.log``.

Background run: :func:`start_background` launches
``python -m runner.profile DRILL_DIR --cache DIR --thresholds JSON`` as a
detached process (own session, output to ``profile.log``).  Thresholds travel
as a JSON argument; run by hand without ``--thresholds``, the entry point
reads ``DRILL_DIR/thresholds.json`` if present, else uses the defaults.  It
records ``profile.status.json`` = ``{state: running|done|failed, error (one
line), started, finished (ISO 8601, UTC), pid}`` and exits 1 on failure.
:func:`status` reads it (``missing`` when no run was ever started) and
:func:`wait` polls it.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from typing import Any

from runner import atomic
from runner.errors import BadInput, DrillError, ProfileError

#: Every grading threshold.  The drill spec's ``grading:`` block overrides them
#: (``resolve_thresholds``); drills/eda-2h.yaml repeats these values.
DEFAULT_THRESHOLDS: dict[str, float | int] = {
    # missing: a column "has missing values" when its missing share of rows is > this
    # (0 = any missing value).  A learner's own "> P%" / "< P%" replaces it.
    "missing": 0.0,
    # skewed: |sample skewness| > this (pandas' bias-corrected G1 on the finite values);
    # the sign gives right (> 0) or left (< 0).
    "skewness": 1.0,
    # correlated: |coefficient| >= this.  Spearman's rho (signed) for two numeric columns,
    # bias-corrected Cramér's V for two categorical ones, rank correlation ratio eta for a
    # mixed pair (both unsigned); see runner/profile_correlations.py.
    "correlation": 0.5,
    # outliers: share of the column's finite values outside the Tukey fences >= this ...
    "outliers": 0.01,
    # ... where the fences are Q1 - k*IQR and Q3 + k*IQR with this k.
    "outlier_k": 1.5,
    # zeros: share of rows equal to 0 >= this (the profile's definition; numbers only).
    "zeros": 0.10,
    # high_cardinality: a non-numeric column with more distinct values than this.
    "high_cardinality": 50,
    # imbalanced: the profile's imbalance score of a categorical/boolean column > this
    # (1 - entropy / log2(levels): 0 = all levels equally frequent, 1 = one level).
    "imbalance": 0.5,
    # duplicates: at least this many rows repeat an earlier row (all columns equal).
    "duplicates": 1,
    # constant: at most this many distinct non-missing values.
    "constant": 1,
    # unique: distinct values / non-missing values >= this (1 = all distinct).
    # Not a notable finding for continuous floats, only for ids, integers and strings.
    "unique": 1.0,
    # uniform: distance to a uniform law <= this.  Kolmogorov-Smirnov distance to
    # U(min, max) for numeric/datetime columns with > 20 distinct values, otherwise total
    # variation distance between the level shares and equal shares.
    "uniform": 0.05,
    # infinite: more than this many +/-inf values.
    "infinite": 0,
    # type: a numeric column with at most this many distinct values is typed categorical
    # (the profile's low_categorical_threshold); types come from the profile's inference.
    "categorical_levels": 5,
    # categorical columns with more levels than this take no part in correlations.
    "correlation_levels": 100,
}

#: (lowest, highest, must be an integer) for each threshold.
_LIMITS: dict[str, tuple[float, float, bool]] = {
    "missing": (0.0, 1.0, False), "skewness": (0.0, 1e9, False), "correlation": (0.0, 1.0, False),
    "outliers": (0.0, 1.0, False), "outlier_k": (0.0, 1e9, False), "zeros": (0.0, 1.0, False),
    "high_cardinality": (1, 1e9, True), "imbalance": (0.0, 1.0, False), "duplicates": (1, 1e12, True),
    "constant": (1, 1e9, True), "unique": (0.0, 1.0, False), "uniform": (0.0, 1.0, False),
    "infinite": (0, 1e12, True), "categorical_levels": (0, 1e9, True), "correlation_levels": (2, 1e9, True),
}

#: Bump when the facts layout changes: it is part of the cache key, and
#: runner.findings refuses facts of another version.
FACTS_VERSION = 1

SNAPSHOT_FILE = "data.parquet"
FACTS_FILE = "profile.json"
HTML_FILE = "profile.html"
STATUS_FILE = "profile.status.json"
LOG_FILE = "profile.log"
THRESHOLDS_FILE = "thresholds.json"
# Everything a profile run writes (facts, HTML report, status, log) goes into this hidden
# sub-folder of the drill folder: JupyterLab does not list hidden files, so the answer key
# is not one click away during phases 1 and 2.  Grading publishes the report afterwards.
OUTPUT_DIR = ".profile"


def outputs(drill_dir: Path) -> Path:
    """Where the profile of ``drill_dir`` writes its files."""
    return Path(drill_dir) / OUTPUT_DIR

_launched: list[subprocess.Popen] = []  # kept so finished children are reaped, not left as zombies


def resolve_thresholds(overrides: Mapping[str, Any] | None = None) -> dict[str, float | int]:
    """``{**DEFAULT_THRESHOLDS, **overrides}``, refusing unknown keys and out-of-range values."""
    merged: dict[str, float | int] = dict(DEFAULT_THRESHOLDS)
    for key, value in (overrides or {}).items():
        if key not in _LIMITS:
            close = difflib.get_close_matches(str(key), list(_LIMITS), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(_LIMITS)
            raise BadInput(f"unknown grading threshold {key!r} in the drill spec", hint=hint)
        low, high, integer = _LIMITS[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise BadInput(f"grading threshold {key!r} must be a number from {low:g} to {high:g}, got {value!r}")
        if integer and value != int(value):
            raise BadInput(f"grading threshold {key!r} must be a whole number, got {value!r}")
        merged[key] = int(value) if integer else float(value)
    return merged


def build_facts(frame: Any, thresholds: Mapping[str, Any] | None = None) -> dict:
    """Profile a pandas DataFrame and return the facts dict (see runner/profile_facts.py)."""
    from runner.profile_facts import profile

    return profile(frame, resolve_thresholds(thresholds))[0]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def cache_key(snapshot: Path, thresholds: Mapping[str, Any]) -> str:
    """sha256 of the snapshot's bytes, the thresholds, the facts layout and the library version."""
    digest = hashlib.sha256()
    with open(snapshot, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    digest.update(json.dumps(dict(thresholds), sort_keys=True).encode())
    digest.update(f"facts {FACTS_VERSION}, fg-data-profiling {version('fg-data-profiling')}".encode())
    return digest.hexdigest()


def write_profile(snapshot: Path, out_dir: Path, thresholds: Mapping[str, Any] | None = None,
                  cache_dir: Path | None = None) -> Path:
    """Write ``profile.json`` and ``profile.html`` for ``snapshot`` into ``out_dir``; return the JSON path.

    With ``cache_dir`` (e.g. ``<results>/cache/profiles``), results are kept in
    ``cache_dir/<cache_key>/`` and a later call with the same snapshot bytes and
    thresholds copies them instead of profiling again.
    """
    snapshot, out_dir = Path(snapshot), Path(out_dir)
    thresholds = resolve_thresholds(thresholds)
    if not snapshot.is_file():
        raise ProfileError(f"no dataset snapshot at {snapshot}", hint="start the drill again with `drill start`")
    out_dir.mkdir(parents=True, exist_ok=True)
    key = cache_key(snapshot, thresholds)
    entry = Path(cache_dir) / key if cache_dir is not None else None
    if entry is not None and (entry / FACTS_FILE).is_file() and (entry / HTML_FILE).is_file():
        atomic.copy(entry / HTML_FILE, out_dir / HTML_FILE)
        atomic.copy(entry / FACTS_FILE, out_dir / FACTS_FILE)
        return out_dir / FACTS_FILE

    import pandas as pd

    from runner.profile_facts import profile, quiet

    try:
        frame = pd.read_parquet(snapshot)
    except Exception as exc:
        raise ProfileError(f"cannot read the snapshot {snapshot}: {exc}") from exc
    facts, report = profile(frame, thresholds)
    facts["snapshot"] = {"file": snapshot.name, "cache_key": key}
    with quiet([]):
        html = report.to_html()
    text = json.dumps(facts, indent=1, allow_nan=False)
    atomic.write_text(out_dir / HTML_FILE, html)  # HTML first: profile.json present means both are
    atomic.write_text(out_dir / FACTS_FILE, text)
    if entry is not None:
        _publish(entry, {HTML_FILE: html, FACTS_FILE: text})
    return out_dir / FACTS_FILE


def _publish(entry: Path, files: dict[str, str]) -> None:
    """Fill a cache entry atomically: build it in a temporary folder, then rename it."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=entry.parent, prefix=f".{entry.name[:16]}.", suffix=".tmp"))
    try:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
        tmp.chmod(0o755)
        os.replace(tmp, entry)
    except OSError:  # another run published the same key first: theirs is as good
        pass
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
    root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "MPLBACKEND": "Agg", "YDATA_PROFILING_NO_ANALYTICS": "1",
           "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    outputs(drill_dir).mkdir(exist_ok=True)
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


def _one_line(exc: BaseException) -> str:
    text = exc.one_line() if isinstance(exc, DrillError) else f"{type(exc).__name__}: {exc}"
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:299] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m runner.profile", description=__doc__.splitlines()[0])
    parser.add_argument("drill_dir", type=Path, help=f"the drill folder (holds {SNAPSHOT_FILE})")
    parser.add_argument("--cache", type=Path, default=None, help="profile cache folder")
    parser.add_argument("--thresholds", default=None,
                        help=f"JSON object of grading thresholds (default: DRILL_DIR/{THRESHOLDS_FILE}, else built-in)")
    parser.add_argument("--handshake", action="store_true", help="wait for stdin to close before starting")
    args = parser.parse_args(argv)
    if args.handshake:
        sys.stdin.read()
    drill_dir: Path = args.drill_dir
    started = _now()
    _write_status(drill_dir, state="running", started=started, pid=os.getpid())
    try:
        if args.thresholds is not None:
            overrides = json.loads(args.thresholds)
        elif (drill_dir / THRESHOLDS_FILE).is_file():
            overrides = json.loads((drill_dir / THRESHOLDS_FILE).read_text(encoding="utf-8"))
        else:
            overrides = None
        write_profile(drill_dir / SNAPSHOT_FILE, outputs(drill_dir), overrides, cache_dir=args.cache)
    except BaseException as exc:
        traceback.print_exc()
        _write_status(drill_dir, state="failed", error=_one_line(exc), started=started, finished=_now(),
                      pid=os.getpid())
        return 1
    _write_status(drill_dir, state="done", started=started, finished=_now(), pid=os.getpid())
    return 0


if __name__ == "__main__":
    sys.exit(main())
