"""A portfolio post of one drill, for a public learning log: Markdown or one HTML page.

The post is written to ``<results>/exports/<drill-id>/post.md`` (figures as
PNG files beside it) or ``post.html`` (figures embedded as ``data:`` URIs).
It holds the dataset card, the hypotheses with their verdicts, the missed
patterns, up to :data:`MAX_FIGURES` figures taken from the notebook's *saved*
``image/png`` outputs, how the drill was explored (the process summary: times,
coverage, steps; never code), and the reflection.  The code of the cells run
is added only when asked (``with_code``, ``drill export --with-code``).
Nothing in the notebook is executed: the file is read as JSON.

What exists is exported, and the post says what is missing: a drill never
graded ("Not graded"), a notebook moved or deleted (no figures; the
reflection from the log, if any), a drill folder deleted (the card from the log).
"""

from __future__ import annotations

import base64
import binascii
import html
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runner import atomic
from runner.drill import notebook
from runner.drill.locate import find_drill
from runner.errors import BadInput, DrillError
from runner.progress.process import summarise
from runner.progress.process_text import process_lines
from runner.session import process_log
from runner.spec import kind_of, load_spec
from runner.store import DrillRow, open_store

FORMATS = ("md", "html")
MAX_FIGURES = 4
EXPORTS = "exports"
MARK = {"confirmed": "✔", "partly": "◐", "refuted": "✘", "inconclusive": "~", "ungradeable": "?"}


@dataclass
class Figure:
    png: bytes
    caption: str


@dataclass
class Post:
    """Everything a post shows, gathered before it is written in either format."""

    row: DrillRow
    card: dict[str, Any] | None
    grade: dict[str, Any] | None
    reflection: str | None
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    process: list[str] = field(default_factory=list)  # the process summary's sentences
    code: list[str] = field(default_factory=list)  # each cell's code, only when asked for


def _template_reflection(spec_name: str) -> str | None:
    """The reflection prompt the template ships with: a reflection equal to it was never written."""
    try:
        return notebook.tagged_text(notebook.read(load_spec(spec_name).template), "reflection")
    except DrillError:  # a spec renamed or removed since the drill: nothing to compare with
        return None


def figures_of(nb: dict[str, Any], limit: int = MAX_FIGURES) -> list[Figure]:
    """The first ``limit`` saved PNG outputs, captioned with the heading above their cell."""
    found: list[Figure] = []
    heading = ""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            lines = [ln.lstrip("#").strip() for ln in notebook.cell_text(cell).splitlines() if ln.startswith("#")]
            heading = lines[0] if lines else heading
            continue
        for output in cell.get("outputs") or []:
            data = output.get("data") if isinstance(output, dict) else None
            png = (data or {}).get("image/png")
            if not png:
                continue
            try:
                raw = base64.b64decode("".join(png) if isinstance(png, list) else png, validate=False)
            except (binascii.Error, ValueError):
                continue
            if raw.startswith(b"\x89PNG"):
                found.append(Figure(raw, heading or f"Figure {len(found) + 1}"))
            if len(found) >= limit:
                return found
    return found


def gather(results: Path, drill_id: str, with_code: bool = False) -> Post:
    row, _ = find_drill(results, drill_id)
    with open_store(results) as store:
        grade = store.get_grade(row.id)
        summary = summarise(store, row, grade)
        code = [c["code"] for c in process_log.cells(store, row.id, with_code=True)] if with_code else []
    template = _template_reflection(row.spec)
    logged = (row.reflection or "").strip()
    post = Post(row, None, grade, logged if logged and logged != template else None,
                process=process_lines(summary) if summary["cells"] else [], code=code)
    folder = results / row.id
    try:
        post.card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        post.notes.append("The drill folder is gone: the dataset card below comes from the log.")
    if grade is None:
        post.notes.append("Not graded: run `drill grade` to add verdicts and missed patterns.")
    try:
        nb = notebook.read(results / row.notebook)
    except DrillError:
        post.notes.append("The notebook is missing or unreadable: no figures.")
        return post
    post.figures = figures_of(nb)
    if post.reflection is None:
        written = notebook.tagged_text(nb, "reflection")
        post.reflection = written if written and written != template else None
    return post


