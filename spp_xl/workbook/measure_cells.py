"""Where a measure sheet's typed cells are, from its schema (``measure_schema.TABLE``): each
figure's cell, which the Figures table reads and the Checks sheet names, and the workbook-level
names of the typed rows."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.periods import ANNUAL, FinancialYear
from ..core.register import Measure
from . import layout as L
from .measure_schema import FIRST_PERIOD_COL, OUTTURN_COLS, number, outturn_rows, rows_of, series_id, table


@dataclass(frozen=True)
class TypedCell:
    """A cell staff type a figure in, where the builder puts it: the figure's id (the measure's,
    or ``<id>.<series>``), its year and period (``Year`` for an out-turn), its row and column."""

    figure: str
    series: str
    year: FinancialYear
    period: str
    row: str
    col: int
    num: str | None = None  # its number format


def typed_cells(measure: Measure, year: FinancialYear) -> list[TypedCell]:
    """Every typed cell of the measure's sheet, in the order the reader reads them: the
    out-turns, oldest first, then each typed row's periods."""
    cells = [TypedCell(series_id(measure, row.series), row.series, fy, ANNUAL, row.key, col, number(row.num, measure))
             for row in outturn_rows(measure) for col, fy in zip(OUTTURN_COLS, year.outturn_years())]
    for row in table(measure):
        if row.typed(measure):
            cells += [TypedCell(series_id(measure, row.series), row.series, year.previous(-row.year), period, row.key,
                                FIRST_PERIOD_COL + k, number(row.num, measure)) for k, period in enumerate(measure.periods)]
    return cells


def figure_places(register, sheet_names: dict, contexts: dict) -> dict[tuple[str, str, str], str]:
    """Where each figure goes in the workbook being built: (figure id, year, period) -> ``sheet
    'asb', cell H13``, for every typed cell of every measure sheet (``contexts``: the sheets'
    ``MeasureContext``, by measure id)."""
    places = {}
    for measure in register:
        ctx = contexts[measure.id]
        for cell in typed_cells(measure, ctx.year):
            places[(cell.figure, cell.year.label, cell.period)] = (
                f"sheet '{sheet_names[measure.id]}', cell {L.cell(ctx.at[cell.row], cell.col)}")
    return places


def names(measure: Measure) -> dict[str, str]:
    """The workbook-level names of a measure sheet's typed ranges: ``asb_this_year`` for a typed
    row, ``asb_outturns`` for the out-turns (a percentage's, each count's: ``sat_this_num``,
    ``sat_numerator_outturns``)."""
    at, last = rows_of(measure), FIRST_PERIOD_COL + len(measure.periods) - 1
    found = {f"{measure.id}_{row.key}": L.span(at[row.key], FIRST_PERIOD_COL, last, True)
             for row in table(measure) if row.typed(measure)}
    for row in outturn_rows(measure):  # a percentage's: asb_victim_satisfaction_numerator_outturns
        name = "_".join(part for part in (measure.id, row.series, "outturns") if part)
        found[name] = L.span(at[row.key], OUTTURN_COLS[0], OUTTURN_COLS[-1], True)
    return found
