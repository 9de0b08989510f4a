"""Every calculated cell held to the engine: one check for ``check``, every command reading a
workbook, Recalculate and Lite alike.

The schema says which cells are calculated and what each must show (``measure_schema``'s
table rows, key figures, workings and banner; the Dashboard's, Exceptions', Family group's
and Settings' calculated columns); ``shown.workbook_figures`` computes those values as the
builder does. A cell showing something else had a figure typed over its formula: it is
not used (the report is the engine's), and a finding names the sheet, the cell, what was
typed and what the formula gives. One finding a row; one tolerance (``TOLERANCE``).

What cannot be seen is not guessed at: a blank or an error value (a workbook saved by a
program that does not calculate, the add-in's functions not running) is not compared,
unless the saved formulas are read too (``formula_free``) and show the formula gone.
Under xlwings Lite, which cannot have Excel calculate the custom functions before it
reads, only the cells Excel keeps calculated itself (native formulas) are compared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..core.checks import Finding
from ..core.dataset import yes_or_no
from ..core.inputs import Inputs
from ..core.numbers import format_number
from ..core.periods import MONTHS, QUARTERS, FinancialYear
from ..files.sheet import excel_date
from . import layout as L
from . import measure_schema as M
from . import schema as S
from .grid import Book, Sheet, cell_text
from .shown import workbook_figures

# Two numbers agree within a millionth (of the figure, for figures above one): Excel and
# the engine compute the same arithmetic, so only floating-point noise is forgiven.
TOLERANCE = 1e-6
NOT_AVAILABLE = object()  # what =NA() shows: the family group chart's gaps
EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#NAME?", "#DIV/0!", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#BUSY!",
                "#GETTING_DATA", "#CONNECT!", "#BLOCKED!", "#FIELD!", "#UNKNOWN!")
PERIODS = MONTHS + QUARTERS  # a table cell's name, where it is a period (not an out-turn's year)
ROW_ADVICE = "Copy the formula back from a cell of the row that still holds one"
COLUMN_ADVICE = "Copy the formula back from a cell of the column that still holds one"
REBUILD_ADVICE = ("Undo the typing, or make a new workbook from this one's figures with 'spp-xl build-workbook' "
                  "(it keeps everything typed)")


def _shower(num: str | None, precision: int) -> Callable[[Any], str]:
    """How a finding writes a cell's value, by the cell's number format."""
    level = num is not None and num.endswith('"%"')  # a percentage of counts, in percent
    points = num is not None and '" pts"' in num
    percent = num is not None and num.endswith("%") and not level
    places = 2 if num == "0.00" else precision

    def show(value) -> str:
        if value is NOT_AVAILABLE:
            return "#N/A"
        if _blank(value):
            return "blank"
        if _number(value):
            if level or points:
                return format_number(value, places, signed=points) + ("%" if level else " pts")
            return f"{value:.1%}" if percent else format_number(value, places if num else max(places, 0))
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()[:10]
        return repr(cell_text(value))
    return show


PLAIN = _shower(None, 2)  # text quoted, numbers to two places at most


@dataclass(frozen=True)
class Expected:
    """A calculated cell, where it is and what it must show.

    Attributes:
        sheet: the sheet's grid.
        row, col: the cell, 0-based, in the grid.
        value: the engine's figure (``NOT_AVAILABLE`` for =NA()).
        name: what the finding calls the cell: a period, a heading ("" for a row of one cell).
        label: what the finding calls its row.
        measure: the measure it belongs to ("-" for none).
        year: the financial year of its figures, as a label.
        formula: whether the cell carries a formula (inside a spill counts).
        kind: ``native``, ``custom`` or ``linked``.
        show: how the finding writes a number of this cell.
        advice: where the formula can be copied back from.
    """

    sheet: Sheet
    row: int
    col: int
    value: Any
    name: str
    label: str
    measure: str
    year: str | None
    formula: bool = True
    kind: str = M.NATIVE
    show: Callable[[Any], str] = PLAIN
    advice: str = REBUILD_ADVICE

    @property
    def cell(self) -> tuple[str, int, int]:
        return self.sheet.name, self.row, self.col


def disagreements(book: Book, inputs: Inputs, formula_free: Callable | None = None, measures_rows: dict | None = None,
                  custom_current: bool = True, figures_only: bool = False) -> list[Finding]:
    """What the workbook's calculated cells show against what the engine computes.

    Args:
        book: the workbook's grids.
        inputs: what the reader read from it.
        formula_free: given cells ``(sheet, row, col)``, those holding no formula (the saved
            formulas, read with openpyxl); None where only values can be seen.
        measures_rows: measure id -> its 1-based row in the Measures sheet, as read.
        custom_current: False where the custom functions' cells may not have been
            calculated since the figures changed (xlwings Lite): only native cells are compared.
        figures_only: compare the measure sheets' figures tables alone (the register is
            not the workbook's own: what the rest shows follows the workbook's).

    Returns:
        One finding a row holding a cell that disagrees.
    """
    cells = expected_cells(book, inputs, measures_rows, figures_only)
    lost = formula_free([c.cell for c in cells if c.formula]) if formula_free is not None else frozenset()
    rows: dict[tuple[str, int], list] = {}
    errors: dict[tuple[str, int], list] = {}
    for cell in cells:
        shown = cell.sheet.value(cell.row, cell.col)
        gone = cell.cell in lost and not _blank(shown) and not _error(shown)
        if not gone:
            if _error(shown) and cell.kind == M.NATIVE and cell.value is not NOT_AVAILABLE:
                # Excel calculates its own formulas: an error there is the formula's (a #REF! after
                # rows were deleted), not a calculation yet to come; said, not compared.
                errors.setdefault((cell.sheet.name, cell.row), []).append((cell, shown, False))
                continue
            if _blank(shown) or _error(shown) or (not custom_current and cell.kind != M.NATIVE):
                continue  # not calculated where it was read: nothing to compare
            if agrees(shown, cell.value):
                continue
        rows.setdefault((cell.sheet.name, cell.row), []).append((cell, shown, gone))
    return [_finding(book, items, formula_free is not None) for items in rows.values()] + \
        [_error_finding(book, items) for items in errors.values()]


def _error_finding(book: Book, items: list) -> Finding:
    """One row's native formulas showing Excel's error values: a warning (the figures typed are
    what is used), saying what the formulas give."""
    first = items[0][0]
    more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
    names = [cell.name for cell, _, _ in items if cell.name]
    what = f"{first.label!r}" + (f" ({_listed(names)})" if names else "")
    period = first.name if len(items) == 1 and first.advice == ROW_ADVICE else None
    return Finding("warning", first.measure, first.year, period,
                   f"{what}, a calculated cell, shows Excel's error {_listed(cell_text(v) for _, v, _ in items)} where "
                   f"its formula gives {_listed(cell.show(cell.value) for cell, _, _ in items)} from the figures "
                   f"typed (which are what is used). {first.advice}",
                   book.where(first.sheet, first.row, first.col) + more)


def agrees(shown, expected) -> bool:
    """Whether a cell shows the engine's figure: text as it is, numbers within ``TOLERANCE``."""
    if expected is NOT_AVAILABLE:
        return _blank(shown) or _error(shown)
    if expected is None or expected == "":
        return _blank(shown)
    if isinstance(expected, dt.date):
        # A date reads as a date (a file, live Excel), a serial number, or ISO text (a client's JSON).
        if isinstance(shown, dt.datetime):
            shown = shown.date()
        if _number(shown):
            return shown == excel_date(expected)
        return shown == expected or cell_text(shown)[:10] == expected.isoformat()
    if isinstance(expected, str):
        return cell_text(shown) == expected
    if isinstance(expected, bool):  # TRUE or FALSE (a percentage's "Enough to judge")
        return isinstance(shown, bool) and shown == expected
    if not _number(shown):
        return False
    return abs(shown - expected) <= TOLERANCE * max(1.0, abs(expected))


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _error(value) -> bool:
    return isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS


