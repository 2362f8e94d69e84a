"""The openml source against openml-python's real code paths and a loopback OpenML."""

from __future__ import annotations

import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openml_fixtures import FAST, NGINX_500, FakeOpenML, pick_in_a_fresh_process

from runner.errors import SourceUnavailable, UnknownDataset
from runner.sources.network.common import Timeouts, configure_openml, forget_probes
from runner.sources.network.openml import OpenMLSource, exclusion, level_from_openml
from runner.sources.network.pool import LargeDatasetWarning


@pytest.fixture(autouse=True)
def server(fake_openml):
    """The module's fake OpenML server, reset before each test (as is the probe memory)."""
    forget_probes()
    fake_openml.reset()
    return fake_openml


@pytest.fixture
def source(tmp_path, server):
    return OpenMLSource(tmp_path, server=server.server, timeouts=FAST)


def test_listing_offers_active_dense_small_real_sets(source):
    assert sorted(e.id for e in source.listing()) == ["openml:61", "openml:62", "openml:63", "openml:64", "openml:70"]


def test_listing_goes_through_list_datasets(source, server):
    source.listing()
    assert "/api/v1/xml/data/list/status/active/limit/10000/offset/0" in server.paths()


@pytest.mark.parametrize(
    ("did", "why"),
    [(65, "artificial BNG"), (66, "sparse"), (67, "150 features"), (68, "2000000 rows"), (69, "deactivated"),
     (71, "size not computed")],
)
def test_listing_says_why_a_set_is_excluded(source, did, why):
    source.listing()
    assert why in source.excluded[f"openml:{did}"]


@pytest.mark.parametrize(("did", "level"), [(61, 1), (62, 2), (63, 3), (64, 4), (70, 1)])
def test_level_comes_from_published_qualities(source, did, level):
    assert {e.id: e.level for e in source.listing()}[f"openml:{did}"] == level


def test_level_reasons_name_the_quality():
    level, reasons = level_from_openml({"NumberOfInstances": 10, "NumberOfFeatures": 2, "NumberOfMissingValues": 5})
    assert level == 4 and "25.0% of cells are missing" in reasons[0]


def test_exclusion_of_unknown_size():
    assert exclusion({"did": 1, "name": "x", "status": "active"}) == "size not computed"


def test_same_seed_same_pick_in_another_process(source, server, tmp_path):
    """Reproducible across processes and hash seeds, from a cold cache, as `--seed` promises."""
    here = source.pick(7)
    there = {pick_in_a_fresh_process("runner.sources.network.openml:OpenMLSource", server.server,
                                      tmp_path / f"c{h}", 7, h) for h in ("1", "2")}
    assert there == {here}


def test_seeds_spread_over_the_catalog(source):
    assert len({source.pick(seed) for seed in range(20)}) > 2


def test_pick_at_a_level(source):
    assert source.pick(3, level=3) == "openml:63"


def test_download_takes_the_parquet_path(source, server):
    dataset = source.load("61")
    assert dataset.frame.shape == (150, 5) and str(dataset.frame["class"].dtype) == "category"
    assert "/datasets/0000/0061/dataset_61.pq" in server.paths()
    assert not any(p.endswith(".arff") for p in server.paths())


def test_arff_question_marks_become_missing(source, server):
    assert int(source.load("63").frame.isna().sum().sum()) == 5
    assert "/data/v1/download/63/iris-gaps.arff" in server.paths()


def test_arff_string_feature_keeps_its_quotes(source):
    frame = source.load("64").frame
    assert frame["note"].iloc[0] == "collected on day 0 near the 'old' mill, bed 0"


def test_card_from_the_description(source):
    card = source.load("61").card
    assert (card.title, card.license, card.target, card.level) == ("iris", "Public", "class", 1)
    assert "R.A. Fisher" in card.description
    assert "datasets/Iris" in card.origin and "citation_policy" in card.origin
    assert card.dtypes["class"] == "category" and "1 nominal, 4 numeric" in card.notes[0]


def test_openml_scratch_cache_is_emptied(source, tmp_path):
    source.load("62")
    assert not [p for p in tmp_path.rglob("*") if ".pkl" in p.name or p.suffix == ".arff"]


