"""The vocabulary of hypotheses: kinds, their spellings, qualifiers, strengths, and the regex parts.

:mod:`runner.grading.reader` parses with these tables and the phrasing
tables of :mod:`runner.grading.phrasing`; they live apart so that a new
spelling or phrasing is a one-line change to a table, not to the parser.
Adding a kind: one :class:`Kind` row and its words here, its judge in
:mod:`runner.grading.judges`, and (optionally) its plain-English phrasings.

May import: nothing (pure tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of claim: JSON name, how many columns it takes at least, its qualifiers, its scale."""

    name: str
    arity: int  # 0 dataset level, 1 one column (or several, each judged), 2 a pair (or more, each pair judged)
    qualifiers: tuple[str, ...] = ()
    qualifier_required: bool = False
    example: str = ""
    strengths: bool = False  # graded in strength bands: "weak", "moderate", "strong" qualify it


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("missing", 1, (">", ">=", "<", "<=", "about"), example="missing: Ozone > 20%"),
    Kind("skewed", 1, ("right", "left"), example="skewed: fare right", strengths=True),
    Kind("correlated", 2, ("positive", "negative"), example="correlated: Ozone, Wind negative", strengths=True),
    Kind("outliers", 1, example="outliers: fare"),
    Kind("zeros", 1, example="zeros: affairs"),
    Kind("constant", 1, example="constant: flag"),
    Kind("unique", 1, example="unique: PassengerId"),
    Kind("high_cardinality", 1, example="high_cardinality: city"),
    Kind("imbalanced", 1, example="imbalanced: class", strengths=True),
    Kind("uniform", 1, example="uniform: day"),
    Kind("infinite", 1, example="infinite: ratio"),
    Kind("duplicates", 0, example="duplicates"),
    Kind("type", 1, ("numeric", "categorical", "datetime", "text", "boolean"), True, "type: age numeric"),
    Kind("missing_together", 2, example="missing_together: Ozone, Solar.R", strengths=True),
    # the planted kinds (issue #14): graded against a planted drill's recipe, else against the detectors'
    # measures kept with every drill (runner/grading/planted.py)
    Kind("entry_errors", 1, ("unit", "sign", "impossible"), example="entry_errors: Temp unit"),
    Kind("inconsistent_categories", 1, example="inconsistent_categories: sex"),
    Kind("heaping", 1, example="heaping: age"),
    Kind("mcar", 1, example="mcar: Ozone"),
    Kind("mnar", 1, example="mnar: Ozone"),
    Kind("missing_depends", 2, example="missing_depends: Ozone, Temp"),
    Kind("near_duplicates", 0, example="near_duplicates"),
    Kind("simpson", 3, example="simpson: Ozone, Temp, Month"),
    Kind("leakage", 1, example="leakage: ref_score"),
    Kind("drift", 1, ("level", "spread"), example="drift: Temp level"),
)}

#: Spellings of the kinds in the canonical form (lower case, spaces and hyphens as ``_``).
KIND_WORDS: dict[str, str] = {word: kind for kind, words in {
    "missing": "missing missing_values missing_value nan nans null nulls missingness",
    "skewed": "skewed skew skewness",
    "correlated": "correlated correlation correlations correlate corr association associated related relationship",
    "outliers": "outliers outlier",
    "zeros": "zeros zero zeroes",
    "constant": "constant",
    "unique": "unique id identifier",
    "high_cardinality": "high_cardinality cardinality",
    "imbalanced": "imbalanced imbalance unbalanced class_imbalance",
    "uniform": "uniform uniformly_distributed",
    "infinite": "infinite inf infinity infinite_values",
    "duplicates": "duplicates duplicate duplicated duplicate_rows dupes",
    "type": "type dtype",
    "missing_together": "missing_together missing_jointly co_missing comissing missingness_pattern missing_pattern "
                        "missing_in_the_same_rows",
    "entry_errors": "entry_errors entry_error data_entry_errors data_entry_error data_errors errors entry_mistakes "
                    "unit_errors unit_error wrong_units wrong_unit unit_problems sign_errors sign_error sign_flips "
                    "sign_flip flipped_signs impossible_values impossible_value impossible sentinel_values sentinels "
                    "sentinel missing_codes missing_code placeholder_values invalid_values",
    "inconsistent_categories": "inconsistent_categories inconsistent_category inconsistent_spellings "
                               "inconsistent_spelling inconsistent_labels inconsistent_levels spelling_variants "
                               "dirty_categories misspellings misspelled_categories typos category_typos "
                               "inconsistent_case spellings",
    "heaping": "heaping heaped digit_preference rounding rounded round_numbers",
    "mcar": "mcar missing_completely_at_random completely_at_random random_missingness",
    "mnar": "mnar nmar missing_not_at_random not_at_random informative_missingness self_masking",
    "missing_depends": "missing_depends mar missing_at_random missingness_depends missing_dependence "
                       "missing_depends_on conditional_missingness",
    "near_duplicates": "near_duplicates near_duplicate near_duplicated near_dupes fuzzy_duplicates "
                       "almost_duplicates near-duplicates",
    "simpson": "simpson simpsons simpson's simpsons_paradox simpson's_paradox simpson_paradox simpson_reversal "
               "reversal paradox",
    "leakage": "leakage leak leaks leaky target_leakage data_leakage label_leakage",
    "drift": "drift drifts drifting level_shift shift change_point changepoint concept_drift spread_shift "
             "variance_shift",
}.items() for word in words.split()}

