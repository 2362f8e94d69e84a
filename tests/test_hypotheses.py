"""The hypothesis grammar: canonical claims, plain-English aliases, columns, bad lines, markdown."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runner.grading.grammar import ALIASES, KINDS, Claim, canonical, parse_line, parse_markdown

AIRQUALITY = ["Ozone", "Solar.R", "Wind", "Temp", "Month", "Day"]
IRIS = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)", "target"]
PENGUINS = ["species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex", "year"]


def fields(claim: Claim) -> tuple:
    return claim.kind, claim.columns, claim.negated, claim.qualifier, claim.percent, claim.confidence


def full(claim: Claim) -> tuple:
    """Everything a reading holds, the strength and a count of rows too."""
    return (*fields(claim), claim.strength, claim.count)


# line -> (kind, columns, negated, qualifier, percent, confidence)
CANONICAL = [
    ("missing: Ozone > 20%", ("missing", ["Ozone"], False, ">", 0.2, None)),
    ("missing: Ozone < 5%", ("missing", ["Ozone"], False, "<", 0.05, None)),
    ("missing: Ozone >= 12.5%", ("missing", ["Ozone"], False, ">=", 0.125, None)),
    ("missing: Ozone ≥ 20%", ("missing", ["Ozone"], False, ">=", 0.2, None)),
    ("missing: Ozone => 20%", ("missing", ["Ozone"], False, ">=", 0.2, None)),
    ("missing: Ozone <= 5%", ("missing", ["Ozone"], False, "<=", 0.05, None)),
    ("missing: Ozone ≤ 5%", ("missing", ["Ozone"], False, "<=", 0.05, None)),
    ("missing: Ozone =< 5%", ("missing", ["Ozone"], False, "<=", 0.05, None)),
    ("missing: Ozone at least 20%", ("missing", ["Ozone"], False, ">=", 0.2, None)),
    ("missing: Ozone at most 5%", ("missing", ["Ozone"], False, "<=", 0.05, None)),
    ("missing: Ozone more than 20%", ("missing", ["Ozone"], False, ">", 0.2, None)),
    ("missing: Ozone under 5%", ("missing", ["Ozone"], False, "<", 0.05, None)),
    ("missing: Wind", ("missing", ["Wind"], False, None, None, None)),
    ("not missing: Wind", ("missing", ["Wind"], True, None, None, None)),
    ("zeros: affairs", ("zeros", ["affairs"], False, None, None, None)),
    ("duplicates", ("duplicates", [], False, None, None, None)),
    ("duplicates:", ("duplicates", [], False, None, None, None)),
    ("not duplicates (90%)", ("duplicates", [], True, None, None, 0.9)),
    ("not skewed: religious", ("skewed", ["religious"], True, None, None, None)),
    ("not skewed: religious right (70%)", ("skewed", ["religious"], True, "right", None, 0.7)),
    ("skewed: fare right", ("skewed", ["fare"], False, "right", None, None)),
    ("skew: fare left", ("skewed", ["fare"], False, "left", None, None)),
    ("correlated: a, b positive", ("correlated", ["a", "b"], False, "positive", None, None)),
    ("correlation: Ozone, Wind negative", ("correlated", ["Ozone", "Wind"], False, "negative", None, None)),
    ("correlated: `sepal length (cm)`, `petal width (cm)`",
     ("correlated", ["sepal length (cm)", "petal width (cm)"], False, None, None, None)),
    ("type: age numeric", ("type", ["age"], False, "numeric", None, None)),
    ("type: when date", ("type", ["when"], False, "datetime", None, None)),
    ("not type: zip numeric", ("type", ["zip"], True, "numeric", None, None)),
    ("outlier: fare", ("outliers", ["fare"], False, None, None, None)),
    ("zero: x", ("zeros", ["x"], False, None, None, None)),
    ("constant: flag", ("constant", ["flag"], False, None, None, None)),
    ("unique: id", ("unique", ["id"], False, None, None, None)),
    ("High Cardinality: city", ("high_cardinality", ["city"], False, None, None, None)),
    ("high_cardinality: city", ("high_cardinality", ["city"], False, None, None, None)),
    ("high-cardinality: city", ("high_cardinality", ["city"], False, None, None, None)),
    ("imbalance: class", ("imbalanced", ["class"], False, None, None, None)),
    ("uniform: day", ("uniform", ["day"], False, None, None, None)),
    ("inf: ratio", ("infinite", ["ratio"], False, None, None, None)),
    ("duplicate", ("duplicates", [], False, None, None, None)),
    ("MISSING: Ozone", ("missing", ["Ozone"], False, None, None, None)),
    ("missing: Ozone > 20% (80%)", ("missing", ["Ozone"], False, ">", 0.2, 0.8)),
    ("outliers: fare (100%)", ("outliers", ["fare"], False, None, None, 1.0)),
    ("outliers: fare (0%)", ("outliers", ["fare"], False, None, None, 0.0)),
    ("outliers: fare (confidence 55%).", ("outliers", ["fare"], False, None, None, 0.55)),
]

PROSE = [
    ("Ozone has missing values", ("missing", ["Ozone"], False, None, None, None)),
    ("Ozone has some missing values", ("missing", ["Ozone"], False, None, None, None)),
    ("Ozone has more than 20% missing values", ("missing", ["Ozone"], False, ">", 0.2, None)),
    ("Ozone has less than 5% missing values", ("missing", ["Ozone"], False, "<", 0.05, None)),
    ("Ozone has at least 20% missing values", ("missing", ["Ozone"], False, ">=", 0.2, None)),
    ("Ozone has at most 5% missing values", ("missing", ["Ozone"], False, "<=", 0.05, None)),
    ("Ozone has over 20% missing values", ("missing", ["Ozone"], False, ">", 0.2, None)),
    ("Ozone has above 20% missing values", ("missing", ["Ozone"], False, ">", 0.2, None)),
    ("Ozone has greater than 20% missing values", ("missing", ["Ozone"], False, ">", 0.2, None)),
    ("Ozone has fewer than 5% missing values", ("missing", ["Ozone"], False, "<", 0.05, None)),
    ("Ozone is missing in under 5% of rows", ("missing", ["Ozone"], False, "<", 0.05, None)),
    ("Ozone is missing in below 5% of rows", ("missing", ["Ozone"], False, "<", 0.05, None)),
    ("Ozone is missing in at most 5% of rows", ("missing", ["Ozone"], False, "<=", 0.05, None)),
    ("at least 20% of Ozone is missing", ("missing", ["Ozone"], False, ">=", 0.2, None)),
    ("Ozone has ≥ 20% missing values", ("missing", ["Ozone"], False, ">=", 0.2, None)),
    ("Ozone has <= 5% missing values", ("missing", ["Ozone"], False, "<=", 0.05, None)),
    # "many" missing values is a share of rows (> 10%), "some" is any at all
    ("Ozone has many missing values", ("missing", ["Ozone"], False, ">", 0.1, None)),
    ("Ozone has lots of missing values", ("missing", ["Ozone"], False, ">", 0.1, None)),
    ("Ozone has a lot of missing values", ("missing", ["Ozone"], False, ">", 0.1, None)),
    ("Ozone has plenty of missing values", ("missing", ["Ozone"], False, ">", 0.1, None)),
    ("Ozone has numerous missing values", ("missing", ["Ozone"], False, ">", 0.1, None)),
    ("Ozone has a large number of missing values", ("missing", ["Ozone"], False, ">", 0.1, None)),
    ("Ozone has a significant number of missing values", ("missing", ["Ozone"], False, ">", 0.1, None)),
    ("Ozone has very many missing values", ("missing", ["Ozone"], False, ">", 0.1, None)),
    ("there are many missing values in Ozone", ("missing", ["Ozone"], False, ">", 0.1, None)),
    ("Ozone is missing many values", ("missing", ["Ozone"], False, ">", 0.1, None)),
    ("Ozone doesn't have many missing values", ("missing", ["Ozone"], True, ">", 0.1, None)),
    ("Ozone has many missing values in over 30% of rows", ("missing", ["Ozone"], False, ">", 0.3, None)),
    ("Ozone has a few missing values", ("missing", ["Ozone"], False, None, None, None)),
    ("Ozone has any missing values", ("missing", ["Ozone"], False, None, None, None)),
    ("Ozone has several missing values", ("missing", ["Ozone"], False, None, None, None)),
    ("Ozone has a small number of missing values", ("missing", ["Ozone"], False, None, None, None)),
    ("Ozone has no missing values", ("missing", ["Ozone"], True, None, None, None)),
    ("Ozone doesn't have any missing values", ("missing", ["Ozone"], True, None, None, None)),
    ("Ozone has NaNs.", ("missing", ["Ozone"], False, None, None, None)),
    ("fare is right-skewed", ("skewed", ["fare"], False, "right", None, None)),
    ("fare is left-skewed", ("skewed", ["fare"], False, "left", None, None)),
    ("fare is skewed", ("skewed", ["fare"], False, None, None, None)),
    ("fare is not skewed", ("skewed", ["fare"], True, None, None, None)),
    ("fare isn’t skewed", ("skewed", ["fare"], True, None, None, None)),
    ("fare is heavily skewed to the right", ("skewed", ["fare"], False, "right", None, None)),
    ("fare is positively skewed", ("skewed", ["fare"], False, "right", None, None)),
    # intensifiers keep the claim as it is
    ("fare is very right-skewed", ("skewed", ["fare"], False, "right", None, None)),
    ("fare is highly skewed", ("skewed", ["fare"], False, None, None, None)),
    ("fare is extremely skewed to the right", ("skewed", ["fare"], False, "right", None, None)),
    ("fare is quite skewed", ("skewed", ["fare"], False, None, None, None)),
    ("fare is fairly left-skewed", ("skewed", ["fare"], False, "left", None, None)),
    ("fare is pretty skewed", ("skewed", ["fare"], False, None, None, None)),
    ("Ozone and Wind are strongly negatively correlated", ("correlated", ["Ozone", "Wind"], False, "negative", None, None)),
    ("Ozone and Wind have a very strong negative correlation",
     ("correlated", ["Ozone", "Wind"], False, "negative", None, None)),
    ("Ozone and Wind are correlated", ("correlated", ["Ozone", "Wind"], False, None, None, None)),
    ("Ozone and Wind are positively correlated", ("correlated", ["Ozone", "Wind"], False, "positive", None, None)),
    ("Ozone and Wind are negatively correlated", ("correlated", ["Ozone", "Wind"], False, "negative", None, None)),
    ("Ozone is correlated with Wind", ("correlated", ["Ozone", "Wind"], False, None, None, None)),
    ("Ozone and Wind are not correlated", ("correlated", ["Ozone", "Wind"], True, None, None, None)),
    ("age and yrs_married are correlated", ("correlated", ["age", "yrs_married"], False, None, None, None)),
    ("there is no correlation between Ozone and Wind", ("correlated", ["Ozone", "Wind"], True, None, None, None)),
    ("Wind decreases as Ozone increases", ("correlated", ["Wind", "Ozone"], False, "negative", None, None)),
    ("fare has outliers", ("outliers", ["fare"], False, None, None, None)),
    ("fare has no outliers", ("outliers", ["fare"], True, None, None, None)),
    ("affairs has many zeros", ("zeros", ["affairs"], False, None, None, None)),
    ("affairs has a lot of zeros", ("zeros", ["affairs"], False, None, None, None)),
    ("flag is constant", ("constant", ["flag"], False, None, None, None)),
    ("flag is not constant", ("constant", ["flag"], True, None, None, None)),
    ("PassengerId is unique", ("unique", ["PassengerId"], False, None, None, None)),
    ("PassengerId is an id", ("unique", ["PassengerId"], False, None, None, None)),
    ("PassengerId is an identifier", ("unique", ["PassengerId"], False, None, None, None)),
    ("PassengerId is not an ID", ("unique", ["PassengerId"], True, None, None, None)),
    ("there are duplicate rows", ("duplicates", [], False, None, None, None)),
    ("the data has duplicates", ("duplicates", [], False, None, None, None)),
    ("there are no duplicate rows", ("duplicates", [], True, None, None, None)),
    ("the dataset doesn't have duplicates", ("duplicates", [], True, None, None, None)),
    ("no duplicates", ("duplicates", [], True, None, None, None)),
    ("class is imbalanced", ("imbalanced", ["class"], False, None, None, None)),
    ("class is balanced", ("imbalanced", ["class"], True, None, None, None)),
    ("city has high cardinality", ("high_cardinality", ["city"], False, None, None, None)),
    ("city has low cardinality", ("high_cardinality", ["city"], True, None, None, None)),
    ("day is uniform", ("uniform", ["day"], False, None, None, None)),
    ("day is uniformly distributed", ("uniform", ["day"], False, None, None, None)),
    ("ratio has infinite values", ("infinite", ["ratio"], False, None, None, None)),
    ("ratio has no infinite values", ("infinite", ["ratio"], True, None, None, None)),
    ("age is numeric", ("type", ["age"], False, "numeric", None, None)),
    ("sex is categorical", ("type", ["sex"], False, "categorical", None, None)),
    ("date is a date", ("type", ["date"], False, "datetime", None, None)),
    ("when is datetime", ("type", ["when"], False, "datetime", None, None)),
    ("name is text", ("type", ["name"], False, "text", None, None)),
    ("survived is boolean", ("type", ["survived"], False, "boolean", None, None)),
    ("zip is not numeric", ("type", ["zip"], True, "numeric", None, None)),
    ("I think Ozone has missing values (70%)", ("missing", ["Ozone"], False, None, None, 0.7)),
    ("The Ozone column has missing values", ("missing", ["Ozone"], False, None, None, None)),
    ("`sepal length (cm)` is right-skewed", ("skewed", ["sepal length (cm)"], False, "right", None, None)),
    ("**fare** is right-skewed", ("skewed", ["fare"], False, "right", None, None)),
    ("missing values in Ozone", ("missing", ["Ozone"], False, None, None, None)),
    ("no outliers in fare", ("outliers", ["fare"], True, None, None, None)),
    ("strong positive correlation between Ozone and Wind", ("correlated", ["Ozone", "Wind"], False, "positive", None, None)),
    ("Ozone's distribution is right-skewed", ("skewed", ["Ozone"], False, "right", None, None)),
    ("H1: Ozone has missing values", ("missing", ["Ozone"], False, None, None, None)),
    ("there aren't any missing values in Ozone", ("missing", ["Ozone"], True, None, None, None)),
]


@pytest.mark.parametrize(("line", "expected"), CANONICAL)
def test_canonical_lines(line, expected):
    assert fields(parse_line(line)) == expected


@pytest.mark.parametrize(("line", "expected"), PROSE)
def test_plain_english_lines(line, expected):
    assert fields(parse_line(line)) == expected


@pytest.mark.parametrize("alias", ALIASES, ids=lambda a: a.example)
def test_every_alias_example_reads_as_its_kind(alias):
    claim = parse_line(alias.example)
    assert (claim.kind, claim.problem) == (alias.kind, None)


def test_every_phrasing_is_tried_on_its_own_example():
    """A phrasing family is only tried on lines holding one of its trigger words (grading stays fast);
    a trigger must never hide a phrasing from a line it reads."""
    from phrasing_support import load

    from runner.grading.phrasing import triggered

    lines = [alias.example for alias in ALIASES] + [line.text for line in load()]
    hidden = [(alias.example, line) for alias in ALIASES for line in lines
              if alias.regex.fullmatch(line) and not triggered(alias, line)]
    assert hidden == []


def test_kinds_are_the_json_names():
    # missing_together is new in issue #11 (the checklist asks whether columns go missing together)
    assert set(KINDS) == {"missing", "skewed", "correlated", "outliers", "zeros", "constant", "unique",
                          "high_cardinality", "imbalanced", "uniform", "infinite", "duplicates", "type",
                          "missing_together",
                          # the planted kinds of issue #14
                          "entry_errors", "inconsistent_categories", "heaping", "mcar", "mnar", "missing_depends",
                          "near_duplicates", "simpson", "leakage", "drift"}


def test_arity():
    assert (KINDS["duplicates"].arity, KINDS["missing"].arity, KINDS["correlated"].arity) == (0, 1, 2)


def test_text_is_the_claim_as_written():
    assert parse_line("  fare is right-skewed (60%)  ").text == "fare is right-skewed (60%)"


# -- columns -------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["missing: ozone", "missing: `OZONE`", "missing: 'Ozone'", '"ozone" has missing values',
                                  "the ozone column has missing values"])
def test_columns_resolve_to_the_frames_spelling(line):
    assert parse_line(line, AIRQUALITY).columns == ["Ozone"]


def test_unknown_column_is_ungradeable_with_the_closest_name():
    claim = parse_line("missing: Ozon", AIRQUALITY)
    assert (claim.kind, claim.gradeable, claim.problem, claim.suggestion) == (
        None, False, "no column named 'Ozon'", "Ozone")


def test_unknown_column_keeps_the_name_as_written():
    assert parse_line("missing: Ozon", AIRQUALITY).columns == ["Ozon"]


def test_without_columns_names_are_taken_as_written():
    assert parse_line("missing: OZON").columns == ["OZON"]


def test_column_names_with_spaces_need_no_backticks_when_they_exist():
    claim = parse_line("correlated: sepal length (cm), petal width (cm) positive", IRIS)
    assert (claim.columns, claim.qualifier) == (["sepal length (cm)", "petal width (cm)"], "positive")


def test_column_names_with_spaces_in_plain_english():
    claim = parse_line("sepal length (cm) and petal width (cm) are correlated", IRIS)
    assert claim.columns == ["sepal length (cm)", "petal width (cm)"]


def test_longest_column_name_wins():
    assert parse_line("skewed: sepal length", ["sepal", "sepal length"]).columns == ["sepal length"]


def test_comma_in_a_backticked_name():
    assert parse_line("missing: `a, b`", ["a, b", "a"]).columns == ["a, b"]


def test_backticks_around_a_name_with_a_backtick():
    assert parse_line("missing: `` a`b ``").columns == ["a`b"]


def test_dotted_column_name():
    assert parse_line("Solar.R has missing values", AIRQUALITY).columns == ["Solar.R"]


def test_alias_subject_resolves_against_the_frame():
    assert parse_line("every passengerid is unique", ["PassengerId"]).columns == ["PassengerId"]


def test_columns_may_be_any_sequence():
    assert parse_line("missing: ozone", tuple(AIRQUALITY)).columns == ["Ozone"]


# -- lines that do not parse ---------------------------------------------------------------------

@pytest.mark.parametrize(("line", "suggestion"), [
    ("Ozone: sometimes a problem", None),
    ("duplicates: Ozone", "duplicates"),
    ("missing: Ozone > 0.2", "missing: Ozone > 20%"),
    ("outliers: fare (0.7)", "outliers: fare"),
    ("Ozone is correlated with Wind and Temp", "correlated: Ozone, Wind"),  # one pair per claim
])
def test_unreadable_lines_get_a_suggestion(line, suggestion):
    claim = parse_line(line)
    assert (claim.kind, claim.gradeable, claim.suggestion) == (None, False, suggestion)


# Issue #11 reads these on purpose (they were unreadable before): a misspelt kind word, a bare
# share ("about"), a header form and "missing a lot" are how people write.
@pytest.mark.parametrize(("line", "reading"), [
    ("Ozone is missing a lot", "missing: Ozone > 10%"),
    ("skewd: fare", "skewed: fare"),
    ("corelated: a, b", "correlated: a, b"),
    ("Ozone: missing", "missing: Ozone"),
    ("fare is skewd to the right", "skewed: fare right"),
    ("missing: Ozone, Wind", "missing: Ozone, Wind"),  # each column judged: partly when only one holds
    ("missing: Ozone 20%", "missing: Ozone about 20%"),
])
def test_lines_unreadable_before_issue_11(line, reading):
    assert canonical(parse_line(line)) == reading


def test_suggestion_uses_the_frames_columns():
    assert parse_line("ozon is missng", AIRQUALITY).suggestion == "missing: Ozone"


# line, frame -> suggestion: only the columns the line names or closely misspells, COLUMN for the
# others (issue #11: a suggestion that names an unrelated column misleads)
@pytest.mark.parametrize(("line", "columns", "suggestion"), [
    ("there are no missing values", IRIS, "not missing: COLUMN"),
    ("missing:", PENGUINS, "missing: COLUMN"),
    ("correlated: bill_length_mm", PENGUINS, "correlated: bill_length_mm, COLUMN"),
    ("correlation between petal size", IRIS, "correlated: COLUMN, COLUMN_2"),
    ("skewness is high", IRIS, "skewed: COLUMN"),
    ("the number of missing values is large", PENGUINS, "missing: COLUMN"),
    ("body mass has a significant number of missing values", PENGUINS, "body_mass_g"),
    ("correlated: x", ["x"], "correlated: x, COLUMN"),
])
def test_suggestion_names_only_the_columns_the_line_names(line, columns, suggestion):
    assert parse_line(line, columns).suggestion == suggestion


@pytest.mark.parametrize(("line", "columns"), [
    ("mpg, the vs column and am are hard to read", ["mpg", "vs", "am"]),
    ("the classes are perfectly balanced", ["a", "b", "class_label"]),
    ("this is a vs that", ["vs", "a"]),
])
def test_a_suggestion_never_takes_an_ordinary_word_for_a_column(line, columns):
    suggestion = parse_line(line, columns).suggestion or ""
    assert "vs" not in suggestion.replace("`vs`", "") and "class_label" not in suggestion and ": a" not in suggestion


def test_type_suggestion_offers_the_types_for_the_frames_column():
    claim = parse_line("type: sex", PENGUINS)
    assert claim.suggestion == "type: sex numeric|categorical|datetime|text|boolean"
    assert "age" not in claim.problem


# -- dataset-level claims about per-column kinds ------------------------------------------------------

# line, frame -> suggestion (COLUMN: the line names none, so the suggestion names none either)
@pytest.mark.parametrize(("line", "columns", "suggestion"), [
    ("there are no missing values", IRIS, "not missing: COLUMN"),
    ("There are no missing values.", PENGUINS, "not missing: COLUMN"),
    ("there are no missing values in the dataset", AIRQUALITY, "not missing: COLUMN"),
    ("no missing values", AIRQUALITY, "not missing: COLUMN"),
    ("the dataset has no missing values", PENGUINS, "not missing: COLUMN"),
    ("the data doesn't have any missing values", PENGUINS, "not missing: COLUMN"),
    ("nothing is missing", PENGUINS, "not missing: COLUMN"),
    ("the dataset is complete", PENGUINS, "not missing: COLUMN"),
    ("there are missing values", PENGUINS, "missing: COLUMN"),
    ("there are a significant number of missing values", PENGUINS, "missing: COLUMN > 10%"),
    ("there are no outliers", IRIS, "not outliers: COLUMN"),
    ("there are no infinite values", PENGUINS, "not infinite: COLUMN"),
    ("there are no missing values", None, "not missing: COLUMN"),
])
def test_dataset_level_missing_is_judged_per_column(line, columns, suggestion):
    claim = parse_line(line, columns)
    assert (claim.kind, claim.suggestion) == (None, suggestion)
    assert claim.problem.endswith(f"is judged per column, not for the whole dataset: write one claim per column, "
                                  f"e.g. {suggestion}")


def test_no_missing_values_in_a_column_is_still_a_column_claim():
    assert fields(parse_line("there are no missing values in Ozone", AIRQUALITY))[:3] == ("missing", ["Ozone"], True)


# -- strength -------------------------------------------------------------------------------------

# Issue #11: a weak claim is no longer ungradeable: it is graded against its own band.
# line -> (kind, columns, negated, qualifier, strength)
@pytest.mark.parametrize(("line", "expected"), [
    ("Wind and Temp have a weak negative correlation", ("correlated", ["Wind", "Temp"], False, "negative", "weak")),
    ("Temp is slightly left-skewed", ("skewed", ["Temp"], False, "left", "weak")),
    ("Ozone and Wind are weakly correlated", ("correlated", ["Ozone", "Wind"], False, None, "weak")),
    ("there is a slight positive correlation between Ozone and Wind",
     ("correlated", ["Ozone", "Wind"], False, "positive", "weak")),
    ("Temp is mildly skewed", ("skewed", ["Temp"], False, None, "weak")),
    ("there is a moderate correlation between Ozone and Wind", ("correlated", ["Ozone", "Wind"], False, None, "moderate")),
    ("Ozone is moderately correlated with Wind", ("correlated", ["Ozone", "Wind"], False, None, "moderate")),
    ("Temp is a little bit right-skewed", ("skewed", ["Temp"], False, "right", "weak")),
    ("Ozone and Wind are barely correlated", ("correlated", ["Ozone", "Wind"], False, None, "weak")),
    ("Month is slightly imbalanced", ("imbalanced", ["Month"], False, None, "weak")),
    ("Ozone and Wind are strongly negatively correlated", ("correlated", ["Ozone", "Wind"], False, "negative", "strong")),
    ("Ozone is heavily right-skewed", ("skewed", ["Ozone"], False, "right", "strong")),
    ("Ozone and Wind are not strongly correlated", ("correlated", ["Ozone", "Wind"], True, None, "strong")),
    ("there is no strong correlation between Ozone and Wind", ("correlated", ["Ozone", "Wind"], True, None, "strong")),
    ("Ozone and Wind are uncorrelated", ("correlated", ["Ozone", "Wind"], True, None, None)),
    ("Month is perfectly balanced", ("imbalanced", ["Month"], True, None, None)),  # "perfectly" says how balanced
    ("correlated: Ozone, Wind weak negative", ("correlated", ["Ozone", "Wind"], False, "negative", "weak")),
    ("correlated: Ozone, Wind negative strong", ("correlated", ["Ozone", "Wind"], False, "negative", "strong")),
    ("strong negative correlation: Ozone, Wind", ("correlated", ["Ozone", "Wind"], False, "negative", "strong")),
    ("Ozone has many outliers", ("outliers", ["Ozone"], False, None, None)),  # outliers have no bands
])
def test_strength_words_qualify_banded_kinds(line, expected):
    claim = parse_line(line, AIRQUALITY)
    assert (claim.kind, claim.columns, claim.negated, claim.qualifier, claim.strength) == expected


def test_strength_keeps_the_confidence():
    assert parse_line("Temp is slightly left-skewed (60%)", AIRQUALITY).confidence == 0.6


@pytest.mark.parametrize(("line", "problem"), [
    ("correlated: Ozone", "correlated needs two columns"),
    ("missing: Ozone, Ozone", "missing names a column twice"),
    ("type: age", "type needs one of numeric, categorical, datetime, text, boolean"),
    ("missing: Ozone > 120%", "a share of 120% is outside 0-100%"),
    ("outliers: fare (150%)", "confidence 150% is outside 0-100%"),
    ("outliers: fare (-5%)", "confidence -5% is outside 0-100%"),
    ("outliers: fare (0.7)", "write the confidence as a percentage, like (70%)"),
    ("duplicates: Ozone", "duplicates is about whole rows"),
    ("xyzzy: fare", "could not read this claim"),
    ("correlated: a, a", "correlated needs two different columns"),
    ("missing: ``", "empty column name"),
    ("", "empty claim"),
    ("x" * 5000, "too long (5000 characters)"),
])
def test_problem_says_why(line, problem):
    claim = parse_line(line)
    assert claim.kind is None
    assert claim.problem.startswith(problem)


def test_unknown_qualifier_with_columns():
    claim = parse_line("skewed: fare up", ["fare"])
    assert (claim.problem, claim.suggestion) == ("unknown qualifier 'up' for skewed: use right or left", "skewed: fare")


def test_nonsense_has_no_suggestion():
    claim = parse_line("the weather will be nice tomorrow")
    assert (claim.kind, claim.suggestion) == (None, None)


@pytest.mark.parametrize("line", ["`", "``", "```", "- - -", "(70%)", "not", "not:", ":", "é∂ƒ©˙∆ (%) 🙂", "\x00\ue000\ue001",
                                  "missing: `", "missing: >", "(((((", "correlated: , ,", "1e400%", "missing: x > 1e999%"])
def test_odd_text_never_raises(line):
    assert_well_formed(parse_line(line), line, None)
    assert_well_formed(parse_line(line, AIRQUALITY), line, AIRQUALITY)


def assert_well_formed(claim: Claim, written: str | None, columns: list[str] | None) -> None:
    """What every reading must satisfy, whatever the text: no internal error (the parser's own
    safety net must never be what caught it), the claim as written, ungradeable exactly when it
    says why, a known kind, and, with a frame, only the frame's own column names."""
    assert "internal error" not in (claim.problem or ""), claim.problem
    if written is not None:
        assert claim.text == written.strip()[:1000]
    assert (claim.kind is None) == (claim.problem is not None)
    assert claim.kind is None or claim.kind in KINDS
    if claim.kind is not None and columns is not None:
        assert set(claim.columns) <= set(columns), (claim.columns, columns)
    if claim.confidence is not None:
        assert 0 <= claim.confidence <= 1


