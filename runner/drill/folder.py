"""Create a drill folder: notebook, data snapshot, card.

A drill folder is built under a hidden temporary name and only renamed to
``<results>/<drill-id>/`` once everything is written (see :func:`runner.drill.create.start`), so a
failed start never leaves a half-made drill behind.

Layout of ``<results>/<drill-id>/``::

    <drill-id>.ipynb   the learner's notebook (papermill-instantiated template)
    data.parquet       snapshot of the dataset: the drill reopens offline, identically
    card.json          the dataset card (runner.sources.base.Card)
    card.md            the same card, readable
    drill.json         drill id, dataset id, spec, seed, phase minutes, thresholds

A planted (``mess:``) or null (``null:``) drill's ground truth goes to
``truth.json`` in :func:`private_folder`, never here (:func:`keep_truth`,
:func:`read_truth`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from runner import atomic
from runner.drill import notebook
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


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def private_folder(results: Path, drill_id: str) -> Path:
    """Where a drill keeps what the learner must not see before the seal.

    Outside the results folder that JupyterLab serves: in the user cache folder
    (``$DRILL_CACHE_DIR``, else ``$XDG_CACHE_HOME/eda-drill``, else
    ``~/.cache/eda-drill``), under a key of the results folder's absolute path,
    so two results folders never share one.  Nothing is created here.
    """
    key = hashlib.sha256(str(Path(results).expanduser().resolve()).encode("utf-8")).hexdigest()[:16]
    return catalog.cache_dir() / "private" / key / drill_id


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


def new_drill_id(results: Path, dataset_id: str, when: datetime | None = None) -> str:
    """A new id, reserved by creating its (empty) folder: two starts in the same second get two ids.

    The finished drill folder is later renamed over the empty reservation.
    """
    when = when or datetime.now(timezone.utc)
    tail = dataset_id.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    slug = re.sub(r"[^a-z0-9]+", "-", tail.lower()).strip("-")[:40] or "data"
    base = f"{when:%Y%m%d-%H%M%S}-{slug}"
    candidate, n = base, 2
    while True:
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
) -> BuiltDrill:
    """Write every file of a new drill into a temporary folder inside ``results``."""
    rows, columns = dataset.frame.shape
    if rows == 0 or columns == 0:
        raise BadInput(f"{dataset.card.id} has {rows} rows and {columns} columns: nothing to explore",
                       hint="choose another dataset")
    try:
        results.mkdir(parents=True, exist_ok=True, mode=atomic.DIR_MODE)
        tmp_dir = Path(tempfile.mkdtemp(prefix=".new-drill-", dir=results))  # private, as a drill folder stays
    except OSError as exc:
        raise ResultsNotWritable(
            f"cannot write the results folder {results}: {exc.strerror or exc}",
            hint="pass --results DIR or set DRILL_RESULTS",
        ) from None
    drill_id = ""
    try:
        drill_id = new_drill_id(results, dataset.card.id)
        frame, notes = snapshot_frame(dataset.frame)
        card = dataset.card
        card.notes = list(card.notes) + notes
        card.rows, card.columns = int(frame.shape[0]), int(frame.shape[1])
        card.dtypes = {str(c): str(t) for c, t in frame.dtypes.items()}
        frame.to_parquet(tmp_dir / SNAPSHOT, index=False)
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
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        if drill_id:
            with contextlib.suppress(OSError):
                (results / drill_id).rmdir()
        raise
    return BuiltDrill(drill_id, tmp_dir, final_dir, notebook_name, card, created_at)


def discard(built: BuiltDrill) -> None:
    """Remove every trace of a drill whose start failed (before or after its folder was moved into place)."""
    shutil.rmtree(built.tmp_dir, ignore_errors=True)
    shutil.rmtree(built.final_dir, ignore_errors=True)
