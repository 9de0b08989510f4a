"""From register and figures to every number, judgement and sentence of the report.

``summarise(register, dataset, as_of)`` is the one entry point the command line, the
workbook, the Excel macros and the board report all call.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import arithmetic as ar
from .checks import Finding, run_checks
from .commentary import draft
from .dataset import COUNT_PARTS, Dataset, count_id
from .errors import DataQualityError, InputError
from .framework import framework
from .numbers import format_number
from .percent import Counts, PercentFigures, counts_of, figures_at, percent
from .percent_words import draft_percent
from .periods import ANNUAL, AsOf, FinancialYear
from .register import Measure, Register
from .rules import RULES, judged_pair
from .rules import evaluate as evaluate_rule


@dataclass(frozen=True)
class MeasureRows:
    """A measure's table for the year: one slot per period, None where not reported."""

    periods: tuple[str, ...]
    this_year: list
    last_year: list
    this_cumulative: list
    last_cumulative: list
    profile: list | None
    change: list  # (count, fraction) on the cumulatives, or None
    outturns: list  # [(FinancialYear, value or None)] for the three previous years
    profile_method: str = ""
    # A percentage made of counts: (this year's, last year's) ``percent.Counts``; the rows above
    # are then percentages (each period's, and the year to date pooled) and the change is in points.
    counts: tuple[Counts, Counts] | None = None

    def through(self, n: int) -> "MeasureRows":
        """This year's rows to its ``n``-th period, later ones blank: what a report made to that
        period shows, whatever was typed after it (last year's rows and the target stay whole).

        >>> rows = MeasureRows(("Q1", "Q2"), [5, 7], [4, 4], [5, 12], [4, 8], None, [(1, 0.25), (4, 0.5)], [])
        >>> cut = rows.through(1)
        >>> cut.this_year, cut.this_cumulative, cut.change, cut.last_year
        ([5, None], [5, None], [(1, 0.25), None], [4, 4])
        """
        def cut(values):
            return [*values[:n], *([None] * (len(values) - n))]

        counts = self.counts
        if counts is not None:
            counts = (Counts(tuple(cut(counts[0].numerator)), tuple(cut(counts[0].denominator))), counts[1])
        return replace(self, this_year=cut(self.this_year), this_cumulative=cut(self.this_cumulative),
                       change=cut(self.change), counts=counts)


@dataclass(frozen=True)
class MeasureResult:
    """Everything the report says about one measure at the as-of point."""

    measure: Measure
    rows: MeasureRows | None
    period: str | None = None
    period_index: int | None = None
    ytd_actual: float | None = None
    ytd_target: float | None = None
    annual_target: float | None = None
    last_year_ytd: float | None = None
    last_year_outturn: float | None = None
    change: float | None = None
    pct_change: float | None = None
    forecast: float | None = None
    forecast_method: str | None = None
    shortfall: float | None = None
    rag: str = "none"
    judgement: str = ""
    trend: str | None = None
    lagging: bool = False
    expected_period: str | None = None
    commentary: tuple[str, ...] = ()
    counts: PercentFigures | None = None  # a percentage made of counts: what its year to date rests on

    @property
    def not_judged(self) -> bool:
        """A percentage with too few people in its year to date to judge (``min_base``)."""
        return self.counts is not None and not self.counts.judged

    @property
    def reported_rows(self) -> MeasureRows | None:
        """The rows as a report made to ``expected_period`` prints them: figures typed for later
        periods are not that report's (a quarter-one paper made again once September is in)."""
        if self.rows is None:
            return None
        return self.rows.through(self.measure.periods.index(self.expected_period) + 1 if self.expected_period else 0)

    @property
    def is_year_end(self) -> bool:
        """Whether the figures reported are the year's out-turn (to March, or quarter four)."""
        return self.period_index is not None and self.period_index == len(self.measure.periods) - 1

    def to_json(self) -> dict:
        m, p = self.measure, self.measure.precision
        return {
            "id": m.id,
            "title": m.title,
            "direction": m.direction,
            "frequency": m.frequency,
            "period": self.period,
            "ytd_actual": ar.tidy(self.ytd_actual, p),
            "ytd_target": ar.tidy(self.ytd_target, p),
            "annual_target": ar.tidy(self.annual_target, p),
            "last_year_ytd": ar.tidy(self.last_year_ytd, p),
            "change_vs_last_year": ar.tidy(self.change, p),
            "pct_change_vs_last_year": ar.tidy(self.pct_change, 4),
            "forecast": ar.tidy(self.forecast, p),
            "rag": self.rag,
            "judgement": self.judgement,
            "trend": self.trend,
            "lagging": self.lagging,
            "commentary": list(self.commentary),
            **self._counts_json(),
        }

    def _counts_json(self) -> dict:
        """A percentage's counts: the year to date's, last year's, its 95% interval and the base it
        needs (null for other measures, so that every measure has the same keys)."""
        c, p = self.counts, self.measure.precision
        interval = None if c is None or c.interval is None else [round(v, p) for v in c.interval]
        return {
            "unit": self.measure.unit,
            "numerator": None if c is None else ar.tidy(c.numerator, 0),
            "denominator": None if c is None else ar.tidy(c.denominator, 0),
            "last_year_numerator": None if c is None else ar.tidy(c.last_numerator, 0),
            "last_year_denominator": None if c is None else ar.tidy(c.last_denominator, 0),
            "interval": interval,
            "min_base": self.measure.base_needed if self.measure.is_counts else None,
        }


