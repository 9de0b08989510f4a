"""Text a reader sees is readable: every styled cell of the board report (quarter one,
quarter two and the year end, with a family group) and of both bundled workbooks (the .xlsm
and the Lite .xlsx), read back with openpyxl as Excel would show it, conditional formats
included, contrasts with its fill at WCAG 2.1 AA's ratio: 4.5:1, or 3:1 for large text (18
point, or 14 point bold). The rule that chooses the colours is ``spp_xl.files.look``; this
test reads the files, not the rule."""

from __future__ import annotations

import dataclasses
import datetime as dt
import doctest
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, range_boundaries
from years import year_to

from spp_xl.core.framework import framework
from spp_xl.core.register import load_register
from spp_xl.files import look
from spp_xl.files.look import contrast_ratio, readable_colour, required_ratio
from spp_xl.report import export_report
from spp_xl.sources import load_inputs
from test_report_pdf import ILLUSTRATIVE_FAMILY_GROUP

ROOT = Path(__file__).resolve().parent.parent
WORKBOOKS = (ROOT / "workbook" / "SPP_Performance.xlsm", ROOT / "workbook" / "SPP_Performance_Lite.xlsx")
REPORTS = {"2015/16 Jun": dt.date(2015, 7, 23), "2015/16 Sep": dt.date(2015, 10, 22),
           "2015/16 Mar": dt.date(2016, 5, 19)}


def _hex(colour, default: str) -> str:
    """openpyxl's colour as #RRGGBB: an explicit ARGB value, or the default where the cell has
    none or names the theme's first text colour (dark 1: black), as Excel's default font does."""
    if colour is None or (colour.type == "theme" and colour.theme == 1) or (colour.type == "indexed"
                                                                         and colour.indexed in (64, 8)):
        return default
    assert colour.type == "rgb", f"a colour this test cannot read: {colour}"
    return "#" + colour.rgb[-6:].upper()


def _fill(fill) -> str:
    if fill is None or fill.fill_type != "solid":
        return look.WHITE
    return _hex(fill.fgColor, look.WHITE)


def _hidden_columns(ws) -> set[int]:
    hidden = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden:
            hidden.update(range(dim.min, dim.max + 1))
    return hidden


def _conditional(ws) -> dict:
    """(row, col) -> the (fill, font) pairs conditional formats may give the cell."""
    looks = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            if rule.dxf is None:
                continue
            fill = rule.dxf.fill
            colour = None if fill is None else (fill.bgColor if fill.bgColor is not None and fill.bgColor.rgb
                                                 not in (None, "00000000") else fill.fgColor)
            pair = (_hex(colour, look.WHITE) if colour is not None else None,
                    _hex(rule.dxf.font.color, look.BLACK) if rule.dxf.font is not None else None)
            for rng in cf.sqref.ranges:
                min_col, min_row, max_col, max_row = range_boundaries(rng.coord)
                for r in range(min_row, max_row + 1):
                    for c in range(min_col, max_col + 1):
                        looks.setdefault((r, c), []).append(pair)
    return looks


def failures(path: Path) -> tuple[int, list[str]]:
    """How many shown cells were checked, and each that reads below its ratio."""
    wb = openpyxl.load_workbook(path)
    checked, bad = 0, []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        hidden_cols = _hidden_columns(ws)
        conditional = _conditional(ws)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or str(cell.value).strip() == "" or not hasattr(cell, "column"):
                    continue
                if cell.column in hidden_cols or ws.row_dimensions[cell.row].hidden:
                    continue
                font = cell.font
                size, bold = float(font.sz or 11), bool(font.b)
                text, fill = _hex(font.color, look.BLACK), _fill(cell.fill)
                need = required_ratio(size, bold)
                for cf_fill, cf_font in [(fill, text)] + conditional.get((cell.row, cell.column), []):
                    shown_fill, shown_text = cf_fill or fill, cf_font or text
                    checked += 1
                    ratio = contrast_ratio(shown_text, shown_fill)
                    if ratio < need:
                        bad.append(f"{path.name} {ws.title}!{cell.coordinate}: {shown_text} on {shown_fill} "
                                   f"{ratio:.2f}:1 < {need}:1 ({size:g}pt{' bold' if bold else ''})")
    return checked, bad


@pytest.fixture(scope="module", params=list(REPORTS))
def report(request, tmp_path_factory):
    as_of = request.param
    inputs = dataclasses.replace(load_inputs(), family_group=ILLUSTRATIVE_FAMILY_GROUP)
    if as_of != "2015/16 Jun":
        inputs = dataclasses.replace(inputs, dataset=year_to(load_register(), as_of))
    path = tmp_path_factory.mktemp("contrast") / "report.xlsx"
    export_report(inputs, path, as_of=as_of, meeting_date=REPORTS[as_of])
    return path


