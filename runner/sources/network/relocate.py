"""Move a pool kept inside a results folder (``<results>/cache``, the old layout) to the shared pool.

The local pool used to live in the results folder, which JupyterLab serves:
during a drill the learner could open the very dataset they were drilling on
(``cache/openml/61/data.parquet``).  It now lives in the user cache folder
(:func:`runner.sources.catalog.pool_dir`).  :func:`relocate_pool` moves each
entry of an old pool there, once, the first time a command meets it: entries
the shared pool already holds are dropped (same id, same data), the sources'
scratch folders (``openml/_client``, ``openml/_listing.json``, ``uci/_meta``)
are dropped (they are rebuilt on demand), anything it does not recognise is
left where it is.  Every move is a rename (or a copy into a temporary folder,
then a rename, across file systems), so a reader of the shared pool sees an
entry whole or not at all, and two commands relocating at once do no harm.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

#: The pool's sources (the first level of an entry's path: ``<source>/<key>/``).
SOURCES = ("openml", "uci")


def _is_entry(folder: Path) -> bool:
    return folder.is_dir() and not folder.name.startswith(("_", ".")) and (folder / "snapshot.json").is_file()


def _move(entry: Path, target: Path) -> bool:
    """Move one entry into place; False when the target already exists."""
    if target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(entry, target)
        return True
    except OSError:  # another file system (or a race): copy beside the target, then rename
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f"_{target.name}.", suffix=".tmp"))
        try:
            shutil.copytree(entry, staging, dirs_exist_ok=True)
            os.rename(staging, target)
        except OSError:
            return False
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return True


def relocate_pool(old: Path, pool: Path) -> list[str]:
    """Move the pool entries under ``old`` (``<results>/cache``) into ``pool``; the ids moved."""
    moved: list[str] = []
    old, pool = Path(old), Path(pool)
    if not old.is_dir() or old.resolve() == pool.resolve():
        return moved
    for source in SOURCES:
        folder = old / source
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            if _is_entry(entry):
                if _move(entry, pool / source / entry.name):
                    moved.append(f"{source}:{entry.name}")
                shutil.rmtree(entry, ignore_errors=True)  # moved, or the shared pool has it already
            elif entry.name.startswith("_"):
                with contextlib.suppress(OSError):
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if nothing unrecognised is left
    return moved
