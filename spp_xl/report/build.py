"""From the engine's Summary and the Inputs to the report's plain description (spec.py).

Every number printed comes from ``Summary`` (the engine); every sentence is the staff's
commentary where they wrote some, the engine's draft otherwise. Nothing here knows how
the report will be drawn.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from ..core.commentary import banner_wording, format_number
from ..core.count_checks import checked_rows
from ..core.engine import MeasureResult, Summary
from ..core.framework import framework
from ..core.partnership import partnership
from ..core.periods import MONTH_NAMES, AsOf, quarter_name
from ..core.inputs import Inputs
from . import describe
from .glance import glance
from .percent_page import percent_note, percent_table
from .top_group import with_top_group
from .spec import Banner, Bullets, Cell, Chart, Group, Paragraph, Report, Row, Series, Sheet, Spacer, Table

TITLE = "Performance Report"
COVER, CONTENTS, EXCEPTIONS, FAMILY, RECOMMENDATIONS, QUALITY = (
    "Cover", "Contents", "Exception items", "Family group", "Recommendations", "Data quality")
MEASURES = "Performance measures"  # a numbered section of one sheet a measure
TEXT_COLUMNS = ("margin", "text")
DATE_TO_CONFIRM = "date to be confirmed"
QUARTER_HEADINGS = {"Q1": "Q1 Apr-Jun", "Q2": "Q2 Jul-Sep", "Q3": "Q3 Oct-Dec", "Q4": "Q4 Jan-Mar"}
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def long_date(day: dt.date) -> str:
    """The meeting date as the cover prints it.

    >>> long_date(dt.date(2015, 7, 23))
    'Thursday 23 July 2015'
    """
    return f"{day:%A} {day.day} {day:%B %Y}"


def period_covered(as_of: AsOf) -> str:
    """The months a report covers, in words.

    >>> period_covered(AsOf.parse("2015/16 Jun"))
    'April to June 2015 (quarter one 2015/16)'
    >>> period_covered(AsOf.parse("2015/16 Jan"))
    'April 2015 to January 2016 (2015/16 to January)'
    """
    span = describe.months_covered(as_of.year.start, as_of.month_index)
    month = MONTH_NAMES[as_of.month_index]
    when = (f"{quarter_name(as_of.quarter - 1)} {as_of.year.label}" if as_of.is_quarter_end
            else f"{as_of.year.label} to {month}")
    return f"{span} ({when})"


def file_label(as_of: AsOf) -> str:
    """The part of the file name that says which report it is.

    >>> file_label(AsOf.parse("2015/16 Jun")), file_label(AsOf.parse("2015/16 Jul"))
    ('2015-16_Q1', '2015-16_Jul')
    """
    year = as_of.year.label.replace("/", "-")
    return f"{year}_Q{as_of.quarter}" if as_of.is_quarter_end else f"{year}_{as_of.month}"


def sheet_name(number: str, text: str) -> str:
    """A tab name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    return f"{number} {text}".translate(_SHEET_FORBIDDEN).strip()[:31].strip()


def staff_commentary(inputs: Inputs, measure_id: str) -> tuple[str, ...]:
    """The staff's sentences for a measure, one bullet each (``inputs.staff_sentences``)."""
    return inputs.commentary.get(measure_id, ())


def banner_text(result: MeasureResult, year_label: str) -> str:
    """The banner: the fixed phrase in capitals and, where there is one, the annual measure.

    e.g. ``SOME CONCERNS ABOUT PERFORMANCE IN THIS AREA (...) - (2015/16 performance
    measure - record at least 6,588 crimes)`` for the register's "record more than 6587 crimes".
    """
    phrase = result.judgement.upper()
    if result.rag in ("green", "amber", "red"):
        # Derived from the annual target, as the bullets quote it: one figure, in one form, a page.
        return f"{phrase} - ({year_label} performance measure - {banner_wording(result.measure)})"
    return phrase


