"""`drill datasets` through the CLI: the contract's JSON shape and the filters."""

import json

import pytest


@pytest.fixture(scope="module")
def listed():
    from runner.drill import create as app

    return [e.to_json() for e in app.list_datasets("builtin")]


def test_json_lists_at_least_700_with_every_level(drill_cli):
    r = drill_cli("datasets", "--source", "builtin", "--json")
    rows = json.loads(r.out)
    assert r.code == 0 and len(rows) >= 700
    assert {row["level"] for row in rows} == {1, 2, 3, 4}


def test_json_rows_have_the_contract_fields(listed):
    assert all(set(row) == {"id", "source", "level", "rows", "columns", "title"} for row in listed)


def test_level_filter(drill_cli):
    rows = json.loads(drill_cli("datasets", "--level", "3", "--json").out)
    assert rows and all(row["level"] == 3 for row in rows)


def test_table_output(drill_cli):
    r = drill_cli("datasets", "--level", "1")
    assert r.code == 0 and "builtin:sklearn/iris" in r.out


@pytest.mark.parametrize("args, fragment", [(["--level", "9"], "unknown level 9"),
                                            (["--source", "kaggle"], "unknown source 'kaggle'")])
def test_bad_filters(drill_cli, args, fragment):
    r = drill_cli("datasets", *args)
    assert r.code == 2 and fragment in r.err and len(r.err.splitlines()) == 1
