"""Table-driven cases for the arithmetic, with the seed's rows as expected values."""

import pytest

from spp_xl.core import arithmetic as ar
from spp_xl.core.rules import RULES, evaluate

# The seed's published target rows that follow the straight-line rule.
SEED_PROFILES = [
    ("asb", 10064, 12, "reduce", 0,
     [838, 1676, 2514, 3352, 4190, 5028, 5866, 6704, 7542, 8380, 9218, 10064]),
    ("dv_reporting", 6588, 12, "increase", 0,
     [549, 1098, 1647, 2196, 2745, 3294, 3843, 4392, 4941, 5490, 6039, 6588]),
    ("da_referrals", 2666, 4, "increase", 0, [667, 1334, 2001, 2666]),
    ("dash_training", 200, 4, "increase", 0, [50, 100, 150, 200]),
    ("crime_gap", 77.3, 12, "reduce", 2,
     [6.44, 12.88, 19.32, 25.76, 32.2, 38.64, 45.08, 51.52, 57.96, 64.4, 70.84, 77.3]),
]


@pytest.mark.parametrize("name,target,periods,direction,precision,expected", SEED_PROFILES,
                         ids=[p[0] for p in SEED_PROFILES])
def test_straight_profile_reproduces_the_seed(name, target, periods, direction, precision, expected):
    assert ar.straight_profile(target, periods, direction, precision) == expected


def test_stretch_rounding_goes_the_hard_way():
    # 10/3 = 3.33: an increase target steps up to 4, a reduce target down to 3.
    assert ar.straight_profile(10, 3, "increase") == [4, 8, 10]
    assert ar.straight_profile(10, 3, "reduce") == [3, 6, 10]


def test_rounding_up_never_overshoots_a_small_target():
    assert ar.straight_profile(1, 4, "increase") == [1, 1, 1, 1]
    assert ar.straight_profile(5, 4, "increase") == [2, 4, 5, 5]


def test_straight_profile_refuses_nonsense_direction():
    with pytest.raises(ValueError, match="direction must be increase or reduce"):
        ar.straight_profile(100, 12, "sideways")


def test_seasonal_profile_follows_last_years_shape():
    last = [10, 30, 60, 100]
    assert ar.seasonal_profile(200, last) == [20, 60, 120, 200]
    assert ar.seasonal_profile(77.3, [7.74, 19.35, 38.7, 77.4], 2) == [7.73, 19.33, 38.65, 77.3]  # 19.325 rounds half up


@pytest.mark.parametrize("last", [[10, None, 60, 100], [0, 0, 0, 0], []])
def test_seasonal_profile_needs_a_whole_last_year(last):
    with pytest.raises(ValueError):
        ar.seasonal_profile(100, last)


@pytest.mark.parametrize("values,expected", [
    ([556, 572, 504] + [None] * 9, [556, 1128, 1632] + [None] * 9),
    ([629, 727, 760, 549], [629, 1356, 2116, 2665]),
    ([808, 882, 1023, 1056, 915, 982, 850, 755, 682, 639, 642, 831],
     [808, 1690, 2713, 3769, 4684, 5666, 6516, 7271, 7953, 8592, 9234, 10065]),
    ([1, None, 3, 4], [1, None, None, None]),  # a gap makes later totals unknown
    ([6.9, 6.6, 6.1], [6.9, 13.5, 19.6]),  # decimal rates sum without binary noise
    ([], []),
])
def test_cumulative(values, expected):
    assert ar.cumulative(values) == expected


@pytest.mark.parametrize("ytd,expected", [
    ([55, 109, 152, 208], [55, 54, 43, 56]),
    ([58, 122, 174, None], [58, 64, 52, None]),
    ([6.5, 12.6, 18], [6.5, 6.1, 5.4]),
    ([10, None, 30], [10, None, None]),
])
def test_periods_from_ytd(ytd, expected):
    assert ar.periods_from_ytd(ytd) == expected