#: Kind words that also say the qualifier: ``sign flips: x`` is ``entry_errors: x sign``.
IMPLIED_QUALIFIERS: dict[str, str] = {word: qualifier for qualifier, words in {
    "unit": "unit_errors unit_error wrong_units wrong_unit unit_problems",
    "sign": "sign_errors sign_error sign_flips sign_flip flipped_signs",
    "impossible": "impossible_values impossible_value impossible sentinel_values sentinels sentinel missing_codes "
                  "missing_code placeholder_values invalid_values",
    "level": "level_shift", "spread": "spread_shift variance_shift",
}.items() for word in words.split()}


def _words(table: dict[str, str]) -> dict[str, str]:
    return {word: value for value, words in table.items() for word in words.split()}


#: Qualifier words per kind -> the qualifier stored in the claim.
QUALIFIERS: dict[str, dict[str, str]] = {
    "skewed": _words({"right": "right positive positively right-skewed right-tailed",
                      "left": "left negative negatively left-skewed left-tailed"}),
    "correlated": _words({"positive": "positive positively pos + increases rises grows direct directly",
                          "negative": "negative negatively neg - inverse inversely decreases falls drops declines"}),
    "entry_errors": _words({"unit": "unit units scale factor", "sign": "sign signs negative flipped reversed",
                            "impossible": "impossible sentinel sentinels code codes placeholder invalid"}),
    "drift": _words({"level": "level mean average upward downward upwards downwards up down", "spread": "spread variance variability"}),
    "type": _words({"numeric": "numeric numerical number numbers integer integers int float floats continuous",
                    "categorical": "categorical category categories nominal ordinal factor",
                    "datetime": "datetime datetimes date dates time timestamp timestamps date/time",
                    "text": "text texts string strings str free-text",
                    "boolean": "boolean booleans bool binary true/false"}),
}

#: Strength words -> the band they name (for kinds with ``strengths``).  Intensifiers that say
#: nothing about size ("quite", "pretty", "clearly", "significantly") are not here.
STRENGTHS: dict[str, str] = _words({
    "weak": "weak weakly slight slightly mild mildly somewhat low barely marginally modest modestly faint small "
            "a_bit a_little a_little_bit little",
    "moderate": "moderate moderately medium",
    "strong": "strong strongly very highly heavily extremely high severe severely perfect perfectly huge massive "
              "substantial substantially considerable considerably large big marked markedly pronounced tight tightly "
              "clear-cut extreme",
})
_STRENGTH_PHRASES = sorted((w.replace("_", " ") for w in STRENGTHS), key=len, reverse=True)
STRENGTH_WORDS = re.compile(r"\b(?:" + "|".join(map(re.escape, _STRENGTH_PHRASES)) + r")\b", re.IGNORECASE)


#: Strength adverbs a trailing remark may add ("correlated, but only weakly"); adjectives there
#: describe something else ("a long tail of high values").
STRENGTH_ADVERBS = re.compile(r"\b(?:weakly|slightly|mildly|moderately|strongly|heavily|highly|extremely|barely"
                              r"|somewhat|marginally|substantially|a bit|a little)\b", re.IGNORECASE)


