"""The outlier rule of the checks: how far a period's figure is from what its neighbours
and last year suggest.

Two references for period ``i``: what the neighbouring periods suggest, each shaped by
last year (``neighbour x last year's period i / last year's neighbour``, averaged), and
last year's period ``i`` at this year's level (``x`` this year's other periods over the
same periods last year; last year's figure itself while no other period is in).

A figure is *far* from a reference when it is more than ``outlier_ratio`` times it or
less than its ``1/outlier_ratio`` part and, for counts, also outside the count's own
noise: on the square-root scale a Poisson count's standard deviation is one
(``2 sqrt(count)``), so ``|2 sqrt(value) - 2 sqrt(reference)|`` is in standard
deviations, widened by the noise the reference carries (it is made of counts too), and a
small count (49 where 40 was expected) is not queried for what chance alone does to it.
A figure far from both references the same way is flagged. So is a figure of four digits
or more well off both whose two adjacent digits swapped would bring it in line (a
transposition), and, as a warning, the latest figure well below both (a data lag?). The
thresholds are in ``templates/judgement.toml``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from statistics import NormalDist
from typing import Sequence

LEVEL_VARIANCE = 0.01  # a year's level is used once its counts make it good to about 10%


@dataclass(frozen=True)
class Reference:
    """What a figure is compared with: the value, the variance it carries on the
    square-root scale if its figures are counts, and how it was made."""

    value: float
    spread: float
    sides: int = 0  # neighbours: 2 both, -1 the one before, 1 the one after; last year: 0
    level: float | None = None  # last year: the level it was scaled by (None: not scaled)


@dataclass(frozen=True)
class Flag:
    """A period figure the rule queries.

    ``pair``: a year-to-date figure whose next period is far the other way (the typed
    running total is what is wrong, not two periods). ``lag``: the latest figure, well
    below both but not far: later figures may not be in (a warning, not an error).
    ``swapped``: the typed figure with two adjacent digits swapped, which would fit.
    """

    index: int
    direction: int  # +1 above, -1 below
    neighbours: Reference
    last_year: Reference
    last_year_figure: float
    pair: bool = False
    lag: bool = False
    swapped: float | None = None
    misfit: float = 0.0  # the swapped figure's distance from the expected one, over the typed one's


def beyond_noise(value: float, expected: float, noise: float, spread: float = 0.0) -> bool:
    """Whether a count is further from the expected one than Poisson noise allows."""
    gap = abs(2 * math.sqrt(max(value, 0.0)) - 2 * math.sqrt(max(expected, 0.0)))
    return gap > noise * math.sqrt(1.0 + spread)


def noise_chance(noise: float) -> float:
    """The chance a count lands ``noise`` standard deviations or more from its mean, either way:
    what the checks call too unlikely for chance (0.27% for 3, about 1 in 370).

    >>> round(noise_chance(3.0), 4)
    0.0027
    """
    return 2 * (1 - NormalDist().cdf(noise))


def repeat_chance(count: float, run: int) -> float:
    """The chance that a Poisson count comes out the same ``run`` times running, at its most
    likely: the mean taken as the count itself (the most generous reading). A count of 15 three
    times running: about 1 in 95; 150: 1 in 940; 1,632: 1 in 10,300.

    >>> round(1 / repeat_chance(15, 3)), round(1 / repeat_chance(1632, 3), -2)
    (95, 10300.0)
    """
    if count <= 0:
        return 1.0
    once = count * math.log(count) - count - math.lgamma(count + 1)  # log P(X = count) for X ~ Poisson(count)
    return math.exp(once * (run - 1))


def far(value: float, expected: float, count: bool, ratio: float, noise: float, spread: float = 0.0) -> int:
    """+1 when ``value`` is far above ``expected``, -1 far below, 0 when it is not far.

    >>> far(9300, 876, True, 3.0, 3.0), far(49, 40, True, 3.0, 3.0), far(1, 15, True, 3.0, 3.0)
    (1, 0, -1)
    """
    if expected <= 0:  # a negative value is far below: a rate's year to date fell (a count's cannot)
        return 0
    if value > expected * ratio:
        direction = 1
    elif value < expected / ratio:
        direction = -1
    else:
        return 0
    if count and not beyond_noise(value, expected, noise, spread):
        return 0
    return direction


def relative(value: float, reference: float) -> str:
    """How a figure compares with another, in words: '60% above', '10.6 times', '11% of'."""
    r = value / reference + 0.0  # never "-0% of"
    if r >= 2:
        return f"{r:.1f} times"
    if r > 1:
        return f"{r - 1:.0%} above"
    if r == 1:
        return "level with"
    if r > 0.5:
        return f"{1 - r:.0%} below"
    return f"{r:.0%} of"


def _relative_variance(*counts: float) -> float:
    return sum(1 / max(x, 1.0) for x in counts)


def neighbours_reference(values: Sequence, last_year: Sequence, i: int) -> Reference | None:
    """What the neighbouring periods suggest for period ``i``, each shaped by last year."""
    # A neighbour in error for another reason (a fraction, a duplicate) is still a fair guide;
    # a negative one (a falling year to date) is not.
    shaped, sides, variances = [], [], []
    for j in (i - 1, i + 1):
        if 0 <= j < len(values) and values[j] is not None and values[j] >= 0 \
                and j < len(last_year) and last_year[j]:
            estimate = values[j] * last_year[i] / last_year[j]
            shaped.append(estimate)
            sides.append(j - i)
            variances.append(estimate ** 2 * _relative_variance(values[j], last_year[i], last_year[j]))
    expected = sum(shaped) / len(shaped) if shaped else 0.0
    if expected <= 0:
        return None
    return Reference(expected, sum(variances) / len(shaped) ** 2 / expected, 2 if len(sides) == 2 else sides[0])


def last_year_reference(values: Sequence, last_year: Sequence, i: int, count: bool) -> Reference:
    """Last year's period ``i`` at this year's level, measured on the periods not next to ``i``
    (a mistyped running total moves two periods); last year's figure itself while the level
    is too uncertain to use (fewer than two such periods, or counts too small: a level's
    relative variance is ``1/this total + 1/last total``)."""
    others = [j for j, v in enumerate(values) if abs(j - i) > 1 and v is not None and v >= 0
              and j < len(last_year) and last_year[j]]
    this_total, last_total = sum(values[j] for j in others), sum(last_year[j] for j in others)
    if len(others) < 2 or this_total <= 0 or last_total <= 0 \
            or (count and _relative_variance(this_total, last_total) > LEVEL_VARIANCE):
        return Reference(last_year[i], 1.0 if count else 0.0)
    level = this_total / last_total
    value = last_year[i] * level
    return Reference(value, value * _relative_variance(last_year[i], this_total, last_total), level=level)


def _swaps(typed: float | None) -> list[float]:
    """A whole four-digit figure with two adjacent (different) digits swapped."""
    if typed is None or not 1000 <= typed < 10000 or typed != int(typed):
        return []
    text = str(int(typed))
    return [float(text[:i] + text[i + 1] + text[i] + text[i + 2:]) for i in range(len(text) - 1)
            if text[i] != text[i + 1]]


def _transposed(i: int, values: Sequence, typed: Sequence, last_year: Sequence, ytd: bool,
                reference: Reference, fw) -> tuple[float, float, float] | None:
    """(expected, swapped, misfit) when the figure typed for period ``i`` is well off both
    references (by more than ``transposed_off``), the same way, and two of its digits swapped
    would bring it within ``transposed_fit`` of its distance from one of them, and within
    twice ``transposed_off`` of it (9,300 where 876 is expected is not "3,900 swapped")."""
    value, before, expected = values[i], 0.0, None
    if ytd:  # the running total between its neighbours, shared out as last year shared it
        before = typed[i - 1] if i > 0 else 0.0
        after = typed[i + 1] if i + 1 < len(typed) else None
        if before is None:
            return None
        if after is not None and i + 1 < len(last_year) and last_year[i + 1]:
            expected = (after - before) * last_year[i] / (last_year[i] + last_year[i + 1])
    if expected is None:
        near = neighbours_reference(values, last_year, i)
        expected = near.value if near else None
    if not expected or expected <= 0:
        return None
    off, off_last = value / expected - 1, value / reference.value - 1
    if min(abs(off), abs(off_last)) <= fw.transposed_off or off * off_last <= 0:
        return None
    # The swap must bring the figure close to one of the references (each may be pulled by
    # an unusual month of its own): within a part of the typed figure's distance from it, and
    # near it.
    misfit = min(((abs(v - before - ref) / abs(value - ref), v) for v in _swaps(typed[i])
                  for ref in (expected, reference.value)
                  if abs(v - before - ref) <= 2 * fw.transposed_off * ref), default=None)
    if misfit is None or misfit[0] > fw.transposed_fit:
        return None
    return expected, misfit[1], misfit[0]


def outlier_flags(values: Sequence, last_year: Sequence, skip: set, count: bool, ytd: bool, fw,
                  typed: Sequence | None = None) -> list[Flag]:
    """The period figures of a year the rule queries, in period order.

    Args:
        values: the year's period figures (derived from year-to-date ones for a ytd measure).
        last_year: last year's period figures, None where unknown or unusable.
        skip: indexes of figures already in error (one fault gives one finding).
        count: the measure counts things (the Poisson allowance applies).
        ytd: figures were typed year to date: a far period followed by one far the other
            way is one wrong typed figure, flagged once (``pair``).
        fw: the framework (``outlier_ratio``, ``outlier_noise``, ``lag_drop``,
            ``transposed_off``, ``transposed_fit``).
        typed: the figures as typed (year to date for a ytd measure); default ``values``.
    """
    typed = values if typed is None else typed
    known = [i for i, v in enumerate(values) if v is not None]
    latest = known[-1] if known else None
    raw = {}
    for i, value in enumerate(values):
        ly = last_year[i] if i < len(last_year) else None
        if value is None or i in skip or not ly or ly <= 0:
            continue
        near = neighbours_reference(values, last_year, i)
        if near is None:
            continue
        year = last_year_reference(values, last_year, i, count)
        direction = far(value, near.value, count, fw.outlier_ratio, fw.outlier_noise, near.spread)
        transposed = _transposed(i, values, typed, last_year, ytd, year, fw)
        flag = Flag(i, direction, near, year, ly)
        if direction and far(value, year.value, count, fw.outlier_ratio, fw.outlier_noise, year.spread) == direction:
            raw[i] = replace(flag, swapped=transposed and transposed[1])
        elif transposed:
            raw[i] = replace(flag, direction=1 if value > transposed[0] else -1, pair=ytd and i != latest,
                             swapped=transposed[1], misfit=transposed[2])
        elif (i == latest and value < near.value * (1 - fw.lag_drop) and value < year.value * (1 - fw.lag_drop)
              and (not count or beyond_noise(value, near.value, fw.outlier_noise, near.spread))):
            raw[i] = replace(flag, direction=-1, lag=True)
    flags, taken = [], set()
    for i in sorted(raw):
        if i in taken:
            continue
        flag, after = raw[i], raw.get(i + 1)
        if ytd and flag.pair and after is not None and after.swapped is not None and after.misfit < flag.misfit:
            continue  # one mistyped running total moves two periods: the better-fitting swap names it
        if ytd and (flag.pair or (after is not None and not (flag.lag or after.lag)
                                  and after.direction == -flag.direction)):
            flag = replace(flag, pair=True)
            taken.add(i + 1)
        flags.append(flag)
    return flags
