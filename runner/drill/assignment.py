"""Cohort assignments: an instructor publishes one drill for a class, each learner starts it.

``drill assign --dataset ID --seed N [--spec NAME] --cohort DIR [--name NAME]``
checks that the dataset loads and writes ``<cohort>/assignments/<name>.json``
(dataset, seed, spec, who published it and when).  ``drill start --assignment
NAME`` reads it from the cohort folder (``--cohort DIR``, else ``$DRILL_COHORT``,
which the hub's configuration sets for every learner) and starts that drill in
the learner's own results folder, exactly as ``drill start --dataset ID --seed N
--spec NAME`` would, recording the assignment in the same transaction as the
drill (the ``assignments`` table), so ``drill cohort`` can group a class's drills.

The assignment is published on purpose: the file and its folder are readable by
everyone on the machine (they hold no learner's data).  Everything a learner
writes stays private (``runner.atomic``).

May import: ``runner.drill.create``, ``runner.sources``, the infrastructure.
"""

from __future__ import annotations

import difflib
import getpass
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from runner import atomic, sources
from runner.drill import create
from runner.drill.folder import now_iso
from runner.errors import BadInput
from runner.spec import load_spec
from runner.store import DB_NAME, Store, open_store, resolve_results

#: The environment variable that names the cohort folder (set by the hub for each learner).
COHORT_ENV = "DRILL_COHORT"
FOLDER = "assignments"
PUBLISHED_FILE, PUBLISHED_DIR = 0o644, 0o755  # an assignment is for the whole class to read
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass
class Assignment:
    name: str
    dataset: str
    seed: int
    spec: str
    title: str
    level: int
    assigned_at: str  # ISO 8601, UTC
    assigned_by: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Published:
    assignment: Assignment
    path: Path
    notices: list[str]


def cohort_folder(cohort: str | Path | None) -> Path:
    """``--cohort DIR`` if given, else ``$DRILL_COHORT``; a one-line error when neither is set."""
    chosen = cohort or os.environ.get(COHORT_ENV)
    if not chosen:
        raise BadInput("no cohort folder given",
                       hint=f"pass --cohort DIR or set {COHORT_ENV} (on a class hub it is set for you)")
    return Path(chosen).expanduser().resolve()


def _check_name(name: str) -> str:
    if not NAME.fullmatch(name or ""):
        raise BadInput(f"{name!r} is not an assignment name",
                       hint="use letters, digits, '.', '_' or '-' (up to 64), starting with a letter or digit")
    return name


def _default_name(dataset_id: str, seed: int) -> str:
    tail = dataset_id.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    slug = re.sub(r"[^a-z0-9]+", "-", tail.lower()).strip("-")[:40] or "drill"
    return f"{slug}-{seed}"


def _absolute_file_id(dataset_id: str) -> str:
    """``file:data.csv`` names a file relative to the instructor: learners need its absolute path."""
    if dataset_id.startswith("file:") and dataset_id[5:].strip():
        return "file:" + str(Path(dataset_id[5:]).expanduser().resolve())
    return dataset_id


def assign(dataset_id: str, seed: int | None, spec_name: str, cohort: str | Path | None,
           name: str | None = None, results: str | Path | None = None) -> Published:
    """Publish a drill for the class: check the spec and that the dataset loads, then write its file."""
    if not (dataset_id or "").strip():
        raise BadInput("--dataset is empty", hint="give a dataset id like builtin:sklearn/iris")
    if seed is not None and not 0 <= seed < 2**63:
        raise BadInput(f"--seed must be a whole number from 0 to {2**63 - 1}, got {seed}")
    folder = cohort_folder(cohort) / FOLDER
    notices: list[str] = []
    if seed is None:
        import random

        seed = random.SystemRandom().randrange(2**31)
        notices.append(f"seed {seed} (every learner gets the same)")
    name = _check_name(name or _default_name(dataset_id, seed))
    path = folder / f"{name}.json"
    if path.exists():
        raise BadInput(f"assignment {name} already exists in {folder.parent}",
                       hint="learners may have started it: choose another --name")
    spec = load_spec(spec_name)
    dataset_id = _absolute_file_id(dataset_id.strip())
    create.configure_sources(resolve_results(results))
    card = sources.load(dataset_id, seed=seed).card
    if dataset_id.startswith("file:") and not os.stat(dataset_id[5:]).st_mode & 0o004:
        notices.append(f"warning: {dataset_id[5:]} is not readable by others: learners may not be able to load it")
    assignment = Assignment(name=name, dataset=card.id, seed=seed, spec=spec.name, title=card.title,
                            level=int(card.level), assigned_at=now_iso(), assigned_by=getpass.getuser())
    _publish_folder(folder)
    atomic.write_text(path, json.dumps(assignment.to_json(), indent=1) + "\n", mode=PUBLISHED_FILE)
    return Published(assignment, path, notices)