def test_change_is_blank_not_minus_100_for_unreported_periods():
    # The seed prints -100% for Jul..Mar of DV reporting: a blank treated as zero.
    this = [556, 1128, 1632] + [None] * 9
    last = [542, 1114, 1739, 2401, 2965, 3493, 4012, 4556, 5143, 5623, 6111, 6587]
    out = ar.change(this, last)
    assert [round(c[1], 2) for c in out[:3]] == [0.03, 0.01, -0.06]  # the seed's 3%, 1%, -6%
    assert out[2][0] == -107
    assert out[3:] == [None] * 9


def test_change_with_a_zero_baseline_has_a_count_but_no_fraction():
    assert ar.change([5], [0]) == [(5, None)]


@pytest.mark.parametrize("ytd,elapsed,periods,outturn,last_ytd,expected,method", [
    (2527, 3, 12, 10065, 2713, 9375, "last_year_shape"),     # ASB
    (525, 1, 4, 2665, 629, 2224, "last_year_shape"),         # referrals
    (1632, 3, 12, 6587, 1739, 6182, "last_year_shape"),      # DV
    (58, 1, 4, 58, 15, 224, "last_year_shape"),              # DASH
    (174, 3, 12, 617, 152, 706, "last_year_shape"),          # hate incidents
    (18, 3, 12, 77.4, 19.6, 71, "last_year_shape"),          # crime gap
    (300, 3, 12, None, None, 1200, "straight_line"),         # no last year
    (300, 3, 12, 1000, 0, 1200, "straight_line"),            # zero baseline last year
])
def test_forecast(ytd, elapsed, periods, outturn, last_ytd, expected, method):
    value, used = ar.forecast(ytd, elapsed, periods, outturn, last_ytd)
    assert round(value) == expected
    assert used == method


@pytest.mark.parametrize("value,target,direction,expected", [
    (9375, 10064, "reduce", -0.0685),
    (2224.4, 2666, "increase", 0.1656),
    (6181.7, 6588, "increase", 0.0617),
    (10064, 10064, "reduce", 0.0),
])
def test_shortfall(value, target, direction, expected):
    assert round(ar.shortfall(value, target, direction), 4) == expected


@pytest.mark.parametrize("short,tolerance,expected", [
    (-0.5, 0.15, "green"), (0.0, 0.15, "green"), (0.0001, 0.15, "amber"),
    (0.15, 0.15, "amber"), (0.1501, 0.15, "red"), (0.05, 0.04, "red"),
])
def test_rag_bands(short, tolerance, expected):
    assert ar.rag(short, tolerance) == expected


@pytest.mark.parametrize("pct,lower_is_better,expected", [
    (0.171, True, "worse"), (-0.1, True, "better"), (0.003, True, "stable"),
    (0.1, False, "better"), (None, True, None),
])
def test_trend(pct, lower_is_better, expected):
    env = {"direction": "monitor", "pct_change": pct, "better_when": "lower" if lower_is_better else "higher",
           "stable_band": 0.02}
    assert evaluate(RULES["trend"], env) == expected


def test_crime_gap_takes_the_top_neighbourhoods_together():
    crimes = [300, 150, 100, 50, 50]
    population = [1000, 2000, 1000, 1000, 5000]
    # top two by rate: 300/1000 and 100/1000 -> 400 / 2000 = 200 per 1,000; city 650/10000 = 65
    assert ar.crime_gap(crimes, population, n=2) == pytest.approx(135)
    # with n at least the number of neighbourhoods the gap is nil
    assert ar.crime_gap(crimes, population, n=10) == pytest.approx(0)


@pytest.mark.parametrize("crimes,population,message", [
    ([1, 2], [100], "2 crime figures but 1 populations"),
    ([1], [0], "population above zero"),
    ([-1], [100], "zero or more"),
    ([], [], "no neighbourhoods"),
])
def test_crime_gap_refuses_bad_input(crimes, population, message):
    with pytest.raises(ValueError, match=message):
        ar.crime_gap(crimes, population)


def test_year_total_needs_every_period():
    assert ar.year_total([1, 2, 3, 4], 4) == 10
    assert ar.year_total([1, None, 3, 4], 4) is None
    assert ar.year_total([1, 2, 3], 4) is None
