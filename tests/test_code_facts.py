"""What a cell's code looked at and did (``runner.session.code_facts``): a table of cells a learner writes."""

from __future__ import annotations

import pytest

from runner.session.code_facts import Scope, analyse

COLUMNS = ["Ozone", "Solar.R", "Wind", "Temp", "Month", "Day"]


def facts(code: str, scope: Scope | None = None):
    return analyse(code, COLUMNS, scope)[0]


@pytest.mark.parametrize("code, columns", [
    ('df["Ozone"].hist()', ["Ozone"]),
    ("df.Wind.describe()", ["Wind"]),
    ('df[["Ozone", "Temp"]].corr()', ["Ozone", "Temp"]),
    ('sns.scatterplot(data=df, x="Wind", y="Temp")', ["Wind", "Temp"]),
    ('df.loc[:, "Solar.R"].isna().mean()', ["Solar.R"]),
    ('df.query("Ozone > 30 and `Solar.R` < 100")', ["Ozone", "Solar.R"]),
    ('df.dropna(subset=["Month"])', ["Month"]),
    ('print("ozone")', []),  # column names match exactly, as pandas does
    ("df.mean()", []),  # a method, not a column
])
def test_columns_the_code_names(code, columns):
    assert list(facts(code).columns) == columns


@pytest.mark.parametrize("code, operation", [
    ("df.describe()", "summary:describe"),
    ("df.info()", "summary:info"),
    ('df["Month"].value_counts()', "summary:value_counts"),
    ("df.isna().sum()", "missing"),
    ('df["Ozone"].hist(bins=20)', "plot:hist"),
    ('sns.histplot(df["Ozone"])', "plot:hist"),
    ('df.plot(kind="box")', "plot:box"),
    ('df.plot.scatter(x="Wind", y="Temp")', "plot:scatter"),
    ("sns.pairplot(df)", "plot:pair"),
    ('plt.plot(df["Day"], df["Temp"])', "plot:line"),
    ("sns.heatmap(df.corr())", "plot:heatmap"),
    ("df.corr(method='spearman')", "correlation"),
    ('stats.pearsonr(df["Wind"], df["Temp"])', "correlation"),
    ('df.groupby("Month")["Temp"].mean()', "groupby"),
    ('df["Ozone"].quantile([0.25, 0.75])', "outliers:quantile"),
    ("iqr = q3 - q1", "outliers:iqr"),
    ('stats.zscore(df["Wind"])', "outliers:zscore"),
    ('z = (df["Wind"] - df["Wind"].mean()) / df["Wind"].std()', "outliers:zscore"),
    ("df.duplicated().sum()", "duplicates"),
    ('df["Month"] = df["Month"].astype("category")', "types:convert"),
    ("df.dtypes", "types:check"),
    ("df = drill.data()", "load"),
    ("df.head()", "look"),
    ("display(df)", "look"),
])
def test_operations(code, operation):
    assert operation in facts(code).operations


@pytest.mark.parametrize("code, whole", [
    ("df.describe()", [("summary:describe", "numeric")]),
    ('df.describe(include="all")', [("summary:describe", "all")]),
    ("df.isna().sum()", [("missing", "all")]),
    ("sns.pairplot(df)", [("plot:pair", "numeric")]),
    ("for c in df.columns:\n    df[c].hist()", [("plot:hist", "numeric")]),
    ('df["Ozone"].describe()', []),  # one column picked
    ('sns.histplot(data=df, x="Ozone")', []),
    ("df[df.Ozone > 30].describe()", [("summary:describe", "numeric")]),  # a row filter keeps every column
])
def test_whole_frame_operations_and_their_reach(code, whole):
    assert list(facts(code).whole_frame) == whole


def test_a_variable_bound_to_a_column_names_it_in_later_cells():
    _, scope = analyse('oz = df["Ozone"]', COLUMNS)
    assert facts("oz.plot.hist()", scope).columns == ("Ozone",)


def test_a_frame_derived_from_the_data_is_a_frame_too():
    _, scope = analyse("clean = df.dropna()", COLUMNS)
    assert facts("clean.describe()", scope).whole_frame == (("summary:describe", "numeric"),)


def test_displaying_something_else_is_no_look_at_the_data():
    assert facts("display(drill.timer())").operations == ()


def test_magics_are_skipped_and_the_rest_analysed():
    found = facts('%matplotlib inline\n!ls\ndf?\ndf["Wind"].hist()')
    assert found.parsed and found.columns == ("Wind",) and found.operations == ("plot:hist",)


def test_code_that_is_not_python_is_marked_and_names_nothing():
    found = facts('df["Ozone"].hist(')
    assert not found.parsed and found.columns == () and found.operations == ()


def test_a_shell_cell_magic_is_not_analysed():
    assert facts('%%bash\necho "Ozone"') == facts("")
