"""``uci:<id>``: datasets of the UCI Machine Learning Repository through ucimlrepo.

ucimlrepo reads three URLs: ``API_LIST_URL`` (the importable datasets, ``?filter=python``),
``API_BASE_URL`` (``?id=N``: metadata and variables) and the ``data_url`` the
metadata names (a CSV).  Its module constants are pointed at the configured
server for the duration of each call, and every ``urlopen`` it (and pandas)
makes gets a timeout (:func:`runner.sources.network.common.bounded_urlopen`).
``list_available_datasets`` only prints, so the list is read from the API it
calls; the data is downloaded with ``fetch_ucirepo(id=...)``.

The list names datasets but not their shape, so a dataset's level is known
once its metadata has been read (kept as JSON in ``<cache>/uci/_meta/``):
:meth:`UCISource.candidates` reads metadata in a seeded random order until it
finds datasets at the level asked for.  :meth:`UCISource.entries` lists the
datasets whose metadata is known (online) or the downloaded ones (offline).

Level: the rule of :mod:`runner.sources.levels`, fed from the metadata
(:func:`level_from_uci`): variable types ``Continuous`` / ``Integer`` are
numeric, any other declared type (``Categorical``, ``Binary``, ``Date``...)
is not, ``Date`` is a date column.  ``has_missing_values: yes`` (or a variable
with ``missing_values: yes``) makes a clean or mixed dataset level 3, since UCI
does not publish how many cells are missing.  The card's level is the same.
"""

from __future__ import annotations

import contextlib
import json
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from runner.errors import BadInput, DrillError, SourceUnavailable, UnknownDataset
from runner.sources import levels
from runner.sources.base import Card, Dataset, Entry
from runner.sources.network.common import (
    DEFAULT_LIMITS,
    DEFAULT_TIMEOUTS,
    PROBE_TIMEOUT,
    UCI_SERVER,
    Limits,
    Probe,
    Timeouts,
    bounded_urlopen,
    card_dtypes,
    numeric_key,
    probe,
    read_listing,
    seeded_order,
    uci_root,
    write_json,
    write_listing,
)
from runner.sources.network.pool import (
    DEFAULT_MAX_ROWS,
    Pool,
    cap_rows,
    pick_online_or_pooled,
    pooled_or_fetched,
)

NUMERIC_TYPES = ("continuous", "integer")
ONLINE_HINT = "try again later, run `drill prefetch --source uci` on a day with network, or use `--source builtin`"


def _yes(value: Any) -> bool:
    return str(value or "").strip().lower() in ("yes", "true", "1")


def level_from_uci(meta: Mapping[str, Any], variables: list[Mapping[str, Any]]) -> tuple[int, list[str]]:
    """The level from UCI metadata and its variables (name, role, type, missing_values)."""
    types = [str(v.get("type") or "").strip().lower() for v in variables]
    non_numeric = sum(1 for t in types if t and t not in NUMERIC_TYPES)
    quality = levels.Qualities(non_numeric_columns=non_numeric, has_date=any(t == "date" for t in types))
    level, reasons = levels.level_from_qualities(quality)
    missing = _yes(meta.get("has_missing_values")) or any(_yes(v.get("missing_values")) for v in variables)
    if missing and level < levels.SOME_MISSING:
        level, reasons = levels.SOME_MISSING, ["has missing values (UCI does not publish how many)"]
    return level, reasons + ["from UCI metadata"]


def exclusion(meta: Mapping[str, Any], limits: Limits = DEFAULT_LIMITS) -> str | None:
    """Why a UCI dataset is not offered for a drill, or None."""
    if not meta.get("data_url"):
        return "not available for import"
    rows, features = meta.get("num_instances"), meta.get("num_features")
    if isinstance(features, (int, float)) and features > limits.max_features:
        return f"{int(features)} features (> {limits.max_features})"
    if isinstance(rows, (int, float)) and rows > limits.max_instances:
        return f"{int(rows)} rows (> {limits.max_instances})"
    return None


