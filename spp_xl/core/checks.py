"""Data-quality checks: what hand-typed figures and the seed's own tables get wrong.

Errors (unreadable values, duplicates, negative or fractional counts, falling
year-to-date figures, an id that differs from the register's only in its case or
punctuation, a figure far outside what its neighbours and last year suggest that the
analyst has not confirmed) stop a report; warnings are printed and carried into it.
Nothing typed is left out without a finding: figures of unknown measures, or of years
the report does not show, are named with where they are.

One fault gives one finding, and a finding quotes what was typed (for a year-to-date
measure, the year-to-date figure and the period figure it implies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import arithmetic as ar
from . import count_checks as cc
from .commentary import wording_disagrees
from .dataset import Dataset, not_a_figure
from .framework import framework
from .numbers import format_number
from .outliers import Flag, beyond_noise, noise_chance, outlier_flags, relative, repeat_chance
from .periods import ANNUAL, FinancialYear, period_name
from .register import Measure, Register

SEVERITIES = ("error", "warning")
UNIT_WORDS = {"count": "count", "rate": "rate", "percent": "percentage"}


@dataclass(frozen=True)
class Finding:
    """One thing the checks found.

    ``value`` is the figure as typed that the finding is about, where there is one.
    ``confirmable`` marks an error the analyst may clear by confirming the figure: its
    ``(measure, year, period, value)`` goes into ``Dataset.confirmed``, and the finding then
    comes back as a warning with ``confirmed`` set.
    """

    severity: str
    measure: str
    year: str | None
    period: str | None
    message: str
    where: str = ""
    value: float | None = None
    confirmable: bool = False
    confirmed: bool = False

    def describe(self) -> str:
        """One line: severity, what, when, where."""
        when = " ".join(x for x in (self.year, self.period) if x)
        place = f" [{self.where}]" if self.where else ""
        return f"{self.severity.upper()}: {self.measure}{' ' + when if when else ''}: {self.message}{place}"

    def to_json(self) -> dict:
        return {"severity": self.severity, "measure": self.measure, "year": self.year,
                "period": self.period, "message": self.message, "where": self.where,
                "value": self.value, "confirmable": self.confirmable, "confirmed": self.confirmed}


def _fmt(value: float, measure: Measure | None = None) -> str:
    """A figure a finding quotes: as typed, to the measure's precision (at least one place)."""
    return format_number(value, max(measure.precision if measure else 2, 1))


def run_checks(register: Register, dataset: Dataset, fw=None) -> list[Finding]:
    """Every finding about the data, errors first, then in register order.

    ``fw`` gives other thresholds than ``templates/judgement.toml``'s (the benchmark's trials).
    """
    fw = fw or framework()
    findings: list[Finding] = []
    findings += _observation_checks(register, dataset)
    faulty = {(f.measure, f.year, f.period) for f in findings if f.severity == "error"}
    shown = (register.year.previous(), register.year)  # the years whose periods the report shows
    for measure in register:
        if measure.is_developing:
            continue  # its figures are not used: one finding says so
        for row in cc.checked_rows(measure):  # a percentage's checks run on its two counts
            for year in dataset.years(row.id):
                if year in shown:
                    findings += _series_checks(row, dataset, year, faulty, fw)
                elif year < register.year:
                    findings += _outturn_year_checks(row, dataset, year)
        if measure.is_counts:
            years = sorted({y for row in cc.checked_rows(measure) for y in dataset.years(row.id)})
            findings += [Finding(**found) for found in cc.pair_problems(measure, dataset, years, faulty)]
    findings += [Finding("warning", m.id, None, None,
                         f"its performance measure wording {m.measure_wording!r} names another figure than its "
                         f"annual target {format_number(m.annual_target, m.precision)}: the report quotes the "
                         "annual target", register.source)
                 for m in register if wording_disagrees(m)]
    findings += list(dataset.findings)  # what the reader found where the figures were typed
    findings.sort(key=lambda f: (SEVERITIES.index(f.severity), cc.register_order(register, f.measure)))
    return findings


def _normal(measure_id: str) -> str:
    """An id without case, spaces or punctuation: 'ASB', 'dv reporting' -> 'asb', 'dvreporting'."""
    return re.sub(r"[^0-9a-z]", "", measure_id.lower())


def _column(where: str, column: str) -> str:
    """A CSV observation's place, pointing at another of its columns."""
    return where.replace(", column value", f", column {column}") if where.endswith(", column value") else where