# -- markdown ------------------------------------------------------------------------------------

CELL = """\
# Hypotheses

I expect the ozone sensor to fail sometimes.

- missing: Ozone > 20%
* Ozone and Wind are negatively correlated (70%)
+ zeros: affairs
1. duplicates
2) not skewed: religious
<!-- - missing: Temp
  - outliers: Temp -->
```
- missing: Month
```
    - fare is right-skewed
- [ ] age and yrs_married are correlated
- [x] Ozone is interesting
---
* * *
-
"""


def test_markdown_reads_every_bullet():
    assert [c.text for c in parse_markdown(CELL)] == [
        "missing: Ozone > 20%", "Ozone and Wind are negatively correlated (70%)", "zeros: affairs", "duplicates",
        "not skewed: religious", "fare is right-skewed", "age and yrs_married are correlated", "Ozone is interesting"]


def test_markdown_line_numbers():
    assert [c.line for c in parse_markdown(CELL)] == [5, 6, 7, 8, 9, 15, 16, 17]


def test_markdown_keeps_ungradeable_lines():
    assert [c.gradeable for c in parse_markdown(CELL)] == [True] * 7 + [False]


def test_markdown_resolves_columns():
    assert parse_markdown("- missing: ozone\n- wind is skewed", AIRQUALITY)[1].columns == ["Wind"]


