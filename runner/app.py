"""What each command does, end to end: the one library call behind each CLI verb.

This module sits at the bottom of the flow (sources -> drill -> notebook ->
profile -> grade -> store -> review) and is the only one that composes them.
The CLI parses arguments, calls one function here and prints its result; the
notebook's kernel calls the same functions through ``runner.kernel``.
"""

from __future__ import annotations

import json
import os
import random
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner import drill as drill_folder
from runner import notebook, seal, sources
from runner.errors import BadInput, DrillError, NotebookError, ProfileError, SourceUnavailable
from runner.sources.base import Card, Entry
from runner.spec import Spec, load_spec
from runner.store import DrillRow, open_store

LEVELS = (1, 2, 3, 4)


@dataclass
class Started:
    drill_id: str
    notebook: Path
    folder: Path
    card: Card
    seed: int
    notices: list[str] = field(default_factory=list)


def check_level(level: int | None) -> None:
    if level is not None and level not in LEVELS:
        raise BadInput(
            f"unknown level {level}", hint="levels are 1 clean, 2 mixed types, 3 some missing, 4 messy"
        )


def grading_thresholds(spec: Spec) -> dict[str, Any]:
    from runner.profile import resolve_thresholds

    return resolve_thresholds(spec.grading)


def list_datasets(source: str | None = None, level: int | None = None, results: str | Path | None = None) -> list[Entry]:
    check_level(level)
    if source and source != "builtin":
        sources.configure(drill_folder.resolve_results(results) / "cache")
    return sources.entries(source, level)


