"""``drill cohort`` in a terminal: one row per learner, then the class-wide figures."""

from __future__ import annotations

from typing import Any

from runner.progress import calibration
from runner.progress.cohort import Cohort
from runner.progress.stats_text import percent


def render(cohort: Cohort, console: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    c = cohort.cls
    scope = f"assignment {cohort.assignment}" if cohort.assignment else "every drill"
    table = Table("learner", "drills", "graded", "accuracy", "recall", "calibration", "kinds missed most",
                  title=f"{c['learners']} learners, {scope}")
    for x in cohort.learners:
        if x.error:
            table.add_row(Text(x.name), "", "", "", "", "", Text(x.error, style="dim"))
            continue
        missed = ", ".join(f"{m['kind']} ({m['count']})" for m in x.kinds_missed[:3])
        table.add_row(Text(x.name), str(x.drills), str(x.graded), percent(x.accuracy), percent(x.recall),
                      Text(calibration.summary_line(x.calibration)), Text(missed))
    console.print(table)
    a, r = c["spread"]["accuracy"], c["spread"]["recall"]
    console.print(f"class: {c['drills']} drills, {c['graded']} graded; accuracy {percent(c['accuracy'])} "
                  f"(learners' median {percent(a['median'])}, from {percent(a['min'])} to {percent(a['max'])}); "
                  f"recall {percent(c['recall'])} (median {percent(r['median'])}, from {percent(r['min'])} to {percent(r['max'])})",
                  markup=False, highlight=False)
    if c["most_missed"]:
        console.print("missed most: " + ", ".join(f"{m['kind']} ({m['learners']} learners)" for m in c["most_missed"][:5]),
                      markup=False, highlight=False)
    for assignment in c["assignments"]:
        refuted = "; ".join(f"{x['claim']} ({x['refuted']} of {x['claimed']})" for x in assignment["most_refuted"][:3])
        console.print(f"{assignment['name']}: {assignment['started']} started, {assignment['graded']} graded"
                      + (f"; refuted most: {refuted}" if refuted else ""), markup=False, highlight=False)
    if c["unreadable"]:
        console.print(f"{c['unreadable']} folders could not be read (see the table)", markup=False, highlight=False)