def _publish_folder(folder: Path) -> None:
    """Create the cohort folder and its ``assignments/`` readable by the class (whatever the umask)."""
    for level in (folder.parent, folder):
        if not level.is_dir():
            level.mkdir(parents=True)
            level.chmod(PUBLISHED_DIR)


def available(cohort: Path) -> list[str]:
    folder = cohort / FOLDER
    try:
        return sorted(p.stem for p in folder.glob("*.json") if NAME.fullmatch(p.stem))
    except OSError:
        return []


def load_assignment(name: str, cohort: str | Path | None) -> tuple[Assignment, Path]:
    """The published assignment ``name`` and the cohort folder it is in."""
    folder = cohort_folder(cohort)
    _check_name(name)
    path = folder / FOLDER / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = available(folder)
        close = difflib.get_close_matches(name, known, n=3)
        hint = (f"did you mean {', '.join(close)}?" if close else
                f"the cohort has {', '.join(known)}" if known else "ask your instructor to publish it with `drill assign`")
        raise BadInput(f"no assignment {name!r} in {folder}", hint=hint) from None
    except PermissionError:
        raise BadInput(f"cannot read assignment {name!r} in {folder}",
                       hint="ask your instructor to make the cohort folder readable") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadInput(f"assignment {name!r} in {folder} is not valid JSON ({exc})",
                       hint="ask your instructor to publish it again") from None
    try:
        assignment = Assignment(**{key: data[key] for key in Assignment.__dataclass_fields__})
    except (KeyError, TypeError) as exc:
        raise BadInput(f"assignment {name!r} in {folder} lacks {exc}", hint="ask your instructor to publish it again") from None
    if not (isinstance(assignment.seed, int) and isinstance(assignment.dataset, str) and isinstance(assignment.spec, str)):
        raise BadInput(f"assignment {name!r} in {folder} is not one `drill assign` wrote",
                       hint="ask your instructor to publish it again")
    return assignment, folder


def started_drill(results: Path, name: str, cohort: Path) -> str | None:
    """The drill this results folder already started for the assignment, if any."""
    if not (results / DB_NAME).is_file():
        return None
    with open_store(results) as store:
        found = store.conn.execute("SELECT drill_id FROM assignments WHERE name = ? AND cohort = ?",
                                   (name, str(cohort))).fetchone()
    return found[0] if found else None


def start_assignment(name: str, cohort: str | Path | None, results: str | Path | None,
                     background_profile: bool = True, process_log: bool = True) -> create.Started:
    """``drill start --assignment NAME``: the published drill, in the learner's own results folder."""
    assignment, folder = load_assignment(name, cohort)
    results_dir = resolve_results(results)
    already = started_drill(results_dir, assignment.name, folder)
    if already:
        raise BadInput(f"you started assignment {assignment.name} already (drill {already})",
                       hint=f"`drill open {already}` reopens it")

    def record(store: Store, drill_id: str) -> None:
        store.conn.execute("INSERT INTO assignments (drill_id, name, cohort, assigned_at) VALUES (?, ?, ?, ?)",
                           (drill_id, assignment.name, str(folder), assignment.assigned_at))

    started = create.start(assignment.dataset, seed=assignment.seed, spec_name=assignment.spec,
                           results=results_dir, background_profile=background_profile, on_record=record,
                           process_log=process_log)
    started.notices.insert(0, f"assignment {assignment.name} from {folder} (assigned {assignment.assigned_at[:10]} "
                              f"by {assignment.assigned_by})")
    return started
