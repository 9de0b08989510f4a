"""Percentages made of counts: "85 of 110 victims surveyed were satisfied".

A percent measure's figures are two counts a period: the numerator (victims satisfied) and
the denominator (victims surveyed). A period's percentage is its numerator over its
denominator. The year to date is pooled, the numerators' sum over the denominators', never
a sum or an average of the periods' percentages: 45 of 50 (90%) in quarter one and 40 of 60
(66.7%) in quarter two are 85 of 110, 77.3%, where the average of the two percentages
would say 78.3%. Last year's is made the same way, and the change on last year is in
percentage points.

The target is a level (85%), the same at every period: there is no profile and no forecast
of a sum; the year-to-date percentage is judged against the level (the tolerance band a
fraction of the level), and at the year end the out-turn is. Percentages of few people
move a lot by chance: below ``min_base`` people in the year-to-date denominator (30 unless
the register says) the measure is not judged, and every year-to-date percentage carries
its 95% Wilson interval, the range chance alone could put it in.

The arithmetic is the rules of ``spp_xl.core.rules`` (``percent``, ``interval_low``,
``interval_high``, ``judged``), evaluated here and rendered as native formulas by the
workbook: one definition for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist
from typing import Sequence

from . import arithmetic as ar
from .rules import RULES, evaluate

# The fewest people in a percentage's year-to-date denominator it is judged on, unless the
# register's min_base says otherwise.
MIN_BASE = 30
# The judgement rules that judge a sum over the year (a forecast, a profile, last year's total
# so far); a percentage is judged on its level (rule "level").
SUM_RULES = ("forecast", "same_period", "straight_line")
CONFIDENCE = 0.95
Z = NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)  # 1.96: the interval's half-width in standard errors


def percent(numerator: float | None, denominator: float | None) -> float | None:
    """The percentage two counts make; None where either is missing or the denominator is 0.

    >>> round(percent(85, 110), 1), percent(3, 0), percent(None, 10)
    (77.3, None, None)
    """
    return evaluate(RULES["percent"], {"numerator": numerator, "denominator": denominator})


def interval(numerator: float | None, denominator: float | None) -> tuple[float, float] | None:
    """The 95% Wilson interval of a percentage of counts, in percent; None where it has none.

    Wilson's interval stays within 0 to 100 and is honest for small counts and for
    percentages near 0 or 100, where the textbook "p +/- 1.96 standard errors" is not.

    >>> [round(v, 1) for v in interval(85, 110)]
    [68.6, 84.1]
    """
    env = {"numerator": numerator, "denominator": denominator, "z": Z}
    low, high = evaluate(RULES["interval_low"], env), evaluate(RULES["interval_high"], env)
    return None if low is None or high is None else (low, high)


@dataclass(frozen=True)
class Counts:
    """One year's counts of a percent measure, period by period (None where not typed)."""

    numerator: tuple
    denominator: tuple

    def _paired(self) -> tuple[list, list]:
        """The counts of the periods that have both; a period with one alone is not used
        (the checks say so)."""
        both = [n is not None and d is not None for n, d in zip(self.numerator, self.denominator)]
        return ([n if ok else None for n, ok in zip(self.numerator, both)],
                [d if ok else None for d, ok in zip(self.denominator, both)])

    @property
    def cumulative(self) -> tuple[list, list]:
        """(numerators, denominators) to date, period by period; a period without both counts
        leaves every later total unknown."""
        numerators, denominators = self._paired()
        return ar.cumulative(numerators), ar.cumulative(denominators)

    @property
    def percents(self) -> list:
        """Each period's own percentage."""
        return [percent(n, d) for n, d in zip(*self._paired())]

    @property
    def pooled(self) -> list:
        """The year-to-date percentage at each period: the counts to date pooled."""
        return [percent(n, d) for n, d in zip(*self.cumulative)]

    @property
    def intervals(self) -> list:
        """The 95% interval of the year-to-date percentage at each period (None where it has none)."""
        return [interval(n, d) for n, d in zip(*self.cumulative)]

    def total(self) -> tuple[float, float] | None:
        """The year's counts, when every period has both."""
        numerators, denominators = self._paired()
        n, d = ar.year_total(numerators, len(numerators)), ar.year_total(denominators, len(denominators))
        return None if n is None or d is None else (n, d)

    def alone(self, first: int, last: int) -> tuple[float, float] | None:
        """The counts of periods ``first`` to ``last`` together (a quarter alone), when all are in."""
        numerators, denominators = self._paired()
        n, d = numerators[first:last + 1], denominators[first:last + 1]
        if any(v is None for v in n + d):
            return None
        return ar.year_total(n, len(n)), ar.year_total(d, len(d))


