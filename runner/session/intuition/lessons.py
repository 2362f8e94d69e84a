"""One line per reveal: what this answer says about the eye that gave it.

Each kind has its own rule; the rules read only the answer, the truth and
the item's form, and name the classic misjudgement when it applies (people
under-estimate moderate correlations; they see patterns in noise; the mean
follows the long tail).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _tolerance(form: dict[str, Any]) -> float:
    return float(form.get("tolerance", 0))


def correlation(answer: Any, truth: dict[str, Any], form: dict[str, Any]) -> str:
    a, t, tol = float(answer), float(truth["value"]), _tolerance(form)
    if abs(a - t) <= tol:
        return f"Within ±{tol:.2f}: well judged."
    if a * t < 0 and abs(t) >= 0.2:
        return "Wrong sign: a cloud rising from lower left to upper right is a positive correlation."
    if abs(a) < abs(t) and 0.3 <= abs(t) <= 0.8:
        return "You under-estimated a moderate correlation: most people do (r = 0.5 still looks like a loose cloud)."
    if abs(a) < abs(t):
        return "You under-estimated it: a tight band is a strong correlation even when its slope is shallow."
    if abs(t) < 0.3:
        return "You saw more than is there: weak correlations look like round clouds, and a few far points pull the eye."
    return "You over-estimated it: a long range or a few points far along the diagonal make a cloud look tighter."


def share(noun: str) -> Callable[[Any, dict[str, Any], dict[str, Any]], str]:
    def lesson(answer: Any, truth: dict[str, Any], form: dict[str, Any]) -> str:
        a, t, tol = float(answer), float(truth["value"]), _tolerance(form)
        if abs(a - t) <= tol:
            return f"Within ±{tol:.0%}: well judged."
        if noun == "missing":
            return ("You over-estimated it: a few dark lines spread over many rows look like more than they are."
                    if a > t else "You under-estimated it: count the dark share of the column, not the number of gaps.")
        return ("You over-estimated it: every point beyond the whiskers is drawn, so a tail of points looks big "
                "but is often a small share of them all." if a > t else
                "You under-estimated it: points stacked on one value beyond a whisker hide how many there are.")
    return lesson


def skew(answer: Any, truth: dict[str, Any], form: dict[str, Any]) -> str:
    if answer == truth["value"]:
        return f"Right (skewness {truth['skewness']:+.2f})."
    said, real = answer.split()[-1], truth["value"].split()[-1]
    if {said, real} == {"left", "right"}:
        return "Wrong direction: a skew is named after its long tail, not after where the peak sits."
    return (f"Skewness is {truth['skewness']:+.2f}: below 0.5 in size is no skew to speak of, 0.5 to 1 moderate, "
            "above 1 strong (a tail clearly longer than the body).")


def mean_median(answer: Any, truth: dict[str, Any], form: dict[str, Any]) -> str:
    where = "above" if truth["value"] == "yes" else "below"
    verdict = "Right" if answer == truth["value"] else "Not this time"
    return f"{verdict}: the mean ({truth['mean']:.4g}) is {where} the median ({truth['median']:.4g}); the mean follows the long tail."


def lineup(answer: Any, truth: dict[str, Any], form: dict[str, Any]) -> str:
    real, panels = truth["value"], form["panels"]
    if answer == real:
        return ("Right: every panel was shuffled noise, and you did not see a pattern in it." if real == "none" else
                f"Right: you picked the real data out of {panels} (by chance: 1 in {panels + 1}).")
    if real == "none":
        return "No panel was real: every one was shuffled noise. The pattern you saw was made by chance."
    if answer == "none":
        return f"Panel {real} was real (r = {truth['r']:+.2f}): its pattern was signal, not noise."
    return f"Panel {real} was the real data (r = {truth['r']:+.2f}); panel {answer} was a shuffle that happened to look structured."


def groups(answer: Any, truth: dict[str, Any], form: dict[str, Any]) -> str:
    p = truth["p_value"]
    if answer == truth["value"]:
        return f"Right (permutation p = {p:.3f})."
    if truth["value"] == "yes":
        return (f"The difference was real (p = {p:.3f}): with enough points per group, a shift in means smaller than "
                "the spread is still more than noise.")
    return (f"Noise (p = {p:.3f}): shuffling the group labels makes differences like this one often; "
            "overlapping clouds with few points rarely differ.")


def distribution(answer: Any, truth: dict[str, Any], form: dict[str, Any]) -> str:
    parts = [("Shape right" if answer["shape"] == truth["value"] else f"The shape is {truth['value']}, not "
              f"{answer['shape']}") + f" (skewness {truth['skewness']:+.2f})"]
    if "peaks" in answer and answer["peaks"] != truth["peaks"]:
        parts.append(f"it has {truth['peaks']} peak{'s' if truth['peaks'] == 'more' else ''}")
    if "median" in answer and truth["median"]:
        ratio = answer["median"] / truth["median"]
        if not 0.8 <= ratio <= 1.25:
            parts.append(f"the median is {truth['median']:.4g}")
    return "; ".join(parts) + "."


LESSONS: dict[str, Callable[[Any, dict[str, Any], dict[str, Any]], str]] = {
    "correlation": correlation, "missing": share("missing"), "outliers": share("outliers"), "skew": skew,
    "mean_median": mean_median, "lineup": lineup, "groups": groups, "distribution": distribution,
}


def lesson(kind: str, answer: Any, truth: dict[str, Any], form: dict[str, Any]) -> str:
    rule = LESSONS.get(kind)
    return rule(answer, truth, form) if rule else ""
