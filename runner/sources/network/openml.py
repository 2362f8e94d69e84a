"""``openml:<id>``: real OpenML datasets through openml-python (pinned ``<0.16``).

Listing: ``openml.datasets.list_datasets(output_format="dataframe", status="active")``
returns every active dataset with ten published qualities.  The listing is
kept as JSON in ``<cache>/openml/_listing.json`` for ``listing_ttl`` seconds.

Excluded, with the reason kept in :attr:`OpenMLSource.excluded`: datasets not
``active``, sparse formats, more than ``max_features`` (100) features or
``max_instances`` (1M) rows, artificial ``BNG(...)`` sets, and datasets whose
size qualities are not computed.

Level: the one rule of :mod:`runner.sources.levels`, fed from the published
qualities (:func:`qualities_from_openml`), identically for the listing and the
card, so a dataset picked at level 3 shows level 3:

* missing cell share = ``NumberOfMissingValues / (NumberOfInstances * NumberOfFeatures)``
* non-numeric columns = ``NumberOfFeatures - NumberOfNumericFeatures``
* text or date present = ``NumberOfFeatures - NumberOfNumericFeatures - NumberOfSymbolicFeatures > 0``
* max categorical cardinality = ``MaxNominalAttDistinctValues``
* duplicate share and per-column missing share: not published, so unknown.

Download: ``get_dataset(..., download_data=True, force_refresh_cache=True)``
then ``get_data(target=<default target>)``, with openml's cache pointed at
``<cache>/openml/_client`` (scratch: emptied for the dataset before and after,
so openml never finds a pickle from an earlier run).  The project keeps its own
snapshot in the pool (:mod:`runner.sources.network.pool`); a later load reads that,
with no network.  Frames above ``max_rows`` rows are sampled with the seed.
"""

from __future__ import annotations

import contextlib
import json
import math
import shutil
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner.errors import BadInput, DrillError, SourceUnavailable, UnknownDataset
from runner.sources import levels
from runner.sources.base import Card, Dataset, Entry
from runner.sources.network.common import (
    DEFAULT_LIMITS,
    DEFAULT_TIMEOUTS,
    OPENML_SERVER,
    PROBE_TIMEOUT,
    Limits,
    Probe,
    Timeouts,
    card_dtypes,
    configure_openml,
    numeric_key,
    openml_root,
    probe,
    read_listing,
    seeded_order,
    write_listing,
)
from runner.sources.network.pool import (
    DEFAULT_MAX_ROWS,
    Pool,
    cap_rows,
    pick_online_or_pooled,
    pooled_or_fetched,
)

if TYPE_CHECKING:
    import pandas as pd

ONLINE_HINT = "try again later, run `drill prefetch --source openml` on a day with network, or use `--source builtin`"


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def qualities_from_openml(q: Mapping[str, Any]) -> levels.Qualities:
    """The level rule's inputs from OpenML's published qualities (None = unknown)."""
    rows, features = _number(q.get("NumberOfInstances")), _number(q.get("NumberOfFeatures"))
    missing = _number(q.get("NumberOfMissingValues"))
    numeric, symbolic = _number(q.get("NumberOfNumericFeatures")), _number(q.get("NumberOfSymbolicFeatures"))
    cardinality = _number(q.get("MaxNominalAttDistinctValues"))
    share = missing / (rows * features) if rows and features and missing is not None else None
    non_numeric = int(features - numeric) if features is not None and numeric is not None else None
    other = features - numeric - symbolic if None not in (features, numeric, symbolic) else None
    return levels.Qualities(
        missing_cell_share=share,
        non_numeric_columns=non_numeric,
        has_text=(other > 0) if other is not None else None,
        max_categorical_cardinality=int(cardinality) if cardinality is not None and cardinality >= 0 else None,
    )


def level_from_openml(q: Mapping[str, Any]) -> tuple[int, list[str]]:
    level, reasons = levels.level_from_qualities(qualities_from_openml(q))
    reasons = [r.replace("has a free-text column", "has a string or date feature") for r in reasons]
    return level, reasons + ["from OpenML's published qualities"]


def exclusion(row: Mapping[str, Any], limits: Limits = DEFAULT_LIMITS) -> str | None:
    """Why a listed dataset is not offered for a drill, or None."""
    if str(row.get("status") or "active") != "active":
        return f"status {row.get('status')}"
    if "sparse" in str(row.get("format") or "").lower():
        return "sparse format"
    if str(row.get("name") or "").startswith("BNG("):
        return "artificial BNG set"
    rows, features = _number(row.get("NumberOfInstances")), _number(row.get("NumberOfFeatures"))
    if not rows or not features:
        return "size not computed"
    if features > limits.max_features:
        return f"{int(features)} features (> {limits.max_features})"
    if rows > limits.max_instances:
        return f"{int(rows)} rows (> {limits.max_instances})"
    return None


