"""The schema is the one place a sheet's shape is written: a row added to a measure sheet's
table as entries of ``measure_schema.TABLE`` (here, a percentage measure's counts, typed,
and its period percentage, calculated, as docs/architecture.md shows) is built, read back,
checked for figures typed over it and held to the engine in LibreOffice, with nothing
else changed.
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

MEASURE = "asb_victim_satisfaction"  # a quarterly percentage of victims, in the bundled register
THIS, LAST = FinancialYear(2015), FinancialYear(2014)


def _counts(measure) -> bool:
    return measure.unit == "percent"


def _percentages(ctx) -> list:
    """Each quarter's numerator over its denominator (the engine's figure, worked here)."""
    numerator = ctx.dataset.series(M.series_id(ctx.measure, "numerator"), ctx.year)
    denominator = ctx.dataset.series(M.series_id(ctx.measure, "denominator"), ctx.year)
    return [numerator[p] / denominator[p] if p in numerator and denominator.get(p) else None
            for p in ctx.measure.periods]


def _percentage(ctx, k) -> Formula:
    num, den = ctx.cell("this_num", k), ctx.cell("this_den", k)
    return Formula(f'=IF(AND(ISNUMBER({num}),ISNUMBER({den})),IF({den}=0,"",{num}/{den}),"")')


ADDED = (
    M.TableRow("last_num", lambda m, year: f"Victims satisfied {year.previous().short}", _counts, year=-1,
               series="numerator", applies=_counts),
    M.TableRow("this_num", lambda m, year: f"Victims satisfied {year.short}", _counts, series="numerator",
               applies=_counts),
    M.TableRow("this_den", lambda m, year: f"Victims surveyed {year.short}", _counts, series="denominator",
               applies=_counts),
    M.TableRow("period_pct", lambda m, year: f"% satisfied {year.short}", lambda m: False, num=PERCENT,
               values=_percentages, formula=_percentage, applies=_counts),
)
# Quarter one: 45 of 50 satisfied (90%); last year's quarter one 40; quarter two not in yet.
COUNTS = [(f"{MEASURE}.numerator", THIS, "Q1", 45.0), (f"{MEASURE}.denominator", THIS, "Q1", 50.0),
          (f"{MEASURE}.numerator", LAST, "Q1", 40.0)]


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
    assert [rows[k] for k in ("pct", "last_num", "this_num", "this_den", "period_pct", "note")] == \
        [M.FIRST_TABLE_ROW + 5 + k for k in range(5)] + [M.FIRST_TABLE_ROW + 11]
    assert "this_num" not in M.rows_of(register.get("asb"))


def test_the_builder_writes_typed_rows_yellow_and_the_calculated_row_as_formulas(built):
    _, specs = built
    cells = {(c.row, c.col): c for c in specs[MEASURE].cells}
    rows, q1 = M.rows_of(load_inputs().register.get(MEASURE)), M.FIRST_PERIOD_COL
    assert [cells[(rows[k], L.KEY_COL)].value for k in ("this_num", "period_pct")] == ["this_num", "period_pct"]
    assert (cells[(rows["this_num"], q1)].kind, cells[(rows["this_num"], q1)].value) == ("input", 45.0)
    assert (cells[(rows["last_num"], q1)].kind, cells[(rows["last_num"], q1)].value) == ("input", 40.0)
    pct = cells[(rows["period_pct"], q1)]
    assert (pct.kind, pct.value, pct.num) == ("native", 0.9, PERCENT) and pct.formula.startswith("=IF(")
    assert cells[(rows["period_pct"], M.LABEL_COL)].value == "% satisfied 15/16"


def test_the_reader_reads_the_counts_and_the_check_finds_a_percentage_typed_over(built, tmp_path):
    path, _ = built
    figures = {(o.measure, o.year, o.period): (o.value, o.where) for o in read_workbook(path).dataset.observations}
    rows = M.rows_of(load_inputs().register.get(MEASURE))
    q1 = L.cell(rows["this_num"], M.FIRST_PERIOD_COL)
    assert figures[(f"{MEASURE}.numerator", THIS, "Q1")] == (45.0, f"{path}: sheet '{MEASURE}', cell {q1}")
    assert figures[(f"{MEASURE}.numerator", LAST, "Q1")][0] == 40.0
    book = openpyxl.load_workbook(path)
    ref = L.cell(rows["period_pct"], M.FIRST_PERIOD_COL)
    book[MEASURE][ref] = 0.8
    book.save(tmp_path / "typed.xlsx")
    for formulas in (False, True):
        found = [f for f in read_workbook(tmp_path / "typed.xlsx", formulas=formulas).dataset.findings
                 if "typed over" in f.message]
        assert [f.where.rsplit(": ", 1)[-1] for f in found] == [f"sheet '{MEASURE}', cell {ref}"]
        assert found[0].message.startswith("80.0% typed over the formula of '% satisfied 15/16' (Q1)")
        assert "gives 90.0%" in found[0].message


def test_libreoffice_calculates_the_added_row_as_the_engine(built, tmp_path):
    path, specs = built
    shown = openpyxl.load_workbook(convert(path, "xlsx", tmp_path / "lo", recalculate=True), data_only=True)
    rows = M.rows_of(load_inputs().register.get(MEASURE))
    row = [c for c in specs[MEASURE].cells if c.row == rows["period_pct"] and c.formula]
    assert len(row) == 4
    assert [shown[MEASURE].cell(c.row + 1, c.col + 1).value or "" for c in row] == [0.9, "", "", ""]
    assert [c.value for c in row] == [0.9, "", "", ""]
