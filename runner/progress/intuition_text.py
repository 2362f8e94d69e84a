"""The intuition section of ``drill stats`` in the terminal (:mod:`runner.progress.intuition_stats`).

May import: nothing of the project (rich inside the function).
"""

from __future__ import annotations

from typing import Any


def _num(x: float | None, fmt: str = "{:.2f}") -> str:
    return "n/a" if x is None else fmt.format(x)


def render_intuition(section: dict[str, Any], console: Any) -> None:
    """Print the section on ``console``; nothing when no intuition drill is logged."""
    from rich.table import Table

    if not section or not section["drills"]["total"]:
        return
    items = section["items"]
    console.print(f"[bold]Intuition drills: {section['drills']['total']}[/] ({section['drills']['running']} running); "
                  f"{items['answered']} items answered in time, {items['skipped']} skipped, "
                  f"hit rate {_num(items['hit_rate'], '{:.0%}')}")
    table = Table("kind", "answered", "skipped", "hit rate", "mean error", "bias", "median time",
                  title="Intuition items per kind (error: |answer - truth|, choices 0/1)")
    for kind, k in section["per_kind"].items():
        table.add_row(kind, str(k["answered"]), str(k["skipped"]), _num(k["hit_rate"], "{:.0%}"), _num(k["mean_error"]),
                      _num(k["mean_signed_error"], "{:+.2f}"), _num(k["median_seconds"], "{:.0f} s"))
    console.print(table)
    corr, lineup = section["correlation"], section["lineup"]
    if corr["answered"]:
        console.print(f"Correlation estimates: bias {_num(corr['bias'], '{:+.2f}')}, |r| judged "
                      f"{_num(corr['magnitude_bias'], '{:+.2f}')} against the truth "
                      f"(moderate r: {_num(corr['by_strength']['moderate']['magnitude_bias'], '{:+.2f}')})")
    if lineup["answered"]:
        console.print(f"Lineups: {lineup['hits']} of {lineup['answered']} right ({_num(lineup['hit_rate'], '{:.0%}')}; "
                      f"chance {_num(lineup['chance'], '{:.0%}')}); null lineups called right "
                      f"{lineup['null_right']} of {lineup['null_lineups']}")