def build_report(summary: Summary, inputs: Inputs, meeting_date: dt.date | None) -> Report:
    """The board report for ``summary``, made from ``inputs``, for the meeting on ``meeting_date``
    (None: the cover and footers say the date is to be confirmed; it is never invented)."""
    as_of = summary.as_of
    results = summary.results
    # Each measure's page prints its figures to the period the report is made to, not beyond.
    active = [dataclasses.replace(r, rows=r.reported_rows) for r in results if not r.measure.is_developing]
    numbers = section_numbers(inputs.family_group.has_data)
    names = {r.measure.id: sheet_name(f"{numbers[MEASURES]}.{k}", r.measure.id) for k, r in enumerate(active, 1)}
    date_text = long_date(meeting_date) if meeting_date else DATE_TO_CONFIRM
    period_text = period_covered(as_of)
    source = inputs.source if inputs.kind == "bundled" else Path(inputs.source).name
    sheets = [
        _cover(date_text, period_text, as_of, source),
        glance(summary, period_text),
        _contents(results, names, numbers),
        _exceptions(results, inputs, as_of),
        *([_family_group(inputs, numbers[FAMILY])] if FAMILY in numbers else []),
        *(with_top_group(_measure_sheet(r, names[r.measure.id], f"{numbers[MEASURES]}.{k}", as_of), r, as_of.year,
                         inputs.neighbourhoods) for k, r in enumerate(active, 1)),
        _recommendations(inputs, as_of, numbers[RECOMMENDATIONS]),
        _quality(summary, numbers[QUALITY]),
    ]
    return Report(
        partnership=partnership().name,
        title=TITLE,
        date_text=date_text,
        period_text=period_text,
        file_label=file_label(as_of),
        sheets=tuple(sheets),
        properties={
            "title": f"{partnership().name} {TITLE}: {period_text}",
            "subject": f"Board meeting: {date_text}",
            "author": partnership().name,
            "company": partnership().name,
            "keywords": f"performance, {as_of.year.label}, {as_of.label}",
            "comments": f"Figures as of {as_of.label}; source: {source}",
        },
    )


def _cover(date_text: str, period_text: str, as_of: AsOf, source: str) -> Sheet:
    return Sheet(COVER, TEXT_COLUMNS, (
        Spacer(4),
        Paragraph(partnership().name, "cover_partnership"),
        Spacer(1),
        Paragraph(TITLE, "cover_title"),
        Spacer(2),
        Paragraph(f"Board meeting: {date_text}", "cover_line"),
        Paragraph(f"Period covered: {period_text}", "cover_line"),
        Spacer(2),
        Paragraph(f"Figures as of {as_of.label}; source: {source}.", "small"),
    ))


def section_numbers(family_group: bool) -> dict:
    """The report's numbered sections in order; the family group's only when there are figures
    to chart (a page telling staff to paste them is no page for the board).

    >>> section_numbers(False)
    {'Exception items': 1, 'Performance measures': 2, 'Recommendations': 3, 'Data quality': 4}
    """
    sections = (EXCEPTIONS, *((FAMILY,) if family_group else ()), MEASURES, RECOMMENDATIONS, QUALITY)
    return {name: n for n, name in enumerate(sections, 1)}


