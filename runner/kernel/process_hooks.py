"""The process log's hooks: IPython's ``pre_run_cell`` / ``post_run_cell`` events, registered by ``open_drill``.

A hook takes the time, the cell's code and whether it raised, and queues a
:class:`~runner.session.process_log.CellRun` for the writer's thread; it does
nothing else on the learner's time.  Registration is idempotent: one set of
hooks per IPython shell, so re-running the setup cell (or opening another drill
in the same kernel) replaces the hooks instead of adding a second pair, and a
cell is never recorded twice.  Any error inside a hook is swallowed and logged
once; it never reaches the learner's cell.
"""

from __future__ import annotations

import atexit
import logging
import time
from typing import Any

from runner.drill.locate import Located
from runner.session import process_log

#: The attribute of the IPython shell that holds the hooks registered on it.
ATTRIBUTE = "_eda_drill_process_hooks"
log = logging.getLogger(__name__)


class Hooks:
    """``pre`` and ``post`` for one shell, writing to one drill's :class:`~runner.session.process_log.CellWriter`."""

    def __init__(self, shell: Any, writer: process_log.CellWriter, drill_id: str) -> None:
        self.shell, self.writer, self.drill_id = shell, writer, drill_id
        self._pending: tuple[float, float, str | None, str | None] | None = None
        self._failed = False

    def pre(self, info: Any) -> None:
        try:
            self._pending = (time.time(), time.perf_counter(), info.raw_cell, getattr(info, "cell_id", None))
        except Exception:  # noqa: BLE001 - never break the learner's cell
            self._swallow("pre_run_cell")

    def post(self, result: Any) -> None:
        try:
            pending, self._pending = self._pending, None
            if pending is None or result is None:
                return
            started, clock, code, cell_id = pending
            info = getattr(result, "info", None)
            error = result.error_before_exec or result.error_in_exec
            self.writer.submit(process_log.CellRun(
                started_at=started, seconds=time.perf_counter() - clock,
                code=code if code is not None else str(getattr(info, "raw_cell", "") or ""),
                success=error is None, error=type(error).__name__ if error is not None else None,
                execution=result.execution_count, cell_id=cell_id or getattr(info, "cell_id", None),
            ))
        except Exception:  # noqa: BLE001 - never break the learner's cell
            self._swallow("post_run_cell")

    def _swallow(self, event: str) -> None:
        if not self._failed:
            self._failed = True
            log.warning("eda-drill: the process log's %s hook failed; the cell ran normally", event, exc_info=True)

    def unregister(self) -> None:
        for event, hook in (("pre_run_cell", self.pre), ("post_run_cell", self.post)):
            if hook in self.shell.events.callbacks[event]:
                self.shell.events.unregister(event, hook)
        self.writer.close()


def _stale(shell: Any) -> list[Any]:
    """Hooks of ours already on the shell (also after this module was reloaded)."""
    found = []
    for event in ("pre_run_cell", "post_run_cell"):
        for callback in shell.events.callbacks[event]:
            owner = getattr(callback, "__self__", None)
            if type(owner).__name__ == "Hooks" and type(owner).__module__ == __name__ and owner not in found:
                found.append(owner)
    return found


def register(loc: Located, shell: Any = None) -> Hooks | None:
    """Record every cell this kernel runs for ``loc``'s drill; None outside IPython or with the log off.

    The cell running now (the setup cell) is recorded too, from the moment of
    registration.  Errors here are swallowed and logged: the drill works without its log.
    """
    try:
        if shell is None:
            from IPython import get_ipython

            shell = get_ipython()
        if shell is None or not hasattr(shell, "events"):
            return None
        old = [h for h in [getattr(shell, ATTRIBUTE, None), *_stale(shell)] if h is not None]
        pending = next((h._pending for h in old if h._pending is not None), None)
        for hooks in dict.fromkeys(old):
            hooks.unregister()
        setattr(shell, ATTRIBUTE, None)
        writer = process_log.open_log(loc)
        if writer is None:
            return None
        hooks = Hooks(shell, writer, loc.row.id)
        hooks._pending = pending or (time.time(), time.perf_counter(), None, None)
        shell.events.register("pre_run_cell", hooks.pre)
        shell.events.register("post_run_cell", hooks.post)
        setattr(shell, ATTRIBUTE, hooks)
        atexit.register(hooks.writer.close)
        return hooks
    except Exception:  # noqa: BLE001 - the drill must open even if its log cannot start
        log.warning("eda-drill: the process log could not start; the drill works without it", exc_info=True)
        return None


def current(shell: Any = None) -> Hooks | None:
    """The hooks registered on this kernel's shell, if any."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    return getattr(shell, ATTRIBUTE, None) if shell is not None else None


def unregister(shell: Any = None) -> None:
    hooks = current(shell)
    if hooks is not None:
        hooks.unregister()
        setattr(shell if shell is not None else hooks.shell, ATTRIBUTE, None)
