"""The explicit fg-data-profiling configuration used for every drill profile.

fg-data-profiling's defaults differ between its pydantic ``Settings`` class,
``config_default.yaml`` and ``config_minimal.yaml`` (correlation threshold 0.5
in code, 0.9 in the YAML; ``minimal=True`` also turns off type inference), so
nothing here relies on them: :func:`profile_settings` spells out every option
that changes what the description or the HTML report contains, derived from
the grading thresholds.  The same settings object drives ``get_description()``
(the facts) and ``to_html()`` (the report the learner reads).

What is off, and why:

* scatter interactions (most of the library's run time) and missing-value
  diagrams (matplotlib, one full pass each): findings do not use them;
* samples: the learner has the data in the notebook;
* the library's own correlations: its ``auto`` matrix is dropped entirely by a
  single ``inf`` value and bins numeric columns into 10 equal-width bins for
  mixed pairs.  :mod:`runner.profile.correlations` computes the matrix on an
  inf-free copy and :mod:`runner.profile.facts` puts it back into the
  description under ``auto`` so the report shows the same numbers the grader
  uses (``warn_high_correlations`` stays on so the alert uses our threshold);
* chi-squared uniformity tests: the library flags "uniform" only when the
  p-value exceeds 0.999, which a truly uniform sample does 0.1% of the time;
  uniformity is measured in :mod:`runner.profile.facts` instead;
* character and word statistics of text columns: slow and not graded.

The report, on wide data (:func:`tune_report`, applied after the facts are
written and before ``to_html``; the facts never depend on it).  The facts
come first and the grade waits on nothing else, but the learner still wants
the report soon, and the library's HTML grows much faster than linearly with
columns (about 52 s for 200 columns, measured on issue #10's machine):

* interactions (pairwise scatter plots) are off for every width, not only
  beyond a handful of columns: the library computes them inside the
  description, i.e. before the facts, and they are most of its run time;
* no plot draws raw rows, so nothing needs sampling: histograms are drawn from
  the bin counts the description already holds, and the only plots of raw
  rows (interactions, missing-value diagrams) are off;
* the correlation heatmap and table only up to :data:`HEATMAP_MAX_COLUMNS`
  columns in the matrix: the heatmap's SVG grows with the square of the
  columns and is unreadable long before;
* per-column frequency bar plots of categorical and boolean columns, and the
  length histograms of categorical columns, only up to
  :data:`PLOTS_MAX_COLUMNS` columns: each is one matplotlib figure (about
  0.1 s), and on wide data the frequency tables say the same;
* the rest renders as configured in :func:`settings_dict`.

Imports ``data_profiling`` lazily: importing this module stays cheap.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Quantiles the profile computes for numeric columns (pinned: the report shows them).
QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95]
#: A string column with more distinct values than this is typed "text", not "categorical"
#: (the library's ``vars.cat.cardinality_threshold``; pinned, default in code and YAML alike).
TEXT_CARDINALITY = 50
#: ... or whose distinct share reaches this (``vars.cat.percentage_cat_threshold``).
TEXT_DISTINCT_SHARE = 0.5
#: The report's correlation heatmap and table show a matrix of at most this many columns
#: (above it the section is left out: see the module docstring).
HEATMAP_MAX_COLUMNS = 30
#: Above this many columns, the report draws no frequency bar plots (categorical, boolean) and
#: no length histograms (categorical): the tables stay.
PLOTS_MAX_COLUMNS = 50


def settings_dict(thresholds: Mapping[str, float]) -> dict[str, Any]:
    """Every option that matters, as a plain dict (tests read it without the library)."""
    imbalance = float(thresholds["imbalance"])
    return {
        "title": "eda-drill profile",
        "infer_dtypes": True,  # False in minimal mode: would type "1","2" strings as text
        "pool_size": 1,  # one worker thread: more only contend for the GIL (measured) and the learner's cores
        "progress_bar": False,
        "sort": None,  # keep the frame's column order
        "vars": {
            "num": {
                "quantiles": QUANTILES,
                # pydantic field is an int (a float is truncated); the alert is for reference only,
                # facts carry the raw skewness and the grader applies the real threshold
                "skewness_threshold": max(1, round(float(thresholds["skewness"]))),
                "low_categorical_threshold": int(thresholds["categorical_levels"]),
                "chi_squared_threshold": 0.0,  # off: see the module docstring
            },
            "cat": {
                "length": True,
                "characters": False,
                "words": False,
                "cardinality_threshold": TEXT_CARDINALITY,
                "percentage_cat_threshold": TEXT_DISTINCT_SHARE,
                "imbalance_threshold": imbalance,
                "n_obs": 5,
                "chi_squared_threshold": 0.0,
                "coerce_str_to_date": False,
                "redact": False,
                "histogram_largest": 50,
                "dirty_categories": False,
            },
            "text": {"length": True, "characters": False, "words": False, "redact": False},
            "bool": {"n_obs": 3, "imbalance_threshold": imbalance},
            "file": {"active": False},
            "path": {"active": False},
            "image": {"active": False},
            "url": {"active": False},
            "timeseries": {"active": False},
        },
        "missing_diagrams": {"bar": False, "matrix": False, "heatmap": False},
        "correlation_table": True,
        "correlations": {
            name: {
                "key": name,
                "calculate": False,  # ours replace them (module docstring)
                "warn_high_correlations": name == "auto",
                "threshold": float(thresholds["correlation"]),
                "n_bins": 10,
            }
            for name in ("auto", "pearson", "spearman", "kendall", "phi_k", "cramers")
        },
        "interactions": {"continuous": False, "targets": []},
        "categorical_maximum_correlation_distinct": int(thresholds["correlation_levels"]),
        "memory_deep": False,
        "duplicates": {"head": 10, "key": "# duplicates"},  # the report's table of repeated rows
        "samples": {"head": 0, "tail": 0, "random": 0},
        "reject_variables": True,
        "n_obs_unique": 5,
        "n_freq_table_max": 10,
        "n_extreme_obs": 5,
        "report": {"precision": 8},
        "plot": {
            "image_format": "svg",
            "histogram": {"bins": 50, "max_bins": 250, "x_axis_labels": True, "density": False},
            "cat_freq": {"show": True, "type": "bar", "max_unique": 10},
        },
        "html": {"minify_html": True, "use_local_assets": True, "inline": True, "navbar_show": True},
    }


def profile_settings(thresholds: Mapping[str, float]) -> Any:
    """A ``data_profiling.config.Settings`` built from :func:`settings_dict`."""
    from data_profiling.config import Settings

    return Settings.parse_obj(settings_dict(thresholds))


def report_changes(columns: int, matrix_columns: int) -> dict[str, Any]:
    """What :func:`tune_report` changes for a frame of ``columns`` columns whose correlation
    matrix has ``matrix_columns``: ``{"heatmap": bool, "plots": bool}`` (tests read it)."""
    return {"heatmap": matrix_columns <= HEATMAP_MAX_COLUMNS, "plots": columns <= PLOTS_MAX_COLUMNS}


def tune_report(report: Any) -> dict[str, Any]:
    """Apply the wide-data report settings to a ``ProfileReport`` whose description exists."""
    description = report.get_description()
    matrix = (description.correlations or {}).get("auto")
    changes = report_changes(len(description.variables), 0 if matrix is None else len(matrix))
    if not changes["heatmap"]:
        description.correlations = {}
    if not changes["plots"]:
        report.config.plot.cat_freq.show = False
        report.config.vars.cat.length = False
    return changes
