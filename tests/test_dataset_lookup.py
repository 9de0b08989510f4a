"""Looking up one figure's observation by (measure, year, period)."""

import pytest

from spp_xl.core.dataset import Dataset, Observation, read_csv
from spp_xl.core.periods import ANNUAL, FinancialYear

FY = FinancialYear(2015)
LAST = FY.previous()


def obs(measure, year, period, value, where):
    return Observation(measure, year, period, value, where, "n/a" if value is None else str(value))


DATA = Dataset([
    obs("asb", FY, "Apr", 838.0, "line 2"),
    obs("asb", FY, "Apr", 900.0, "line 3"),       # a duplicate: the first wins, as in series()
    obs("asb", FY, "May", None, "line 4"),        # unreadable, then a number for the same month
    obs("asb", FY, "May", 850.0, "line 5"),
    obs("asb", FY, "Jun", None, "line 6"),        # unreadable alone: still found, to be quoted
    obs("asb", LAST, ANNUAL, 10299.0, "line 7"),
    obs("dv", FY, "Apr", 549.0, "line 8"),
])


@pytest.mark.parametrize("measure,year,period,where", [
    ("asb", FY, "Apr", "line 2"),
    ("asb", FY, "May", "line 5"),
    ("asb", FY, "Jun", "line 6"),
    ("asb", LAST, ANNUAL, "line 7"),
    ("dv", FY, "Apr", "line 8"),
    ("asb", FY, "Jul", None),      # no such figure
    ("asb", LAST, "Apr", None),    # another year
    ("sac", FY, "Apr", None),      # another measure
])
def test_observation(measure, year, period, where):
    found = DATA.observation(measure, year, period)
    assert (found.where if found else None) == where


def test_the_lookup_agrees_with_the_series():
    data = read_csv()
    for measure in data.measures():
        for year in data.years(measure):
            for period, value in data.series(measure, year).items():
                assert data.observation(measure, year, period).value == value
    assert sum(len(data.observations_of(m)) for m in data.measures()) == len(
        {(o.measure, o.year, o.period) for o in data.observations})


def test_a_measure_with_no_figures_has_no_observations():
    assert DATA.observations_of("nothing") == {}
    assert DATA.observation("nothing", FY, "Apr") is None


def test_the_index_is_not_part_of_the_dataset_value():
    fresh = Dataset(list(DATA.observations))
    DATA.observation("asb", FY, "Apr")
    assert fresh == DATA
