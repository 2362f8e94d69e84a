"""An answer as the kernel API takes it, checked and made canonical for the item's form.

Forms (``Item.answer["type"]``):

``estimate``      a number in ``[min, max]``; shares (``unit: share``) are fractions, ``"35%"`` also works
``choice``        one of ``options``, in any case or word order (``"Strong right"``, ``"right, strong"``)
``lineup``        a panel number ``1..panels`` or ``"none"``
``distribution``  a shape (``"right"``, ``"right-skewed"``, ``"symmetric"``...) or a dict with ``shape``
                  and optionally ``peaks`` (``"one"``/``"more"`` or 1, 2...), ``zeros`` (a share),
                  ``median`` (a number) and ``sketch`` (heights, low to high values)

A bad answer is a one-line :class:`~runner.errors.BadInput`; nothing is stored.
"""

from __future__ import annotations

import math
import re
from typing import Any

from runner.errors import BadInput

STRENGTH_WORDS = {"strong": "strong", "strongly": "strong", "moderate": "moderate", "moderately": "moderate",
                  "none": "none", "no": "none", "symmetric": "none", "symmetrical": "none", "not": "none"}
DIRECTION_WORDS = {"left": "left", "negative": "left", "right": "right", "positive": "right"}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
MAX_SKETCH = 200


def _words(value: Any) -> list[str]:
    return re.findall(r"[a-z0-9.]+", str(value).lower().replace("_", " "))


def number(value: Any, what: str) -> float:
    if isinstance(value, bool):
        raise BadInput(f"{what} must be a number, got {value!r}")
    percent = isinstance(value, str) and value.strip().endswith("%")
    try:
        x = float(value.strip().rstrip("%")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise BadInput(f"{what} must be a number, got {value!r}") from None
    if not math.isfinite(x):
        raise BadInput(f"{what} must be a finite number, got {value!r}")
    return x / 100 if percent else x


def estimate(form: dict[str, Any], value: Any) -> float:
    low, high = float(form["min"]), float(form["max"])
    x = number(value, "the estimate")
    if form.get("unit") == "share" and 1 < x <= 100:
        raise BadInput(f"shares are fractions: {x / 100:g} for {x:g}%", hint=f"answer {x / 100:g} or \"{x:g}%\"")
    if not low <= x <= high:
        raise BadInput(f"the estimate must lie between {low:g} and {high:g}, got {x:g}")
    return x


def choice(form: dict[str, Any], value: Any) -> str:
    options = list(form["options"])
    if isinstance(value, bool) and set(options) == {"yes", "no"}:
        return "yes" if value else "no"
    words = _words(value)
    text = " ".join(words)
    if text in options:
        return text
    if set(options) == {"yes", "no"} and len(words) == 1 and words[0] in YES | NO:
        return "yes" if words[0] in YES else "no"
    strength = {STRENGTH_WORDS[w] for w in words if w in STRENGTH_WORDS}
    direction = {DIRECTION_WORDS[w] for w in words if w in DIRECTION_WORDS}
    if strength == {"none"} and not direction and "none" in options:
        return "none"
    if len(strength) == 1 and len(direction) == 1:
        candidate = f"{strength.pop()} {direction.pop()}"
        if candidate in options:
            return candidate
    raise BadInput(f"{value!r} is not one of the choices", hint="answer one of: " + ", ".join(options))


def lineup(form: dict[str, Any], value: Any) -> int | str:
    panels = int(form["panels"])
    if isinstance(value, str) and value.strip().lower() in ("none", "none is real", "no panel"):
        return "none"
    try:
        n = int(value) if not isinstance(value, (bool, float)) or float(value).is_integer() else None
    except (TypeError, ValueError):
        n = None
    if n is None or isinstance(value, bool) or not 1 <= n <= panels:
        raise BadInput(f"{value!r} is not a panel of this lineup", hint=f"answer a panel number 1 to {panels}, or \"none\"")
    return n


def shape(value: Any) -> str:
    words = set(_words(value))
    direction = {DIRECTION_WORDS[w] for w in words if w in DIRECTION_WORDS}
    if words & {"symmetric", "symmetrical", "normal", "bell", "none"} and not direction:
        return "symmetric"
    if len(direction) == 1:
        return direction.pop()
    raise BadInput(f"{value!r} is not a shape", hint="answer \"symmetric\", \"right\" (right-skewed) or \"left\"")


def peaks(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value >= 1:
            return "one" if value < 2 else "more"
    elif str(value).strip().lower() in ("one", "1", "single", "unimodal"):
        return "one"
    elif str(value).strip().lower() in ("more", "two", "2", "several", "many", "bimodal", "multimodal"):
        return "more"
    raise BadInput(f"{value!r} is not a number of peaks", hint="answer \"one\" or \"more\"")


def distribution(form: dict[str, Any], value: Any) -> dict[str, Any]:
    parts = dict(value) if isinstance(value, dict) else {"shape": value}
    unknown = set(parts) - {"shape", "peaks", "zeros", "median", "sketch"}
    if unknown:
        raise BadInput(f"unknown part(s) of a distribution answer: {', '.join(sorted(map(str, unknown)))}",
                       hint="give shape, and optionally peaks, zeros, median, sketch")
    if parts.get("shape") is None:
        raise BadInput("a distribution answer needs its shape", hint="\"symmetric\", \"right\" or \"left\"")
    out: dict[str, Any] = {"shape": shape(parts["shape"])}
    if parts.get("peaks") is not None:
        out["peaks"] = peaks(parts["peaks"])
    if parts.get("zeros") is not None:
        out["zeros"] = estimate({"min": 0, "max": 1, "unit": "share"}, parts["zeros"])
    if parts.get("median") is not None:
        out["median"] = number(parts["median"], "the median")
    sketch = parts.get("sketch")
    if sketch is not None:
        heights = [number(h, "a sketch height") for h in list(sketch)[:MAX_SKETCH]]
        if any(h < 0 for h in heights):
            raise BadInput("a sketch's heights cannot be negative")
        if any(heights):
            out["sketch"] = [round(h, 4) for h in heights]
    return out


PARSERS = {"estimate": estimate, "choice": choice, "lineup": lineup, "distribution": distribution}


def parse(form: dict[str, Any], value: Any) -> Any:
    """``value`` checked against the item's answer form, in canonical form."""
    return PARSERS[form["type"]](form, value)
