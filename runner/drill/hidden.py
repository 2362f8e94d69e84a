"""What the learner must not see before the seal, where it is kept, and when it is published.

A drill's dataset snapshot and its whole profile (facts, HTML report, status,
log, lock) live in the drill's private folder
(:func:`runner.drill.folder.private_folder`: in the user cache folder,
outside the results folder JupyterLab serves), so during phases 1 and 2 the
file browser, the contents API and ``/files/`` show neither the data nor the
answer key, and ``pd.read_parquet("data.parquet")`` in the drill folder
finds nothing.  The seal publishes the data into the drill folder
(``data.parquet``); the grade publishes the report (``profile.html``), at once
or, while it is still rendering, as soon as it lands.  Shared caches (the
profile cache, keyed by the snapshot's bytes) live in the user cache folder
too.

Drills made before this layout keep their files where they were
(``data.parquet`` in the drill folder, the profile in ``<drill>/.profile/``,
which JupyterLab started by ``drill start`` does not serve) and keep working.

May import: ``runner.drill.folder``, ``runner.profile``, ``runner.sources.catalog``,
``runner.atomic``, ``runner.errors``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner import atomic
from runner.drill import folder as drill_folder
from runner.errors import DrillError
from runner.profile import HTML_FILE, Profile
from runner.profile.paths import LEGACY_DIR
from runner.sources import catalog

#: The profile's folder inside a drill's private folder.
PROFILE_DIR = "profile"


def profile_cache() -> Path:
    """The profile cache shared by every results folder (keyed by the snapshot's bytes)."""
    return catalog.cache_dir() / "profiles"


class SnapshotMissing(DrillError):
    """The drill's data snapshot is gone from both its places."""


@dataclass(frozen=True)
class DrillFiles:
    """A drill's served folder and its private one."""

    drill_id: str
    folder: Path
    private: Path

    @classmethod
    def of(cls, loc: Any) -> DrillFiles:
        """For a :class:`runner.drill.locate.Located` (or anything with ``results``, ``row.id``, ``folder``)."""
        return cls(loc.row.id, Path(loc.folder), drill_folder.private_folder(loc.results, loc.row.id))

    @property
    def hidden_snapshot(self) -> Path:
        return self.private / drill_folder.SNAPSHOT

    @property
    def published_snapshot(self) -> Path:
        return self.folder / drill_folder.SNAPSHOT

    @property
    def report(self) -> Path:
        return self.folder / HTML_FILE

    def snapshot(self) -> Path | None:
        """The data: the private snapshot, else the one in the drill folder (published, or an old drill's)."""
        for path in (self.hidden_snapshot, self.published_snapshot):
            if path.is_file():
                return path
        return None

    def require_snapshot(self, dataset_id: str = "", seed: Any = None) -> Path:
        """The data, or a one-line error saying what to do."""
        found = self.snapshot()
        if found is not None:
            return found
        again = f"`drill start --dataset {dataset_id}" + (f" --seed {seed}`" if seed is not None else "`")
        raise SnapshotMissing(
            f"the data of drill {self.drill_id} is gone (no {drill_folder.SNAPSHOT} in {self.folder} "
            f"or in its private folder {self.private})",
            hint=f"restore {drill_folder.SNAPSHOT} into {self.folder}, or start the same dataset again with "
            + (again if dataset_id else "`drill start`"),
        )

    def profile(self) -> Profile:
        """The drill's profile: in its private folder, or where an old drill kept it."""
        legacy = self.folder / LEGACY_DIR
        snapshot = self.snapshot() or self.hidden_snapshot
        if legacy.is_dir() and not (self.private / PROFILE_DIR).is_dir():
            return Profile(legacy, snapshot)
        return Profile(self.private / PROFILE_DIR, snapshot)

    def publish_data(self) -> Path | None:
        """Copy the private snapshot into the drill folder (the seal does this); the published path."""
        if self.hidden_snapshot.is_file():
            published = self.published_snapshot
            if not published.is_file() or published.stat().st_size != self.hidden_snapshot.stat().st_size:
                atomic.copy(self.hidden_snapshot, published)
            return published
        return self.published_snapshot if self.published_snapshot.is_file() else None
