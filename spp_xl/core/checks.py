"""Data-quality checks: what hand-typed figures and the seed's own tables get wrong.

Errors (unreadable values, duplicates, negative or fractional counts, falling
year-to-date figures) stop a report; warnings are printed and carried into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import arithmetic as ar
from .dataset import Dataset
from .framework import framework
from .periods import ANNUAL, FinancialYear
from .register import Measure, Register

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Finding:
    severity: str
    measure: str
    year: str | None
    period: str | None
    message: str
    where: str = ""

    def describe(self) -> str:
        """One line: severity, what, when, where."""
        when = " ".join(x for x in (self.year, self.period) if x)
        place = f" [{self.where}]" if self.where else ""
        return f"{self.severity.upper()}: {self.measure}{' ' + when if when else ''}: {self.message}{place}"

    def to_json(self) -> dict:
        return {"severity": self.severity, "measure": self.measure, "year": self.year,
                "period": self.period, "message": self.message, "where": self.where}


def _fmt(value: float, measure: Measure | None = None) -> str:
    precision = measure.precision if measure else 2
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{max(precision, 1)}f}"


def run_checks(register: Register, dataset: Dataset) -> list[Finding]:
    """Every finding about the data, errors first, then in register order."""
    findings: list[Finding] = []
    findings += _observation_checks(register, dataset)
    for measure in register:
        for year in dataset.years(measure.id):
            # Outliers are queried only where the report shows them: the register's year and the one before.
            findings += _series_checks(measure, dataset, year, outliers=year >= register.year.previous())
    order = {m.id: i for i, m in enumerate(register)}
    findings.sort(key=lambda f: (SEVERITIES.index(f.severity), order.get(f.measure, len(order))))
    return findings


def _observation_checks(register: Register, dataset: Dataset) -> list[Finding]:
    findings, seen, unknown = [], {}, {}
    for obs in dataset.observations:
        year = obs.year.label
        if obs.measure not in register:
            unknown.setdefault(obs.measure, obs)
            continue
        measure = register.get(obs.measure)
        key = (obs.measure, obs.year, obs.period)
        if obs.value is None:
            findings.append(Finding("error", obs.measure, year, obs.period,
                                    f"{obs.raw!r} is not a number", obs.where))
            continue
        if key in seen:
            findings.append(Finding("error", obs.measure, year, obs.period,
                                    f"entered twice ({_fmt(seen[key].value)} at {seen[key].where}, "
                                    f"{_fmt(obs.value)} here)", obs.where))
            continue
        seen[key] = obs
        if obs.period != ANNUAL and measure.unit == "count":
            if obs.value < 0:
                findings.append(Finding("error", obs.measure, year, obs.period,
                                        f"{_fmt(obs.value)} is negative; a count cannot be", obs.where))
            elif not float(obs.value).is_integer():
                findings.append(Finding("error", obs.measure, year, obs.period,
                                        f"{obs.value:g} is not a whole number; a count must be", obs.where))
        if obs.period != ANNUAL and obs.period not in measure.periods:
            findings.append(Finding("error", obs.measure, year, obs.period,
                                    f"period {obs.period} does not fit a {measure.frequency} measure "
                                    f"({', '.join(measure.periods[:2])}, ...)", obs.where))
    for measure_id, obs in unknown.items():
        findings.append(Finding("warning", measure_id, obs.year.label, obs.period,
                                "unknown measure id: not in the register, its figures are ignored", obs.where))
    return findings


def _series_checks(measure: Measure, dataset: Dataset, year: FinancialYear, outliers: bool = True) -> list[Finding]:
    fw = framework()
    series = dataset.series(measure.id, year)
    entered = [series.get(p) for p in measure.periods]
    label = year.label
    found = []

    def add(severity, period, message):
        found.append(Finding(severity, measure.id, label, period, message))

    last = ar.latest_index(entered)
    if last is None:
        return found
    for i in range(last):
        if entered[i] is None:
            period = measure.periods[i]
            found.append(Finding("warning", measure.id, label, period,
                                 f"missing: {period} is blank but later periods ({measure.periods[last]}) have figures",
                                 dataset.blank_cells.get((measure.id, year, period), "")))
    if measure.entry == "ytd":
        for i in range(1, last + 1):
            before, now = entered[i - 1], entered[i]
            if before is not None and now is not None and now < before:
                found.append(Finding(
                    "error", measure.id, label, measure.periods[i],
                    f"year-to-date figure falls from {_fmt(before, measure)} ({measure.periods[i - 1]}) "
                    f"to {_fmt(now, measure)}", _where(dataset, measure.id, year, measure.periods[i])))
    per_period, _ = ar.as_entered(entered, measure.entry)
    found += _outturn_check(measure, series, entered, label)
    shape = _shape_checks(measure, entered, per_period, label, fw.flat_run)
    found += shape
    if shape:
        return found  # a carried-forward or spread-out year makes period-by-period comparisons noise
    last_year = dataset.series(measure.id, year.previous())
    if last_year and outliers:
        ly_entered = [last_year.get(p) for p in measure.periods]
        ly_periods, _ = ar.as_entered(ly_entered, measure.entry)
        found += _outlier_checks(measure, per_period, ly_periods, label, fw.outlier_tolerance)
    return found


def _where(dataset: Dataset, measure_id: str, year: FinancialYear, period: str) -> str:
    """Where a figure came from (a CSV line, a sheet cell): an error must point at it."""
    return next((o.where for o in dataset.observations
                 if (o.measure, o.year, o.period) == (measure_id, year, period) and o.value is not None), "")


def _outturn_check(measure, series, entered, label):
    annual = series.get(ANNUAL)
    if annual is None:
        return []
    computed = ar.entered_total(entered, measure.entry)
    if computed is None or abs(computed - annual) < 0.5 * 10 ** -measure.precision:
        return []
    basis = "its March year-to-date figure" if measure.entry == "ytd" else "the sum of its periods"
    return [Finding("warning", measure.id, label, ANNUAL,
                    f"the annual out-turn {_fmt(annual, measure)} disagrees with {basis} "
                    f"({_fmt(computed, measure)}); {_fmt(computed, measure)} is used")]


def _shape_checks(measure, entered, per_period, label, flat_run):
    found = []
    complete = all(v is not None for v in per_period)
    values = [v for v in per_period if v is not None]
    if (measure.entry == "period" and measure.unit == "count" and complete and len(values) >= 4
            and min(values) > 0 and max(values) - min(values) <= 2 and len(set(values)) < len(values)):
        total = sum(values)
        found.append(Finding("warning", measure.id, label, None,
                             f"the figures ({', '.join(_fmt(v) for v in values)}) look like an annual total "
                             f"({_fmt(total)}) spread evenly, not what each period recorded"))
        return found
    run_start = 0
    for i in range(1, len(entered) + 1):
        if i < len(entered) and entered[i] is not None and entered[i] == entered[run_start]:
            continue
        length = i - run_start
        value = entered[run_start]
        if length >= flat_run and value:
            first, final = measure.periods[run_start], measure.periods[i - 1]
            repeated = measure.periods[run_start + 1]
            kind = "year-to-date figure" if measure.entry == "ytd" else "figure"
            found.append(Finding("warning", measure.id, label, repeated,
                                 f"the {kind} {_fmt(value, measure)} of {first} is repeated unchanged from "
                                 f"{repeated} to {final}: it looks carried forward, not reported"))
        run_start = i
    return found


def _outlier_checks(measure, this_periods, last_periods, label, tolerance):
    """A period far from what both its neighbour (shaped by last year) and the same period
    last year lead one to expect; at the end of the data that is usually a data lag."""
    found = []
    last = ar.latest_index(this_periods)
    for i, value in enumerate(this_periods):
        ly = last_periods[i] if i < len(last_periods) else None
        if value is None or not ly:
            continue
        shaped = [this_periods[j] * ly / last_periods[j] for j in (i - 1, i + 1)
                  if 0 <= j < len(this_periods) and this_periods[j] and j < len(last_periods) and last_periods[j]]
        expected = sum(shaped) / len(shaped) if shaped else None
        if not expected:
            continue
        off_expected, off_last_year = value / expected - 1, value / ly - 1
        if abs(off_expected) > tolerance and abs(off_last_year) > tolerance and off_expected * off_last_year > 0:
            word = "below" if off_expected < 0 else "above"
            neighbours = "its neighbouring period" if len(shaped) == 1 else "the periods either side"
            lag = ("; later figures are not in yet: a data lag?" if i == last and off_expected < 0 else
                   ": please confirm it")
            found.append(Finding(
                "warning", measure.id, label, measure.periods[i],
                f"{_fmt(value, measure)} is {abs(off_expected):.0%} {word} what {neighbours} and last year's "
                f"shape suggest ({_fmt(round(expected, measure.precision), measure)}) and {abs(off_last_year):.0%} "
                f"{word} the same period last year ({_fmt(ly, measure)}){lag}"))
    return found