class Planted:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_planted_pickle_is_never_loaded(source, tmp_path):
    openml = configure_openml(source.server, source.client_cache, FAST)
    folder = Path(openml.config.get_cache_directory()) / "datasets" / "62"
    folder.mkdir(parents=True)
    marker = tmp_path / "unpickled"
    for name in ("dataset.pkl.py3", "features.xml.pkl", "qualities.xml.pkl"):
        (folder / name).write_bytes(pickle.dumps(Planted(marker)))
    assert source.load("62").frame.shape == (150, 6)
    assert not marker.exists()


def test_without_published_qualities_the_level_is_measured(source):
    card = source.load("71").card
    assert card.level == 2 and "measured on the data" in card.level_reasons[-1]


def test_unknown_dataset(source):
    with pytest.raises(UnknownDataset, match="openml:999"):
        source.load("999")


def test_server_error_is_one_line(source, server):
    server.fail["/api/v1/xml/data/62"] = 500
    with pytest.raises(SourceUnavailable, match="OpenML server error") as caught:
        source.load("62")
    assert "\n" not in caught.value.one_line() and "drill prefetch" in caught.value.one_line()


def test_retries_are_bounded(tmp_path, server):
    server.fail["/api/v1/xml/data/62"] = 500
    with pytest.raises(SourceUnavailable):
        OpenMLSource(tmp_path, server=server.server, timeouts=Timeouts(1.0, 1.0, retries=2)).load("62")
    assert server.paths().count("/api/v1/xml/data/62") == 2


def test_a_slow_server_times_out(tmp_path, server):
    server.slow["/api/v1/xml/data/62"] = 2.0
    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match="did not answer within 0.3 s"):
        OpenMLSource(tmp_path, server=server.server, timeouts=Timeouts(1.0, 0.3, 1)).load("62")
    assert time.monotonic() - started < 1.5


def test_cache_is_reused_with_the_server_gone(tmp_path):
    fake = FakeOpenML()
    OpenMLSource(tmp_path, server=fake.server, timeouts=FAST).load("62")
    fake.stop()
    forget_probes()
    offline = OpenMLSource(tmp_path, server=fake.server, timeouts=FAST)
    assert offline.load("62").frame.shape == (150, 6)
    assert [e.id for e in offline.entries()] == ["openml:62"] and offline.pick(1, level=2) == "openml:62"


def test_a_corrupt_snapshot_is_fetched_again(source, server, tmp_path):
    source.load("62")
    (tmp_path / "openml" / "62" / "data.parquet").write_bytes(b"PAR1 not really")
    server.hits.clear()
    assert source.load("62").frame.shape == (150, 6)
    assert "/api/v1/xml/data/62" in server.paths()


def test_a_corrupt_snapshot_is_reported_offline(tmp_path):
    fake = FakeOpenML()
    OpenMLSource(tmp_path, server=fake.server, timeouts=FAST).load("62")
    fake.stop()
    forget_probes()
    (tmp_path / "openml" / "62" / "card.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SourceUnavailable, match="cached copy was corrupt"):
        OpenMLSource(tmp_path, server=fake.server, timeouts=FAST).load("62")


def test_a_large_dataset_is_sampled_with_the_seed(tmp_path, server):
    with pytest.warns(LargeDatasetWarning, match="sampled 100 of 600"):
        first = OpenMLSource(tmp_path / "a", server=server.server, timeouts=FAST, max_rows=100).load("70", seed=3)
    with pytest.warns(LargeDatasetWarning):
        again = OpenMLSource(tmp_path / "b", server=server.server, timeouts=FAST).load("70", max_rows=100, seed=3)
    assert first.frame.equals(again.frame) and len(first.frame) == 100
    assert "sampled 100 of 600 rows at random (seed 3)" in " ".join(first.card.notes)


def test_importing_the_sources_does_not_import_openml():
    code = (
        "import sys, runner.sources, runner.sources.network.openml, runner.sources.network.uci, "
        "runner.sources.network.pool, runner.sources.network.choose; print(sorted(m for m in ('openml', 'ucimlrepo', 'pandas', 'requests') if m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_a_well_formed_html_error_page_is_a_server_error(source, server):
    server.fail["/api/v1/xml/data/62"] = 503
    server.fail_body = b"<html><body>Service Unavailable</body></html>"
    try:
        with pytest.raises(SourceUnavailable, match="not an OpenML answer"):
            source.load("62")
    finally:
        server.fail_body = NGINX_500
