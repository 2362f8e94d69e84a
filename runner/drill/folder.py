"""Create a drill folder: notebook, data snapshot, card.

A drill folder is built under a hidden temporary name and only renamed to
``<results>/<drill-id>/`` once everything is written (see :func:`runner.drill.create.start`), so a
failed start never leaves a half-made drill behind; the start holds a lock on it all the while
(:mod:`runner.drill.startlock`), so what a killed start leaves is cleaned up by the next one
(:mod:`runner.drill.debris`).

Layout of ``<results>/<drill-id>/``::

    <drill-id>.ipynb   the learner's notebook (papermill-instantiated template)
    card.json          the dataset card (runner.sources.base.Card)
    card.md            the same card, readable (untrusted text escaped: no live HTML)
    drill.json         drill id, dataset id, spec, seed, phase minutes, thresholds
    data.parquet       the data, published here by the seal (not before)
    profile.html       the profile report, published here by the grade

and of its private folder (:func:`private_folder`, outside the served root)::

    data.parquet       snapshot of the dataset: the drill reopens offline, identically
    profile/           the profile run's facts, report, status, log and lock
    truth.json         a planted or null drill's ground truth (:func:`keep_truth`, :func:`read_truth`);
                       an ordinary drill's measures of the planted kinds, once a grade needed them

The private folder is written in place (nothing in it is visible to the
learner), the snapshot first, so the background profile can start on it while
the rest of the drill is written (``on_snapshot``); a failed start removes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from runner import atomic
from runner.drill import notebook
from runner.drill.startlock import StartLock, crash_point, new_build_folder
from runner.errors import BadInput, ResultsNotWritable
from runner.sources import catalog
from runner.sources.base import Card, Dataset
from runner.spec import Spec

SNAPSHOT = "data.parquet"
CARD_JSON = "card.json"
CARD_MD = "card.md"
DRILL_JSON = "drill.json"


@dataclass
class BuiltDrill:
    """A drill folder written under a temporary name, ready to be moved into place."""

    drill_id: str
    tmp_dir: Path
    final_dir: Path
    notebook_name: str
    card: Card
    created_at: str
    lock: StartLock | None = None  # held from the first file written until the log row is committed
    private_dir: Path | None = None


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def private_root(results: Path) -> Path:
    """The private folder of a results folder: its drills' private folders, and JupyterLab's log.

    Outside the results folder that JupyterLab serves: in the user cache folder
    (``$DRILL_CACHE_DIR``, else ``$XDG_CACHE_HOME/eda-drill``, else
    ``~/.cache/eda-drill``), under a key of the results folder's absolute path,
    so two results folders never share one.  Nothing is created here.
    """
    key = hashlib.sha256(str(Path(results).expanduser().resolve()).encode("utf-8")).hexdigest()[:16]
    return catalog.cache_dir() / "private" / key


def private_folder(results: Path, drill_id: str) -> Path:
    """Where a drill keeps what the learner must not see before the seal (see :func:`private_root`)."""
    return private_root(results) / drill_id


TRUTH_JSON = "truth.json"


def keep_truth(results: Path, drill_id: str, truth: dict[str, Any] | None) -> Path | None:
    """Write a variant's ground truth where the learner cannot read it before the seal (None: nothing to keep)."""
    if truth is None:
        return None
    path = private_folder(results, drill_id) / TRUTH_JSON
    atomic.write_json(path, truth)
    return path


def read_truth(results: Path, drill_id: str) -> dict[str, Any] | None:
    """The ground truth :func:`keep_truth` wrote for this drill, or None (an ordinary drill, or it is gone)."""
    path = private_folder(results, drill_id) / TRUTH_JSON
    try:
        truth = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return truth if isinstance(truth, dict) else None


def new_drill_id(results: Path, dataset_id: str, when: datetime | None = None,
                 reserve: Callable[[str], None] | None = None) -> str:
    """A new id, reserved by creating its (empty) folder: two starts in the same second get two ids.

    The finished drill folder is later renamed over the empty reservation.
    ``reserve(candidate)`` is called before each folder is made (the start's
    lock records it, so a start that dies never leaves an unnamed reservation).
    """
    when = when or datetime.now(timezone.utc)
    tail = dataset_id.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    slug = re.sub(r"[^a-z0-9]+", "-", tail.lower()).strip("-")[:40] or "data"
    base = f"{when:%Y%m%d-%H%M%S}-{slug}"
    candidate, n = base, 2
    while True:
        if reserve is not None:
            reserve(candidate)
        try:
            (results / candidate).mkdir()
            return candidate
        except FileExistsError:
            candidate, n = f"{base}-{n}", n + 1


