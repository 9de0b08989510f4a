"""xlsxwriter: a neutral ``Book`` (``spp_xl.files.sheet``) written as an .xlsx or .xlsm.

The only module that imports xlsxwriter. Text is always written as text (never taken
for a formula, a number or a link); formulas carry the value the engine computed, so the
file shows right figures before any recalculation; formats are made once per style.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Mapping

from ..core.errors import InputError
from . import a1
from .a1 import quote
from .look import readable, readable_colour, readable_graphic
from .sheet import Book, Cell, Chart, SheetSpec, Validation, excel_date

CELL_TEXT_LIMIT = 32_767  # characters Excel holds in a cell
FORMULA_LIMIT = 8_192  # characters of a formula Excel takes
LITERAL_LIMIT = 255  # characters of text a formula may quote ("..."): Excel refuses a longer one
_LITERAL = re.compile(r'"((?:[^"]|"")*)"')

# The neutral style vocabulary (look.STYLE_TYPES, and a cell's number format and lock) in xlsxwriter's words.
_FORMAT_KEYS = {"font": "font_name", "size": "font_size", "bold": "bold", "italic": "italic",
                "colour": "font_color", "align": "align", "valign": "valign", "wrap": "text_wrap",
                "border": "border", "border_colour": "border_color", "indent": "indent", "number": "num_format",
                "locked": "locked"}
# What staff may still do on a protected sheet, in xlsxwriter's words; selecting is always allowed.
_PROTECTION_KEYS = {"insert_rows": "insert_rows", "format_columns": "format_columns", "format_rows": "format_rows"}
_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
            # xlsxwriter otherwise stages every part in its own temporary file, which costs more
            # than writing the parts themselves (a 1,000-measure report: 5,000 files).
            "in_memory": True}


def format_properties(style: Mapping) -> dict:
    """xlsxwriter's format properties for a style of the neutral vocabulary, its text colour
    made readable on its fill (``look.readable``)."""
    style = readable(style)
    props = {_FORMAT_KEYS[k]: v for k, v in style.items() if k in _FORMAT_KEYS}
    if style.get("underline"):
        props["underline"] = 1
    if style.get("fill"):
        props.update(bg_color=style["fill"], pattern=1)
    return props


class _Formats:
    """One xlsxwriter format per (style, number format, locked), made once."""

    def __init__(self, workbook, look: Mapping[str, Mapping]):
        self.workbook, self.look, self.cache = workbook, look, {}

    def get(self, style: str | None, number: str | None = None, locked: bool = True):
        if style is None and number is None:
            return None  # the sheet's default format
        key = (style, number, locked)
        if key not in self.cache:
            props = dict(self.look[style]) if style is not None else {}
            if number:
                props["number"] = number
            if not locked:
                props["locked"] = False
            self.cache[key] = self.workbook.add_format(format_properties(props))
        return self.cache[key]


def write_book(book: Book, path: str | Path) -> None:
    """Writes ``book`` to ``path`` (give a temporary path: see ``spp_xl.files.atomic``)."""
    import xlsxwriter

    package = io.BytesIO()
    workbook = xlsxwriter.Workbook(package, _OPTIONS)
    workbook.set_properties(dict(book.properties))
    if book.calc_id is not None:
        # Open showing the cached figures: no full recalculation on load (xlsxwriter asks for one
        # by default), stamped with the calculation engine of current Excel, which recalculates in
        # full any file stamped by an older one. xlsxwriter 3.3 has no public switch for the first
        # (set_calc_mode clears it in manual mode only): a test pins the written calcPr and
        # pyproject pins the minor version.
        workbook.set_calc_mode("auto", calc_id=book.calc_id)
        workbook.calc_on_load = False
    if book.vba is not None:
        workbook.add_vba_project(io.BytesIO(book.vba), is_stream=True)
        workbook.set_vba_name(book.workbook_code_name)
    for spec in book.sheets:
        for name, target in spec.names.items():
            workbook.define_name(name, f"={quote(spec.name)}!{target}")
    formats = _Formats(workbook, book.look)
    for i, spec in enumerate(book.sheets):
        ws = _sheet(workbook, formats, spec, book.vba is not None)
        if book.vba is not None:
            ws.set_vba_name(book.code_names[i])  # the name of its document module in the VBA project
    workbook.close()
    Path(path).write_bytes(finished(package.getvalue()))


# A formula cell whose cached result is blank, as xlsxwriter writes it: no type, an empty value.
_BLANK_RESULT = re.compile(rb'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?)(><f>[^<]*</f><v></v></c>)')
# What XML 1.0 forbids: control characters other than tab, line feed and carriage return. A title
# pasted from Word carries a vertical tab (its line break); xlsxwriter escapes them in cells
# (_x000B_) but writes them as they are in attributes (a validation's message, a link's text, a
# chart's description), which makes a file Excel calls corrupt.
_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def finished(package: bytes) -> bytes:
    """The package as Excel writes one: every formula whose cached result is blank stored as
    text (``t="str"``) with an empty value (xlsxwriter leaves the type out, which says the empty
    value is a number), and every XML part well-formed, a control character XML forbids written
    as a space where xlsxwriter left it as it came."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    changed = [(info, _finished_part(info.filename, data)) for info, data in parts]
    if all(data is new for (_, data), (_, new) in zip(parts, changed)):
        return package
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info, data in changed:
            target.writestr(info, data)  # the same name, time and compression
    return out.getvalue()


