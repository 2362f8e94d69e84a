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
from dataclasses import replace

from runner.grading.claims import (  # noqa: F401  (Claim, canonical: this module's API too)
    _CONF,
    _HEAD,
    _HEDGE,
    _MAX_CHARS,
    _PCT_TAIL,
    _PH,
    _QUAL_TAIL,
    _REWRITES,
    _STOP,
    _TRAIL,
    Claim,
    _Columns,
    _fmt_name,
    _fmt_number,
    _kind_key,
    _normal,
    _protect,
    _short,
    canonical,
)
from runner.grading.vocabulary import (  # noqa: F401  (KINDS, ALIASES, Kind, Alias: this module's API too)
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