def snapshot_frame(frame: Any) -> tuple[Any, list[str]]:
    """A copy of ``frame`` that parquet can store, and notes on what had to change.

    Column names become unique strings; object columns mixing types (which
    pyarrow refuses) are stored as text, missing values kept.
    """
    import pandas as pd

    notes: list[str] = []
    out = frame.copy()
    if isinstance(out.index, pd.MultiIndex) or not isinstance(out.index, pd.RangeIndex):
        out = out.reset_index(drop=not _index_is_informative(out.index))
    names = [str(c) for c in out.columns]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        if name in seen:
            seen[name] += 1
            new = f"{name}_{seen[name]}"
            notes.append(f"duplicate column name {name!r} stored as {new!r}")
            unique.append(new)
        else:
            seen[name] = 0
            unique.append(name)
    out.columns = unique
    for col in out.columns:
        series = out[col]
        if series.dtype == object:
            kinds = {type(v) for v in series.dropna()}
            if len(kinds) > 1:
                out[col] = series.map(lambda v: v if v is None or (isinstance(v, float) and v != v) else str(v))
                notes.append(f"column {col!r} mixes {', '.join(sorted(k.__name__ for k in kinds))}: stored as text")
    return out, notes


def _index_is_informative(index: Any) -> bool:
    return bool(index.name is not None or any(n is not None for n in getattr(index, "names", [])))


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def build(
    dataset: Dataset,
    spec: Spec,
    results: Path,
    seed: int | None,
    thresholds: dict[str, Any],
    on_snapshot: Callable[[str, Path], Any] | None = None,
) -> BuiltDrill:
    """Write every file of a new drill into a temporary folder inside ``results`` (the snapshot
    into its private folder; ``on_snapshot(drill_id, private_dir)`` is called once it is written)."""
    rows, columns = dataset.frame.shape
    if rows == 0 or columns == 0:
        raise BadInput(f"{dataset.card.id} has {rows} rows and {columns} columns: nothing to explore",
                       hint="choose another dataset")
    try:
        results.mkdir(parents=True, exist_ok=True, mode=atomic.DIR_MODE)
        tmp_dir, lock = new_build_folder(results)  # private, as a drill folder stays; locked until logged
    except OSError as exc:
        raise ResultsNotWritable(
            f"cannot write the results folder {results}: {exc.strerror or exc}",
            hint="pass --results DIR or set DRILL_RESULTS",
        ) from None
    drill_id = ""
    private_dir: Path | None = None
    try:
        crash_point("locked")
        drill_id = new_drill_id(results, dataset.card.id, reserve=lock.reserve)
        crash_point("reserved")
        frame, notes = snapshot_frame(dataset.frame)
        card = dataset.card
        card.notes = list(card.notes) + notes
        card.rows, card.columns = int(frame.shape[0]), int(frame.shape[1])
        card.dtypes = {str(c): str(t) for c, t in frame.dtypes.items()}
        private_dir = _new_private(results, drill_id)
        frame.to_parquet(private_dir / SNAPSHOT, index=False)
        if on_snapshot is not None:
            on_snapshot(drill_id, private_dir)
        _write_text(tmp_dir / CARD_JSON, json.dumps(card.to_json(), indent=2, default=str))
        _write_text(tmp_dir / CARD_MD, card.to_markdown())
        created_at = now_iso()
        final_dir = results / drill_id
        meta = {
            "drill_id": drill_id,
            "dataset_id": card.id,
            "spec": spec.name,
            "seed": seed,
            "created_at": created_at,
            "phase_minutes": spec.phase_minutes,
            "thresholds": thresholds,
        }
        _write_text(tmp_dir / DRILL_JSON, json.dumps(meta, indent=2))
        notebook_name = f"{drill_id}.ipynb"
        parameters = {
            "drill_id": drill_id,
            "dataset_id": card.id,
            "results_dir": str(results),
            "seed": seed,
            "spec": spec.name,
            "phase_minutes": spec.phase_minutes,
        }
        notebook.instantiate(spec, parameters, tmp_dir / notebook_name)
        for written in tmp_dir.iterdir():  # the learner's alone, whatever the umask (runner.atomic)
            written.chmod(atomic.MODE)
        crash_point("written")
    except BaseException:
        lock.close()
        shutil.rmtree(tmp_dir, ignore_errors=True)
        if private_dir is not None:
            shutil.rmtree(private_dir, ignore_errors=True)
        if drill_id:
            with contextlib.suppress(OSError):
                (results / drill_id).rmdir()
        raise
    return BuiltDrill(drill_id, tmp_dir, final_dir, notebook_name, card, created_at, lock, private_dir)



def _new_private(results: Path, drill_id: str) -> Path:
    """The drill's private folder, new and empty (its id was just reserved: anything there is stale)."""
    folder = private_folder(results, drill_id)
    try:
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True, mode=0o700)  # only its owner reads what is hidden from the learner
    except OSError as exc:
        raise ResultsNotWritable(
            f"cannot write the drill's private folder {folder}: {exc.strerror or exc}",
            hint="set DRILL_CACHE_DIR to a writable folder",
        ) from None
    return folder


def discard(built: BuiltDrill) -> None:
    """Remove every trace of a drill whose start failed (before or after its folder was moved into place)."""
    shutil.rmtree(built.tmp_dir, ignore_errors=True)
    shutil.rmtree(built.final_dir, ignore_errors=True)
    if built.lock is not None:
        built.lock.close()
    if built.private_dir is not None:
        shutil.rmtree(built.private_dir, ignore_errors=True)
