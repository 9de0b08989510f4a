"""Reads a workbook's inputs back: register, figures, commentary, family group,
recommendations and settings. Never the derived cells, never a write.

python-calamine reads cell values only (fast, and it cannot save). Sheets are found by
the marker in their key column and rows by their keys (see ``layout``), so a renamed
sheet or an inserted row is still read; anything that cannot be read is refused with
one line naming the file, the sheet and the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..core.dataset import Dataset, Observation, number_from_text
from ..core.errors import InputError, RegisterError
from ..core.periods import ANNUAL, MONTHS, QUARTERS, FinancialYear
from ..core.register import FIELDS, Register, load_register, measure_from_mapping
from .counts import cannot_hold
from ..core.inputs import RECOMMENDATION_STATUSES, FamilyGroup, FamilyGroupRow, Inputs, Recommendation
from ..files import cells_without_formula, read_grids
from . import layout as L
from .findings import calculated_cells, read_confirmations, typed_over_formulas
from .grid import Book, cell_text

_SHORT_YEAR = re.compile(r"^(\d{2})/(\d{2})$")


def read_workbook(path: str | Path, register_path: str | None = None, formulas: bool = False) -> Inputs:
    """Reads the partnership's workbook into the same ``Inputs`` a CSV gives.

    Args:
        path: the ``.xlsm`` (or ``.xlsx``) workbook.
        register_path: a TOML register to use instead of the workbook's Measures table.
        formulas: also read which calculated cells lost their formula (openpyxl: slower), so that
            a figure typed over a formula is found even where it equals what the formula showed.

    Raises:
        InputError: a missing sheet or row, or a cell that cannot be read; the message
            names the file, the sheet and the cell.
    """
    formula_free = (lambda cells: frozenset(cells_without_formula(path, cells))) if formulas else None
    return read_inputs(Book.of(str(path), read_grids(path)), register_path, formula_free)


def read_inputs(book: Book, register_path: str | None = None, formula_free=None) -> Inputs:
    """Reads the workbook's inputs from its grids (a file's, or live Excel's through a macro).

    Args:
        book: the workbook's sheets as grids (``grid.Book``).
        register_path: as for ``read_workbook``.
        formula_free: given cells ``(sheet, row, col)``, those holding no formula; None where
            the formulas cannot be seen (a grid of values).
    """
    year, meeting_date = read_settings(book)
    register = load_register(register_path).with_year(year) if register_path else read_register(book, year)
    if not register_path:
        _check_sheets_match_register(book, register)
    return Inputs(
        register=register,
        dataset=read_figures(book, register, formula_free),
        source=book.name,
        kind="workbook",
        commentary=read_commentary(book),
        recommendations=read_recommendations(book),
        family_group=read_family_group(book),
        meeting_date=meeting_date,
    )


def read_settings(book: Book) -> tuple[FinancialYear, dt.date | None]:
    sheet = book.sheet(L.SETTINGS)
    value_col = sheet.key_col + (L.SETTINGS_VALUE_COL - L.KEY_COL)
    r = book.row_keyed(sheet, "year")
    try:
        year = FinancialYear.parse(cell_text(sheet.value(r, value_col)))
    except ValueError as exc:
        raise InputError(f"reporting year: {exc}", book.where(sheet, r, value_col)) from None
    r = book.row_keyed(sheet, "meeting_date")
    return year, _date(sheet.value(r, value_col), book.where(sheet, r, value_col))


def _date(value, where: str) -> dt.date | None:
    """The board meeting's date as a date, whether Excel stored it as one or it was typed as text."""
    if value in ("", None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise InputError(f"board meeting date {text!r} is not a date (type it as 23/07/2015)", where)


def read_register(book: Book, year: FinancialYear) -> Register:
    """The Measures table as a Register; a bad field is refused naming its cell."""
    sheet = book.sheet(L.MEASURES)
    header = next((r for r in range(len(sheet.grid))
                   if {"id", "title", "direction"} <= {cell_text(v).lower() for v in sheet.grid[r]}), None)
    if header is None:
        raise InputError(f"sheet '{sheet.name}': no header row with the columns {', '.join(FIELDS)}", book.name)
    columns = {cell_text(v).lower(): c for c, v in enumerate(sheet.grid[header]) if cell_text(v).lower() in FIELDS}
    measures, seen = [], {}
    for r in range(header + 1, len(sheet.grid)):
        raw = {f: _as_typed(sheet.value(r, c)) for f, c in columns.items() if sheet.value(r, c) not in ("", None)}
        if not raw:
            continue
        where = f"{book.name}: sheet '{sheet.name}', row {r + 1}"
        try:
            measure = measure_from_mapping(raw, where)
        except RegisterError as exc:
            if exc.field in columns:
                raise RegisterError(exc.message, book.where(sheet, r, columns[exc.field]), exc.field) from None
            raise
        if measure.id in seen:
            raise RegisterError(f"field 'id': {measure.id!r} is used twice (also row {seen[measure.id]})",
                                book.where(sheet, r, columns["id"]), "id")
        if measure.is_counts and not measure.is_developing:
            raise RegisterError(cannot_hold(measure), book.where(sheet, r, columns.get("status", columns["id"])),
                                "status")
        seen[measure.id] = r + 1
        measures.append(measure)
    if not measures:
        raise RegisterError("holds no measures", f"{book.name}: sheet '{sheet.name}'")
    return Register(year, tuple(measures), f"{book.name}: sheet '{sheet.name}'")


def _as_typed(value):
    """A date Excel made of what was typed reads back as the analyst sees it, so that a
    message quotes '2015-06-30', not a Python datetime."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ", "seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)  # Excel stores 1 as 1.0: quote it as typed
    return value


def read_figures(book: Book, register: Register, formula_free=None) -> Dataset:
    """Every figure on the measure sheets, in register order (then any other measure sheet)."""
    order = [m.id for m in register if m.id in book.measure_sheets]
    order += [i for i in book.measure_sheets if i not in order]
    lost = frozenset()
    if formula_free is not None:
        lost = formula_free([cell for m in register if m.id in book.measure_sheets
                             for cell in calculated_cells(book, book.measure_sheets[m.id], m)])
    observations, blanks, overtyped = [], {}, []
    for measure_id in order:
        measure = register.get(measure_id) if measure_id in register else None
        found = _sheet_figures(book, book.measure_sheets[measure_id], measure_id, measure, register.year, blanks)
        if measure is not None:
            overtyped += typed_over_formulas(book, book.measure_sheets[measure_id], measure, register.year, found,
                                             lost)
        observations += found
    confirmed, findings = read_confirmations(book)
    return Dataset(observations, book.name, blank_cells=blanks, confirmed=confirmed,
                   findings=tuple(overtyped) + findings)


def _check_sheets_match_register(book: Book, register: Register) -> None:
    """A measure sheet no table row names, or a built measure whose sheet has gone, would
    silently drop figures: both are refused. A measure added as a table row alone (no
    sheet yet) is fine: only measures the workbook was built with are listed on the
    Dashboard and Exceptions sheets."""
    for measure_id, sheet in book.measure_sheets.items():
        if measure_id not in register:
            raise InputError(f"the sheet is measure {measure_id!r}, which is not in the Measures table: put its "
                             f"row back (or correct the id), or delete the sheet", book.where(sheet, 0, sheet.key_col))
    for name in (L.DASHBOARD, L.EXCEPTIONS):
        listing = book.by_marker.get(L.MARKERS[name])
        if listing is None:
            continue
        for r, measure_id in listing.rows_starting(L.MEASURE_ROW_PREFIX).items():
            if measure_id in register and measure_id not in book.measure_sheets:
                raise InputError(f"measure {measure_id!r} is listed here but its sheet (marked "
                                 f"{L.measure_marker(measure_id)!r} in cell A1) is missing: was it deleted? Undo, "
                                 f"or copy the sheet back from a saved copy", book.where(listing, r, listing.key_col))


_YEARISH = re.compile(r"^(?:FY\s*)?(\d{2}|\d{4})\s*[-/\u2013]\s*(\d{2}|\d{4})$|^\d{4}$", re.IGNORECASE)


def _outturn_year(text: str, year: FinancialYear, where: str) -> FinancialYear | None:
    """The year an out-turn heading names: ``14/15`` (or ``2014/15``); None for other headings.
    A heading that looks like a year in another form is refused rather than skipped, since
    skipping it would drop that year's out-turn without a word."""
    if _SHORT_YEAR.match(text):
        start, end = int(text[:2]), int(text[3:])
        if (start + 1) % 100 == end:
            return FinancialYear(_century(start, year))
    else:
        try:
            return FinancialYear.parse(text)
        except ValueError:
            if not _YEARISH.match(text):
                return None
    raise InputError(f"out-turn heading {text!r} is not a financial year written as "
                     f"{year.previous().short} (or {year.previous().label})", where)


def _sheet_figures(book, sheet, measure_id, measure, year, blanks):
    header = book.row_keyed(sheet, "header")
    periods, outturns = {}, {}
    for c, value in enumerate(sheet.grid[header]):
        text = cell_text(value)
        if text in MONTHS or text in QUARTERS:
            if text in periods:  # a copied column: which one holds the figure?
                raise InputError(f"the header row has {text} twice (also {L.cell(header, periods[text])}); "
                                 f"delete one column", book.where(sheet, header, c))
            periods[text] = c
        elif text:
            fy = _outturn_year(text, year, book.where(sheet, header, c))
            if fy is not None:
                if fy in outturns:
                    raise InputError(f"the header row has the out-turn {text} twice (also "
                                     f"{L.cell(header, outturns[fy])}); delete one column",
                                     book.where(sheet, header, c))
                outturns[fy] = c
    expected = measure.periods if measure else tuple(p for p in MONTHS + QUARTERS if p in periods)
    missing = [p for p in expected if p not in periods]
    if missing:
        raise InputError(f"the header row has no column {missing[0]}; the periods must read "
                         f"{expected[0]}..{expected[-1]}", book.where(sheet, header, sheet.key_col + 1))
    entry = measure.entry if measure else "period"
    last_row, this_row = (book.row_keyed(sheet, k) for k in L.input_rows(entry))
    found = []
    for fy, c in sorted(outturns.items()):
        found += _figure(book, sheet, last_row, c, measure_id, fy, ANNUAL)
    for r, fy in ((last_row, year.previous()), (this_row, year)):
        for period in expected:
            figure = _figure(book, sheet, r, periods[period], measure_id, fy, period)
            if not figure:
                blanks[(measure_id, fy, period)] = book.where(sheet, r, periods[period])
            found += figure
    return found


def _century(short: int, year: FinancialYear) -> int:
    start = year.start - year.start % 100 + short
    return start - 100 if start > year.start else start


def _figure(book, sheet, r, c, measure_id, fy, period):
    value = sheet.value(r, c)
    if value in ("", None):
        return []
    where = book.where(sheet, r, c)
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return [Observation(measure_id, fy, period, None, where, cell_text(value))]
    if isinstance(value, (int, float)):
        return [Observation(measure_id, fy, period, float(value), where, cell_text(value))]
    text = cell_text(value)
    return [Observation(measure_id, fy, period, number_from_text(text), where, text)] if text else []


def read_commentary(book: Book) -> dict[str, str]:
    """Staff's own commentary (the yellow column) as typed, one sentence or bullet a line;
    ``Inputs`` makes it sentences (``inputs.staff_sentences``)."""
    sheet = book.sheet(L.EXCEPTIONS)
    header = book.row_keyed(sheet, "header")
    col = book.column_headed(sheet, header, L.EXCEPTIONS_STAFF_HEADING)
    return {measure_id: sheet.text(r, col) for r, measure_id in sheet.rows_starting(L.MEASURE_ROW_PREFIX).items()
            if r > header and sheet.text(r, col)}


def read_family_group(book: Book) -> FamilyGroup:
    sheet = book.sheet(L.FAMILY_GROUP)
    header = book.row_keyed(sheet, "header")
    k = sheet.key_col
    periods = (cell_text(sheet.value(header, k + 2)), cell_text(sheet.value(header, k + 3)))
    rows = []
    for r in range(header + 1, len(sheet.grid)):
        name = cell_text(sheet.value(r, k + 1))
        cells = [sheet.value(r, k + 2), sheet.value(r, k + 3)]
        flag = cell_text(sheet.value(r, k + 4)).lower()
        if not name and all(v in ("", None) for v in cells) and not flag:
            continue
        rates = []
        for i, value in enumerate(cells):
            if value in ("", None):
                rates.append(None)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                rates.append(float(value))
            else:
                number = number_from_text(cell_text(value))
                if number is None:
                    raise InputError(f"{cell_text(value)!r} is not a number of crimes per 1,000 residents",
                                     book.where(sheet, r, k + 2 + i))
                rates.append(number)
        if not name:
            raise InputError("a row with figures needs the partnership's name", book.where(sheet, r, k + 1))
        rows.append(FamilyGroupRow(name, tuple(rates), flag in ("yes", "y", "true", "x")))
    return FamilyGroup(periods, tuple(rows))


def read_recommendations(book: Book) -> tuple:
    sheet = book.sheet(L.RECOMMENDATIONS)
    header = book.row_keyed(sheet, "header")
    k = sheet.key_col
    items = []
    for r in range(header + 1, len(sheet.grid)):
        cells = [sheet.value(r, k + i) for i in range(1, 5)]
        if all(v in ("", None) for v in cells):
            continue
        number = cells[0]
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        elif cell_text(number).isdigit():
            number = int(cell_text(number))
        else:
            raise InputError(f"recommendation number {cell_text(number)!r} is not a whole number",
                             book.where(sheet, r, k + 1))
        status = cell_text(cells[3]).lower()
        if status not in RECOMMENDATION_STATUSES:
            raise InputError(f"status {cell_text(cells[3])!r} is not one of {', '.join(L.STATUS_CHOICES)}",
                             book.where(sheet, r, k + 4))
        items.append(Recommendation(number, cell_text(cells[1]), cell_text(cells[2]), status))
    return tuple(items)
