"""Hypotheses: the learner's markdown bullets, read as claims the grader can check.

Every bullet line (``- ``, ``* ``, ``+ ``, ``1. ``; nested bullets and ``[ ]``
task boxes too) is one claim.  Headings, prose, blank lines, horizontal rules,
HTML comments and fenced code are skipped.  The canonical form is::

    [not] KIND: COLUMNS [QUALIFIER] [(NN%)]

    KIND              COLUMNS  QUALIFIER                                   EXAMPLE
    missing           1        > P% | >= P% | < P% | <= P% (optional)      missing: Ozone > 20%
    skewed            1        right | left (optional)                     skewed: fare right
    correlated        2        positive | negative (optional)              correlated: Ozone, Wind negative
    outliers          1                                                    outliers: fare
    zeros             1                                                    zeros: affairs
    constant          1                                                    constant: flag
    unique            1                                                    unique: PassengerId
    high_cardinality  1                                                    high_cardinality: city
    imbalanced        1                                                    imbalanced: class
    uniform           1                                                    uniform: day
    infinite          1                                                    infinite: ratio
    duplicates        none (whole rows)                                    duplicates
    type              1        numeric | categorical | datetime | text | boolean (required)   type: age numeric

* ``not`` before the kind negates it: ``not skewed: religious``.
* Kinds are case-insensitive; spaces, hyphens and underscores are alike
  (``high cardinality``) and short or singular forms work (``skew``,
  ``correlation``, ``outlier``, ``zero``, ``inf``, ``duplicate``, ``imbalance``).
* Columns match case-insensitively.  Put a name with spaces, commas or other
  punctuation in backticks: ``correlated: `sepal length (cm)`, `petal width (cm)` ``
  (names with spaces that match a real column exactly also work without them).
* The share of rows for missing: ``>``, ``>=`` (also ``=>``, ``≥``, "at least"),
  ``<``, ``<=`` (also ``=<``, ``≤``, "at most"); "more than", "over", "above"
  are ``>``, "less than", "under", "below" are ``<``.
* ``(70%)`` at the end is your confidence, from 0% to 100%.
* Plain English works too; every phrase in :data:`ALIASES` (each has an
  example), e.g. "Ozone has missing values", "Ozone has more than 20% missing
  values", "fare is right-skewed", "age and yrs_married are correlated",
  "Ozone is correlated with Wind", "there are no duplicate rows",
  "PassengerId is an id", "age is numeric".  "isn't", "has no", "doesn't have"
  negate; "I think", "maybe", "H1:" in front are ignored.
* "Many" missing values is a share of rows, not just "any": "many", "lots of",
  "a lot of", "plenty of", "numerous", "a large (significant) number of" missing
  values read as ``> 10%`` (:data:`MANY_SHARE`), as "many zeros" is a share of at
  least 10%; "some", "a few", "any", "several" missing values mean any at all.
* A softened claim ("a weak correlation", "slightly skewed", "mildly imbalanced";
  every word in :data:`SOFTENERS`) is ungradeable: the grader checks patterns at
  their thresholds, and a weak pattern is below them.  Intensifiers ("very",
  "strongly", "heavily", ...) are fine.
* Missing values, outliers and infinite values are judged per column: "there are
  no missing values" (the whole dataset) is ungradeable, with a per-column suggestion.

A line that does not parse is kept with ``kind=None``, a one-line ``problem``
and, when one can be guessed, a ``suggestion`` (the closest canonical form, or
the closest column name; given the frame's columns, a suggestion names only
those).  The parser never raises.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from runner.hypothesis_vocabulary import (  # noqa: F401  (KINDS, ALIASES, Kind, Alias: this module's API too)
    ALIASES,
    KIND_WORDS,
    KINDS,
    MANY,
    MANY_SHARE,
    NUMBER,
    OPERATORS,
    QUALIFIERS,
    SOFT,
    SOFTENERS,
    WIDE,
    Alias,
    Kind,
    alias_regexes,
    wide_regexes,
)


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


# -- parsing ---------------------------------------------------------------------------------------

def _finish(text: str, kind: str, negated: bool, parts: list[tuple[str, str | None]], cols: _Columns,
            qualifier: str | None = None, percent: float | None = None) -> Claim:
    """Check the column count, the qualifier and the names; a failed check makes the claim ungradeable."""
    spec = KINDS[kind]
    claim = Claim(text, kind, [r if r is not None else w for w, r in parts], negated, None, qualifier, percent)
    n, problem, suggestion = len(parts), None, None
    if spec.arity == 0 and n:
        problem, suggestion = f"{kind} is about whole rows and takes no column", canonical(replace(claim, columns=[]))
    elif spec.arity and n < spec.arity:
        need = "a column" if spec.arity == 1 else "two columns"
        suggestion = _example(kind, cols, [r for _, r in parts if r is not None], negated, qualifier, percent)
        problem = f"{kind} needs {need}" + (f", e.g. {suggestion}" if suggestion else "")
    elif n > spec.arity:
        need = "one column" if spec.arity == 1 else "two columns"
        problem = f"{kind} takes {need}, not {n}: write one claim per line"
        suggestion = canonical(replace(claim, columns=claim.columns[: spec.arity]))
    elif spec.qualifier_required and qualifier is None:
        problem = f"{kind} needs one of {', '.join(spec.qualifiers)}, e.g. {canonical(claim)} {spec.qualifiers[0]}"
        suggestion = f"{canonical(claim)} {'|'.join(spec.qualifiers)}"
    elif any(not w.strip() for w, _ in parts):
        problem = "empty column name"
    elif unknown := [w for w, r in parts if r is None]:
        problem, suggestion = f"no column named {_short(unknown[0])!r}", cols.closest(unknown[0])
    elif n == 2 and claim.columns[0] == claim.columns[1]:
        problem = f"{kind} needs two different columns"
    if problem:
        return replace(claim, kind=None, problem=problem, suggestion=suggestion)
    return claim


def _fail(text: str, problem: str, suggestion: str | None = None) -> Claim:
    return Claim(text, None, [], problem=problem, suggestion=suggestion)


def _example(kind: str, cols: _Columns, names: Sequence[str] = (), negated: bool = False,
             qualifier: str | None = None, percent: float | None = None) -> str | None:
    """A canonical claim of ``kind`` about ``names`` and, to make up the count, the frame's own columns.

    Without a frame, the kind's example (its columns make up the count); None when the frame has
    too few columns.  A suggestion never names a column the frame does not have.
    """
    spec = KINDS[kind]
    if not cols.known and not names and not negated and qualifier is None and percent is None:
        return spec.example
    others = cols.names if cols.known else _parse(spec.example, _Columns(None)).columns
    pool = list(dict.fromkeys([*names, *others]))
    if len(pool) < spec.arity:
        return None
    text = canonical(Claim("", kind, pool[: spec.arity], negated, None, qualifier, percent))
    if spec.qualifier_required and qualifier is None:
        text += " " + "|".join(spec.qualifiers)
    return text


def _outside(m: re.Match[str]) -> str:
    """The text an alias matched, with the column names (groups x and y) cut out."""
    spans = sorted(m.span(g) for g in ("x", "y") if g in m.re.groupindex and m.start(g) >= 0)
    pieces, pos = [], m.start()
    for start, end in spans:
        pieces.append(m.string[pos:start])
        pos = end
    return " | ".join([*pieces, m.string[pos:m.end()]])


_WEAK = "the grader checks patterns at their thresholds (e.g. |r| >= 0.5, |skewness| > 1); a weak pattern is below them"


def _soften(claim: Claim, word: str) -> Claim:
    """A claim qualified by "weak", "slightly", ...: not the strong claim, so ungradeable; suggest both ways."""
    suggestion = canonical(claim)
    if not claim.negated:
        suggestion += " or " + canonical(replace(claim, negated=True, qualifier=None, percent=None))
    return replace(claim, kind=None, problem=f"{word.lower()!r} weakens the claim: {_WEAK}", suggestion=suggestion)


def _parse_canonical(text: str, kind: str, negated: bool, body: str, codes: list[str], cols: _Columns) -> Claim:
    spec, body = KINDS[kind], body.strip()
    head = ("not " if negated else "") + kind
    if kind == "missing" and (m := _PCT_TAIL.search(body)):
        name = _PH.sub(lambda c: _fmt_name(codes[int(c[1])]), body[: m.start()])
        number = float(m["num"] or m["bare"])
        if m["bare"] is not None:
            return _fail(text, "say more or less than: > P%, >= P%, < P% or <= P%", f"{head}: {name} > {m['bare']}%")
        if not m["pct"]:
            share = _fmt_number(number) if number <= 1 else m["num"]
            return _fail(text, "write the share of rows as a percentage, like > 20%",
                         f"{head}: {name} {OPERATORS[m['op'].lower()]} {share}%")
        if not 0 <= number <= 100:
            return _fail(text, f"a share of {m['num']}% is outside 0-100%")
        parts = cols.split(body[: m.start()], codes, spec.arity)
        return _finish(text, kind, negated, parts, cols, OPERATORS[m["op"].lower()], number / 100)
    whole = cols.split(body, codes, spec.arity)
    m = _QUAL_TAIL.search(body)
    if kind in QUALIFIERS and m and m["q"].lower() in QUALIFIERS[kind] and not body[: m.start()].endswith((",", "&", ";")):
        rest = re.sub(r"\s*(?:\bis|\bas|=|:)$", "", body[: m.start()]) if kind == "type" else body[: m.start()]
        parts = cols.split(rest, codes, spec.arity)
        if all(r is not None for _, r in parts) or not all(r is not None for _, r in whole):
            return _finish(text, kind, negated, parts, cols, QUALIFIERS[kind][m["q"].lower()])
    if kind in QUALIFIERS and cols.known and whole and whole[-1][1] is None and " " in whole[-1][0].strip():
        name, _, word = whole[-1][0].strip().rpartition(" ")
        if (resolved := cols.resolve(name)) is not None:  # "skewed: fare up"
            fixed = Claim(text, kind, [r or w for w, r in whole[:-1]] + [resolved], negated)
            return _fail(text, f"unknown qualifier {word!r} for {kind}: use {' or '.join(spec.qualifiers)}",
                         canonical(fixed))
    return _finish(text, kind, negated, whole, cols)


def _parse_alias(text: str, work: str, codes: list[str], cols: _Columns) -> Claim | None:
    """The first alias that reads the line with known columns (else the first that reads it at all)."""
    first = None
    for alias, regex in alias_regexes():
        if (m := regex.fullmatch(work)) is None:
            continue
        groups = m.groupdict()
        negated = alias.negated ^ bool(groups.get("neg")) ^ (groups.get("flip") is not None)
        qualifier = QUALIFIERS.get(alias.kind, {}).get((groups.get("q") or "").lower().replace(" ", "-"))
        op, percent, outside = groups.get("op"), None, _outside(m)
        if op is not None:
            number = float(groups["num"])
            if not 0 <= number <= 100:
                return _fail(text, f"a share of {groups['num']}% is outside 0-100%")
            op, percent = OPERATORS[op.lower()], number / 100
        elif alias.kind == "missing" and MANY.search(outside):  # "many missing values": a share, not "any"
            op, percent = ">", MANY_SHARE
        spec = KINDS[alias.kind]
        if groups.get("y") is not None:
            parts = cols.split(groups["x"], codes, 1, prose=True) + cols.split(groups["y"], codes, 1, prose=True)
        else:
            parts = cols.split(groups.get("x") or "", codes, spec.arity, prose=True)
        claim = _finish(text, alias.kind, negated, parts, cols, op or qualifier, percent)
        if claim.gradeable:
            soft = SOFT.search(outside)
            return _soften(claim, soft.group()) if soft else claim
        first = first or claim
    return first


def _parse_wide(text: str, work: str, cols: _Columns) -> Claim | None:
    """A per-column kind said of the whole dataset ("there are no missing values"): ungradeable, with a hint."""
    for wide, regex in wide_regexes():
        if (m := regex.fullmatch(work)) is None:
            continue
        negated = wide.negated ^ bool(m.groupdict().get("neg"))
        percent = MANY_SHARE if wide.kind == "missing" and MANY.search(m.group()) else None
        example = _example(wide.kind, cols, (), negated, None if percent is None else ">", percent)
        return _fail(text, f"{wide.kind} is judged per column, not for the whole dataset: write one claim per column"
                     + (f", e.g. {example}" if example else ""), example)
    return None


def _guess(work: str, codes: list[str], cols: _Columns) -> str | None:
    """The closest canonical form for a line nothing could read, or None if no kind is recognisable."""
    kind = qualifier = type_word = None
    names: list[str] = []
    negated, tries = False, 0
    for token in re.findall("\ue000[0-9]+\ue001|[^\\s,;:()\"'!?]+", work):
        code = _PH.fullmatch(token)
        word = codes[int(code[1])] if code else token.strip(".-*_")
        low = word.lower()
        if not code and low in ("not", "no", "never", "without", "none"):
            negated = True
        if cols.known and (column := cols.resolve(word)) is not None:
            names.append(column)
            continue
        found = KIND_WORDS.get(low) or KIND_WORDS.get(low.rstrip("s"))
        if found is None and len(low) >= 4 and not code:
            close = difflib.get_close_matches(low, list(KIND_WORDS), n=1, cutoff=0.8)
            found = KIND_WORDS[close[0]] if close else None
        if low in QUALIFIERS["type"] and kind != "type":  # "a number of missing values": a kind word wins
            type_word = type_word or QUALIFIERS["type"][low]
        elif found is not None and kind is None:
            kind = found
        elif kind in QUALIFIERS and low.split("-")[0] in QUALIFIERS[kind]:
            qualifier = qualifier or QUALIFIERS[kind][low.split("-")[0]]
        elif found is None and len(names) < 2 and (code or low not in _STOP and not re.fullmatch(r"[0-9.%<>=+-]+", low)):
            tries += 1
            close_name = (cols.closest(word) if tries <= 4 else None) if cols.known else word
            if close_name is not None and close_name not in names:
                names.append(close_name)
    if kind in (None, "type") and type_word is not None:
        kind, qualifier = "type", qualifier or type_word
    if kind is None:
        return None
    return _example(kind, cols, names[: KINDS[kind].arity], negated, qualifier if kind != "missing" else None)


def _parse(text: str, cols: _Columns) -> Claim:
    text = text.strip()
    if not text:
        return _fail(text, "empty claim")
    if len(text) > _MAX_CHARS:
        return _fail(text, f"too long ({len(text)} characters): one short claim per line")
    work, codes = _protect(text)
    work = _normal(work)
    for rx, repl in _REWRITES:
        work = rx.sub(repl, work)
    work = _TRAIL.sub("", work)
    confidence, bad_confidence = None, None
    if (m := _CONF.search(work)) and m.start() > 0:
        work, value = _TRAIL.sub("", work[: m.start()]), float(m["num"])
        if not m["pct"]:
            bad_confidence = f"write the confidence as a percentage, like ({_fmt_number(value) if value <= 1 else m['num']}%)"
        elif not 0 <= value <= 100:
            bad_confidence = f"confidence {m['num']}% is outside 0-100%"
        else:
            confidence = value / 100
    while (hedge := _HEDGE.match(work)) is not None:
        work = work[hedge.end():]
    head = _HEAD.fullmatch(work)
    kind = KIND_WORDS.get(_kind_key(head["kind"])) if head else None
    if head and kind:
        claim = _parse_canonical(text, kind, bool(head["not"]), head["body"] or "", codes, cols)
    elif (claim := _parse_wide(text, work, cols) or _parse_alias(text, work, codes, cols)) is None:
        close = difflib.get_close_matches(_kind_key(head["kind"]), list(KIND_WORDS), 1, 0.75) if head else []
        if head and head["body"] is not None and close:  # "skewd: fare"
            redo = _parse_canonical(text, KIND_WORDS[close[0]], bool(head["not"]), head["body"], codes, cols)
            fix = canonical(redo) if redo.gradeable else redo.suggestion
            claim = _fail(text, f"unknown kind {head['kind']!r}", fix)
        else:
            example = _fmt_name(cols.first) if cols.first else "Ozone"
            claim = _fail(text, f"could not read this claim: write KIND: COLUMN, e.g. missing: {example}",
                          _guess(work, codes, cols))
    if bad_confidence and claim.gradeable:
        return replace(claim, kind=None, problem=bad_confidence, suggestion=canonical(claim))
    return replace(claim, confidence=confidence)


def parse_line(text: str, columns: Sequence[str] | None = None) -> Claim:
    """Read one claim (no bullet marker).  ``columns``: the frame's names, or None to take names as written."""
    return _parse_safely(text, _Columns(columns))


