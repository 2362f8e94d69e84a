"""One profile run: the facts (all the grader reads) and the library's HTML report, cached per snapshot.

Run in the background as ``python -m runner.profile DRILL_DIR [--cache DIR]
[--thresholds JSON]`` (see :mod:`runner.profile.lifecycle`).  Thresholds
travel as a JSON argument; run by hand without ``--thresholds``, the entry
point reads ``DRILL_DIR/thresholds.json`` if present, else uses the
defaults.  It exits 1 on failure, with the one-line error in the status file.

May import: ``runner.atomic``, ``runner.errors``, ``runner.grading.thresholds``
and this package; pandas and fg-data-profiling only inside functions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from runner import atomic
from runner.errors import DrillError, ProfileError
from runner.grading.thresholds import FACTS_VERSION, resolve_thresholds
from runner.profile.lifecycle import _now, _write_status
from runner.profile.paths import FACTS_FILE, HTML_FILE, SNAPSHOT_FILE, THRESHOLDS_FILE, outputs


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
    atomic.make_dirs(out_dir)
    key = cache_key(snapshot, thresholds)
    entry = Path(cache_dir) / key if cache_dir is not None else None
    if entry is not None and (entry / FACTS_FILE).is_file() and (entry / HTML_FILE).is_file():
        atomic.copy(entry / HTML_FILE, out_dir / HTML_FILE)
        atomic.copy(entry / FACTS_FILE, out_dir / FACTS_FILE)
        return out_dir / FACTS_FILE

    import pandas as pd

    from runner.profile.facts import profile
    from runner.profile.library import quiet

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
    atomic.make_dirs(entry.parent)
    tmp = Path(tempfile.mkdtemp(dir=entry.parent, prefix=f".{entry.name[:16]}.", suffix=".tmp"))
    try:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
        tmp.chmod(atomic.DIR_MODE)
        os.replace(tmp, entry)
    except OSError:  # another run published the same key first: theirs is as good
        pass
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
