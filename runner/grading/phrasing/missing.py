"""Plain-English phrasings of missing values, missing together, and duplicate rows.

Each row: (kind, example, pattern[, negated]).  A pattern is matched against
the whole line (``fullmatch``) with the parts of
:data:`runner.grading.vocabulary.PARTS`; ``negated`` is the reading without
"not"/"no" ("Ozone is never missing").  Groups the reader understands: ``x``
and ``y`` (column names), ``neg`` ("not"), ``flip`` (a word that negates),
``op``/``num`` (a share: "> 20%", "about 20%"; no operator means "about"),
``count`` (rows: "177 missing values"), ``share`` ("most", "half").

May import: nothing.
"""

from __future__ import annotations

_VERB_MISSING = r"(?:missing|null|empty|nan|absent|blank|unknown|unrecorded|not recorded|not available)"

#: Whole rows repeated: dataset level, first, so "the data has duplicates" is not read as a column called "data".
DUPLICATES = (
    ("duplicates", "there are duplicate rows", r"{THERE}{SOME}{DUP} {ROWS}(?: exist| are present| appear| in {DATA})?"),
    ("duplicates", "there are no duplicates", r"{THERE}{SOME}(?:duplicates|dupes|duplicate)(?: exist| in {DATA})?"),
    ("duplicates", "the data has duplicates", r"{DATA} {HAS} {SOME}(?:{DUP} {ROWS}|duplicates|dupes)"),
    ("duplicates", "some rows are duplicated",
     r"(?:some |many |several |a few |two |a couple of |few |one |a )?{ROWS} {IS} (?:duplicated|repeated|duplicates"
     r"|repeats|exact copies|copies of (?:each other|other rows|another row))"),
    ("duplicates", "a row appears twice",
     r"(?:one |a |some |several |a few )?{ROWS} (?:appears?|occurs?|shows? up) (?:twice|more than once|several times"
     r"|multiple times|two times)"),
    ("duplicates", "every row is unique", r"(?:all|every|each) (?:rows?|records?) {IS} (?:unique|distinct|different)",
     True),
)

#: Two or more columns missing in the same rows (before "missing", which would read the pair as one column).
TOGETHER = (
    ("missing_together", "Ozone and Solar.R go missing together",
     r"{X} (?:go|goes|are|is|tend to be|tend to go|get|gets|went|were|become)(?P<neg> not)? " + _VERB_MISSING
     + r" (?:together|at the same time|jointly|simultaneously|in the same rows|in the same records|for the same "
       r"(?:rows|records|observations|entries|\w+))(?: as well)?"),
    ("missing_together", "Ozone and Solar.R go missing independently",
     r"{X} (?:go|goes|are|is|get|gets) " + _VERB_MISSING + r" (?:independently|separately)(?: of each other)?", True),
    ("missing_together", "Ozone and Solar.R have missing values in the same rows",
     r"{X} {HAS} {SOME}{MISSING} (?:in|for|on|at) the same (?:rows|records|observations|entries|cases|places|\w+)"),
    ("missing_together", "Ozone is missing whenever Solar.R is missing",
     r"{X} (?:is|are) (?:always |usually |often )?" + _VERB_MISSING + r" (?:whenever|when|if|wherever) {Y} (?:is|are) "
     + _VERB_MISSING + r"(?: too| as well)?"),
    ("missing_together", "when Ozone is missing, Solar.R is missing too",
     r"(?:when|whenever|if) {X} (?:is|are) " + _VERB_MISSING + r",? {Y} (?:is|are) (?:also |usually |often |always )?"
     + _VERB_MISSING + r"(?: too| as well)?"),
    ("missing_together", "missingness in Ozone and Solar.R is correlated",
     r"(?:the )?(?:missingness|missing values|missing data|nulls|missing patterns?|gaps)(?: of| in) {X} (?:is|are) "
     r"{ADV}(?:correlated|related|associated|linked)(?: with {Y})?"),
    ("missing_together", "Ozone and Solar.R share missing rows",
     r"{X} share (?:the same )?(?:missing|null|empty) (?:rows|values|entries|records)"),
    ("missing_together", "rows missing Ozone also miss Solar.R",
     r"(?:rows|records|entries) (?:missing|without) {X} (?:(?:also|often|usually|tend to) )?(?:miss|lack) {Y}"),
    ("missing_together", "Ozone and Solar.R have the same missing rows",
     r"{X} {HAS} the same (?:missing|null|empty) (?:rows|values|entries|records|pattern)"),
)

