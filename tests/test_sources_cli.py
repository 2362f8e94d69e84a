"""The network sources through `drill start`, `drill prefetch` and `drill datasets`.

OpenML is served from recorded-format fixtures on 127.0.0.1 (tests/openml_fixtures.py);
"no network" is a closed loopback port.  Nothing leaves this machine.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from runner.sources.network.common import forget_probes
from tests.openml_fixtures import FakeOpenML, closed_port


@pytest.fixture
def offline(monkeypatch):
    forget_probes()
    monkeypatch.setenv("DRILL_OPENML_SERVER", f"http://127.0.0.1:{closed_port()}/api/v1/xml")
    monkeypatch.setenv("DRILL_UCI_SERVER", f"http://127.0.0.1:{closed_port()}")
    yield
    forget_probes()


@pytest.fixture
def openml_server(monkeypatch):
    forget_probes()
    fake = FakeOpenML()
    monkeypatch.setenv("DRILL_OPENML_SERVER", fake.server)
    yield fake
    fake.stop()
    forget_probes()


def test_offline_start_falls_back_to_the_builtin_catalog(drill_cli, results, offline):
    t0 = time.monotonic()
    r = drill_cli("start", "--results", str(results), "--no-open")
    assert r.code == 0 and Path(r.last_line).is_file()
    assert "OpenML unreachable" in r.err and "built-in catalog" in r.err
    assert time.monotonic() - t0 < 10


@pytest.mark.parametrize("source", ["openml", "uci"])
def test_explicit_network_source_offline_with_empty_pool(drill_cli, results, offline, source):
    t0 = time.monotonic()
    r = drill_cli("start", "--source", source, "--results", str(results), "--no-open")
    assert r.code == 1 and len(r.err.splitlines()) == 1
    assert "drill prefetch --source " + source in r.err and "--source builtin" in r.err
    assert time.monotonic() - t0 < 5
    assert not (results / "drills.sqlite").exists()


def test_start_from_openml(drill_cli, results, openml_server):
    r = drill_cli("start", "--source", "openml", "--seed", "1", "--results", str(results), "--no-open")
    assert r.code == 0, r.err
    card = json.loads((Path(r.last_line).parent / "card.json").read_text())
    assert card["id"].startswith("openml:") and card["source"] == "openml" and card["description"]


def test_default_source_is_openml_when_it_answers(drill_cli, results, openml_server):
    r = drill_cli("start", "--seed", "2", "--results", str(results), "--no-open")
    assert r.code == 0, r.err
    assert "using OpenML" in r.err and "picked openml:" in r.err


def test_prefetch_then_start_offline_from_the_pool(drill_cli, results, openml_server, monkeypatch):
    r = drill_cli("prefetch", "--source", "openml", "--count", "1", "--seed", "3", "--results", str(results))
    assert r.code == 0, r.err
    assert "downloaded 1 dataset" in r.out
    openml_server.stop()
    forget_probes()
    r = drill_cli("start", "--source", "openml", "--results", str(results), "--no-open")
    assert r.code == 0, r.err
    assert json.loads((Path(r.last_line).parent / "card.json").read_text())["source"] == "openml"


def test_datasets_lists_openml(drill_cli, openml_server):
    r = drill_cli("datasets", "--source", "openml", "--json")
    listed = json.loads(r.out)
    assert r.code == 0 and listed
    assert all(e["id"].startswith("openml:") and e["level"] in (1, 2, 3, 4) for e in listed)


@pytest.mark.parametrize(
    "args, fragment",
    [(["--source", "builtin"], "cannot prefetch from 'builtin'"), (["--source", "openml", "--count", "0"], "--count")],
)
def test_prefetch_bad_input(drill_cli, results, args, fragment):
    r = drill_cli("prefetch", *args, "--results", str(results))
    assert r.code == 2 and fragment in r.err
