"""The uci source against ucimlrepo's real code paths and a loopback UCI repository."""

from __future__ import annotations

import random
import time

import pytest
import ucimlrepo.fetch
from openml_fixtures import FAST, closed_port, pick_in_a_fresh_process
from uci_fixtures import FakeUCI

from runner.errors import BadInput, SourceUnavailable, UnknownDataset
from runner.sources.network.common import Timeouts, forget_probes
from runner.sources.network.uci import UCISource, level_from_uci


@pytest.fixture(autouse=True)
def server(fake_uci):
    """The module's fake UCI server, reset before each test (as is the probe memory)."""
    forget_probes()
    fake_uci.reset()
    return fake_uci


@pytest.fixture
def source(tmp_path, server):
    return UCISource(tmp_path, server=server.server, timeouts=FAST)


def test_list_comes_from_the_api_ucimlrepo_calls(source, server):
    assert sorted(e.id for e in source.candidates(None, seed=0)) == ["uci:101", "uci:102", "uci:103", "uci:53"]
    assert ("GET", "/api/datasets/list?filter=python") in server.hits


@pytest.mark.parametrize(("uci_id", "why"), [(104, "not available for import"), (105, "150 features")])
def test_list_says_why_a_dataset_is_excluded(source, uci_id, why):
    list(source.candidates(None, seed=0))
    assert why in source.excluded[f"uci:{uci_id}"]


@pytest.mark.parametrize(("uci_id", "level"), [(53, 1), (101, 2), (102, 3), (103, 4)])
def test_level_from_metadata(source, uci_id, level):
    assert {e.id: e.level for e in source.candidates(None, seed=0)}[f"uci:{uci_id}"] == level


def test_missing_values_lift_a_mixed_dataset_to_level_3():
    variables = [{"type": "Categorical"}, {"type": "Categorical"}, {"type": "Integer"}]
    assert level_from_uci({"has_missing_values": "yes"}, variables)[0] == 3


def test_same_seed_same_pick_in_another_process(source, server, tmp_path):
    """Reproducible across processes and hash seeds, from a cold cache, as `--seed` promises."""
    here = source.pick(11)
    there = {pick_in_a_fresh_process("runner.sources.network.uci:UCISource", server.server, tmp_path / f"c{h}", 11, h)
             for h in ("1", "2")}
    assert there == {here}


def test_pick_at_a_level(source):
    assert source.pick(2, level=3) == "uci:102"


@pytest.mark.parametrize("seed", range(6))
def test_pick_reads_only_the_metadata_it_needs(tmp_path, server, seed):
    """With one lookup allowed, the pick is the seed's first dataset, or none if that one does not fit."""
    order = sorted(f"uci:{i}" for i in (53, 101, 102, 103, 104, 105))
    random.Random(seed).shuffle(order)
    source = UCISource(tmp_path, server=server.server, timeouts=FAST, max_lookups=1)
    if order[0] in ("uci:104", "uci:105"):  # no CSV / too many features
        with pytest.raises(BadInput, match="no UCI dataset at level None among 1 looked at"):
            source.pick(seed)
    else:
        assert source.pick(seed) == order[0]
    lookups = [path for _, path in server.hits if path.startswith("/api/dataset") and "/list" not in path]
    assert lookups == ["/api/dataset", f"/api/dataset?id={order[0].partition(':')[2]}"]  # the probe, one lookup


def test_download_goes_through_fetch_ucirepo(source, server):
    dataset = source.load("53")
    assert dataset.frame.shape == (150, 5)
    assert ("GET", "/api/dataset?id=53") in server.hits and ("GET", "/static/public/53/data.csv") in server.hits


def test_ucimlrepo_urls_are_restored(source):
    source.load("53")
    assert ucimlrepo.fetch.API_BASE_URL == "https://archive.ics.uci.edu/api/dataset"


def test_card_from_metadata_and_variables(source):
    card = source.load("53").card
    assert (card.title, card.target, card.level) == ("Iris", "class", 1)
    assert "10.24432/C56C76" in card.origin and "Annals of Eugenics" in card.origin
    assert "- `petalwidth` (Continuous, Feature) [cm]" in card.description


def test_entries_list_datasets_whose_metadata_is_known(source):
    source.load("53")
    assert [e.id for e in source.entries()] == ["uci:53"]


def test_cache_is_reused_with_the_server_gone(tmp_path):
    fake = FakeUCI()
    UCISource(tmp_path, server=fake.server, timeouts=FAST).load("102")
    fake.stop()
    forget_probes()
    offline = UCISource(tmp_path, server=fake.server, timeouts=FAST)
    assert offline.load("102").frame.isna().sum().sum() == 5
    assert offline.pick(0, level=3) == "uci:102" and [e.id for e in offline.entries()] == ["uci:102"]


def test_server_error_on_the_data(source, server):
    server.fail["/static/public/53"] = 500
    with pytest.raises(SourceUnavailable, match="could not download the data of uci:53"):
        source.load("53")


def test_server_error_on_the_api(source, server):
    server.fail["/api/dataset?id=53"] = 500
    with pytest.raises(SourceUnavailable, match="could not reach the UCI repository"):
        source.load("53")


def test_a_slow_server_times_out(tmp_path, server):
    server.slow["/api/dataset?id=53"] = 2.0
    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match="no answer within 0.3 s"):
        UCISource(tmp_path, server=server.server, timeouts=Timeouts(1.0, 0.3, 1)).load("53")
    assert time.monotonic() - started < 1.5


def test_unknown_dataset(source):
    with pytest.raises(UnknownDataset, match="uci:999"):
        source.load("999")


def test_a_dataset_without_csv(source):
    with pytest.raises(BadInput, match="cannot be imported"):
        source.load("104")


def test_a_corrupt_snapshot_is_fetched_again(source, server, tmp_path):
    source.load("53")
    (tmp_path / "uci" / "53" / "snapshot.json").write_text("[]")
    server.hits.clear()
    assert source.load("53").frame.shape == (150, 5)
    assert ("GET", "/static/public/53/data.csv") in server.hits


def test_explicit_uci_offline_with_an_empty_pool_fails_in_time(tmp_path):
    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match=r"drill prefetch --source uci --level 1"):
        UCISource(tmp_path, server=f"http://127.0.0.1:{closed_port()}").pick(0, level=1)
    assert time.monotonic() - started < 5.0