def _observation_checks(register: Register, dataset: Dataset) -> list[Finding]:
    findings, seen, unknown, outside, misplaced = [], {}, {}, {}, {}
    first_year, last_year = register.year.outturn_years()[0], register.year
    for obs in dataset.observations:
        year = obs.year.label
        kind, measure = cc.owner(register, obs.measure)
        if kind == cc.UNKNOWN:
            unknown.setdefault(obs.measure, []).append(obs)
            continue
        if kind in cc.MISPLACED:
            misplaced.setdefault((kind, measure), []).append(obs)
            continue
        key = (obs.measure, obs.year, obs.period)
        if obs.value is None:
            findings.append(Finding("error", obs.measure, year, obs.period, not_a_figure(obs.raw), obs.where))
            continue
        if key in seen:
            findings.append(Finding("error", obs.measure, year, obs.period,
                                    f"entered twice ({_fmt(seen[key].value)} at {seen[key].where}, "
                                    f"{_fmt(obs.value)} here)", obs.where, obs.value))
            continue
        seen[key] = obs
        if not first_year <= obs.year <= last_year or (obs.year == last_year and obs.period == ANNUAL):
            outside.setdefault((obs.measure, obs.year), []).append(obs)
        if obs.period != ANNUAL and obs.value < 0:
            findings.append(Finding("error", obs.measure, year, obs.period,
                                    f"{_fmt(obs.value)} is negative; a {UNIT_WORDS[measure.unit]} cannot be",
                                    obs.where, obs.value))
        elif obs.period != ANNUAL and kind == cc.COUNT and cc.percentage_in_count(obs, measure):
            findings.append(Finding("error", obs.measure, year, obs.period, cc.percentage_in_count(obs, measure),
                                    obs.where, obs.value))
        elif obs.period != ANNUAL and measure.unit == "count":
            if not float(obs.value).is_integer():
                findings.append(Finding("error", obs.measure, year, obs.period,
                                        f"{obs.value:g} is not a whole number; a count must be", obs.where,
                                        obs.value))
        if obs.period != ANNUAL and obs.period not in measure.periods:
            findings.append(Finding("error", obs.measure, year, obs.period,
                                    f"period {obs.period} does not fit a {measure.frequency} measure "
                                    f"({', '.join(measure.periods[:2])}, ...)", obs.where, obs.value))
    findings += _unknown_measures(register, unknown)
    findings += [Finding(**cc.misplaced(kind, measure, rows)) for (kind, measure), rows in misplaced.items()]
    for (measure_id, fy), rows in outside.items():
        what = ("an annual figure for the report's own year: the year's figures are its periods"
                if fy == last_year else
                f"the report shows {last_year.previous().label} and {last_year.label}, with out-turns back to "
                f"{first_year.label}")
        findings.append(Finding("warning", measure_id, fy.label, rows[0].period if len(rows) == 1 else None,
                                f"{_count(rows)} not used: {what}", _first_place(rows)))
    return findings


def _count(rows) -> str:
    """'1 figure is', '21 figures are'."""
    return "1 figure is" if len(rows) == 1 else f"{len(rows)} figures are"


def _first_place(rows) -> str:
    return rows[0].where + (f" (and {len(rows) - 1} more)" if len(rows) > 1 and rows[0].where else "")


def _unknown_measures(register: Register, unknown: dict) -> list[Finding]:
    """A measure id not in the register: an error when it is a register id written another
    way (its figures would otherwise vanish from the report), a warning otherwise."""
    normalised = {_normal(row.id): row.id for m in register for row in (m, *cc.checked_rows(m))}
    found = []
    for measure_id, rows in unknown.items():
        place = _column(rows[0].where, "measure") + (f" (and {len(rows) - 1} more)" if len(rows) > 1 else "")
        resembles = normalised.get(_normal(measure_id))
        year, period = (rows[0].year.label, rows[0].period) if len(rows) == 1 else (None, None)
        if resembles:
            found.append(Finding("error", measure_id, year, period,
                                 f"measure id {measure_id!r} is not in the register; it differs from {resembles!r} "
                                 f"only in case, spaces or punctuation: write it {resembles!r} (until then its "
                                 f"{_count(rows)} not used)", place))
        else:
            found.append(Finding("warning", measure_id, year, period,
                                 f"unknown measure id {measure_id!r} (column measure): not in the register, so "
                                 f"its {_count(rows)} not used", place))
    return found


