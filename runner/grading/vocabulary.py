"""The vocabulary of hypotheses: kinds, their spellings, qualifiers, and the plain-English aliases.

:mod:`runner.grading.grammar` parses with these tables; they live apart so that a new
alias or spelling is a one-line change to a table, not to the parser.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of claim: JSON name, how many columns it takes, its qualifiers."""

    name: str
    arity: int  # 0 dataset level, 1 one column, 2 a pair of columns
    qualifiers: tuple[str, ...] = ()
    qualifier_required: bool = False
    example: str = ""


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("missing", 1, (">", ">=", "<", "<="), example="missing: Ozone > 20%"),
    Kind("skewed", 1, ("right", "left"), example="skewed: fare right"),
    Kind("correlated", 2, ("positive", "negative"), example="correlated: Ozone, Wind negative"),
    Kind("outliers", 1, example="outliers: fare"),
    Kind("zeros", 1, example="zeros: affairs"),
    Kind("constant", 1, example="constant: flag"),
    Kind("unique", 1, example="unique: PassengerId"),
    Kind("high_cardinality", 1, example="high_cardinality: city"),
    Kind("imbalanced", 1, example="imbalanced: class"),
    Kind("uniform", 1, example="uniform: day"),
    Kind("infinite", 1, example="infinite: ratio"),
    Kind("duplicates", 0, example="duplicates"),
    Kind("type", 1, ("numeric", "categorical", "datetime", "text", "boolean"), True, "type: age numeric"),
)}

#: Spellings of the kinds in the canonical form (lower case, spaces and hyphens as ``_``).
KIND_WORDS: dict[str, str] = {word: kind for kind, words in {
    "missing": "missing missing_values missing_value nan nans null nulls missingness",
    "skewed": "skewed skew skewness",
    "correlated": "correlated correlation correlations correlate corr",
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
}.items() for word in words.split()}


def _words(table: dict[str, str]) -> dict[str, str]:
    return {word: value for value, words in table.items() for word in words.split()}


#: Qualifier words per kind -> the qualifier stored in the claim.
QUALIFIERS: dict[str, dict[str, str]] = {
    "skewed": _words({"right": "right positive positively right-skewed",
                      "left": "left negative negatively left-skewed"}),
    "correlated": _words({"positive": "positive positively pos + increases rises grows",
                          "negative": "negative negatively neg - inverse inversely decreases falls drops declines"}),
    "type": _words({"numeric": "numeric numerical number numbers integer integers int float floats continuous",
                    "categorical": "categorical category categories nominal ordinal factor",
                    "datetime": "datetime datetimes date dates time timestamp timestamps date/time",
                    "text": "text texts string strings str free-text",
                    "boolean": "boolean booleans bool binary true/false"}),
}
#: Comparisons of a missing share -> the qualifier stored in the claim (inclusive ones stay inclusive).
OPERATORS = {**dict.fromkeys((">", "more than", "greater than", "over", "above"), ">"),
             **dict.fromkeys((">=", "=>", "≥", "at least"), ">="),
             **dict.fromkeys(("<", "less than", "fewer than", "under", "below"), "<"),
             **dict.fromkeys(("<=", "=<", "≤", "at most"), "<=")}

#: "many missing values" claims a share of rows, not just "any": it reads as ``> 10%``
#: (as "many zeros" is a share of at least 10%).  "some", "a few", "any", "several" stay "any".
MANY_SHARE = 0.10
MANY = re.compile(r"\b(?:many|lots of|a lot of|plenty of|numerous|quite a few|(?:a )?(?:large|significant|considerable"
                  r"|substantial|high|great) (?:number|amount|share|proportion|fraction) of|significant|considerable"
                  r"|substantial)\b", re.IGNORECASE)

#: Words that soften a claim below what the grader checks ("a weak correlation", "slightly skewed").
SOFTENERS = ("weak", "weakly", "slight", "slightly", "mild", "mildly", "somewhat", "moderate", "moderately",
             "a bit", "a little", "a little bit", "barely", "marginally")
SOFT = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, SOFTENERS), key=len, reverse=True)) + r")\b",
                  re.IGNORECASE)