#: One column's missing values.
MISSING = (
    ("missing", "Ozone has more than 20% missing values",
     r"{X} {HAS} (?:{OP} ?)?{NUM}(?: of (?:its |the )?(?:values|rows|data|entries))? {MISSING}"),
    ("missing", "Ozone has 37 missing values", r"{X} {HAS} (?:{OP} ?)?{COUNT}(?: \([^)]*\))? {MISSING}"),
    ("missing", "Ozone has missing values in over 20% of rows",
     r"{X} {HAS} {SOME}{MISSING} (?:in|for) (?:{OP} ?)?{NUM}(?: of (?:the )?(?:{ROWS}|values|cases|the data|data"
     r"|observations|\w+))?"),
    ("missing", "Ozone has missing values for most days",
     r"{X} {HAS} {SOME}{MISSING} (?:in|for) {SHARE} (?:the )?(?:\w+)"),
    ("missing", "Ozone has missing values", r"{X} {HAS} {SOME}{MISSING}"),
    ("missing", "Ozone is more than 20% missing", r"{X} {IS} (?:{OP} ?)?{NUM} " + _VERB_MISSING),
    ("missing", "Ozone is missing in less than 5% of rows",
     r"{X} (?:{IS} )?" + _VERB_MISSING + r" (?:in |for |from |on )?(?:{OP} ?)?{NUM}(?: of (?:the )?(?:{ROWS}|values"
     r"|cases|the time|data|observations|days|\w+))?"),
    ("missing", "Ozone is missing for 37 rows",
     r"{X} (?:{IS} )?" + _VERB_MISSING + r" (?:in|for|from|on) (?:{OP} ?)?{COUNT} (?:\w+)"),
    ("missing", "Cabin is missing for most passengers",
     r"{X} (?:{IS} )?" + _VERB_MISSING + r" (?:in|for|from|on) (?:{OP} ?)?{SHARE} (?:the )?(?:\w+)(?: \w+)?"),
    ("missing", "Ozone is missing for a few days",
     r"{X} (?:{IS} )?" + _VERB_MISSING + r" (?:in|for|from|on) {SOME}(?:\w+)(?: \w+)?"),
    ("missing", "more than 20% of Ozone is missing",
     r"(?:{OP} ?)?{NUM} of (?:the )?(?:(?:values|{ROWS}|entries|data) (?:in|of|for) )?{X}(?: values| entries| data"
     r"| readings| measurements)? (?:is|are|were|will be) " + _VERB_MISSING),
    ("missing", "most of Cabin is missing",
     r"(?:{OP} ?)?{SHARE} (?:of )?(?:the )?(?:(?:values|{ROWS}|entries) (?:in|of|for) )?{X}(?: values| entries| data)? "
     r"(?:is|are) " + _VERB_MISSING),
    ("missing", "more than 20% missing values in Ozone", r"(?:{OP} ?)?{NUM} (?:of )?{MISSING} (?:in|for) {X}"),
    ("missing", "37 missing values in Ozone", r"{THERE}(?:{OP} ?)?{COUNT} {MISSING} (?:in|for) {X}"),
    ("missing", "Ozone missingness is about 1.5%",
     r"{X}(?:'s)? (?:missingness|missing rate|missing share|missing ratio|missing percentage|missing fraction"
     r"|share of missing values|proportion missing|percent missing|% missing|missing-value rate|null rate)(?: is"
     r"| of| at|:| around| about)* ?(?:{OP} ?)?{NUM}"),
    ("missing", "the missing rate of Ozone is about 20%",
     r"(?:the )?(?:missingness|missing rate|missing share|share of missing values|proportion of missing values"
     r"|percentage of missing values|fraction of missing values|null rate|missing-value rate) (?:of|in|for) {X} "
     r"(?:is |will be |should be )?(?:{OP} ?)?{NUM}"),
    ("missing", "Ozone has a missing rate of 20%",
     r"{X} {HAS} (?:an? )?(?:missing rate|missingness|missing share|missing percentage|null rate) (?:of )?(?:{OP} ?)?{NUM}"),
    ("missing", "there are missing values in Ozone", r"{THERE}{SOME}{MISSING} (?:in|for) (?:the )?{X}"),
    ("missing", "Ozone is sometimes missing",
     r"{X} {IS} (?:(?:sometimes|often|frequently|occasionally|partly|partially|rarely|mostly|largely|heavily) "
     + _VERB_MISSING + r"|missing (?:some |many |a lot of |lots of |a few )?(?:values|data|entries|readings)"
     r"|missing (?:a lot|often|frequently|sometimes)|" + _VERB_MISSING + r")"),
    ("missing", "Ozone is never missing",
     r"{X} {IS} (?:never (?:missing|null|empty)|complete|fully (?:populated|observed|filled|recorded)|always (?:present"
     r"|recorded|filled|populated|available)|(?:present|recorded|available|filled) (?:for|in) (?:every|all|each) "
     r"(?:rows?|records?|observations?|\w+))", True),
    ("missing", "Ozone missing values", r"{X} (?:missing values|missing data|nulls|nans|missing entries)"),
    ("missing", "Ozone has gaps", r"{X} {HAS} {SOME}(?:gaps|holes|blanks)"),
)

#: Per-column kinds said of the whole dataset ("there are no missing values"): read only to say that
#: these kinds are judged per column, and to suggest a claim about one column.
WIDE = (
    ("missing", "there are no missing values",
     r"{THERE}{SOME}{MISSING}(?: (?:anywhere )?in {DATA}| anywhere| at all)?"),
    ("missing", "the dataset has no missing values", r"{DATA} {HAS} {SOME}{MISSING}(?: anywhere| at all)?"),
    ("missing", "nothing is missing", r"nothing {IS} missing(?: (?:from|in) {DATA})?", True),
    ("missing", "the dataset is complete", r"{DATA} {IS} (?:complete|fully (?:populated|observed))", True),
    ("outliers", "there are no outliers",
     r"{THERE}{SOME}(?:outliers?|extreme values)(?: (?:anywhere )?in {DATA}| anywhere)?"),
    ("outliers", "the dataset has outliers", r"{DATA} {HAS} {SOME}(?:outliers?|extreme values)"),
    ("infinite", "there are no infinite values", r"{THERE}{SOME}{INF}(?: (?:anywhere )?in {DATA}| anywhere)?"),
    ("infinite", "the dataset has infinite values", r"{DATA} {HAS} {SOME}{INF}"),
)