def _finished_part(name: str, data: bytes) -> bytes:
    """One part as ``finished`` leaves it (``data`` itself when nothing changes)."""
    if name.startswith("xl/worksheets/") and _BLANK_RESULT.search(data):
        data = _BLANK_RESULT.sub(rb'\1 t="str"\2', data)
    if name.endswith((".xml", ".rels", ".vml")) and _FORBIDDEN.search(data):
        data = _FORBIDDEN.sub(b" ", data)
    return data


def write_code_names(path: str | Path, workbook_code_name: str, code_names) -> None:
    """An .xlsm of empty sheets with these code names and no VBA project: what pyOpenVBA gives
    the document modules Excel gives a workbook's first project (``excel.vba_project``)."""
    import xlsxwriter

    scaffold = xlsxwriter.Workbook(str(path))
    scaffold.set_vba_name(workbook_code_name)
    for code_name in code_names:
        scaffold.add_worksheet().set_vba_name(code_name)
    scaffold.close()


def _sheet(workbook, formats: _Formats, spec: SheetSpec, with_vba: bool):
    ws = workbook.add_worksheet(spec.name)
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
        after = max(spec.folded_rows) + 1
        ws.set_row(after, spec.heights.get(after), None, {"collapsed": True})
    firsts = {(c.row, c.col): c for c in spec.cells}
    for row, first, last in spec.merges:
        cell = firsts.get((row, first))
        ws.merge_range(row, first, row, last, "", formats.get(cell.style if cell else "label",
                                                             cell.num if cell else None))
    for cell in spec.cells:
        _cell(ws, formats, cell)
    for cf in spec.cond_formats:
        ws.conditional_format(cf.target, {"type": "formula", "criteria": cf.criteria,
                                          "format": workbook.add_format({
                                              "bg_color": cf.fill, "font_color": readable_colour(cf.font, cf.fill)})})
    for v in spec.validations:
        ws.data_validation(v.target, _validation(v))
    if spec.table:
        ws.add_table(spec.table.target, {"name": spec.table.name, "style": spec.table.style,
                                         "columns": [{"header": c} for c in spec.table.columns]})
    for chart in spec.charts:
        _chart(workbook, ws, chart)
    if with_vba:
        for b in spec.buttons:
            ws.insert_button(b.row, b.col, {"macro": b.macro, "caption": b.caption,
                                            "width": b.width, "height": b.height})
    for box in spec.textboxes:
        options = {"width": box.width, "height": box.height,
                   "font": {"bold": box.bold, **({"color": readable_colour(box.font_colour, box.fill or "#FFFFFF")}
                                                 if box.font_colour else {})},
                   "align": {"vertical": "middle", "horizontal": "center"}}
        if box.fill:
            options["fill"] = {"color": box.fill}
        if box.line:
            options["line"] = {"color": box.line}
        if box.link:
            options["url"] = f"internal:{box.link}"
        if box.tip:
            options["tip"] = box.tip
        ws.insert_textbox(box.row, box.col, box.text, options)
    if spec.freeze:
        ws.freeze_panes(*spec.freeze)
    _page(ws, spec)
    if spec.protect is not None:
        # No password: the protection stops accidental overtyping, not anyone determined.
        ws.protect("", {**{_PROTECTION_KEYS[k]: True for k in spec.protect},
                        "select_locked_cells": True, "select_unlocked_cells": True})
    if spec.hidden:
        ws.hide()
    return ws