@dataclass(frozen=True)
class PercentFigures:
    """What a percent measure's judgement rests on, at the period reported: the year-to-date
    counts, last year's at the same period, the interval and the base needed."""

    numerator: float
    denominator: float
    last_numerator: float | None
    last_denominator: float | None
    interval: tuple[float, float] | None
    needed: int

    @property
    def judged(self) -> bool:
        """Whether enough people are counted to judge on (``rules.RULES["judged"]``)."""
        return bool(evaluate(RULES["judged"], {"ytd_denominator": self.denominator, "min_base": self.needed}))


def figures_at(this: Counts, last: Counts, index: int, needed: int) -> PercentFigures:
    """The year to date at period ``index`` (known in this year's counts)."""
    numerators, denominators = this.cumulative
    last_numerators, last_denominators = last.cumulative
    n, d = numerators[index], denominators[index]
    return PercentFigures(n, d, last_numerators[index], last_denominators[index], interval(n, d), needed)


def percent_entry_problems(unit: str, status: str, target, own: set, fields: dict) -> list[tuple[str, str]]:
    """What is wrong with a register entry's percentage fields, as (field, message).

    A percentage is made of counts and judged on its level, so nothing that sums the year (a
    profile, a forecast) applies to it. A measure still being developed is held to that when
    it is made active (its row may carry what an older workbook wrote for every measure).

    Args:
        unit, status, target: the entry's, as read.
        own: the fields the entry itself gives (not the register's [defaults]).
        fields: the rest of the entry, as read (entry, rule, numerator, denominator).
    """
    found = []
    if unit != "percent":
        if fields["entry"] == "counts":
            found.append(("entry", "field 'entry': 'counts' is for a percentage made of two counts "
                                   "(unit = \"percent\")"))
        if fields["rule"] == "level":
            found.append(("rule", "field 'rule': 'level' is for a percentage (unit = \"percent\"); a count or a "
                                  "rate is judged by forecast, same_period or straight_line"))
        found += [(f, f"field '{f}': is for a percentage made of counts (unit = \"percent\", entry = \"counts\")")
                  for f in ("numerator", "denominator", "min_base") if f in own]
        return found
    if status != "active":
        return found
    if fields["entry"] != "counts":
        given = f" (not {fields['entry']!r})" if "entry" in own else ""
        found.append(("entry", f"field 'entry': a percent measure is entered as counts{given}: write entry = "
                               "\"counts\", with numerator and denominator, so that its year to date is pooled "
                               "from the counts, never a sum or an average of percentages"))
    for field, example in (("numerator", "victims satisfied"), ("denominator", "victims surveyed")):
        if not fields[field]:
            found.append((field, f"field '{field}': is required for a percent measure: the words for who is "
                                 f"counted in it, e.g. \"{example}\""))
    for field in ("profile", "custom_profile"):
        if field in own:
            found.append((field, f"field '{field}': a percent measure's target is a level, the same at every "
                                 "period, so it has no profile: leave it empty"))
    if "rule" in own and fields["rule"] in SUM_RULES:
        found.append(("rule", f"field 'rule': {fields['rule']!r} judges a sum over the year; a percent measure "
                              "is judged on its year-to-date percentage against its level: leave rule empty "
                              "(or write \"level\")"))
    problem = None if target is None else level_problem(target)
    if problem:
        found.append(("annual_target", f"field 'annual_target': {problem}"))
    return found


def level_problem(level: float) -> str | None:
    """Why a percent measure's target cannot be ``level``, or None. A level is written in
    percent: above 100 it is no percentage; above nought and below 1 it is a percentage typed
    as a fraction (85% typed into a cell Excel formats as a percentage holds 0.85), which would
    judge 90% against 0.85% and call it on target.

    >>> level_problem(85), level_problem(850)[:26], level_problem(0.85)[:48]
    (None, '850 is not a percentage: a', '0.85 looks like a percentage typed as a fraction')
    """
    if level > 100:
        return f"{level:g} is not a percentage: a percent measure's target is a level from 0 to 100 (85 for 85%)"
    if 0 < level < 1:
        return (f"{level:g} looks like a percentage typed as a fraction ({level * 100:g}% typed into a cell formatted "
                f"as a percentage holds {level:g}): a percent measure's level is written in percent, 85 for 85%")
    return None


def counts_of(series_numerator: dict, series_denominator: dict, periods: Sequence[str]) -> Counts:
    """A year's Counts from the two series of a dataset (period -> value)."""
    return Counts(tuple(series_numerator.get(p) for p in periods), tuple(series_denominator.get(p) for p in periods))
