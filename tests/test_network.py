"""Timeouts, the reachability probe and the default-source choice, on loopback only."""

from __future__ import annotations

import time
import urllib.request

import pytest
from openml_fixtures import closed_port, make_dataset

import runner.sources as sources
from runner.errors import SourceUnavailable
from runner.sources.network import common
from runner.sources.network.choose import choose_default, require
from runner.sources.network.common import Timeouts, bounded_urlopen, forget_probes, probe
from runner.sources.network.openml import OpenMLSource
from runner.sources.network.pool import Pool


@pytest.fixture(autouse=True)
def server(fake_openml):
    """The module's fake OpenML server, reset before each test (as is the probe memory)."""
    forget_probes()
    fake_openml.reset()
    return fake_openml


@pytest.fixture
def nowhere() -> str:
    return f"http://127.0.0.1:{closed_port()}/api/v1/xml"


def test_probe_counts_any_answer(server):
    answer = probe(server.server)
    assert answer.ok and answer.detail == "HTTP 412"


def test_probe_of_a_closed_port_fails_at_once(nowhere):
    answer = probe(nowhere)
    assert not answer.ok and answer.detail == "connection refused" and answer.seconds < 1.0


def test_probe_of_a_silent_server_is_bounded(server):
    server.slow["/api/v1/xml"] = 2.0
    answer = probe(server.server, timeout=0.3)
    assert not answer.ok and answer.seconds < 0.6 and "within 0.3 s" in answer.detail


def test_probe_of_a_failing_server_is_not_an_answer(server):
    server.fail["/api/v1/xml"] = 502
    assert probe(server.server).detail == "answered HTTP 502"


def test_default_is_openml_when_it_answers(tmp_path, server):
    source, reason = choose_default(tmp_path, server=server.server)
    assert source == "openml" and "answered in" in reason


def test_default_is_builtin_when_offline_with_an_empty_pool(tmp_path, nowhere):
    started = time.monotonic()
    source, reason = choose_default(tmp_path, server=nowhere)
    assert time.monotonic() - started < 3.0
    assert source == "builtin" and reason == (
        "OpenML unreachable (connection refused) and no downloaded dataset: using the built-in catalog"
    )


def test_default_is_the_pool_when_offline_with_downloads(tmp_path, nowhere):
    Pool(tmp_path).save(make_dataset("uci:53"))
    assert choose_default(tmp_path, server=nowhere).source == "pool"


def test_default_skips_a_pool_without_the_level(tmp_path, nowhere):
    Pool(tmp_path).save(make_dataset("openml:61", level=1))
    assert choose_default(tmp_path, level=3, server=nowhere).source == "builtin"


def test_explicit_openml_offline_with_an_empty_pool_fails_in_time(tmp_path, nowhere):
    started = time.monotonic()
    with pytest.raises(SourceUnavailable) as caught:
        OpenMLSource(tmp_path, server=nowhere).pick(1, level=3)
    assert time.monotonic() - started < 5.0
    assert caught.value.one_line() == (
        "openml is unreachable (connection refused) and the local pool has no openml dataset at level 3 "
        "(run `drill prefetch --source openml --level 3` while online, or use `--source builtin`)"
    )


def test_require_raises_the_same_error(tmp_path, nowhere):
    with pytest.raises(SourceUnavailable, match="drill prefetch --source openml"):
        require("openml", tmp_path, level=3, server=nowhere)


def test_explicit_openml_offline_uses_its_pool(tmp_path, nowhere):
    Pool(tmp_path).save(make_dataset("openml:61", level=2))
    source = OpenMLSource(tmp_path, server=nowhere)
    assert require("openml", tmp_path, level=2, server=nowhere).source == "openml"
    assert source.pick(5, level=2) == "openml:61" and source.load("61").card.level == 2


def test_openml_requests_get_a_timeout(tmp_path, server):
    calls = configure_openml_calls(tmp_path, server)
    server.slow["/api/v1/xml/data/61"] = 2.0
    started = time.monotonic()
    with pytest.raises(Exception, match="timed out|Timeout"):
        calls._perform_api_call("data/61", "get")
    assert time.monotonic() - started < 1.0


def configure_openml_calls(tmp_path, server):
    common.configure_openml(server.server, tmp_path / "client", Timeouts(connect=0.5, read=0.3, retries=1))
    import openml._api_calls as calls

    return calls


def test_bounded_urlopen_times_out_and_restores(server):
    original = urllib.request.urlopen
    server.slow["/api/v1/xml"] = 2.0
    started = time.monotonic()
    with bounded_urlopen(0.3), pytest.raises(OSError):
        urllib.request.urlopen(server.server)
    assert time.monotonic() - started < 1.0 and urllib.request.urlopen is original


def test_register_network_sources(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "REGISTRY", {})
    sources.configure(tmp_path / "cache")
    assert sorted(sources.REGISTRY) == ["openml", "pool", "uci"]
    assert sources.REGISTRY["openml"].cache_dir == tmp_path / "cache"


def test_pool_source_picks_through_the_registry(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "REGISTRY", {"builtin": object()})
    Pool(tmp_path).save(make_dataset("uci:53", level=1))
    sources.configure(tmp_path)
    assert sources.pick(3, "pool", 1) == "uci:53"