# ------------------------------------------------------------------ where the calculated cells are


def expected_cells(book: Book, inputs: Inputs, measures_rows: dict | None = None,
                   figures_only: bool = False) -> list[Expected]:
    """Every calculated cell the schema finds in the workbook, with what it must show."""
    register = inputs.register
    figures = workbook_figures(register, inputs.dataset, measures_rows, checks=False)
    cells = []
    for measure in register:
        sheet = book.measure_sheets.get(measure.id)
        if sheet is not None:
            ctx = figures.contexts[measure.id]
            cells += _table(book, sheet, ctx)
            if not figures_only:
                cells += _measure_figures(book, sheet, ctx)
    if figures_only:
        return cells
    for listing in (S.DASHBOARD, S.EXCEPTIONS):
        cells += _listing(book, listing, figures.contexts)
    cells += _family_group(book)
    cells += _settings(book, figures, inputs.meeting_date)
    cells += _figures_table(book, inputs)
    return cells


def _table(book: Book, sheet: Sheet, ctx: M.MeasureContext) -> list[Expected]:
    measure = ctx.measure
    header = book.row_keyed(sheet, "header")
    columns = {cell_text(v): c for c, v in enumerate(sheet.grid[header])}
    cells = []
    for row in M.table(measure):
        if row.typed(measure):
            continue
        r = book.row_keyed(sheet, row.key)
        label = sheet.text(r, sheet.col(M.LABEL_COL)) or row.key
        show = _shower(M.number(row.num, measure), measure.precision)
        year = ctx.year.previous(-row.year).label
        for k, (period, value) in enumerate(zip(measure.periods, row.values(ctx))):
            if period in columns:
                formula = row.formula(ctx, k)
                cells.append(Expected(sheet, r, columns[period], value, period, label, measure.id, year,
                                      formula is not None, formula.kind if formula else M.NATIVE, show, ROW_ADVICE))
        if row.outturns is not None:  # a percentage's out-turns, from the counts' beside them
            for j, (fy, value) in enumerate(zip(ctx.year.outturn_years(), row.outturns(ctx))):
                if fy.short in columns:
                    cells.append(Expected(sheet, r, columns[fy.short], value, f"out-turn {fy.short}", label,
                                          measure.id, fy.label, True, row.outturn_formula(ctx, j).kind, show,
                                          ROW_ADVICE))
    return cells


