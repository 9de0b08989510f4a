"""Writes ``SPP_Performance.xlsm`` from the register, the figures and the VBA sources.

``build_workbook(inputs, path)`` is the one entry point (``spp-xl build-workbook``,
``spp-xl add-measure``). The file is written with xlsxwriter, its VBA project made by
pyOpenVBA from the text modules of ``spp_xl.excel.vba``, and the whole file goes
through ``spp_xl.files.atomic`` so that nothing half-written is ever left in place.

Two builds of the same inputs are byte-identical: the document's dates are fixed and
xlsxwriter writes its zip entries with a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace as dc_replace
from pathlib import Path

from ..excel.vba_project import WORKBOOK_CODE_NAME, build_project, sheet_code_names
from ..files.atomic import write_atomic
from ..core.engine import default_as_of, measure_rows, summarise
from ..core.errors import InputError
from ..core.periods import ANNUAL, AsOf
from ..core.inputs import Inputs
from . import layout as L
from . import sheets as S
from .measure_sheet import measure_sheet
from .spec import STYLES, SheetSpec

# Fixed document dates make builds reproducible (xlsxwriter otherwise stamps "now").
BUILD_DATE = dt.datetime(2015, 7, 23, 9, 0, 0)
CALC_ID = 191029  # Excel 2019 / Microsoft 365's calculation engine
DOC_PROPERTIES = {
    "title": "Safer Plymouth Partnership performance workbook",
    "subject": "Quarterly performance report to the Safer Plymouth Partnership board",
    "author": "spp_xl",
    "company": "Safer Plymouth Partnership",
    "comments": "Built from source by 'spp-xl build-workbook'; do not edit the formulas by hand.",
    "created": BUILD_DATE,
}


def workbook_specs(inputs: Inputs) -> list[SheetSpec]:
    """Every sheet of the workbook, in tab order, as neutral specs."""
    register, dataset = inputs.register, inputs.dataset
    check_placeable(inputs)
    as_of = built_as_of(inputs)
    summary = summarise(register, dataset, as_of=as_of or AsOf(register.year, 0), strict=False)
    if as_of is None:
        # A new year with no figures yet: nothing is late, since nothing has been reported
        # (the sheets' lag formulas compare with the latest month any measure has, here none).
        summary = dc_replace(summary, results=tuple(dc_replace(r, lagging=False) for r in summary.results))
    names = sheet_names(register)
    specs = [S.dashboard(register, summary, names, inputs.meeting_date),
             S.exceptions(summary, inputs.commentary, names)]
    for i, measure in enumerate(register):
        result = summary.result(measure.id)
        rows = result.rows or measure_rows(measure, dataset, register.year)
        measures_row = L.MEASURES_HEADER_ROW + 2 + i  # 1-based row in the Measures sheet
        specs.append(measure_sheet(measure, summary.as_of, dataset, result, rows, measures_row,
                                   reporting=as_of is not None))
    specs += [S.family_group(inputs.family_group), S.recommendations(inputs.recommendations),
              S.measures(register), S.settings(register, inputs.meeting_date, summary, names),
              S.checks(summary), S.xlwings_conf()]
    return specs


def built_as_of(inputs: Inputs) -> AsOf | None:
    """The engine's default as-of, or None for a year with no figures yet (a new year's
    workbook from 'spp-xl new-year'), which is built as of its first month with no data."""
    try:
        return default_as_of(inputs.register, inputs.dataset)
    except InputError:
        return None


def sheet_names(register) -> dict:
    names, taken = {}, {n.lower() for n in (L.DASHBOARD, L.EXCEPTIONS, L.FAMILY_GROUP, L.RECOMMENDATIONS,
                                             L.MEASURES, L.SETTINGS, L.CHECKS, L.XLWINGS_CONF)}
    for m in register:
        name = L.measure_sheet_name(m.id)
        k = 2
        while name.lower() in taken:  # ids are unique, but cut to 31 characters they may not be
            name = f"{L.measure_sheet_name(m.id)[:28]}_{k}"
            k += 1
        taken.add(name.lower())
        names[m.id] = name
    return names


def check_placeable(inputs: Inputs) -> None:
    """Refuses figures the workbook has no cell for, rather than dropping them."""
    register, year = inputs.register, inputs.register.year
    seen = {}
    for obs in inputs.dataset.observations:
        where = obs.where or inputs.source
        if obs.measure not in register:
            raise InputError(f"measure {obs.measure!r} is not in the register: add it (a row in the Measures "
                             "table, or 'spp-xl add-measure') before building the workbook", where)
        measure = register.get(obs.measure)
        if obs.period == ANNUAL:
            fits = obs.year in (year.previous(3), year.previous(2), year.previous(1))
            holds = f"out-turns for {year.previous(3).label} to {year.previous().label}"
        else:
            fits = obs.year in (year, year.previous()) and obs.period in measure.periods
            holds = f"{measure.frequency} figures for {year.previous().label} and {year.label}"
        if not fits:
            raise InputError(f"{obs.measure} {obs.year.label} {obs.period}: the workbook for {year.label} has no "
                             f"cell for it (it holds {holds})", where)
        key = (obs.measure, obs.year, obs.period)
        if key in seen:
            raise InputError(f"{obs.measure} {obs.year.label} {obs.period} is entered twice (also at {seen[key]}); "
                             "keep one", where)
        seen[key] = where


def vba_project(sheets: int) -> bytes:
    """The VBA project (``vbaProject.bin``): every module of ``spp_xl.excel.vba`` and a document
    module for the workbook and each of its ``sheets`` worksheets."""
    from ..excel.vba import vba_modules

    return build_project(vba_modules(), sheet_code_names(sheets))


def build_workbook(inputs: Inputs, path: str | Path, force: bool = False, vba: bytes | None = None) -> Path:
    """Builds the workbook from ``inputs`` and writes it atomically to ``path``.

    Args:
        inputs: register, figures, commentary, family group, recommendations, meeting date.
        path: the ``.xlsm`` to write; refused if it exists, unless ``force``.
        force: replace an existing file.
        vba: a ready ``vbaProject.bin`` (default: made from ``spp_xl.excel.vba``).

    Raises:
        InputError: figures with no place in the workbook, or an output that cannot be written.
    """
    specs = workbook_specs(inputs)
    project = vba_project(len(specs)) if vba is None else vba
    return write_atomic(path, lambda tmp: write_specs(specs, tmp, project), force)


class _Formats:
    """xlsxwriter formats, made once per (style, number format, locked)."""

    def __init__(self, book):
        self.book, self.cache = book, {}

    def get(self, style: str, num: str | None = None, locked: bool = True):
        key = (style, num, locked)
        if key not in self.cache:
            props = dict(STYLES[style])
            if num:
                props["num_format"] = num
            if not locked:
                props["locked"] = False
            self.cache[key] = self.book.add_format(props)
        return self.cache[key]


def write_specs(specs: list[SheetSpec], path: Path, vba: bytes | None) -> None:
    """Writes the specs with xlsxwriter (the only module here that knows xlsxwriter)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                           "strings_to_urls": False, "in_memory": True})
    book.set_properties(DOC_PROPERTIES)
    # Open showing the cached figures: no full recalculation on load (xlsxwriter asks for one by
    # default), and the calculation-engine id of current Excel, which recalculates in full any file
    # stamped by an older engine. A first open with macros not yet enabled then shows the engine's
    # figures rather than #NAME? in every custom-function cell; editing a figure recalculates as usual.
    book.set_calc_mode("auto", calc_id=CALC_ID)
    # xlsxwriter 3.3 has no public switch for this (set_calc_mode clears it in manual mode only):
    # a test pins the written calcPr and pyproject pins the minor version.
    book.calc_on_load = False
    if vba is not None:
        book.add_vba_project(io.BytesIO(vba), is_stream=True)
        book.set_vba_name(WORKBOOK_CODE_NAME)
    formats = _Formats(book)
    for spec, code_name in zip(specs, sheet_code_names(len(specs))):
        ws = _write_sheet(book, formats, spec, vba is not None)
        if vba is not None:
            ws.set_vba_name(code_name)  # the name of its document module in the VBA project
    book.close()


