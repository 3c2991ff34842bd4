"""Calibration of raw measures into set membership, as R's ``QCA::calibrate`` (direct method).

* crisp: one or more cut points; the level of x is the number of cut points at or below it
  (R's ``findInterval``), so one cut point gives 0/1 and more give a multi-value set;
* fuzzy, three thresholds (e, c, i): the logistic function through the anchors, with R's default
  inclusion degree ``idm = 0.95`` at the anchors; decreasing when e > i;
* fuzzy, three thresholds, ``logistic=False``: R's piecewise power ("linear" when above = below = 1);
* fuzzy, six thresholds (e1, c1, i1, i2, c2, e2): R's bell-shaped (or trough-shaped) set, piecewise.
Fuzzy scores below 0.0001 become 0 and above 0.9999 become 1, exactly as R rounds them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from . import errors
from .errors import QCAError

Thresholds = Sequence[float] | Mapping[str, float]

_NAMES3 = ("e", "c", "i")
_NAMES6 = ("e1", "c1", "i1", "i2", "c2", "e2")
# all.equal()'s default tolerance, which R's calibrate uses to decide that x sits on an anchor.
_ALL_EQUAL_TOL = 1.5e-8


def parse_thresholds(text: str) -> list[float] | dict[str, float]:
    """``"e=350,c=550,i=900"`` (named) or ``"550,850"`` (plain), R's ``splitstr`` style."""
    if text is None or not str(text).strip():
        raise QCAError(errors.THRESHOLDS_MISSING)
    parts = [part.strip() for part in str(text).split(",") if part.strip()]
    named = [("=" in part) for part in parts]
    if any(named) and not all(named):
        raise QCAError(errors.THRESHOLDS_NOT_NUMERIC.format(text))
    try:
        if all(named):
            pairs = [part.split("=", 1) for part in parts]
            return {name.strip(): float(value) for name, value in pairs}
        return [float(part) for part in parts]
    except ValueError:
        raise QCAError(errors.THRESHOLDS_NOT_NUMERIC.format(text)) from None


def _ordered(thresholds: Thresholds, names: tuple[str, ...]) -> list[float]:
    # R reorders named thresholds only when every name is one it knows; otherwise position rules.
    if isinstance(thresholds, Mapping):
        if set(thresholds) == set(names) and len(thresholds) == len(names):
            return [float(thresholds[name]) for name in names]
        return [float(v) for v in thresholds.values()]
    return [float(v) for v in thresholds]


def _all_equal(x: float, y: float) -> bool:
    scale = abs(x)
    difference = abs(x - y)
    if scale > _ALL_EQUAL_TOL:
        difference /= scale
    return difference < _ALL_EQUAL_TOL


def _at_or_below(x: float, threshold: float) -> bool:
    return x < threshold or _all_equal(x, threshold)


def calibrate(
    x: Sequence[float],
    *,
    type: str = "fuzzy",  # noqa: A002 - R's argument name
    thresholds: Thresholds,
    logistic: bool = True,
    idm: float = 0.95,
    below: float = 1,
    above: float = 1,
) -> list[float] | list[int]:
    values = [float(v) for v in x]
    if isinstance(thresholds, int | float):  # R accepts a single cut point as a bare number
        thresholds = [thresholds]
    if type not in ("crisp", "fuzzy"):
        raise QCAError(errors.CALIBRATION_TYPE.format(type))
    if thresholds is None or len(thresholds) == 0:
        raise QCAError(errors.THRESHOLDS_MISSING)
    if type == "crisp":
        return _crisp(values, thresholds)
    if len(thresholds) not in (3, 6):
        raise QCAError(errors.THRESHOLDS_COUNT_FUZZY)
    if not 0.5 < idm < 1:
        raise QCAError(errors.IDM_RANGE)
    if len(thresholds) == 3:
        scores = _fuzzy3(values, _ordered(thresholds, _NAMES3), logistic, idm, below, above)
    else:
        scores = _fuzzy6(values, _ordered(thresholds, _NAMES6), below, above)
    return [0.0 if s < 0.0001 else 1.0 if s > 0.9999 else s for s in scores]


def _crisp(values: list[float], thresholds: Thresholds) -> list[int]:
    if isinstance(thresholds, Mapping):
        raise QCAError(errors.THRESHOLDS_NAMED_CRISP)
    cuts = sorted(float(t) for t in thresholds)
    if values and any(t < min(values) or t > max(values) for t in cuts):
        raise QCAError(errors.THRESHOLDS_OUTSIDE)
    return [sum(1 for t in cuts if t <= v) for v in values]


