"""CSV files read the way they were written (issue 10, defect 10).

Reproduced as reported: a semicolon-separated CSV loaded as one column named ``a;b;c`` (level 1, no
word said), and duplicate column names became ``a.1``/``a.2`` with no note.
"""

from __future__ import annotations

import gzip
import warnings
from pathlib import Path

import pytest

import runner.sources
from runner.sources.dialect import sniff

WARNING = ("column 'a;b' looks like several columns read as one: its name and most of its values contain ';' "
           "(semicolon), but the file was read with ',' (comma); check the file's delimiter (a line with a "
           "different number of fields?)")


def load(path: Path, text: str):
    path.write_text(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a file read correctly raises no warning
        return runner.sources.load(f"file:{path}")


@pytest.mark.parametrize("delimiter, name", [(";", "semicolon"), ("\t", "tab"), ("|", "pipe"), (",", "comma")])
def test_delimiter_is_sniffed_and_named_on_the_card(tmp_path, delimiter, name):
    rows = ["a", "b", "c"], ["1", "2", "x"], ["3", "4", "y"]
    dataset = load(tmp_path / "t.csv", "".join(delimiter.join(r) + "\n" for r in rows))
    assert dataset.card.column_names == ["a", "b", "c"] and dataset.frame.shape == (2, 3)
    assert f"read as CSV with {delimiter!r} ({name}) between fields (detected)" in dataset.card.notes


def test_semicolons_inside_quoted_comma_fields_keep_the_comma(tmp_path):
    dataset = load(tmp_path / "t.csv", 'name,remark\nx,"a; b; c"\ny,"d; e"\nz,plain\n')
    assert dataset.card.column_names == ["name", "remark"]


def test_commas_inside_semicolon_fields_keep_the_semicolon(tmp_path):
    dataset = load(tmp_path / "t.csv", "name;city\nx;Oslo, Norway\ny;Lima, Peru\nz;Pune\n")
    assert dataset.card.column_names == ["name", "city"] and dataset.frame["city"][0] == "Oslo, Norway"


def test_a_tsv_file_that_holds_commas_is_read_with_commas(tmp_path):
    assert load(tmp_path / "t.tsv", "a,b\n1,2\n3,4\n").card.column_names == ["a", "b"]


def test_compressed_csv_is_sniffed_too(tmp_path):
    path = tmp_path / "t.csv.gz"
    path.write_bytes(gzip.compress(b"a;b\n1;2\n3;4\n"))
    assert runner.sources.load(f"file:{path}").card.column_names == ["a", "b"]


def test_renamed_duplicate_and_empty_column_names_are_noted(tmp_path):
    card = load(tmp_path / "t.csv", "a,a,b,,a\n1,2,3,4,5\n6,7,8,9,10\n").card
    assert card.column_names == ["a", "a.1", "b", "Unnamed: 3", "a.2"]
    assert [n for n in card.notes if "column" in n] == [
        "duplicate column name 'a' (column 2) renamed to 'a.1'",
        "column 4 has no name in the file: called 'Unnamed: 3'",
        "duplicate column name 'a' (column 5) renamed to 'a.2'",
    ]


def test_notes_are_on_the_drill_card(drill_cli, tmp_path):
    (tmp_path / "t.csv").write_text("a;a\n1;2\n3;4\n")
    r = drill_cli("start", "--dataset", f"file:{tmp_path / 't.csv'}", "--results", str(tmp_path / "r"), "--no-open")
    card = (Path(r.last_line).parent / "card.md").read_text()
    assert "Note: read as CSV with ';' (semicolon) between fields (detected)" in card
    assert "Note: duplicate column name 'a' (column 2) renamed to 'a.1'" in card


def test_a_parse_that_looks_wrong_gets_one_warning(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a;b\n1;2\n3;4;5\n6\n")  # no delimiter splits every line evenly: read with commas
    with pytest.warns(UserWarning) as caught:
        dataset = runner.sources.load(f"file:{path}")
    assert [str(w.message) for w in caught] == [WARNING]
    assert dataset.card.column_names == ["a;b"] and WARNING in dataset.card.notes


def test_drill_start_says_the_warning_once(drill_cli, tmp_path):
    (tmp_path / "t.csv").write_text("a;b\n1;2\n3;4;5\n6\n")
    r = drill_cli("start", "--dataset", f"file:{tmp_path / 't.csv'}", "--results", str(tmp_path / "r"), "--no-open")
    assert r.code == 0 and [line for line in r.err.splitlines() if "several columns" in line] == [f"warning: {WARNING}"]


@pytest.mark.parametrize("sample, expected", [
    ("a;b\n1;2\n", (";", True)),
    ("only\none\ncolumn\n", (",", False)),
    ("a,b;c\n1,2;3\n", (",", True)),  # both split evenly: the one the file name suggests
    ("a;b;c\n1;2;3\nx,y;z;w\n", (";", True)),
])
def test_sniff(sample, expected):
    assert sniff(sample) == expected
