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

from runner.grading.vocabulary import FILLERS, KINDS, NUMBER, QUALIFIERS, STRENGTHS


@dataclass
class Claim:
    """One hypothesis as written, and as read."""

    text: str  # the claim as written (bullet marker stripped, whitespace trimmed)
    kind: str | None  # JSON kind name; None when ungradeable
    columns: list[str]  # resolved to the frame's own spelling (as written when unresolved)
    negated: bool = False
    confidence: float | None = None  # "(70%)" -> 0.7
    qualifier: str | None = None  # right/left, positive/negative, a type, or >, >=, <, <=, about (missing)
    percent: float | None = None  # missing "> 20%" -> 0.2
    problem: str | None = None  # why ungradeable (one line)
    suggestion: str | None = None  # closest canonical form or column name
    line: int = 0  # 1-based line within its cell (0: not from markdown)
    strength: str | None = None  # weak | moderate | strong (kinds graded in bands)
    count: int | None = None  # missing "177 missing values" -> 177 rows (read as a share of rows when graded)

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
    (r"(?<!\S)w/(?=\s)", "with"), (r"(?<!\S)w/o(?=\s)", "without"),
)]
_TRAIL = re.compile(r"[\s.!?;]+$")
_CONF = re.compile(rf"\s*\(\s*(?:(?:confidence|conf)\s*[:=]?\s*)?(?P<num>{NUMBER})\s*(?P<pct>%)?"
                   r"\s*(?:sure|confident|confidence|certain|likely)?\s*\)$", re.IGNORECASE)
_HEDGE = re.compile(r"^(?:(?:i|we)(?:'d|'m| would| strongly| really| also| fully)? (?P<verb>think|expect|believe|guess"
                    r"|suspect|bet|predict|assume|reckon|anticipate|hypothesi[sz]e|feel|am sure|am fairly sure|am pretty "
                    r"sure|'m sure|'m fairly sure|'m pretty sure|am confident|'m confident)(?: that)?|it (?:seems|looks|appears)"
                    r"(?: like| that)?|(?:my )?(?:hypothesis|guess|prediction|claim|note|expectation|hunch)(?: [0-9]+| is(?: that)?)?"
                    r"|h[0-9]+|hypothesis [0-9]+|q[0-9]+|[0-9]+[.)]|probably|maybe|perhaps|likely|possibly|presumably"
                    r"|i bet|prediction|guess|expect(?:ation)?|hmm+|also|finally|lastly|first(?:ly)?|second(?:ly)?"
                    r"|third(?:ly)?|then|next)\s*[:,.)-]?\s+", re.IGNORECASE)
#: Hedges that deny what follows: "I don't think Ozone is skewed" is "not skewed: Ozone".
_DENY = re.compile(r"^(?:(?:i|we) (?:do not|don't|dont|did not|would not|wouldn't) (?:think|expect|believe|suppose|"
                   r"assume|anticipate|predict)(?: that)?|(?:i|we) doubt(?: that| whether| if)?|it is unlikely that"
                   r"|it's unlikely that|unlikely that|(?:i|we)'d be surprised if|(?:i|we) would be surprised if"
                   r"|(?:i|we) am not sure that|(?:i|we) do not see why)\s*[:,]?\s+", re.IGNORECASE)
#: "I expect Ozone to be skewed" -> "Ozone is skewed" (after a hedge that takes an object and a verb).
_TO_VERB = re.compile(r"^(?P<x>.+?) to (?P<verb>be|have|show|contain|correlate|go|move|rise|fall|increase|decrease"
                      r"|depend|differ|vary|predict|follow|drop|grow|trend)\b", re.IGNORECASE)
_CONJUGATE = {"be": "is", "have": "has", "go": "goes", "vary": "varies", "differ": "differs"}
_HEAD = re.compile(r"(?P<not>not\s+)?(?P<kind>[a-z][a-z _-]*?)\s*(?::\s*(?P<body>.*))?", re.IGNORECASE | re.DOTALL)
_SEP = re.compile(r"\s*[,;&]\s*|\s+(?:and|vs\.?|versus)\s+", re.IGNORECASE)
_PCT_TAIL = re.compile(
    r"\s*(?:(?P<op>>=|<=|=>|=<|>|<|≥|≤|~|≈|=|(?<=\s)(?:more than|greater than|over|above|at least|less than|fewer than"
    r"|under|below|at most|about|around|roughly|approximately|approx\.?|nearly|almost|circa|exactly))\s*"
    rf"(?P<num>{NUMBER})\s*(?P<pct>%|\s+(?:rows?|records?|values?|cases?|entries))?|(?<=\s)(?P<bare>{NUMBER})\s*%)\s*$",
    re.IGNORECASE)
_QUAL_TAIL = re.compile(r"(?<=\S)\s+(?P<q>[^\s,;&\ue000\ue001]+)$")
_TRIMS = [re.compile(p, re.IGNORECASE) for p in (
    r"^(?:the|a|an|column|variable|feature|field|col|attribute|its|their)\s+",
    r"^(?:distribution|values?|levels?|number|readings?|measurements?|share|proportion|scores?) (?:of|in)\s+",
    r"\s+(?:columns?|variables?|features?|fields?|values?|distribution|readings?|measurements?|scores?|data|col"
    r"|attribute|levels?|categories|counts?)$", r"'s?$", r"^[\"'“‘]|[\"'”’]$")]
_SAFE_NAME = re.compile(r"\w(?:[\w.\-/]*\w)?")
_RESERVED = ({w for table in QUALIFIERS.values() for w in table} | {w.replace("_", " ") for w in STRENGTHS}
             | {"and", "vs", "versus", "not", "about", "rows"})
_STOP = frozenset(re.findall(r"\S+", """a an the of in on at for with and or to than more less many much some few lot lots very
    quite really is are was were be been has have had it its this that these there not no never any all every each
    most mostly often does do did seems looks appears will i we think expect believe guess probably maybe
    values value rows row data column columns variable variables feature distribution distributed s vs versus x by
    per but so as if then when whenever while between across also too just""" ))


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
        #: names holding a filler word ("Overall Qual"): the reader drops fillers everywhere but in them
        self.filler_names = [key for key in self.folded if FILLERS.search(key)]

    def resolve(self, name: str) -> str | None:
        if not self.known:
            return name
        if name in self.exact:
            return name
        return self.folded.get(_key(name)) or self.folded.get(_key(name.strip("`'\" ")))

    def closest(self, name: str, cutoff: float = 0.75) -> str | None:
        close = difflib.get_close_matches(_key(name), list(self.folded), n=1, cutoff=cutoff)
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
    operator = claim.qualifier if claim.qualifier in KINDS["missing"].qualifiers else ">"
    if claim.kind == "missing" and claim.percent is not None:
        text += f" {operator} {_fmt_number(claim.percent)}%"
    elif claim.kind == "missing" and claim.count is not None:
        text += f" {operator} {claim.count} rows"
    if claim.strength and KINDS[claim.kind].strengths:
        text += f" {claim.strength}"
    if claim.qualifier and claim.kind != "missing":
        text += f" {claim.qualifier}"
    if claim.confidence is not None:
        text += f" ({_fmt_number(claim.confidence)}%)"
    return text
