"""Excel's own conventions, from the schema: every typed cell validated (what may be typed
there, a message saying what goes there, an error in the partnership's words), each
measure's typed rows named at workbook level, and the Figures sheet's Excel Table, which
reads every typed cell live and, once LibreOffice has calculated it, holds what
``spp-xl data`` writes. Read back with openpyxl, as Excel would find them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from spp_xl.cli import main
from spp_xl.core.partnership import partnership
from spp_xl.files.libreoffice import convert
from spp_xl.sources import load_inputs
from spp_xl.workbook import layout as L
from spp_xl.workbook import measure_schema as M
from spp_xl.workbook import schema as S
from spp_xl.workbook.build import build_workbook, workbook_specs
from spp_xl.workbook.measure_cells import typed_cells

INPUTS = load_inputs()
REGISTER = INPUTS.register


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_workbook(INPUTS, tmp_path_factory.mktemp("conventions") / "SPP_Performance.xlsm")


@pytest.fixture(scope="module")
def book(built):
    return openpyxl.load_workbook(built)


@pytest.fixture(scope="module")
def specs():
    return {spec.name: spec for spec in workbook_specs(INPUTS)}


def _validations(ws) -> dict:
    """(row, col), 0-based -> the data validation covering the cell."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            first_col, first_row, last_col, last_row = range_boundaries(ref)
            for r in range(first_row, last_row + 1):
                for c in range(first_col, last_col + 1):
                    assert (r - 1, c - 1) not in found, f"{ws.title}!{ref}: two validations"
                    found[(r - 1, c - 1)] = dv
    return found


def test_every_typed_cell_is_validated_with_what_goes_there_and_an_error_in_the_partnerships_words(book, specs):
    checked = 0
    for name, spec in specs.items():
        covered = _validations(book[name])
        for cell in spec.cells:
            if cell.kind != "input":
                continue
            dv = covered.get((cell.row, cell.col))
            assert dv is not None, f"{name}!{cell.ref} is typed but not validated"
            assert dv.showInputMessage and dv.prompt and dv.promptTitle == partnership().name, f"{name}!{cell.ref}"
            # Any value (Excel writes it as no type) has nothing to refuse, so no error to say.
            assert dv.type is None or (dv.showErrorMessage and dv.error and dv.errorTitle == partnership().name), \
                f"{name}!{cell.ref}"
            checked += 1
    assert checked > 600  # every measure's figures and out-turns, and every other sheet's typed cells


def _rule(book, sheet, ref):
    """(type, operator, formula1, formula2) of the cell's validation; Excel's default operator
    (between) is written as none."""
    col, row, _, _ = range_boundaries(ref)
    dv = _validations(book[sheet])[(row - 1, col - 1)]
    return dv.type, dv.operator or ("between" if dv.formula2 is not None else None), dv.formula1, dv.formula2


def test_each_kind_of_typed_cell_takes_what_the_schema_allows(book):
    asb, gap, rows = REGISTER.get("asb"), REGISTER.get("crime_gap"), M.rows_of(REGISTER.get("asb"))
    this_year = L.cell(rows[M.typed_row(asb, 0).key], M.FIRST_PERIOD_COL + 3)      # July: not typed yet
    assert _rule(book, "asb", this_year) == ("whole", "greaterThanOrEqual", "0", None)
    assert _rule(book, "asb", L.cell(rows[M.outturn_rows(asb)[0].key], M.OUTTURN_COLS[0])) == \
        ("whole", "greaterThanOrEqual", "0", None)
    gap_rows = M.rows_of(gap)
    assert _rule(book, "crime_gap", L.cell(gap_rows[M.typed_row(gap, 0).key], M.FIRST_PERIOD_COL)) == \
        ("decimal", "greaterThanOrEqual", "0", None)
    percent = REGISTER.get("hate_satisfaction")  # a percentage's figures are its counts: whole numbers of people
    for year, series in ((0, "numerator"), (0, "denominator"), (-1, "denominator")):
        ref = L.cell(M.rows_of(percent)[M.typed_row(percent, year, series).key], M.FIRST_PERIOD_COL)
        assert _rule(book, "hate_satisfaction", ref) == ("whole", "greaterThanOrEqual", "0", None)
    outturn = L.cell(M.rows_of(percent)[M.typed_row(percent, -1, "numerator").key], M.OUTTURN_COLS[0])
    assert _rule(book, "hate_satisfaction", outturn) == ("whole", "greaterThanOrEqual", "0", None)
    date = L.cell(S.setting("meeting_date").row, S.SETTINGS_VALUE_COL)
    kind, operator, low, high = _rule(book, L.SETTINGS, date)
    assert (kind, operator) == ("date", "between")
    assert [dt.date(1899, 12, 30) + dt.timedelta(days=int(v)) for v in (low, high)] == \
        [dt.date(2000, 1, 1), dt.date(2099, 12, 31)]
    confirmed = L.cell(S.CHECKS.header_row + 1, S.CHECKS.place("confirmed"))
    assert _rule(book, L.CHECKS, confirmed)[::2] == ("list", '"yes"')
    status = L.cell(S.RECOMMENDATIONS.header_row + 1, S.RECOMMENDATIONS.place("status"))
    assert _rule(book, L.RECOMMENDATIONS, status)[::2] == ("list", '"not started,on track,at risk,complete"')
    assert _rule(book, L.RECOMMENDATIONS, L.cell(S.RECOMMENDATIONS.header_row + 1, 1)) == \
        ("whole", "greaterThanOrEqual", "1", None)
    ours = L.cell(S.FAMILY_GROUP.header_row + 1, S.FAMILY_GROUP.place("ours"))
    assert _rule(book, L.FAMILY_GROUP, ours)[::2] == ("list", '"Yes"')
    tolerance = L.cell(S.MEASURES.header_row + 1, S.measures_col("tolerance"))
    assert _rule(book, L.MEASURES, tolerance) == ("decimal", "between", "0", "1")
    assert _rule(book, "Exceptions", L.cell(S.EXCEPTIONS.header_row + 1, S.EXCEPTIONS.place("staff")))[0] is None


