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
from runner.progress.calibration import drill_line
from runner.progress.process import drill_process
from runner.progress.process_text import process_lines
from runner.progress.stats_text import percent
from runner.spec import kind_of
from runner.store import DrillRow, open_store

VERDICT_STYLE = {"confirmed": "green", "partly": "cyan", "refuted": "red", "inconclusive": "magenta",
                 "ungradeable": "yellow"}
VERDICT_MARK = {"confirmed": "✔", "partly": "◐", "refuted": "✘", "inconclusive": "~", "ungradeable": "?"}
VERDICT_COLOUR = {"confirmed": "#1a7f37", "partly": "#0969da", "refuted": "#cf222e", "inconclusive": "#8250df",
                  "ungradeable": "#9a6700"}
#: What the verdicts mean, once, under every grade (a learner meets "partly" and "inconclusive" here first).
LEGEND = ("partly: the pattern is there, weaker or stronger than claimed, or only some columns hold (half right); "
          "inconclusive: too few rows to tell either way (neither right nor wrong)")


def summary(grade: dict[str, Any]) -> str:
    s = grade["score"]
    predicted = s["predicted"] + s.get("partly_predicted", 0) / 2
    return (
        f"{s['confirmed']} confirmed, {s.get('partly', 0)} partly, {s['refuted']} refuted, "
        f"{s.get('inconclusive', 0)} inconclusive, {s['ungradeable']} ungradeable; "
        f"precision {percent(s['precision'])} (partly counts half); you predicted {predicted:g} of {s['findings']} notable "
        f"findings (recall {percent(s['recall'])}), missed {s['missed']}"
    )


def strength(evidence: dict[str, Any]) -> str:
    """The observed band and the test's answer, for the table's strength column: ``moderate, p < 0.001``."""
    band = evidence.get("strength") or ""
    if "p_value" in evidence and evidence.get("p_value") is not None:
        p = evidence["p_value"]
        band += (", " if band else "") + ("p < 0.001" if p < 0.001 else f"p = {p:.2g}" if p < 0.1 else f"p = {p:.2f}")
    return band


