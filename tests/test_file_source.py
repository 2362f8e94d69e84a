"""`file:<path>`: the learner's own CSV, parquet or ARFF file, and every way it can be wrong."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import runner.sources
from runner.errors import BadInput
from runner.sources.file import FileSource

FRAME = pd.DataFrame({"age": [31, 45, None, 23], "city": ["Oslo", "Lima", "Pune", "Oslo"]})

ARFF = """% Weather observations
% written by hand for a test
@RELATION weather
@ATTRIBUTE outlook {sunny,rainy}
@ATTRIBUTE temperature NUMERIC
@ATTRIBUTE remark STRING
@DATA
sunny,25.5,'warm day'
rainy,?,'wet'
"""


def write_csv(path: Path) -> None:
    FRAME.to_csv(path, index=False)


def write_tsv(path: Path) -> None:
    FRAME.to_csv(path, index=False, sep="\t")


def write_parquet(path: Path) -> None:
    FRAME.to_parquet(path)


WRITERS = [("people.csv", write_csv), ("people.tsv", write_tsv), ("people.parquet", write_parquet)]


@pytest.mark.parametrize(("name", "write"), WRITERS)
def test_table_files_load_with_a_card(tmp_path, name, write):
    write(tmp_path / name)
    dataset = runner.sources.load(f"file:{tmp_path / name}")
    assert dataset.frame.shape == (4, 2) and dataset.card.column_names == ["age", "city"]
    assert dataset.card.title == name and dataset.card.id == f"file:{(tmp_path / name).resolve()}"


def test_level_comes_from_the_data(tmp_path):
    write_csv(tmp_path / "people.csv")
    card = runner.sources.load(f"file:{tmp_path / 'people.csv'}").card
    assert card.level == 4 and card.level_reasons  # one of 4 ages is missing: a 25% column


def test_arff_loads_with_strings_not_bytes(tmp_path):
    (tmp_path / "weather.arff").write_text(ARFF)
    dataset = runner.sources.load(f"file:{tmp_path / 'weather.arff'}")
    assert list(dataset.frame["outlook"]) == ["sunny", "rainy"]
    assert dataset.frame["remark"].map(type).eq(str).all() and dataset.frame["temperature"].isna().sum() == 1


def test_arff_comments_describe_the_data(tmp_path):
    (tmp_path / "weather.arff").write_text(ARFF)
    card = runner.sources.load(f"file:{tmp_path / 'weather.arff'}").card
    assert "weather" in card.description and "Weather observations" in card.description


BAD = [
    ("missing.csv", None, "file not found"),
    ("folder.csv", "mkdir", "is a directory"),
    ("sheet.xlsx", b"PK\x03\x04", "unsupported file type: sheet.xlsx"),
    ("empty.csv", b"", "is empty"),
    ("header.csv", b"a,b\n", "has no rows or no columns"),
    ("latin1.csv", "name\ncaf\xe9\n".encode("latin-1"), "it is not UTF-8 text"),
    ("broken.parquet", b"not parquet at all", "cannot read"),
    ("broken.arff", b"@RELATION x\n@DATA\n1,2\n", "as ARFF"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_raises_one_line_bad_input(tmp_path, name, content, message):
    path = tmp_path / name
    if content == "mkdir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(BadInput) as caught:
        runner.sources.load(f"file:{path}")
    text = caught.value.one_line()
    assert message in text and "\n" not in text and caught.value.hint


def test_file_source_lists_nothing():
    assert FileSource().entries() == []


def test_arff_nominal_attribute_is_categorical(tmp_path):
    path = tmp_path / "t.arff"
    path.write_text("@RELATION t\n@ATTRIBUTE x NUMERIC\n@ATTRIBUTE class {a,b,c}\n@DATA\n1,a\n2,b\n3,?\n4,c\n")
    frame = runner.sources.load(f"file:{path}").frame
    assert list(frame["class"].cat.categories) == ["a", "b", "c"] and frame["class"].isna().sum() == 1