def start(
    dataset_id: str | None = None,
    source: str | None = None,
    level: int | None = None,
    seed: int | None = None,
    spec_name: str = "eda-2h",
    results: str | Path | None = None,
    background_profile: bool = True,
    max_rows: int | None = None,
    focus: str | None = None,
) -> Started:
    """Create a drill: pick and load a dataset, write its folder, record it.

    Either everything lands (folder renamed into place and database row
    committed together) or nothing does.
    """
    check_level(level)
    if dataset_id is not None and not dataset_id.strip():
        raise BadInput("--dataset is empty", hint="give an id like builtin:sklearn/iris, or leave it out for a random pick")
    if seed is not None and not 0 <= seed < 2**63:
        raise BadInput(f"--seed must be a whole number from 0 to {2**63 - 1}, got {seed}")
    if dataset_id and (source or level is not None):
        raise BadInput("--dataset cannot be combined with --source or --level", hint="pass one or the other")
    spec = load_spec(spec_name)
    thresholds = grading_thresholds(spec)
    results_dir = drill_folder.resolve_results(results)
    notices: list[str] = []
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    if max_rows is not None and max_rows < 1:
        raise BadInput(f"--max-rows must be at least 1, got {max_rows}")
    sources.configure(results_dir / "cache")
    if focus is not None:
        if focus != "weak":
            raise BadInput(f"unknown focus {focus!r}", hint="the focus is `weak`: aim at the kinds you miss most")
        if dataset_id or (source and source != "builtin"):
            raise BadInput("--focus weak picks from the built-in catalog", hint="drop --dataset and --source")
        dataset_id = _pick_weak(seed, level, results_dir, thresholds, notices)
    if not dataset_id:
        dataset_id = _pick(seed, source, level, results_dir, notices)
        notices.append(f"picked {dataset_id} (seed {seed}; rerun with --seed {seed} for the same pick)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dataset = sources.load(dataset_id, max_rows=max_rows, seed=seed)
    notices += [f"warning: {w.message}" for w in caught if issubclass(w.category, UserWarning)]
    built = drill_folder.build(dataset, spec, results_dir, seed, thresholds)
    try:
        store = open_store(results_dir)
        with store, store.transaction():
            store.add_drill(
                DrillRow(
                    id=built.drill_id,
                    dataset_id=built.card.id,
                    source=built.card.source,
                    level=int(built.card.level),
                    title=built.card.title,
                    spec=spec.name,
                    seed=seed,
                    rows=built.card.rows,
                    columns=built.card.columns,
                    notebook=f"{built.drill_id}/{built.notebook_name}",
                    created_at=built.created_at,
                )
            )
            # inside the transaction: if the rename fails, the row is rolled back; the folder
            # replaces the empty one that reserved its id
            os.rename(built.tmp_dir, built.final_dir)
    except BaseException:
        drill_folder.discard(built)
        raise
    notices += [f"note: {n}" for n in built.card.notes]
    if background_profile:
        notices += _start_profile(built.final_dir, results_dir, thresholds)
    return Started(
        drill_id=built.drill_id,
        notebook=built.final_dir / built.notebook_name,
        folder=built.final_dir,
        card=built.card,
        seed=seed,
        notices=notices,
    )


def _pick(seed: int, source: str | None, level: int | None, results: Path, notices: list[str]) -> str:
    """Explicit source: ask it (a network source falls back to its pool, or fails fast).
    No source: OpenML if it answers within 2 s, else the local pool, else the built-in catalog."""
    if source:
        return sources.pick(seed, source, level)
    from runner.sources import network

    server = os.environ.get("DRILL_OPENML_SERVER") or network.OPENML_SERVER
    choice = network.choose_default(results / "cache", level=level, server=server)
    notices.append(choice.reason)
    try:
        return sources.pick(seed, choice.source, level)
    except (SourceUnavailable, BadInput) as exc:
        if choice.source == "builtin":
            raise
        notices.append(f"{choice.source} failed ({exc.one_line()}): using the built-in catalog")
        return sources.pick(seed, "builtin", level)


def _pick_weak(seed: int, level: int | None, results: Path, thresholds: dict[str, Any], notices: list[str]) -> str | None:
    """A built-in dataset whose findings include the kinds this learner misses most."""
    from runner import focus, stats

    kinds = focus.weak_kinds(results)
    if not kinds:
        notices.append("--focus weak: no graded drill yet, so no weak spots to aim at: picking at random")
        return None
    if level is None:
        advice = stats.compute(results).next_level
        level = advice.suggested if advice else None
    with open_store(results) as store:
        done = [d.dataset_id for d in store.drills()]
    dataset_id, matched = focus.pick_for(kinds, level, seed, thresholds=thresholds, exclude=done)
    hit = ", ".join(matched) if matched else "none of them (no candidate had them)"
    notices.append(f"--focus weak: aimed at your most-missed kinds {', '.join(kinds)}; {dataset_id} has {hit}")
    return dataset_id


def prefetch(
    source: str, level: int | None, count: int, results: str | Path | None, seed: int | None = None,
    progress: Callable[[int, int, str], Any] | None = None, max_rows: int | None = None,
) -> Any:
    """Download ``count`` datasets of a network source into the local pool, for offline days."""
    from runner.sources import pool

    check_level(level)
    if source not in ("openml", "uci"):
        raise BadInput(f"cannot prefetch from {source!r}", hint="prefetch --source openml or --source uci")
    if count < 1:
        raise BadInput(f"--count must be at least 1, got {count}")
    results_dir = drill_folder.resolve_results(results)
    sources.configure(results_dir / "cache")
    kwargs = {} if max_rows is None else {"max_rows": max_rows}
    return pool.prefetch(source, level, count, results_dir / "cache", seed, progress, **kwargs)


def _start_profile(folder: Path, results: Path, thresholds: dict[str, Any]) -> list[str]:
    from runner import profile

    try:
        profile.start_background(folder, results / "cache" / "profiles", thresholds)
    except OSError as exc:
        return [f"warning: could not start the background profile ({exc}); `drill grade` will run it"]
    return []


def open_lab(results: str | Path | None, notebook: Path, browser: bool = True) -> tuple[str, bool]:
    from runner import lab

    return lab.open_notebook(drill_folder.resolve_results(results), notebook, browser=browser)


def find_drill(results: str | Path | None, drill_id: str | None = None) -> tuple[DrillRow, Path]:
    """The named drill, or the current one (the most recently started)."""
    results_dir = drill_folder.resolve_results(results)
    if not (results_dir / "drills.sqlite").exists():
        raise BadInput(f"no drills in {results_dir} yet", hint="start one with `drill start`")
    with open_store(results_dir) as store:
        row = store.drill(drill_id) if drill_id else store.latest_drill()
        if row is None and drill_id:
            known = [d.id for d in store.drills()]
            import difflib

            close = difflib.get_close_matches(drill_id, known, n=3)
            raise BadInput(
                f"no drill {drill_id!r} in {results_dir}",
                hint=("did you mean " + ", ".join(close) + "?") if close else "run `drill review` without an id",
            )
    if row is None:
        raise BadInput(f"no drills in {results_dir} yet", hint="start one with `drill start`")
    return row, results_dir


@dataclass
class Located:
    """A drill as found on disk: its row (rebuilt if the database lost it), folder, notebook."""

    row: DrillRow
    results: Path
    folder: Path
    notebook: Path

    @property
    def meta(self) -> dict[str, Any]:
        return read_drill_file(self.folder, drill_folder.DRILL_JSON)

    @property
    def card(self) -> Card:
        return Card.from_json(read_drill_file(self.folder, drill_folder.CARD_JSON))


def read_drill_file(folder: Path, name: str) -> dict[str, Any]:
    """A drill folder's JSON file (drill.json, card.json), or a one-line error if it is damaged."""
    path = folder / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(f"{path} is missing", hint="the drill folder is incomplete; start a new drill") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"{path} is damaged ({str(exc).splitlines()[0]})", hint="restore it or start a new drill") from None
    if not isinstance(data, dict):
        raise BadInput(f"{path} is damaged (expected a JSON object)", hint="restore it or start a new drill")
    return data