def _contents(results, names: dict, numbers: dict) -> Sheet:
    blocks = [Paragraph("List of contents", "section"), Spacer(1),
              Paragraph(f"{numbers[EXCEPTIONS]}. Exception items", "contents_link", link=EXCEPTIONS)]
    if FAMILY in numbers:
        blocks.append(Paragraph(f"{numbers[FAMILY]}. Current family group position", "contents_link", link=FAMILY))
    blocks.append(Paragraph(f"{numbers[MEASURES]}. Performance measures:", "contents"))
    for r in results:
        if r.measure.is_developing:
            blocks.append(Paragraph(f"{r.measure.title} - to be reported at the next board", "contents_developing"))
        else:
            blocks.append(Paragraph(r.measure.title, "contents_item_link", link=names[r.measure.id]))
    blocks += [Paragraph(f"{numbers[RECOMMENDATIONS]}. Performance on strategic assessment recommendations",
                         "contents_link", link=RECOMMENDATIONS),
               Paragraph(f"{numbers[QUALITY]}. Data-quality notes", "contents_link", link=QUALITY),
               Spacer(1),
               Paragraph("To show how we are performing we use the Police and Crime Commissioner's "
                         "performance framework:", "wrap")]
    fw = framework()
    key = [Banner(rag, f"{fw.style(rag).label.upper()}: {fw.phrase(rag)}") for rag in ("green", "amber", "red", "monitor")]
    blocks.append(Group(tuple(key)))
    return Sheet(CONTENTS, TEXT_COLUMNS, tuple(blocks))


def _exceptions(results, inputs: Inputs, as_of: AsOf) -> Sheet:
    blocks = [Paragraph("1. Exception items", "section"),
              Paragraph("Key risks and performance issues, by exception, including any highlighted by chairs "
                        "of delivery groups", "subsection"),
              Spacer(1)]
    developing = []
    for r in results:
        if r.measure.is_developing:
            developing.append(r.measure.title)
            continue
        bullets = staff_commentary(inputs, r.measure.id) or r.commentary
        blocks.append(Group((
            Paragraph(r.measure.title, "measure_title"),
            Banner(r.rag, banner_text(r, as_of.year.label)),
            Spacer(1),  # the first bullet would otherwise sit on the banner's edge
            Bullets(tuple(bullets)),
            Spacer(1),
        )))
    if developing:
        blocks.append(Group((
            Paragraph("Measures being developed", "measure_title"),
            Banner("none", framework().developing.upper()),
            Spacer(1),  # the same gap before the bullets as every item's
            Bullets(tuple(f"{title}: no data yet." for title in developing)),
        )))
    return Sheet(EXCEPTIONS, TEXT_COLUMNS, tuple(blocks))


def _family_group(inputs: Inputs, number: int) -> Sheet:
    fg = inputs.family_group
    heading = Paragraph(f"{number}. Current family group position", "section")
    periods = tuple(fg.periods) or tuple(f"Period {i + 1}" for i in range(len(fg.rows[0].rates)))
    header = Row((Cell("", "text"), Cell("Partnership", "header_left"),
                  *(Cell(p, "header") for p in periods)))
    rows = tuple(
        Row((Cell("", "text"), Cell(row.partnership, "row_label_strong" if row.is_us else "row_label"),
             *(Cell(v, "number_strong" if row.is_us else "number", "value:2") for v in _pad(row.rates, len(periods)))),
            key="us" if row.is_us else "")
        for row in fg.rows)
    charts = []
    for i, period in enumerate(periods):
        values = tuple(_pad(row.rates, len(periods))[i] for row in fg.rows)
        if all(v is None for v in values):
            continue
        roles = tuple("family_group_us" if row.is_us else "family_group_others" for row in fg.rows)
        chart = Chart(f"iQuanta most similar group: crimes per 1,000 residents, all crime, {period}",
                      tuple(row.partnership for row in fg.rows),
                      (Series(period, values, "family_group_others", "column", roles),),
                      y_title="Crimes per 1,000 residents", size="family_group", format="value:2")
        charts.append(dataclasses.replace(chart, description=describe.family_chart(chart)))
    blocks = [heading, Spacer(1)]
    for chart in charts:  # the charts first: they are what the board looks at
        blocks += [chart, Spacer(1)]
    blocks += [Paragraph("The figures behind the charts, as pasted from iQuanta:", "wrap"),
               Table((header,), rows, key="family_group")]
    return Sheet(FAMILY, ("margin", "fg_name", *("fg_rate" for _ in periods)), tuple(blocks))


