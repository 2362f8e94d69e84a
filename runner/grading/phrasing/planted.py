"""Plain-English phrasings of the planted kinds (issue #14): entry errors, category spellings, heaping,
the mechanism of missing values (MCAR, MNAR, depending on another column), near duplicates, a Simpson
reversal, leakage and drift.

Rows as in :mod:`runner.grading.phrasing.missing`.  These are tried before
the other families: "Ozone is missing not at random" must not be read as
"Ozone is missing", nor "near duplicates" as duplicate rows.

May import: nothing.
"""

from __future__ import annotations

_ERRORS = r"(?:errors?|mistakes|problems|issues|mix-ups?|mixups?|flips)"
_TARGET = r"(?:the )?(?:target|label|outcome|answer|class|response)(?: variable| column)?"
_MISSINGNESS = r"(?:the )?(?:missingness|missing values|missing data|missing entries|gaps|nans|nas)"
_LEVEL = r"(?:high|low|large|small|big|hot|cold|short|long|extreme|above average|below average|in summer|in winter)"
_ALONG = (r"(?: over time| along the rows| over the rows| partway through| halfway through| at some point| later on"
          r"| in later rows| across the file| in the second half| in the later rows)?")

ENTRY_ERRORS = (
    ("entry_errors", "Wind has sign errors", r"{X} {HAS} {SOME}(?P<q>sign|unit|units|scale)[- ]" + _ERRORS),
    ("entry_errors", "Wind has values with flipped signs",
     r"{X} {HAS} {SOME}(?:(?:negative )?(?:values?|entries|numbers) with )?(?P<q>flipped|reversed) signs?"),
    ("entry_errors", "Age has impossible values",
     r"{X} {HAS} {SOME}(?P<q>impossible|invalid|placeholder|sentinel) (?:values?|codes?|entries|numbers)"),
    ("entry_errors", "Wind has data-entry errors",
     r"{X} {HAS} {SOME}(?:data[- ]entry |entry |typing |recording |input )" + _ERRORS),
    ("entry_errors", "there are unit errors in Wind",
     r"{THERE}{SOME}(?:(?P<q>sign|unit|units|scale)[- ]|data[- ]entry |entry )" + _ERRORS + r" (?:in|for|of) {X}"),
    ("entry_errors", "Temp is recorded in two units",
     r"{X} {IS} (?:recorded |measured |entered |given |written )?in (?:two |different |mixed |inconsistent )"
     r"(?P<q>units)(?: in some rows| for some rows)?"),
)

INCONSISTENT = (
    ("inconsistent_categories", "species has inconsistent spellings",
     r"{X} {HAS} {SOME}(?:inconsistent|mixed|messy|dirty|varying|different) (?:spellings?|labels?|categories|levels"
     r"|capitali[sz]ation|casing|case)(?: of (?:the )?(?:same )?(?:levels?|categories|values|labels))?"),
    ("inconsistent_categories", "species labels are spelled inconsistently",
     r"(?:the )?{X} (?:levels?|categories|labels|values|names) (?:are|is) (?:spelled|written|capitali[sz]ed|typed)"
     r" (?:inconsistently|in different ways|differently|in several ways|several ways)"),
    ("inconsistent_categories", "species has case variants",
     r"{X} {HAS} {SOME}(?:case|spelling|capitali[sz]ation) variants(?: of (?:the )?(?:same )?(?:levels?|labels?))?"),
    ("inconsistent_categories", "species has typos",
     r"{X} {HAS} {SOME}(?:typos|misspellings|misspelled (?:levels|categories|labels|values|entries))"),
    ("inconsistent_categories", "there are typos in species",
     r"{THERE}{SOME}(?:typos|misspellings|inconsistent spellings|spelling variants|case variants) (?:in|of) {X}"),
)

HEAPING = (
    ("heaping", "Wind is heaped",
     r"{X}(?: values)? {IS} {ADV}(?:heaped|rounded)(?: (?:to|at|on) (?:the nearest )?(?:multiples of )?(?:round "
     r"numbers|[0-9.]+s?|fives|tens))?(?: (?:in|for) (?:some|part of the|many|a lot of) (?:rows|values|cases))?"),
    ("heaping", "Wind shows heaping",
     r"{X} {HAS} {SOME}(?:heaping|digit preference|round[- ]number (?:bias|preference)|rounding)"),
    ("heaping", "Wind values pile up on round numbers",
     r"{X}(?: values)? (?:cluster|clusters|piles? up|bunch(?:es)? up|bunch(?:es)?|heap) (?:on|at|around) (?:round "
     r"numbers|multiples of [0-9.]+)"),
)

