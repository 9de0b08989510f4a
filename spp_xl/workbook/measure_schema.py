"""A measure sheet's shape, written once: its rows and cells, each with its role, its label
or heading, its number format and, for a calculated cell, the formula it carries and the
engine's figure it must show.

The builder (``measure_sheet``) writes a sheet from these entries, the reader reads the
typed rows through them, and ``disagreements`` holds every calculated cell to the figure
its entry names. Adding a row to the figures table is one entry in ``TABLE`` (see
docs/architecture.md, "Adding a row to a measure sheet").

Layout (0-based rows, as xlsxwriter counts; the key in the hidden column A)::

    row  key           B (label)                 C..E out-turns    F.. periods
    0    spp:measure=  title
    1    banner        judgement banner (merged, coloured)
    2                  owner, source, lag note
    4    key_head      Key figures: Period, Year to date, ... (KEY_FIGURES, from C)
    5    key           the key figures (calculated)
    7    work_head     Workings: Row in Measures, Direction, ... (WORKINGS, from C)
    8    work          the workings (calculated: the Measures table's fields, the rules)
    10   header        ""                        12/13 13/14 14/15 Apr .. Mar | Q1 .. Q4
    11   table_title   the table's heading (merged)
    12.. TABLE         one row an entry that applies to the measure, in order; for a
                       measure entered by period:
         last_year     Actual 2014 - 2015        out-turns (typed) periods (typed)
         this_year     Actual 2015 - 2016                          periods (typed)
         profile       Target 15/16                                SPP_PROFILE (spills)
         last_cum      Cum Actuals 14/15                           cumulative (calculated)
         this_cum      Cum Actuals 15/16                           cumulative (calculated)
         pct           % difference in Actuals                     native formula
    +2                 the note

A measure entered as year-to-date figures (entry = ytd) has its cumulative rows typed and
its period rows calculated; the out-turns sit on the typed row of last year's figures.

A percentage made of counts (unit = percent, entry = counts) has its two counts typed for
each year and what they make calculated (``percent_rows``): its rows, in order, are
``last_num``, ``last_den``, ``this_num``, ``this_den`` (typed), ``last_year``, ``this_year``
(each period's percentage), ``profile`` (the level), the counts to date, ``last_cum``,
``this_cum`` (the year to date pooled), ``points``, ``ytd_low`` and ``ytd_high``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from ..core.dataset import COUNT_PARTS, Dataset, Observation
from ..core.engine import MeasureResult, MeasureRows, rule_inputs
from ..core.periods import AsOf, FinancialYear
from ..core.register import Measure
from ..core.rules import RULES, bind, evaluate
from . import layout as L
from . import measure_formulas as F
from . import percent_rows as P
from .formulas import formula as rendered, literal
# The entries' kinds, formats and formula kinds are the schema's words too (M.TableRow, M.number, M.NATIVE).
from .measure_entries import CHANGE, FIGURE, Figure, TableRow, blank, calculated, not_counted, number  # noqa: F401
from .measure_entries import tidy_or_blank
from .measure_formulas import CUSTOM, LINKED, NATIVE  # noqa: F401
from .schema import SETTINGS_NUMBER_COL, measures_column_ref, settings_cell
from .spec import PERCENT, WHOLE_PERCENT

# ------------------------------------------------------------------ places

LABEL_COL = 1             # B: row labels
OUTTURN_COLS = (2, 3, 4)  # C, D, E: out-turns of the three previous years, oldest first
FIRST_PERIOD_COL = 5      # F: Apr or Q1
FIRST_KEY_COL = 2         # C: the first key figure and the first working
TOP_ROWS = {"title": 0, "banner": 1, "about": 2, "key_head": 4, "key": 5, "work_head": 7, "work": 8,
            "header": 10, "table_title": 11}
FIRST_TABLE_ROW = 12
KEY_WIDTH = 10.5          # key figures and periods share columns: one width for all (but the judgement)
LABEL_WIDTH, OUTTURN_WIDTH = 30, 8

# ------------------------------------------------------------------ one sheet's context


@dataclass(frozen=True)
class MeasureContext:
    """What one measure sheet's entries read: the measure, the engine's figures for it, and
    where its rows are. The builder and the check of calculated cells make it alike."""

    measure: Measure
    year: FinancialYear
    rows: MeasureRows
    result: MeasureResult
    reporting_month: int   # the month the workbook reports to (1 = April; 0 while none)
    measures_row: int      # 1-based row of the measure in the Measures table
    dataset: Dataset | None = None  # the figures typed (the builder writes them in the typed cells)

    @cached_property
    def at(self) -> dict[str, int]:
        """Row key -> 0-based row on this measure's sheet."""
        return rows_of(self.measure)

    @property
    def n(self) -> int:
        return len(self.measure.periods)

    @property
    def last_col(self) -> int:
        return FIRST_PERIOD_COL + self.n - 1

    def span(self, key: str) -> str:
        """The row's period cells, absolute: ``$F$17:$Q$17``."""
        return L.span(self.at[key], FIRST_PERIOD_COL, self.last_col, True)

    def cell(self, key: str, k: int) -> str:
        """The row's k-th period cell, relative: ``F17``."""
        return L.cell(self.at[key], FIRST_PERIOD_COL + k)

    def outturn_cell(self, key: str, j: int) -> str:
        """The row's j-th out-turn cell (oldest first), relative: ``C13``."""
        return L.cell(self.at[key], OUTTURN_COLS[j])

    @staticmethod
    def key(name: str) -> str:
        return key_cell(name, absolute=True)

    @staticmethod
    def work(name: str) -> str:
        return L.cell(TOP_ROWS["work"], work_col(name), absolute=True)

    @cached_property
    def env(self) -> dict:
        """What the rules read, bound as values where the sheet has no cell for them."""
        return rule_inputs(self.measure, self.rows, self.reporting_month)

    @cached_property
    def refs(self) -> dict:
        """Where the names the rules read sit on the sheet (the rest are bound as constants)."""
        refs = {name: self.work(name) for name in (w.key for w in WORKINGS)}
        refs.update({name: self.key(name) for name in (k.key for k in KEY_FIGURES)})
        # A percentage's figures are known where its counts are (``engine.rule_inputs``).
        counts = self.measure.is_counts
        refs.update({
            "entered": self.typed_span(0, "denominator" if counts else ""),
            "cumulative": self.span("this_cum_den" if counts else "this_cum"),
            "reporting_month": settings_cell("reporting_to", SETTINGS_NUMBER_COL),
        })
        return refs

    def last_outturn_cell(self) -> str:
        """Last year's out-turn as typed (the last out-turn cell of last year's typed row), absolute."""
        return L.cell(self.at[typed_row(self.measure, -1).key], OUTTURN_COLS[-1], True)

    def typed_span(self, year: int, series: str = "") -> str:
        """The period cells of the row staff type the year's figures in (0 this year, -1 last)."""
        return self.span(typed_row(self.measure, year, series).key)

    def typed(self, series: str, year: FinancialYear, period: str) -> Observation | None:
        """The observation typed for a period of a year: the measure's own, or of a series
        of it (``<id>.<series>``)."""
        if self.dataset is None:
            return None
        return self.dataset.observations_of(series_id(self.measure, series)).get((year, period))

    def rule(self, name: str) -> str:
        """A rule of ``core.rules`` as this sheet's native formula."""
        return rendered(bind(RULES[name], self.env, self.refs), self.refs)

    @cached_property
    def evaluated(self) -> dict:
        """The rules' values worked out so far, beside what they read."""
        return dict(self.env)

    def evaluate(self, name: str):
        """A rule's value for this sheet (the rules a rule reads are worked out once)."""
        if name not in self.evaluated:
            self.evaluated[name] = evaluate(RULES[name], self.evaluated, cache=self.evaluated)
        return self.evaluated[name]


