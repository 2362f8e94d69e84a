"""The local pool: snapshots the project wrote itself, listing, row caps, prefetch."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from openml_fixtures import FAST, closed_port, make_dataset

from runner.errors import BadInput, SourceUnavailable, UnknownDataset
from runner.sources.network.choose import network_source
from runner.sources.network.common import forget_probes
from runner.sources.network.openml import OpenMLSource
from runner.sources.network.pool import (
    CorruptCache,
    LargeDatasetWarning,
    NotCached,
    Pool,
    PoolSource,
    cap_rows,
    prefetch,
)


@pytest.fixture(autouse=True)
def server(fake_openml):
    """The module's fake OpenML server, reset before each test (as is the probe memory)."""
    forget_probes()
    fake_openml.reset()
    return fake_openml


@pytest.fixture
def pool(tmp_path) -> Pool:
    return Pool(tmp_path)


@pytest.fixture
def openml(tmp_path, server) -> OpenMLSource:
    return OpenMLSource(tmp_path, server=server.server, timeouts=FAST)


def test_snapshot_round_trip_keeps_frame_and_card(pool):
    original = make_dataset("openml:7", level=2)
    pool.save(original)
    loaded = pool.load("openml", "7")
    assert loaded.frame.equals(original.frame) and loaded.card == original.card


def test_a_snapshot_is_parquet_and_json_only(pool, tmp_path):
    pool.save(make_dataset("openml:7"))
    assert sorted(p.name for p in (tmp_path / "openml" / "7").iterdir()) == ["card.json", "data.parquet", "snapshot.json"]


def test_entries_by_source_and_level(pool):
    for dataset_id, level in (("openml:1", 1), ("openml:2", 3), ("uci:9", 3)):
        pool.save(make_dataset(dataset_id, level=level))
    assert [e.id for e in pool.entries(level=3)] == ["openml:2", "uci:9"]
    assert [e.id for e in pool.entries("openml")] == ["openml:1", "openml:2"]


def test_missing_snapshot_is_not_cached(pool):
    with pytest.raises(NotCached):
        pool.load("openml", "404")


def test_changed_bytes_fail_the_checksum(pool, tmp_path):
    pool.save(make_dataset("openml:7"))
    data = tmp_path / "openml" / "7" / "data.parquet"
    data.write_bytes(data.read_bytes()[:-9] + b"XXXXXXXXX")
    with pytest.raises(CorruptCache, match="does not match its checksum"):
        pool.load("openml", "7")


def test_unparsable_parquet_is_corrupt_even_with_a_matching_checksum(pool, tmp_path):
    import hashlib

    pool.save(make_dataset("openml:7"))
    folder = tmp_path / "openml" / "7"
    (folder / "data.parquet").write_bytes(b"garbage")
    snapshot = json.loads((folder / "snapshot.json").read_text())
    snapshot["sha256"] = hashlib.sha256(b"garbage").hexdigest()
    (folder / "snapshot.json").write_text(json.dumps(snapshot))
    with pytest.raises(CorruptCache, match="does not parse"):
        pool.load("openml", "7")


def test_unreadable_card_is_corrupt_and_not_listed(pool, tmp_path):
    pool.save(make_dataset("openml:7"))
    (tmp_path / "openml" / "7" / "card.json").write_text("{oops")
    with pytest.raises(CorruptCache, match="unreadable card"):
        pool.load("openml", "7")
    assert pool.entries() == []


def test_source_scratch_folders_are_not_entries(pool, tmp_path):
    (tmp_path / "openml" / "_client" / "x").mkdir(parents=True)
    assert pool.entries() == []


def test_pool_source_loads_by_full_id(pool, tmp_path):
    pool.save(make_dataset("uci:53"))
    assert PoolSource(tmp_path).load("uci:53").card.id == "uci:53"
    with pytest.raises(UnknownDataset):
        PoolSource(tmp_path).load("uci:54")


def test_cap_rows_samples_with_the_seed_and_says_so():
    frame = pd.DataFrame({"x": range(1000)})
    with pytest.warns(LargeDatasetWarning):
        sample, note = cap_rows(frame, 10, seed=4)
    assert len(sample) == 10 and sample["x"].is_monotonic_increasing
    assert note == "sampled 10 of 1000 rows at random (seed 4) to keep the drill responsive"


def test_cap_rows_leaves_small_frames_alone():
    frame = pd.DataFrame({"x": range(5)})
    assert cap_rows(frame, 10, seed=4) == (frame, None)


def test_prefetch_fills_the_pool_and_reports_progress(openml, tmp_path):
    calls: list[tuple[int, int, str]] = []
    result = prefetch(openml, None, 2, seed=1, progress=lambda *a: calls.append(a))
    assert len(result.fetched) == 2 and len(Pool(tmp_path).entries("openml")) == 2
    assert calls[0] == (0, 2, "listing openml datasets") and calls[-1][0] == 2


def test_prefetch_adds_new_datasets_only(openml, tmp_path):
    first = prefetch(openml, None, 2, seed=1)
    second = prefetch(openml, None, 2, seed=1)
    assert second.already == 2 and not {e.id for e in first.fetched} & {e.id for e in second.fetched}


def test_prefetch_at_a_level(openml, tmp_path):
    assert [e.id for e in prefetch(openml, 3, 5, seed=0).fetched] == ["openml:63"]


def test_prefetch_skips_a_failing_dataset(openml, server, tmp_path):
    server.fail["/api/v1/xml/data/62"] = 500
    result = prefetch(openml, None, 5, seed=0)
    assert [i for i, _ in result.skipped] == ["openml:62"] and len(result.fetched) == 4


def test_prefetch_offline_fails_fast(tmp_path):
    offline = OpenMLSource(tmp_path, server=f"http://127.0.0.1:{closed_port()}/api/v1/xml")
    with pytest.raises(SourceUnavailable, match="OpenML is unreachable"):
        prefetch(offline, None, 2, seed=0)


def test_prefetch_by_name_uses_the_registered_source(openml, tmp_path):
    assert network_source("openml", openml.cache_dir, registered=openml) is openml
    assert len(prefetch(network_source("openml", openml.cache_dir, openml), 1, 1, seed=0).fetched) == 1


def test_prefetch_from_an_unknown_source(tmp_path):
    with pytest.raises(BadInput, match="cannot prefetch"):
        network_source("builtin", tmp_path)
