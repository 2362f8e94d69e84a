"""The intuition drills' items in the log: ``intuition_items`` (see :mod:`runner.store.schema`).

Functions over an open :class:`~runner.store.Store` (``with open_store(results) as store:``),
so SQLite errors become one line there.  An item's row is written at the
start without its truth; :func:`record_answer` fills answer, truth and error
at once, and only once (an answer is final).

May import: nothing of the project (the store is passed in).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runner.store import Store

JSON_COLUMNS = ("columns", "form", "answer", "truth", "detail")


def add_items(store: Store, drill_id: str, items: list[dict[str, Any]]) -> None:
    """The items as started: number, kind, dataset_id, columns, prompt and the answer's form (``answer``)."""
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO intuition_items (drill_id, number, kind, dataset_id, columns, prompt, form)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(drill_id, i["number"], i["kind"], i["dataset_id"], json.dumps(i["columns"]), i["prompt"],
              json.dumps(i["answer"])) for i in items],
        )


def record_answer(store: Store, drill_id: str, number: int, answer: Any, truth: dict[str, Any],
                  error: float | None, signed_error: float | None, hit: bool, answered_at: float,
                  seconds: float | None, late: bool, detail: dict[str, Any]) -> bool:
    """Store an answer unless the item already has one; True when this call stored it."""
    with store.transaction() as conn:
        cur = conn.execute(
            "UPDATE intuition_items SET answer = ?, truth = ?, error = ?, signed_error = ?, hit = ?, answered_at = ?,"
            " seconds = ?, late = ?, detail = ? WHERE drill_id = ? AND number = ? AND answered_at IS NULL",
            (json.dumps(answer), json.dumps(truth), error, signed_error, int(hit), answered_at, seconds, int(late),
             json.dumps(detail), drill_id, number),
        )
        return cur.rowcount == 1


def set_note(store: Store, drill_id: str, number: int, note: str) -> None:
    with store.transaction() as conn:
        conn.execute("UPDATE intuition_items SET note = ? WHERE drill_id = ? AND number = ?", (note, drill_id, number))


def _row(row: Any) -> dict[str, Any]:
    out = dict(row)
    for key in JSON_COLUMNS:
        if out.get(key) is not None:
            out[key] = json.loads(out[key])
    out["late"] = bool(out["late"])
    out["hit"] = None if out["hit"] is None else bool(out["hit"])
    return out


def items(store: Store, drill_id: str | None = None) -> list[dict[str, Any]]:
    """Item rows (JSON columns decoded), by drill and number; every drill's when ``drill_id`` is None."""
    if drill_id is None:
        cur = store.conn.execute("SELECT * FROM intuition_items ORDER BY drill_id, number")
    else:
        cur = store.conn.execute("SELECT * FROM intuition_items WHERE drill_id = ? ORDER BY number", (drill_id,))
    return [_row(r) for r in cur.fetchall()]