@dataclass(frozen=True)
class Summary:
    as_of: AsOf
    results: tuple[MeasureResult, ...]
    findings: tuple[Finding, ...] = ()
    register: Register | None = field(default=None, compare=False)

    def result(self, measure_id: str) -> MeasureResult:
        for r in self.results:
            if r.measure.id == measure_id:
                return r
        raise KeyError(measure_id)

    def to_json(self) -> dict:
        return {"as_of": self.as_of.label, "measures": [r.to_json() for r in self.results]}


def outturn(dataset: Dataset, measure: Measure, year: FinancialYear) -> float | None:
    """A year's out-turn: the total of its periods when all are present (the last YTD
    figure for a YTD measure), else its annual figure, else None."""
    if measure.is_counts:  # the year's counts pooled, from its periods or its annual counts
        counts = year_counts(dataset, measure, year).total()
        if counts is None:
            annual = [dataset.series(count_id(measure.id, part), year).get(ANNUAL) for part in COUNT_PARTS]
            counts = tuple(annual)
        return percent(*counts)
    series = dataset.series(measure.id, year)
    from_periods = row_outturn([series.get(p) for p in measure.periods], measure.entry)
    return from_periods if from_periods is not None else series.get(ANNUAL)


def row_outturn(entered: list, entry: str) -> float | None:
    """The year's total from a row as entered (``arithmetic.entered_total``), except a running
    total repeated unchanged to the year's end, which is carried forward, not the year's: None.
    The engine's out-turn and ``SPP_FORECAST`` (``excel.cells.forecast``) both take it from here."""
    total = ar.entered_total(entered, entry)
    if total is not None and entry == "ytd" and latest_reported(entered) < len(entered):
        return None
    return total


def latest_reported(entered: list) -> int:
    """The latest period a year-to-date row reports (``RULES["latest"]``): a running total
    repeated unchanged ``flat_run`` times or more to the end stops at the run's first period."""
    env = {"entered": list(entered), "cumulative": list(entered), "entry": "ytd", "flat_run": framework().flat_run}
    return int(evaluate_rule(RULES["latest"], env, cache=dict(env)))


def year_counts(dataset: Dataset, measure: Measure, year: FinancialYear) -> Counts:
    """A percent measure's counts for ``year`` (its ``<id>.numerator`` and ``<id>.denominator`` figures)."""
    return counts_of(*(dataset.series(count_id(measure.id, part), year) for part in COUNT_PARTS), measure.periods)


def measure_rows(measure: Measure, dataset: Dataset, year: FinancialYear) -> MeasureRows:
    """The measure's table for ``year`` and the year before."""
    if measure.is_counts:
        return _percent_rows(measure, dataset, year)
    rows = {}
    for key, fy in (("this", year), ("last", year.previous())):
        series = dataset.series(measure.id, fy)
        rows[key] = ar.as_entered([series.get(p) for p in measure.periods], measure.entry)
    profile, method = target_profile(measure, rows["last"][1])
    return MeasureRows(
        periods=measure.periods,
        this_year=rows["this"][0],
        last_year=rows["last"][0],
        this_cumulative=rows["this"][1],
        last_cumulative=rows["last"][1],
        profile=profile,
        change=ar.change(rows["this"][1], rows["last"][1]),
        outturns=[(fy, outturn(dataset, measure, fy)) for fy in year.outturn_years()],
        profile_method=method,
    )


def _percent_rows(measure: Measure, dataset: Dataset, year: FinancialYear) -> MeasureRows:
    """A percentage's table: each period's percentage, the year to date pooled from the counts,
    the level as the target at every period, and the change in percentage points."""
    this, last = year_counts(dataset, measure, year), year_counts(dataset, measure, year.previous())
    level = None if measure.annual_target is None or measure.is_monitoring else measure.annual_target
    points = [None if now is None or before is None else (ar.tidy(now - before, 9), None)
              for now, before in zip(this.pooled, last.pooled)]
    return MeasureRows(
        periods=measure.periods, this_year=this.percents, last_year=last.percents,
        this_cumulative=this.pooled, last_cumulative=last.pooled,
        profile=None if level is None else [level] * len(measure.periods), change=points,
        outturns=[(fy, outturn(dataset, measure, fy)) for fy in year.outturn_years()],
        profile_method="" if level is None else "level", counts=(this, last),
    )