def context(measure: Measure, as_of: AsOf, result: MeasureResult, rows: MeasureRows, measures_row: int,
            reporting: bool = True, dataset: Dataset | None = None) -> MeasureContext:
    """A measure sheet's context: ``reporting`` False while no measure has a figure for the
    year (a new year's workbook), when the sheet expects no period."""
    return MeasureContext(measure, as_of.year, rows, result, as_of.month_index + 1 if reporting else 0,
                          measures_row, dataset)


def series_id(measure: Measure, series: str = "") -> str:
    """The id a typed row's figures are kept under: the measure's, or ``<id>.<series>``."""
    return f"{measure.id}.{series}" if series else measure.id


# ------------------------------------------------------------------ the figures table


COUNT_SERIES = COUNT_PARTS  # the series of a percentage's typed rows: its numerator and denominator


def _entered(entry: str) -> Callable[[Measure], bool]:
    return lambda m: m.entry == entry and not m.is_counts


def _actual(offset: int) -> Callable[[Measure, FinancialYear], str]:
    return lambda m, year: f"Actual {year.previous(-offset).start} - {year.previous(-offset).start + 1}"


def _to_date(offset: int) -> Callable[[Measure, FinancialYear], str]:
    return lambda m, year: f"{'Year to date' if m.entry == 'ytd' else 'Cum Actuals'} {year.previous(-offset).short}"