def strength_of(text: str) -> str | None:
    """The band a phrase names: a weakening word wins over a strengthening one ("very weak" is weak)."""
    found = {STRENGTHS[m.group().lower().replace(" ", "_")] for m in STRENGTH_WORDS.finditer(text)}
    for band in ("weak", "moderate", "strong"):
        if band in found:
            return band
    return None


#: Comparisons of a missing share -> the qualifier stored in the claim (inclusive ones stay inclusive).
OPERATORS = {**dict.fromkeys((">", "more than", "greater than", "over", "above", "just over", "upwards of"), ">"),
             **dict.fromkeys((">=", "=>", "≥", "at least"), ">="),
             **dict.fromkeys(("<", "less than", "fewer than", "under", "below", "just under"), "<"),
             **dict.fromkeys(("<=", "=<", "≤", "at most", "no more than", "up to"), "<="),
             **dict.fromkeys(("about", "around", "roughly", "approximately", "approx", "approx.", "~", "≈", "circa",
                              "nearly", "almost", "close to", "exactly", "some", "ca.", "=", "of about",
                              "of around", "of roughly"), "about")}

#: "many missing values" claims a share of rows, not just "any": it reads as ``> 10%``
#: (as "many zeros" is a share of at least 10%).  "some", "a few", "any", "several" stay "any".
MANY_SHARE = 0.10
MANY = re.compile(r"\b(?:many|lots of|a lot|a lot of|plenty of|numerous|quite a few|heavily|a great deal"
                  r"|(?:a )?(?:large|significant|considerable|substantial|high|great) (?:number|amount|share|proportion"
                  r"|fraction|percentage) of|significant|considerable|substantial|frequently|often)\b", re.IGNORECASE)
#: Words that name a share of rows: "most" is more than half, "half" about half.
SHARES = {"most": (">", 0.5), "the majority of": (">", 0.5), "a majority of": (">", 0.5), "mostly": (">", 0.5),
          "the vast majority of": (">", 0.5), "half": ("about", 0.5), "half of": ("about", 0.5),
          "half the": ("about", 0.5), "almost all": (">", 0.9), "nearly all": (">", 0.9), "almost all of": (">", 0.9),
          "nearly all of": (">", 0.9), "virtually all": (">", 0.9), "a third of": ("about", 1 / 3),
          "a quarter of": ("about", 0.25), "a third": ("about", 1 / 3), "a quarter": ("about", 0.25),
          "a fifth of": ("about", 0.2), "a fifth": ("about", 0.2), "a tenth of": ("about", 0.1),
          "a tenth": ("about", 0.1), "two thirds of": ("about", 2 / 3), "two thirds": ("about", 2 / 3),
          "three quarters of": ("about", 0.75), "three quarters": ("about", 0.75)}

NUMBER = r"[+-]?[0-9]+(?:\.[0-9]+)?"
#: Words that say nothing a grader checks ("Ozone is really a categorical variable"): dropped from a line
#: before its phrasings are tried (never inside a column's name).  Words that do say something
#: ("mostly", "often", "always", "rarely") stay: the phrasings read them.
FILLERS = re.compile(r"\b(?:really|basically|actually|essentially|just|practically|pretty much|kind of|sort of"
                     r"|more or less|probably|likely|definitely|clearly|obviously|certainly|surely|presumably"
                     r"|possibly|also|still|generally|overall|almost certainly|most likely|quite possibly|apparently"
                     r"|seemingly|visibly|noticeably|indeed|typically|maybe|perhaps|in fact|honestly|quite clearly"
                     r"|undoubtedly|evidently)\b\s*", re.IGNORECASE)
