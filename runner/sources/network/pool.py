"""The local pool: the project's own copy of every dataset downloaded from the network.

Layout, under the cache folder (``<results>/cache`` by default)::

    <source>/<key>/data.parquet    the frame, exactly as the drill sees it
    <source>/<key>/card.json       the card (Card.to_json)
    <source>/<key>/snapshot.json   format, sha256 and size of data.parquet, when, from where

(``openml/61/``, ``uci/53/``).  Folders whose name starts with ``_`` belong to
the sources (openml-python's scratch cache, UCI metadata) and are not pool
entries.  The pool only ever reads parquet and JSON that it wrote itself: a
file that fails its checksum or does not parse raises :class:`CorruptCache`
(the source then re-fetches it or reports it); nothing here unpickles.

A snapshot is written into a temporary folder and renamed into place, so a
reader sees a whole snapshot or none.  :func:`prefetch` fills the pool for
offline days; :class:`PoolSource` (registry name ``pool``) offers everything
in it, loaded with no network.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from runner.errors import BadInput, DrillError, SourceUnavailable, UnknownDataset
from runner.sources.base import Card, Dataset, Entry
from runner.sources.network.common import unavailable

if TYPE_CHECKING:
    import pandas as pd

FORMAT = 1
DEFAULT_MAX_ROWS = 100_000  # larger frames are sampled (seeded) for a two-hour drill
MAX_UNAVAILABLE_IN_A_ROW = 3  # prefetch gives up when the source fails this often in a row
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class CorruptCache(DrillError):
    """A cached snapshot failed its checksum or did not parse."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cached copy in {path} is corrupt ({reason})", hint="it will be downloaded again")


class NotCached(LookupError):
    """The pool has no snapshot for this dataset."""


class LargeDatasetWarning(UserWarning):
    """A dataset had more rows than ``max_rows`` and was sampled."""


