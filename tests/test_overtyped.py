"""A figure typed into a calculated row of a measure sheet (possible once the sheet is
unprotected, or in another spreadsheet application) is not used: the reader says so,
naming the sheet and the cell, and every command and the Checks sheet carry it."""

from __future__ import annotations

import copy

import pytest
from remote import payload_from, put, remote_engine, run, writes  # noqa: F401
from workbook_copies import COMMITTED, edited_copy

from spp_xl.cli import main
from spp_xl.excel import macros
from spp_xl.workbook import layout as L
from spp_xl.workbook import measure_schema as M
from places import ROWS
from spp_xl.workbook.reader import read_workbook


def _cell(key: str, period_index: int) -> str:
    return L.cell(ROWS[key], M.FIRST_PERIOD_COL + period_index)


def _typed(tmp_path, sheet: str, ref: str, value) -> str:
    def change(book):
        book[sheet][ref] = value
    return str(edited_copy(tmp_path / "SPP_Performance.xlsm", change))


def _overtyped(findings):
    return [f for f in findings if "typed over" in f.message]


def test_the_committed_workbook_has_no_figure_typed_over_a_formula():
    assert _overtyped(read_workbook(COMMITTED).dataset.findings) == []


@pytest.mark.parametrize("sheet, key, index, value, label", [
    ("hate_incidents", "this_year", 0, 60, "Actual 2015 - 2016"),     # a year-to-date measure's period row
    ("asb", "this_cum", 1, 1800, "Cum Actuals 15/16"),                # a period measure's running total
    ("asb", "last_cum", 11, 10299, "Cum Actuals 14/15"),              # last year's too
    ("dv_reporting", "pct", 2, -0.06, "% difference in Actuals"),     # the % row
])
def test_a_figure_typed_into_a_calculated_row_is_a_finding_naming_its_cell(tmp_path, capsys, sheet, key, index,
                                                                           value, label):
    ref = _cell(key, index)
    path = _typed(tmp_path, sheet, ref, value)
    found = _overtyped(read_workbook(path).dataset.findings)
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warning" and f.measure == sheet
    assert f.where.endswith(f"sheet '{sheet}', cell {ref}")
    assert label in f.message and "not used" in f.message
    for command in (["check", path], ["summary", path], ["export", path, "-o", str(tmp_path / "r.xlsx")]):
        main(command)
        said = capsys.readouterr()
        assert f"cell {ref}" in said.out + said.err, command


def test_a_row_typed_over_is_one_finding(tmp_path):
    def change(book):
        for k, value in enumerate((860, 1750, 2520)):
            book["asb"][_cell("this_cum", k)] = value
    found = _overtyped(read_workbook(edited_copy(tmp_path / "SPP_Performance.xlsm", change)).dataset.findings)
    assert len(found) == 1
    assert "Apr, May and Jun" in found[0].message and "864, 1,758 and 2,527" in found[0].message


def test_recalculate_lists_a_figure_typed_into_a_calculated_row_on_the_checks_sheet():
    payload = payload_from(COMMITTED)
    ref = _cell("this_year", 1)
    put(payload, "hate_incidents", ref, 99.0)
    for macro in (macros.recalculate, macros.check):
        book, actions = run(copy.deepcopy(payload), macro)
        written = [v for s, _, _, v in writes(book, actions) if s == L.CHECKS and isinstance(v, str)]
        assert any(w.endswith(f"sheet 'hate_incidents', cell {ref}") for w in written), macro
        assert any("typed over" in w and "99" in w for w in written), macro


def test_a_figure_typed_over_its_own_formulas_value_is_found_by_check(tmp_path, capsys):
    # ASB's running total to May is 864 + 894 = 1,758: typed as a value it shows the same, but
    # it no longer follows the months. Only the saved formulas show it (openpyxl), which check
    # reads; the values alone (every other command, kept quick) cannot: nothing they show is wrong yet.
    ref = _cell("this_cum", 1)
    path = _typed(tmp_path, "asb", ref, 1758)
    assert _overtyped(read_workbook(path).dataset.findings) == []
    found = _overtyped(read_workbook(path, formulas=True).dataset.findings)
    assert [f.where.rsplit(", ", 1)[-1] for f in found] == [f"cell {ref}"]
    assert "1,758 typed over the formula of 'Cum Actuals 15/16' (May)" in found[0].message
    main(["check", path])
    assert f"cell {ref}" in capsys.readouterr().out
