"""The report's arithmetic, on plain lists of numbers.

A row of the year is a list with one slot per period; ``None`` stands for a period
not yet reported (never zero: a blank is not a nought). Every function here is pure
and is also what the Excel custom functions call.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Sequence

from .numbers import round_half_up

Row = Sequence[float | None]


def tidy(value: float | None, precision: int) -> float | int | None:
    """Rounds half up (``numbers.round_half_up``) to the measure's precision; whole counts
    come back as ints."""
    if value is None:
        return None
    rounded = round_half_up(float(value), precision)
    return int(rounded) if precision == 0 else rounded


def _quantum(precision: int) -> Decimal:
    return Decimal(1).scaleb(-precision)


def _check_direction(direction: str) -> None:
    if direction not in ("increase", "reduce"):
        raise ValueError(f"direction must be increase or reduce, not {direction!r}")


def straight_profile(annual_target: float, periods: int, direction: str, precision: int = 0) -> list[float]:
    """The straight-line cumulative target profile with stretch rounding.

    The step is the annual target divided by the number of periods, rounded to the
    target's precision in the stretching direction (up to increase, down to reduce);
    period k gets k steps, never more than the annual target, and the last period the
    annual target itself.

    >>> straight_profile(10064, 12, "reduce")[:3]
    [838, 1676, 2514]
    >>> straight_profile(2666, 4, "increase")
    [667, 1334, 2001, 2666]
    """
    _check_direction(direction)
    if periods < 1:
        raise ValueError("periods must be at least 1")
    target = Decimal(str(annual_target))
    rounding = ROUND_CEILING if direction == "increase" else ROUND_FLOOR
    step = (target / periods).quantize(_quantum(precision), rounding=rounding)
    # Rounding up can overshoot a small target (1 over 4 quarters steps 1, 2, 3...): cap it.
    profile = [min(step * k, target) for k in range(1, periods)] + [target]
    return [tidy(float(v), precision) for v in profile]


def seasonal_profile(annual_target: float, last_year_cumulative: Row, precision: int = 0) -> list[float]:
    """The annual target shaped like last year's cumulative row.

    Period k gets ``target x last_year_cum[k] / last_year_total``, rounded half-up to the
    precision; the last period gets the target itself.
    """
    if not last_year_cumulative or any(v is None for v in last_year_cumulative):
        raise ValueError("a seasonal profile needs last year's figures for every period")
    total = Decimal(str(last_year_cumulative[-1]))
    if total <= 0:
        raise ValueError("a seasonal profile needs last year's total above zero")
    target = Decimal(str(annual_target))
    shaped = [
        (target * Decimal(str(v)) / total).quantize(_quantum(precision), rounding=ROUND_HALF_UP)
        for v in last_year_cumulative[:-1]
    ]
    return [tidy(float(v), precision) for v in shaped + [target]]


def cumulative(values: Row) -> list[float | None]:
    """Running totals; a missing period makes every later total unknown."""
    out, total = [], 0.0
    for value in values:
        if value is None or total is None:
            total = None
        else:
            total += value
        out.append(total)
    return [None if v is None else _clean(v) for v in out]


def periods_from_ytd(ytd: Row) -> list[float | None]:
    """Period figures from year-to-date ones (the first period is its own YTD)."""
    out = []
    for i, value in enumerate(ytd):
        before = 0.0 if i == 0 else ytd[i - 1]
        out.append(None if value is None or before is None else _clean(value - before))
    return out


def as_entered(entered: Row, entry: str) -> tuple[list[float | None], list[float | None]]:
    """(period figures, cumulative) of a row as it was entered: ``period`` or ``ytd``."""
    if entry == "ytd":
        return periods_from_ytd(entered), list(entered)
    return list(entered), cumulative(entered)


def entered_total(entered: Row, entry: str) -> float | None:
    """The year's total from a row as entered: the last YTD figure, or the sum of the periods
    (None unless every period is there)."""
    if entry == "ytd":
        return entered[-1] if entered else None
    return year_total(entered, len(entered))


def _clean(value: float) -> float:
    """Drops binary noise from sums of decimals (6.9 + 6.6 -> 13.5, not 13.499999)."""
    return round(value, 9)


def change(this_year: Row, last_year: Row) -> list[tuple[float, float | None] | None]:
    """Change on the same period last year: (count, fraction) per period.

    None where either year has no figure (a period not yet reported is blank, never
    -100%); the fraction is None where last year's figure is zero.
    """
    out = []
    for now, before in zip(this_year, last_year):
        if now is None or before is None:
            out.append(None)
        else:
            out.append((_clean(now - before), None if before == 0 else (now - before) / before))
    return out


def year_total(values: Row, periods: int) -> float | None:
    """The sum of a year's period figures, or None unless every period is present."""
    if len(values) != periods or any(v is None for v in values):
        return None
    return _clean(sum(values))