def _measure_figures(book: Book, sheet: Sheet, ctx: M.MeasureContext) -> list[Expected]:
    """The key figures, the workings and the banner."""
    measure, cells = ctx.measure, []
    for head_key, key, figures, label in (("key_head", "key", M.KEY_FIGURES, "Key figures"),
                                          ("work_head", "work", M.WORKINGS, "Workings")):
        heads, rows = sheet.rows_keyed(head_key), sheet.rows_keyed(key)
        if not heads or not rows:
            continue
        headings = {sheet.text(heads[0], c): c for c in range(len(sheet.grid[heads[0]]))}
        for figure in M.figures_of(figures, measure):
            if figure.heading in headings:
                cells.append(Expected(sheet, rows[0], headings[figure.heading], figure.value(ctx), figure.heading,
                                      label, measure.id, ctx.year.label, True, figure.kind_for(ctx),
                                      _shower(M.number(figure.num, measure), measure.precision)))
    banner = sheet.rows_keyed("banner")
    if banner:
        cells.append(Expected(sheet, banner[0], sheet.col(M.LABEL_COL), M.BANNER.value(ctx), "",
                              "Judgement banner", measure.id, ctx.year.label, True, M.BANNER.kind_for(ctx)))
    return cells


def _listing(book: Book, listing: S.Listing, contexts: dict) -> list[Expected]:
    """A listing's columns showing a measure sheet's key figure, on each measure's row."""
    sheet = book.find(listing.sheet)
    if sheet is None or not sheet.rows_keyed("header"):
        return []
    header = sheet.rows_keyed("header")[0]
    headings = {sheet.text(header, c): c for c in range(len(sheet.grid[header]))}
    cells = []
    for r, measure_id in sheet.rows_starting(listing.row_key).items():
        ctx = contexts.get(measure_id)
        if ctx is None or r <= header:
            continue
        for column in listing.with_role(S.CALCULATED):
            if column.heading not in headings:
                continue
            figure = M.key_figure(column.shows)
            kind = M.LINKED if figure.kind_for(ctx) != M.NATIVE else M.NATIVE
            cells.append(Expected(sheet, r, headings[column.heading], figure.value(ctx), column.heading,
                                  ctx.measure.title, measure_id, ctx.year.label, True, kind,
                                  _shower(M.number(figure.num, ctx.measure), ctx.measure.precision)))
    return cells


def _family_group(book: Book) -> list[Expected]:
    """The charts' series: each rate in the others' series or ours, by the Yes beside it."""
    schema, sheet = S.FAMILY_GROUP, book.find(L.FAMILY_GROUP)
    if sheet is None or not sheet.rows_keyed("header"):
        return []
    header = sheet.rows_keyed("header")[0]
    headings = {sheet.text(header, c): c for c in range(len(sheet.grid[header]))}
    if not {schema.heading("partnership"), schema.heading("ours")} <= set(headings):
        return []
    name_col, flag_col = headings[schema.heading("partnership")], headings[schema.heading("ours")]
    cells = []
    for r in sheet.rows_keyed("row"):
        if r <= header:
            continue
        name, ours = sheet.text(r, name_col), yes_or_no(sheet.text(r, flag_col)) is True
        for k in (1, 2):
            rate = sheet.value(r, name_col + schema.place(f"period_{k}") - schema.place("partnership"))
            for key, shown in ((f"others_{k}", bool(name) and not ours), (f"ours_{k}", ours)):
                heading = schema.heading(key)
                if heading in headings:
                    value = rate if shown and _number(rate) else NOT_AVAILABLE
                    cells.append(Expected(sheet, r, headings[heading], value, heading, name or f"row {r + 1}", "-",
                                          None, show=_shower("0.00", 2), advice=COLUMN_ADVICE))
    return cells


