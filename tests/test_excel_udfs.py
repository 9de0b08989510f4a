"""The custom functions, called as Excel calls them (2-D ranges, blanks as None), on Linux
where xlwings' decorators are pass-throughs. Expected values are the seed report's."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spp_xl import load_register, read_csv, summarise
from spp_xl.excel import udfs

ASB_2014 = [808, 882, 1023, 1056, 915, 982, 850, 755, 682, 639, 642, 831]
ASB_2015 = [864, 894, 769] + [None] * 9
DV_2014 = [542, 572, 625, 662, 564, 528, 519, 544, 587, 480, 488, 476]
DV_2015 = [556, 572, 504] + [None] * 9
GAP_2014_YTD = [6.9, 13.5, 19.6, 26.4, 32.5, 39.3, 45.8, 52.2, 58.4, 64.2, 70.6, 77.4]
GAP_2015_YTD = [6.5, 12.6, 18] + [None] * 9
MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]


def row(values):
    """A range of one row as Excel hands it over."""
    return [list(values)]


def column(values):
    return [[v] for v in values]


@pytest.fixture(scope="module")
def summary():
    return summarise(load_register(), read_csv())


# ------------------------------------------------------------------ SPP_PROFILE


@pytest.mark.parametrize("args, expected", [
    ((10064, 12, "reduce"), [838, 1676, 2514, 3352, 4190, 5028, 5866, 6704, 7542, 8380, 9218, 10064]),
    ((6588, 12, "increase"), [549, 1098, 1647, 2196, 2745, 3294, 3843, 4392, 4941, 5490, 6039, 6588]),
    ((2666, 4, "increase"), [667, 1334, 2001, 2666]),
    ((77.3, 12, "reduce", 2), [6.44, 12.88, 19.32, 25.76, 32.2, 38.64, 45.08, 51.52, 57.96, 64.4, 70.84, 77.3]),
    ((77.3, 12.0, " Reduce "), [6.44, 12.88, 19.32, 25.76, 32.2, 38.64, 45.08, 51.52, 57.96, 64.4, 70.84, 77.3]),
    ((10064, row(MONTHS), "reduce"), [838, 1676, 2514, 3352, 4190, 5028, 5866, 6704, 7542, 8380, 9218, 10064]),
    ((2666.0, 4.0, "INCREASE", None, None), [667, 1334, 2001, 2666]),
])
def test_profile_matches_the_seed(args, expected):
    assert udfs.SPP_PROFILE(*args) == [expected]


def test_profile_is_one_row_that_spills():
    result = udfs.SPP_PROFILE(10064, 12, "reduce")
    assert len(result) == 1 and len(result[0]) == 12


def test_seasonal_profile_follows_last_years_shape():
    last_cumulative = [sum(ASB_2014[: k + 1]) for k in range(12)]
    result = udfs.SPP_PROFILE(10064, 12, "reduce", 0, row(last_cumulative))[0]
    assert result[-1] == 10064
    assert result[0] == round(10064 * 808 / 10065)  # 808
    assert result[2] == round(10064 * 2713 / 10065)  # 2713: the seed's Q1 shape, not 2514


def test_blank_last_year_falls_back_to_straight_line():
    assert udfs.SPP_PROFILE(2666, 4, "increase", None, row([None] * 4)) == [[667, 1334, 2001, 2666]]


# ------------------------------------------------------------------ cumulatives and periods


def test_cumulative_leaves_unreported_months_blank():
    assert udfs.SPP_CUMULATIVE(row(ASB_2015)) == [[864, 1758, 2527] + [None] * 9]


def test_cumulative_of_last_year_ends_at_the_sum_of_its_months_not_the_published_outturn():
    assert udfs.SPP_CUMULATIVE(row(ASB_2014))[0][-1] == 10065  # the seed prints 10,299


def test_cumulative_keeps_a_column_a_column():
    assert udfs.SPP_CUMULATIVE(column([1, 2, None])) == [[1], [3], [None]]


def test_cumulative_treats_empty_text_as_blank():
    assert udfs.SPP_CUMULATIVE(row([5, "", " "])) == [[5, None, None]]


def test_periods_from_year_to_date_crime_gap():
    assert udfs.SPP_PERIODS(row(GAP_2015_YTD)) == [[6.5, 6.1, 5.4] + [None] * 9]


def test_periods_then_cumulative_round_trip():
    assert udfs.SPP_CUMULATIVE(udfs.SPP_PERIODS(row(GAP_2014_YTD))) == [GAP_2014_YTD]


# ------------------------------------------------------------------ change


def test_change_on_last_year_asb_cumulative():
    this = udfs.SPP_CUMULATIVE(row(ASB_2015))
    last = udfs.SPP_CUMULATIVE(row(ASB_2014))
    counts = udfs.SPP_CHANGE(this, last)[0]
    fractions = udfs.SPP_CHANGE(this, last, True)[0]
    assert counts[:3] == [56, 68, -186]
    assert round(fractions[2], 4) == -0.0686  # the seed's -6.9%
    assert counts[3:] == [None] * 9 and fractions[3:] == [None] * 9  # blank, never -100%


@pytest.mark.parametrize("flag", [True, 1, 1.0, "TRUE", "yes"])
def test_change_as_fraction_accepts_excel_truths(flag):
    assert udfs.SPP_CHANGE(row([110]), row([100]), flag) == [[pytest.approx(0.1)]]


def test_change_fraction_is_blank_on_a_zero_base():
    assert udfs.SPP_CHANGE(row([5]), row([0]), True) == [[None]]
    assert udfs.SPP_CHANGE(row([5]), row([0])) == [[5]]


# ------------------------------------------------------------------ forecast and judgement


def test_forecast_asb_from_monthly_figures():
    assert round(udfs.SPP_FORECAST(row(ASB_2015), row(ASB_2014))) == 9375


def test_forecast_referrals_quarterly():
    assert round(udfs.SPP_FORECAST(row([525, None, None, None]), row([629, 727, 760, 549]))) == 2224


def test_forecast_crime_gap_from_year_to_date_figures():
    assert round(udfs.SPP_FORECAST(row(GAP_2015_YTD), row(GAP_2014_YTD), "ytd"), 2) == 71.08


def test_forecast_is_straight_line_without_last_year():
    assert udfs.SPP_FORECAST(row([10, 20, None, None]), row([None] * 4)) == 60


def test_forecast_agrees_with_the_engine_for_every_measure(summary):
    """The UDF and the engine must not drift apart: same rows in, same forecast out."""
    checked = 0
    for result in summary.results:
        if result.forecast is None or result.rows is None:
            continue
        rows, entry = result.rows, result.measure.entry
        this = rows.this_cumulative if entry == "ytd" else rows.this_year
        last = rows.last_cumulative if entry == "ytd" else rows.last_year
        this = list(this[: result.period_index + 1]) + [None] * (len(this) - result.period_index - 1)
        forecast = udfs.SPP_FORECAST(row(this), row(last), entry, None, result.last_year_outturn)
        assert forecast == pytest.approx(result.forecast), result.measure.id
        checked += 1
    assert checked >= 6


def test_forecast_takes_last_years_typed_outturn_where_its_row_gives_none():
    # ASB 2014/15 with March not typed and its out-turn typed as 10,000 (what new-year and
    # docs/workbook.md tell staff to do): the engine forecasts 2,527 x 10,000 / 2,713 = 9,314 on
    # last year's shape. SPP_FORECAST had no way to be given the out-turn and went on a straight
    # line, 2,527 x 12 / 3 = 10,108, so the workbook's cell and the report disagreed.
    last = ASB_2014[:11] + [None]
    assert round(udfs.SPP_FORECAST(row(ASB_2015), row(last))) == 10108  # no out-turn given: straight line
    assert round(udfs.SPP_FORECAST(row(ASB_2015), row(last), "period", None, 10000)) == 9314
    # a row that gives its own out-turn keeps it (10,065, the seed's months, not the 10,299 typed)
    assert udfs.SPP_FORECAST(row(ASB_2015), row(ASB_2014), "period", None, 10299) == \
        udfs.SPP_FORECAST(row(ASB_2015), row(ASB_2014))
    assert udfs.SPP_FORECAST(row(ASB_2015), row(last), "period", None, "ten") == \
        "SPP_FORECAST: last_outturn must be a number, not 'ten'"


@pytest.mark.parametrize("forecast, target, direction, expected", [
    (9375, 10064, "reduce", "Green"),         # ASB
    (2224, 2666, "increase", "Red"),          # referrals: 16.6% short
    (6182, 6588, "increase", "Amber"),        # DV reporting: 6.2% short
    (71.08, 77.3, "reduce", "Green"),         # the crime gap
    (10064, 10064, "reduce", "Green"),        # exactly on target
    (2266.1, 2666, "increase", "Amber"),      # 15.0% short: still amber
    (None, 2666, "increase", "No data yet"),
    ("", 2666, "increase", "No data yet"),
    (5, None, "monitor", "Monitoring only"),
])
def test_judgement(forecast, target, direction, expected):
    assert udfs.SPP_JUDGEMENT(forecast, target, direction) == expected


def test_judgement_takes_a_tolerance():
    assert udfs.SPP_JUDGEMENT(2224, 2666, "increase", 0.2) == "Amber"


def test_judgement_agrees_with_the_engine(summary):
    for result in summary.results:
        if result.rag in ("green", "amber", "red"):
            m = result.measure
            got = udfs.SPP_JUDGEMENT(result.forecast, m.annual_target, m.direction, m.tolerance)
            assert got.lower() == result.rag, m.id


@pytest.mark.parametrize("args, expected", [
    (("Green",), "Generally satisfied with performance"),
    (("amber",), "Some concerns about performance in this area (within 15% of performance measure)"),
    (("RED", 0.15), "Area of significant concern (outside of 15% of performance measure)"),
    (("Red", 0.2), "Area of significant concern (outside of 20% of performance measure)"),
    (("Monitoring only", None, "worse"),
     "No performance measure but some concerns about performance in this area - monitoring only"),
])
def test_phrase(args, expected):
    assert udfs.SPP_PHRASE(*args) == expected


def test_phrase_of_judgement_composes():
    assert udfs.SPP_PHRASE(udfs.SPP_JUDGEMENT(2224, 2666, "increase")).startswith("Area of significant concern")


# ------------------------------------------------------------------ the crime gap


def test_gap_of_three_neighbourhoods():
    assert round(udfs.SPP_GAP(column([50, 10, 10]), column([1000, 1000, 1000]), 1), 2) == 26.67


def test_gap_defaults_to_ten_neighbourhoods_and_skips_blank_rows():
    crimes = [100] * 10 + [10] * 10 + [None]
    people = [1000] * 20 + [None]
    assert udfs.SPP_GAP(column(crimes), column(people)) == pytest.approx(100 - 55)


# ------------------------------------------------------------------ bad arguments


@pytest.mark.parametrize("call, expected", [
    (lambda: udfs.SPP_PROFILE(10064, 12, "monitor"), "SPP_PROFILE: direction must be increase or reduce"),
    (lambda: udfs.SPP_PROFILE(10064, 12, None), "SPP_PROFILE: direction is blank"),
    (lambda: udfs.SPP_PROFILE("ten", 12, "reduce"), "SPP_PROFILE: annual_target must be a number, not 'ten'"),
    (lambda: udfs.SPP_PROFILE(10064, 0, "reduce"), "SPP_PROFILE: periods must be a whole number of 1 or more, not 0"),
    (lambda: udfs.SPP_PROFILE(10064, 12, "reduce", 0, row([1, 2])),
     "SPP_PROFILE: last_year has 2 cells but there are 12 periods"),
    (lambda: udfs.SPP_PROFILE(float("inf"), 12, "reduce"), "SPP_PROFILE: annual_target is too large (inf)"),
    (lambda: udfs.SPP_PROFILE(1e308, 12, "reduce"), "SPP_PROFILE: annual_target is too large (1e+308)"),
    (lambda: udfs.SPP_PROFILE(5, 1e9, "reduce"), "SPP_PROFILE: periods must be at most 366, not 1000000000"),
    (lambda: udfs.SPP_PROFILE(5, 400, "reduce"), "SPP_PROFILE: periods must be at most 366, not 400"),
    (lambda: udfs.SPP_CUMULATIVE([[1, 2], [3, 4]]), "SPP_CUMULATIVE: range must be one row or one column, not 2 x 2 cells"),
    (lambda: udfs.SPP_CUMULATIVE(row([1, "n/a"])), "SPP_CUMULATIVE: range must be a number, not 'n/a'"),
    (lambda: udfs.SPP_CHANGE(row([1, 2]), row([1])), "SPP_CHANGE: this_year has 2 cells but last_year has 1"),
    (lambda: udfs.SPP_CHANGE(row([1]), row([1]), "maybe"), "SPP_CHANGE: as_fraction must be TRUE or FALSE, not 'maybe'"),
    (lambda: udfs.SPP_FORECAST(row([None, None]), row([1, 2])), "SPP_FORECAST: this_year has no figures yet"),
    (lambda: udfs.SPP_FORECAST(row([1]), row([1]), "monthly"), "SPP_FORECAST: entered_as must be period or ytd"),
    (lambda: udfs.SPP_JUDGEMENT(1, 2, "sideways"), "SPP_JUDGEMENT: direction must be increase or reduce or monitor"),
    (lambda: udfs.SPP_JUDGEMENT(1, 0, "reduce"), "SPP_JUDGEMENT: the target to compare with is zero"),
    (lambda: udfs.SPP_JUDGEMENT(1, 2, "reduce", 15), "SPP_JUDGEMENT: tolerance must be a fraction such as 0.15 (15%), not 15"),
    (lambda: udfs.SPP_PHRASE("Purple"),
     "SPP_PHRASE: judgement must be one of Green, Amber, Red, Monitoring only, No data yet, not 'purple'"),
    (lambda: udfs.SPP_GAP(column([1, 2]), column([100])),
     "SPP_GAP: neighbourhood_crimes has 2 cells but neighbourhood_population has 1"),
    (lambda: udfs.SPP_GAP(column([1, 2]), column([100, 0])),
     "SPP_GAP: every neighbourhood needs a population above zero"),
    (lambda: udfs.SPP_GAP(column([1, None]), column([100, 100])),
     "SPP_GAP: every neighbourhood needs both a crime count and a population"),
])
def test_bad_arguments_give_a_readable_line(call, expected):
    assert call() == expected


cell = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(), st.text(max_size=6),
                 st.sampled_from([0, 12, 4, 1e308, -1e308, "increase", "reduce", "monitor", "ytd", "Green"]))
argument = st.one_of(cell, st.lists(st.lists(cell, min_size=1, max_size=4), min_size=1, max_size=4))


def _arity(function):
    import inspect

    params = inspect.signature(function).parameters.values()
    return sum(p.default is p.empty for p in params), len(params)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(udfs.NAMES), st.data())
def test_no_argument_ever_raises(name, data):
    """Whatever is typed into the cells, the function returns a value or its own named
    error; never a traceback, and never an "unexpected" error (that would be a bug)."""
    function = getattr(udfs, name)
    low, high = _arity(function)
    args = data.draw(st.lists(argument, min_size=low, max_size=high))
    result = function(*args)
    if isinstance(result, str) and result.startswith("SPP_"):
        assert "Traceback" not in result and "\n" not in result
        assert "unexpected" not in result, result


def test_an_unforeseen_failure_is_still_one_line():
    assert udfs.SPP_CUMULATIVE().startswith("SPP_CUMULATIVE: unexpected TypeError")


def test_every_function_is_documented_for_the_wizard():
    import inspect

    for name in udfs.NAMES:
        function = getattr(udfs, name)
        assert function.__name__ == name
        assert 40 <= len(function.__doc__) <= 255, name  # Excel's wizard keeps 255 characters
        assert all(p.kind is p.POSITIONAL_OR_KEYWORD for p in inspect.signature(function).parameters.values())