TABLE: tuple[TableRow, ...] = (
    # A percentage's counts, typed: last year's (with the out-turns' counts), then this year's.
    P.count_row(-1, "numerator"), P.count_row(-1, "denominator"), P.count_row(0, "numerator"),
    P.count_row(0, "denominator"),
    TableRow("last_year", _actual(-1), _entered("period"), year=-1, applies=not_counted,
             values=lambda c: c.rows.last_year, formula=F.from_ytd("last_cum")),
    TableRow("this_year", _actual(0), _entered("period"), applies=not_counted,
             values=lambda c: c.rows.this_year, formula=F.from_ytd("this_cum")),
    P.percentage_row(-1), P.percentage_row(0),
    TableRow("profile", lambda m, year: f"Target {year.short}", calculated,
             values=lambda c: c.rows.profile or [None] * c.n, formula=F.profile),
    P.count_to_date_row(-1, "numerator"), P.count_to_date_row(-1, "denominator"),
    P.count_to_date_row(0, "numerator"), P.count_to_date_row(0, "denominator"),
    TableRow("last_cum", _to_date(-1), _entered("ytd"), year=-1, applies=not_counted,
             values=lambda c: c.rows.last_cumulative, formula=F.running_total("last_year", "last_cum")),
    TableRow("this_cum", _to_date(0), _entered("ytd"), applies=not_counted,
             values=lambda c: c.rows.this_cumulative, formula=F.running_total("this_year", "this_cum")),
    P.pooled_row(-1), P.pooled_row(0),
    TableRow("pct", lambda m, year: "% difference in Actuals", calculated, num=PERCENT, applies=not_counted,
             values=lambda c: [None if x is None else x[1] for x in c.rows.change], formula=F.pct_difference),
    P.POINTS, P.interval_row(0, "interval_low"), P.interval_row(1, "interval_high"),
)


def table(measure: Measure) -> tuple[TableRow, ...]:
    """The table's rows on this measure's sheet, in order."""
    return tuple(row for row in TABLE if row.applies(measure))


def rows_of(measure: Measure) -> dict[str, int]:
    """Row key -> 0-based row on the measure's sheet: the fixed rows, the table's, the note."""
    at = dict(TOP_ROWS)
    rows = table(measure)
    at.update({row.key: FIRST_TABLE_ROW + i for i, row in enumerate(rows)})
    at["note"] = FIRST_TABLE_ROW + len(rows) + 1
    return at


def typed_row(measure: Measure, year: int, series: str = "") -> TableRow:
    """The row staff type a year's figures in (0 this year, -1 last year); a percentage's
    figures are its counts: ``series`` ``numerator`` or ``denominator``."""
    return next(row for row in table(measure) if row.typed(measure) and row.year == year and row.series == series)


def outturn_rows(measure: Measure) -> tuple[TableRow, ...]:
    """The out-turns sit on the typed rows of last year's figures, as in the seed's ASB table:
    a percentage's, its counts' out-turns on each count's row."""
    return tuple(row for row in table(measure) if row.typed(measure) and row.year == -1)


# ------------------------------------------------------------------ key figures and workings