# Excel's limits on a validation's texts (characters): longer ones make a file Excel repairs.
_TITLE_MAX, _MESSAGE_MAX = 32, 255


def _validation(v: Validation) -> dict:
    """xlsxwriter's options for a validation."""
    options = {"validate": v.kind, "ignore_blank": True}
    if v.kind == "list":
        options["source"] = list(v.choices)
    elif v.kind != "any":
        if v.maximum is None:
            options.update(criteria=">=", value=v.minimum)
        else:
            options.update(criteria="between", minimum=v.minimum, maximum=v.maximum)
    if v.prompt:
        options["input_message"] = v.prompt[:_MESSAGE_MAX]
        if v.title:
            options["input_title"] = v.title[:_TITLE_MAX]
    if v.message:
        options["error_message"] = v.message[:_MESSAGE_MAX]
        if v.title:
            options["error_title"] = v.title[:_TITLE_MAX]
    return options


def _page(ws, spec: SheetSpec) -> None:
    page = spec.page
    if page.landscape:
        ws.set_landscape()
    if page.paper is not None:
        ws.set_paper(page.paper)
    if page.margins:
        m = page.margins
        ws.set_margins(left=m["left"], right=m["right"], top=m["top"], bottom=m["bottom"])
    if page.footer:
        ws.set_footer(page.footer, {"margin": page.margins["footer"]} if page.margins else {})
    if page.screen_gridlines is not None:
        ws.hide_gridlines(1 if page.screen_gridlines else 2)  # 1: hidden on paper only; 2: everywhere
    if page.print_area:
        ws.print_area(*page.print_area)
    if page.repeat_rows:
        ws.repeat_rows(*page.repeat_rows)
    if page.scale is not None:
        ws.set_print_scale(page.scale)
        if page.breaks:
            ws.set_h_pagebreaks(list(page.breaks))
    elif page.fit:
        ws.fit_to_pages(*page.fit)


def _cell(ws, formats: _Formats, cell: Cell) -> None:
    fmt = formats.get(cell.style, cell.num, locked=cell.kind != "input")
    value = cell.value
    if cell.link is not None:
        ws.write_url(cell.row, cell.col, f"internal:'{cell.link}'!A1", fmt, string=str(value))
        return
    if cell.formula is not None:
        cell = replace(cell, formula=_short_literals(cell.formula))
        if len(cell.formula) > FORMULA_LIMIT:  # Excel would call the file corrupt
            raise InputError(f"sheet '{ws.name}', cell {a1.cell(cell.row, cell.col)}: a formula of "
                             f"{len(cell.formula):,} characters is over Excel's {FORMULA_LIMIT:,}: shorten the text "
                             f"it quotes where it is typed (it begins {cell.formula[:60]!r})")
        if isinstance(value, dt.date):
            value = excel_date(value if not isinstance(value, dt.datetime) else value.date())
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
        text = str(value)
        if len(text) > CELL_TEXT_LIMIT:  # xlsxwriter would cut it without a word
            raise InputError(f"sheet '{ws.name}', cell {a1.cell(cell.row, cell.col)}: text of {len(text):,} "
                             f"characters is over Excel's {CELL_TEXT_LIMIT:,} a cell, and would be cut; shorten it "
                             f"where it is typed (it begins {text[:40]!r})")
        ws.write_string(cell.row, cell.col, text, fmt)  # text is never taken for a formula