def test_every_shown_cell_of_the_report_is_readable(report):
    checked, bad = failures(report)
    assert checked > 500 and bad == [], "\n".join(bad)


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_every_shown_cell_of_the_bundled_workbooks_is_readable(path):
    checked, bad = failures(path)
    assert checked > 500 and bad == [], "\n".join(bad)


def test_the_banners_text_is_chosen_for_the_fill_not_taken_as_asked(report):
    """judgement.toml asks for white on green and red (2.87:1 and 4.00:1): the report prints black."""
    wb = openpyxl.load_workbook(report)
    seen = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.fill.fill_type == "solid" and isinstance(cell.value, str):
                    seen[_fill(cell.fill)] = _hex(cell.font.color, look.BLACK)
    fw = framework()
    assert fw.style("green").font == fw.style("red").font == "#FFFFFF"  # what the framework asks
    assert seen[fw.style("green").colour] == seen[fw.style("red").colour] == look.BLACK


def test_the_macros_fills_are_readable_under_the_cells_own_text():
    """Check data fills a finding's severity red or amber, and the Confirmed cell the input
    yellow, under the Checks sheet's own black text."""
    from spp_xl.workbook.spec import colour

    fw = framework()
    for fill in (fw.style("red").colour, fw.style("amber").colour, colour("input_fill")):
        assert contrast_ratio(look.BLACK, fill) >= 4.5, fill


@pytest.mark.parametrize("wanted, fill, ratio, chosen", [
    ("#FFFFFF", "#00B050", 4.5, "#000000"),   # the green banner: white is on the wrong side
    ("#FFFFFF", "#FF0000", 4.5, "#000000"),   # the red one: 4.00:1, black 5.25:1
    ("#FFFFFF", "#FF0000", 3.0, "#FFFFFF"),   # large text on red may stay white
    ("#000000", "#FFC000", 4.5, "#000000"),   # amber
    ("#7F7F7F", "#FFFFFF", 4.5, "#767676"),   # the workings' grey, darkened just enough
    ("#FFFFFF", "#1F3864", 4.5, "#FFFFFF"),   # the workbook's headings
    ("#D9D9D9", "#1F3864", 4.5, "#D9D9D9"),
    ("#3050A0", "#1F3864", 4.5, "#91A2CD"),   # a blue on navy, lightened just enough
    ("#1F3864", "#3050A0", 4.5, "#FFFFFF"),   # navy on a mid blue: white (darker would not get there)
    ("#808080", "#202020", 4.5, "#888888"),   # grey on a dark fill, lightened just enough
])
def test_the_rule_chooses_the_nearest_readable_colour(wanted, fill, ratio, chosen):
    got = readable_colour(wanted, fill, ratio)
    assert got == chosen
    assert contrast_ratio(got, fill) >= ratio


def test_large_text_is_wcags():
    assert required_ratio(18, False) == required_ratio(14, True) == 3.0
    assert required_ratio(17.5, False) == required_ratio(13, True) == required_ratio(16, False) == 4.5


def test_the_ratio_is_wcags():
    """Known pairs: black on white 21:1, the WebAIM grey #767676 on white 4.54:1."""
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.005)
    assert contrast_ratio("#777777", "#FFFFFF") < 4.5
    assert doctest.testmod(look).failed == 0


def test_hidden_column_reader_counts_ranges():
    """The test's own reading of hidden columns: xlsxwriter writes a range as one entry."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.column_dimensions.group("A", "C", hidden=True)
    assert {1, 2, 3} <= _hidden_columns(ws) and column_index_from_string("D") not in _hidden_columns(ws)


def _series_colours(path: Path) -> list[str]:
    import re
    import zipfile

    with zipfile.ZipFile(path) as package:
        charts = [package.read(n).decode() for n in package.namelist() if n.startswith("xl/charts/chart")]
    return [colour for xml in charts for ser in re.findall(r"<c:ser>.*?</c:ser>", xml, re.S)
            for colour in re.findall(r'<a:srgbClr val="([0-9A-Fa-f]{6})"', ser)]


def test_every_chart_line_and_bar_stands_out_from_the_white(report):
    """WCAG 2.1's non-text contrast (1.4.11): 3:1 for each series' line, fill and marker."""
    for path in (report, *WORKBOOKS):
        colours = _series_colours(path)
        assert colours, path
        low = {c for c in colours if contrast_ratio("#" + c, look.WHITE) < 3.0}
        assert not low, (path.name, low)
