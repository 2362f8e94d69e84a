"""``drill grade`` and the notebook's compare cell: the hypotheses against the profile, stored.

Waits for (or runs) the drill's profile, parses the hypotheses (the sealed
text when the cell is gone), grades them and stores the grade, replacing any
earlier one; then publishes the full report next to the notebook.

An ordinary drill measures its data for the planted kinds (issue #14) the
first time a claim names one: :func:`ordinary_truth`, kept in the private
folder like a planted drill's truth.

May import: ``runner.drill``, ``runner.profile``, ``runner.grading``, ``runner.session.seal``,
``runner.store``, ``runner.spec``, ``runner.sources.planted.truth``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner import atomic, profile
from runner.drill import folder as drill_folder
from runner.drill import notebook
from runner.drill.create import grading_thresholds
from runner.drill.locate import Located, locate
from runner.errors import DrillError, ProfileError
from runner.grading import grade as grading
from runner.grading import planted
from runner.grading.facts import load_facts
from runner.grading.grammar import parse_markdown
from runner.session import seal
from runner.spec import load_spec
from runner.store import open_store


def ensure_profile(
    loc: Located, thresholds: dict[str, Any], on_tick: Callable[[dict, float], Any] | None = None,
    rerun: bool = False, timeout: float = 900.0,
) -> Path:
    """The drill's ``profile.json``: waits for the background run, or runs it now if asked to."""
    out = profile.outputs(loc.folder)
    facts = out / profile.FACTS_FILE
    if rerun:
        # no cache: a rerun is asked for because the last result is not trusted
        _profile_now(loc, thresholds, cache_dir=None)
        return facts
    status = profile.status(loc.folder)
    if status.get("state") == "running":
        status = profile.wait(loc.folder, timeout=timeout, on_tick=on_tick)
    if status.get("state") == "failed":
        raise ProfileError(
            f"the profile of {loc.row.id} failed: {status.get('error') or 'unknown error'}",
            hint="rerun it with `drill grade --rerun-profile`",
        )
    if status.get("state") == "running":
        raise ProfileError(f"the profile of {loc.row.id} is still running after {timeout:.0f} s",
                           hint="try `drill grade` again later")
    if not facts.is_file():  # never started (or its files were deleted): run it here
        _profile_now(loc, thresholds, cache_dir=loc.results / "cache" / "profiles")
    return facts


def _profile_now(loc: Located, thresholds: dict[str, Any], cache_dir: Path | None) -> None:
    try:
        profile.write_profile(loc.folder / drill_folder.SNAPSHOT, profile.outputs(loc.folder), thresholds,
                              cache_dir=cache_dir)
    except DrillError:
        raise
    except Exception as exc:  # the profiling library fails in many ways: say it in one line
        raise ProfileError(f"the profile of {loc.row.id} failed: {type(exc).__name__}: {exc}") from exc


def publish_report(loc: Located) -> Path:
    """Once graded, the full profile report sits next to the notebook (it was hidden until then)."""
    report = loc.folder / profile.HTML_FILE
    hidden = profile.outputs(loc.folder) / profile.HTML_FILE
    if hidden.is_file():
        atomic.copy(hidden, report)
    return report


def ordinary_truth(loc: Located, claims: list) -> dict[str, Any] | None:
    """The drill's truth; for an ordinary drill whose claims name a planted kind, its data's measures, made now
    and kept (None over ``truth.ORDINARY_MAX_CELLS`` cells, or when a detector fails on an odd column)."""
    truth = drill_folder.read_truth(loc.results, loc.row.id)
    if truth is not None or loc.row.dataset_id.startswith("mess:") or \
            not any(c.kind in planted.PLANTED_KINDS for c in claims):
        return truth
    import warnings

    import pandas as pd

    from runner.sources.planted import truth as truths

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            truth = truths.ordinary(pd.read_parquet(loc.folder / drill_folder.SNAPSHOT), loc.card.target)
    except Exception:  # a detector failing on an odd column: the planted kinds stay ungradeable, the grade goes on
        return None
    drill_folder.keep_truth(loc.results, loc.row.id, truth)
    return truth


@dataclass
class Graded:
    drill_id: str
    grade: dict[str, Any]
    profile_html: Path
    title: str


def grade_drill(
    notebook_path: str | Path | None = None, results: str | Path | None = None,
    on_tick: Callable[[dict, float], Any] | None = None, rerun_profile: bool = False,
) -> Graded:
    """Grade the drill's hypotheses against its profile and store the grade (replacing any earlier one)."""
    loc = locate(notebook_path, results)
    nb = notebook.read(loc.notebook)
    with open_store(loc.results) as store:
        sealed = store.get_seal(loc.row.id)
        peeks = len(store.events(loc.row.id, "peek"))  # looks at the data before the seal
    text = seal.hypotheses_or_seal(nb, sealed, loc.notebook)
    state = seal.compare(seal.hypotheses_text(nb), sealed)
    thresholds = loc.meta.get("thresholds") or grading_thresholds(load_spec(loc.row.spec))
    claims = parse_markdown(text, loc.card.column_names)
    facts = load_facts(ensure_profile(loc, thresholds, on_tick, rerun_profile))
    try:
        truth = ordinary_truth(loc, claims)
        result = grading.grade(claims, facts, thresholds, truth).to_json(state.to_json())
    except (KeyError, TypeError, AttributeError) as exc:
        raise ProfileError(f"the profile of {loc.row.id} is damaged ({type(exc).__name__}: {exc})",
                           hint="rerun it with `drill grade --rerun-profile`") from exc
    result["peeks"] = peeks
    if truth is None and loc.row.dataset_id.startswith("mess:"):
        result["notes"].insert(0, {"kind": "truth_missing", "detail": (
            "the ground truth of this planted drill is gone from the private folder (a cleared cache?): "
            "its planted kinds could not be graded")})
    with open_store(loc.results) as store:
        store.save_grade(loc.row.id, drill_folder.now_iso(), result)
    return Graded(loc.row.id, result, publish_report(loc), loc.row.title)

