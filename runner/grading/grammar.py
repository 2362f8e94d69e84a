"""Hypotheses: the learner's markdown bullets, read as claims the grader can check.

Every bullet line (``- ``, ``* ``, ``+ ``, ``1. ``; nested bullets and ``[ ]``
task boxes too) is one claim.  Headings, prose, blank lines, horizontal rules,
HTML comments and fenced code are skipped.  The canonical form is::

    [not] KIND: COLUMNS [STRENGTH] [QUALIFIER] [(NN%)]

    KIND              COLUMNS   QUALIFIER                                        EXAMPLE
    missing           1+        > P% | >= P% | < P% | <= P% | about P%,          missing: Ozone > 20%
                                or the same with N rows (optional)               missing: Age about 177 rows
    skewed            1+        right | left (optional)                          skewed: fare strong right
    correlated        2+        positive | negative (optional)                   correlated: Ozone, Wind negative
    outliers          1+                                                         outliers: fare
    zeros             1+                                                         zeros: affairs
    constant          1+                                                         constant: flag
    unique            1+                                                         unique: PassengerId
    high_cardinality  1+                                                         high_cardinality: city
    imbalanced        1+                                                         imbalanced: class
    uniform           1+                                                         uniform: day
    infinite          1+                                                         infinite: ratio
    duplicates        none (whole rows)                                          duplicates
    type              1+        numeric | categorical | datetime | text | boolean (required)   type: age numeric
    missing_together  2+                                                         missing_together: Ozone, Solar.R

* ``not`` before the kind negates it: ``not skewed: religious``.
* STRENGTH (``weak``, ``moderate``, ``strong``) qualifies the kinds graded in
  strength bands: correlated, skewed, imbalanced, missing_together.  Without
  one, a claim that a pattern exists means "moderate or strong"; ``not``
  means "no pattern" (the lowest band); ``not ... strong`` means "anything but
  strong".  The bands, their edges and the significance test of each kind are
  in :mod:`runner.grading.bands` and the drill spec's ``grading:`` block; every
  verdict's evidence shows them.  Strength and qualifier words may also come
  before the colon: ``correlated negative: X, Y``, ``skewed right: X``,
  ``strong negative correlation: X, Y``.
* A one-column kind may name several columns (``missing: Ozone, Solar.R``):
  each is judged, and the claim is ``partly`` right when only some hold.  A
  pair kind with more than two columns claims every pair among them (a block).
* Kinds are case-insensitive; spaces, hyphens and underscores are alike
  (``high cardinality``) and short or singular forms work (``skew``,
  ``correlation``, ``outlier``, ``zero``, ``inf``, ``duplicate``, ``imbalance``).
* Columns match case-insensitively.  Put a name with spaces, commas or other
  punctuation in backticks: ``correlated: `sepal length (cm)`, `petal width (cm)` ``
  (names with spaces that match a real column exactly also work without them).
* The share of rows for missing: ``>``, ``>=`` (also ``=>``, ``≥``, "at least"),
  ``<``, ``<=`` (also ``=<``, ``≤``, "at most"); "more than", "over", "above"
  are ``>``, "less than", "under", "below" are ``<``; "about", "around",
  "roughly", "approximately", ``~`` and a bare ``20%`` are ``about`` (within
  the spec's tolerance, ``partly`` within twice it).  A count of rows works
  too: "Age has 177 missing values" is ``missing: Age about 177 rows``.
  "most" is more than half, "half" about half, "many" more than 10%.
* ``(70%)`` at the end is your confidence, from 0% to 100%.

Plain English works too, in every form of :mod:`runner.grading.phrasing`
(each phrasing has an example): "Ozone has 37 missing values", "20% of Age is
missing", "Cabin is missing for most passengers", "fare is heavily
right-skewed", "Ozone and Temp move together", "Ozone rises as Wind falls",
"species is associated with island", "body mass differs by species", "Temp
predicts Ozone", "Ozone and Solar.R go missing together", "there is one
duplicated row", "Month is really a categorical variable".  Also:

* headers: "Ozone vs Wind: strong negative correlation", "Ozone ~ Wind:
  negative", "Ozone: ~24% missing";
* filler words are ignored ("is basically uniform", "is really a category");
* a missing verb is fine ("Ozone negatively correlated with Wind");
* a trailing remark is ignored unless it negates ("fare has outliers on the
  high side", "Origin is imbalanced, mostly USA"); a strength in it counts
  ("Ozone and Wind are correlated, but only weakly");
* "isn't", "has no", "doesn't have" negate; "I think", "maybe", "H1:" in front
  are ignored, and "I don't think", "I doubt" in front negate the claim;
* misspelt vocabulary is corrected ("corelated", "skewd"), never a column name.

Missing values, outliers and infinite values are judged per column: "there
are no missing values" (the whole dataset) is ungradeable, with a per-column
suggestion.

A line that does not parse is kept with ``kind=None``, a one-line ``problem``
and, when one can be guessed, a ``suggestion``: a canonical form naming only
the columns the line names or closely misspells (``COLUMN`` for the others),
never a column matched from an ordinary word such as "vs".  The parser never
raises.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import replace

from runner.grading.claims import (  # noqa: F401  (Claim, canonical: this module's API too)
    _CONF,
    _CONJUGATE,
    _DENY,
    _HEDGE,
    _MAX_CHARS,
    _PH,
    _REWRITES,
    _STOP,
    _TO_VERB,
    _TRAIL,
    Claim,
    _Columns,
    _fmt_number,
    _kind_key,
    _normal,
    _protect,
    canonical,
)
from runner.grading.loose import drop_fillers, fix_typos, parse_header, parse_trailing
from runner.grading.phrasing import ALIASES, WIDE  # noqa: F401  (this module's API too)
from runner.grading.reader import (
    _HEAD,
    example,
    fail,
    head_kind,
    parse_alias,
    parse_canonical,
    parse_wide,
)
from runner.grading.vocabulary import KIND_WORDS, KINDS, QUALIFIERS, Alias, Kind  # noqa: F401

# -- parsing ---------------------------------------------------------------------------------------

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
        ordinary = not code and low in _STOP  # "vs", "and", "the": never a column, whatever the frame holds
        if cols.known and not ordinary and (column := cols.resolve(word)) is not None:
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
            close_name = (cols.closest(word, 0.8) if tries <= 4 else None) if cols.known else word
            if close_name is not None and close_name not in names:
                names.append(close_name)
    if kind in (None, "type") and type_word is not None:
        kind, qualifier = "type", qualifier or type_word
    if kind is None:
        return None
    return example(kind, cols, names[: KINDS[kind].arity], negated, qualifier if kind != "missing" else None)


def _read(text: str, work: str, codes: list[str], cols: _Columns, trailing: bool = True,
          typos: bool = True) -> Claim | None:
    """The first reading of ``work`` (see :mod:`runner.grading.reader` for the order).

    A prefix tried without its trailing remark is not cut again, and typos are corrected once: the
    work per line stays linear in its length.
    """
    head = _HEAD.fullmatch(work)
    if head and (found := head_kind(head["head"])) is not None and (head["body"] is not None or " " not in
                                                                      head["head"].strip() or KINDS[found[0]].arity == 0):
        kind, negated, qualifier, strength = found
        return parse_canonical(text, kind, negated, head["body"] or "", codes, cols, qualifier, strength)
    work = drop_fillers(work, cols)
    # with the frame known, a phrasing naming a real column wins ("there are outliers in table", a column
    # called "table"); without it, "... in the dataset" must not be read as a column called "dataset"
    first = parse_alias(text, work, codes, cols) if cols.known else None
    if first is not None and first.gradeable:
        return first
    if (claim := parse_wide(text, work, cols)) is not None:
        return claim
    first = first or parse_alias(text, work, codes, cols)
    if first is not None and first.gradeable:
        return first
    if (claim := parse_header(text, work, codes, cols)) is not None and claim.gradeable:
        return claim
    if trailing and (claim := parse_trailing(text, work, codes, cols, lambda prefix: _read(
            text, prefix, codes, cols, trailing=False, typos=False))) is not None and claim.gradeable:
        return claim
    if typos and (fixed := fix_typos(work, cols)) != work and (
            claim := _read(text, fixed, codes, cols, trailing=trailing, typos=False)) is not None and claim.gradeable:
        return claim
    return first


def _parse(text: str, cols: _Columns) -> Claim:
    text = text.strip()
    if not text:
        return fail(text, "empty claim")
    if len(text) > _MAX_CHARS:
        return fail(text, f"too long ({len(text)} characters): one short claim per line")
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
    denied = False
    while True:
        if (hedge := _HEDGE.match(work)) is not None:
            work = work[hedge.end():]
            if hedge["verb"] and (to := _TO_VERB.match(work)):  # "I expect Ozone to be skewed"
                verb = to["verb"].lower()
                work = f"{to['x']} {_CONJUGATE.get(verb, verb + 's')}{work[to.end():]}"
        elif (deny := _DENY.match(work)) is not None:
            work, denied = work[deny.end():], not denied
            if to := _TO_VERB.match(work):
                verb = to["verb"].lower()
                work = f"{to['x']} {_CONJUGATE.get(verb, verb + 's')}{work[to.end():]}"
        else:
            break
    claim = _read(text, work, codes, cols)
    if claim is None:
        head = _HEAD.fullmatch(work)
        close = difflib.get_close_matches(_kind_key(head["head"]), list(KIND_WORDS), 1, 0.75) if head else []
        if head and head["body"] is not None and close:  # "skewd: fare"
            redo = parse_canonical(text, KIND_WORDS[close[0]], False, head["body"], codes, cols)
            fix = canonical(redo) if redo.gradeable else redo.suggestion
            claim = fail(text, f"unknown kind {head['head'].strip()!r}", fix)
        else:
            claim = fail(text, "could not read this claim: write KIND: COLUMN, e.g. missing: "
                         + (cols.first if cols.first and " " not in cols.first else "COLUMN"), _guess(work, codes, cols))
    if denied and claim.gradeable:
        claim = replace(claim, negated=not claim.negated, strength=claim.strength)
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
        return fail(str(text).strip()[:_MAX_CHARS], f"internal error reading this claim ({type(exc).__name__})")


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