def section(profile_href: str | None, evidence: dict[str, Any]) -> str | None:
    """The link to the profile report's section that shows this evidence (the report's top without one)."""
    if not profile_href:
        return None
    anchor = evidence.get("anchor")
    return f"{profile_href}#{anchor}" if anchor else profile_href


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
    table.add_column("strength")
    table.add_column("evidence")
    for h in grade["hypotheses"]:
        style = VERDICT_STYLE.get(h["verdict"], "white")
        table.add_row(f"[{style}]{VERDICT_MARK.get(h['verdict'], '?')} {h['verdict']}[/]", escape(h["text"]),
                      escape(strength(h["evidence"])), escape(h["evidence"].get("detail", "")))
    if not grade["hypotheses"]:
        table.add_row("", "[dim]no hypotheses written[/]", "", "")
    console.print(table)
    console.print(f"[dim]{escape(LEGEND)}[/]")
    if drill_line(grade["hypotheses"]):
        console.print(escape(drill_line(grade["hypotheses"])))
    console.print(escape(seal_line(grade)))
    if peek_line(grade):
        console.print(f"[yellow]{peek_line(grade)}[/]")
    for line in (grade.get("seal") or {}).get("diff", []):
        console.print(f"  [{'green' if line.startswith('+') else 'red'}]{escape(line)}[/]", highlight=False)
    for note in grade.get("notes") or []:
        console.print(f"[bold yellow]Note:[/] {escape(note['detail'])}")
    missed = Table(title="Notable patterns you did not predict", show_lines=False)
    missed.add_column("kind")
    missed.add_column("columns")
    missed.add_column("strength")
    missed.add_column("evidence")
    for m in grade["missed"]:
        missed.add_row(m["kind"], escape(", ".join(m["columns"]) or "(dataset)"), escape(strength(m["evidence"])),
                       escape(m["evidence"].get("detail", "")))
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
    """A self-contained HTML fragment for the notebook's compare cell.

    Each hypothesis and each missed pattern shows its strength band and test, and links to the section
    of the profile report that shows it (``profile_href#anchor``).
    """
    esc = html.escape

    def link(text: str, evidence: dict[str, Any] | None = None) -> str:
        href = section(profile_href, evidence or {})
        return f"<a href='{esc(href)}' target='_blank'>{esc(text)}</a>" if href else ""

    rows = "".join(
        f"<tr><td style='color:{VERDICT_COLOUR.get(h['verdict'], '#1f2328')};font-weight:600'>"
        f"{VERDICT_MARK.get(h['verdict'], '?')} {esc(h['verdict'])}</td>"
        f"<td style='text-align:left'>{esc(h['text'])}</td><td>{esc(strength(h['evidence']))}</td>"
        f"<td style='text-align:left'>{esc(h['evidence'].get('detail', ''))}</td>"
        f"<td>{link('profile', h['evidence']) if h['kind'] else ''}</td></tr>"
        for h in grade["hypotheses"]
    ) or "<tr><td colspan=5><i>no hypotheses written</i></td></tr>"
    missed = "".join(
        f"<tr><td>{esc(m['kind'])}</td><td style='text-align:left'>{esc(', '.join(m['columns']) or '(dataset)')}</td>"
        f"<td>{esc(strength(m['evidence']))}</td><td style='text-align:left'>{esc(m['evidence'].get('detail', ''))}</td>"
        f"<td>{link('profile', m['evidence'])}</td></tr>"
        for m in grade["missed"]
    )
    notes = "".join(f"<p><b>Note:</b> {esc(n['detail'])}</p>" for n in grade.get("notes") or [])
    diff = "".join(f"<div><code>{esc(line)}</code></div>" for line in (grade.get("seal") or {}).get("diff", []))
    head = "<th>verdict</th><th>claim</th><th>strength</th><th>evidence</th><th></th>"
    parts = [
        "<div class='eda-drill-grade'>",
        "<h3>Your hypotheses</h3>",
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>",
        f"<p><small>{esc(LEGEND)}</small></p>",
        f"<p class='eda-drill-calibration'>{esc(drill_line(grade['hypotheses']))}</p>" if grade["hypotheses"] else "",
        f"<p>{esc(seal_line(grade))} {esc(peek_line(grade))}</p>{diff}",
        notes,
        "<h3>Notable patterns you did not predict</h3>",
        f"<table><thead><tr><th>kind</th><th>columns</th><th>strength</th><th>evidence</th><th></th></tr></thead>"
        f"<tbody>{missed}</tbody></table>"
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

    from runner.progress.intuition_review import IntuitionReview, print_intuition_review

    if isinstance(review, IntuitionReview):
        print_intuition_review(review, console)
        return

    d = review.drill
    console.print(f"[bold]{d.id}[/]: {escape(d.title)} ({d.dataset_id}, level {d.level}), started {d.created_at}")
    if review.grade is None:
        console.print("Not graded yet: run `drill grade` to grade it.")
    else:
        print_grade(review.grade, console, d.title)
    console.print("[bold]How you explored[/]")
    for line in process_lines(review.process) or ["No process log."]:
        console.print(escape(line))
    console.print("[bold]Reflection[/]")
    console.print(escape(review.reflection) if review.reflection else "[dim](no reflection written)[/]")


@dataclass
class Review:
    drill: DrillRow
    grade: dict[str, Any] | None
    reflection: str | None
    notebook: Path
    process: dict[str, Any] | None = None  # runner.progress.process.summarise

    def to_json(self) -> dict[str, Any]:
        return {
            "drill": {k: getattr(self.drill, k) for k in self.drill.__dataclass_fields__},
            "grade": self.grade,
            "reflection": self.reflection,
            "notebook": str(self.notebook),
            "process": self.process,
        }


def review(drill_id: str | None = None, results: str | Path | None = None) -> Any:
    """A drill after the fact: stored verdicts, missed patterns, the reflection text and the process summary
    (an intuition drill: its items, see :mod:`runner.progress.intuition_review`)."""
    row, results_dir = find_drill(results, drill_id)
    if kind_of(row.spec) == "intuition":
        from runner.drill.locate import Located
        from runner.progress.intuition_review import IntuitionReview

        return IntuitionReview.of(Located(row, results_dir, results_dir / row.id, results_dir / row.notebook))
    with open_store(results_dir) as store:
        stored = store.get_grade(row.id)
    nb_path = results_dir / row.notebook
    try:
        reflection = notebook.tagged_text(notebook.read(nb_path), "reflection")
    except NotebookError:
        reflection = None  # the notebook was moved or deleted: the stored grade still stands
    return Review(row, stored, reflection, nb_path, drill_process(results_dir, row, stored))
