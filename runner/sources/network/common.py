"""The network, kept on a short leash: timeouts, a reachability probe, the default source.

Nothing here waits without a bound:

* :func:`probe` asks a server's API root once and gives up after
  ``PROBE_TIMEOUT`` seconds (2 s) *in total*: the request runs in a daemon
  thread, so a slow DNS lookup or a server that accepts and never answers
  cannot hold the caller longer than that.  Results are remembered for
  ``PROBE_TTL`` seconds, so a pick followed by a load probes once.
* :func:`configure_openml` points openml-python at a server and at a private
  cache folder and bounds every request it makes.  openml 0.15 calls
  ``requests.Session().get(...)`` without a timeout and builds MinIO clients
  (parquet downloads) with a 5-minute timeout and 5 retries; both are replaced,
  inside ``openml._api_calls`` only, by versions with :class:`Timeouts`.
  Retries use openml's own bounded "human" policy (``connection_n_retries``).
* :func:`bounded_urlopen` gives ``urllib.request.urlopen`` a default timeout
  for the duration of a block (ucimlrepo and ``pandas.read_csv(url)`` call it
  without one).

:func:`choose_default` decides where a drill comes from when the learner names
no source: OpenML if it answers within 2 s, else the local pool, else the
built-in catalog, with a one-line reason for stderr.  :func:`register_network_sources`
adds ``openml``, ``uci`` and ``pool`` to the registry for one results folder.
No heavy module (openml, ucimlrepo, pandas, requests) is imported at import time.
"""

from __future__ import annotations

import contextlib
import json
import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runner import atomic
from runner.errors import SourceUnavailable, UnknownDataset
from runner.sources.base import Entry

if TYPE_CHECKING:
    from types import ModuleType

    import pandas as pd

OPENML_SERVER = "https://www.openml.org/api/v1/xml"
UCI_SERVER = "https://archive.ics.uci.edu"
PROBE_TIMEOUT = 2.0
PROBE_TTL = 30.0
PREFETCH_HINT = "run `drill prefetch --source {source}{level}` while online, or use `--source builtin`"


@dataclass(frozen=True)
class Timeouts:
    """Bounds for every request: seconds to connect, seconds between bytes, attempts."""

    connect: float = 5.0
    read: float = 30.0
    retries: int = 2

    @property
    def pair(self) -> tuple[float, float]:
        return (self.connect, self.read)


DEFAULT_TIMEOUTS = Timeouts()


# -- reachability -------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One reachability check: did ``url`` answer (any HTTP status below 500) in time?"""

    url: str
    ok: bool
    seconds: float
    detail: str  # "HTTP 200", "timed out after 2.0 s", "connection refused"...


_PROBES: dict[tuple[str, float], tuple[float, Probe]] = {}
_PROBES_LOCK = threading.Lock()


def probe(url: str, timeout: float = PROBE_TIMEOUT, *, fresh: bool = False) -> Probe:
    """GET ``url`` and report whether it answered within ``timeout`` seconds in total."""
    key = (url, timeout)
    now = time.monotonic()
    with _PROBES_LOCK:
        cached = _PROBES.get(key)
    if cached and not fresh and now - cached[0] < PROBE_TTL:
        return cached[1]
    result = _probe_once(url, timeout)
    with _PROBES_LOCK:
        _PROBES[key] = (time.monotonic(), result)
    return result


def forget_probes() -> None:
    """Forget remembered probe results (a test restarts a server; the network came back)."""
    with _PROBES_LOCK:
        _PROBES.clear()


def _probe_once(url: str, timeout: float) -> Probe:
    outcome: dict[str, Any] = {}

    def ask() -> None:
        import requests

        try:
            # the join below is the bound; this timeout only lets the thread end
            with requests.get(url, timeout=(timeout + 1.0, timeout + 1.0), stream=True) as response:
                outcome["status"] = response.status_code
        except Exception as exc:  # any failure means "did not answer"
            outcome["error"] = exc

    started = time.monotonic()
    worker = threading.Thread(target=ask, name="drill-probe", daemon=True)
    worker.start()
    worker.join(timeout)
    seconds = time.monotonic() - started
    if worker.is_alive():
        return Probe(url, False, seconds, f"no answer within {timeout:g} s")
    if "status" in outcome:
        status = int(outcome["status"])
        if status >= 500:
            return Probe(url, False, seconds, f"answered HTTP {status}")
        return Probe(url, True, seconds, f"HTTP {status}")
    return Probe(url, False, seconds, _describe(outcome.get("error")))


def _describe(error: BaseException | None) -> str:
    text = str(error or "unknown error")
    lowered = text.lower()
    for needle, words in (
        ("refused", "connection refused"),
        ("timed out", "timed out"),
        ("name or service", "host name not found"),
        ("temporary failure in name resolution", "no DNS (offline?)"),
        ("network is unreachable", "network unreachable"),
    ):
        if needle in lowered:
            return words
    return " ".join(f"{type(error).__name__}: {text}".split())[:120]


def openml_root(server: str) -> str:
    """The URL probed for an OpenML server: its API root (``.../api/v1/xml``)."""
    return server.rstrip("/")


def uci_root(server: str) -> str:
    """The URL probed for the UCI repository: its dataset API endpoint."""
    return server.rstrip("/") + "/api/dataset"


# -- bounding openml-python and urllib -----------------------------------------


