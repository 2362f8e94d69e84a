"""Plain-English phrasings of a relation between columns: correlated, associated, related, predicts.

All read as ``correlated`` (an association of any pair of types: Spearman's rho
between numbers, eta between a number and a category, Cramér's V between
categories).  ``q`` is the direction; ``dir``/``dir2`` are the verbs of "X rises
as Y falls" (the direction is their product); phrasings that imply a direction
("move together", "move in opposite directions") name it in ``implied``.

May import: nothing.
"""

from __future__ import annotations

_RELATED = (r"(?:correlated|related|associated|linked|connected|tied|interrelated|intercorrelated|dependent"
            r"|co-?related)")
_RELATION = r"(?:correlation|relationship|association|relation|link|connection|dependence|dependency|correlations)"
_UP = r"(?:increases?|rises?|grows?|goes up|go up|climbs?|gets? (?:higher|bigger|larger)|is higher|are higher)"
_DOWN = (r"(?:decreases?|falls?|drops?|declines?|goes down|go down|shrinks?|gets? (?:lower|smaller)|is lower"
         r"|are lower)")

CORRELATED = (
    ("correlated", "Ozone and Wind are negatively correlated",
     r"{X} (?:{IS} )?{ADV}(?:{Q}[- ])?{ADV}" + _RELATED + r"(?: to each other| with each other| together)?"),
    ("correlated", "Ozone is correlated with Wind",
     r"{X} (?:{IS} )?{ADV}(?:{Q}[- ])?{ADV}" + _RELATED + r" (?:with|to|on) {Y}"),
    ("correlated", "Ozone and Wind are uncorrelated",
     r"{X} {IS} {ADV}(?:uncorrelated|unrelated|independent|unassociated|not related at all)(?: (?:with|to|of|from) {Y})?",
     True),
    ("correlated", "Ozone correlates with Wind",
     r"{X}(?P<neg> (?:does|do) not)? (?:correlates?|covaries|covary|co-varies|co-vary) {ADV}(?:{Q} )?{ADV}with {Y}"),
    ("correlated", "Ozone and Wind correlate negatively",
     r"{X}(?P<neg> (?:does|do) not)? (?:correlate|covary|co-vary)(?: {ADV}{Q})?(?: {ADV})?(?: with each other)?"),
    ("correlated", "there is a strong negative correlation between Ozone and Wind",
     r"{THERE}(?:an? )?{ADV}(?:{Q} )?{ADV}(?:linear |monotonic |statistical )?" + _RELATION
     + r" (?:between|among|of) {X}"),
    ("correlated", "the correlation between Ozone and Wind is negative",
     r"(?:the )?" + _RELATION + r" (?:between|of) {X} (?:is|will be|should be|looks|seems|appears) {ADV}(?:{Q})?"
     r"(?: and {ADV})?"),
    ("correlated", "Ozone and Wind have a negative correlation",
     r"{X} {HAS} (?:an? )?{ADV}(?:{Q} )?{ADV}(?:linear |monotonic |statistical )?" + _RELATION
     + r"(?: (?:with|to) {Y})?"),
    ("correlated", "Ozone and Wind move together",
     r"{X}(?P<neg> (?:do|does) not)? (?:tend to )?(?P<implied>move|go|vary|change|trend|rise|grow|increase|go up|rise"
     r" and fall|go up and down|move up and down|fluctuate) (?:{ADV})?(?:together|in tandem|in step|in the same "
     r"direction|hand in hand|in lockstep|along with each other)"),
    ("correlated", "Ozone and Wind move in opposite directions",
     r"{X} (?:tend to )?(?:move|go|vary|change|trend) (?:in )?(?P<implied>opposite|different|contrary) directions?"),
    ("correlated", "Ozone rises as Wind falls",
     r"{X} (?:tends? to )?(?P<dir>" + _UP + "|" + _DOWN + r") {ADV}(?:as|when|while|whenever|if|with|where|for) "
     r"(?:higher |larger |bigger |more |lower |smaller |less )?{Y}(?: (?P<dir2>" + _UP + "|" + _DOWN + r"))?"),
    ("correlated", "higher Temp means higher Ozone",
     r"(?P<dir>higher|larger|bigger|more|lower|smaller|less|fewer) {X} (?:means?|goes with|go with|comes with"
     r"|come with|leads? to|is associated with|are associated with|tends? to go with|implies) (?P<dir2>higher|larger"
     r"|bigger|more|lower|smaller|less|fewer) {Y}"),
    ("correlated", "the higher the Temp, the higher the Ozone",
     r"(?:the )?(?P<dir>higher|larger|bigger|more|lower|smaller|less|fewer) (?:the )?{X},? (?:the )?(?P<dir2>higher"
     r"|larger|bigger|more|lower|smaller|less|fewer) (?:the )?{Y}"),
    ("correlated", "Ozone depends on Wind",
     r"{X}(?P<neg> (?:does|do) not)? (?:depends?|relies?|hinges?) {ADV}(?:on|upon) (?:the )?{Y}"),
    ("correlated", "Ozone differs by Month",
     r"{X}(?P<neg> (?:does|do) not)? (?:differs?|varies|vary|changes?|shifts?) {ADV}(?:a lot |much |greatly )?(?:by|with"
     r"|across|between|among|according to|depending on|over|from one \w+ to another|for different) (?:the )?"
     r"(?:different |each )?(?:values of |levels of |groups of |categories of |classes of )?{Y}"),
    ("correlated", "Ozone is different across Month",
     r"{X} {IS} {ADV}(?:different|distinct|not the same) (?:across|between|among|by|for) (?:the )?(?:different )?"
     r"(?:levels of |groups of |values of |categories of )?{Y}"),
    ("correlated", "Temp predicts Ozone",
     r"{X}(?P<neg> (?:does|do) not)? (?:predicts?|explains?|drives?|influences?|affects?|impacts?|determines?|shapes?"
     r"|is a {ADV}(?:good |strong |weak |useful )?predictor of|are {ADV}(?:good |strong |weak |useful )?predictors of"
     r"|is {ADV}predictive of|are {ADV}predictive of|has an? {ADV}(?:\w+ )?(?:effect|impact|influence) on|have an? "
     r"{ADV}(?:\w+ )?(?:effect|impact|influence) on) (?:the )?{Y}"),
    ("correlated", "Ozone can be predicted from Temp",
     r"{X} (?:can|could) (?:be )?(?:predicted|explained|estimated|guessed) (?:\w+ )?(?:from|by|with|using) (?:the )?{Y}"),
    ("correlated", "Ozone has nothing to do with Wind", r"{X} (?:has|have) nothing to do with {Y}", True),
    ("correlated", "Ozone and Wind are independent of each other",
     r"{X} {IS} {ADV}(?:independent|unrelated|uncorrelated) (?:of|from|to|with) each other", True),
)

ALIASES = CORRELATED
