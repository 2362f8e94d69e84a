"""A claim as written and as read, the names in it, and its canonical form.

Shared by the parser (:mod:`runner.grading.grammar`) and everything that shows
a claim back to the learner (suggestions, the grade).  Pure Python.

May import: this package's ``vocabulary`` only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from runner.grading.vocabulary import KINDS, NUMBER, QUALIFIERS


@dataclass
class Claim:
    """One hypothesis as written, and as read."""

    text: str  # the claim as written (bullet marker stripped, whitespace trimmed)
    kind: str | None  # JSON kind name; None when ungradeable
    columns: list[str]  # resolved to the frame's own spelling (as written when unresolved)
    negated: bool = False
    confidence: float | None = None  # "(70%)" -> 0.7
    qualifier: str | None = None  # right/left, positive/negative, a type, or ">", ">=", "<", "<=" for missing
    percent: float | None = None  # missing "> 20%" -> 0.2
    problem: str | None = None  # why ungradeable (one line)
    suggestion: str | None = None  # closest canonical form or column name
    line: int = 0  # 1-based line within its cell (0: not from markdown)

    @property
    def gradeable(self) -> bool:
        return self.kind is not None and self.problem is None


# -- text handling ---------------------------------------------------------------------------------

_MAX_CHARS = 1000
_PH = re.compile("\ue000([0-9]+)\ue001")  # a backtick code span, swapped out while parsing
_TRANSLATE = str.maketrans({"\u00a0": " ", "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"',
                            "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u200b": None,
                            "\ufeff": None})
_REWRITES = [(re.compile(p, re.IGNORECASE), r) for p, r in (
    (r"\*\*(.+?)\*\*", r"\1"),
    (r"\b(is|are|was|were|has|have|does|do|did)n't\b", r"\1 not"),
    (r"\b(?:does|do|did) not (?:have|contain|include|show)(?: any)?\b", "has no"),
    (r"\b(has|have|contains?|includes?|shows?) not any\b", r"\1 no"),
    (r"\bthere (is|are|were) not(?: any)?\b", r"there \1 no"),
)]
_TRAIL = re.compile(r"[\s.!?;]+$")
_CONF = re.compile(rf"\s*\(\s*(?:(?:confidence|conf)\s*[:=]?\s*)?(?P<num>{NUMBER})\s*(?P<pct>%)?"
                   r"\s*(?:sure|confident|confidence|certain|likely)?\s*\)$", re.IGNORECASE)
_HEDGE = re.compile(r"^(?:(?:i|we) (?:think|expect|believe|guess|suspect|bet|predict|assume|reckon)(?: that)?"
                    r"|(?:my )?(?:hypothesis|guess|prediction|claim|note)|h[0-9]+|probably|maybe|perhaps|likely"
                    r"|possibly)\s*[:,.)-]?\s+", re.IGNORECASE)
_HEAD = re.compile(r"(?P<not>not\s+)?(?P<kind>[a-z][a-z _-]*?)\s*(?::\s*(?P<body>.*))?", re.IGNORECASE | re.DOTALL)
_SEP = re.compile(r"\s*[,;&]\s*|\s+(?:and|vs\.?|versus)\s+", re.IGNORECASE)
_PCT_TAIL = re.compile(
    r"\s*(?:(?P<op>>=|<=|=>|=<|>|<|≥|≤|(?<=\s)(?:more than|greater than|over|above|at least|less than|fewer than"
    rf"|under|below|at most))\s*(?P<num>{NUMBER})\s*(?P<pct>%)?|(?<=\s)(?P<bare>{NUMBER})\s*%)\s*$", re.IGNORECASE)
_QUAL_TAIL = re.compile(r"(?<=\S)\s+(?P<q>[^\s,;&\ue000\ue001]+)$")
_TRIMS = [re.compile(p, re.IGNORECASE) for p in (
    r"^(?:the|a|an|column|variable|feature|field)\s+", r"^(?:distribution|values?) of\s+",
    r"\s+(?:columns?|variables?|features?|fields?|values?|distribution)$", r"'s?$")]
_SAFE_NAME = re.compile(r"\w(?:[\w.\-/]*\w)?")
_RESERVED = {w for table in QUALIFIERS.values() for w in table} | {"and", "vs", "versus", "not"}
_STOP = frozenset(re.findall(r"\S+", """a an the of in on at for with and or to than more less many much some few lot lots very
    quite really is are was were be been has have had it its this that these there not no never any all every each
    most mostly often does do did seems looks appears will i we think expect believe guess probably maybe
    values value rows row data column columns variable variables feature distribution distributed s"""))


def _protect(text: str) -> tuple[str, list[str]]:
    """Swap each backtick code span for a placeholder; return the text and the spans' contents."""
    text = text.replace("\ue000", "").replace("\ue001", "")
    codes: list[str] = []
    out: list[str] = []
    pos = start = 0
    while (run := re.compile("`+").search(text, pos)) is not None:
        close = re.compile(f"(?<!`){run.group()}(?!`)").search(text, run.end())
        if close is None:  # an unmatched run of backticks is literal text
            pos = run.end()
            continue
        content = text[run.end():close.start()]
        if len(run.group()) > 1 and len(content) >= 2 and content[0] == content[-1] == " ":
            content = content[1:-1]  # ``` `` a`b `` ```: the padding is not part of the name
        out += [text[start:run.start()], f"\ue000{len(codes)}\ue001"]
        codes.append(content)
        pos = start = close.end()
    out.append(text[start:])
    return "".join(out), codes


