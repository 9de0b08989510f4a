"""The workbook as built: reproducible, equal to the committed file, protected where it
should be, coloured by native conditional formats, its buttons wired to macros that exist."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from spp_xl.excel.vba import MACRO_NAMES, vba_modules
from spp_xl.core.framework import framework
from spp_xl.core.register import FIELDS
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S
from spp_xl.workbook import measure_schema as M
from places import ROWS
from spp_xl.excel.vba_project import workbook_project
from spp_xl.workbook.build import build_workbook, workbook_specs
from spp_xl.workbook.spec import colour

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "SPP_Performance.xlsm"


@pytest.fixture(scope="module")
def inputs(bundled):
    return bundled


@pytest.fixture(scope="module")
def built(tmp_path_factory, inputs, project):
    path = tmp_path_factory.mktemp("wb") / "SPP_Performance.xlsm"
    build_workbook(inputs, path, vba=project)
    return path


@pytest.fixture(scope="module")
def book(built):
    return openpyxl.load_workbook(built, keep_vba=True)


@pytest.fixture(scope="module")
def specs(inputs):
    return {s.name: s for s in workbook_specs(inputs)}


def test_two_builds_are_byte_identical(tmp_path, inputs, built):
    again = tmp_path / "again.xlsm"
    build_workbook(inputs, again, vba=workbook_project)  # a fresh VBA project too
    assert again.read_bytes() == built.read_bytes()


def test_the_committed_workbook_is_what_the_sources_build(built):
    assert COMMITTED.exists(), "run: spp-xl build-workbook -o workbook/SPP_Performance.xlsm"
    assert COMMITTED.read_bytes() == built.read_bytes(), (
        "workbook/SPP_Performance.xlsm is stale: rebuild it with "
        "'spp-xl build-workbook -o workbook/SPP_Performance.xlsm --force' and commit it")


def test_sheets_in_order(book, inputs):
    measures = [m.id for m in inputs.register]
    assert book.sheetnames == [L.DASHBOARD, L.EXCEPTIONS, *measures, L.FAMILY_GROUP, L.RECOMMENDATIONS,
                               L.MEASURES, L.SETTINGS, L.CHECKS, L.FIGURES, L.XLWINGS_CONF]


def test_it_is_macro_enabled_with_our_modules(built, project):
    with zipfile.ZipFile(built) as package:
        types = package.read("[Content_Types].xml").decode()
        assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
        assert package.read("xl/vbaProject.bin") == project


def test_excel_opens_it_showing_the_cached_figures(built):
    with zipfile.ZipFile(built) as package:
        calc = re.search(r"<calcPr[^>]*/>", package.read("xl/workbook.xml").decode()).group(0)
    assert "fullCalcOnLoad" not in calc and 'calcId="191029"' in calc


def test_every_button_points_at_a_macro_that_exists(built):
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(built))
    try:
        code = {name.rsplit(".", 1)[0]: text for _, _, name, text in parser.extract_macros()}
    finally:
        parser.close()
    for name, source in vba_modules().items():
        assert code[name].replace("\r\n", "\n").rstrip() == source.replace("\r\n", "\n").rstrip(), name
    with zipfile.ZipFile(built) as package:
        drawings = "".join(package.read(n).decode() for n in package.namelist() if n.endswith(".vml"))
    macros = re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", drawings)
    buttons = [b.sub for b in L.BUTTONS]
    assert sorted(macros) == sorted(MACRO_NAMES) == sorted(buttons)
    for macro in macros:
        assert re.search(rf"^\s*(Public\s+)?Sub\s+{macro}\s*\(", code["SppMacros"], re.M | re.I), macro


def test_inputs_are_unlocked_and_yellow_and_everything_else_locked(book, specs):
    checked = 0
    for name, spec in specs.items():
        ws = book[name]
        for cell in spec.cells:
            got = ws.cell(cell.row + 1, cell.col + 1)
            if cell.kind == "input":
                assert got.protection.locked is False, (name, cell.ref)
                if cell.style.startswith("input"):
                    assert got.fill.fgColor.rgb.endswith(colour("input_fill")[1:]), (name, cell.ref)
            else:
                assert got.protection.locked is not False, (name, cell.ref)
            checked += 1
    assert checked > 1000


def test_measure_and_output_sheets_are_protected_without_a_password(book, inputs):
    for name in [m.id for m in inputs.register] + [L.DASHBOARD, L.EXCEPTIONS, L.SETTINGS, L.FAMILY_GROUP]:
        protection = book[name].protection
        assert protection.sheet and not protection.password, name
        assert protection.insertRows is False  # False in openpyxl's terms: inserting rows is allowed
    assert not book[L.MEASURES].protection.sheet  # staff add rows to the table


def test_formulas_use_native_functions_and_the_add_ins_functions_where_issue_3_says(specs):
    asb = specs["asb"]
    by_row = {}
    for cell in asb.formulas():
        by_row.setdefault(cell.row, []).append(cell)
    cum = by_row[ROWS["this_cum"]]
    assert all("SPP_" not in c.formula and c.kind == "native" for c in cum)
    assert all(c.kind == "native" and "SPP_" not in c.formula for c in by_row[ROWS["pct"]])
    profile = [c for c in by_row[ROWS["profile"]]]
    assert len(profile) == 1 and profile[0].formula.count("SPP_PROFILE(") == 1 and profile[0].spill_to == 16
    key = {c.col: c for c in by_row[ROWS["key"]]}
    assert "SPP_FORECAST(" in key[M.key_col("forecast")].formula
    assert "SPP_JUDGEMENT(" in key[M.key_col("judgement")].formula
    for cell in asb.formulas("native"):
        assert "SPP_" not in cell.formula


def test_cached_values_are_the_seeds_figures(book):
    asb = book["asb"]
    profile = [asb.cell(ROWS["profile"] + 1, M.FIRST_PERIOD_COL + k + 1).value for k in range(12)]
    assert isinstance(profile[0], openpyxl.worksheet.formula.ArrayFormula)
    gap = openpyxl.load_workbook(COMMITTED, data_only=True)
    values = gap["asb"]
    row = [values.cell(ROWS["profile"] + 1, M.FIRST_PERIOD_COL + k + 1).value for k in range(12)]
    assert row == [838, 1676, 2514, 3352, 4190, 5028, 5866, 6704, 7542, 8380, 9218, 10064]
    key = {name: values.cell(ROWS["key"] + 1, M.key_col(name) + 1).value for name in (f.key for f in M.KEY_FIGURES)}
    assert key["ytd"] == 2527 and key["ytd_target"] == 2514 and key["judgement"] == "Green"
    assert round(key["forecast"]) == 9375 and key["change"] == -186
    ref = gap["da_referrals"]
    assert ref.cell(ROWS["key"] + 1, M.key_col("judgement") + 1).value == "Red"
    assert ref.cell(ROWS["banner"] + 1, 2).value.startswith("Area of significant concern")
    crime = gap["crime_gap"]
    assert [crime.cell(ROWS["profile"] + 1, M.FIRST_PERIOD_COL + k + 1).value for k in (0, 1, 11)] == \
        [6.44, 12.88, 77.3]
    hate = gap["hate_incidents"]
    assert [hate.cell(ROWS["profile"] + 1, M.FIRST_PERIOD_COL + k + 1).value for k in range(4)] == \
        [53, 105, 157, 208]


def test_judgement_cells_are_coloured_by_native_conditional_formats(book):
    fw = framework()
    ws = book["asb"]
    rules = {}
    for target, cf in ws.conditional_formatting._cf_rules.items():
        for rule in cf:
            rules.setdefault(str(target.sqref), []).append((rule.formula[0], rule.dxf.fill.bgColor.rgb))
    judgement = L.cell(ROWS["key"], M.key_col("judgement"))
    want = {(f'${judgement[0]}${judgement[1:]}="{fw.style(r).label}"', "FF" + fw.style(r).colour[1:])
            for r in ("green", "amber", "red")}
    assert want <= {(f, c) for f, c in rules[judgement]}
    banner = [k for k in rules if k.startswith("B2:")]
    assert banner and want <= set(rules[banner[0]])
    dash = book[L.DASHBOARD]
    assert len(dash.conditional_formatting) >= 12


def test_measures_sheet_is_an_excel_table_of_the_register_fields(book):
    ws = book[L.MEASURES]
    assert list(ws.tables) == [S.MEASURES_TABLE]
    table = ws.tables[S.MEASURES_TABLE]
    assert [c.name for c in table.tableColumns] == list(FIELDS)
    assert table.ref.startswith("B4:")


def test_recommendations_and_status_validation(book, inputs):
    ws = book[L.RECOMMENDATIONS]
    texts = [ws.cell(S.RECOMMENDATIONS.header_row + 2 + i, 3).value for i in range(17)]
    assert texts == [r.text for r in inputs.recommendations] and len(texts) == 17
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert '"not started,on track,at risk,complete"' in lists


def test_family_group_has_a_chart_per_period_with_our_bar_highlighted(built, book):
    ws = book[L.FAMILY_GROUP]
    assert ws.cell(S.FAMILY_GROUP.header_row + 2, 2).value == S.OUR_PARTNERSHIP
    assert ws.cell(S.FAMILY_GROUP.header_row + 2, 5).value == "Yes"
    with zipfile.ZipFile(built) as package:
        charts = [package.read(n).decode() for n in package.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2
    for xml in charts:
        assert colour("our_bar")[1:] in xml and colour("other_bars")[1:] in xml and '<c:overlap val="100"/>' in xml


def test_settings_and_xlwings_conf(book):
    ws = book[L.SETTINGS]
    assert ws.cell(S.setting("year").row + 1, 3).value == "2015/16"
    assert ws.cell(S.setting("meeting_date").row + 1, 3).value.date().isoformat() == "2015-07-23"
    conf = book[L.XLWINGS_CONF]
    pairs = {conf.cell(r, 1).value: conf.cell(r, 2).value for r in range(1, conf.max_row + 1)}
    assert pairs["UDF Modules"] == "spp_xl.excel.udfs"
    assert {"Use UDF Server", "Show Console"} <= set(pairs)
    # a blank interpreter row would override each laptop's own setting (docs/excel.md)
    assert not {"Interpreter_Win", "Interpreter_Mac", "PYTHONPATH"} & set(pairs)


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path, inputs, project):
    from dataclasses import replace

    evil = replace(inputs, commentary={"asb": ("=HYPERLINK(\"http://x\",\"click\")",)})
    path = build_workbook(evil, tmp_path / "t.xlsm", vba=project)
    ws = openpyxl.load_workbook(path)[L.EXCEPTIONS]
    staff = [ws.cell(r, 5).value for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "measure=asb"]
    assert staff == ['=HYPERLINK("http://x","click")']
    assert ws.cell(1, 1).data_type == "s"
    with zipfile.ZipFile(path) as package:
        assert "HYPERLINK" not in package.read("xl/worksheets/sheet2.xml").decode()


def test_every_forecast_cell_called_with_its_own_arguments_gives_the_engines_forecast(inputs):
    """Each measure sheet's SPP_FORECAST, called (as Excel would) with the values of the cells
    its formula names, gives the forecast the builder wrote there from the engine. The case
    that parted them: ASB 2014/15 with March not typed and its out-turn typed as 10,000, which
    the engine forecasts on (2,527 x 10,000 / 2,713 = 9,314) and the formula had no cell for
    (a straight line, 10,108)."""
    import dataclasses

    from openpyxl.utils import range_boundaries

    from spp_xl.core.dataset import Dataset, Observation
    from spp_xl.core.periods import ANNUAL, FinancialYear
    from spp_xl.excel import cells

    last = FinancialYear.parse("2014/15")
    kept = [o for o in inputs.dataset.observations
            if not (o.measure == "asb" and o.year == last and o.period in ("Mar", ANNUAL))]
    dataset = Dataset(kept + [Observation("asb", last, ANNUAL, 10000.0)])
    specs = {s.name: s for s in workbook_specs(dataclasses.replace(inputs, dataset=dataset))}
    checked = {}
    for measure in inputs.register:
        sheet = specs.get(measure.id)
        by_place = {(c.row, c.col): c for c in sheet.cells} if sheet else {}
        cell = by_place.get((M.TOP_ROWS["key"], M.key_col("forecast")))
        if cell is None or "SPP_FORECAST(" not in (cell.formula or ""):
            continue

        def values(ref):
            min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
            got = [[getattr(by_place.get((r - 1, c - 1)), "value", None) for c in range(min_col, max_col + 1)]
                   for r in range(min_row, max_row + 1)]
            return got if (min_row, min_col) != (max_row, max_col) else got[0][0]

        guard, arguments = re.fullmatch(r'=IF\((\$\w+\$\d+)=0,"",SPP_FORECAST\(([^()]*)\)\)', cell.formula).groups()
        if values(guard) == 0:  # no period reported: the IF leaves the cell blank
            assert cell.value in (None, ""), measure.id
            continue
        called = cells.forecast(*(values(a) for a in arguments.split(",")))
        assert called == pytest.approx(cell.value), (measure.id, cell.formula)
        checked[measure.id] = called
    assert len(checked) >= 6 and round(checked["asb"]) == 9314