def _pad(values, n):
    values = list(values)[:n]
    return values + [None] * (n - len(values))


def _measure_sheet(r: MeasureResult, name: str, number: str, as_of: AsOf) -> Sheet:
    m, rows = r.measure, r.rows
    if m.is_counts:  # a percentage: its counts, the year to date pooled, the level (percent_page)
        table, chart = percent_table(r, as_of)
        return _measure_page(r, name, number, as_of, table, percent_note(r), chart)
    this, last = as_of.year, as_of.year.previous()
    value = f"value:{m.precision}"
    signed = f"signed:{m.precision}"
    monthly = m.frequency == "monthly"
    headings = rows.periods if monthly else tuple(QUARTER_HEADINGS[p] for p in rows.periods)
    header = Row((Cell(m.table_title or m.title, "header_left"),
                  *(Cell(f"Out-turn {fy.short}", "header") for fy, _ in rows.outturns),
                  *(Cell(h, "header") for h in headings)), key="header")
    blank3 = tuple(Cell(None, "number_outturn") for _ in range(3))

    def row(key, label, values, fmt=value, lead=blank3, strong=False):
        style = "number_strong" if strong else "number"
        return Row((Cell(label, "row_label_strong" if strong else "row_label"), *lead,
                    *(Cell(v, style, fmt) for v in values)), key=key)

    outturns = tuple(Cell(v, "number_outturn", value) for _, v in rows.outturns)
    body = [row("last_year", f"Actual {last.label}", rows.last_year, lead=outturns),
            row("this_year", f"Actual {this.label}", rows.this_year)]
    if rows.profile is not None:
        body.append(row("target", f"Target {this.label}", rows.profile))
    body += [row("last_cumulative", f"Cumulative {last.label}", rows.last_cumulative),
             row("this_cumulative", f"Cumulative {this.label}", rows.this_cumulative, strong=True),
             row("change", f"Change on {last.label}", [None if c is None else c[0] for c in rows.change], signed),
             row("pct_change", f"% change on {last.label}",
                 [None if c is None else c[1] for c in rows.change], "percent")]
    series = [Series(f"Cumulative {this.label}", tuple(rows.this_cumulative), "this_year", "column")]
    if rows.profile is not None:
        series.append(Series(f"Target {this.label}", tuple(rows.profile), "target", "line"))
    series.append(Series(f"Cumulative {last.label}", tuple(rows.last_cumulative), "last_year", "line"))
    chart = Chart(f"Cumulative {this.label} against {'the target profile and ' if rows.profile else ''}{last.label}",
                  tuple(rows.periods), tuple(series), y_title=m.counted, format=value)
    chart = dataclasses.replace(chart, description=describe.measure_chart(
        chart, m.table_title or m.title, m.counted, this.start, m.precision, rate=m.unit == "rate"))
    return _measure_page(r, name, number, as_of, Table((header,), tuple(body), key=m.id), _measure_note(r), chart)


def _measure_page(r: MeasureResult, name: str, number: str, as_of: AsOf, table: Table, note: str,
                  chart: Chart) -> Sheet:
    """A measure's page: its title, banner, table, the line under it and its chart."""
    m = r.measure
    period = "month" if m.frequency == "monthly" else "quarter"
    columns = ("label", "outturn", "outturn", "outturn", *(period for _ in m.periods))
    return Sheet(name, columns, (
        Paragraph(f"{number} {m.title}", "measure_title"),
        Banner(r.rag, banner_text(r, as_of.year.label)),
        table,
        Paragraph(note, "note"),
        Spacer(1),
        chart,
    ), freeze_label=True, measure_id=m.id)


