"""The Neighbourhoods sheet in the workbook's life: written by spp-xl police, left alone by
Recalculate, read back whole, carried into a new year's workbook with the figures it stands
behind and dropped with them."""

from __future__ import annotations

import copy

import pytest
from remote import payload_from, remote_engine, run, writes  # noqa: F401

import police_city
from spp_xl.cli import main
from spp_xl.core.periods import FinancialYear
from spp_xl.files import read_grids
from spp_xl.sources import load_inputs
from spp_xl.workbook.neighbourhoods import NAME


@pytest.fixture(scope="module")
def quarter_two(tmp_path_factory):
    return police_city.quarter_two_workbook(tmp_path_factory.mktemp("q2"))


def test_the_sheet_holds_every_neighbourhood_of_every_gap_figure(quarter_two):
    inputs = load_inputs(quarter_two)
    months = {(f.year, f.period) for f in inputs.neighbourhoods}
    assert months == {(FinancialYear(2015), p) for p in ("Apr", "May", "Jun", "Jul", "Aug", "Sep")}
    assert len(inputs.neighbourhoods) == 6 * 40
    grid = dict(read_grids(quarter_two))[NAME]
    assert grid[0][0] == "spp:neighbourhoods"
    first = next(r for r in grid if r[0] == "row")  # the latest month first, by rank
    assert first[1:4] == ["crime_gap", "2015/16", "Sep"] and first[8] == 1 and first[9] == "Yes"


def test_recalculate_leaves_it_alone(quarter_two):
    book, actions = run(copy.deepcopy(payload_from(quarter_two)))
    written = {sheet for sheet, *_ in writes(book, actions)}
    assert NAME not in written and "Checks" in written


def test_a_new_year_carries_it_with_last_years_figures_and_drops_it_after(quarter_two, tmp_path, capsys):
    next_year, after = tmp_path / "2016-17.xlsm", tmp_path / "2017-18.xlsm"
    assert main(["new-year", str(quarter_two), "-o", str(next_year), "--keep-targets"]) == 0
    carried = load_inputs(next_year).neighbourhoods
    assert carried == load_inputs(quarter_two).neighbourhoods  # 2015/16 is the new workbook's last year
    assert main(["new-year", str(next_year), "-o", str(after), "--keep-targets"]) == 0
    capsys.readouterr()
    assert load_inputs(after).neighbourhoods == ()  # 2015/16's months have left the workbook
    assert NAME not in dict(read_grids(after))