def _outturn_year_checks(measure: Measure, dataset: Dataset, year: FinancialYear) -> list[Finding]:
    """An older year is shown as its out-turn only: from all its periods, else its annual
    figure. Some of its periods without the rest are not used, and the analyst is told."""
    series = dataset.series(measure.id, year)
    given = [p for p in measure.periods if p in series]
    if not given or len(given) == len(measure.periods):
        return _outturn_check(measure, series, [series.get(p) for p in measure.periods], year.label) if given else []
    annual = series.get(ANNUAL)
    shown = f"its annual figure ({_fmt(annual, measure)})" if annual is not None else "nothing: it is left blank"
    return [Finding("warning", measure.id, year.label, None,
                    f"{len(given)} of its {len(measure.periods)} periods are given ({', '.join(given)}); an earlier "
                    f"year is shown as its out-turn, from all its periods or its annual figure, so these are not "
                    f"used and the out-turn is {shown}", _where(dataset, measure.id, year, given[0]))]


def _series_checks(measure: Measure, dataset: Dataset, year: FinancialYear, faulty: set, fw) -> list[Finding]:
    series = dataset.series(measure.id, year)
    entered = [series.get(p) for p in measure.periods]
    label = year.label
    found = []

    last = ar.latest_index(entered)
    if last is None:
        return found
    for i in range(last):
        if entered[i] is None:
            period = measure.periods[i]
            found.append(Finding("warning", measure.id, label, period,
                                 f"missing: {period} is blank but later periods ({measure.periods[last]}) have figures",
                                 dataset.blank_cells.get((measure.id, year, period), "")))
    skip = _unusable(measure, faulty, label)
    if measure.entry == "ytd":
        for i in range(1, last + 1):
            before, now = entered[i - 1], entered[i]
            if before is not None and now is not None and now < before:
                fall = _falling(dataset, measure, year, i, before, now, fw.rate_fall)
                if fall is not None:
                    found.append(fall)
                    skip |= {i - 1, i, i + 1}  # every period figure either typed figure makes: one fault, one finding
    per_period, _ = ar.as_entered(entered, measure.entry)
    found += _outturn_check(measure, series, entered, label)
    shape, carried = _shape_checks(measure, dataset, year, entered, per_period, fw)
    found += shape
    if shape and not carried:
        return found  # a year spread out evenly makes period-by-period comparisons noise
    skip |= carried  # and figures carried forward are not figures to compare
    last_year = dataset.series(measure.id, year.previous())
    if last_year:
        ly_periods, _ = ar.as_entered([last_year.get(p) for p in measure.periods], measure.entry)
        ly_skip = _unusable(measure, faulty, year.previous().label)
        ly_periods = [None if i in ly_skip else v for i, v in enumerate(ly_periods)]
        flags = outlier_flags(per_period, ly_periods, skip, measure.unit == "count", measure.entry == "ytd", fw,
                              entered)
        found += [_outlier_finding(measure, dataset, year, entered, per_period, flag) for flag in flags]
        in_error = any((measure.id, label, p) in faulty for p in measure.periods) or any(
            f.severity == "error" for f in found) or any(not flag.lag for flag in flags)
        if not in_error:  # one fault, one finding: a year already queried is not queried again as a whole
            found += _level_finding(measure, dataset, year, entered, per_period, last_year, fw)
    return found


def _level_finding(measure: Measure, dataset: Dataset, year: FinancialYear, entered: list, per_period: list,
                   last_year: dict, fw) -> list[Finding]:
    """The year so far far from last year's over the same periods (``level_ratio`` times, either
    way, and beyond a count's noise): a whole year typed in another unit, which no comparison
    of a period with its neighbours can see. An error until the analyst confirms the year's
    first figure (its confirmation then holds as later figures come in)."""
    ly_entered = [last_year.get(p) for p in measure.periods]
    both = [i for i, v in enumerate(entered) if v is not None and ly_entered[i] is not None]
    if not both:
        return []
    if measure.entry == "ytd":  # the running totals (or rates) at the latest period both years have
        at = both[-1]
        now, then, span = entered[at], ly_entered[at], f"the year to date at {measure.periods[at]}"
    else:
        ly_periods, _ = ar.as_entered(ly_entered, measure.entry)
        now, then = sum(per_period[i] for i in both), sum(ly_periods[i] for i in both)
        span = f"the year so far ({measure.periods[both[0]]} to {measure.periods[both[-1]]})" if len(both) > 1 \
            else f"the year so far ({measure.periods[both[0]]})"
    if now <= 0 or then <= 0:
        return []
    ratio = now / then
    if 1 / fw.level_ratio <= ratio <= fw.level_ratio:
        return []
    if measure.unit == "count" and not beyond_noise(now, then, fw.outlier_noise):
        return []
    first = next(i for i, v in enumerate(entered) if v is not None)
    period, typed = measure.periods[first], entered[first]
    times = f"{ratio:,.0f} times" if ratio >= 10 else f"{ratio:.1f} times" if ratio > 1 else f"{ratio:.1%} of"
    what = (f"{span} {'totals' if measure.entry != 'ytd' else 'is'} {_fmt(now, measure)}, {times} last year's "
            f"{_fmt(then, measure)} over the same {'quarters' if measure.frequency == 'quarterly' else 'months'}: "
            "a year typed in another unit (x1,000, pence for pounds)?")
    where = _where(dataset, measure.id, year, period)
    if dataset.is_confirmed(measure.id, year, period, typed):
        return [Finding("warning", measure.id, year.label, period, f"{what} Confirmed by the analyst", where, typed,
                        confirmed=True)]
    return [Finding("error", measure.id, year.label, period, f"{what} Check it, and confirm its first figure if it "
                    "is right", where, typed, confirmable=True)]