NUMBER = r"[+-]?[0-9]+(?:\.[0-9]+)?"
PARTS = {  # building blocks of the alias patterns (each alias uses at most one `neg` group)
    "{X}": r"(?P<x>.+?)", "{Y}": r"(?P<y>.+?)",
    "{IS}": r"(?:is|are|was|were|seems?(?: to be)?|looks?(?: like)?|appears?(?: to be)?|will be)(?P<neg> not)?",
    "{HAS}": r"(?:has|have|had|contains?|includes?|shows?|exhibits?)(?P<neg> no)?",
    "{THERE}": r"(?:there (?:is|are|were|will be) )?(?P<neg>no )?",  # also a bare noun phrase: "no outliers in x"
    "{SOME}": r"(?:(?:some|any|a few|few|several|many|multiple|lots of|a lot of|plenty of|a number of|numerous"
              r"|quite a few|significant|considerable|very many|too many|big|large|extreme|obvious|clear"
              r"|notable|severe|strong|possible|potential|exact|substantial"
              r"|(?:a )?(?:large|significant|considerable|substantial|high|great|small) (?:number|amount) of) )*",
    "{ADV}": r"(?:(?:very|highly|heavily|strongly|quite|somewhat|slightly|moderately|extremely|fairly|pretty"
             r"|rather|mildly|weakly|clearly|definitely|probably|likely|really|significantly|linearly|all|strong|weak"
             r"|clear|high|moderate|slight|perfect|mild|barely|marginally|a little bit|a little|a bit) )*",
    "{OP}": r"(?P<op>" + "|".join(sorted(map(re.escape, OPERATORS), key=len, reverse=True)) + ")",
    "{NUM}": rf"(?P<num>{NUMBER}) ?%",
    "{MISSING}": r"(?:(?:missing|null|nan|na|n/a|empty|blank|absent)(?: values?| data| entries| cells| rows"
                 r"| observations)?|nulls|nans|nas|blanks|gaps)",
    "{DATA}": r"(?:the )?(?:data|dataset|data set|data frame|dataframe|df|table|frame|sample|file)",
    "{ROWS}": r"(?:rows|records|entries|observations|samples|lines|instances)",
    "{DUP}": r"(?:duplicate|duplicated|repeated|identical)",
    "{ZERO}": r"(?:zeros|zeroes|0s|zero values|zero entries|0 values)",
    "{INF}": r"(?:(?:infinite|inf|infinity)(?: values?| entries| numbers)?|infinities|infs)",
    "{TYPE}": r"(?P<q>" + "|".join(map(re.escape, QUALIFIERS["type"])) + r"|free text)",
    "{Q}": r"(?P<q>right|left|positively|negatively|positive|negative|inversely)",
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


ALIASES: tuple[Alias, ...] = tuple(Alias(*row) for row in (
    # Dataset level first, so "the data has duplicates" is not read as a column called "data";
    # a specific phrasing comes before a general one that would swallow it ("every X is unique").
    ("duplicates", "there are duplicate rows", r"{THERE}{SOME}{DUP} {ROWS}(?: exist| in {DATA})?"),
    ("duplicates", "there are no duplicates", r"{THERE}{SOME}(?:duplicates|dupes)(?: exist| in {DATA})?"),
    ("duplicates", "the data has duplicates", r"{DATA} {HAS} {SOME}(?:{DUP} {ROWS}|duplicates|dupes)"),
    ("duplicates", "some rows are duplicated", r"(?:some |many |several |a few )?{ROWS} {IS} (?:duplicated|repeated|duplicates)"),
    ("duplicates", "every row is unique", r"(?:all|every|each) (?:rows?|records?) {IS} (?:unique|distinct)", True),
    ("missing", "Ozone has missing values", r"{X} {HAS} {SOME}{MISSING}"),
    ("missing", "Ozone has more than 20% missing values",
     r"{X} {HAS} {OP} {NUM}(?: of (?:its |the )?(?:values|rows|data|entries))? {MISSING}"),
    ("missing", "Ozone has missing values in over 20% of rows",
     r"{X} {HAS} {SOME}{MISSING} (?:in|for) {OP} {NUM}(?: of (?:the )?(?:{ROWS}|values|cases))?"),
    ("missing", "Ozone is more than 20% missing", r"{X} {IS} {OP} {NUM} (?:missing|empty|null)"),
    ("missing", "Ozone is missing in less than 5% of rows",
     r"{X} {IS} (?:missing|null|empty) (?:in |for )?{OP} {NUM}(?: of (?:the )?(?:{ROWS}|values|cases|the time))?"),
    ("missing", "more than 20% of Ozone is missing",
     r"{OP} {NUM} of (?:the )?(?:(?:values|{ROWS}) (?:in|of|for) )?{X} (?:is|are) (?:missing|null|empty)"),
    ("missing", "more than 20% missing values in Ozone", r"{OP} {NUM} (?:of )?{MISSING} (?:in|for) {X}"),
    ("missing", "there are missing values in Ozone", r"{THERE}{SOME}{MISSING} (?:in|for) {X}"),
    ("missing", "Ozone is sometimes missing",
     r"{X} {IS} (?:(?:sometimes|often|frequently|occasionally|partly|partially) missing|missing (?:some |many )?(?:values|data))"),
    ("missing", "Ozone is never missing",
     r"{X} {IS} (?:never (?:missing|null|empty)|complete|fully (?:populated|observed|filled))", True),
    ("skewed", "fare is right-skewed", r"{X} {IS} {ADV}(?:{Q}[- ]?)?skewed"),
    ("skewed", "fare is skewed to the right", r"{X} {IS} {ADV}skewed (?:to |towards )?(?:the )?{Q}"),
    ("skewed", "fare has a long right tail",
     r"{X} {HAS} (?:an? )?{ADV}(?:long |heavy |fat )?(?:{Q}[- ]?)?(?:skew|skewness|tail)"),
    ("skewed", "right skew in fare", r"{THERE}(?:an? )?{ADV}(?:{Q}[- ]?)?(?:skew|skewness) (?:in|of) {X}"),
    ("skewed", "fare is symmetric", r"{X} {IS} {ADV}(?:symmetric|symmetrical|symmetrically distributed)", True),
    ("correlated", "Ozone and Wind are negatively correlated",
     r"{X} {IS} {ADV}(?:{Q}[- ])?{ADV}(?:correlated|related|associated)"),
    ("correlated", "Ozone is correlated with Wind",
     r"{X} {IS} {ADV}(?:{Q}[- ])?{ADV}(?:correlated|related|associated) (?:with|to) {Y}"),
    ("correlated", "Ozone and Wind are uncorrelated", r"{X} {IS} uncorrelated(?: (?:with|to) {Y})?", True),
    ("correlated", "Ozone correlates with Wind",
     r"{X}(?P<neg> (?:does|do) not)? correlates? {ADV}(?:{Q} )?{ADV}with {Y}"),
    ("correlated", "Ozone and Wind correlate negatively", r"{X}(?P<neg> (?:does|do) not)? correlate(?: {ADV}{Q})?"),
    ("correlated", "there is a strong negative correlation between Ozone and Wind",
     r"{THERE}(?:an? )?{ADV}(?:{Q} )?{ADV}(?:correlation|relationship|association) between {X}"),
    ("correlated", "Ozone and Wind have a negative correlation",
     r"{X} {HAS} (?:an? )?{ADV}(?:{Q} )?{ADV}(?:correlation|relationship|association)(?: with {Y})?"),
    ("correlated", "Ozone increases with Temp",
     r"{X} (?P<q>increases|rises|grows|decreases|falls|drops|declines) (?:with|as|when) {Y}(?: increases| rises| grows)?"),
    ("outliers", "fare has outliers", r"{X} {HAS} {SOME}(?:outliers?|outlying values|extreme values|anomalies)"),
    ("outliers", "there are outliers in fare", r"{THERE}{SOME}(?:outliers?|extreme values) in {X}"),
    ("zeros", "affairs has many zeros", r"{X} {HAS} {SOME}{ZERO}"),
    ("zeros", "affairs is mostly zero", r"{X} {IS} (?:(?:(?P<flip>never)|mostly|often|frequently|usually|largely|mainly"
     r"|predominantly) (?:zero|zeros|zeroes|0)|zero[- ]inflated)"),
    ("zeros", "there are many zeros in affairs", r"{THERE}{SOME}{ZERO} in {X}"),
    ("constant", "flag is constant", r"{X} {IS} {ADV}constant(?: (?:across|for|in) (?:all |every |each )?(?:the )?\w+)?"),
    ("constant", "flag has only one value", r"{X} {HAS} (?:only |just )?(?:one|a single|1) (?:unique |distinct |different )?values?"),
    ("constant", "flag never changes", r"{X} (?:never (?:changes|varies)|(?:does|do) not (?:change|vary))"),
    ("constant", "flag is the same for every row",
     r"{X} {IS} (?:always )?the same(?: value)?(?: (?:for|in|across) (?:every|all|each)(?: the)? (?:rows?|records?|observations?))?"),
    ("unique", "every PassengerId is unique", r"(?:each|every) {X} {IS} (?:unique|different|distinct)"),
    ("unique", "PassengerId is unique", r"{X} {IS} {ADV}(?:unique|distinct)(?: (?:for each|for every|per|in each|in every) \w+)?"),
    ("unique", "PassengerId is an id",
     r"{X} {IS} (?:an? |the )?(?:unique |row |primary |record )?(?:id|identifier|key|primary key)(?: column| field| variable)?"),
    ("unique", "PassengerId has unique values", r"{X} {HAS} (?:only |all )?(?:unique|distinct) values"),
    ("unique", "PassengerId has duplicate values", r"{X} {HAS} {SOME}(?:(?:duplicate|duplicated|repeated) values|duplicates|repeats)", True),
    ("high_cardinality", "city has high cardinality",
     r"{X} {HAS} (?:an? )?{ADV}(?:high|large|huge|(?P<flip>low|small)) cardinality"),
    ("high_cardinality", "city is high-cardinality", r"{X} {IS} {ADV}(?:high|(?P<flip>low))[- ]cardinality"),
    ("high_cardinality", "high cardinality in city", r"(?:high|(?P<flip>low)) cardinality (?:in|of|for) {X}"),
    ("high_cardinality", "city has many categories",
     r"{X} {HAS} {ADV}(?:many|lots of|a lot of|too many|a large number of|(?P<flip>few|only a few|a handful of))"
     r" (?:unique |distinct |different )?(?:values|categories|levels|classes|labels)"),
    ("imbalanced", "class is imbalanced", r"{X} {IS} {ADV}(?:imbalanced|unbalanced|(?P<flip>balanced))"),
    ("imbalanced", "class has a class imbalance", r"{X} {HAS} (?:an? )?{ADV}(?:class |category )?imbalance"),
    ("imbalanced", "class imbalance in class", r"{THERE}(?:an? )?{ADV}(?:class |category )?imbalance (?:in|of) {X}"),
    ("imbalanced", "class has imbalanced classes",
     r"{X} {HAS} {ADV}(?:imbalanced|unbalanced|(?P<flip>balanced)) (?:classes|categories|levels|values|labels|groups)"),
    ("imbalanced", "class is dominated by one value",
     r"{X} {IS} dominated by (?:one|a single|a few) (?:values?|categor(?:y|ies)|class(?:es)?|levels?|labels?)"),
    ("imbalanced", "class has a dominant category",
     r"{X} {HAS} (?:an? |one )?(?:dominant|majority) (?:value|category|class|level|label)"),
    ("uniform", "day is uniformly distributed",
     r"{X} {IS} {ADV}(?:uniform|uniformly distributed|evenly distributed|flat|distributed (?:uniformly|evenly))"),
    ("uniform", "day has a uniform distribution", r"{X} {HAS} an? {ADV}(?:uniform|flat|even) distribution"),
    ("uniform", "day follows a uniform distribution", r"{X}(?P<neg> (?:does|do) not)? follows? an? uniform distribution"),
    ("infinite", "ratio has infinite values", r"{X} {HAS} {SOME}{INF}"),
    ("infinite", "there are infinite values in ratio", r"{THERE}{SOME}{INF} in {X}"),
    ("infinite", "ratio is sometimes infinite", r"{X} {IS} (?:sometimes |often |occasionally )?infinite"),
    ("type", "the type of age is numeric", r"(?:the )?(?:type|dtype|data type) of {X} {IS} (?:an? )?{TYPE}"),
    ("type", "age is of type numeric", r"{X} (?:is of|has) (?:the )?(?:type|dtype|data type) (?:an? )?{TYPE}"),
    ("type", "age is numeric", r"{X} {IS} (?:an? )?{TYPE}(?: variable| column| feature| field| type| data| values?)?"),
    ("type", "zip is stored as text", r"{X} {IS} (?:stored|encoded|formatted|recorded) as (?:an? )?{TYPE}(?: values?| type)?"),
))


#: Per-column kinds said of the whole dataset ("there are no missing values"): read only to say that
#: these kinds are judged per column, and to suggest a claim about one column.
WIDE: tuple[Alias, ...] = tuple(Alias(*row) for row in (
    ("missing", "there are no missing values",
     r"{THERE}{SOME}{MISSING}(?: (?:anywhere )?in {DATA}| anywhere| at all)?"),
    ("missing", "the dataset has no missing values", r"{DATA} {HAS} {SOME}{MISSING}(?: anywhere| at all)?"),
    ("missing", "nothing is missing", r"nothing {IS} missing(?: (?:from|in) {DATA})?", True),
    ("missing", "the dataset is complete", r"{DATA} {IS} (?:complete|fully (?:populated|observed))", True),
    ("outliers", "there are no outliers", r"{THERE}{SOME}(?:outliers?|extreme values)(?: (?:anywhere )?in {DATA}| anywhere)?"),
    ("outliers", "the dataset has outliers", r"{DATA} {HAS} {SOME}(?:outliers?|extreme values)"),
    ("infinite", "there are no infinite values", r"{THERE}{SOME}{INF}(?: (?:anywhere )?in {DATA}| anywhere)?"),
    ("infinite", "the dataset has infinite values", r"{DATA} {HAS} {SOME}{INF}"),
))


@functools.cache
def alias_regexes() -> list[tuple[Alias, re.Pattern[str]]]:
    return [(alias, alias.regex) for alias in ALIASES]  # compiled on first use: importing stays cheap


@functools.cache
def wide_regexes() -> list[tuple[Alias, re.Pattern[str]]]:
    return [(alias, alias.regex) for alias in WIDE]