def _normal(text: str) -> str:
    return " ".join(text.translate(_TRANSLATE).split())


def _key(name: str) -> str:
    return _normal(name).lower()


def _kind_key(word: str) -> str:
    return re.sub(r"[\s_-]+", "_", word.strip().lower())


def _unquote(name: str) -> str:
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'`":
        return name[1:-1]
    return name


def _short(name: str, limit: int = 60) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _fmt_number(fraction: float) -> str:
    return f"{fraction * 100:.10f}".rstrip("0").rstrip(".") or "0"


def _fmt_name(name: str) -> str:
    if _SAFE_NAME.fullmatch(name) and _normal(name) == name and name.lower() not in _RESERVED:
        return name
    ticks = "`" * (max((len(r) for r in re.findall("`+", name)), default=0) + 1)
    return f"`{name}`" if ticks == "`" else f"{ticks} {name} {ticks}"


class _Columns:
    """The frame's column names, resolved case-insensitively (or no frame: names as written)."""

    def __init__(self, columns: Sequence[str] | None) -> None:
        self.known = columns is not None
        names = [] if columns is None else [columns] if isinstance(columns, str) else [str(c) for c in columns]
        self.names = names
        self.exact = set(names)
        self.first = names[0] if names else None
        self.folded: dict[str, str] = {}
        for name in names:
            self.folded.setdefault(_key(name), name)
        self.starts: dict[str, list[str]] = {}
        for key in sorted(self.folded, key=len, reverse=True):
            if key:
                self.starts.setdefault(key[0], []).append(key)

    def resolve(self, name: str) -> str | None:
        if not self.known:
            return name
        if name in self.exact:
            return name
        return self.folded.get(_key(name)) or self.folded.get(_key(name.strip("`'\" ")))

    def closest(self, name: str) -> str | None:
        close = difflib.get_close_matches(_key(name), list(self.folded), n=1, cutoff=0.6)
        return self.folded[close[0]] if close else None

    def split(self, phrase: str, codes: list[str], want: int = 0, prose: bool = False) -> list[tuple[str, str | None]]:
        """``(as written, resolved or None)`` for each name in a list like ``a, `b c` and d``."""
        parts = self._scan(phrase, codes, prose, longest=True)
        if self.starts and want and len(parts) != want:
            other = self._scan(phrase, codes, prose, longest=False)
            if len(other) == want and all(r is not None for _, r in other):
                return other
        return parts

    def _scan(self, phrase: str, codes: list[str], prose: bool, longest: bool) -> list[tuple[str, str | None]]:
        parts: list[tuple[str, str | None]] = []
        pos = 0
        while pos < len(phrase):
            sep = _SEP.match(phrase, pos)
            if sep or phrase[pos].isspace():
                pos = sep.end() if sep else pos + 1
                continue
            end = self._match_at(phrase, pos, longest)
            if end is not None:  # a real column, spaces and all, needs no backticks
                parts.append((phrase[pos:end], self.resolve(phrase[pos:end])))
                pos = end
                continue
            nxt = _SEP.search(phrase, pos)
            end = nxt.start() if nxt else len(phrase)
            parts.append(self._chunk(phrase[pos:end], codes, prose))
            pos = end
        return parts

    def _match_at(self, phrase: str, pos: int, longest: bool) -> int | None:
        keys = self.starts.get(phrase[pos].lower(), [])
        for key in keys if longest else reversed(keys):
            end = pos + len(key)
            if phrase[pos:end].lower() == key and (end == len(phrase) or _SEP.match(phrase, end)):
                return end
        return None

    def _chunk(self, chunk: str, codes: list[str], prose: bool) -> tuple[str, str | None]:
        forms = [chunk.strip()]
        while prose and (shorter := [f for rx in _TRIMS if (f := rx.sub("", forms[-1]).strip()) != forms[-1] and f]):
            forms.append(shorter[0])  # "the Ozone column" -> "Ozone column" -> "Ozone"
        written = ""
        for form in forms if self.known else forms[-1:]:
            code = _PH.fullmatch(form)
            written = codes[int(code[1])] if code else _unquote(_PH.sub(lambda m: codes[int(m[1])], form))
            resolved = self.resolve(written)
            if resolved is not None:
                return written, resolved
        return written, None



def canonical(claim: Claim) -> str:
    """The claim in canonical form; an ungradeable claim comes back as written."""
    if claim.kind not in KINDS:
        return claim.text
    text = ("not " if claim.negated else "") + claim.kind
    if KINDS[claim.kind].arity or claim.columns:
        text += ": " + ", ".join(_fmt_name(str(c)) for c in claim.columns)
    if claim.kind == "missing" and claim.percent is not None:
        text += f" {claim.qualifier if claim.qualifier in KINDS['missing'].qualifiers else '>'} {_fmt_number(claim.percent)}%"
    elif claim.qualifier and claim.kind != "missing":
        text += f" {claim.qualifier}"
    if claim.confidence is not None:
        text += f" ({_fmt_number(claim.confidence)}%)"
    return text