def test_the_messages_say_what_goes_there(book):
    asb_rows = M.rows_of(REGISTER.get("asb"))
    dv = _validations(book["asb"])[(asb_rows["this_year"], M.FIRST_PERIOD_COL)]
    assert dv.prompt == "Actual 2015 - 2016: a whole number of incidents from 0; blank until known."
    assert dv.error.startswith("The figures are whole numbers of incidents from 0")
    dv = _validations(book[L.MEASURES])[(S.MEASURES.header_row + 1, S.measures_col("rule"))]
    assert dv.prompt.startswith("Forecast | same_period | straight_line | level: how the judgement is reached")
    hate = M.rows_of(REGISTER.get("hate_satisfaction"))
    dv = _validations(book["hate_satisfaction"])[(hate["this_den"], M.FIRST_PERIOD_COL)]
    assert dv.prompt == ("Victims surveyed 2015 - 2016: a whole number of victims surveyed from 0 (a count, never a "
                         "percentage); blank until known.")
    assert dv.error.startswith("The counts are whole numbers of victims surveyed from 0")
    dv = _validations(book[L.MEASURES])[(S.MEASURES.header_row + 1, S.measures_col("min_base"))]
    assert (dv.type, dv.formula1) == ("whole", "1") and dv.prompt.startswith("A percentage: the fewest people")


def test_each_measures_typed_rows_have_workbook_level_names(book):
    names = {name: dn.attr_text for name, dn in book.defined_names.items()}
    for measure in REGISTER:
        rows, sheet = M.rows_of(measure), L.quote(L.measure_sheet_name(measure.id))
        last = L.column_letters(M.FIRST_PERIOD_COL + len(measure.periods) - 1)
        series = ("numerator", "denominator") if measure.is_counts else ("",)  # a percentage's: its counts
        for year, part in ((year, part) for year in (-1, 0) for part in series):
            row = M.typed_row(measure, year, part)
            assert names.pop(f"{measure.id}_{row.key}") == f"{sheet}!$F${rows[row.key] + 1}:${last}${rows[row.key] + 1}"
            if year == -1:
                out = rows[row.key] + 1
                assert names.pop("_".join(p for p in (measure.id, part, "outturns") if p)) == \
                    f"{sheet}!$C${out}:$E${out}"
    assert not {n for n in names if not n.startswith("_xlnm")}
    assert "hate_satisfaction_this_num" in {n for n, _ in book.defined_names.items()}


def test_the_figures_sheet_holds_an_excel_table_of_every_typed_cell(book, specs):
    ws = book[L.FIGURES]
    (table,) = ws.tables.values()
    assert table.name == S.FIGURES_TABLE and [c.name for c in table.tableColumns] == ["measure", "year", "period",
                                                                                    "value"]
    typed = sum(1 for m in REGISTER for _ in typed_cells(m, REGISTER.year))
    first_col, first_row, last_col, last_row = range_boundaries(table.ref)
    assert last_row - first_row == typed and last_col - first_col == 3
    values = [c for c in specs[L.FIGURES].cells if c.formula]
    assert len(values) == typed and all(c.formula.startswith("=IF(ISNUMBER('") for c in values)


def test_the_figures_table_once_libreoffice_calculates_it_is_what_spp_xl_data_writes(built, tmp_path, capsys):
    assert main(["data", str(built)]) == 0
    written = [(r["measure"], r["year"], r["period"], float(r["value"]))
               for r in csv.DictReader(io.StringIO(capsys.readouterr().out))]
    shown = openpyxl.load_workbook(convert(built, "xlsx", tmp_path / "lo", recalculate=True), data_only=True)
    ws = shown[L.FIGURES]
    first_col, first_row, last_col, last_row = range_boundaries(next(iter(ws.tables.values())).ref)
    rows = [[ws.cell(r, c).value for c in range(first_col, last_col + 1)] for r in range(first_row + 1, last_row + 1)]
    table = [(m, y, p, float(v)) for m, y, p, v in rows if v not in (None, "")]
    assert table == written and len(table) == 114
