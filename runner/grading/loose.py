"""Lines written loosely: headers, trailing remarks, filler words and typos, read with the phrasings.

* a header form: "Ozone vs Wind: strong negative correlation", "Ozone ~ Wind:
  negative", "Ozone: ~24% missing" (the head names the columns, the body says
  something of them);
* a trailing remark is cut ("fare has outliers on the high side", "Origin is
  imbalanced, mostly USA"), unless it negates or (for missing values) names an
  amount; a strength adverb in it counts ("correlated, but only weakly");
* filler words are dropped ("is really a categorical variable"), never inside
  a column's name;
* misspelt vocabulary is corrected ("corelated", "skewd"), never a column name.

May import: this package's ``claims``, ``vocabulary`` and ``reader``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

from runner.grading.claims import _STOP, Claim, _Columns
from runner.grading.reader import head_kind, parse_alias
from runner.grading.vocabulary import (
    FILLERS,
    KIND_WORDS,
    KINDS,
    QUALIFIERS,
    STRENGTH_ADVERBS,
    STRENGTHS,
    strength_of,
)

# -- headers and trailing remarks ------------------------------------------------------------------

_HEADER = re.compile(r"(?P<head>[^:]+?)\s*(?::|\s[-–—]\s|\s*->\s*|\s*=>\s*)\s*(?P<body>.+)")
_PAIR = re.compile(r"\s*(?:\bvs\.?|\bversus\b|~|<->|->|→|↔|\bx\b|×|/|&|,|\band\b)\s*", re.IGNORECASE)
_CORR_BODY = re.compile(r"(?:(?:r|rho|corr|correlation|cor|pearson|spearman)\s*(?:=|≈|~|:|of)?\s*)?(?P<sign>[+-])?"
                        r"\s*0?\.[0-9]+", re.IGNORECASE)


def parse_header(text: str, work: str, codes: list[str], cols: _Columns) -> Claim | None:
    """``HEAD: BODY`` where the head names columns and the body says something about them."""
    if ":" in work:  # a colon is the header's end when there is one ("a -> b: positive")
        head, _, body = work.partition(":")
    elif (m := _HEADER.fullmatch(work)) is not None:
        head, body = m["head"], m["body"]
    else:
        return None
    head, body = head.strip(), body.strip()
    if not head or not body or head_kind(head) is not None:
        return None
    names = [p for p in _PAIR.split(head) if p.strip()]
    if len(names) >= 2 and all(cols.split(n, codes, 1, prose=True)[-1][1] is not None for n in names):
        joined = ", ".join(names[:-1]) + " and " + names[-1]
        words = body.lower().replace(",", " ").split()
        nouns = {"correlation", "relationship", "association", "relation", "link", "corr"}
        if words and all(w in QUALIFIERS["correlated"] or w in STRENGTHS or w in nouns | {"correlated", "related"}
                         for w in words):
            adjectives = " ".join(w for w in words if w not in nouns | {"correlated", "related"})
            candidates = [f"{joined} have a {adjectives} correlation", f"{joined} are {adjectives} correlated"]
        elif (c := _CORR_BODY.fullmatch(body)) is not None:
            candidates = [f"{joined} are {'negatively' if c['sign'] == '-' else 'positively'} correlated"]
        else:
            candidates = [f"{joined} {body}", f"{joined} are {body}", f"{joined} have {body}",
                          f"there is {body} between {joined}"]
    else:
        resolved = cols.split(head, codes, 1, prose=True)
        if len(resolved) != 1 or resolved[0][1] is None or (not cols.known and " " in head):
            return None
        candidates = [f"{head} {body}", f"{head} is {body}", f"{head} has {body}"]
    for candidate in candidates:
        claim = parse_alias(text, candidate, codes, cols)
        if claim is not None and claim.gradeable:
            return claim
    return None


_CUT = re.compile(r",\s|;\s|\s[-–—]\s|\s\(|:\s|\s(?:because|due to|since|as|probably|likely|possibly|maybe|mostly"
                  r"|mainly|especially|particularly|on|at|in|with|which|that|where|for|from|but|though"
                  r"|although|except|suggesting|indicating|meaning|given|so|e\.g\.|i\.e\.|like|such as|near|caused by"
                  r"|driven by|among|above|below|over|under|when|whereas|while|and probably|and likely|than|if)\s",
                  re.IGNORECASE)
#: At most this many places to cut a trailing remark (the longest prefixes first).
MAX_CUTS = 12
_AMOUNT = re.compile(r"[0-9]|%|\b(?:most|majority|half|third|quarter|fifth|tenth|all|many|few|lots?)\b",
                     re.IGNORECASE)
_DENIAL = re.compile(r"\b(?:not|no|never|none|without|neither|nor)\b|n't", re.IGNORECASE)


def parse_trailing(text: str, work: str, codes: list[str], cols: _Columns, reader) -> Claim | None:
    """The line without a trailing remark ("fare has outliers on the high side"), longest prefix first."""
    for cut in sorted(_CUT.finditer(work), key=lambda m: -m.start())[:MAX_CUTS]:
        prefix, tail = work[: cut.start()].rstrip(" ,;"), work[cut.start():]
        if len(prefix) < 3 or _DENIAL.search(tail):
            continue
        claim = reader(prefix)
        if claim is None or not claim.gradeable:
            continue
        if claim.kind == "missing" and _AMOUNT.search(tail):  # "missing for about a fifth of rows": not "any"
            continue
        spec = KINDS[claim.kind]
        adverbs = " ".join(m.group() for m in STRENGTH_ADVERBS.finditer(tail))
        if spec.strengths and claim.strength is None and not claim.negated and (strength := strength_of(adverbs)):
            claim = replace(claim, strength=strength)
        if claim.kind == "correlated" and claim.qualifier is None:
            words = {w.lower() for w in re.findall(r"[a-z]+", tail, re.IGNORECASE)}
            direction = {QUALIFIERS["correlated"][w] for w in words if w in QUALIFIERS["correlated"]}
            if len(direction) == 1:
                claim = replace(claim, qualifier=direction.pop())
        return claim
    return None


def drop_fillers(work: str, cols: _Columns) -> str:
    """The line without words that say nothing a grader checks ("really", "probably"), except inside a
    column's name ("Overall Qual" keeps its "Overall")."""
    if not FILLERS.search(work):
        return work
    keep = [m.span() for key in cols.filler_names for m in re.finditer(re.escape(key), work, re.IGNORECASE)]
    return FILLERS.sub(lambda m: m.group() if any(a <= m.start() < b for a, b in keep) else "", work).strip()


# -- typos ---------------------------------------------------------------------------------------------

_VOCABULARY = sorted({w.replace("_", " ") for w in KIND_WORDS if "_" not in w} | set(re.findall(r"[a-z-]+", """
    missing correlated correlation correlates correlate skewed skewness outliers outlier duplicates duplicate
    duplicated imbalanced balanced uniform uniformly distributed distribution constant unique cardinality categorical
    numeric negatively positively negative positive symmetric infinite values together associated related
    relationship independent missingness right-skewed left-skewed heavily strongly slightly moderately
    weakly significant extreme values observations categories category variable column between""")))


def fix_typos(work: str, cols: _Columns) -> str:
    """Misspelt vocabulary ("corelated", "skewd", "outlyers") corrected; column names are left alone."""
    def fix(m: re.Match[str]) -> str:
        word = m.group()
        low = word.lower()
        if len(low) < 5 or low in _VOCABULARY or low in _STOP or (cols.known and cols.resolve(word) is not None):
            return word
        close = difflib.get_close_matches(low, _VOCABULARY, n=1, cutoff=0.84)
        return close[0] if close else word
    return re.sub(r"(?<![\ue000\w.])[A-Za-z][A-Za-z-]+(?![\ue001\w.])", fix, work)