class _RequestsWithTimeout:
    """Stands in for the ``requests`` module inside ``openml._api_calls``: same
    attributes, except that its ``Session`` adds a timeout to every request."""

    def __init__(self, module: ModuleType, timeouts: Timeouts) -> None:
        self._module = module
        self.timeouts = timeouts
        shim = self

        class Session(module.Session):  # type: ignore[name-defined,misc]
            def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:
                if kwargs.get("timeout") is None:
                    kwargs["timeout"] = shim.timeouts.pair
                return super().request(method, url, *args, **kwargs)

        self.Session = Session

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


class _MinioWithTimeout:
    """Stands in for the ``minio`` module inside ``openml._api_calls``: its
    ``Minio`` client gets a bounded HTTP pool unless openml passes a proxy one."""

    def __init__(self, module: ModuleType, timeouts: Timeouts) -> None:
        self._module = module
        self.timeouts = timeouts

    def Minio(self, *args: Any, http_client: Any = None, **kwargs: Any) -> Any:  # noqa: N802 (module API)
        if http_client is None:
            import urllib3

            http_client = urllib3.PoolManager(
                timeout=urllib3.Timeout(connect=self.timeouts.connect, read=self.timeouts.read),
                retries=urllib3.Retry(
                    total=max(0, self.timeouts.retries - 1),
                    backoff_factor=0.2,
                    status_forcelist=[500, 502, 503, 504],
                ),
                **_ca_certs(),
            )
        return self._module.Minio(*args, http_client=http_client, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


def _ca_certs() -> dict[str, str]:
    try:
        import certifi
    except ImportError:  # pragma: no cover - certifi ships with requests
        return {}
    return {"cert_reqs": "CERT_REQUIRED", "ca_certs": certifi.where()}


_OPENML_LOCK = threading.RLock()


def configure_openml(server: str, client_cache: Path, timeouts: Timeouts = DEFAULT_TIMEOUTS) -> ModuleType:
    """Import openml, point it at ``server`` and ``client_cache``, bound its requests.

    openml keeps its configuration in module globals, so this is called before
    every use (two sources with different servers stay correct).
    """
    import minio
    import openml
    import openml._api_calls as calls
    import requests

    with _OPENML_LOCK:
        openml.config.server = server
        openml.config.set_root_cache_directory(Path(client_cache))
        openml.config.set_retry_policy("human", n_retries=max(1, int(timeouts.retries)))
        openml.config.show_progress = False
        if isinstance(calls.requests, _RequestsWithTimeout):
            calls.requests.timeouts = timeouts
        else:
            calls.requests = _RequestsWithTimeout(requests, timeouts)  # type: ignore[assignment]
        if isinstance(calls.minio, _MinioWithTimeout):
            calls.minio.timeouts = timeouts
        else:
            calls.minio = _MinioWithTimeout(minio, timeouts)  # type: ignore[assignment]
    return openml


@contextlib.contextmanager
def bounded_urlopen(timeout: float) -> Iterator[None]:
    """Within the block, ``urllib.request.urlopen`` without a timeout gets ``timeout``."""
    import urllib.request

    original = urllib.request.urlopen

    def urlopen(url: Any, *args: Any, **kwargs: Any) -> Any:
        if len(args) < 2 and kwargs.get("timeout") is None:
            kwargs["timeout"] = timeout
        return original(url, *args, **kwargs)

    urllib.request.urlopen = urlopen  # type: ignore[assignment]
    try:
        yield
    finally:
        urllib.request.urlopen = original  # type: ignore[assignment]


def unavailable(source: str, detail: str, level: int | None = None) -> Exception:
    """The one-line error for an explicit network source with nothing local to stand in."""
    at = f" at level {level}" if level is not None else ""
    hint = PREFETCH_HINT.format(source=source, level=f" --level {level}" if level is not None else "")
    return SourceUnavailable(f"{source} is unreachable ({detail}) and the local pool has no {source} dataset{at}", hint=hint)


def _host(url: str) -> str:
    from urllib.parse import urlparse

    return urlparse(url).netloc or url


# -- shared by the network sources ----------------------------------------------


@dataclass(frozen=True)
class Limits:
    """What makes no sense for a two-hour drill."""

    max_features: int = 100
    max_instances: int = 1_000_000


DEFAULT_LIMITS = Limits()


def seeded_order(entries: list[Entry], seed: int | None) -> list[Entry]:
    """Entries sorted by id, then shuffled with ``seed``: reproducible for a given catalog."""
    ordered = sorted(entries, key=lambda e: e.id)
    random.Random(seed).shuffle(ordered)
    return ordered


def write_json(path: Path, payload: Any) -> None:
    """Write JSON atomically (temporary file, then rename): readers never see half."""
    atomic.write_json(path, payload, default=str)


def read_listing(path: Path, server: str, ttl: float) -> list[dict[str, Any]] | None:
    """Rows of a listing written by :func:`write_listing` for ``server`` less than ``ttl`` s ago."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["server"] == server and time.time() - float(data["fetched_at"]) < ttl:
            return [dict(row) for row in data["rows"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def write_listing(path: Path, server: str, rows: list[dict[str, Any]]) -> None:
    write_json(path, {"server": server, "fetched_at": time.time(), "rows": rows})


def numeric_key(source: str, key: str) -> int:
    """A positive integer dataset key (``61`` in ``openml:61``), else UnknownDataset."""
    text = str(key).strip()
    if not text.isdigit() or int(text) <= 0:
        raise UnknownDataset(f"{source}:{key}")
    return int(text)


def card_dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {str(name): str(dtype) for name, dtype in frame.dtypes.items()}