def target_profile(measure: Measure, last_year_cumulative: list) -> tuple[list | None, str]:
    """The cumulative target profile and how it was made."""
    if measure.annual_target is None or measure.is_monitoring:
        return None, ""
    n = len(measure.periods)
    if measure.profile == "custom":
        return [ar.tidy(v, measure.precision) for v in measure.custom_profile], "custom"
    if measure.profile == "seasonal":
        try:
            return ar.seasonal_profile(measure.annual_target, last_year_cumulative, measure.precision), "seasonal"
        except ValueError:
            pass  # last year incomplete: the straight line stands in, and says so
    profile = ar.straight_profile(measure.annual_target, n, measure.direction, measure.precision)
    return profile, "straight" if measure.profile == "straight" else "straight (last year incomplete)"


def rule_inputs(measure: Measure, rows: MeasureRows, reporting_month: int) -> dict:
    """What the rules of ``spp_xl.core.rules`` read for one measure: its rows of the year and
    settings, and the month the report is made to (1 = April; 0 while nothing is reported)."""
    fw = framework()
    entered, cumulative = rows.this_cumulative if measure.entry == "ytd" else rows.this_year, rows.this_cumulative
    if rows.counts is not None:  # a percentage's figures are known where its counts are
        entered, cumulative = rows.counts[0].denominator, rows.counts[0].cumulative[1]
    return {
        "entered": list(entered),
        "cumulative": list(cumulative),
        "entry": measure.entry,
        "flat_run": fw.flat_run,
        "frequency": measure.frequency,
        "reporting_month": reporting_month,
        "status": measure.status,
        "direction": measure.direction,
        "better_when": measure.better_when,
        "stable_band": fw.stable_band,
    }


def evaluate(measure: Measure, dataset: Dataset, as_of: AsOf, reporting: bool = True) -> MeasureResult:
    """Judges one measure at ``as_of`` and drafts its commentary.

    ``reporting`` is False for a year nothing has been reported in yet (a new year's
    workbook): no period is then expected, so nothing is late.
    """
    fw = framework()
    if measure.is_developing:
        result = MeasureResult(measure, None, rag="none", judgement=fw.developing)
        return replace(result, commentary=tuple(draft(result, as_of)))
    rows = measure_rows(measure, dataset, as_of.year)
    env = rule_inputs(measure, rows, as_of.month_index + 1 if reporting else 0)
    worked = dict(env)  # the rules worked out once, for each that reads them
    expected = evaluate_rule(RULES["expected"], env, cache=worked)
    base = MeasureResult(
        measure, rows, annual_target=measure.annual_target,
        expected_period=measure.periods[expected - 1] if expected else None,
        last_year_outturn=outturn(dataset, measure, as_of.year.previous()),
        lagging=evaluate_rule(RULES["lagging"], env, cache=worked) == "Lagging",
    )
    reported = evaluate_rule(RULES["reported"], env, cache=worked)
    if not reported:
        result = replace(base, rag="none", judgement=fw.phrase("none"))
        return replace(result, commentary=tuple(draft(result, as_of)))
    i = reported - 1
    if rows.counts is not None:
        result = _judge_percent(measure, base, rows, i, env)
        return replace(result, commentary=tuple(draft_percent(result, as_of)))
    ytd = rows.this_cumulative[i]
    last_ytd = rows.last_cumulative[i]
    count_change = rows.change[i]
    fc, method = ar.forecast(ytd, i + 1, len(rows.periods), base.last_year_outturn, last_ytd)
    result = replace(
        base,
        period=rows.periods[i],
        period_index=i,
        ytd_actual=ytd,
        ytd_target=None if rows.profile is None else rows.profile[i],
        last_year_ytd=last_ytd,
        change=None if count_change is None else count_change[0],
        pct_change=None if count_change is None else count_change[1],
        forecast=fc,
        forecast_method=method,
    )
    if measure.is_monitoring:
        trend = evaluate_rule(RULES["trend"], {**env, "pct_change": result.pct_change}) or None
        result = replace(result, rag="monitor", trend=trend, judgement=fw.phrase("monitor", trend=trend))
    else:
        short = judged_shortfall(measure, result)
        rag = ar.rag(short, measure.tolerance)
        result = replace(result, shortfall=short, rag=rag, judgement=fw.phrase(rag, measure.tolerance))
    return replace(result, commentary=tuple(draft(result, as_of)))


