"""``drill grade`` and the notebook's compare cell: the hypotheses against the profile, stored.

Waits for the profile's facts only (the HTML report may still be rendering),
parses the hypotheses (the sealed text when the cell is gone), grades them and
stores the grade, replacing any earlier one; then publishes the full report
next to the notebook, at once or as soon as it is rendered.

A profile that died (a dead process, a damaged status file or facts file)
never blocks a plain grade: the facts are computed again here, up to
:data:`AUTO_ATTEMPTS` runs in all; a run that failed with an error of its own
says so in one line, and ``--rerun-profile`` runs it again.

``drill.compare()`` before phase 3 asks first (:func:`early_compare`) and, once
confirmed, is recorded like a peek: the grade shows the answer key.

An ordinary drill measures its data for the planted kinds (issue #14) the
first time a claim names one: :func:`ordinary_truth`, kept in the private
folder like a planted drill's truth.

May import: ``runner.drill``, ``runner.profile``, ``runner.grading``, ``runner.session.seal``,
``runner.store``, ``runner.spec``, ``runner.sources.planted.truth``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner import profile
from runner.drill import folder as drill_folder
from runner.drill import hidden, notebook, records
from runner.drill.create import grading_thresholds
from runner.drill.locate import Located, locate
from runner.errors import BadInput, DrillError, ProfileError
from runner.grading import grade as grading
from runner.grading import planted
from runner.grading.facts import load_facts
from runner.grading.grammar import parse_markdown
from runner.session import seal
from runner.spec import kind_of, load_spec
from runner.store import open_store

#: A plain grade runs a profile that died again itself while fewer runs than this were made.
AUTO_ATTEMPTS = 3
#: The phase whose start makes ``drill.compare()`` an ordinary step, not a look at the answer key.
COMPARE_PHASE = "compare"


def ensure_facts(
    loc: Located, thresholds: dict[str, Any], on_tick: Callable[[dict, float], Any] | None = None,
    rerun: bool = False, timeout: float = 900.0, notes: list[str] | None = None,
) -> Path:
    """The drill's ``profile.json``: waits for a running profile's facts, or computes them now."""
    files = hidden.DrillFiles.of(loc)
    target = files.profile()
    if rerun:  # no cache: a rerun is asked for because the last result is not trusted
        target.cancel()  # it supersedes a background run (a run in another command is left alone: refused)
        return _facts_now(loc, target, thresholds, fresh=True)
    status = target.status()
    if status["state"] == "running":
        status = target.wait(timeout=timeout, on_tick=on_tick)
    if status["state"] == "done":
        return target.facts
    if status["state"] == "running":
        raise ProfileError(f"the profile of {loc.row.id} is still running after {timeout:.0f} s",
                           hint="try `drill grade` again later")
    if status["state"] == "failed" and not (status["recoverable"] and status["attempts"] < AUTO_ATTEMPTS):
        raise ProfileError(f"the profile of {loc.row.id} failed: {status['error'] or 'unknown error'}",
                           hint="rerun it with `drill grade --rerun-profile`")
    if status["state"] == "failed" and notes is not None:
        notes.append(f"the last profile run did not finish ({status['error']}): ran it again")
    return _facts_now(loc, target, thresholds, fresh=False)


def _facts_now(loc: Located, target: profile.Profile, thresholds: dict[str, Any], fresh: bool) -> Path:
    hidden.DrillFiles.of(loc).require_snapshot(loc.row.dataset_id, loc.row.seed)
    try:
        return profile.facts_now(target, thresholds, hidden.profile_cache(), fresh=fresh)
    except DrillError:
        raise
    except Exception as exc:  # the profiling library fails in many ways: say it in one line
        raise ProfileError(f"the profile of {loc.row.id} failed: {type(exc).__name__}: {exc}",
                           hint="see the message above; `drill grade --rerun-profile` runs it again") from exc


def publish_report(loc: Located, thresholds: dict[str, Any] | None = None) -> str:
    """Once graded, the full report sits next to the notebook (it was hidden until then).

    Returns its state: ``ready`` (in place), ``rendering`` (it lands there when
    rendered), ``failed`` (the status says why) or ``missing``.  A report
    nobody is rendering any more is started again in the background.
    """
    files = hidden.DrillFiles.of(loc)
    target = files.profile()
    if target.publish_report(files.report):
        return "ready"
    state = target.status()["report"]
    if state == "missing" and thresholds is not None:
        try:
            target.start(thresholds, hidden.profile_cache())
            state = "rendering"
        except (OSError, DrillError):
            pass
    return "ready" if target.deliver_report() and files.report.is_file() else state


def early_compare(loc: Located) -> str | None:
    """Why comparing now would show the answer key early (None when it is time to compare):
    the clock runs in a phase before compare, or the hypotheses are not sealed."""
    from runner.session import clock as phases

    spec = load_spec(loc.row.spec)
    keys = [p.key for p in spec.phases]
    with open_store(loc.results) as store:
        sealed = store.get_seal(loc.row.id) is not None
        clock = phases.read(store, loc.row.id, spec)
    if COMPARE_PHASE in keys and clock.started and not clock.finished and clock.current < keys.index(COMPARE_PHASE):
        return f"phase {clock.current + 1} ({spec.phases[clock.current].title}) is still running"
    if not sealed:
        return "your hypotheses are not sealed yet"
    return None


def record_early_compare(loc: Located, why: str) -> None:
    """A confirmed early compare counts as a peek (the grade shows the answer key)."""
    with open_store(loc.results) as store:
        store.add_event(loc.row.id, time.time(), "peek", {"what": "compare", "why": why})


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
            snapshot = hidden.DrillFiles.of(loc).snapshot()
            truth = truths.ordinary(pd.read_parquet(snapshot), loc.card.target) if snapshot else None
    except Exception:  # a detector failing on an odd column: the planted kinds stay ungradeable, the grade goes on
        return None
    if truth is not None:
        drill_folder.keep_truth(loc.results, loc.row.id, truth)
    return truth


@dataclass
class Graded:
    drill_id: str
    grade: dict[str, Any]
    profile_html: Path
    title: str
    report: str = "ready"  # ready | rendering | failed | missing (see publish_report)
    notes: list[str] = field(default_factory=list)


def grade_drill(
    notebook_path: str | Path | None = None, results: str | Path | None = None,
    on_tick: Callable[[dict, float], Any] | None = None, rerun_profile: bool = False,
) -> Graded:
    """Grade the drill's hypotheses against its profile and store the grade (replacing any earlier one)."""
    loc = locate(notebook_path, results)
    if kind_of(loc.row.spec) == "intuition":
        raise BadInput(f"{loc.row.id} is an intuition drill: intuition drills are scored as you answer",
                       hint=f"`drill review {loc.row.id}` shows it item by item")
    nb = notebook.read(loc.notebook)
    with open_store(loc.results) as store:
        sealed = store.get_seal(loc.row.id)
        peeks = len(store.events(loc.row.id, "peek"))  # looks at the data before the seal
    text = seal.hypotheses_or_seal(nb, sealed, loc.notebook)
    state = seal.compare(seal.hypotheses_text(nb), sealed)
    thresholds = loc.meta.get("thresholds") or grading_thresholds(load_spec(loc.row.spec))
    claims = parse_markdown(text, loc.card.column_names)
    notes: list[str] = []
    facts = load_facts(ensure_facts(loc, thresholds, on_tick, rerun_profile, notes=notes))
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
    graded_at = drill_folder.now_iso()
    with open_store(loc.results) as store:
        store.save_grade(loc.row.id, graded_at, result)  # and backs the log up
    records.write_grade(loc.folder, loc.row.id, graded_at, result)  # the folder keeps it too: `drill repair`
    hidden.DrillFiles.of(loc).publish_data()  # graded: nothing is hidden any more
    report = publish_report(loc, thresholds)
    return Graded(loc.row.id, result, loc.folder / profile.HTML_FILE, loc.row.title, report, notes)
