"""The crime gap's page: the neighbourhoods of the top group, their rates, and which joined or
left it since the previous quarter.

The gap compares "the 10 neighbourhoods with the highest crime rates" with the city; the
board sees which they are only where ``spp-xl police`` wrote them (the workbook's
Neighbourhoods sheet, ``Inputs.neighbourhoods``). A gap typed by hand has none, and its
page is as before. The list is shown only when the neighbourhoods give the gap the page
reports; where they do not (the gap typed over since), the page says so instead.
"""

from __future__ import annotations

from dataclasses import replace

from ..core.engine import MeasureResult
from ..core.neighbourhoods import gap_of, joined_and_left, month_of
from ..core.numbers import format_number, round_half_up
from ..core.periods import MONTH_NAMES, MONTHS, FinancialYear
from .spec import Cell, Group, Paragraph, Row, Sheet, Spacer, Table


def with_top_group(sheet: Sheet, result: MeasureResult, year: FinancialYear, neighbourhoods) -> Sheet:
    """``sheet`` (a measure's page, of ``year``) with its top group after it, where there is one."""
    blocks = top_group_blocks(result, year, neighbourhoods)
    return replace(sheet, blocks=sheet.blocks + blocks) if blocks else sheet


def previous_quarter(year: FinancialYear, period: str) -> tuple[FinancialYear, str]:
    """The last quarter's end before ``period``: ``Jun`` for Jul to Sep, last year's ``Mar`` for Apr to Jun.

    >>> previous_quarter(FinancialYear(2015), "Sep"), previous_quarter(FinancialYear(2015), "Jun")
    ((FinancialYear(start=2015), 'Jun'), (FinancialYear(start=2014), 'Mar'))
    """
    index = MONTHS.index(period) // 3 * 3 - 1
    return (year, MONTHS[index]) if index >= 0 else (year.previous(), MONTHS[11])


def top_group_blocks(result: MeasureResult, year: FinancialYear, neighbourhoods) -> tuple:
    """The blocks listing the top group at the month of ``year`` that ``result`` reports; ()
    where the measure has no neighbourhoods for that month."""
    m, period = result.measure, result.period
    if not neighbourhoods or period not in MONTHS or result.ytd_actual is None:
        return ()
    now = month_of(neighbourhoods, m.id, year, period)
    if not now or not any(f.top for f in now):
        return ()
    month = MONTH_NAMES[MONTHS.index(period)]
    span = "April" if period == "Apr" else f"April to {month}"
    given = round_half_up(gap_of(now), m.precision)
    if given != round_half_up(result.ytd_actual, m.precision):
        return (Spacer(1), Paragraph(
            f"The neighbourhoods' figures for {month} (the Neighbourhoods sheet) give a gap of "
            f"{format_number(given, m.precision)}, not the {format_number(result.ytd_actual, m.precision)} reported: "
            "the list of the top group is left out until they agree (run spp-xl police again).", "note"),)
    top = [f for f in now if f.top]
    before_year, before_period = previous_quarter(year, period)
    before = month_of(neighbourhoods, m.id, before_year, before_period)
    since = f"{MONTH_NAMES[MONTHS.index(before_period)]}" + (f" {before_year.label}" if before_year != year else "")
    joined, left = joined_and_left(now, before) if before else ([], [])
    header = Row((Cell("Neighbourhood", "header_left"), Cell("Rank", "header"), Cell(f"Crimes, {span}", "header"),
                  Cell("Residents", "header"), Cell("Crimes per 1,000", "header"),
                  Cell(f"Since {since}", "header")), key="header")
    rows = [Row((Cell(f.neighbourhood, "row_label"), Cell(f.rank, "number", "value:0"),
                 Cell(f.crimes, "number", "value:0"), Cell(f.residents, "number", "value:0"),
                 Cell(f.rate, "number", "value:2"),
                 Cell("joined" if f.neighbourhood in joined else ("" if before else "-"), "number")),
                key=f.neighbourhood) for f in top]
    crimes, people = sum(f.crimes for f in top), sum(f.residents for f in top)
    all_crimes, all_people = sum(f.crimes for f in now), sum(f.residents for f in now)
    rows.append(Row((Cell(f"The {len(top)} together", "row_label_strong"), Cell(None, "number"),
                     Cell(crimes, "number_strong", "value:0"), Cell(people, "number_strong", "value:0"),
                     Cell(round_half_up(1000 * crimes / people, 2), "number_strong", "value:2"),
                     Cell(None, "number")), key="top_group"))
    rows.append(Row((Cell("The whole city", "row_label_strong"), Cell(None, "number"),
                     Cell(all_crimes, "number_strong", "value:0"), Cell(all_people, "number_strong", "value:0"),
                     Cell(round_half_up(1000 * all_crimes / all_people, 2), "number_strong", "value:2"),
                     Cell(None, "number")), key="city"))
    rows.append(Row((Cell(f"The gap: the {len(top)} less the city", "row_label_strong"),
                     *(Cell(None, "number") for _ in range(3)),
                     Cell(given, "number_strong", f"value:{m.precision}"), Cell(None, "number")), key="gap"))
    return (Spacer(1), Group((  # kept on one page: the list is read as a whole
        Paragraph(f"The {len(top)} neighbourhoods with the highest crime rates, {span} {_calendar_year(year, period)}",
                  "measure_title"),
        Table((header,), tuple(rows), key=f"{m.id}_top_group"),
        Paragraph(_changes_sentence(joined, left, now, since, bool(before), len(top)), "note"),
    )))


def _calendar_year(year: FinancialYear, period: str) -> int:
    return year.start + (1 if MONTHS.index(period) >= 9 else 0)


ROUNDING = "Rates are rounded to two places; the gap is worked out from the crimes and residents themselves."


def _changes_sentence(joined: list, left: list, now, since: str, compared: bool, size: int) -> str:
    if not compared:
        return (f"No neighbourhood figures for {since} to compare with: who joined or left the group is not shown. "
                + ROUNDING)
    if not joined and not left:
        return f"The same {size} neighbourhoods as at {since}. {ROUNDING}"
    rank = {f.neighbourhood: f for f in now}
    parts = []
    if joined:
        parts.append(f"Joined since {since}: {', '.join(joined)}.")
    if left:
        gone = [f"{n} (now {_ordinal(rank[n].rank)}, {rank[n].rate:.2f} per 1,000)" if n in rank else n for n in left]
        parts.append(f"Left since {since}: {', '.join(gone)}.")
    return " ".join(parts + [ROUNDING])


def _ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``11th``, ``22nd``.

    >>> [_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