def cap_rows(frame: pd.DataFrame, max_rows: int | None, seed: int | None) -> tuple[pd.DataFrame, str | None]:
    """At most ``max_rows`` rows, sampled with ``seed`` (row order kept), and the note saying so."""
    if not max_rows or len(frame) <= max_rows:
        return frame, None
    seed = 0 if seed is None else int(seed)
    sample = frame.sample(n=max_rows, random_state=seed).sort_index().reset_index(drop=True)
    note = f"sampled {max_rows} of {len(frame)} rows at random (seed {seed}) to keep the drill responsive"
    warnings.warn(f"large dataset: {note}", LargeDatasetWarning, stacklevel=3)
    return sample, note


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns holding mixed Python types become strings (missing stays missing)."""
    import pandas as pd

    fixed = frame.copy()
    for name in fixed.columns:
        column = fixed[name]
        if column.dtype == object:
            kinds = {type(v) for v in column.dropna()}
            if len(kinds) > 1:
                fixed[name] = column.map(lambda v: v if pd.isna(v) else str(v))
    return fixed


@dataclass
class Pool:
    """Snapshots of downloaded datasets under ``cache_dir``."""

    cache_dir: Path

    def __init__(self, cache_dir: str | Path) -> None:
        self.cache_dir = Path(cache_dir)

    def folder(self, source: str, key: str) -> Path:
        if not _KEY.match(source) or not _KEY.match(key):
            raise BadInput(f"not a dataset key: {source}:{key}")
        return self.cache_dir / source / key

    def has(self, source: str, key: str) -> bool:
        return (self.folder(source, key) / "snapshot.json").is_file()

    def save(self, dataset: Dataset, origin_url: str = "") -> Path:
        """Write ``dataset`` as ``<source>/<key>/`` atomically; returns the folder."""
        source, _, key = dataset.card.id.partition(":")
        final = self.folder(source, key)
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=final.parent, prefix=f"_{key}.", suffix=".tmp"))
        try:
            data = staging / "data.parquet"
            try:
                dataset.frame.to_parquet(data, index=False)
            except Exception:  # pyarrow refuses mixed object columns
                _parquet_safe(dataset.frame).to_parquet(data, index=False)
            (staging / "card.json").write_text(json.dumps(dataset.card.to_json(), indent=1), encoding="utf-8")
            snapshot = {
                "format": FORMAT,
                "sha256": _sha256(data),
                "bytes": data.stat().st_size,
                "rows": int(dataset.frame.shape[0]),
                "columns": int(dataset.frame.shape[1]),
                "written_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "origin_url": origin_url,
            }
            (staging / "snapshot.json").write_text(json.dumps(snapshot, indent=1), encoding="utf-8")
            if final.exists():
                shutil.rmtree(final)
            os.replace(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return final

    def load(self, source: str, key: str) -> Dataset:
        """The cached dataset; NotCached if absent, CorruptCache if damaged."""
        import pandas as pd

        folder = self.folder(source, key)
        if not (folder / "snapshot.json").is_file():
            raise NotCached(f"{source}:{key}")
        try:
            snapshot = json.loads((folder / "snapshot.json").read_text(encoding="utf-8"))
            card = Card.from_json(json.loads((folder / "card.json").read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, ValueError, TypeError) as exc:
            raise CorruptCache(folder, f"unreadable card or snapshot: {type(exc).__name__}") from None
        data = folder / "data.parquet"
        if not isinstance(snapshot, dict) or snapshot.get("format") != FORMAT:
            raise CorruptCache(folder, "unknown snapshot format")
        try:
            matches = _sha256(data) == snapshot.get("sha256")
        except OSError:
            raise CorruptCache(folder, "data.parquet is missing") from None
        if not matches:
            raise CorruptCache(folder, "data.parquet does not match its checksum")
        try:
            frame = pd.read_parquet(data)
        except Exception as exc:
            raise CorruptCache(folder, f"data.parquet does not parse: {type(exc).__name__}") from None
        if card.id != f"{source}:{key}" or list(frame.shape) != [snapshot.get("rows"), snapshot.get("columns")]:
            raise CorruptCache(folder, "card and data disagree")
        return Dataset(card=card, frame=frame)

    def discard(self, source: str, key: str) -> None:
        shutil.rmtree(self.folder(source, key), ignore_errors=True)

    def cards(self, source: str | None = None) -> Iterator[Card]:
        """Cards of every snapshot (unreadable ones are skipped), sorted by id."""
        sources = [source] if source else sorted(p.name for p in self._dirs(self.cache_dir))
        for name in sources:
            for folder in sorted(self._dirs(self.cache_dir / name), key=lambda p: p.name):
                if not (folder / "snapshot.json").is_file():
                    continue
                try:
                    yield Card.from_json(json.loads((folder / "card.json").read_text(encoding="utf-8")))
                except (OSError, UnicodeDecodeError, ValueError, TypeError):
                    continue

    @staticmethod
    def _dirs(path: Path) -> list[Path]:
        try:
            return [p for p in path.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))]
        except OSError:
            return []

    def entries(self, source: str | None = None, level: int | None = None) -> list[Entry]:
        """Pool entries by source and level, as ``drill datasets`` lists them."""
        found = [_entry(card) for card in self.cards(source)]
        return [e for e in found if level is None or e.level == level]


def _entry(card: Card) -> Entry:
    return Entry(id=card.id, source=card.source, level=card.level, rows=card.rows, columns=card.columns, title=card.title)


class PoolSource:
    """Registry source ``pool``: every downloaded dataset, loaded with no network.

    Its entries keep their own ids (``openml:61``), so a pick from the pool is
    loaded by its own source, which finds the snapshot first.
    """

    name = "pool"

    def __init__(self, cache_dir: str | Path) -> None:
        self.pool = Pool(cache_dir)

    def entries(self) -> list[Entry]:
        return self.pool.entries()

    def load(self, key: str) -> Dataset:
        source, _, native = key.partition(":")
        try:
            return self.pool.load(source, native)
        except (NotCached, BadInput):
            raise UnknownDataset(f"pool:{key}", close=[e.id for e in self.entries()][:3]) from None


# -- prefetch -------------------------------------------------------------------


class NetworkSource(Protocol):
    """What :func:`prefetch` and the shared pick/load need from ``openml`` and ``uci``."""

    name: str
    pool: Pool

    def reachable(self) -> Any: ...  # a network.Probe with ``ok`` and ``detail``

    def candidates(self, level: int | None, seed: int | None) -> Iterator[Entry]: ...

    def fetch(self, key: str, *, max_rows: int | None = None, seed: int | None = None) -> Dataset: ...


Progress = Callable[[int, int, str], None]


@dataclass
class PrefetchResult:
    fetched: list[Entry] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (id, why)
    already: int = 0  # pool entries of that source and level before the run

    def summary(self) -> str:
        text = f"downloaded {len(self.fetched)} dataset(s)"
        if self.skipped:
            text += f", skipped {len(self.skipped)}"
        return text + f"; the pool already held {self.already}"


def prefetch(
    net: NetworkSource,
    level: int | None,
    count: int,
    seed: int | None = None,
    progress: Progress | None = None,
    *,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    max_attempts: int | None = None,
) -> PrefetchResult:
    """Download ``count`` new datasets of ``source`` (at ``level``) into the pool.

    Candidates come in a seeded random order; one that fails to download is
    skipped with its reason (``MAX_UNAVAILABLE_IN_A_ROW`` network failures in
    a row end the run with SourceUnavailable), up to
    ``max_attempts`` tries (default ``3 * count + 5``).  ``progress(done, count,
    message)`` is called after each attempt.  Raises SourceUnavailable quickly
    when the source does not answer.
    """
    result = PrefetchResult(already=len(net.pool.entries(net.name, level)))
    attempts = max_attempts if max_attempts is not None else 3 * count + 5
    report = progress or (lambda done, total, message: None)
    report(0, count, f"listing {net.name} datasets")
    failures = 0
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    for entry in net.candidates(level, seed):
        if len(result.fetched) >= count or attempts <= 0:
            break
        _, _, key = entry.id.partition(":")
        if net.pool.has(net.name, key):
            continue
        attempts -= 1
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", LargeDatasetWarning)
                dataset = net.fetch(key, max_rows=max_rows, seed=seed)
        except DrillError as exc:
            failures = failures + 1 if isinstance(exc, SourceUnavailable) else 0
            if failures >= MAX_UNAVAILABLE_IN_A_ROW:
                raise  # the source itself is failing, not one dataset
            result.skipped.append((entry.id, exc.one_line()))
            report(len(result.fetched), count, f"skipped {entry.id}: {exc.one_line()}")
            continue
        failures = 0
        result.fetched.append(_entry(dataset.card))
        report(len(result.fetched), count, f"{entry.id} {dataset.card.title} (level {dataset.card.level})")
    return result


def pick_online_or_pooled(net: NetworkSource, seed: int | None, level: int | None, none_found: str) -> str:
    """A seeded random id at ``level``: the first candidate online, else one from the pool offline.

    ``none_found`` is the one-line error when the source answers but offers
    nothing at that level.
    """
    answer = net.reachable()
    if answer.ok:
        choice = next(net.candidates(level, seed), None)
        if choice is None:
            raise BadInput(none_found, hint="try another --seed or level")
        return choice.id
    pooled = pool_entries_or_raise(net.pool, net.name, level, answer.detail)
    return random.Random(seed).choice(sorted(e.id for e in pooled))


def pooled_or_fetched(net: NetworkSource, key: str, max_rows: int | None, seed: int | None) -> Dataset:
    """The pooled snapshot of ``key`` if there is a sound one, else a download (then pooled).

    A corrupt pooled copy is removed and downloaded again; if the download
    fails too, the error says the copy was corrupt.
    """
    corrupt = ""
    try:
        return net.pool.load(net.name, key)
    except NotCached:
        pass
    except CorruptCache as exc:
        corrupt = f"the cached copy was corrupt ({exc.reason}) and was removed; "
        net.pool.discard(net.name, key)
    try:
        return net.fetch(key, max_rows=max_rows, seed=seed)
    except SourceUnavailable as exc:
        if corrupt:
            raise SourceUnavailable(corrupt + exc.message, hint=exc.hint) from None
        raise


def pool_entries_or_raise(
    pool: Pool, source: str, level: int | None, detail: str
) -> list[Entry]:
    """Pool entries of ``source`` at ``level``; SourceUnavailable (one line, with a hint) if none."""
    found = pool.entries(source, level)
    if not found:
        raise unavailable(source, detail, level)
    return found