KEY_FIGURES: tuple[Figure, ...] = (
    Figure("period", "Period", lambda c: c.result.period or "",
           lambda c: f'=IF({c.work("reported")}=0,"",INDEX({c.span("header")},{c.work("reported")}))'),
    Figure("ytd", "Year to date", lambda c: tidy_or_blank(c.result.ytd_actual), F.at_reported("this_cum"), num=FIGURE),
    Figure("ytd_target", "Target to date", lambda c: tidy_or_blank(c.result.ytd_target, c.measure.precision),
           F.at_reported("profile"), F.profile_kind, num=FIGURE),
    Figure("last_ytd", "Last year to date", lambda c: tidy_or_blank(c.result.last_year_ytd),
           F.at_reported("last_cum"), num=FIGURE),
    Figure("change", "Change on last year", lambda c: tidy_or_blank(c.result.change),
           lambda c: f'=IF(OR({c.key("ytd")}="",{c.key("last_ytd")}=""),"",{c.key("ytd")}-{c.key("last_ytd")})',
           num=CHANGE),
    Figure("pct_change", "% change", lambda c: blank(c.result.pct_change), F.pct_change, num=PERCENT),
    Figure("forecast", "Year-end forecast", lambda c: tidy_or_blank(c.result.forecast), F.forecast, F.forecast_kind,
           num=FIGURE),
    Figure("annual_target", "Annual target", lambda c: blank(c.measure.annual_target),
           lambda c: f'=IF({F.lookup(c, "annual_target")}="","",{F.lookup(c, "annual_target")})', num=FIGURE),
    Figure("judgement", "Judgement", F.judgement_label, F.judgement, CUSTOM, style="judgement", width=14),
    Figure("trend", "Trend", lambda c: c.result.trend or "", F.trend),
    Figure("lag", "Data lag", lambda c: "Lagging" if c.result.lagging else "", lambda c: c.rule("lagging")),
    *P.KEY_FIGURES,
)


def _rule(name: str) -> Figure:
    return Figure(name, dict(_RULE_HEADINGS)[name], lambda c: c.evaluate(name), lambda c: c.rule(name), style="work")


_RULE_HEADINGS = (("last", "Last period known"), ("break", "Last change before it"),
                  ("latest", "Latest period with figures"), ("latest_month", "As month number"),
                  ("expected", "Period expected"), ("reported", "Period reported"))

# The measure's fields looked up in the Measures table, and the positions the key figures are read at.
WORKINGS: tuple[Figure, ...] = (
    Figure("measures_row", "Row in Measures", lambda c: c.measures_row,
           lambda c: f'=MATCH({literal(c.measure.id)},{measures_column_ref("id")},0)', style="work"),
    Figure("direction", "Direction", lambda c: c.measure.direction, F.field("direction"), style="work"),
    Figure("entry", "Entered as", lambda c: c.measure.entry, F.field("entry"), style="work"),
    Figure("precision", "Precision", lambda c: c.measure.precision, F.precision, style="work"),
    Figure("tolerance", "Tolerance", lambda c: c.measure.tolerance, F.field("tolerance"), style="work",
           num=WHOLE_PERCENT),
    Figure("status", "Status", lambda c: c.measure.status, F.field("status"), style="work"),
    Figure("better_when", "Better when", lambda c: c.measure.better_when, F.field("better_when"),
           style="work"),
    Figure("wording", "Performance measure", lambda c: c.measure.measure_wording,
           lambda c: f'=IF({F.lookup(c, "measure_wording")}="","",{F.lookup(c, "measure_wording")})', style="work"),
    *(_rule(name) for name, _ in _RULE_HEADINGS),
    *P.WORKINGS,
)


def key_figure(name: str) -> Figure:
    return next(f for f in KEY_FIGURES if f.key == name)


def figures_of(figures: tuple[Figure, ...], measure: Measure) -> tuple[Figure, ...]:
    """The key figures or workings on this measure's sheet."""
    return tuple(f for f in figures if f.applies(measure))


def key_col(name: str) -> int:
    return FIRST_KEY_COL + [f.key for f in KEY_FIGURES].index(name)


def work_col(name: str) -> int:
    return FIRST_KEY_COL + [f.key for f in WORKINGS].index(name)


def key_heading(name: str) -> str:
    """The heading of a key figure, e.g. ``key_heading("ytd")`` -> ``"Year to date"``."""
    return key_figure(name).heading


def key_cell(name: str, absolute: bool = False) -> str:
    """A1 address of a key figure on a measure sheet, e.g. ``key_cell("judgement")`` -> ``K6``."""
    return L.cell(TOP_ROWS["key"], key_col(name), absolute=absolute)


# The judgement banner: one cell in the label column, merged across the sheet.
BANNER = Figure("banner", "", F.banner_value, F.banner, LINKED, style="banner")