def _write_sheet(book, formats: _Formats, spec: SheetSpec, with_vba: bool) -> None:
    ws = book.add_worksheet(spec.name)
    if spec.tab_colour:
        ws.set_tab_color(spec.tab_colour)
    for col, width in sorted(spec.widths.items()):
        ws.set_column(col, col, width)
    for col in spec.hidden_cols:
        ws.set_column(col, col, 2, None, {"hidden": True})
    for row, height in sorted(spec.heights.items()):
        if row not in spec.folded_rows:
            ws.set_row(row, height)
    for row in spec.folded_rows:
        ws.set_row(row, spec.heights.get(row), None, {"level": 1, "hidden": True})
    if spec.folded_rows:
        ws.set_row(max(spec.folded_rows) + 1, spec.heights.get(max(spec.folded_rows) + 1), None,
                   {"collapsed": True})
    merged = {(row, first): last for row, first, last in spec.merges}
    for row, first, last in spec.merges:
        first_cell = next((c for c in spec.cells if (c.row, c.col) == (row, first)), None)
        style = first_cell.style if first_cell else "label"
        ws.merge_range(row, first, row, last, "", formats.get(style))
    for cell in spec.cells:
        _write_cell(ws, formats, cell, (cell.row, cell.col) in merged)
    for target, options in spec.cond_formats:
        options = dict(options)
        options["format"] = book.add_format(options["format"])
        ws.conditional_format(target, options)
    for target, options in spec.validations:
        ws.data_validation(target, options)
    if spec.table:
        target, options = spec.table
        ws.add_table(target, options)
    for anchor, options in spec.charts:
        _chart(book, ws, anchor, options)
    if with_vba:
        for row, col, options in spec.buttons:
            ws.insert_button(row, col, options)
    for row, col, text, options in spec.textboxes:
        ws.insert_textbox(row, col, text, options)
    if spec.freeze:
        ws.freeze_panes(*spec.freeze)
    if spec.landscape:
        ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(1)  # on screen only: the printed page shows the tables' own borders
    if spec.protect:
        # No password: the protection stops accidental overtyping, not anyone determined.
        ws.protect("", {"insert_rows": True, "format_columns": True, "format_rows": True,
                        "select_locked_cells": True, "select_unlocked_cells": True})
    return ws