# -- Markdown -------------------------------------------------------------------------------


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def _md(text: Any) -> str:
    """Text shown as is in Markdown (``1.5*IQR ... 1.5*IQR`` is not emphasis), on one line."""
    return str(text).translate(_MD_SPECIAL).replace("\n", " ")


def _summary(grade: dict[str, Any]) -> str:
    from runner.progress.review import summary

    return summary(grade)


def _strength(evidence: dict[str, Any]) -> str:
    from runner.progress.review import strength

    return strength(evidence)


def _card_facts(post: Post) -> list[tuple[str, str]]:
    r, card = post.row, post.card or {}
    facts = [("Dataset", f"{card.get('title', r.title)} ({r.dataset_id}), {card.get('rows', r.rows)} rows × "
                         f"{card.get('columns', r.columns)} columns, level {r.level}.")]
    if card.get("origin") or card.get("license"):
        facts += [("Source", card.get("origin") or "unknown"), ("Licence", card.get("license") or "unknown")]
    if card.get("dtypes"):
        facts.append(("Columns", ", ".join(f"{n} ({t})" for n, t in card["dtypes"].items())))
    return facts


def to_markdown(post: Post, figure_names: list[str]) -> str:
    r, g = post.row, post.grade
    out = [f"# EDA drill: {_md(r.title)}", "", f"*{r.created_at[:10]} · drill `{r.id}` · spec {_md(r.spec)}*", ""]
    out += [f"> {_md(note)}\n" for note in post.notes]
    out += ["## The dataset", ""] + [f"**{label}:** {_md(text)}\n" for label, text in _card_facts(post)]
    out += ["## Hypotheses, written before looking at the data", ""]
    if g is None:
        out.append("Not graded.")
    else:
        out += ["| verdict | hypothesis | strength | evidence |", "|---|---|---|---|"]
        out += [f"| {MARK.get(h['verdict'], '?')} {h['verdict']} | {_md(h['text'])} | {_md(_strength(h['evidence']))} | "
                f"{_md(h['evidence'].get('detail', ''))} |" for h in g["hypotheses"]] or ["| | *(none written)* | | |"]
        out += ["", _summary(g), "", "## Patterns I missed", ""]
        out += [f"> Note: {_md(n['detail'])}\n" for n in g.get("notes") or []]
        out += [f"- **{m['kind']}**: {_md(m['evidence'].get('detail', ''))}" for m in g["missed"]] or [
            "None: every notable pattern was predicted."]
    if post.figures:
        out += ["", "## Figures from the notebook", ""]
        out += [f"![{_md(f.caption)}]({name})\n\n*{_md(f.caption)}*\n"
                for f, name in zip(post.figures, figure_names, strict=True)]
    if post.process:
        out += ["", "## How I explored", ""] + [f"- {_md(line)}" for line in post.process]
    out += ["", "## Reflection", "", post.reflection or "*(no reflection written)*", ""]
    if post.code:
        longest = max((len(list(run)) for c in post.code for ch, run in itertools.groupby(c) if ch == "`"), default=0)
        fence = "`" * max(3, longest + 1)  # longer than any run of backticks in the code
        out += ["## Code I ran", ""] + [f"{fence}python\n{c}\n{fence}\n" for c in post.code]
    return "\n".join(out)


# -- HTML -----------------------------------------------------------------------------------