def _entry(row: Mapping[str, Any]) -> Entry:
    level, _ = level_from_openml(row)
    return Entry(
        id=f"openml:{int(row['did'])}",
        source="openml",
        level=level,
        rows=int(_number(row.get("NumberOfInstances")) or 0),
        columns=int(_number(row.get("NumberOfFeatures")) or 0),
        title=str(row.get("name") or f"OpenML {row['did']}"),
    )


def _did(key: str) -> int:
    return numeric_key("openml", key)


class OpenMLSource:
    """Registry source ``openml``, bound to one cache folder and one server."""

    name = "openml"

    def __init__(
        self,
        cache_dir: str | Path,
        server: str = OPENML_SERVER,
        *,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        limits: Limits = DEFAULT_LIMITS,
        max_rows: int | None = DEFAULT_MAX_ROWS,
        listing_ttl: float = 24 * 3600.0,
        probe_timeout: float = PROBE_TIMEOUT,
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.server = server
        self.timeouts = timeouts
        self.limits = limits
        self.max_rows = max_rows
        self.listing_ttl = listing_ttl
        self.probe_timeout = probe_timeout
        self.pool = Pool(self.cache_dir)
        self.client_cache = self.cache_dir / "openml" / "_client"
        self.listing_path = self.cache_dir / "openml" / "_listing.json"
        self.excluded: dict[str, str] = {}

    # -- network state ---------------------------------------------------------

    def reachable(self) -> Probe:
        return probe(openml_root(self.server), self.probe_timeout)

    def _online_or_raise(self, doing: str) -> None:
        answer = self.reachable()
        if not answer.ok:
            raise SourceUnavailable(f"OpenML is unreachable ({answer.detail}) so {doing}", hint=ONLINE_HINT)

    # -- listing ------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Online: every dataset fit for a drill.  Offline: the downloaded ones."""
        if not self.reachable().ok:
            return self.pool.entries(self.name)
        return self.listing()

    def listing(self, refresh: bool = False) -> list[Entry]:
        self.excluded = {}
        found: list[Entry] = []
        for row in self._rows(refresh):
            why = exclusion(row, self.limits)
            if why:
                self.excluded[f"openml:{row.get('did')}"] = why
            else:
                found.append(_entry(row))
        return found

    def _rows(self, refresh: bool) -> list[dict[str, Any]]:
        cached = None if refresh else read_listing(self.listing_path, self.server, self.listing_ttl)
        if cached is not None:
            return cached
        self._online_or_raise("its dataset list cannot be fetched")
        openml = configure_openml(self.server, self.client_cache, self.timeouts)
        with _openml_errors("the OpenML dataset list", self.timeouts):
            frame = openml.datasets.list_datasets(output_format="dataframe", status="active")
        rows = json.loads(frame.to_json(orient="records")) if len(frame) else []  # NaN -> None
        write_listing(self.listing_path, self.server, rows)
        return rows

    def candidates(self, level: int | None, seed: int | None) -> Iterator[Entry]:
        """Listed datasets at ``level`` in a seeded random order (needs the network)."""
        entries = [e for e in self.listing() if level is None or e.level == level]
        yield from seeded_order(entries, seed)

    def pick(self, seed: int | None, level: int | None = None) -> str:
        """A random dataset id at ``level``: from the listing online, from the pool offline."""
        return pick_online_or_pooled(self, seed, level, f"no OpenML dataset at level {level}")

    # -- loading ------------------------------------------------------------------

    def load(self, key: str, *, max_rows: int | None = None, seed: int | None = None) -> Dataset:
        """The pooled snapshot if there is a sound one, else a download (then pooled)."""
        return pooled_or_fetched(self, str(_did(key)), max_rows, seed)

    def fetch(self, key: str, *, max_rows: int | None = None, seed: int | None = None) -> Dataset:
        """Download ``key`` now (ignoring the pool), snapshot it in the pool, return it."""
        did = _did(key)
        dataset_id = f"openml:{did}"
        self._online_or_raise(f"{dataset_id} cannot be downloaded")
        openml = configure_openml(self.server, self.client_cache, self.timeouts)
        scratch = Path(openml.config.get_cache_directory()) / "datasets" / str(did)
        shutil.rmtree(scratch, ignore_errors=True)
        try:
            with _openml_errors(dataset_id, self.timeouts), warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)
                got = _download(openml, did)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)  # openml's pickles never outlive the call
        cap = self.max_rows if max_rows is None else max_rows
        frame, sampled = cap_rows(got.frame, cap, seed)
        card = _card(got, frame, openml.config.get_server_base_url(), sampled)
        self.pool.save(Dataset(card=card, frame=frame), origin_url=str(got.remote.url or ""))
        return self.pool.load(self.name, str(did))


@dataclass
class _Download:
    """What one get_dataset / get_data round trip brought back."""

    remote: Any  # openml.OpenMLDataset
    qualities: dict[str, float] | None
    features: list[Any]  # OpenMLDataFeature, in column order
    target: str | None
    frame: pd.DataFrame


