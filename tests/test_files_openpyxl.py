"""The openpyxl adapter: which derived cells of a workbook the project built no longer hold
their formula (a figure typed over them, or cleared), which calamine cannot tell."""

from __future__ import annotations

import hashlib

import openpyxl
import pytest

from spp_xl.core.errors import InputError
from spp_xl.files._openpyxl import cells_without_formula
from spp_xl.files.libreoffice import convert
from spp_xl.workbook import measure_schema as M
from places import ROWS
from spp_xl.workbook.build import build_workbook, workbook_specs

@pytest.fixture(scope="module")
def specs(bundled):
    return workbook_specs(bundled)


@pytest.fixture(scope="module")
def built(tmp_path_factory, bundled, project):
    return build_workbook(bundled, tmp_path_factory.mktemp("built") / "SPP_Performance.xlsm", vba=project)


def formula_cells(specs):
    """Every cell the builder writes a formula into, and every cell a spilled formula covers."""
    cells = []
    for sheet in specs:
        for cell in sheet.formulas():
            cells += [(sheet.name, cell.row, c) for c in range(cell.col, (cell.spill_to or cell.col) + 1)]
    return cells


def spilled(specs, sheet_name):
    return next(c for s in specs if s.name == sheet_name for c in s.formulas() if c.spill_to)


def test_every_formula_of_a_built_workbook_is_held(specs, built):
    cells = formula_cells(specs)
    assert len(cells) > 800 and sum(1 for s in specs for c in s.formulas() if c.spill_to) >= 6
    assert cells_without_formula(built, cells) == []


def test_input_and_label_cells_hold_no_formula(specs, built):
    inputs = [(s.name, c.row, c.col) for s in specs if s.name == "asb" for c in s.cells if c.kind == "input"]
    assert len(inputs) > 20
    assert cells_without_formula(built, inputs) == inputs


def test_figures_typed_over_formulas_are_found(tmp_path, specs, built):
    this_cum = (ROWS["this_cum"], M.FIRST_PERIOD_COL)                  # a native cumulative
    judgement = (ROWS["key"], M.key_col("judgement"))                  # a custom function's key figure
    profile = spilled(specs, "dv_reporting")                             # a spilled SPP_PROFILE row
    book = openpyxl.load_workbook(built, keep_vba=True)
    book["asb"].cell(this_cum[0] + 1, this_cum[1] + 1).value = 838
    book["asb"].cell(judgement[0] + 1, judgement[1] + 1).value = None   # cleared
    book["dv_reporting"].cell(profile.row + 1, profile.col + 1).value = 549
    edited = tmp_path / "overtyped.xlsm"
    book.save(edited)

    overtyped = [("asb", *this_cum), ("asb", *judgement)] + [
        ("dv_reporting", profile.row, c) for c in range(profile.col, profile.spill_to + 1)]
    cells = formula_cells(specs)
    assert all(cell in cells for cell in overtyped)
    assert cells_without_formula(edited, cells) == [cell for cell in cells if cell in overtyped]  # in order
    assert cells_without_formula(edited, list(reversed(overtyped))) == list(reversed(overtyped))


def test_a_workbook_saved_by_libreoffice_keeps_its_formulas(needs_libreoffice, tmp_path, specs, built):
    saved = convert(built, "xlsx", tmp_path, recalculate=False)
    assert cells_without_formula(saved, formula_cells(specs)) == []


def test_the_workbook_is_only_read(specs, built):
    before = hashlib.sha256(built.read_bytes()).hexdigest()
    cells_without_formula(built, formula_cells(specs))
    assert hashlib.sha256(built.read_bytes()).hexdigest() == before


def test_nothing_asked_nothing_read(tmp_path):
    assert cells_without_formula(tmp_path / "never opened.xlsm", []) == []


@pytest.mark.parametrize("content,message", [
    (b"measure,year,period,value\n", "cannot be read as an Excel workbook"),
    (b"PK\x03\x04 not really a zip", "cannot be read as an Excel workbook"),
])
def test_a_file_that_is_no_workbook_is_refused_naming_it(tmp_path, content, message):
    path = tmp_path / "book.xlsm"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        cells_without_formula(path, [("asb", 0, 0)])
    assert str(err.value).startswith(f"{path}: {message}")


def test_an_unknown_sheet_is_refused_naming_it(built):
    with pytest.raises(InputError, match=r"has no sheet named 'ASB incidents'"):
        cells_without_formula(built, [("ASB incidents", 5, 10)])