def test_markdown_nested_bullet_markers():
    assert parse_markdown("- - missing: Ozone")[0].kind == "missing"


def test_markdown_unclosed_comment_hides_the_rest():
    assert parse_markdown("- zeros: a\n<!-- - zeros: b\n- zeros: c") == [parse_markdown("- zeros: a")[0]]


def test_markdown_source_as_a_list_of_lines():
    assert len(parse_markdown(["- zeros: a\n", "- zeros: b"])) == 2


def test_markdown_empty_cell():
    assert parse_markdown("") == []


# -- canonical -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    ("not skewed: religious right (70%)", "not skewed: religious right (70%)"),
    ("fare is right-skewed", "skewed: fare right"),
    ("Ozone has more than 20% missing values", "missing: Ozone > 20%"),
    ("Ozone has at least 20% missing values", "missing: Ozone >= 20%"),
    ("Ozone has at most 5% missing values", "missing: Ozone <= 5%"),
    ("missing: Ozone ≥ 20%", "missing: Ozone >= 20%"),
    ("Ozone has many missing values", "missing: Ozone > 10%"),
    ("there are no duplicate rows", "not duplicates"),
    ("sepal length (cm) and petal width (cm) are correlated", "correlated: `sepal length (cm)`, `petal width (cm)`"),
    ("PassengerId is an id (95%)", "unique: PassengerId (95%)"),
    ("skewed: `right` left", "skewed: `right` left"),
])
def test_canonical_form(line, expected):
    assert canonical(parse_line(line, IRIS if "cm" in line else None)) == expected


