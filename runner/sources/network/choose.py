"""Which network source a drill comes from, and the network sources of one cache folder.

:func:`choose_default` decides where a drill comes from when the learner names
no source: OpenML if it answers within 2 s, else the local pool, else the
built-in catalog, with a one-line reason for stderr.  :func:`require` does the
same for an explicit ``--source openml|uci``.  :func:`network_sources` builds
``openml``, ``uci`` and ``pool`` for one cache folder (the registry in
:mod:`runner.sources` registers them).

May import: the rest of this package (``common``, ``pool``, ``openml``, ``uci``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from runner.errors import BadInput
from runner.sources.network.common import (
    DEFAULT_TIMEOUTS,
    OPENML_SERVER,
    PROBE_TIMEOUT,
    UCI_SERVER,
    Timeouts,
    _host,
    openml_root,
    probe,
    uci_root,
    unavailable,
)
from runner.sources.network.openml import OpenMLSource
from runner.sources.network.pool import NetworkSource, Pool, PoolSource
from runner.sources.network.uci import UCISource


@dataclass(frozen=True)
class Choice:
    """Where a drill comes from, and the one line that says why (for stderr).

    ``source`` is a registry name: ``openml``, ``uci``, ``pool`` (every dataset
    already downloaded, loaded with no network) or ``builtin``.  Unpacks as
    ``source, reason = choose_default(...)``.
    """

    source: str
    reason: str

    def __iter__(self) -> Iterator[str]:
        return iter((self.source, self.reason))


def choose_default(
    cache_dir: str | Path,
    probe_timeout: float = PROBE_TIMEOUT,
    *,
    level: int | None = None,
    server: str = OPENML_SERVER,
) -> Choice:
    """OpenML if it answers within ``probe_timeout``, else the pool, else builtin."""
    answer = probe(openml_root(server), probe_timeout)
    if answer.ok:
        return Choice("openml", f"using OpenML: {_host(server)} answered in {answer.seconds:.1f} s")
    pooled = Pool(cache_dir).entries(level=level)
    at = f" at level {level}" if level is not None else ""
    why = f"OpenML unreachable ({answer.detail})"
    if pooled:
        return Choice("pool", f"{why}: using the local pool ({len(pooled)} downloaded dataset(s){at})")
    return Choice("builtin", f"{why} and no downloaded dataset{at}: using the built-in catalog")


def require(
    source: str,
    cache_dir: str | Path,
    level: int | None = None,
    probe_timeout: float = PROBE_TIMEOUT,
    *,
    server: str | None = None,
) -> Choice:
    """For an explicit ``--source openml|uci``: the source if it answers, else the
    pool if it holds a dataset of that source and level, else SourceUnavailable."""
    root = openml_root(server or OPENML_SERVER) if source == "openml" else uci_root(server or UCI_SERVER)
    answer = probe(root, probe_timeout)
    if answer.ok:
        return Choice(source, f"using {source}: {_host(root)} answered in {answer.seconds:.1f} s")
    pooled = Pool(cache_dir).entries(source=source, level=level)
    if pooled:
        return Choice(source, f"{source} unreachable ({answer.detail}): using its {len(pooled)} downloaded dataset(s)")
    raise unavailable(source, answer.detail, level)




def network_sources(
    cache_dir: str | Path,
    *,
    openml_server: str = OPENML_SERVER,
    uci_server: str = UCI_SERVER,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
) -> list[NetworkSource | PoolSource]:
    """``openml``, ``uci`` and ``pool`` for the cache under one results folder (for the registry)."""
    return [OpenMLSource(cache_dir, server=openml_server, timeouts=timeouts),
            UCISource(cache_dir, server=uci_server, timeouts=timeouts), PoolSource(cache_dir)]


def network_source(name: str, cache_dir: str | Path, registered: object | None = None) -> NetworkSource:
    """The network source ``name`` for ``cache_dir``: ``registered`` when it serves that folder, else a new one."""
    if registered is not None and Path(getattr(registered, "cache_dir", "")) == Path(cache_dir):
        return registered  # type: ignore[return-value]
    if name == "openml":
        return OpenMLSource(cache_dir)
    if name == "uci":
        return UCISource(cache_dir)
    raise BadInput(f"cannot prefetch from {name!r}", hint="choose --source openml or --source uci")