def _measure_note(r: MeasureResult) -> str:
    """One line under the table: the forecast behind the judgement, how the profile was
    made, and where the figures come from."""
    m, p = r.measure, r.measure.precision
    parts = []
    against = (f" against the annual target of {format_number(m.annual_target, p)}"
               if m.annual_target is not None and not m.is_monitoring else "")
    if r.is_year_end:  # no forecast: the year's own figure
        parts.append(f"Out-turn {format_number(r.ytd_actual, p)}{against}.")
    elif r.forecast is not None:
        method = "following last year's shape" if r.forecast_method == "last_year_shape" else "straight line"
        parts.append(f"Year-end forecast {format_number(r.forecast, p)} ({method}){against}.")
    if r.rows is not None and r.rows.profile_method:
        parts.append(f"Target profile: {r.rows.profile_method}.")
    if r.lagging and r.period:
        parts.append(f"Figures to {r.period} only (data lag).")
    if m.source:
        parts.append(f"Source: {m.source}.")
    return " ".join(parts)


def _recommendations(inputs: Inputs, as_of: AsOf, number: int) -> Sheet:
    heading = Paragraph(f"{number}. Performance on key strategic recommendations from the {as_of.year.previous().label} "
                        f"strategic assessment", "section")
    columns = ("rec_number", "rec_text", "rec_progress", "rec_status")
    if not inputs.recommendations:
        return Sheet(RECOMMENDATIONS, columns, (heading, Spacer(1),
                                                Paragraph("No recommendations were entered.", "note")))
    header = Row((Cell("No.", "header"), Cell("Recommendation", "header_left"), Cell("Progress", "header_left"),
                  Cell("Status", "header")), key="header")
    rows = tuple(Row((Cell(rec.number, "cell_center", "value:0"), Cell(rec.text, "cell"), Cell(rec.progress, "cell"),
                      Cell(rec.status.capitalize(), "cell_center")), key=str(rec.number))
                 for rec in inputs.recommendations)
    return Sheet(RECOMMENDATIONS, columns, (
        heading,
        Paragraph(f"The agreed key strategic recommendations for the {partnership().name}, with progress and status.", "wrap"),
        Table((header,), rows, repeat_header=True, key="recommendations"),
    ))


def _quality(summary: Summary, number: int) -> Sheet:
    heading = Paragraph(f"{number}. Data-quality notes", "section")
    columns = ("q_measure", "q_year", "q_period", "q_note")
    # Figures confirmed by the analyst first: the board should know which far-out figures are real.
    warnings = sorted((f for f in summary.findings if f.severity == "warning"), key=lambda f: not f.confirmed)
    confirmed = sum(f.confirmed for f in warnings)
    if not warnings:
        return Sheet(QUALITY, columns, (heading, Spacer(1),
                                        Paragraph("The checks found nothing to query in the figures.", "wrap")))
    # a finding about a percentage's count names the measure and the count ("... (victims surveyed)")
    titles = {row.id: row.title for m in summary.register for row in (m, *checked_rows(m))} \
        if summary.register is not None else {}
    header = Row((Cell("Measure", "header_left"), Cell("Year", "header"), Cell("Period", "header"),
                  Cell("What the checks found", "header_left")), key="header")
    rows = tuple(Row((Cell(titles.get(f.measure, f.measure), "cell"), Cell(f.year or "", "cell_center"),
                      Cell(f.period or "", "cell_center"),
                      Cell(f.message + (f" [{f.where}]" if f.where else ""), "cell")))
                 for f in warnings)
    return Sheet(QUALITY, columns, (
        heading,
        Paragraph("The checks raised these warnings about the figures: read the numbers they touch with them "
                  "in mind." + _confirmed_sentence(confirmed), "wrap"),
        Table((header,), rows, repeat_header=True, key="quality"),
    ))


def _confirmed_sentence(count: int) -> str:
    if not count:
        return ""
    one = count == 1
    return (f" {count} figure{'' if one else 's'} far from what {'its' if one else 'their'} neighbours and last year "
            f"suggest {'was' if one else 'were'} confirmed by the analyst as right: listed first.")
