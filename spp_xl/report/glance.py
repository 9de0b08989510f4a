"""The quarter at a glance: one page after the cover, a row a measure.

Each measure's year to date, target to date, year-end forecast (the out-turn at the year
end), annual target, judgement in its colour, and its direction of travel on the same
period last year: an arrow, the change, and in words whether that is better or worse for
that measure (for a measure to reduce, down is better), coloured to match; the colour is
never the only sign (WCAG 2.1, 1.4.1). Monitoring-only and developing
measures are marked as such. Arrows are characters (Calibri and Carlito both draw them),
so Excel and LibreOffice's PDF show the same page.
"""

from __future__ import annotations

from ..core.commentary import format_percent
from ..core.engine import MeasureResult, Summary
from ..core.framework import framework
from ..core.numbers import format_number, round_half_up
from .spec import Cell, Paragraph, Row, Sheet, Spacer, Table

GLANCE = "At a glance"
COLUMNS = ("g_measure", "g_period", "g_figure", "g_figure", "g_figure", "g_figure", "g_judgement", "g_travel")
UP, DOWN, LEVEL = "\u25b2", "\u25bc", "\u25ba"
BETTER, WORSE, NO_CHANGE = "better", "worse", "no change"
KEY = (f"{UP} {DOWN} the year to date against the same period last year, and whether that is {BETTER} or {WORSE} "
       "for the measure (for a measure to reduce, down is better): green where better, red where worse.")


def glance(summary: Summary, period_text: str) -> Sheet:
    """The page: a heading, the table of every measure, and the arrows' key."""
    judged = [r for r in summary.results if r.period is not None]
    ended = [r.is_year_end for r in judged]
    outturn = "Out-turn" if ended and all(ended) else "Out-turn (or forecast)" if any(ended) else "Year-end forecast"
    header = Row(tuple(Cell(text, "header_left" if i == 0 else "header") for i, text in enumerate(
        ("Measure", "Period", "Year to date", "Target to date", outturn,
         "Annual target", "Judgement", "On last year"))), key="header")
    rows = tuple(_row(r) for r in summary.results)
    return Sheet(GLANCE, COLUMNS, (
        Paragraph(f"The quarter at a glance: {period_text}", "section"),
        Paragraph("Every measure at the latest period with figures: judged as on its page, with its direction "
                  "of travel on last year.", "wrap"),
        Spacer(1),
        Table((header,), rows, key="glance"),
        Spacer(1),
        Paragraph(KEY, "note"),
    ))


def _row(r: MeasureResult) -> Row:
    m = r.measure
    title = Cell(m.title, "glance_title")
    if m.is_developing:
        return Row((title, *(Cell(None, "glance_note") for _ in range(5)),
                    Cell("Being developed", "glance_judgement", rag="none"),
                    Cell("at the next board", "glance_note")), key=m.id)
    value = f"{'level' if m.is_counts else 'value'}:{m.precision}"  # a percentage shows as one

    def figure(v):
        return Cell(round_half_up(v, m.precision), "glance_number", value)

    monitoring = Cell("no target", "glance_note")
    outturn = r.ytd_actual if r.is_year_end else r.forecast
    period = f"{r.period} (lag)" if r.lagging and r.period else r.period or ""
    cells = [title, Cell(period, "glance_center"), figure(r.ytd_actual),
             monitoring if m.is_monitoring else figure(r.ytd_target),
             figure(outturn),
             monitoring if m.is_monitoring else figure(m.annual_target),
             Cell(_judged(r), "glance_judgement", rag=r.rag),
             travel(r)]
    return Row(tuple(cells), key=m.id)


def _judged(r: MeasureResult) -> str:
    """The judgement's label; a percentage of too few people says so, and how many it has."""
    if r.not_judged:
        return f"Not judged: {format_number(r.counts.denominator)} so far, {format_number(r.counts.needed)} needed"
    return framework().style(r.rag).label


def travel(r: MeasureResult) -> Cell:
    """The arrow, the change on the same period last year (a percentage's in points), and
    whether it is better or worse, in words and in the colour that matches them (a percentage
    of too few people to judge: neither)."""
    if r.change is None:
        return Cell("no figure last year", "glance_level")
    if r.change == 0:
        return Cell(f"{LEVEL} {NO_CHANGE}", "glance_level")
    up = r.change > 0
    m = r.measure
    lower_is_better = m.direction == "reduce" or (m.direction == "monitor" and m.better_when == "lower")
    worse = up == lower_is_better
    size = "" if r.pct_change is None else f" {format_percent(r.pct_change)}"
    size = f" {format_number(abs(r.change), m.precision)} pts" if m.is_counts else size  # percentage points
    if r.not_judged:  # too few people to say better or worse: the change alone, with no colour
        return Cell(f"{UP if up else DOWN}{size} {'up' if up else 'down'}", "glance_level")
    return Cell(f"{UP if up else DOWN}{size} {'up' if up else 'down'}: {WORSE if worse else BETTER}",
                "glance_worse" if worse else "glance_better")
