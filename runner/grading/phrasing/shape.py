"""Plain-English phrasings of one column's shape: skew, outliers, zeros, constant, unique, cardinality,
balance, uniformity, infinite values, and type.

Rows as in :mod:`runner.grading.phrasing.missing`.  A specific phrasing comes
before a general one that would swallow it ("every X is unique" before "X is
unique").  Strength words anywhere outside the column names ("heavily",
"slightly") qualify the kinds graded in bands; ``q`` is the kind's qualifier.

May import: nothing.
"""

from __future__ import annotations

_TAIL = r"(?:tail|tails|skew|skewness)"

SKEWED = (
    ("skewed", "fare is skewed to the right",
     r"{X} (?:{IS} )?{ADV}skewed (?:to |towards |on )?(?:the )?{Q}(?:[- ]hand)?(?: side| tail)?"),
    ("skewed", "fare is right-skewed", r"{X} (?:{IS} )?{ADV}(?:{Q}[- ]?)?(?:skewed|tailed|skew)"),
    ("skewed", "fare has a long right tail",
     r"{X} {HAS} (?:an? )?{ADV}(?:long |heavy |fat |thick |strong |big )?(?:{Q}[- ]?)?" + _TAIL
     + r"(?: (?:to|on|towards) the (?P<side>right|left)(?:[- ]hand side| side)?)?"),
    ("skewed", "fare has a skewed distribution",
     r"{X} {HAS} (?:an? )?{ADV}(?:{Q}[- ]?)?skewed (?:distribution|shape)"),
    ("skewed", "fare skews right", r"{X}(?P<neg> (?:does|do) not)? skews? {ADV}(?:to the |towards the |towards )?{Q}"),
    ("skewed", "right skew in fare", r"{THERE}(?:an? )?{ADV}(?:{Q}[- ]?)?(?:skew|skewness) (?:in|of|for) {X}"),
    ("skewed", "fare is symmetric",
     r"{X} {IS} {ADV}(?:symmetric|symmetrical|symmetrically distributed|unskewed|not skewed at all)", True),
    ("skewed", "fare has a symmetric distribution",
     r"{X} {HAS} (?:an? )?{ADV}(?:symmetric|symmetrical) (?:distribution|shape)", True),
)

OUTLIERS = (
    ("outliers", "fare has outliers",
     r"{X} {HAS} {SOME}(?:outliers?|outlying values?|outlying points|extreme values?|extremes|anomalies|anomalous "
     r"values|extreme observations|extreme points|extreme outliers|unusual values|suspicious values)"),
    ("outliers", "there are outliers in fare",
     r"{THERE}{SOME}(?:outliers?|extreme values?|anomalies|extreme observations) (?:in|for|among|of) (?:the )?{X}"),
    ("outliers", "fare is free of outliers", r"{X} {IS} (?:free of|without) (?:any )?(?:outliers|extreme values)", True),
    ("outliers", "fare outliers exist", r"{X} (?:outliers?|extreme values) (?:exist|are present|appear)"),
)

ZEROS = (
    ("zeros", "affairs has many zeros", r"{X} {HAS} {SOME}(?:lots of |a lot of )?{ZERO}"),
    ("zeros", "affairs is mostly zero",
     r"{X} {IS} (?:(?:(?P<flip>never)|mostly|often|frequently|usually|largely|mainly|predominantly|all|almost all"
     r"|nearly all|overwhelmingly) (?:zero|zeros|zeroes|0|0s)|zero[- ]inflated|(?:zero|0) (?:for|in) (?:most|many"
     r"|the majority of|a lot of|lots of|half of|half the|a large share of) (?:\w+))"),
    ("zeros", "there are many zeros in affairs", r"{THERE}{SOME}{ZERO} (?:in|for) {X}"),
    ("zeros", "affairs has excess zeros", r"{X} {HAS} (?:an? )?(?:excess of |excess |spike at |lot of |pile of )(?:zeros?|0s?)"),
)

CONSTANT = (
    ("constant", "flag is constant",
     r"{X} {IS} {ADV}constant(?: (?:across|for|in) (?:all |every |each )?(?:the )?\w+)?"),
    ("constant", "flag has only one value",
     r"{X} {HAS} (?:only |just )?(?:one|a single|1) (?:unique |distinct |different )?(?:values?|levels?|categor(?:y|ies))"),
    ("constant", "flag never changes", r"{X} (?:never (?:changes|varies)|(?:does|do) not (?:change|vary)(?: at all)?)"),
    ("constant", "flag is the same for every row",
     r"{X} {IS} (?:always )?the same(?: value)?(?: (?:for|in|across) (?:every|all|each)(?: the)? (?:rows?|records?"
     r"|observations?))?"),
)

UNIQUE = (
    ("unique", "every PassengerId is unique", r"(?:each|every) {X} {IS} (?:unique|different|distinct)"),
    ("unique", "PassengerId is unique",
     r"{X} {IS} {ADV}(?:unique|distinct|all unique|all distinct)(?: (?:for each|for every|per|in each|in every) \w+)?"),
    ("unique", "PassengerId is an id",
     r"{X} {IS} (?:an? |the )?(?:unique |row |primary |record )?(?:id|identifier|key|primary key|index)(?: column"
     r"| field| variable)?"),
    ("unique", "PassengerId has unique values", r"{X} {HAS} (?:only |all )?(?:unique|distinct) values"),
    ("unique", "PassengerId has duplicate values",
     r"{X} {HAS} {SOME}(?:(?:duplicate|duplicated|repeated|repeating) values|duplicates|repeats)", True),
)