PARTS = {  # building blocks of the alias patterns (each alias uses at most one `neg` group)
    "{X}": r"(?P<x>.+?)", "{Y}": r"(?P<y>.+?)",
    "{IS}": r"(?:is|are|was|were|seems?(?: to be)?|looks?(?: like)?|appears?(?: to be)?|will be"
            r"|should be|would be|could be|must be|may be|might be|tends? to be|is going to be|are going to be)"
            r"(?P<neg> not| never)?",
    "{HAS}": r"(?:has|have|had|contains?|includes?|shows?|exhibits?|displays?|features?|will have"
             r"|should have|would have|may have|might have|comes? with)(?P<neg> no| zero)?",
    "{THERE}": r"(?:there(?:'s| (?:is|are|were|will be|should be|may be|might be|seems? to be|seem to be|appears? to be"
               r"|exists?)) )?(?P<neg>no )?",  # also a bare noun phrase: "no outliers in x"
    "{SOME}": r"(?:(?:some|any|a few|few|several|many|multiple|lots of|a lot of|plenty of|a number of|numerous"
              r"|quite a few|significant|considerable|very many|too many|big|large|extreme|obvious|clear|an?|one|two"
              r"|three|a couple of|a couple|a handful of|a single|only one|only a few|just a few|a small number of"
              r"|notable|severe|strong|possible|potential|exact|substantial|real|genuine|serious|huge|massive|[0-9]+"
              r"|impossible|strange|weird|odd|suspicious|implausible|invalid|spurious|unusual|unexpected|true"
              r"|erroneous|bad|physically impossible|noticeable|visible|obvious|individual"
              r"|(?:a )?(?:large|significant|considerable|substantial|high|great|small) (?:number|amount) of) )*",
    "{ADV}": r"(?:(?:very|highly|heavily|strongly|quite|somewhat|slightly|moderately|extremely|fairly|pretty"
             r"|rather|mildly|weakly|clearly|definitely|probably|likely|really|significantly|linearly|all|strong|weak"
             r"|clear|high|moderate|slight|perfect|perfectly|mild|barely|marginally|a little bit|a little|a bit|low"
             r"|medium|substantially|considerably|noticeably|visibly|modest|modestly|notably|obviously"
             r"|monotonic|monotonically|statistically significant"
             r"|statistically|tight|tightly|huge|massive|large|big|marked|markedly|pronounced|almost|nearly|very"
             r"|roughly|approximately|reasonably|quite strongly|fairly strongly|mostly|largely|mainly|usually"
             r"|always|often"
             r"|highly|some|an|a|extreme|severe|severely|consistent|consistently|reasonably|decent) )*",
    "{OP}": r"(?P<op>" + "|".join(sorted(map(re.escape, OPERATORS), key=len, reverse=True)) + ")",
    "{NUM}": rf"(?P<num>{NUMBER}) ?(?:%|percent|per cent|pct)",
    "{COUNT}": r"(?P<count>[0-9][0-9,]*)",
    "{SHARE}": r"(?P<share>" + "|".join(sorted(map(re.escape, SHARES), key=len, reverse=True)) + ")",
    "{MISSING}": r"(?:(?:missing|null|nan|na|n/a|empty|blank|absent|unknown|unrecorded)(?: values?| data| entries"
                 r"| cells| rows| observations| records| fields)?|nulls|nans|nas|blanks|gaps|missings|missing-values)",
    "{DATA}": r"(?:the )?(?:data|dataset|data set|data frame|dataframe|df|table|frame|sample|file)",
    "{ROWS}": r"(?:rows?|records?|entries|entry|observations?|samples?|lines?|instances?|cases?|examples?)",
    "{DUP}": r"(?:duplicate|duplicated|repeated|identical|exact duplicate|exact duplicated)",
    "{ZERO}": r"(?:zeros|zeroes|0s|zero values|zero entries|0 values|zero|0)",
    "{INF}": r"(?:(?:infinite|inf|infinity)(?: values?| entries| numbers)?|infinities|infs)",
    "{TYPE}": r"(?P<q>" + "|".join(map(re.escape, QUALIFIERS["type"])) + r"|free text)",
    "{Q}": r"(?P<q>right|left|positively|negatively|positive|negative|inversely|inverse)",
    "{SEP}": r"(?: and | & |, | vs\.? | versus | with | ~ | x | and also )",
}


@dataclass(frozen=True)
class Alias:
    """A plain-English phrasing of a kind; ``negated`` is its reading without "not"/"no"."""

    kind: str
    example: str
    pattern: str
    negated: bool = False

    @property
    def regex(self) -> re.Pattern[str]:
        text = self.pattern
        for part, rx in PARTS.items():
            text = text.replace(part, rx)
        return re.compile(text, re.IGNORECASE | re.DOTALL)