MECHANISM = (
    ("mcar", "Ozone is missing completely at random",
     r"{X} {IS} (?:missing completely at random|mcar)"),
    ("mcar", "the missing values in Ozone are completely random",
     _MISSINGNESS + r" (?:in|of) {X} {IS} (?:completely |purely |entirely |totally )(?:random|at random)"),
    ("mnar", "Ozone is missing not at random", r"{X} {IS} (?:missing not at random|mnar|nmar)"),
    ("mnar", "high values of Ozone are more likely to be missing",
     r"(?:the )?(?:high|low|large|small|extreme|big) values (?:of|in) {X} (?:are|were|tend to be|go)(?P<neg> not)? "
     r"(?:more often |more likely |more |likelier |mostly |usually )?(?:to be |to go )?missing"),
    ("mnar", "Ozone is missing because of its own values",
     r"{X} {IS} (?:more often |more likely |mostly |usually )?missing (?:because of|due to|depending on) its own "
     r"values?"),
    ("mnar", "the missingness of Ozone depends on its own values",
     _MISSINGNESS + r" (?:in|of) {X}(?P<neg> (?:does|do) not| doesn't| don't)? (?:depends?|hinges?) on (?:its own|the "
     r"(?:missing )?values?(?: themselves| itself)?|itself)(?: values?)?"),
    ("missing_depends", "the missingness of Wind depends on Temp",
     _MISSINGNESS + r" (?:in|of) {X}(?P<neg> (?:does|do) not| doesn't| don't)? (?:depends?|relates?|is related|are "
     r"related|is linked|are linked|is explained|are explained) (?:on|to|by) {Y}"),
    ("missing_depends", "Wind's missingness depends on Temp",
     r"{X}'s? missingness(?P<neg> (?:does|do) not| doesn't)? (?:depends?|is related|is explained) (?:on|to|by) {Y}"),
    ("missing_depends", "whether Wind is missing depends on Temp",
     r"whether {X} is missing(?P<neg> (?:does|do) not| doesn't)? (?:depends?|hinges?) on {Y}"),
    ("missing_depends", "Wind is missing more often when Temp is low",
     r"{X} {IS} (?:more often |more likely |mostly |often |usually )?missing (?:more often |mostly |more )?(?:when|where"
     r"|if|whenever|for rows where) {Y} (?:is|are) " + _LEVEL),
    ("missing_depends", "Wind is missing at random given Temp",
     r"{X} {IS} (?:missing at random|mar) (?:given|conditional on|depending on) {Y}"),
)

NEAR_DUPLICATES = (
    ("near_duplicates", "there are near duplicates",
     r"{THERE}{SOME}(?:near|almost|nearly|fuzzy)[- ](?:duplicates?|duplicated (?:rows|records)|duplicate (?:rows"
     r"|records|entries)|identical (?:rows|records))(?: exist| in {DATA})?"),
    ("near_duplicates", "the data has near-duplicate rows",
     r"{DATA} {HAS} {SOME}(?:near|almost|nearly)[- ](?:duplicates|duplicate rows|duplicate records|identical rows)"),
    ("near_duplicates", "some rows are near duplicates",
     r"(?:some |a few |several |a block of )?(?:rows|records) (?:are|look|seem) (?:near|almost|nearly)[- ](?:duplicates"
     r"|identical|copies)(?: of (?:each other|other rows|others|earlier rows))?"),
    ("near_duplicates", "some rows were copied with small edits",
     r"(?:some |a few |several |a block of )?(?:rows|records) (?:are|were|was|seem to be|have been|has been) (?:repeated|copied"
     r"|duplicated) with (?:tiny|small|minor|slight) (?:edits|changes|differences|modifications)"),
)

SIMPSON = (
    ("simpson", "the relation between Ozone and Temp reverses within each Month",
     r"(?:the )?(?:relationship|relation|correlation|association|trend) (?:between|of) {X} (?:reverses|flips|changes "
     r"sign|inverts|is reversed)(?: direction)? (?:within|inside|in|for|across|by|when (?:split|grouped|broken down) "
     r"by|controlling for|conditioning on) (?:each |every |the )?(?:groups? of |levels? of )?{Y}"),
    ("simpson", "there is a Simpson's paradox between Ozone and Temp by Month",
     r"{THERE}(?:an? )?simpson'?s?(?: paradox| reversal) (?:between|in|for|with) {X} (?:by|within|across|over"
     r"|grouped by|when grouped by|controlling for|split by) {Y}"),
    ("simpson", "Ozone and Temp show a Simpson reversal by Month",
     r"{X} (?:shows?|has|have|exhibits?) (?:a )?simpson'?s?(?: paradox| reversal) (?:by|within|across|over"
     r"|grouped by|split by) {Y}"),
)

LEAKAGE = (
    ("leakage", "qc_value leaks the target",
     r"{X} (?:leaks?|leaked|gives away|reveals|encodes|is a proxy for|is derived from|is computed from|is a copy of"
     r"|is a relabell?ing of|basically is) " + _TARGET),
    ("leakage", "qc_value is a leaky feature",
     r"{X} {IS} (?:an? )?(?:leaky|leaking|target[- ]leaking|leaked) (?:feature|column|variable|predictor)"),
    ("leakage", "there is target leakage through qc_value",
     r"{THERE}(?:target |label |data )?leakage (?:in|from|through|via) {X}"),
    ("leakage", "qc_value is a target leak", r"{X} {IS} (?:an? )?(?:leak|target leak|label leak)"),
)

DRIFT = (
    ("drift", "Day drifts upward",
     r"{X}(?P<neg> (?:does|do) not| doesn't)? (?:drifts?|drifted|shifts?|shifted|jumps?|jumped)(?: (?P<q>up|upward"
     r"|upwards|down|downward|downwards))?" + _ALONG),
    ("drift", "Day has a level shift",
     r"{X} {HAS} (?:an? )?{ADV}(?:drift|(?P<q>level) shift|shift in (?:level|mean)|change ?point|structural break)"
     + _ALONG),
    ("drift", "there is drift in Day",
     r"{THERE}(?:an? )?{ADV}(?:drift|level shift|change ?point|structural break) in {X}" + _ALONG),
    ("drift", "the mean of Day shifts partway through",
     r"(?:the )?(?P<q>mean|level|average) of {X} (?:shifts|changes|jumps|moves|drifts|rises|falls)(?: up| down)?"
     + _ALONG),
    ("drift", "the spread of Day grows over time",
     r"(?:the )?(?P<q>variance|spread|variability) of {X} (?:changes|grows|increases|shrinks|shifts|decreases)"
     + _ALONG),
    ("drift", "Day is stable over time", r"{X} {IS} (?:stable|stationary)(?: over time| along the rows)?", True),
)
