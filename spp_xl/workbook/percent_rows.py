"""A percentage made of counts on its measure sheet: the rows, key figures and workings the
schema (``measure_schema``) gives a measure with ``unit = "percent"`` and ``entry = "counts"``.

Its figures are two counts a year, typed (``last_num``, ``last_den``, ``this_num``,
``this_den``: the figures of ``<id>.numerator`` and ``<id>.denominator``, last year's rows
holding the out-turns' counts too); from them, each period's percentage (``last_year``,
``this_year``, last year's with the out-turns' percentages), the counts to date
(``last_cum_num``...), the year to date pooled (``last_cum``, ``this_cum``: the keys the key
figures read, whatever the unit), the change in percentage points (``points``) and the year
to date's 95% interval (``ytd_low``, ``ytd_high``); the formulas are ``core.rules``' own
(``percent``, ``interval_low``, ``interval_high``, ``judged``), rendered natively.
"""

from __future__ import annotations

from typing import Callable

from ..core.dataset import COUNT_PARTS
from ..core.periods import FinancialYear
from ..core.register import Measure
from . import measure_formulas as F
from .measure_entries import CHANGE, FIGURE, Figure, TableRow, calculated, counted, tidy_or_blank
from .schema import Allowed
from .spec import COUNT_FORMAT


def counts_allowed(series: str) -> Callable[[Measure], Allowed]:
    """What a percentage's count cells take: whole numbers of people from 0."""
    def allowed(measure: Measure) -> Allowed:
        words = (measure.numerator if series == "numerator" else measure.denominator) or series
        return Allowed("whole", minimum=0, prompt=f"a whole number of {words} from 0 (a count, never a percentage); "
                       "blank until known.",
                       error=f"The counts are whole numbers of {words} from 0: type the number of people alone (no "
                             "words, no decimals, no %), or leave the cell blank until it is known.")
    return allowed


def _people(series: str, offset: int, to_date: bool = False) -> Callable[[Measure, FinancialYear], str]:
    """A count's label, in the register's words: "Victims surveyed 2015 - 2016", "... to date 15/16"."""
    def label(m: Measure, year: FinancialYear) -> str:
        words = (m.numerator if series == "numerator" else m.denominator) or series
        fy = year.previous(-offset)
        return f"{words[:1].upper()}{words[1:]} " + (f"to date {fy.short}" if to_date else f"{fy.start} - {fy.start + 1}")
    return label


def count_row(offset: int, series: str) -> TableRow:
    """A percentage's count, typed: ``last_num`` is last year's numerator."""
    return TableRow(f"{'last' if offset else 'this'}_{series[:3]}", _people(series, offset), counted, year=offset,
                    series=series, num=COUNT_FORMAT, applies=counted, allowed=counts_allowed(series))


def count_to_date_row(offset: int, series: str) -> TableRow:
    """A percentage's count to date, from both counts typed (``this_cum_den``)."""
    year = "last" if offset else "this"
    part = COUNT_PARTS.index(series)
    return TableRow(f"{year}_cum_{series[:3]}", _people(series, offset, to_date=True), calculated, year=offset,
                    num=COUNT_FORMAT, applies=counted, values=lambda c: c.rows.counts[-offset].cumulative[part],
                    formula=F.paired_total(f"{year}_{series[:3]}", f"{year}_{COUNT_PARTS[1 - part][:3]}",
                                           f"{year}_cum_{series[:3]}"))


def percentage_row(offset: int) -> TableRow:
    """A percentage's own percentage each period (``last_year``, ``this_year``); last year's
    with the out-turns' percentages."""
    year = "last" if offset else "this"
    last = dict(outturns=lambda c: [v for _, v in c.rows.outturns], outturn_formula=F.outturn_percent) if offset else {}
    return TableRow(f"{year}_year", lambda m, y: f"Percentage {y.previous(-offset).start} - "
                                                 f"{y.previous(-offset).start + 1}", calculated, year=offset,
                    applies=counted, values=lambda c: c.rows.last_year if offset else c.rows.this_year,
                    formula=F.period_percent(f"{year}_num", f"{year}_den"), **last)


def pooled_row(offset: int) -> TableRow:
    """A percentage's year to date, pooled from the counts to date (``last_cum``, ``this_cum``)."""
    year = "last" if offset else "this"
    return TableRow(f"{year}_cum", lambda m, y: f"Year to date % {y.previous(-offset).short}", calculated,
                    year=offset, applies=counted,
                    values=lambda c: c.rows.last_cumulative if offset else c.rows.this_cumulative,
                    formula=F.period_percent(f"{year}_cum_num", f"{year}_cum_den"))


def interval_row(end: int, rule: str) -> TableRow:
    """The year to date's 95% interval, its low (``ytd_low``) or high end."""
    key = "ytd_low" if end == 0 else "ytd_high"
    return TableRow(key, lambda m, y: f"95% interval {'from' if end == 0 else 'to'} {y.short}", calculated,
                    applies=counted, formula=F.interval(rule),
                    values=lambda c: [None if i is None else i[end] for i in c.rows.counts[0].intervals])


POINTS = TableRow("points", lambda m, year: f"Change on {year.previous().short} (points)", calculated, num=CHANGE,
                  applies=counted, values=lambda c: [None if x is None else x[0] for x in c.rows.change],
                  formula=F.points)


def _counts_to_date(ctx, part: str):
    """The year to date's numerator or denominator, at the period reported (blank before one is)."""
    counts = ctx.result.counts
    return "" if counts is None else tidy_or_blank(getattr(counts, part))


def _interval_at(ctx, end: int):
    counts = ctx.result.counts
    return "" if counts is None or counts.interval is None else counts.interval[end]


# After every measure's key figures, so that the others keep their places: the counts the year to
# date is pooled from, and that year to date's 95% interval.
KEY_FIGURES: tuple[Figure, ...] = (
    Figure("ytd_numerator", "Numerator to date", lambda c: _counts_to_date(c, "numerator"),
           F.at_reported("this_cum_num"), num=COUNT_FORMAT, applies=counted),
    Figure("ytd_denominator", "Base to date", lambda c: _counts_to_date(c, "denominator"),  # the denominator
           F.at_reported("this_cum_den"), num=COUNT_FORMAT, applies=counted),
    Figure("ytd_low", "95% interval from", lambda c: _interval_at(c, 0), F.at_reported("ytd_low"), num=FIGURE,
           applies=counted),
    Figure("ytd_high", "95% interval to", lambda c: _interval_at(c, 1), F.at_reported("ytd_high"), num=FIGURE,
           applies=counted),
)
# The fewest people the year to date is judged on, and whether it has them (``rules.RULES["judged"]``).
WORKINGS: tuple[Figure, ...] = (
    Figure("min_base", "Fewest to judge on", lambda c: c.measure.base_needed, F.field("min_base"), style="work",
           num=COUNT_FORMAT, applies=counted),
    Figure("judged", "Enough to judge", lambda c: c.result.counts is not None and c.result.counts.judged,
           lambda c: c.rule("judged"), style="work", applies=counted),
)