def locate(notebook_path: str | Path | None = None, results: str | Path | None = None) -> Located:
    """The drill a notebook belongs to, or the current drill of ``results``.

    A notebook is tied to its drill by its metadata, so a notebook moved out
    of its folder still finds the drill in the results folder; a drill whose
    database row was lost gets the row back from its ``drill.json``.
    """
    if notebook_path is None:
        row, results_dir = find_drill(results)
        folder = results_dir / row.id
        return Located(row, results_dir, folder, results_dir / row.notebook)
    nb_path = Path(notebook_path).expanduser().resolve()
    meta = notebook.drill_meta(notebook.read(nb_path))
    drill_id = meta.get("drill_id")
    if not isinstance(drill_id, str) or not drill_id or "/" in drill_id:
        raise NotebookError(f"{nb_path} is not a drill notebook (it has no eda_drill metadata)")
    if (nb_path.parent / drill_folder.DRILL_JSON).is_file():
        folder, results_dir = nb_path.parent, nb_path.parent.parent
    else:
        results_dir = drill_folder.resolve_results(results)
        folder = results_dir / drill_id
    if not (folder / drill_folder.DRILL_JSON).is_file():
        raise BadInput(f"the drill folder of {drill_id} is missing ({folder})", hint="pass --results DIR")
    with open_store(results_dir) as store:
        row = store.drill(drill_id) or _restore_row(store, folder, nb_path)
    return Located(row, results_dir, folder, nb_path)


def _restore_row(store: Any, folder: Path, nb_path: Path) -> DrillRow:
    meta = read_drill_file(folder, drill_folder.DRILL_JSON)
    card = Card.from_json(read_drill_file(folder, drill_folder.CARD_JSON))
    row = DrillRow(
        id=meta["drill_id"], dataset_id=card.id, source=card.source, level=int(card.level), title=card.title,
        spec=meta["spec"], seed=meta.get("seed"), rows=card.rows, columns=card.columns,
        notebook=os.path.relpath(nb_path, folder.parent), created_at=meta["created_at"],
    )
    store.add_drill(row)
    return row


def _hypotheses_or_seal(nb: Any, sealed: dict[str, Any] | None, nb_path: Path) -> str:
    text = seal.hypotheses_text(nb)
    if text is not None:
        return text
    if sealed is not None:
        return sealed["text"]  # the learner deleted the cell after sealing: grade what was sealed
    raise NotebookError(
        f"{nb_path} has no cell tagged `hypotheses`",
        hint="add a markdown cell, tag it `hypotheses` (View > Cell toolbar > Tags) and write one claim per bullet",
    )


@dataclass
class Sealed:
    drill_id: str
    sealed_at: str
    sha256: str
    claims: int
    already: bool