def _parse_safely(text: object, cols: _Columns) -> Claim:
    try:
        return _parse(text if isinstance(text, str) else str(text), cols)
    except Exception as exc:  # the contract is "never raises": a bug becomes an ungradeable claim
        return _fail(str(text).strip()[:_MAX_CHARS], f"internal error reading this claim ({type(exc).__name__})")


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_BULLET = re.compile(r"\s*(?:[-*+]|[0-9]{1,9}[.)])(?:\s+|$)(?:\[[ xX]\](?:\s+|$))?")
_FENCE = re.compile(r"\s*(`{3,}|~{3,})")
_RULE = re.compile(r"\s*([-*_])(?:\s*\1){2,}\s*")


def parse_markdown(markdown: str, columns: Sequence[str] | None = None) -> list[Claim]:
    """Every bullet line of a ``hypotheses`` cell, in order, each with its 1-based ``line``."""
    if isinstance(markdown, (list, tuple)):  # nbformat may keep a cell's source as a list of lines
        markdown = "".join(map(str, markdown))
    text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), markdown if isinstance(markdown, str) else "")
    cols, claims, fence = _Columns(columns), [], None
    for number, line in enumerate(text.split("\n"), start=1):
        if (f := _FENCE.match(line)) and (fence is None or f[1][0] == fence[0] and len(f[1]) >= len(fence)):
            fence = f[1] if fence is None else None
            continue
        if fence is not None or _RULE.fullmatch(line) or not (m := _BULLET.match(line)):
            continue
        item = line[m.end():]
        while (inner := _BULLET.match(item)) is not None and inner.end() > 0:  # "- - claim"
            item = item[inner.end():]
        if item.strip():
            claims.append(replace(_parse_safely(item, cols), line=number))
    return claims


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