def _entry(meta: Mapping[str, Any]) -> Entry:
    variables = list(meta.get("variables") or [])
    level, _ = level_from_uci(meta, variables)
    return Entry(
        id=f"uci:{int(meta['uci_id'])}",
        source="uci",
        level=level,
        rows=int(meta.get("num_instances") or 0),
        columns=len(variables) or int(meta.get("num_features") or 0),
        title=str(meta.get("name") or f"UCI {meta['uci_id']}"),
    )


def _uci_id(key: str) -> int:
    return numeric_key("uci", key)


class UCISource:
    """Registry source ``uci``, bound to one cache folder and one server."""

    name = "uci"

    def __init__(
        self,
        cache_dir: str | Path,
        server: str = UCI_SERVER,
        *,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        limits: Limits = DEFAULT_LIMITS,
        max_rows: int | None = DEFAULT_MAX_ROWS,
        listing_ttl: float = 24 * 3600.0,
        probe_timeout: float = PROBE_TIMEOUT,
        max_lookups: int = 40,
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.server = server.rstrip("/")
        self.timeouts = timeouts
        self.limits = limits
        self.max_rows = max_rows
        self.listing_ttl = listing_ttl
        self.probe_timeout = probe_timeout
        self.max_lookups = max_lookups
        self.pool = Pool(self.cache_dir)
        self.meta_dir = self.cache_dir / "uci" / "_meta"
        self.listing_path = self.cache_dir / "uci" / "_listing.json"
        self.excluded: dict[str, str] = {}

    @property
    def api_base(self) -> str:
        return self.server + "/api/dataset"

    @property
    def api_list(self) -> str:
        return self.server + "/api/datasets/list"

    def reachable(self) -> Probe:
        return probe(uci_root(self.server), self.probe_timeout)

    def _online_or_raise(self, doing: str) -> None:
        answer = self.reachable()
        if not answer.ok:
            raise SourceUnavailable(f"the UCI repository is unreachable ({answer.detail}) so {doing}", hint=ONLINE_HINT)

    @contextlib.contextmanager
    def _client(self) -> Iterator[Any]:
        """ucimlrepo's fetch module, pointed at this server, every urlopen bounded."""
        import ucimlrepo.fetch as fetch

        saved = (fetch.API_BASE_URL, fetch.API_LIST_URL)
        fetch.API_BASE_URL, fetch.API_LIST_URL = self.api_base, self.api_list
        try:
            with bounded_urlopen(self.timeouts.read), _uci_errors(self.timeouts):
                yield fetch
        finally:
            fetch.API_BASE_URL, fetch.API_LIST_URL = saved

    def _get_json(self, url: str) -> Any:
        import urllib.request

        with self._client(), urllib.request.urlopen(url, timeout=self.timeouts.read) as response:
            return json.load(response)

    # -- listing ------------------------------------------------------------------

    def _listing(self) -> list[dict[str, Any]]:
        cached = read_listing(self.listing_path, self.server, self.listing_ttl)
        if cached is not None:
            return cached
        self._online_or_raise("its dataset list cannot be fetched")
        answer = self._get_json(self.api_list + "?filter=python")
        if not isinstance(answer, dict) or answer.get("status") != 200 or not isinstance(answer.get("data"), list):
            raise SourceUnavailable("the UCI repository sent an unexpected dataset list", hint=ONLINE_HINT)
        rows = [{"id": int(r["id"]), "name": str(r.get("name", ""))} for r in answer["data"] if "id" in r]
        write_listing(self.listing_path, self.server, rows)
        return rows

    def metadata(self, uci_id: int) -> dict[str, Any]:
        """The dataset's metadata (with ``variables``), cached as JSON once read."""
        path = self.meta_dir / f"{int(uci_id)}.json"
        with contextlib.suppress(OSError, ValueError):
            cached = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(cached, dict) and cached.get("uci_id") == int(uci_id):
                return cached
        answer = self._get_json(f"{self.api_base}?id={int(uci_id)}")
        if not isinstance(answer, dict) or answer.get("status") != 200 or not isinstance(answer.get("data"), dict):
            raise UnknownDataset(f"uci:{uci_id}")
        return self._remember(dict(answer["data"]))

    def _remember(self, meta: dict[str, Any]) -> dict[str, Any]:
        write_json(self.meta_dir / f"{int(meta['uci_id'])}.json", meta)
        return meta

    def _known(self) -> list[dict[str, Any]]:
        found = []
        for path in sorted(self.meta_dir.glob("*.json")):
            with contextlib.suppress(OSError, ValueError):
                meta = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(meta, dict) and "uci_id" in meta:
                    found.append(meta)
        return found

    def entries(self) -> list[Entry]:
        """Online: listed datasets whose metadata is known.  Offline: the downloaded ones."""
        if not self.reachable().ok:
            return self.pool.entries(self.name)
        listed = {row["id"] for row in self._listing()}
        return [_entry(m) for m in self._known() if int(m["uci_id"]) in listed and not exclusion(m, self.limits)]

    def candidates(self, level: int | None, seed: int | None) -> Iterator[Entry]:
        """Listed datasets at ``level``, in a seeded random order, reading metadata as needed."""
        rows = self._listing()
        order = seeded_order([Entry(f"uci:{r['id']}", "uci", 0, 0, 0, r["name"]) for r in rows], seed)
        lookups = 0
        for stub in order:
            uci_id = int(stub.id.partition(":")[2])
            cached = (self.meta_dir / f"{uci_id}.json").is_file()
            if not cached:
                if lookups >= self.max_lookups:
                    return
                lookups += 1
            try:
                meta = self.metadata(uci_id)
            except SourceUnavailable:
                raise
            except DrillError as exc:
                self.excluded[stub.id] = exc.one_line()
                continue
            why = exclusion(meta, self.limits)
            if why:
                self.excluded[stub.id] = why
                continue
            entry = _entry(meta)
            if level is None or entry.level == level:
                yield entry

    def pick(self, seed: int | None, level: int | None = None) -> str:
        """A random dataset id at ``level``: online by reading metadata, offline from the pool."""
        return pick_online_or_pooled(self, seed, level,
                                     f"no UCI dataset at level {level} among {self.max_lookups} looked at")

    # -- loading ------------------------------------------------------------------

    def load(self, key: str, *, max_rows: int | None = None, seed: int | None = None) -> Dataset:
        """The pooled snapshot if there is a sound one, else a download (then pooled)."""
        return pooled_or_fetched(self, str(_uci_id(key)), max_rows, seed)

    def fetch(self, key: str, *, max_rows: int | None = None, seed: int | None = None) -> Dataset:
        """Download ``key`` with ``fetch_ucirepo`` now, snapshot it in the pool, return it."""
        from runner.sources.catalog import tidy_frame

        uci_id = _uci_id(key)
        self._online_or_raise(f"uci:{uci_id} cannot be downloaded")
        with self._client() as fetch, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                repo = fetch.fetch_ucirepo(id=uci_id)
            except fetch.DatasetNotFoundError as exc:
                raise _not_found(uci_id, str(exc)) from None
        variables = repo.variables.to_dict(orient="records") if repo.variables is not None else []
        meta = self._remember({**dict(repo.metadata), "uci_id": uci_id, "variables": variables})
        frame = tidy_frame(repo.data.original.reset_index(drop=True))
        cap = self.max_rows if max_rows is None else max_rows
        frame, sampled = cap_rows(frame, cap, seed)
        card = _card(uci_id, meta, variables, frame, sampled)
        self.pool.save(Dataset(card=card, frame=frame), origin_url=str(meta.get("data_url") or ""))
        return self.pool.load(self.name, str(uci_id))


def _not_found(uci_id: int, message: str) -> DrillError:
    if message.startswith("Error reading data csv"):  # ucimlrepo's words for any CSV download failure
        return SourceUnavailable(f"could not download the data of uci:{uci_id}", hint=ONLINE_HINT)
    if "not available for import" in message:
        return BadInput(f"uci:{uci_id} cannot be imported (UCI has no CSV for it)", hint="pick another dataset")
    return UnknownDataset(f"uci:{uci_id}")


def _citation(meta: Mapping[str, Any]) -> str:
    info = meta.get("additional_info") or {}
    if info.get("citation"):
        return str(info["citation"])
    paper = meta.get("intro_paper") or {}
    if not paper:
        return ""
    parts = [paper.get("authors"), f"({paper['year']})" if paper.get("year") else None, paper.get("title"),
             paper.get("published_in"), paper.get("doi") or paper.get("URL") or paper.get("url")]
    return ". ".join(str(p) for p in parts if p)


def _card(uci_id: int, meta: Mapping[str, Any], variables: list[Mapping[str, Any]], frame: Any, sampled: str | None) -> Card:
    level, reasons = level_from_uci(meta, variables)
    info = meta.get("additional_info") or {}
    text = [str(meta.get("abstract") or "").strip(), str(info.get("summary") or "").strip()]
    if variables:
        lines = ["Variables:", ""]
        for v in variables:
            units = f" [{v['units']}]" if v.get("units") else ""
            about = f": {v['description']}" if v.get("description") else ""
            lines.append(f"- `{v.get('name')}` ({v.get('type') or 'unknown type'}, {v.get('role')}){units}{about}")
        text.append("\n".join(lines))
    origin = [f"UCI Machine Learning Repository dataset {uci_id} ({meta.get('repository_url') or 'no page'})"]
    if meta.get("dataset_doi"):
        origin.append(f"DOI {meta['dataset_doi']}")
    if _citation(meta):
        origin.append(f"citation: {_citation(meta)}")
    targets = [t for t in (meta.get("target_col") or []) if t in frame.columns]
    notes = [f"UCI variable types: {', '.join(sorted({str(v.get('type')) for v in variables if v.get('type')}))}"]
    if len(targets) > 1:
        notes.append("targets: " + ", ".join(targets))
    if sampled:
        notes.append(sampled)
    return Card(
        id=f"uci:{uci_id}",
        source="uci",
        title=str(meta.get("name") or f"UCI {uci_id}"),
        description="\n\n".join(t for t in text if t),
        license=str(meta.get("license") or ""),
        origin="; ".join(origin),
        rows=int(frame.shape[0]),
        columns=int(frame.shape[1]),
        dtypes=card_dtypes(frame),
        target=targets[0] if len(targets) == 1 else None,
        level=level,
        level_reasons=reasons,
        notes=notes,
    )


@contextlib.contextmanager
def _uci_errors(timeouts: Timeouts) -> Iterator[None]:
    """urllib, ucimlrepo and parsing failures as one-line DrillErrors."""
    import urllib.error

    try:
        yield
    except DrillError:
        raise
    except urllib.error.HTTPError as exc:
        raise SourceUnavailable(f"the UCI repository answered HTTP {exc.code}", hint=ONLINE_HINT) from None
    except (TimeoutError, ConnectionError, OSError) as exc:  # ucimlrepo wraps URLError in ConnectionError
        cause = exc.__context__ or exc
        if isinstance(cause, TimeoutError) or "timed out" in str(cause):
            detail = f"no answer within {timeouts.read:g} s"
        else:
            detail = str(getattr(cause, "reason", cause)) or type(cause).__name__
        raise SourceUnavailable(f"could not reach the UCI repository ({detail})", hint=ONLINE_HINT) from None
    except ValueError as exc:  # JSON that does not parse, a malformed answer
        raise SourceUnavailable(f"the UCI repository sent an unexpected answer ({type(exc).__name__})", hint=ONLINE_HINT) from None
