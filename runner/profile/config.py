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