def seal_hypotheses(notebook_path: str | Path | None = None, results: str | Path | None = None) -> Sealed:
    """Store the hypotheses' text, sha256 and time; sealing twice keeps the first seal."""
    from runner.hypotheses import parse_markdown

    loc = locate(notebook_path, results)
    nb = notebook.read(loc.notebook)
    with open_store(loc.results) as store:
        existing = store.get_seal(loc.row.id)
        if existing is None:
            text = _hypotheses_or_seal(nb, None, loc.notebook)
            store.seal(loc.row.id, drill_folder.now_iso(), seal.digest(text), text)
        record = store.get_seal(loc.row.id)
    claims = len(parse_markdown(record["text"], loc.card.column_names))
    return Sealed(loc.row.id, record["sealed_at"], record["sha256"], claims, already=existing is not None)


def ensure_profile(
    loc: Located, thresholds: dict[str, Any], on_tick: Callable[[dict, float], Any] | None = None,
    rerun: bool = False, timeout: float = 900.0,
) -> Path:
    """The drill's ``profile.json``: waits for the background run, or runs it now if asked to."""
    from runner import profile

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
    from runner import profile

    try:
        profile.write_profile(loc.folder / drill_folder.SNAPSHOT, profile.outputs(loc.folder), thresholds,
                              cache_dir=cache_dir)
    except DrillError:
        raise
    except Exception as exc:  # the profiling library fails in many ways: say it in one line
        raise ProfileError(f"the profile of {loc.row.id} failed: {type(exc).__name__}: {exc}") from exc


def publish_report(loc: Located) -> Path:
    """Once graded, the full profile report sits next to the notebook (it was hidden until then)."""
    from runner import atomic, profile

    report = loc.folder / profile.HTML_FILE
    hidden = profile.outputs(loc.folder) / profile.HTML_FILE
    if hidden.is_file():
        atomic.copy(hidden, report)
    return report


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
    from runner import findings
    from runner import grade as grading
    from runner.hypotheses import parse_markdown

    loc = locate(notebook_path, results)
    nb = notebook.read(loc.notebook)
    with open_store(loc.results) as store:
        sealed = store.get_seal(loc.row.id)
    text = _hypotheses_or_seal(nb, sealed, loc.notebook)
    state = seal.compare(seal.hypotheses_text(nb), sealed)
    thresholds = loc.meta.get("thresholds") or grading_thresholds(load_spec(loc.row.spec))
    claims = parse_markdown(text, loc.card.column_names)
    facts = findings.load_facts(ensure_profile(loc, thresholds, on_tick, rerun_profile))
    try:
        result = grading.grade(claims, facts, thresholds).to_json(state.to_json())
    except (KeyError, TypeError, AttributeError) as exc:
        raise ProfileError(f"the profile of {loc.row.id} is damaged ({type(exc).__name__}: {exc})",
                           hint="rerun it with `drill grade --rerun-profile`") from exc
    with open_store(loc.results) as store:
        result["peeks"] = len(store.events(loc.row.id, "peek"))  # looks at the data before the seal
        store.save_grade(loc.row.id, drill_folder.now_iso(), result)
    return Graded(loc.row.id, result, publish_report(loc), loc.row.title)


@dataclass
class Review:
    drill: DrillRow
    grade: dict[str, Any] | None
    reflection: str | None
    notebook: Path

    def to_json(self) -> dict[str, Any]:
        return {
            "drill": {k: getattr(self.drill, k) for k in self.drill.__dataclass_fields__},
            "grade": self.grade,
            "reflection": self.reflection,
            "notebook": str(self.notebook),
        }


def review(drill_id: str | None = None, results: str | Path | None = None) -> Review:
    """A drill after the fact: stored verdicts, missed patterns, and the reflection text."""
    row, results_dir = find_drill(results, drill_id)
    with open_store(results_dir) as store:
        stored = store.get_grade(row.id)
    nb_path = results_dir / row.notebook
    reflection = None
    try:
        cells = notebook.cells_tagged(notebook.read(nb_path), "reflection")
        reflection = "\n\n".join(notebook.cell_text(c).strip() for c in cells) or None
    except NotebookError:
        reflection = None  # the notebook was moved or deleted: the stored grade still stands
    return Review(row, stored, reflection, nb_path)


__all__ = ["DrillError", "Started", "find_drill", "grade_drill", "list_datasets", "locate", "open_lab",
           "review", "seal_hypotheses", "start"]