def _judge_percent(measure: Measure, base: MeasureResult, rows: MeasureRows, i: int, env: dict) -> MeasureResult:
    """A percentage at period ``i``: its year to date pooled against its level, judged only
    with ``min_base`` people counted; no forecast (at the year end the out-turn is judged)."""
    fw = framework()
    figures = figures_at(*rows.counts, i, measure.base_needed)
    ytd, last = rows.this_cumulative[i], rows.last_cumulative[i]
    result = replace(
        base, period=rows.periods[i], period_index=i, ytd_actual=ytd,
        ytd_target=None if rows.profile is None else rows.profile[i], last_year_ytd=last,
        change=None if rows.change[i] is None else rows.change[i][0], counts=figures,
    )
    if not figures.judged:
        so_far = f"{format_number(figures.denominator)} {measure.denominator or 'people counted'}"
        return replace(result, rag="none", judgement=fw.not_judged_phrase(so_far, figures.needed))
    if measure.is_monitoring:  # a percentage's trend is in points: stable within stable_band x 100 points
        points = None if result.change is None else result.change / 100
        trend = evaluate_rule(RULES["trend"], {**env, "pct_change": points}) or None
        return replace(result, rag="monitor", trend=trend, judgement=fw.phrase("monitor", trend=trend))
    short = judged_shortfall(measure, result)
    rag = ar.rag(short, measure.tolerance)
    return replace(result, shortfall=short, rag=rag, judgement=fw.phrase(rag, measure.tolerance))


def judged_shortfall(measure: Measure, r: MeasureResult) -> float:
    """The shortfall of what the measure's judgement rule compares (``rules.JUDGED_AGAINST``),
    each figure as the board reads it, to the measure's precision (``RULES["as_reported"]``)."""
    figures = {"ytd": r.ytd_actual, "ytd_target": r.ytd_target, "last_ytd": r.last_year_ytd,
               "forecast": r.forecast, "annual_target": measure.annual_target}
    value, target = (evaluate_rule(RULES["as_reported"], {"figure": figures[key], "precision": measure.precision})
                     for key in judged_pair(measure.rule, figures, r.is_year_end))
    return ar.shortfall(value, target, measure.direction)


def latest_month(measure: Measure, dataset: Dataset, year: FinancialYear) -> int:
    """The latest month (1 = April) the measure has figures for in ``year``, 0 for none
    (``rules.RULES["latest_month"]``: a figure carried forward flat does not count)."""
    if measure.is_developing:
        return 0
    env = rule_inputs(measure, measure_rows(measure, dataset, year), 0)
    return evaluate_rule(RULES["latest_month"], env)


def default_as_of(register: Register, dataset: Dataset) -> AsOf:
    """The latest month with data for any measure in the register's year.

    A figure carried forward flat to the year's end (the checks' warning) is not data: the
    seed's 4,799 repeated from July to March must not turn a June report into March's.
    """
    month = max((latest_month(m, dataset, register.year) for m in register), default=0)
    if not month:
        raise InputError(f"holds no figures for {register.year.label}, the register's year, yet: type the year's "
                         "first figures, then run this again", dataset.source)
    return AsOf(register.year, month - 1)


def _refuse_unreached(register: Register, dataset: Dataset, as_of: AsOf) -> None:
    """An as-of past every measure's figures would be a report in which all of them lag.
    (A year with no figures at all is reported as not judged: a new year's workbook.)"""
    try:
        latest = default_as_of(register, dataset)
    except InputError:
        return
    if as_of > latest:
        raise InputError(f"--as-of {as_of.label}: no measure has figures for it; the latest month with data "
                         f"is {latest.label}: report to \"{latest.label}\" or earlier")


def summarise(register: Register, dataset: Dataset, as_of: AsOf | str | None = None,
              strict: bool = True) -> Summary:
    """Judges every measure in the register.

    Args:
        register: the measures.
        dataset: the figures.
        as_of: the month reported to; default: the latest with data.
        strict: refuse (DataQualityError) when the checks find errors.

    >>> from spp_xl import load_register, read_csv
    >>> s = summarise(load_register(), read_csv())
    >>> s.as_of.label, s.result("asb").rag
    ('2015/16 Jun', 'green')
    """
    findings = tuple(run_checks(register, dataset))
    if strict and any(f.severity == "error" for f in findings):
        raise DataQualityError(findings)
    if isinstance(as_of, str):
        as_of = AsOf.parse(as_of)
    if as_of is None:
        as_of = default_as_of(register, dataset)
    elif as_of.year != register.year:
        raise InputError(
            f"--as-of {as_of.label}: the register's targets are for {register.year.label}; "
            f"report a month of {register.year.label}, e.g. \"{register.year.label} Jun\""
        )
    else:
        _refuse_unreached(register, dataset, as_of)
    results = tuple(evaluate(m, dataset, as_of) for m in register)
    return Summary(as_of, results, findings, register)