def to_html(post: Post) -> str:
    esc, r, g = html.escape, post.row, post.grade
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>EDA drill: {esc(r.title)}</title>"
             "<style>body{font-family:system-ui,sans-serif;max-width:860px;margin:2rem auto;padding:0 1rem;"
             "color:#1f2328}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d1d9e0;"
             "padding:.3rem .5rem;text-align:left}.note{background:#fff8c5;padding:.5rem 1rem;border-radius:6px}"
             "img{max-width:100%}.confirmed{color:#1a7f37}.partly{color:#0969da}.refuted{color:#cf222e}"
             ".inconclusive{color:#8250df}.ungradeable{color:#9a6700}"
             "</style></head><body>",
             f"<h1>EDA drill: {esc(r.title)}</h1><p><i>{esc(r.created_at[:10])} · drill <code>{esc(r.id)}</code>"
             f" · spec {esc(r.spec)}</i></p>"]
    parts += [f"<p class='note'>{esc(note)}</p>" for note in post.notes]
    card = "".join(f"<p><b>{esc(label)}:</b> {esc(text)}</p>" for label, text in _card_facts(post))
    parts.append(f"<h2>The dataset</h2>{card}<h2>Hypotheses, written before looking at the data</h2>")
    if g is None:
        parts.append("<p>Not graded.</p>")
    else:
        rows = "".join(f"<tr><td class='{esc(h['verdict'])}'>{MARK.get(h['verdict'], '?')} {esc(h['verdict'])}</td>"
                       f"<td>{esc(h['text'])}</td><td>{esc(_strength(h['evidence']))}</td>"
                       f"<td>{esc(h['evidence'].get('detail', ''))}</td></tr>" for h in g["hypotheses"])
        parts.append(f"<table><tr><th>verdict</th><th>hypothesis</th><th>strength</th><th>evidence</th></tr>"
                     f"{rows or '<tr><td></td><td><i>none written</i></td><td></td><td></td></tr>'}</table>"
                     f"<p><b>{esc(_summary(g))}</b></p><h2>Patterns I missed</h2>")
        parts += [f"<p class='note'>Note: {esc(n['detail'])}</p>" for n in g.get("notes") or []]
        missed = "".join(f"<li><b>{esc(m['kind'])}</b>: {esc(m['evidence'].get('detail', ''))}</li>"
                         for m in g["missed"])
        parts.append(f"<ul>{missed}</ul>" if missed else "<p>None: every notable pattern was predicted.</p>")
    if post.figures:
        parts.append("<h2>Figures from the notebook</h2>")
        parts += [f"<figure><img alt='{esc(f.caption)}' src='data:image/png;base64,"
                  f"{base64.b64encode(f.png).decode('ascii')}'><figcaption>{esc(f.caption)}</figcaption></figure>"
                  for f in post.figures]
    if post.process:
        parts.append("<h2>How I explored</h2><ul>" + "".join(f"<li>{esc(line)}</li>" for line in post.process) + "</ul>")
    reflection = esc(post.reflection).replace("\n", "<br>") if post.reflection else "<i>(no reflection written)</i>"
    parts.append(f"<h2>Reflection</h2><p>{reflection}</p>")
    if post.code:
        parts.append("<h2>Code I ran</h2>" + "".join(f"<pre><code>{esc(c)}</code></pre>" for c in post.code))
    parts.append("</body></html>")
    return "".join(parts)


def export(results_dir: str | Path, drill_id: str, fmt: str = "md", with_code: bool = False) -> Path:
    """Write the post of ``drill_id`` and return its path (see the module docstring)."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown export format {fmt!r}", hint="use md or html")
    results = Path(results_dir).expanduser().resolve()
    post = gather(results, drill_id, with_code)
    if kind_of(post.row.spec) == "intuition":
        raise BadInput(f"{post.row.id} is an intuition drill: a post is written of an EDA drill",
                       hint=f"`drill review {post.row.id}` shows it item by item")
    out_dir = results / EXPORTS / post.row.id
    atomic.make_dirs(out_dir)
    if fmt == "html":
        path = out_dir / "post.html"
        atomic.write_bytes(path, to_html(post).encode("utf-8"))
        return path
    names = [f"figure-{i}.png" for i in range(1, len(post.figures) + 1)]
    for figure, name in zip(post.figures, names, strict=True):
        atomic.write_bytes(out_dir / name, figure.png)
    path = out_dir / "post.md"
    atomic.write_bytes(path, to_markdown(post, names).encode("utf-8"))
    return path