CARDINALITY = (
    ("high_cardinality", "city has high cardinality",
     r"{X} {HAS} (?:an? )?{ADV}(?:high|large|huge|(?P<flip>low|small)) cardinality"),
    ("high_cardinality", "city is high-cardinality", r"{X} {IS} {ADV}(?:high|(?P<flip>low))[- ]cardinality"),
    ("high_cardinality", "high cardinality in city", r"(?:high|(?P<flip>low)) cardinality (?:in|of|for) {X}"),
    ("high_cardinality", "city has many categories",
     r"{X} {HAS} {ADV}(?:many|lots of|a lot of|too many|a large number of|hundreds of|dozens of|(?P<flip>few|only a few"
     r"|a handful of|very few))(?: \w+)? (?:unique |distinct |different )?(?:values|categories|levels|classes|labels)"),
)

BALANCE = (
    ("imbalanced", "class is imbalanced",
     r"{X} {IS} {ADV}(?:imbalanced|unbalanced|(?P<flip>balanced|evenly balanced|well balanced|evenly split"
     r"|equally split|evenly divided|equally divided|split evenly|split equally))"),
    ("imbalanced", "class has a class imbalance", r"{X} {HAS} (?:an? )?{ADV}(?:class |category |level )?imbalance"),
    ("imbalanced", "class imbalance in class",
     r"{THERE}(?:an? )?{ADV}(?:class |category )?imbalance (?:in|of|for|between the (?:classes|levels) of) {X}"),
    ("imbalanced", "class has imbalanced classes",
     r"{X} {HAS} {ADV}(?:imbalanced|unbalanced|(?P<flip>balanced)) (?:classes|categories|levels|values|labels|groups)"),
    ("imbalanced", "the classes of class are balanced",
     r"(?:the )?(?:classes|categories|levels|groups|labels) (?:of|in) {X} {IS} {ADV}(?:imbalanced|unbalanced"
     r"|(?P<flip>balanced|evenly split|equally frequent|equally common|about equally (?:frequent|common)))"),
    ("imbalanced", "class is dominated by one value",
     r"{X} {IS} dominated by (?:one|a single|a few|two) (?:values?|categor(?:y|ies)|class(?:es)?|levels?|labels?"
     r"|groups?)"),
    ("imbalanced", "class has a dominant category",
     r"{X} {HAS} (?:an? |one )?{ADV}(?:dominant|majority|dominating) (?:value|category|class|level|label|group)"),
)

UNIFORM = (
    ("uniform", "day is uniformly distributed",
     r"{X} {IS} {ADV}(?:uniform|uniformly distributed|evenly distributed|flat|distributed (?:uniformly|evenly)"
     r"|evenly spread|spread evenly)"),
    ("uniform", "day has a uniform distribution", r"{X} {HAS} an? {ADV}(?:uniform|flat|even) distribution"),
    ("uniform", "day follows a uniform distribution",
     r"{X}(?P<neg> (?:does|do) not)? (?:follows?|looks like|resembles) an? uniform distribution"),
)

INFINITE = (
    ("infinite", "ratio has infinite values", r"{X} {HAS} {SOME}{INF}"),
    ("infinite", "there are infinite values in ratio", r"{THERE}{SOME}{INF} (?:in|for) {X}"),
    ("infinite", "ratio is sometimes infinite", r"{X} {IS} (?:sometimes |often |occasionally )?infinite"),
)

_TYPE_TAIL = (r"(?: variable| column| feature| field| type| data| values?| codes?| label| labels| attribute| dtype"
              r"| category| categories| factor| variable type)?"
              r"(?:,? (?:not|rather than|instead of) (?:an? )?(?:numeric|number|integer|continuous|text|string|float"
              r"|categorical|category)(?: \w+)?)?(?:,? (?:stored|encoded|coded|recorded|saved) as (?:an? )?\w+(?: \w+)?)?")
TYPES = (
    ("type", "Month is stored as integers but is really categorical",
     r"{X} {IS} (?:stored|encoded|coded|recorded|represented) as (?:an? )?(?:integers?|numbers?|ints?|floats?|numeric"
     r"|numerical|strings?|text|codes?)(?: values)?,? (?:but|though|although|yet|while)(?: it)?(?: is|'s| are)? "
     r"(?:an? )?{TYPE}" + _TYPE_TAIL),
    ("type", "the type of age is numeric", r"(?:the )?(?:type|dtype|data type) of {X} {IS} (?:an? )?{TYPE}"),
    ("type", "age is of type numeric", r"{X} (?:is of|has) (?:the )?(?:type|dtype|data type) (?:an? )?{TYPE}"),
    ("type", "age is numeric", r"{X} {IS} (?:an? )?{TYPE}" + _TYPE_TAIL),
    ("type", "zip is stored as text",
     r"{X} {IS} (?:stored|encoded|coded|formatted|recorded|represented|given|read|loaded|parsed) as (?:an? )?{TYPE}"
     r"(?: values?| type| codes?)?"),
    ("type", "Month should be treated as categorical",
     r"{X} (?:should|must|needs to|ought to) be (?:treated|handled|considered|modelled|modeled|encoded|converted|cast)"
     r" (?:as|to|into) (?:an? )?{TYPE}" + _TYPE_TAIL),
)

ALIASES = SKEWED + OUTLIERS + ZEROS + CONSTANT + UNIQUE + CARDINALITY + BALANCE + UNIFORM + INFINITE + TYPES
