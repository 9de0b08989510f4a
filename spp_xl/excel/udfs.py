"""The workbook's custom functions: one-line xlwings UDFs over ``spp_xl.arithmetic``.

Each function's docstring is what Excel's function wizard shows (Excel keeps the first
255 characters), and each argument's ``doc`` is the wizard's help for that box. Ranges
arrive two-dimensional (``ndim=2``); results come back as a row or column shaped like
the input, so one formula per row spills across the periods. A bad argument returns a
readable text in the cell ("SPP_PROFILE: direction must be increase or reduce"), never
a Python traceback.

The workbook calls these through the VBA module ``xlwings_udfs``, generated from this
module by ``spp_xl.excel.vba`` (names, argument order and optional arguments must stay
as they are: the workbook's formulas and staff's own use them). On Linux and macOS without
Excel the xlwings decorators are pass-throughs, so these are plain functions.

Type hints are left off on purpose: xlwings reads them as conversion instructions.
SPP_CUMULATIVE's argument is ``period_range``, not ``range``: in the VBA wrapper a
parameter called Range would hide Excel's Range type that the wrapper's own
``TypeOf Application.Caller Is Range`` test needs.
"""

import functools

import xlwings as xw

from . import cells

CATEGORY = "Safer Plymouth"


def readable(function):
    """Turns any failure into the text ``NAME: what is wrong`` for the cell."""

    @functools.wraps(function)
    def guarded(*args):
        try:
            return function(*args)
        except (ValueError, ZeroDivisionError) as exc:  # UdfError and the core's own
            return f"{function.__name__}: {exc}"
        except Exception as exc:  # a bug: still one line in the cell, not a traceback
            return f"{function.__name__}: unexpected {type(exc).__name__}: {exc}"

    return guarded


@xw.func(category=CATEGORY)
@xw.arg("annual_target", doc="The year's target, e.g. 10064 or 77.3.")
@xw.arg("periods", doc="12 for monthly, 4 for quarterly, or the row of period headings.")
@xw.arg("direction", doc='"increase" (more is better) or "reduce" (less is better).')
@xw.arg("precision", doc="Decimal places of the target; default 0 for whole targets, else 2.")
@xw.arg("last_year", ndim=2, doc="Optional: last year's cumulative row, for a seasonal profile.")
@readable
def SPP_PROFILE(annual_target, periods, direction, precision=None, last_year=None):
    """Cumulative target for each period: straight-line (the target over the periods, rounded in the stretching direction, the last period the target itself), or shaped like last year's cumulative row when given."""
    return cells.profile(annual_target, periods, direction, precision, last_year)


@xw.func(category=CATEGORY)
@xw.arg("period_range", ndim=2, doc="A row or column of period figures; blanks are not yet reported.")
@readable
def SPP_CUMULATIVE(period_range):
    """Running totals of a row or column of figures. A blank (not yet reported) leaves every later total blank: a blank is never a nought."""
    return cells.cumulative(period_range)


@xw.func(category=CATEGORY)
@xw.arg("ytd_range", ndim=2, doc="A row or column of year-to-date figures.")
@readable
def SPP_PERIODS(ytd_range):
    """Each period's own figure from year-to-date figures (the first period is its own year to date); blank where a year-to-date figure is missing."""
    return cells.periods_from_ytd(ytd_range)


@xw.func(category=CATEGORY)
@xw.arg("this_year", ndim=2, doc="This year's row (cumulative, to compare like with like).")
@xw.arg("last_year", ndim=2, doc="Last year's row for the same periods.")
@xw.arg("as_fraction", doc="TRUE for the % difference, FALSE or omitted for the count.")
@readable
def SPP_CHANGE(this_year, last_year, as_fraction=False):
    """Change on the same period last year, per period: the count, or with as_fraction TRUE the fraction (format as %). Blank where a period is not yet reported, never -100%."""
    return cells.change(this_year, last_year, as_fraction)


@xw.func(category=CATEGORY)
@xw.arg("this_year", ndim=2, doc="This year's figures, Apr..Mar or Q1..Q4; blanks not yet reported.")
@xw.arg("last_year", ndim=2, doc="Last year's figures for the same periods.")
@xw.arg("entered_as", doc='"period" (default) for each period\'s figure, "ytd" for year-to-date figures.')
@xw.arg("at_period", doc="Optional: the period to forecast from (1 = the first); default the latest with figures.")
@readable
def SPP_FORECAST(this_year, last_year, entered_as="period", at_period=None):
    """Year-end forecast: year to date x last year's out-turn / last year's year to date at the same period; straight-line (YTD x periods / periods reported) when last year is incomplete."""
    return cells.forecast(this_year, last_year, entered_as, at_period)


@xw.func(category=CATEGORY)
@xw.arg("forecast", doc="The year-end forecast, e.g. from SPP_FORECAST.")
@xw.arg("annual_target", doc="The year's target.")
@xw.arg("direction", doc='"increase", "reduce" or "monitor".')
@xw.arg("tolerance", doc="The amber band; default 0.15 (15%).")
@readable
def SPP_JUDGEMENT(forecast, annual_target, direction, tolerance=0.15):
    """Green when the forecast meets the target, Amber when it falls short by up to the tolerance (15%), Red beyond it; Monitoring only for a measure without a target; No data yet for a blank forecast."""
    return cells.judgement(forecast, annual_target, direction, tolerance)


@xw.func(category=CATEGORY)
@xw.arg("judgement", doc="Green, Amber, Red, Monitoring only or No data yet.")
@xw.arg("tolerance", doc="The amber band; default 0.15 (15%).")
@xw.arg("trend", doc="For Monitoring only: better, stable or worse against last year.")
@readable
def SPP_PHRASE(judgement, tolerance=0.15, trend=None):
    """The board report's fixed banner phrase for a judgement, e.g. Green: Generally satisfied with performance."""
    return cells.phrase(judgement, tolerance, trend)


@xw.func(category=CATEGORY)
@xw.arg("neighbourhood_crimes", ndim=2, doc="Crimes year to date, one cell per neighbourhood.")
@xw.arg("neighbourhood_population", ndim=2, doc="Residents, one cell per neighbourhood, in the same order.")
@xw.arg("n", doc="How many highest-rate neighbourhoods; default 10.")
@readable
def SPP_GAP(neighbourhood_crimes, neighbourhood_population, n=10):
    """The crime gap per 1,000 residents: the rate of the n neighbourhoods with the highest crime rates taken together, minus the city-wide rate."""
    return cells.gap(neighbourhood_crimes, neighbourhood_population, n)


# The names the workbook's formulas and the generated VBA rely on, in wizard order.
FUNCTIONS = ("SPP_PROFILE", "SPP_CUMULATIVE", "SPP_PERIODS", "SPP_CHANGE", "SPP_FORECAST",
             "SPP_JUDGEMENT", "SPP_PHRASE", "SPP_GAP")
