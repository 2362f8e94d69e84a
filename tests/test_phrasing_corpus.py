"""The phrasing corpus (tests/phrasing_corpus.tsv): how people write hypotheses, read as intended.

benchmarks/phrasing.py prints the same numbers with every misreading listed.
"""

from __future__ import annotations

import pytest
from phrasing_support import read_all


@pytest.fixture(scope="module")
def readings():
    return read_all()


def test_the_corpus_is_large_and_varied(readings):
    assert len(readings) >= 400 and len({r.line.dataset for r in readings}) >= 5


def test_parse_rate_is_at_least_95_percent(readings):
    meant = [r for r in readings if r.line.expected is not None]
    misread = [(r.line.text, r.line.expected, r.read) for r in meant if not r.right]
    assert len(misread) <= 0.05 * len(meant), misread


def test_no_line_is_read_as_another_kind_or_other_columns(readings):
    """A wrong reading is worse than none: not one line, including those that must stay ungradeable."""
    assert [(r.line.text, r.line.expected, r.read) for r in readings if r.wrong] == []