def _fuzzy3(values, thresholds, logistic, idm, below, above) -> list[float]:
    th_ex, th_cr, th_in = thresholds
    if logistic:
        decreasing = thresholds[0] > thresholds[2]
        if decreasing:
            th_ex, th_in = thresholds[2], thresholds[0]
        log_odds = math.log(idm / (1 - idm))
        scores = []
        for x in values:
            # Same grouping of the arithmetic as R, so that the doubles agree to the last bits.
            if x < th_cr:
                exponent = 1 * (x - th_cr) * log_odds / (th_ex - th_cr)
            else:
                exponent = -1 * (x - th_cr) * log_odds / (th_in - th_cr)
            scores.append(1 / (1 + _exp(exponent)))
        return [1 - s for s in scores] if decreasing else scores
    if len({th_ex, th_cr, th_in}) < 3:
        raise QCAError(errors.THRESHOLDS_EQUAL)
    if above <= 0 or below <= 0:
        raise QCAError(errors.ABOVE_BELOW_POSITIVE)
    increasing = not (th_in < th_cr < th_ex)
    scores = []
    for x in values:
        if increasing:
            if _at_or_below(x, th_ex):
                s = 0.0
            elif _at_or_below(x, th_cr):
                s = (((th_ex - x) / (th_ex - th_cr)) ** below) / 2
            elif _at_or_below(x, th_in):
                s = 1 - (((th_in - x) / (th_in - th_cr)) ** above) / 2
            else:
                s = 1.0
        else:
            if _at_or_below(x, th_in):
                s = 1.0
            elif _at_or_below(x, th_cr):
                s = 1 - (((th_in - x) / (th_in - th_cr)) ** above) / 2
            elif _at_or_below(x, th_ex):
                s = (((th_ex - x) / (th_ex - th_cr)) ** below) / 2
            else:
                s = 0.0
        scores.append(s)
    return scores


def _fuzzy6(values, thresholds, below, above) -> list[float]:
    ex1, cr1, in1, in2, cr2, ex2 = thresholds
    if cr1 < min(ex1, in1) or cr1 > max(ex1, in1):
        raise QCAError(errors.FIRST_CROSSOVER)
    if cr2 < min(ex2, in2) or cr2 > max(ex2, in2):
        raise QCAError(errors.SECOND_CROSSOVER)
    increasing = not (in1 < cr1 < ex1 and ex1 <= ex2 and ex2 < cr2 < in2)
    some_equal = len({ex1, cr1, in1}) < 3 or len({in2, cr2, ex2}) < 3 or cr1 == cr2
    some_equal = some_equal or (ex1 == ex2 if increasing else in1 == in2)
    if some_equal:
        raise QCAError(errors.THRESHOLDS_EQUAL)
    if above <= 0 or below <= 0:
        raise QCAError(errors.ABOVE_BELOW_POSITIVE)
    scores = []
    for x in values:
        if increasing:  # 0 .. 1 .. 0: a bell
            if _at_or_below(x, ex1):
                s = 0.0
            elif _at_or_below(x, cr1):
                s = (((ex1 - x) / (ex1 - cr1)) ** below) / 2
            elif x < in1:
                s = 1 - (((in1 - x) / (in1 - cr1)) ** above) / 2
            elif _at_or_below(x, in2):
                s = 1.0
            elif _at_or_below(x, cr2):
                s = 1 - (((in2 - x) / (in2 - cr2)) ** above) / 2
            elif _at_or_below(x, ex2):
                s = (((ex2 - x) / (ex2 - cr2)) ** below) / 2
            else:
                s = 0.0
        else:  # 1 .. 0 .. 1: a trough
            if _at_or_below(x, in1):
                s = 1.0
            elif _at_or_below(x, cr1):
                s = 1 - (((in1 - x) / (in1 - cr1)) ** above) / 2
            elif x < ex1:
                s = (((ex1 - x) / (ex1 - cr1)) ** below) / 2
            elif _at_or_below(x, ex2):
                s = 0.0
            elif _at_or_below(x, cr2):
                s = (((ex2 - x) / (ex2 - cr2)) ** below) / 2
            elif _at_or_below(x, in2):
                s = 1 - (((in2 - x) / (in2 - cr2)) ** above) / 2
            else:
                s = 1.0
        scores.append(s)
    return scores


def _exp(value: float) -> float:
    # R's exp() overflows to Inf, and 1 / (1 + Inf) is 0; Python raises instead.
    try:
        return math.exp(value)
    except OverflowError:
        return math.inf
