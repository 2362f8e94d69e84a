"""The phase clock: start, next, pause, resume, finish, against the drill log.

Every change is written to ``drills.sqlite`` as it happens, and every reading
is derived from the stored times, never from a widget: reloading the page,
restarting the kernel or reopening JupyterLab shows the same deadline.

Double clicks and two tabs are safe: ``advance`` names the phase the caller
saw, and the end of that phase is a conditional UPDATE inside one
transaction, so a second identical request changes nothing.  A clock that
jumps backwards (laptop sleep, NTP) never yields negative elapsed time.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from runner.errors import BadInput
from runner.spec import Spec
from runner.store import Store


@dataclass
class PhaseTimes:
    position: int
    key: str
    title: str
    planned_minutes: float
    started_at: float | None = None
    ended_at: float | None = None
    paused_seconds: float = 0.0  # within this phase, up to now

    def elapsed(self, now: float) -> float:
        """Seconds worked in this phase (pauses excluded), from the stored times."""
        if self.started_at is None:
            return 0.0
        end = self.ended_at if self.ended_at is not None else now
        return max(0.0, end - self.started_at - self.paused_seconds)


@dataclass
class Clock:
    drill_id: str
    phases: list[PhaseTimes]
    now: float
    current: int | None  # index of the running phase; None before the start; len(phases) when finished
    paused_since: float | None = None
    pauses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def started(self) -> bool:
        return self.current is not None

    @property
    def finished(self) -> bool:
        return self.current is not None and self.current >= len(self.phases)

    @property
    def phase(self) -> PhaseTimes | None:
        return self.phases[self.current] if self.started and not self.finished else None

    def remaining(self) -> float | None:
        """Seconds left in the running phase; negative once it overruns."""
        phase = self.phase
        if phase is None:
            return None
        return phase.planned_minutes * 60 - phase.elapsed(self.now)

    def total_seconds(self) -> float:
        return sum(p.elapsed(self.now) for p in self.phases)

    def to_json(self) -> dict[str, Any]:
        phase = self.phase
        return {
            "drill_id": self.drill_id,
            "now": self.now,
            "current": self.current,
            "started": self.started,
            "finished": self.finished,
            "phase": phase.key if phase else None,
            "title": phase.title if phase else None,
            "remaining": self.remaining(),
            "paused": self.paused_since is not None,
            "paused_since": self.paused_since,
            "pauses": self.pauses,
            "phases": [asdict(p) | {"elapsed": p.elapsed(self.now)} for p in self.phases],
            "total_seconds": self.total_seconds(),
        }


def _ensure_rows(store: Store, drill_id: str, spec: Spec) -> None:
    if store.phase_rows(drill_id):
        return
    if store.drill(drill_id) is None:
        raise BadInput(f"no drill {drill_id!r} in {store.path}", hint="start one with `drill start`")
    with store.transaction() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO phases (drill_id, position, key, planned_minutes) VALUES (?, ?, ?, ?)",
            [(drill_id, i, p.key, p.minutes) for i, p in enumerate(spec.phases)],
        )


def read(store: Store, drill_id: str, spec: Spec, now: float | None = None) -> Clock:
    """The clock as stored (creating the drill's phase rows from its spec on first use)."""
    now = time.time() if now is None else now
    _ensure_rows(store, drill_id, spec)
    titles = {p.key: p.title for p in spec.phases}
    pauses = store.pause_rows(drill_id)
    phases = []
    for row in store.phase_rows(drill_id):
        paused = sum(
            max(0.0, (p["ended_at"] if p["ended_at"] is not None else now) - p["started_at"])
            for p in pauses
            if p["position"] == row["position"]
        )
        phases.append(
            PhaseTimes(row["position"], row["key"], titles.get(row["key"], row["key"]), row["planned_minutes"],
                       row["started_at"], row["ended_at"], paused)
        )
    if phases[0].started_at is None:
        current = None
    else:
        running = [p.position for p in phases if p.started_at is not None and p.ended_at is None]
        current = running[0] if running else len(phases)
    open_pause = next((p["started_at"] for p in pauses if p["ended_at"] is None), None)
    return Clock(drill_id, phases, now, current, open_pause, pauses)


def start(store: Store, drill_id: str, spec: Spec, now: float | None = None) -> Clock:
    """Start phase 1; starting a started drill changes nothing."""
    now = time.time() if now is None else now
    _ensure_rows(store, drill_id, spec)
    with store.transaction() as conn:
        conn.execute(
            "UPDATE phases SET started_at = ? WHERE drill_id = ? AND position = 0 AND started_at IS NULL",
            (now, drill_id),
        )
    return read(store, drill_id, spec, now)


def advance(store: Store, drill_id: str, spec: Spec, expected: int, now: float | None = None) -> tuple[Clock, bool]:
    """End phase ``expected`` and start the next; returns the clock and whether anything moved.

    ``expected`` is the phase the caller saw running: a second click, or a
    second tab, that still names the phase already ended moves nothing.
    """
    now = time.time() if now is None else now
    clock = read(store, drill_id, spec, now)
    if clock.current != expected or clock.finished:
        return clock, False
    with store.transaction() as conn:
        # max(now, started_at): a clock that jumped back never makes a negative span
        conn.execute(
            "UPDATE pauses SET ended_at = max(?, started_at) WHERE drill_id = ? AND ended_at IS NULL", (now, drill_id)
        )
        ended = conn.execute(
            "UPDATE phases SET ended_at = max(?, started_at) WHERE drill_id = ? AND position = ?"
            " AND ended_at IS NULL AND started_at IS NOT NULL",
            (now, drill_id, expected),
        ).rowcount
        if ended:
            conn.execute(
                "UPDATE phases SET started_at = ? WHERE drill_id = ? AND position = ? AND started_at IS NULL",
                (now, drill_id, expected + 1),
            )
    return read(store, drill_id, spec, now), bool(ended)


def pause(store: Store, drill_id: str, spec: Spec, reason: str | None = None, now: float | None = None) -> Clock:
    """Pause the running phase (a real interruption); pausing twice changes nothing."""
    now = time.time() if now is None else now
    clock = read(store, drill_id, spec, now)
    if clock.phase is not None and clock.paused_since is None:
        with store.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO pauses (drill_id, position, started_at, reason) VALUES (?, ?, ?, ?)",
                (drill_id, clock.current, now, reason),
            )
    return read(store, drill_id, spec, now)


def resume(store: Store, drill_id: str, spec: Spec, now: float | None = None) -> Clock:
    now = time.time() if now is None else now
    with store.transaction() as conn:
        conn.execute(
            "UPDATE pauses SET ended_at = max(?, started_at) WHERE drill_id = ? AND ended_at IS NULL", (now, drill_id)
        )
    return read(store, drill_id, spec, now)
