"""A percent measure's page: the counts the percentages are made of, each period's percentage,
the year to date pooled from the counts, the level it is judged against, the change in
percentage points, and a chart of the year to date against the level and last year.

The page shows the counts beside every percentage, so the board sees how many people each
rests on; the line under the table gives the year to date's counts, its 95% interval and the
base it is judged from.
"""

from __future__ import annotations

import dataclasses

from ..core.engine import MeasureResult
from ..core.numbers import format_number
from ..core.percent_words import interval_text
from ..core.periods import AsOf
from . import describe
from .spec import Cell, Chart, Row, Series, Table

QUARTER_HEADINGS = {"Q1": "Q1 Apr-Jun", "Q2": "Q2 Jul-Sep", "Q3": "Q3 Oct-Dec", "Q4": "Q4 Jan-Mar"}


def percent_table(r: MeasureResult, as_of: AsOf) -> tuple[Table, Chart]:
    """The table and chart of a percent measure's page."""
    m, rows = r.measure, r.rows
    this, last = as_of.year, as_of.year.previous()
    this_counts = rows.counts[0]
    level, counts, signed = f"level:{m.precision}", "value:0", f"signed:{m.precision}"
    headings = rows.periods if m.frequency == "monthly" else tuple(QUARTER_HEADINGS[p] for p in rows.periods)
    header = Row((Cell(m.table_title or m.title, "header_left"),
                  *(Cell(f"Out-turn {fy.short}", "header") for fy, _ in rows.outturns),
                  *(Cell(h, "header") for h in headings)), key="header")
    blank3 = tuple(Cell(None, "number_outturn") for _ in range(3))

    def row(key, label, values, fmt=level, lead=blank3, strong=False, wrap=False):
        style = "number_strong" if strong else "number"
        labelled = "row_label_strong" if strong else "row_label_wrap" if wrap else "row_label"
        return Row((Cell(label, labelled), *lead,
                    *(Cell(v, style, fmt) for v in values)), key=key)

    outturns = tuple(Cell(v, "number_outturn", level) for _, v in rows.outturns)
    # This year's counts and percentages between last year's year to date (with the out-turns)
    # and this year's; last year's counts are quoted in the commentary. Seven rows, as a count's
    # page has, so that the page keeps to one printed page.
    body = [row("last_cumulative", f"Year to date % {last.label}", rows.last_cumulative, lead=outturns),
            row("this_denominator", f"{_words(m.denominator)} {this.label}", this_counts.denominator, counts,
                wrap=True),
            row("this_numerator", f"{_words(m.numerator)} {this.label}", this_counts.numerator, counts, wrap=True),
            row("this_year", f"% {this.label}", rows.this_year)]
    if rows.profile is not None:
        body.append(row("target", f"Target {this.label} (level)", rows.profile))
    body += [row("this_cumulative", f"Year to date % {this.label}", rows.this_cumulative, strong=True),
             row("change", f"Change on {last.label} (points)", [None if c is None else c[0] for c in rows.change],
                 signed)]
    series = [Series(f"Year to date % {this.label}", tuple(rows.this_cumulative), "this_year", "column")]
    if rows.profile is not None:
        series.append(Series(f"Target {this.label}", tuple(rows.profile), "target", "line"))
    series.append(Series(f"Year to date % {last.label}", tuple(rows.last_cumulative), "last_year", "line"))
    chart = Chart(f"Year to date % {this.label} against {'the target and ' if rows.profile else ''}{last.label}",
                  tuple(rows.periods), tuple(series), y_title=f"% of {m.denominator}", format=level)
    chart = dataclasses.replace(chart, description=describe.measure_chart(
        chart, m.table_title or m.title, f"of {m.denominator}", this.start, m.precision, percent=True))
    return Table((header,), tuple(body), key=m.id), chart


def _words(text: str) -> str:
    return text[:1].upper() + text[1:] if text else ""


def percent_note(r: MeasureResult) -> str:
    """The line under a percent measure's table: the year to date's counts, its interval, the
    level and the base it is judged from, and the source."""
    m, c, p = r.measure, r.counts, r.measure.precision
    parts = []
    if c is not None and r.ytd_actual is not None:
        what = "Out-turn" if r.is_year_end else "Year to date"
        parts.append(f"{what} {format_number(r.ytd_actual, p)}%: {format_number(c.numerator)} {m.numerator} of "
                     f"{format_number(c.denominator)} {m.denominator}, pooled from the counts (never an average of "
                     "the periods' percentages).")
        if c.interval is not None:
            parts.append(f"95% interval {interval_text(c.interval, p)}.")
    if m.annual_target is not None:
        level = f"{format_number(m.annual_target, p)}%"
        parts.append(f"The level watched: {level} (monitoring only)." if m.is_monitoring else
                     f"Judged against the level of {level}, the target at every period.")
    parts.append(f"Not judged while fewer than {format_number(m.base_needed)} {m.denominator} are counted in the "
                 "year to date.")
    if r.lagging and r.period:
        parts.append(f"Figures to {r.period} only (data lag).")
    if m.source:
        parts.append(f"Source: {m.source}.")
    return " ".join(parts)
