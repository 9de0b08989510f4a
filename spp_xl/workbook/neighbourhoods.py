"""The Neighbourhoods sheet: the neighbourhoods behind the crime gap, as ``spp-xl police
--workbook`` computed them (``core.neighbourhoods``), and reading them back for the report.

A workbook whose gap staff type by hand has no such sheet, and its report is as before.
The sheet is written from the neutral sheet spec like the others; its figures are values
the command computed, not typed, so the sheet is protected: running the command again
replaces them. It is found by its marker and its columns by their headings, so a renamed
sheet or a column inserted is still read.
"""

from __future__ import annotations

from ..core.errors import InputError
from ..core.neighbourhoods import NeighbourhoodFigure
from ..core.periods import MONTHS, FinancialYear
from . import layout as L
from .grid import Book, cell_text
from .spec import SheetSpec, sheet as new_sheet

NAME = "Neighbourhoods"
MARKER = "spp:neighbourhoods"
HEADER_ROW = 3
COLUMNS = (  # (field, heading, width)
    ("measure", "Measure", 12), ("year", "Year", 9), ("period", "Month", 8), ("neighbourhood", "Neighbourhood", 30),
    ("residents", "Residents", 11), ("crimes", "Crimes, April to the month", 14),
    ("rate", "Crimes per 1,000 residents", 14), ("rank", "Rank", 7), ("top", "In the top group", 11),
)
YES = "Yes"


def figures_behind(inputs) -> tuple:
    """The neighbourhoods behind the gap figures the workbook holds: those of a month whose
    figure has left it (a year a new year's workbook drops) go with it."""
    held = {(o.measure, o.year, o.period) for o in inputs.dataset.observations}
    return tuple(f for f in inputs.neighbourhoods if (f.measure, f.year, f.period) in held)


def neighbourhoods_sheet(figures) -> SheetSpec:
    """The sheet, the latest month first, each month's neighbourhoods by rank."""
    sheet = new_sheet(NAME, freeze=(HEADER_ROW + 1, 0))
    sheet.add(0, L.KEY_COL, MARKER, style="key")
    sheet.add(0, 1, "The neighbourhoods behind the crime gap", style="title")
    sheet.add(1, 1, "Written by spp-xl police from police.uk's street files: each neighbourhood's crimes from April "
              "to the month, its residents, its rate per 1,000 and its rank. The gap compares the top group's rate "
              "with the city's. Not typed: run spp-xl police again to replace them.", style="subtitle")
    sheet.add(HEADER_ROW, L.KEY_COL, "header", style="key")
    for c, (_, heading, width) in enumerate(COLUMNS, start=1):
        sheet.add(HEADER_ROW, c, heading, style="head")
        sheet.widths[c] = width
    sheet.heights[HEADER_ROW] = 45
    ordered = sorted(figures, key=lambda f: (f.measure, -f.year.start, -MONTHS.index(f.period), f.rank))
    for r, f in enumerate(ordered, start=HEADER_ROW + 1):
        sheet.add(r, L.KEY_COL, "row", style="key")
        values = (f.measure, f.year.label, f.period, f.neighbourhood, f.residents, f.crimes, f.rate, f.rank,
                  YES if f.top else "")
        for c, value in enumerate(values, start=1):
            number = {5: "#,##0", 6: "#,##0", 7: "0.00"}.get(c)
            sheet.add(r, c, value, kind="value", style="derived", num=number)
    return sheet


def read_neighbourhoods(book: Book) -> tuple:
    """The sheet's rows as ``NeighbourhoodFigure``; () for a workbook without the sheet.

    Raises:
        InputError: a missing heading, or a cell that cannot be read, naming the cell.
    """
    sheet = book.by_marker.get(MARKER)
    if sheet is None:
        return ()
    header = book.row_keyed(sheet, "header")
    col = {field: book.column_headed(sheet, header, heading) for field, heading, _ in COLUMNS}
    out = []
    for r in sheet.rows_keyed("row"):
        text = {field: cell_text(sheet.value(r, c)) for field, c in col.items()}
        if not any(text.values()):
            continue
        try:
            year = FinancialYear.parse(text["year"])
        except ValueError as exc:
            raise InputError(str(exc), book.where(sheet, r, col["year"])) from None
        if text["period"] not in MONTHS:
            raise InputError(f"month {text['period']!r} is not one of Apr..Mar", book.where(sheet, r, col["period"]))
        numbers = {}
        for field in ("residents", "crimes", "rank"):
            value = sheet.value(r, col[field])
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or value < 0:
                raise InputError(f"{cell_text(value)!r} is not a whole number", book.where(sheet, r, col[field]))
            numbers[field] = int(value)
        if not text["neighbourhood"] or not numbers["residents"]:
            raise InputError("a neighbourhood needs its name and residents", book.where(sheet, r, col["neighbourhood"]))
        out.append(NeighbourhoodFigure(text["measure"], year, text["period"], text["neighbourhood"],
                                       numbers["residents"], numbers["crimes"], numbers["rank"],
                                       text["top"].lower() == YES.lower()))
    return tuple(out)