def latest_index(values: Row) -> int | None:
    """Index of the last period holding a figure, or None for an empty row."""
    for i in range(len(values) - 1, -1, -1):
        if values[i] is not None:
            return i
    return None


def forecast(ytd: float, elapsed: int, periods: int, last_outturn: float | None = None,
             last_ytd: float | None = None) -> tuple[float, str]:
    """Year-end forecast and the method used.

    With last year's out-turn and its YTD at the same period: ``ytd x out-turn / last
    YTD`` (this year follows last year's shape). Otherwise straight-line:
    ``ytd x periods / elapsed``.

    >>> round(forecast(2527, 3, 12, 10065, 2713)[0])
    9375
    """
    if last_outturn is not None and last_ytd:
        return ytd * last_outturn / last_ytd, "last_year_shape"
    if elapsed < 1:
        raise ValueError("elapsed periods must be at least 1")
    return ytd * periods / elapsed, "straight_line"


def shortfall(value: float, target: float, direction: str) -> float:
    """How far ``value`` falls short of ``target`` in the measure's bad direction, as a
    fraction of the target: above zero is worse than target, zero or below is on target."""
    _check_direction(direction)
    if target == 0:
        raise ZeroDivisionError("the target to compare with is zero")
    gap = (target - value) if direction == "increase" else (value - target)
    return gap / abs(target)


def rag(shortfall_fraction: float, tolerance: float) -> str:
    """green when on target, amber within the tolerance, red beyond it."""
    if shortfall_fraction <= 1e-12:
        return "green"
    if shortfall_fraction <= tolerance + 1e-12:
        return "amber"
    return "red"


def gap_ranking(crimes: Sequence[float], populations: Sequence[float]) -> list[int]:
    """The neighbourhoods' positions from the highest crime rate to the lowest; a tie keeps
    the order given (so names given in alphabetical order settle ties by name).

    >>> gap_ranking([5, 30, 10], [1000, 1000, 2000])
    [1, 0, 2]
    """
    return sorted(range(len(crimes)), key=lambda i: crimes[i] / populations[i], reverse=True)


def crime_gap(crimes: Sequence[float], populations: Sequence[float], n: int = 10) -> float:
    """The crime gap: the rate per 1,000 of the ``n`` neighbourhoods with the highest
    rates taken together, minus the city's rate (all neighbourhoods together).

    >>> round(crime_gap([50, 10, 10], [1000, 1000, 1000], n=1), 2)
    26.67
    """
    if len(crimes) != len(populations):
        raise ValueError(f"{len(crimes)} crime figures but {len(populations)} populations")
    if not crimes:
        raise ValueError("no neighbourhoods given")
    if n < 1:
        raise ValueError("n must be at least 1")
    if any(p is None or p <= 0 for p in populations):
        raise ValueError("every neighbourhood needs a population above zero")
    if any(c is None or c < 0 for c in crimes):
        raise ValueError("crime counts must be numbers of zero or more")
    pairs = [(crimes[i], populations[i]) for i in gap_ranking(crimes, populations)[:n]]
    top_rate = 1000 * sum(c for c, _ in pairs) / sum(p for _, p in pairs)
    city_rate = 1000 * sum(crimes) / sum(populations)
    return top_rate - city_rate
