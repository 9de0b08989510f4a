"""The schema is the one place a sheet's shape is written: a row added to a measure sheet's
table as entries of ``measure_schema.TABLE`` (here, DASH training's bookings, typed as a series
of the measure, and the share of those booked who attended, calculated, as
docs/architecture.md shows) is built, read back, checked for figures typed over it and held
to the engine in LibreOffice, with nothing else changed.
"""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest

from spp_xl.core.dataset import Dataset, Observation
from spp_xl.core.periods import FinancialYear
from spp_xl.files.libreoffice import convert
from spp_xl.sources import load_inputs
from spp_xl.workbook import layout as L
from spp_xl.workbook import measure_schema as M
from spp_xl.workbook.build import workbook_specs, write_specs
from spp_xl.workbook.measure_formulas import Formula
from spp_xl.workbook.reader import read_workbook
from spp_xl.workbook.spec import PERCENT

MEASURE = "dash_training"  # a quarterly count of professionals trained, in the bundled register
THIS, LAST = FinancialYear(2015), FinancialYear(2014)


def _dash(measure) -> bool:
    return measure.id == MEASURE


def _attended(ctx) -> list:
    """Each quarter's trained over booked (the figure the cells must show, worked here)."""
    trained = ctx.dataset.series(MEASURE, ctx.year)
    booked = ctx.dataset.series(M.series_id(ctx.measure, "booked"), ctx.year)
    return [trained[p] / booked[p] if p in trained and booked.get(p) else None for p in ctx.measure.periods]


def _attendance(ctx, k) -> Formula:
    trained, booked = ctx.cell("this_year", k), ctx.cell("this_booked", k)
    return Formula(f'=IF(AND(ISNUMBER({trained}),ISNUMBER({booked})),IF({booked}=0,"",{trained}/{booked}),"")')


ADDED = (
    M.TableRow("last_booked", lambda m, year: f"Booked {year.previous().short}", _dash, year=-1,
               series="booked", applies=_dash),
    M.TableRow("this_booked", lambda m, year: f"Booked {year.short}", _dash, series="booked", applies=_dash),
    M.TableRow("attended", lambda m, year: f"% of those booked who attended {year.short}", lambda m: False,
               num=PERCENT, values=_attended, formula=_attendance, applies=_dash),
)
# Quarter one: 58 trained (the seed's figure) of 64 booked, 90.625%; last year's quarter one 20 booked.
COUNTS = [(f"{MEASURE}.booked", THIS, "Q1", 64.0), (f"{MEASURE}.booked", LAST, "Q1", 20.0)]


@pytest.fixture
def added(monkeypatch):
    monkeypatch.setattr(M, "TABLE", M.TABLE + ADDED)


@pytest.fixture
def built(added, tmp_path):
    inputs = load_inputs()
    figures = inputs.dataset
    counts = [Observation(measure, year, period, value, "counts.csv", f"{value:g}") for measure, year, period, value
              in COUNTS]
    inputs = dataclasses.replace(inputs, dataset=Dataset(figures.observations + counts, figures.source))
    specs = workbook_specs(inputs)
    path = tmp_path / "book.xlsx"
    write_specs(specs, path)
    return path, {spec.name: spec for spec in specs}


def test_the_added_rows_are_placed_after_the_table_and_only_on_the_measures_they_apply_to(added):
    register = load_inputs().register
    rows = M.rows_of(register.get(MEASURE))
    assert [rows[k] for k in ("pct", "last_booked", "this_booked", "attended", "note")] == \
        [M.FIRST_TABLE_ROW + 5 + k for k in range(4)] + [M.FIRST_TABLE_ROW + 10]
    assert "this_booked" not in M.rows_of(register.get("asb"))


def test_the_builder_writes_typed_rows_yellow_and_the_calculated_row_as_formulas(built):
    _, specs = built
    cells = {(c.row, c.col): c for c in specs[MEASURE].cells}
    rows, q1 = M.rows_of(load_inputs().register.get(MEASURE)), M.FIRST_PERIOD_COL
    assert [cells[(rows[k], L.KEY_COL)].value for k in ("this_booked", "attended")] == ["this_booked", "attended"]
    assert (cells[(rows["this_booked"], q1)].kind, cells[(rows["this_booked"], q1)].value) == ("input", 64.0)
    assert (cells[(rows["last_booked"], q1)].kind, cells[(rows["last_booked"], q1)].value) == ("input", 20.0)
    attended = cells[(rows["attended"], q1)]
    assert (attended.kind, attended.value, attended.num) == ("native", 0.90625, PERCENT)
    assert attended.formula.startswith("=IF(")
    assert cells[(rows["attended"], M.LABEL_COL)].value == "% of those booked who attended 15/16"


def test_the_reader_reads_the_series_and_the_check_finds_a_figure_typed_over(built, tmp_path):
    path, _ = built
    figures = {(o.measure, o.year, o.period): (o.value, o.where) for o in read_workbook(path).dataset.observations}
    rows = M.rows_of(load_inputs().register.get(MEASURE))
    q1 = L.cell(rows["this_booked"], M.FIRST_PERIOD_COL)
    assert figures[(f"{MEASURE}.booked", THIS, "Q1")] == (64.0, f"{path}: sheet '{MEASURE}', cell {q1}")
    assert figures[(f"{MEASURE}.booked", LAST, "Q1")][0] == 20.0
    book = openpyxl.load_workbook(path)
    ref = L.cell(rows["attended"], M.FIRST_PERIOD_COL)
    book[MEASURE][ref] = 0.8
    book.save(tmp_path / "typed.xlsx")
    for formulas in (False, True):
        found = [f for f in read_workbook(tmp_path / "typed.xlsx", formulas=formulas).dataset.findings
                 if "typed over" in f.message]
        assert [f.where.rsplit(": ", 1)[-1] for f in found] == [f"sheet '{MEASURE}', cell {ref}"]
        assert found[0].message.startswith("80.0% typed over the formula of '% of those booked who attended 15/16' "
                                           "(Q1)")
        assert "gives 90.6%" in found[0].message


def test_libreoffice_calculates_the_added_row_as_the_engine(built, tmp_path):
    path, specs = built
    shown = openpyxl.load_workbook(convert(path, "xlsx", tmp_path / "lo", recalculate=True), data_only=True)
    rows = M.rows_of(load_inputs().register.get(MEASURE))
    row = [c for c in specs[MEASURE].cells if c.row == rows["attended"] and c.formula]
    assert len(row) == 4
    assert [shown[MEASURE].cell(c.row + 1, c.col + 1).value or "" for c in row] == [0.90625, "", "", ""]
    assert [c.value for c in row] == [0.90625, "", "", ""]
