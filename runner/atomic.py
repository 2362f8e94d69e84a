"""Atomic file writes: a reader, or a crash mid-write, sees the old file or the new one, never half.

Every file the tool writes for the learner (notebooks, profiles, caches, the
dashboard, exports) goes through here: write a temporary file in the same
folder, then ``os.replace`` it over the target.

Private by default: on a shared machine (a JupyterHub) another learner must
not read your drills, so files are written ``0o600`` and folders ``0o700``
(:data:`MODE`, :data:`DIR_MODE`; the learner's own JupyterLab runs as the
learner and reads and writes them as before).  :func:`private_umask` applies the
same rule to what libraries write for the tool (parquet, the SQLite log, the
profile): the ``drill`` command and the background profile run under it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MODE = 0o600  # the learner's files: theirs alone (mkstemp makes them so; the rename keeps it)
DIR_MODE = 0o700  # the learner's folders
PRIVATE_UMASK = 0o077  # no bit for the group or others on anything created under it


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Within the block, nothing this process creates is readable by the group or others.

    Adds :data:`PRIVATE_UMASK` to the process's umask (a stricter umask stays) and
    restores the previous one afterwards.  The umask is process-wide: use it around
    a whole command, never inside a kernel the learner works in.
    """
    previous = os.umask(PRIVATE_UMASK)
    os.umask(previous | PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def make_dirs(path: Path) -> Path:
    """Create ``path`` and its missing parents, each one :data:`DIR_MODE` (existing ones stay as they are)."""
    path = Path(path)
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            folder.mkdir(mode=DIR_MODE)
    return path


def write_bytes(path: Path, data: bytes, mode: int = MODE) -> None:
    """Write ``data`` to ``path`` atomically, with ``mode`` (private unless a caller publishes on purpose)."""
    path = Path(path)
    make_dirs(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str, mode: int = MODE) -> None:
    write_bytes(path, text.encode("utf-8"), mode)


def write_json(path: Path, payload: Any, **dump_options: Any) -> None:
    write_text(path, json.dumps(payload, **dump_options))


def copy(source: Path, target: Path) -> None:
    target = Path(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.chmod(tmp, MODE)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