def _download(openml: Any, did: int) -> _Download:
    """get_dataset then get_data(target=...), everything read before the scratch goes."""
    import pandas as pd

    from runner.sources.catalog import tidy_frame

    def get(qualities: bool) -> Any:
        return openml.datasets.get_dataset(
            did,
            download_data=True,
            download_qualities=qualities,
            download_features_meta_data=True,
            force_refresh_cache=True,
        )

    try:
        remote = get(True)
        qualities = remote.qualities
    except openml.exceptions.OpenMLServerException as exc:
        if exc.code != 362:  # "no qualities": openml 0.15 means to tolerate it but raises
            raise
        remote, qualities = get(False), None
    features = list(remote.features.values())
    target = _single_target(remote, features)
    x, y, _, _ = remote.get_data(target=target)
    frame = x if y is None or target is None else pd.concat([x, pd.Series(y, name=target)], axis=1)
    order = [f.name for f in features if f.name in frame.columns]  # OpenML's column order
    frame = tidy_frame(frame[order + [c for c in frame.columns if c not in order]].reset_index(drop=True))
    return _Download(remote, qualities, features, target, frame)


def _single_target(remote: Any, features: list[Any]) -> str | None:
    target = str(remote.default_target_attribute or "").strip()
    names = {f.name for f in features}
    return target if target and "," not in target and target in names and target not in _dropped(remote) else None


def _dropped(remote: Any) -> list[str]:
    row_id = remote.row_id_attribute
    ignored = remote.ignore_attribute or []
    return [n for n in ([row_id] if isinstance(row_id, str) else []) + list(ignored) if n]


def _card(got: _Download, frame: pd.DataFrame, base_url: str, sampled: str | None) -> Card:
    remote, target = got.remote, got.target
    did = int(remote.dataset_id)
    if got.qualities:
        level, reasons = level_from_openml(got.qualities)
    else:
        level, reasons = levels.level_of(frame)
        reasons = [*reasons, "OpenML published no qualities: measured on the data"]
    origin = [f"OpenML dataset {did} version {remote.version} ({base_url.rstrip('/')}/d/{did})"]
    if remote.original_data_url:
        origin.append(f"original data: {remote.original_data_url}")
    if remote.citation:
        origin.append(f"citation: {remote.citation}")
    if remote.paper_url:
        origin.append(f"paper: {remote.paper_url}")
    kinds: dict[str, int] = {}
    for feature in got.features:
        kinds[feature.data_type] = kinds.get(feature.data_type, 0) + 1
    notes = ["OpenML feature types: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))]
    if _dropped(remote):
        notes.append("left out as OpenML asks (row id / ignored): " + ", ".join(_dropped(remote)))
    if sampled:
        notes.append(sampled)
    return Card(
        id=f"openml:{did}",
        source="openml",
        title=str(remote.name),
        description=str(remote.description or "").strip(),
        license=str(remote.licence or ""),
        origin="; ".join(origin),
        rows=int(frame.shape[0]),
        columns=int(frame.shape[1]),
        dtypes=card_dtypes(frame),
        target=target if target in frame.columns else None,
        level=level,
        level_reasons=reasons,
        notes=notes,
    )


@contextlib.contextmanager
def _openml_errors(what: str, timeouts: Timeouts) -> Iterator[None]:
    """openml-python, requests and urllib3 failures as one-line DrillErrors."""
    from xml.parsers.expat import ExpatError

    import requests
    import urllib3
    from openml import exceptions as oml

    try:
        yield
    except DrillError:
        raise
    except oml.OpenMLPrivateDatasetError:
        raise BadInput(f"{what} is private on OpenML", hint="pick another dataset") from None
    except oml.OpenMLServerNoResult:
        raise UnknownDataset(what) from None
    except oml.OpenMLServerException as exc:
        raise SourceUnavailable(f"OpenML refused {what}: {exc.message} (code {exc.code})", hint=ONLINE_HINT) from None
    except requests.exceptions.Timeout:
        raise SourceUnavailable(
            f"OpenML did not answer within {timeouts.read:g} s while fetching {what}", hint=ONLINE_HINT
        ) from None
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError) as exc:
        raise SourceUnavailable(f"could not reach OpenML while fetching {what}: {type(exc).__name__}", hint=ONLINE_HINT) from None
    except (oml.OpenMLServerError, oml.OpenMLHashException, ExpatError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SourceUnavailable(f"OpenML server error while fetching {what}: {first}", hint=ONLINE_HINT) from None
    except KeyError as exc:
        if exc.args != ("oml:error",):
            raise BadInput(f"could not read {what}: KeyError: {exc}", hint="pick another dataset") from exc
        # openml parses an error page as OpenML's error XML; well-formed HTML ends here
        raise SourceUnavailable(f"OpenML server error while fetching {what}: not an OpenML answer", hint=ONLINE_HINT) from None
    except Exception as exc:  # an unreadable file, an unexpected answer: one line, no traceback
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        raise BadInput(f"could not read {what}: {type(exc).__name__}: {first}", hint="pick another dataset") from exc
