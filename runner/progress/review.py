"""``drill review``, and showing a grade: rich tables in the terminal, an HTML table in the notebook.

Both render the same grade JSON (the contract of ``design.md``), so what the
learner sees in phase 3 is what ``drill grade`` and ``drill review`` print.

May import: ``runner.drill`` (to find a drill and read its notebook), ``runner.store``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from runner.drill import notebook
from runner.drill.locate import find_drill
from runner.errors import NotebookError
from runner.store import DrillRow, open_store

VERDICT_STYLE = {"confirmed": "green", "refuted": "red", "ungradeable": "yellow"}
VERDICT_MARK = {"confirmed": "✔", "refuted": "✘", "ungradeable": "?"}


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0%}"


def summary(grade: dict[str, Any]) -> str:
    s = grade["score"]
    return (
        f"{s['confirmed']} confirmed, {s['refuted']} refuted, {s['ungradeable']} ungradeable; "
        f"precision {_pct(s['precision'])}; you predicted {s['predicted']} of {s['findings']} notable "
        f"findings (recall {_pct(s['recall'])}), missed {s['missed']}"
    )


def seal_line(grade: dict[str, Any]) -> str:
    seal = grade.get("seal") or {}
    state = seal.get("state", "unsealed" if not grade.get("sealed") else "sealed")
    if state == "sealed":
        return f"Hypotheses sealed at {seal.get('sealed_at')} and unchanged since."
    if state == "edited":
        return f"Hypotheses sealed at {seal.get('sealed_at')} but edited afterwards:"
    return "Hypotheses were never sealed: these verdicts may include hindsight."


def peek_line(grade: dict[str, Any]) -> str:
    n = grade.get("peeks") or 0
    return f"You looked at the data {n} time(s) before sealing your hypotheses." if n else ""


def print_grade(grade: dict[str, Any], console: Any, title: str = "", profile_html: str | None = None,
                report: str = "ready") -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"Hypotheses: {escape(title)}" if title else "Hypotheses", show_lines=False)
    table.add_column("verdict")
    table.add_column("claim")
    table.add_column("evidence")
    for h in grade["hypotheses"]:
        style = VERDICT_STYLE[h["verdict"]]
        table.add_row(f"[{style}]{VERDICT_MARK[h['verdict']]} {h['verdict']}[/]", escape(h["text"]),
                      escape(h["evidence"].get("detail", "")))
    if not grade["hypotheses"]:
        table.add_row("", "[dim]no hypotheses written[/]", "")
    console.print(table)
    console.print(escape(seal_line(grade)))
    if peek_line(grade):
        console.print(f"[yellow]{peek_line(grade)}[/]")
    for line in (grade.get("seal") or {}).get("diff", []):
        console.print(f"  [{'green' if line.startswith('+') else 'red'}]{escape(line)}[/]", highlight=False)
    missed = Table(title="Notable patterns you did not predict", show_lines=False)
    missed.add_column("kind")
    missed.add_column("columns")
    missed.add_column("evidence")
    for m in grade["missed"]:
        missed.add_row(m["kind"], escape(", ".join(m["columns"]) or "(dataset)"), escape(m["evidence"].get("detail", "")))
    if grade["missed"]:
        console.print(missed)
    else:
        console.print("You predicted every notable pattern the profile found.")
    console.print(summary(grade))
    if profile_html:
        console.print(escape(report_line(profile_html, report)))


#: What the report link says while the report is not in place (by ``Graded.report``).
REPORT_STATES = {
    "rendering": "still rendering: it appears next to the notebook in a moment",
    "missing": "still rendering: it appears next to the notebook in a moment",
    "failed": "could not be rendered (`drill grade --rerun-profile` tries again)",
}


def report_line(path: str, state: str = "ready") -> str:
    """The terminal's line about the full report."""
    if state == "ready":
        return f"Full profile report: {path}"
    return f"Full profile report: {path} ({REPORT_STATES.get(state, state)})"


def grade_html(grade: dict[str, Any], profile_href: str | None = None, report: str = "ready") -> str:
    """A self-contained HTML fragment for the notebook's compare cell."""
    esc = html.escape
    colour = {"confirmed": "#1a7f37", "refuted": "#cf222e", "ungradeable": "#9a6700"}
    rows = "".join(
        f"<tr><td style='color:{colour[h['verdict']]};font-weight:600'>{VERDICT_MARK[h['verdict']]} {h['verdict']}</td>"
        f"<td style='text-align:left'>{esc(h['text'])}</td>"
        f"<td style='text-align:left'>{esc(h['evidence'].get('detail', ''))}</td></tr>"
        for h in grade["hypotheses"]
    ) or "<tr><td colspan=3><i>no hypotheses written</i></td></tr>"
    link = (lambda text: f"<a href='{esc(profile_href)}' target='_blank'>{esc(text)}</a>") if profile_href else esc
    missed = "".join(
        f"<tr><td>{esc(m['kind'])}</td><td style='text-align:left'>{esc(', '.join(m['columns']) or '(dataset)')}</td>"
        f"<td style='text-align:left'>{esc(m['evidence'].get('detail', ''))}</td><td>{link('profile')}</td></tr>"
        for m in grade["missed"]
    )
    diff = "".join(f"<div><code>{esc(line)}</code></div>" for line in (grade.get("seal") or {}).get("diff", []))
    parts = [
        "<div class='eda-drill-grade'>",
        "<h3>Your hypotheses</h3>",
        f"<table><thead><tr><th>verdict</th><th>claim</th><th>evidence</th></tr></thead><tbody>{rows}</tbody></table>",
        f"<p>{esc(seal_line(grade))} {esc(peek_line(grade))}</p>{diff}",
        "<h3>Notable patterns you did not predict</h3>",
        f"<table><thead><tr><th>kind</th><th>columns</th><th>evidence</th><th></th></tr></thead><tbody>{missed}</tbody></table>"
        if missed else "<p>You predicted every notable pattern the profile found.</p>",
        f"<p><b>{esc(summary(grade))}</b></p>",
        (f"<p>{link('Open the full profile report')}" + (f" ({esc(REPORT_STATES.get(report, report))})"
                                                         if report != "ready" else "") + "</p>")
        if profile_href else "",
        "</div>",
    ]
    return "".join(parts)


def print_review(review: Any, console: Any) -> None:
    from rich.markup import escape

    d = review.drill
    console.print(f"[bold]{d.id}[/]: {escape(d.title)} ({d.dataset_id}, level {d.level}), started {d.created_at}")
    if review.grade is None:
        console.print("Not graded yet: run `drill grade` to grade it.")
    else:
        print_grade(review.grade, console, d.title)
    console.print("[bold]Reflection[/]")
    console.print(escape(review.reflection) if review.reflection else "[dim](no reflection written)[/]")


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
    try:
        reflection = notebook.tagged_text(notebook.read(nb_path), "reflection")
    except NotebookError:
        reflection = None  # the notebook was moved or deleted: the stored grade still stands
    return Review(row, stored, reflection, nb_path)