def _write_cell(ws, formats: _Formats, cell, merged: bool) -> None:
    fmt = formats.get(cell.style, cell.num, locked=cell.kind != "input")
    value = cell.value
    if isinstance(value, (dt.date, dt.datetime)) and cell.formula is not None:
        value = (value - dt.date(1899, 12, 30)).days  # Excel's date serial, as the cached value
    if cell.formula is not None:
        cached = "" if value is None else value
        if cell.spill_to is not None or cell.kind == "custom":
            # Excel 365 saves a formula calling a custom function as a dynamic array, of one cell when
            # it does not spill; written as a legacy formula, Excel would show it as =@SPP_...
            last = cell.col if cell.spill_to is None else cell.spill_to
            ws.write_dynamic_array_formula(cell.row, cell.col, cell.row, last, cell.formula, fmt, cached)
        else:
            ws.write_formula(cell.row, cell.col, cell.formula, fmt, cached)
    elif value is None or value == "":
        ws.write_blank(cell.row, cell.col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(cell.row, cell.col, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(cell.row, cell.col, value, fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        ws.write_datetime(cell.row, cell.col, value, fmt)
    else:
        ws.write_string(cell.row, cell.col, str(value), fmt)  # text is never taken for a formula


def _chart(book, ws, anchor: str, options: dict) -> None:
    chart = book.add_chart({"type": options["type"]})
    for series in options["series"]:
        series = dict(series)
        overlap, gap = series.pop("overlap", None), series.pop("gap", None)
        if overlap is not None:
            series["overlap"] = overlap
        if gap is not None:
            series["gap"] = gap
        chart.add_series(series)
    chart.set_title({"name": options["title"]})
    chart.set_y_axis(options["y_axis"])
    chart.set_legend(options["legend"])
    chart.set_size(options["size"])
    ws.insert_chart(anchor, chart)
