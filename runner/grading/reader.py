"""Reading one claim: the canonical form and the plain-English phrasings.

The order of the readings is :func:`runner.grading.grammar._read`'s: a
canonical ``KIND: COLUMNS`` line is read as such; then the phrasings of
:mod:`runner.grading.phrasing` (and dataset-level sentences about per-column
kinds); then the looser forms of :mod:`runner.grading.loose`.  A reading must
name columns the frame has (when the frame is known); a wrong reading is worse
than none, so a line nothing reads is kept ungradeable with a suggestion.

May import: this package's ``claims``, ``vocabulary`` and ``phrasing``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from runner.grading.claims import (
    _PCT_TAIL,
    _PH,
    _QUAL_TAIL,
    Claim,
    _Columns,
    _fmt_name,
    _fmt_number,
    _kind_key,
    canonical,
)
from runner.grading.phrasing import candidates, wide_regexes
from runner.grading.vocabulary import (
    IMPLIED_QUALIFIERS,
    KIND_WORDS,
    KINDS,
    MANY,
    MANY_SHARE,
    OPERATORS,
    QUALIFIERS,
    SHARES,
    STRENGTHS,
    strength_of,
)

PLACEHOLDER = "COLUMN"


def fail(text: str, problem: str, suggestion: str | None = None) -> Claim:
    return Claim(text, None, [], problem=problem, suggestion=suggestion)


def finish(text: str, kind: str, negated: bool, parts: list[tuple[str, str | None]], cols: _Columns,
           qualifier: str | None = None, percent: float | None = None, strength: str | None = None,
           count: int | None = None) -> Claim:
    """Check the column count, the qualifier and the names; a failed check makes the claim ungradeable."""
    spec = KINDS[kind]
    strength = strength if spec.strengths else None
    claim = Claim(text, kind, [r if r is not None else w for w, r in parts], negated, None, qualifier, percent,
                  strength=strength, count=count)
    n, problem, suggestion = len(parts), None, None
    if spec.arity == 0 and n:
        problem, suggestion = f"{kind} is about whole rows and takes no column", canonical(replace(claim, columns=[]))
    elif spec.arity and n < spec.arity:
        need = {1: "a column", 2: "two columns"}.get(spec.arity, f"{spec.arity} columns")
        suggestion = example(kind, cols, [r for _, r in parts if r is not None], negated, qualifier, percent)
        problem = f"{kind} needs {need}" + (f", e.g. {suggestion}" if suggestion else "")
    elif spec.qualifier_required and qualifier is None:
        problem = f"{kind} needs one of {', '.join(spec.qualifiers)}, e.g. {canonical(claim)} {spec.qualifiers[0]}"
        suggestion = f"{canonical(claim)} {'|'.join(spec.qualifiers)}"
    elif any(not w.strip() for w, _ in parts):
        problem = "empty column name"
    elif unknown := [w for w, r in parts if r is None]:
        problem, suggestion = f"no column named {unknown[0][:60]!r}", cols.closest(unknown[0])
    elif len({c.casefold() for c in claim.columns}) < n:
        problem = f"{kind} names a column twice" if spec.arity < 2 or n > 2 else f"{kind} needs two different columns"
    if problem:
        return replace(claim, kind=None, problem=problem, suggestion=suggestion)
    return claim


def example(kind: str, cols: _Columns, names: Sequence[str] = (), negated: bool = False,
            qualifier: str | None = None, percent: float | None = None) -> str | None:
    """A canonical claim of ``kind`` about ``names``, with :data:`PLACEHOLDER` for the columns the line
    did not name (a suggestion never names a column the line does not name or closely misspell)."""
    spec = KINDS[kind]
    if not cols.known and not names and not negated and qualifier is None and percent is None:
        return spec.example
    pool = list(dict.fromkeys(names))
    while len(pool) < spec.arity:
        pool.append(PLACEHOLDER if PLACEHOLDER not in pool else f"{PLACEHOLDER}_{len(pool) + 1}")
    text = canonical(Claim("", kind, pool[: max(spec.arity, len(pool))], negated, None, qualifier, percent))
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


# -- the canonical form ------------------------------------------------------------------------------

_HEAD = re.compile(r"(?P<head>[^:\ue000\ue001]+?)\s*(?::\s*(?P<body>.*))?", re.DOTALL)


def head_kind(head: str) -> tuple[str, bool, str | None, str | None] | None:
    """``[not] [strength] [qualifier] KIND [qualifier] [strength]`` -> (kind, negated, qualifier, strength)."""
    words = re.sub(r"[\s_]+", " ", head.strip().lower()).split(" ")
    negated = False
    while words and words[0] in ("not", "no"):
        negated, words = not negated, words[1:]
    for size in (4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            kind = KIND_WORDS.get(_kind_key("_".join(words[start:start + size])))
            if kind is None:
                continue
            rest = words[:start] + words[start + size:]
            qualifier, strength = IMPLIED_QUALIFIERS.get(_kind_key("_".join(words[start:start + size]))), None
            ok = True
            for word in rest:
                if word in QUALIFIERS.get(kind, {}) and qualifier in (None, QUALIFIERS[kind][word]):
                    qualifier = QUALIFIERS[kind][word]
                elif KINDS[kind].strengths and word in STRENGTHS and strength is None:
                    strength = STRENGTHS[word]
                else:
                    ok = False
            if ok:
                return kind, negated, qualifier, strength
    return None


def _tail_words(kind: str, body: str) -> tuple[str, str | None, str | None]:
    """Strip trailing qualifier and strength words (either order): ``a, b strong negative``."""
    qualifier = strength = None
    for _ in range(2):
        m = _QUAL_TAIL.search(body)
        if m is None or body[: m.start()].endswith((",", "&", ";")):
            break
        word = m["q"].lower()
        if qualifier is None and word in QUALIFIERS.get(kind, {}):
            qualifier = QUALIFIERS[kind][word]
        elif strength is None and KINDS[kind].strengths and word in STRENGTHS:
            strength = STRENGTHS[word]
        else:
            break
        body = body[: m.start()]
    return body, qualifier, strength


def parse_canonical(text: str, kind: str, negated: bool, body: str, codes: list[str], cols: _Columns,
                    qualifier: str | None = None, strength: str | None = None) -> Claim:
    spec, body = KINDS[kind], body.strip()
    head = ("not " if negated else "") + kind
    if kind == "missing" and (m := _PCT_TAIL.search(body)):
        name = _PH.sub(lambda c: _fmt_name(codes[int(c[1])]), body[: m.start()])
        number = float(m["num"] or m["bare"])
        op = OPERATORS.get((m["op"] or "about").lower(), "about")
        unit = (m["pct"] or "").strip()
        if m["bare"] is not None or unit == "%":
            if not 0 <= number <= 100:
                return fail(text, f"a share of {m['num'] or m['bare']}% is outside 0-100%")
            parts = cols.split(body[: m.start()], codes, spec.arity)
            return finish(text, kind, negated, parts, cols, op, number / 100)
        if unit:  # "> 100 rows"
            parts = cols.split(body[: m.start()], codes, spec.arity)
            return finish(text, kind, negated, parts, cols, op, None, count=int(number))
        share = _fmt_number(number) if number <= 1 else m["num"]
        return fail(text, "write the share of rows as a percentage, like > 20%, or a count, like > 100 rows",
                    f"{head}: {name} {op} {share}%")
    whole = cols.split(body, codes, spec.arity)
    rest, tail_q, tail_s = _tail_words(kind, body)
    if (tail_q or tail_s) and rest.strip():
        if kind == "type":
            rest = re.sub(r"\s*(?:\bis|\bas|=|:)$", "", rest)
        parts = cols.split(rest, codes, spec.arity)
        if all(r is not None for _, r in parts) or not all(r is not None for _, r in whole):
            return finish(text, kind, negated, parts, cols, tail_q or qualifier, None, tail_s or strength)
    if kind in QUALIFIERS and cols.known and whole and whole[-1][1] is None and " " in whole[-1][0].strip():
        name, _, word = whole[-1][0].strip().rpartition(" ")
        if (resolved := cols.resolve(name)) is not None:  # "skewed: fare up"
            fixed = Claim(text, kind, [r or w for w, r in whole[:-1]] + [resolved], negated)
            return fail(text, f"unknown qualifier {word!r} for {kind}: use {' or '.join(spec.qualifiers)}",
                        canonical(fixed))
    return finish(text, kind, negated, whole, cols, qualifier, None, strength)


# -- plain English -----------------------------------------------------------------------------------

_UPWARD = re.compile(r"^(?:increases?|rises?|grows?|goes up|go up|climbs?|gets? (?:higher|bigger|larger)|is higher"
                     r"|are higher|higher|larger|bigger|more)$", re.IGNORECASE)


def _direction(groups: dict, kind: str) -> str | None:
    if kind != "correlated":
        return None
    if groups.get("q"):
        return QUALIFIERS["correlated"].get(groups["q"].lower())
    if groups.get("implied"):
        return "negative" if groups["implied"].lower() in ("opposite", "different", "contrary") else "positive"
    if groups.get("dir"):
        up = bool(_UPWARD.match(groups["dir"]))
        up2 = True if not groups.get("dir2") else bool(_UPWARD.match(groups["dir2"]))
        return "positive" if up == up2 else "negative"
    return None


def _amount(groups: dict, kind: str, outside: str) -> tuple[str | None, float | None, int | None, str | None]:
    """(operator, share, count, problem) of a missing claim: "> 20%", "about 177 rows", "most" ..."""
    if kind != "missing":
        return None, None, None, None
    op = OPERATORS.get((groups.get("op") or "about").lower(), "about")
    if groups.get("num") is not None:
        number = float(groups["num"])
        if not 0 <= number <= 100:
            return None, None, None, f"a share of {groups['num']}% is outside 0-100%"
        return op, number / 100, None, None
    if groups.get("count") is not None:
        return op, None, int(groups["count"].replace(",", "")), None
    if groups.get("share"):
        op, share = SHARES[groups["share"].lower()]
        return op, share, None, None
    for word, (op, share) in sorted(SHARES.items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{re.escape(word)}\b", outside, re.IGNORECASE):
            return op, share, None, None
    if MANY.search(outside):  # "many missing values": a share, not "any"
        return ">", MANY_SHARE, None, None
    return None, None, None, None


def parse_alias(text: str, work: str, codes: list[str], cols: _Columns) -> Claim | None:
    """The first phrasing that reads the line with known columns (else the first that reads it at all)."""
    first = None
    for alias, regex in candidates(work):
        if (m := regex.fullmatch(work)) is None:
            continue
        groups = m.groupdict()
        null_word = alias.negated or groups.get("flip") is not None
        negated = alias.negated ^ bool(groups.get("neg")) ^ (groups.get("flip") is not None)
        outside = _outside(m)
        written_q = groups.get("q") or groups.get("side") or ""
        qualifier = QUALIFIERS.get(alias.kind, {}).get(written_q.lower().replace(" ", "-"))
        qualifier = _direction(groups, alias.kind) or qualifier
        op, share, count, problem = _amount(groups, alias.kind, outside)
        if problem:
            return fail(text, problem)
        strength = None if null_word else strength_of(outside)
        spec = KINDS[alias.kind]
        if groups.get("y") is not None:
            left = cols.split(groups["x"], codes, 1, prose=True)
            right = cols.split(groups["y"], codes, 1, prose=True)
            if spec.arity == 2 and (len(left) > 1 or len(right) > 1):
                first = first or fail(text, f"{alias.kind} names one pair per claim: write one claim per pair",
                                      canonical(Claim("", alias.kind, [r or w for w, r in (left[:1] + right[:1])])))
                continue
            parts = left + right
        else:
            parts = cols.split(groups.get("x") or "", codes, spec.arity, prose=True)
        claim = finish(text, alias.kind, negated, parts, cols, op or qualifier, share, strength, count)
        if claim.gradeable:
            return claim
        first = first or claim
    return first


def parse_wide(text: str, work: str, cols: _Columns) -> Claim | None:
    """A per-column kind said of the whole dataset ("there are no missing values"): ungradeable, with a hint."""
    for wide, regex in wide_regexes():
        if (m := regex.fullmatch(work)) is None:
            continue
        negated = wide.negated ^ bool(m.groupdict().get("neg"))
        percent = MANY_SHARE if wide.kind == "missing" and MANY.search(m.group()) else None
        hint = example(wide.kind, cols, (), negated, None if percent is None else ">", percent)
        return fail(text, f"{wide.kind} is judged per column, not for the whole dataset: write one claim per column"
                    + (f", e.g. {hint}" if hint else ""), hint)
    return None