def _unusable(measure: Measure, faulty: set, label: str) -> set:
    """Period figures made from a typed figure that is itself in error (a year-to-date
    figure makes its own period and the next)."""
    out = set()
    for i, period in enumerate(measure.periods):
        if (measure.id, label, period) in faulty:
            out |= {i, i + 1} if measure.entry == "ytd" else {i}
    return out


def _where(dataset: Dataset, measure_id: str, year: FinancialYear, period: str) -> str:
    """Where a figure came from (a CSV line, a sheet cell): an error must point at it."""
    found = dataset.observation(measure_id, year, period)
    return found.where if found is not None and found.value is not None else ""


def _name(measure: Measure, i: int) -> str:
    return period_name(measure.frequency, i)


def _outlier_finding(measure, dataset, year, entered, per_period, flag: Flag) -> Finding:
    i, period = flag.index, measure.periods[flag.index]
    f = lambda v: _fmt(ar.tidy(v, measure.precision), measure)  # noqa: E731
    unit = "quarter" if measure.frequency == "quarterly" else "month"
    near, last = flag.neighbours, flag.last_year
    sides = {2: f"the {unit}s either side", -1: f"the {unit} before", 1: f"the {unit} after"}[near.sides]
    if last.level is None:
        then = f"{relative(per_period[i], last.value)} {_name(measure, i)} last year ({f(last.value)})"
    else:
        then = (f"{relative(per_period[i], last.value)} what {_name(measure, i)} last year ({f(flag.last_year_figure)}) "
                f"suggests at this year's level ({f(last.value)})")
    against = f"{relative(per_period[i], near.value)} what {sides} and last year's shape suggest ({f(near.value)}) and {then}"
    typed = entered[i]
    if measure.entry == "ytd":
        what = f"the year-to-date figure {f(typed)} implies {f(per_period[i])} in {_name(measure, i)} alone, {against}"
        if flag.pair:
            what += f", and then {f(per_period[i + 1])} in {_name(measure, i + 1)}"
    else:
        what = f"{f(typed)} is {against}"
    if flag.lag:  # not a fault in what was typed: no place to point at (nor, in a built workbook, a stale one)
        return Finding("warning", measure.id, year.label, period,
                       f"{what}; later figures are not in yet: a data lag?", "", typed)
    where = _where(dataset, measure.id, year, period)
    if flag.swapped is not None:
        what += f"; it may be {f(flag.swapped)} with two digits swapped"
    if dataset.is_confirmed(measure.id, year, period, typed):
        return Finding("warning", measure.id, year.label, period, f"{what}: confirmed by the analyst",
                       where, typed, confirmed=True)
    return Finding("error", measure.id, year.label, period,
                   f"{what}: check it, and confirm it if it is right", where, typed, confirmable=True)


def _falling(dataset: Dataset, measure: Measure, year: FinancialYear, i: int, before: float, now: float,
             rate_fall: float) -> Finding | None:
    """A year-to-date figure below the one before it. A running count cannot fall: an error. A
    rate can (the crime gap narrows when the worst neighbourhoods improve faster than the
    city), a little: a fall of more than ``rate_fall`` of the figure before is an error until
    the analyst confirms it, a smaller one is no finding."""
    period = measure.periods[i]
    message = (f"year-to-date figure falls from {_fmt(before, measure)} ({measure.periods[i - 1]}) "
               f"to {_fmt(now, measure)}")
    where = _where(dataset, measure.id, year, period)
    if measure.unit == "count":
        return Finding("error", measure.id, year.label, period, message, where, now)
    if before - now <= rate_fall * abs(before):
        return None
    if dataset.is_confirmed(measure.id, year, period, now):
        return Finding("warning", measure.id, year.label, period, f"{message}: confirmed by the analyst", where, now,
                       confirmed=True)
    return Finding("error", measure.id, year.label, period,
                   f"{message}, by {(before - now) / abs(before):.0%}; a rate may narrow, but check it, and "
                   "confirm it if it is right", where, now, confirmable=True)


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


