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

from ..core.dataset import Dataset, Observation, number_from_text, yes_or_no
from ..core.numbers import usable_figure
from ..core.errors import InputError, RegisterError
from ..core.periods import ANNUAL, MONTHS, QUARTERS, FinancialYear
from ..core.register import FIELDS, Measure, Register, load_register, measure_from_mapping
from ..core.inputs import FamilyGroup, FamilyGroupRow, Inputs, Recommendation
from ..files import cells_without_formula, read_grids
from . import layout as L
from . import measure_schema as M
from . import schema as S
from .disagreements import disagreements
from .findings import read_confirmations
from .grid import Book, cell_text
from .neighbourhoods import read_neighbourhoods

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


def read_inputs(book: Book, register_path: str | None = None, formula_free=None,
                custom_current: bool = True) -> Inputs:
    """Reads the workbook's inputs from its grids (a file's, or live Excel's through a macro),
    and holds its calculated cells to the engine (``disagreements``): a figure typed over a
    formula is a finding in ``Inputs.dataset.findings``.

    Args:
        book: the workbook's sheets as grids (``grid.Book``).
        register_path: as for ``read_workbook``.
        formula_free: given cells ``(sheet, row, col)``, those holding no formula; None where
            the formulas cannot be seen (a grid of values).
        custom_current: False where the custom functions' cells may not have been calculated
            since the figures changed (xlwings Lite): only native formulas are compared.
    """
    year, meeting_date = read_settings(book)
    if register_path:
        register, rows = load_register(register_path).with_year(year), None
    else:
        register, rows = read_register(book, year)
        _check_sheets_match_register(book, register)
    dataset = read_figures(book, register)
    inputs = Inputs(
        register=register,
        dataset=dataset,
        source=book.name,
        kind="workbook",
        commentary=read_commentary(book),
        recommendations=read_recommendations(book),
        family_group=read_family_group(book),
        meeting_date=meeting_date,
        neighbourhoods=read_neighbourhoods(book),
    )
    # With another register the sheets still show what the workbook's own gives: only the
    # figures tables (which follow the figures typed) are compared.
    found = disagreements(book, inputs, formula_free, rows, custom_current, figures_only=bool(register_path))
    dataset.findings = tuple(found) + dataset.findings
    return inputs


def read_settings(book: Book) -> tuple[FinancialYear, dt.date | None]:
    sheet = book.sheet(L.SETTINGS)
    value_col = sheet.col(S.SETTINGS_VALUE_COL)
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


def read_register(book: Book, year: FinancialYear) -> tuple[Register, dict]:
    """The Measures table as a Register, and each measure's 1-based row in its sheet; a bad
    field is refused naming its cell."""
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
        seen[measure.id] = r + 1
        measures.append(measure)
    if not measures:
        raise RegisterError("holds no measures", f"{book.name}: sheet '{sheet.name}'")
    return Register(year, tuple(measures), f"{book.name}: sheet '{sheet.name}'"), seen


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


def read_figures(book: Book, register: Register) -> Dataset:
    """Every figure on the measure sheets, in register order (then any other measure sheet),
    with the confirmations on the Checks sheet."""
    order = [m.id for m in register if m.id in book.measure_sheets]
    order += [i for i in book.measure_sheets if i not in order]
    observations, blanks = [], {}
    for measure_id in order:
        measure = register.get(measure_id) if measure_id in register else None
        observations += _sheet_figures(book, book.measure_sheets[measure_id], measure_id, measure, register.year,
                                       blanks)
    confirmed, findings = read_confirmations(book)
    return Dataset(observations, book.name, blank_cells=blanks, confirmed=confirmed, findings=findings)


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
    for parse in (lambda: FinancialYear.parse_short(text, year), lambda: FinancialYear.parse(text)):
        try:
            return parse()
        except ValueError:
            pass
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
    measure = measure or _stand_in(measure_id, periods)
    _check_made_for(book, sheet, measure)
    rows = {row.key: book.row_keyed(sheet, row.key) for row in M.table(measure) if row.typed(measure)}
    found = []
    for row in M.outturn_rows(measure):  # a percentage's counts each have their out-turns
        for fy, c in sorted(outturns.items()):
            found += _figure(book, sheet, rows[row.key], c, M.series_id(measure, row.series), fy, ANNUAL)
    for row in M.table(measure):
        if not row.typed(measure):
            continue
        r, fy, series = rows[row.key], year.previous(-row.year), M.series_id(measure, row.series)
        for period in expected:
            figure = _figure(book, sheet, r, periods[period], series, fy, period)
            if not figure:
                blanks[(series, fy, period)] = book.where(sheet, r, periods[period])
            found += figure
    return found


