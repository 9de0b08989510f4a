"""The core's vocabulary, each word defined once: financial years and their calendar months
and short forms, the names of periods, the window of years the workbook keeps, the register's
defaults (which the workbook's formulas read), the amber band's default, what yes is, and the
partnership's name."""

from __future__ import annotations

import doctest

import pytest

from spp_xl.core import dataset, periods
from spp_xl.core import partnership as partnership_module
from spp_xl.core.dataset import YES, confirmation, yes_or_no
from spp_xl.core.errors import RegisterError
from spp_xl.core.framework import framework
from spp_xl.core.partnership import partnership, partnership_from_toml
from spp_xl.core.periods import MONTHS, FinancialYear, period_name, point_name
from spp_xl.core.fields import DEFAULTS
from spp_xl.core.register import Measure, load_register
from spp_xl.sources import load_inputs
from spp_xl.workbook import measure_schema as M
from spp_xl.workbook.build import workbook_specs


@pytest.mark.parametrize("module", [periods, dataset, partnership_module])
def test_the_examples_in_the_docstrings_hold(module):
    failures, tried = doctest.testmod(module)
    assert failures == 0 and tried > 0


@pytest.mark.parametrize("start", [1999, 2015, 2099])
def test_every_month_of_a_year_is_its_calendar_month_and_back(start):
    year = FinancialYear(start)
    months = [year.calendar_month(i) for i in range(12)]
    assert months[0] == (start, 4) and months[8] == (start, 12) and months[9] == (start + 1, 1)
    assert [FinancialYear.of_month(*m) for m in months] == [(year, i) for i in range(12)]


@pytest.mark.parametrize("text, latest, start", [("14/15", 2015, 2014), ("15/16", 2015, 2015),
                                                  ("99/00", 2015, 1999), ("99/00", 2001, 1999),
                                                  ("00/01", 2001, 2000)])
def test_a_short_year_is_the_latest_such_year_not_after_the_one_given(text, latest, start):
    assert FinancialYear.parse_short(text, FinancialYear(latest)) == FinancialYear(start)
    assert FinancialYear(start).short == text


@pytest.mark.parametrize("text", ["14/16", "2014/15", "14-15", ""])
def test_anything_else_is_not_a_short_year(text):
    with pytest.raises(ValueError):
        FinancialYear.parse_short(text, FinancialYear(2015))


def test_periods_are_named_one_way():
    assert [period_name("monthly", i) for i in (0, 11)] == ["April", "March"]
    assert [period_name("quarterly", i) for i in range(4)] == [f"quarter {w}" for w in ("one", "two", "three", "four")]
    assert [point_name(i) for i in (2, 3, 11)] == ["quarter one", "July", "quarter four"]


def test_the_workbook_keeps_the_out_turns_of_the_window_of_years():
    inputs = load_inputs()
    spec = next(s for s in workbook_specs(inputs) if s.name == "asb")
    header = {c.col: c.value for c in spec.cells if c.row == M.TOP_ROWS["header"]}
    assert [header[c] for c in M.OUTTURN_COLS] == [y.short for y in inputs.register.year.outturn_years()]
    assert [y.short for y in FinancialYear(2015).outturn_years()] == ["12/13", "13/14", "14/15"]


def test_a_measure_left_blank_takes_the_registers_defaults_and_the_framework_gives_the_amber_band():
    m = Measure("x", "X", "reduce", "monthly")
    assert (m.entry, m.unit, m.rule, m.status, m.tolerance) == (DEFAULTS["entry"], DEFAULTS["unit"],
                                                                  DEFAULTS["rule"], DEFAULTS["status"], 0.15)
    assert DEFAULTS["tolerance"] == framework().tolerance == 0.15
    assert framework().phrase("amber") == framework().phrase("amber", 0.15)
    assert all(m.tolerance == 0.15 for m in load_register() if m.id != "crime_gap")


def test_the_workings_formulas_read_the_registers_defaults():
    spec = next(s for s in workbook_specs(load_inputs()) if s.name == "asb")
    formulas = {c.col: c.formula for c in spec.cells if c.row == M.TOP_ROWS["work"]}
    for name in ("entry", "status", "better_when", "tolerance"):
        default = DEFAULTS[name]
        shown = f'"{default}"' if isinstance(default, str) else f"{default:g}"
        assert f'="",{shown},' in formulas[M.work_col(name)], name


def test_yes_is_one_list_of_words():
    assert all(yes_or_no(word.upper()) is True and confirmation(word) for word in YES)
    assert yes_or_no("no") is False and yes_or_no("") is False and yes_or_no("perhaps") is None
    with pytest.raises(ValueError, match="'perhaps' is not yes or no"):
        confirmation("perhaps")


def test_the_partnerships_name_is_its_settings():
    assert (partnership().name, partnership().area) == ("Safer Plymouth Partnership", "Plymouth")
    spec = next(s for s in workbook_specs(load_inputs()) if s.name == "Dashboard")
    assert spec.cells[1].value == "Safer Plymouth Partnership: performance dashboard"
    with pytest.raises(RegisterError, match="field 'area' must be the partnership's area"):
        partnership_from_toml('name = "Safer Torbay Partnership"\n', "partnership.toml")
    assert MONTHS[0] == "Apr"