def _figures_table(book: Book, inputs: Inputs) -> list[Expected]:
    """The Figures table's values: each the number typed in the cell its row names, or blank."""
    schema, sheet = S.FIGURES, book.find(L.FIGURES)
    if sheet is None or not sheet.rows_keyed("header"):
        return []
    header = sheet.rows_keyed("header")[0]
    headings = {sheet.text(header, c): c for c in range(len(sheet.grid[header]))}
    if not set(schema.headings) <= set(headings):
        return []
    col = {c.key: headings[c.heading] for c in schema.columns}
    cells, years = [], {}
    for r in sheet.rows_keyed("row"):
        if r <= header:
            continue
        figure, year, period = (sheet.text(r, col[k]) for k in ("measure", "year", "period"))
        if year not in years:
            try:
                years[year] = FinancialYear.parse(year)
            except ValueError:
                years[year] = None
        if years[year] is None:
            continue  # not a row the builder made: nothing to hold it to
        obs = inputs.dataset.observation(figure, years[year], period)
        value = "" if obs is None or obs.value is None else obs.value
        cells.append(Expected(sheet, r, col["value"], value, schema.heading("value"), f"{figure} {year} {period}",
                              figure.split(".")[0], year, show=PLAIN, advice=COLUMN_ADVICE))
    return cells


def _settings(book: Book, figures, meeting_date) -> list[Expected]:
    """Settings' reporting month (its name and number), and the Dashboard's two settings."""
    summary, cells = figures.summary, []
    label = summary.as_of.label if figures.reporting else ""
    month = summary.as_of.month_index + 1 if figures.reporting else 0
    sheet = book.find(L.SETTINGS)
    rows = sheet.rows_keyed("reporting_to") if sheet is not None else []
    if rows:
        item = S.setting("reporting_to")
        cells += [Expected(sheet, rows[0], sheet.col(S.SETTINGS_VALUE_COL), label, "the month", item.label, "-", None),
                  Expected(sheet, rows[0], sheet.col(S.SETTINGS_NUMBER_COL), month, "its number", item.label, "-",
                           None, show=_shower(None, 0))]
    sheet = book.find(L.DASHBOARD)
    shown = {"reporting_to": label, "meeting_date": meeting_date or ""}
    for item in S.DASHBOARD_SETTINGS if sheet is not None else ():
        rows = sheet.rows_keyed(item.key)
        if rows:
            cells.append(Expected(sheet, rows[0], sheet.col(S.SETTINGS_VALUE_COL), shown[item.key], "", item.label,
                                  "-", None))
    return cells


# ------------------------------------------------------------------ the finding


def _listed(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _finding(book: Book, items: list, formulas_read: bool) -> Finding:
    """One row's disagreeing cells: typed over (the formula gone, or seen in values alone), or,
    where the formulas were read and are all there, shown before they were calculated."""
    first = items[0][0]
    plural, verb = ("s", "give") if len(items) > 1 else ("", "gives")
    more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
    where = book.where(first.sheet, first.row, first.col) + more
    period = first.name if len(items) == 1 and first.advice == ROW_ADVICE and first.name in PERIODS else None
    shown = _listed(cell.show(value) for cell, value, _ in items)
    wanted = _listed(cell.show(cell.value) for cell, _, _ in items)
    names = [cell.name for cell, _, _ in items if cell.name]
    what = f"{first.label!r}" + (f" ({_listed(names)})" if names else "")
    if formulas_read and not any(gone for _, _, gone in items):
        # Both causes look alike from here: a file saved unrecalculated, or a workbook an earlier
        # spp_xl built, whose formula Excel keeps calculating its own way.
        message = (f"{what} shows {shown} where its formula{plural} {verb} {wanted}: the workbook was saved "
                   "before it was calculated, or was built by an earlier spp_xl whose formula differs; open it "
                   "in Excel, let it calculate and save it, and if this stays, rebuild it with spp-xl "
                   "build-workbook (your figures and commentary are carried)")
    else:
        message = (f"{shown} typed over the formula{plural} of {what}, a calculated cell: not used; the "
                   f"formula{plural} {verb} {wanted}. {first.advice}")
    return Finding("warning", first.measure, first.year, period, message, where)