def test_canonical_of_an_ungradeable_claim_is_its_text():
    assert canonical(parse_line("Ozone is interesting")) == "Ozone is interesting"


# -- properties ----------------------------------------------------------------------------------

NAME = st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Co", "Zl", "Zp")) | st.sampled_from(list(" ,`'\"()%<>:-&.")),
    min_size=1, max_size=12,
).filter(lambda s: s.strip())
FRACTION = st.none() | st.integers(0, 10_000).map(lambda k: (k / 100) / 100)


@st.composite
def claims(draw) -> Claim:
    kind = draw(st.sampled_from(sorted(KINDS)))
    spec = KINDS[kind]
    extra = 0 if spec.arity == 0 else draw(st.integers(0, 1))  # a one-column kind may name two, a pair kind three
    columns = draw(st.lists(NAME, min_size=spec.arity + extra, max_size=spec.arity + extra,
                            unique_by=lambda c: " ".join(c.split()).casefold()))
    qualifier = percent = count = strength = None
    if kind == "missing":
        qualifier = draw(st.sampled_from([None, ">", ">=", "<", "<=", "about"]))
        if qualifier is not None and draw(st.booleans()):
            count = draw(st.integers(0, 10_000))
        elif qualifier is not None:
            percent = draw(FRACTION.filter(lambda f: f is not None))
    elif spec.qualifiers:
        qualifier = draw(st.sampled_from(spec.qualifiers + (() if spec.qualifier_required else (None,))))
    if spec.strengths:
        strength = draw(st.sampled_from([None, "weak", "moderate", "strong"]))
    return Claim("", kind, columns, draw(st.booleans()), draw(FRACTION), qualifier, percent, strength=strength,
                 count=count)


@given(claims())
@settings(max_examples=400, deadline=None)
def test_canonical_round_trips(claim):
    assert full(parse_line(canonical(claim))) == full(claim)


@given(claims(), st.lists(NAME, max_size=5))
@settings(max_examples=300, deadline=None)
def test_canonical_round_trips_with_the_frames_columns(claim, others):
    assert full(parse_line(canonical(claim), claim.columns + others)) == full(claim)


@given(st.text(max_size=300), st.none() | st.lists(st.text(max_size=20), max_size=8))
@settings(max_examples=500, deadline=None)
def test_parse_line_never_raises(text, columns):
    claim = parse_line(text, columns)
    assert_well_formed(claim, text if len(text.strip()) <= 1000 else None,
                       None if columns is None else [str(c) for c in columns])


@given(st.lists(st.sampled_from(["- ", "* ", "1. ", "  - ", "<!--", "-->", "```", "`", "\n", "# ", "(70%)",
                                 "missing: ", "not ", "Ozone", " and ", " is ", "skewed", ", "]) | st.text(max_size=20),
                max_size=40).map("".join),
       st.none() | st.just(AIRQUALITY))
@settings(max_examples=300, deadline=None)
def test_parse_markdown_never_raises(markdown, columns):
    # the line a claim came from, as the learner sees it once HTML comments (never claims) are gone
    lines = re.sub(r"<!--.*?(?:-->|\Z)", lambda m: "\n" * m.group().count("\n"), markdown, flags=re.DOTALL).split("\n")
    for claim in parse_markdown(markdown, columns):
        assert_well_formed(claim, None, columns)
        assert 1 <= claim.line <= len(lines) and claim.text in lines[claim.line - 1]


@given(st.text(max_size=2000))
@settings(max_examples=100, deadline=None)
def test_parse_markdown_never_raises_on_any_text(markdown):
    for claim in parse_markdown(markdown, AIRQUALITY):
        assert_well_formed(claim, None, AIRQUALITY)
