"""The judges of banded kinds: skewed, imbalanced (one column), correlated, missing_together (pairs).

Each measures the pattern's strength band and its test (see
:mod:`runner.grading.bands`) and returns evidence with the verdict of the claim
as written (its strength, direction and ``not``), so the detail reads as a
sentence: "Ozone and Wind: rho -0.45 over 110 rows, moderate, p < 0.001".

May import: this package's ``facts`` and ``bands`` (pure Python).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from runner.grading import bands
from runner.grading.bands import CONFIRMED, PARTLY, REFUTED
from runner.grading.facts import COEFFICIENTS, SHORT, Evidence, _none, _pct, shown


@dataclass(frozen=True)
class Ask:
    """What a claim asks, as the judges read it."""

    qualifier: str | None = None  # right/left, positive/negative, a type, or >, >=, <, <=, about
    percent: float | None = None  # the learner's share in percentage points (missing)
    count: int | None = None  # the learner's count of rows (missing: "177 missing values")
    strength: str | None = None  # weak | moderate | strong
    negated: bool = False


def _holds(verdict: str) -> bool | None:
    return {CONFIRMED: True, REFUTED: False, PARTLY: False}.get(verdict)


def _claimed(scale: tuple[str, ...], ask: Ask, extra: str = "") -> tuple[frozenset[int], str]:
    accepted = bands.target(scale, ask.strength, ask.negated)
    return accepted, bands.describe_target(scale, accepted) + extra


def _directed(verdict: str, sign_ok: bool, ask: Ask) -> str:
    """A direction claimed and the sign seen the other way: a real pattern refutes it."""
    if sign_ok:
        return verdict
    if ask.negated:  # "not positively correlated" and the pattern is negative: true
        return CONFIRMED
    return REFUTED if verdict in (CONFIRMED, PARTLY) else verdict


def skewed(name: str, col: dict, t: Mapping, ask: Ask) -> Evidence:
    shown_as, anchor = name, col.get("anchor")
    edges = f"|skewness| >= {t['skewness_moderate']:g} moderate, > {t['skewness']:g} strong"
    if col["numeric"] is None:
        return _none(edges, f"{shown_as} is {col['type'] or col['storage']}, not numeric: skewness does not apply", anchor)
    skew = col["numeric"].get("skewness")
    if skew is None:
        return _none(edges, f"{shown_as}: fewer than 3 finite values, skewness cannot be measured", anchor)
    accepted, claimed = _claimed(bands.SKEWNESS, ask)
    side = "right" if skew > 0 else "left" if skew < 0 else "no"
    if ask.qualifier in ("right", "left"):
        claimed = f"{claimed}, to the {ask.qualifier}" if not ask.negated else f"not {ask.qualifier}-skewed"
    p = col["numeric"].get("skewness_p")
    n = col["numeric"].get("finite", col["count"])
    band = bands.skewness_band(skew, t)
    significant = bands.significance(p, t) if p is not None else False  # below 8 values: no test, too few
    verdict = bands.verdict(band, accepted, significant)
    if ask.qualifier in ("right", "left"):
        same = band == 0 or (skew > 0) == (ask.qualifier == "right")
        verdict = _directed(verdict, same, ask)
    test = "D'Agostino's skewness test" if p is not None else None
    tested = bands.fmt_p(p) if p is not None else "too few values to test (fewer than 8)"
    threshold = f"{claimed} ({edges}); significant at p < {t['alpha']:g}"
    detail = (f"{shown_as}: skewness {skew:+.2f} over {n} values, {side} tail, {bands.SKEWNESS[band]}, {tested} "
              f"(claimed: {claimed}; {edges})")
    return Evidence(round(skew, 4), threshold, _holds(verdict), detail, bands.SKEWNESS[band], p, test, verdict, anchor)


def imbalanced(name: str, col: dict, t: Mapping, ask: Ask) -> Evidence:
    edges = (f"balanced: smallest/largest share >= {t['balanced']:g}; slight >= {t['imbalance_moderate']:g}; "
             f"strong: imbalance score > {t['imbalance']:g}")
    balance, anchor = col.get("balance"), col.get("anchor")
    if col["imbalance"] is None or balance is None:
        what = col["type"] or col["storage"]
        why = "one level only" if balance is None and col["type"] in ("categorical", "boolean") else what
        return _none(edges, f"{name} is {why}: balance applies to categories", anchor)
    accepted, claimed = _claimed(bands.BALANCE, ask)
    band = bands.balance_band(balance["ratio"], col["imbalance"], t)
    p = balance.get("p_value")
    verdict = bands.verdict(band, accepted, bands.significance(p, t))
    shares = " / ".join(_pct(share) for _, share in balance["shares"])
    more = f" (+{balance['levels'] - len(balance['shares'])} more)" if balance["levels"] > len(balance["shares"]) else ""
    largest = balance["largest"]["value"]
    detail = (f"{name}: {balance['levels']} levels, shares {shares}{more}, largest {largest!r}; smallest/largest "
              f"{balance['ratio']:.2f}, imbalance score {col['imbalance']:.2f}: {_band_words(bands.BALANCE[band])}, "
              f"chi-squared test against equal shares {bands.fmt_p(p)} (claimed: {claimed}; {edges})")
    threshold = f"{claimed} ({edges}); significant at p < {t['alpha']:g}"
    return Evidence(round(balance["ratio"], 4), threshold, _holds(verdict), detail, bands.BALANCE[band], p,
                    "chi-squared goodness of fit", verdict, anchor)


def _band_words(band: str) -> str:
    return "balanced" if band == "balanced" else f"{band}ly imbalanced"  # slightly, moderately, strongly


def _why_not_paired(name: str, col: dict, t: Mapping) -> str:
    if col["count"] == 0:
        return f"{name} is all missing"
    if col["distinct"] < 2:
        return f"{name} is constant"
    if col["type"] in ("categorical", "boolean") and col["distinct"] > t["correlation_levels"]:
        return f"{name} has {col['distinct']} levels (> {t['correlation_levels']})"
    return f"{name} is {col['type'] or col['storage']}"


def _edges(t: Mapping, symbol: str) -> str:
    return (f"|{symbol}| >= {t['correlation_weak']:g} weak, >= {t['correlation_moderate']:g} moderate, "
            f">= {t['correlation']:g} strong")


def find_pair(facts: Mapping, a: str, b: str) -> dict | None:
    return next((p for p in facts["correlations"] if set(p["columns"]) == {a, b}), None)


def correlated(a: str, b: str, facts: Mapping, t: Mapping, ask: Ask, pair: dict | None = None) -> Evidence:
    """One pair of columns (facts names ``a``, ``b``)."""
    section = (facts.get("sections") or {}).get("correlations")
    sa, sb = shown(facts, a), shown(facts, b)
    pair = pair or find_pair(facts, a, b)
    if pair is None:
        reasons = [_why_not_paired(shown(facts, n), facts["columns"][n], t) for n in (a, b)]
        return _none(_edges(t, "coefficient"), f"{sa} and {sb}: no coefficient ({'; '.join(reasons)})", section)
    method, value, n, p = pair["method"], pair["value"], pair["n"], pair.get("p_value")
    name, symbol = COEFFICIENTS.get(method, method), SHORT.get(method, method)
    edges = _edges(t, symbol)
    if value is None:
        return _none(edges, f"{sa} and {sb}: {name} not computable ({n} complete rows or no spread)", section)
    signed = method == "spearman"
    direction = ask.qualifier if ask.qualifier in ("positive", "negative") else None
    if direction and not signed:
        return Evidence(round(value, 4), edges, None,
                        f"{sa} and {sb}: {symbol} {value:.2f} over {n} rows: a direction does not apply to "
                        f"{name} (a categorical column has no order); write the claim without '{direction}'",
                        anchor=section)
    accepted, claimed = _claimed(bands.CORRELATION, ask)
    band = bands.correlation_band(value, t)
    verdict = bands.verdict(band, accepted, bands.significance(p, t))
    if direction:
        claimed = f"{claimed}, {direction}" if not ask.negated else f"not {direction}: {claimed}"
        same = band == 0 or (value > 0) == (direction == "positive")
        verdict = _directed(verdict, same, ask)
    shown_value = f"{value:+.2f}" if signed else f"{value:.2f}"
    detail = (f"{sa} and {sb}: {symbol} {shown_value} over {n} rows, {bands.CORRELATION[band]}, {bands.fmt_p(p)} "
              f"(claimed: {claimed}; {edges})")
    threshold = f"{claimed} ({edges}); significant at p < {t['alpha']:g}"
    test = {"spearman": "t test of Spearman's rho", "cramers_v": "chi-squared test of independence",
            "eta": "Kruskal-Wallis test"}.get(method)
    return Evidence(round(value, 4), threshold, _holds(verdict), detail, bands.CORRELATION[band], p, test, verdict,
                    section)


def missing_together(a: str, b: str, facts: Mapping, t: Mapping, ask: Ask) -> Evidence:
    """Two columns' missing-value indicators: phi, its band, Fisher's or the chi-squared test."""
    cols = facts["columns"]
    sa, sb = shown(facts, a), shown(facts, b)
    edges = _edges(t, "phi")
    anchor = cols[a].get("anchor")
    accepted, claimed = _claimed(bands.CORRELATION, ask)
    for name, label in ((a, sa), (b, sb)):
        col = cols[name]
        if col["missing"] == 0 or col["count"] == 0:
            if col["missing"]:
                return _none(edges, f"{label} is entirely missing: going missing together cannot be judged", anchor)
            return Evidence(0, edges, False, f"{label} has no missing values, so it never goes missing with "
                            f"{sb if name == a else sa} (claimed: {claimed})", "negligible", None, None,
                            CONFIRMED if ask.negated else REFUTED, anchor)
    patterns = facts["dataset"].get("missing_patterns") or {}
    pair = next((p for p in patterns.get("pairs", []) if set(p["columns"]) == {a, b}), None)
    if pair is None:
        verdict = bands.verdict(0, accepted, True)
        return Evidence(0, edges, _holds(verdict), f"{sa} and {sb} are never missing in the same row (claimed: "
                        f"{claimed})", "negligible", None, None, verdict, anchor)
    phi, p = pair["phi"], pair.get("p_value")
    band = bands.correlation_band(phi, t) if phi > 0 else 0
    verdict = bands.verdict(band, accepted, bands.significance(p, t))
    ma, mb = cols[a]["missing"], cols[b]["missing"]
    detail = (f"{sa} and {sb}: missing together in {pair['both']} rows ({sa} missing in {ma}, {sb} in {mb}, of "
              f"{pair['n']}); phi {phi:+.2f}, {bands.CORRELATION[band]}, {bands.fmt_p(p)} (claimed: {claimed}; {edges})")
    threshold = f"{claimed} ({edges}); significant at p < {t['alpha']:g}"
    return Evidence(round(phi, 4), threshold, _holds(verdict), detail, bands.CORRELATION[band], p,
                    "Fisher's exact or chi-squared test of the missing-value indicators", verdict, anchor)

