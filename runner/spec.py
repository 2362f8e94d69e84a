"""Drill specs: ``drills/<name>.yaml``.

A spec names the notebook template, the phases with their minutes, the
phase-2 checklist and the grading thresholds.  Keys:

``name``        the spec's name (the file's stem)
``kind``        ``eda`` (the default: a dataset, hypotheses, a graded profile) or ``intuition``
                (short estimation items, scored as they are answered: ``drills/intuition-10m.yaml``)
``title``       shown in the notebook
``template``    file name under ``templates/``
``phases``      list of ``{key, title, minutes}``, in order
``checklist``   list of ``{key, title, prompt, task?}``; ``task`` names a timed common task
``grading``     thresholds, merged over ``runner.grading.thresholds.DEFAULT_THRESHOLDS``
``items``       (intuition) list of ``{kind, count}``: the item kinds of ``runner.drill.intuition``
``intuition``   (intuition) settings of the item generator, documented in the spec file itself
``process_log`` ``false`` turns the process log off for drills of this spec (default ``true``;
                see ``runner.session.process_log``)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner.errors import BadInput

PACKAGE = Path(__file__).resolve().parent


def _room(installed: str, source: str) -> Path:
    """A data room of the project: inside the package in a wheel (``runner/specs``, mapped from
    ``drills/`` by ``pyproject.toml``), else the top-level folder of the source tree."""
    inside = PACKAGE / installed
    return inside if inside.is_dir() else PACKAGE.parent / source


DRILLS_DIR = _room("specs", "drills")
TEMPLATES_DIR = _room("templates", "templates")


@dataclass(frozen=True)
class Phase:
    key: str
    title: str
    minutes: float


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    title: str
    prompt: str = ""
    task: str | None = None


@dataclass(frozen=True)
class ItemCount:
    kind: str
    count: int


KINDS = ("eda", "intuition")


@dataclass
class Spec:
    name: str
    title: str
    template: Path
    phases: list[Phase]
    checklist: list[ChecklistItem]
    grading: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    kind: str = "eda"
    items: list[ItemCount] = field(default_factory=list)
    intuition: dict[str, Any] = field(default_factory=dict)
    process_log: bool = True

    @property
    def phase_minutes(self) -> dict[str, float]:
        return {p.key: p.minutes for p in self.phases}


def _minutes(value: Any) -> float:
    minutes = float(value)
    return int(minutes) if minutes.is_integer() else minutes


def available(drills_dir: Path = DRILLS_DIR) -> list[str]:
    return sorted(p.stem for p in drills_dir.glob("*.yaml"))


def load_spec(name: str = "eda-2h", drills_dir: Path = DRILLS_DIR) -> Spec:
    """Read and validate ``drills/<name>.yaml``; every problem is one BadInput line."""
    import yaml

    path = drills_dir / f"{name}.yaml"
    if "/" in name or not path.is_file():
        raise BadInput(f"unknown drill spec {name!r}", hint="choose one of " + ", ".join(available(drills_dir)))
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, OSError) as exc:
        raise BadInput(f"drill spec {path} is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(raw, dict):
        raise BadInput(f"drill spec {path} must be a mapping")
    try:
        phases = [Phase(str(p["key"]), str(p["title"]), _minutes(p["minutes"])) for p in raw["phases"]]
        checklist = [
            ChecklistItem(str(c["key"]), str(c["title"]), str(c.get("prompt", "")), c.get("task"))
            for c in raw.get("checklist") or []
        ]
        template = TEMPLATES_DIR / str(raw["template"])
        items = [ItemCount(str(i["kind"]), int(i.get("count", 1))) for i in raw.get("items") or []]
    except (KeyError, TypeError, ValueError) as exc:
        raise BadInput(f"drill spec {path} is missing or has a bad field: {exc}") from None
    if not phases or any(p.minutes <= 0 for p in phases):
        raise BadInput(f"drill spec {path}: every phase needs minutes > 0")
    kind = str(raw.get("kind", "eda"))
    if kind not in KINDS:
        raise BadInput(f"drill spec {path}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if kind == "intuition" and (not items or any(i.count < 1 for i in items)):
        raise BadInput(f"drill spec {path}: an intuition drill needs `items` with counts of at least 1")
    if not isinstance(raw.get("process_log", True), bool):
        raise BadInput(f"drill spec {path}: process_log must be true or false")
    if not template.is_file():
        raise BadInput(f"drill spec {path} names template {template.name!r}, which is not in {TEMPLATES_DIR}")
    return Spec(
        name=str(raw.get("name", name)),
        title=str(raw.get("title", name)),
        template=template,
        phases=phases,
        checklist=checklist,
        grading=dict(raw.get("grading") or {}),
        path=path,
        kind=kind,
        items=items,
        intuition=dict(raw.get("intuition") or {}),
        process_log=raw.get("process_log", True),
    )


@functools.lru_cache(maxsize=64)
def kind_of(name: str, drills_dir: Path = DRILLS_DIR) -> str:
    """The kind of spec ``name`` (``eda`` or ``intuition``); ``eda`` for a spec that no longer
    exists or does not load (the log outlives spec files, and every older drill is an EDA drill)."""
    try:
        return load_spec(name, drills_dir).kind
    except BadInput:
        return "eda"