def _shape_checks(measure, dataset, year, entered, per_period, fw) -> tuple[list[Finding], set]:
    """Findings on a year's shape, and the indexes of the repeats (not compared again: one fault,
    one finding)."""
    found, carried, label = [], set(), year.label
    complete = all(v is not None for v in per_period)
    values = [v for v in per_period if v is not None]
    repeats, repeated = _runs(measure, dataset, year, entered, fw)
    # A repeat chance does not explain (525 four quarters running) stays the error it is, to be
    # confirmed; a year of small counts within 2 of each other looks like an annual total spread
    # evenly (DASH's 15, 15, 15, 13), which says more than its repeat would.
    asked = any(f.severity == "error" or f.confirmed for f in repeats)
    if (measure.entry == "period" and measure.unit == "count" and complete and len(values) >= 4 and not asked
            and min(values) > 0 and max(values) - min(values) <= 2 and len(set(values)) < len(values)):
        total = sum(values)
        found.append(Finding("warning", measure.id, label, None,
                             f"the figures ({', '.join(_fmt(v) for v in values)}) look like an annual total "
                             f"({_fmt(total)}) spread evenly, not what each period recorded"))
        return found, carried
    return repeats, repeated


def _runs(measure, dataset, year, entered, fw) -> tuple[list[Finding], set]:
    """A finding for each run of a figure repeated unchanged ``flat_run`` times or more, and the
    indexes not to compare again (one fault, one finding)."""
    found, carried, label = [], set(), year.label
    run_start = 0
    for i in range(1, len(entered) + 1):
        if i < len(entered) and entered[i] is not None and entered[i] == entered[run_start]:
            continue
        length = i - run_start
        value = entered[run_start]
        if length >= fw.flat_run and value:
            first, final = measure.periods[run_start], measure.periods[i - 1]
            repeated = measure.periods[run_start + 1]
            if measure.entry == "ytd":  # a running total that does not move: nothing new is reported
                found.append(Finding("warning", measure.id, label, repeated,
                                     f"the year-to-date figure {_fmt(value, measure)} of {first} is repeated "
                                     f"unchanged from {repeated} to {final}: it looks carried forward, not "
                                     "reported"))
            else:
                found.append(_repeat(measure, dataset, year, run_start, i - 1, value, fw))
            # not compared again (one fault, one finding): a running total's repeats and the period
            # after them (the month its move lands in), a period figure's whole run
            carried |= set(range(run_start + 1, i + 1) if measure.entry == "ytd" else range(run_start, i))
        run_start = i
    return found, carried


def _repeat(measure, dataset, year, start: int, end: int, value: float, fw) -> Finding:
    """A figure typed by period repeated unchanged ``flat_run`` times or more: used as typed. A
    warning where chance repeats a count that small often enough (15, 15, 15); an error until the
    analyst confirms it where it does not (1,632 three months running), as for a figure far out.
    The confirmation names the run's last figure: a run that grows is checked afresh."""
    periods, run = measure.periods, end - start + 1
    said = (f"the figure {_fmt(value, measure)} of {periods[start]} is repeated unchanged from {periods[start + 1]} "
            f"to {periods[end]}")
    where = _where(dataset, measure.id, year, periods[end])
    if measure.unit == "count":
        chance = repeat_chance(value, run)
        odds = f"about 1 in {format_number(1 / chance, 0) if chance < 0.5 else '2'}"
        if chance >= noise_chance(fw.outlier_noise):
            return Finding("warning", measure.id, year.label, periods[end],
                           f"{said}: used as typed, as chance repeats a count this small often enough ({odds})",
                           where, value)
        unlikely = f"chance repeats a count this size {run} times running {odds} times"
    else:
        unlikely = f"a {UNIT_WORDS[measure.unit]} rarely repeats exactly"
    if dataset.is_confirmed(measure.id, year, periods[end], value):
        return Finding("warning", measure.id, year.label, periods[end],
                       f"{said}: used as typed, confirmed by the analyst", where, value, confirmed=True)
    return Finding("error", measure.id, year.label, periods[end],
                   f"{said}, and {unlikely}: check it was not carried forward, and confirm it (the figure of "
                   f"{periods[end]}) if it is right", where, value, confirmable=True)