def _short_literals(formula: str) -> str:
    """``formula`` with each text it quotes of over ``LITERAL_LIMIT`` characters (a measure's
    wording, typed in the register) written as pieces joined with ``&``, which Excel takes.

    >>> _short_literals('IF(A1,"' + "x" * 300 + '","")') == 'IF(A1,("' + "x" * 255 + '"&"' + "x" * 45 + '"),"")'
    True
    """
    def pieces(match) -> str:
        text = match.group(1).replace('""', '"')
        if len(text) <= LITERAL_LIMIT:
            return match.group(0)
        parts = (text[i:i + LITERAL_LIMIT] for i in range(0, len(text), LITERAL_LIMIT))
        return "(" + "&".join('"' + part.replace('"', '""') + '"' for part in parts) + ")"
    return _LITERAL.sub(pieces, formula)


def _chart(workbook, ws, chart: Chart) -> None:
    charts = {}
    for s in chart.series:
        s = replace(s, colour=readable_graphic(s.colour),
                    point_colours=tuple(readable_graphic(c) for c in s.point_colours))
        if s.kind not in charts:
            charts[s.kind] = workbook.add_chart({"type": s.kind})
        spec = {"name": s.name, "categories": s.categories, "values": s.values}
        if s.kind == "line":
            spec.update(line={"color": s.colour, "width": 2.25, "dash_type": "dash" if s.dashed else "solid"})
            if s.markers:
                spec["marker"] = {"type": "circle", "size": 5, "fill": {"color": s.colour},
                                  "border": {"color": s.colour}}
        else:
            spec["fill"] = {"color": s.colour}
            if not s.outline:
                spec["border"] = {"none": True}
        if s.point_colours:
            spec["points"] = [{"fill": {"color": c}} for c in s.point_colours]
        if s.overlap is not None:
            spec["overlap"] = s.overlap
        if s.gap is not None:
            spec["gap"] = s.gap
        charts[s.kind].add_series(spec)
    kinds = list(charts)
    primary = charts[kinds[0]]
    for kind in kinds[1:]:
        primary.combine(charts[kind])
    primary.set_size({"width": chart.width, "height": chart.height})
    # A bar's height is its figure: its axis starts at zero. Left to itself, Excel (as LibreOffice)
    # starts it near the lowest bar when the bars are close (84.4% and 79.1% drawn from 76%, the
    # second a third the height of the first). Every figure charted is 0 or more.
    base = {"min": 0} if {"column", "bar"} & set(charts) else {}
    small = {"size": 9}
    if chart.small_fonts:
        primary.set_title({"name": chart.title, "name_font": {"size": 11, "bold": True}})
        axis = {"name": chart.y_title, "name_font": {**small, "bold": False}, "num_font": small,
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}, **base}
        if chart.y_format:
            axis["num_format"] = chart.y_format
        primary.set_y_axis(axis)
        primary.set_x_axis({"num_font": small})
        primary.set_legend({"position": "bottom", "font": small} if chart.legend else {"none": True})
        primary.show_blanks_as("gap")
    else:
        primary.set_title({"name": chart.title})
        primary.set_y_axis({"name": chart.y_title, **base})
        primary.set_legend({"position": "bottom"} if chart.legend else {"none": True})
    options = {"x_offset": chart.offset[0], "y_offset": chart.offset[1], "object_position": 1}
    if chart.description:
        options["description"] = chart.description  # Excel's Alt Text; tagged PDFs carry it
    ws.insert_chart(chart.row, chart.col, primary, options)
