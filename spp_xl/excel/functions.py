"""The workbook's custom functions, declared once, as data.

Each function has a name, a help text (what Excel's function wizard and Lite show), its
arguments in order (each with its help, its default when it may be left out, and whether
Excel hands it over as a range) and the function of ``spp_xl.excel.cells`` that computes it.
Everything else is made from this table, never written again by hand:

- ``spp_xl.excel.udfs``: the Python functions xlwings calls, with xlwings' decorators;
- ``spp_xl.excel.vba``: ``xlwings_udfs``, the VBA wrappers through which Excel calls them;
- ``spp_xl.lite.code``: the ``@func`` definitions of the Lite workbook's ``main.py``;
- ``spp_xl.lite.workbook``: which calls a formula stores as ``_xldudf_`` calls, and the
  workbook's list of custom functions;
- ``spp_xl.excel.doctor_workbook``: whether a workbook carries every function's wrapper.

The names, the order of the arguments and which may be left out must stay as they are: the
workbook's formulas and staff's own use them. An argument is never called ``range``: in the
VBA wrapper a parameter called Range would hide Excel's Range type, which the wrapper's own
``TypeOf Application.Caller Is Range`` test needs (so SPP_CUMULATIVE's is ``period_range``).

>>> [f.name for f in FUNCTIONS][:3]
['SPP_PROFILE', 'SPP_CUMULATIVE', 'SPP_PERIODS']
>>> str(by_name("SPP_CHANGE").signature())
'(this_year, last_year, as_fraction=False)'
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

CATEGORY = "Safer Plymouth"  # the function wizard's category
REQUIRED = inspect.Parameter.empty


@dataclass(frozen=True)
class Argument:
    """One argument of a custom function."""

    name: str
    help: str
    default: object = REQUIRED
    is_range: bool = False  # handed over as a 2-D range (a row or a column), not one value

    @property
    def optional(self) -> bool:
        return self.default is not REQUIRED


@dataclass(frozen=True)
class CustomFunction:
    """One custom function: what Excel shows of it, and what computes it."""

    name: str
    help: str
    arguments: tuple[Argument, ...]
    computes: str  # the function of spp_xl.excel.cells that does the work

    def signature(self) -> inspect.Signature:
        """The Python signature: the arguments in order, each optional one with its default."""
        return inspect.Signature([inspect.Parameter(a.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=a.default)
                                  for a in self.arguments])


def _range(name: str, help: str, default: object = REQUIRED) -> Argument:
    return Argument(name, help, default, is_range=True)


FUNCTIONS: tuple[CustomFunction, ...] = (
    CustomFunction(
        "SPP_PROFILE",
        "Cumulative target for each period: straight-line (the target over the periods, rounded in the "
        "stretching direction, the last period the target itself), or shaped like last year's cumulative "
        "row when given.",
        (Argument("annual_target", "The year's target, e.g. 10064 or 77.3."),
         Argument("periods", "12 for monthly, 4 for quarterly, or the row of period headings."),
         Argument("direction", '"increase" (more is better) or "reduce" (less is better).'),
         Argument("precision", "Decimal places of the target; default 0 for whole targets, else 2.", None),
         _range("last_year", "Optional: last year's cumulative row, for a seasonal profile.", None)),
        "profile"),
    CustomFunction(
        "SPP_CUMULATIVE",
        "Running totals of a row or column of figures. A blank (not yet reported) leaves every later total "
        "blank: a blank is never a nought.",
        (_range("period_range", "A row or column of period figures; blanks are not yet reported."),),
        "cumulative"),
    CustomFunction(
        "SPP_PERIODS",
        "Each period's own figure from year-to-date figures (the first period is its own year to date); "
        "blank where a year-to-date figure is missing.",
        (_range("ytd_range", "A row or column of year-to-date figures."),),
        "periods_from_ytd"),
    CustomFunction(
        "SPP_CHANGE",
        "Change on the same period last year, per period: the count, or with as_fraction TRUE the fraction "
        "(format as %). Blank where a period is not yet reported, never -100%.",
        (_range("this_year", "This year's row (cumulative, to compare like with like)."),
         _range("last_year", "Last year's row for the same periods."),
         Argument("as_fraction", "TRUE for the % difference, FALSE or omitted for the count.", False)),
        "change"),
    CustomFunction(
        "SPP_FORECAST",
        "Year-end forecast: year to date x last year's out-turn / last year's year to date at the same "
        "period; straight-line (YTD x periods / periods reported) when last year is incomplete.",
        (_range("this_year", "This year's figures, Apr..Mar or Q1..Q4; blanks not yet reported."),
         _range("last_year", "Last year's figures for the same periods."),
         Argument("entered_as", '"period" (default) for each period\'s figure, "ytd" for year-to-date figures.',
                  "period"),
         Argument("at_period", "Optional: the period to forecast from (1 = the first); default the latest with "
                  "figures.", None),
         Argument("last_outturn", "Optional: last year's out-turn as typed, used where last year's figures give "
                  "none (a period missing).", None)),
        "forecast"),
    CustomFunction(
        "SPP_JUDGEMENT",
        "Green when the forecast meets the target, Amber when it falls short by up to the tolerance (15%), "
        "Red beyond it; Monitoring only for a measure without a target; No data yet for a blank forecast.",
        (Argument("forecast", "The year-end forecast, e.g. from SPP_FORECAST."),
         Argument("annual_target", "The year's target."),
         Argument("direction", '"increase", "reduce" or "monitor".'),
         Argument("tolerance", "The amber band; default 0.15 (15%).", 0.15)),
        "judgement"),
    CustomFunction(
        "SPP_PHRASE",
        "The board report's fixed banner phrase for a judgement, e.g. Green: Generally satisfied with "
        "performance.",
        (Argument("judgement", "Green, Amber, Red, Monitoring only or No data yet."),
         Argument("tolerance", "The amber band; default 0.15 (15%).", 0.15),
         Argument("trend", "For Monitoring only: better, stable or worse against last year.", None)),
        "phrase"),
    CustomFunction(
        "SPP_GAP",
        "The crime gap per 1,000 residents: the rate of the n neighbourhoods with the highest crime rates "
        "taken together, minus the city-wide rate.",
        (_range("neighbourhood_crimes", "Crimes year to date, one cell per neighbourhood."),
         _range("neighbourhood_population", "Residents, one cell per neighbourhood, in the same order."),
         Argument("n", "How many highest-rate neighbourhoods; default 10.", 10)),
        "gap"),
)

NAMES = tuple(f.name for f in FUNCTIONS)


def by_name(name: str) -> CustomFunction:
    """The declared function called ``name`` (KeyError if there is none)."""
    for function in FUNCTIONS:
        if function.name == name:
            return function
    raise KeyError(name)