def _check_made_for(book: Book, sheet, measure: Measure) -> None:
    """A sheet made for a percentage's counts read as a measure entered otherwise, or the other
    way round (its entry or unit changed in the Measures table), would lose its figures: refused,
    saying how to give the measure the sheet its entry needs."""
    counts = [row.key for row in M.TABLE if row.series in M.COUNT_SERIES and sheet.rows_keyed(row.key)]
    if bool(counts) == measure.is_counts:
        return  # as built (a row deleted is refused where it is read)
    if counts:  # its 'Percentage' rows carry the keys a count's typed rows have: calculated, never figures
        made, shows = "a percentage's two counts", f"it has the row {counts[0]!r}"
    else:
        missing = [row.key for row in M.table(measure) if row.typed(measure) and not sheet.rows_keyed(row.key)]
        made, shows = "figures entered by period or to date", f"it has no row {missing[0]!r}"
    raise InputError(f"measure {measure.id!r}: the Measures table enters it as {measure.entry} ({measure.unit}), but "
                     f"its sheet was made for {made} ({shows}): put its entry and unit back as they were, or delete "
                     "its sheet and its row in the Measures table and add it again with 'spp-xl add-measure'",
                     book.where(sheet, 0, sheet.key_col))


def _stand_in(measure_id: str, periods: dict) -> Measure:
    """A measure sheet the register does not name (read with another register): read as a
    measure entered by period, of the frequency its header shows."""
    return Measure(measure_id, measure_id, "monitor", "monthly" if MONTHS[0] in periods else "quarterly")


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
    col = book.column_headed(sheet, header, S.EXCEPTIONS.heading("staff"))
    return {measure_id: sheet.text(r, col) for r, measure_id in sheet.rows_starting(L.MEASURE_ROW_PREFIX).items()
            if r > header and sheet.text(r, col)}


_OURS = ("yes", "y", "true", "x")  # how the Family group sheet's "Our partnership" flag may say yes


def read_family_group(book: Book) -> FamilyGroup:
    """The family group as pasted: the periods' names (typed as headings), and each row with
    a partnership's name or a rate."""
    schema = S.FAMILY_GROUP
    sheet = book.sheet(L.FAMILY_GROUP)
    header = book.row_keyed(sheet, "header")
    name_col = book.column_headed(sheet, header, schema.heading("partnership"))
    flag_col = book.column_headed(sheet, header, schema.heading("ours"))
    # The periods' headings are typed: their columns are found where they were built, beside the names.
    rate_cols = [name_col + schema.place(key) - schema.place("partnership") for key in ("period_1", "period_2")]
    periods = tuple(cell_text(sheet.value(header, c)) for c in rate_cols)
    rows = []
    for r in range(header + 1, len(sheet.grid)):
        name = cell_text(sheet.value(r, name_col))
        cells = [sheet.value(r, c) for c in rate_cols]
        flag = cell_text(sheet.value(r, flag_col))
        if not name and all(v in ("", None) for v in cells) and not flag:
            continue
        ours = yes_or_no(flag)
        if ours is None:
            raise InputError(f"{flag!r} is not yes or no: type Yes beside our partnership, and leave the others blank",
                             book.where(sheet, r, flag_col))
        rates = []
        for c, value in zip(rate_cols, cells):
            if value in ("", None):
                rates.append(None)
            elif isinstance(value, (int, float)) and not isinstance(value, bool) \
                    and usable_figure(value) is not None:  # an infinite rate is refused below
                rates.append(float(value))
            else:
                number = number_from_text(cell_text(value))
                if number is None:
                    raise InputError(f"{cell_text(value)!r} is not a number of crimes per 1,000 residents",
                                     book.where(sheet, r, c))
                rates.append(number)
        if not name:
            raise InputError("a row with figures needs the partnership's name", book.where(sheet, r, name_col))
        rows.append(FamilyGroupRow(name, tuple(rates), ours))
    return FamilyGroup(periods, tuple(rows))


def read_recommendations(book: Book) -> tuple:
    schema = S.RECOMMENDATIONS
    sheet = book.sheet(L.RECOMMENDATIONS)
    header = book.row_keyed(sheet, "header")
    col = {c.key: book.column_headed(sheet, header, c.heading) for c in schema.columns}
    statuses = schema.column("status").allowed.choices
    items = []
    for r in range(header + 1, len(sheet.grid)):
        cells = {key: sheet.value(r, c) for key, c in col.items()}
        if all(v in ("", None) for v in cells.values()):
            continue
        number = cells["number"]
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        elif cell_text(number).isdigit():
            number = int(cell_text(number))
        else:
            raise InputError(f"recommendation number {cell_text(number)!r} is not a whole number",
                             book.where(sheet, r, col["number"]))
        status = cell_text(cells["status"]).lower()
        if status and status not in statuses:
            raise InputError(f"status {cell_text(cells['status'])!r} is not one of {', '.join(statuses)}",
                             book.where(sheet, r, col["status"]))
        items.append(Recommendation(number, cell_text(cells["text"]), cell_text(cells["progress"]), status))
    return tuple(items)
