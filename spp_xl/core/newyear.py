"""A new financial year in one step: this year becomes last year, with new targets.

``next_year(register, dataset, targets)`` turns the register and figures of one year into
those of the next, with a note for everything it did that the analyst should know. It
knows nothing of Excel: ``spp-xl new-year`` reads a workbook, calls it, and builds the
new workbook from the result.

The workbook holds two years of figures by period and three previous out-turns, so for a
new year 2016/17:

* 2015/16's period figures become last year's (kept as they are, complete or not, with a
  warning when months are missing), and any 2015/16 annual figure is its out-turn;
* 2014/15 leaves the monthly view: it keeps only its out-turn, which the engine's
  ``outturn`` gives (the total of its periods when all are there, else the annual figure
  typed): for ASB 10,065 from its months, not the 10,299 the seed printed;
* 2013/14 keeps its out-turn; anything older, or any figure of a measure no longer in the
  register, has no cell and is dropped (counted).
* a percentage made of counts keeps its two counts for a year leaving the monthly view
  (``<id>.numerator`` and ``<id>.denominator`` for the year: from its periods when every one
  has both, else as typed), from which its out-turn is pooled again.

An incomplete year is never given an out-turn made of its part-year total: the forecast
(``YTD x last year's out-turn / last year's YTD``) would read it as the whole year.
Its out-turn stays blank until the missing periods (or the out-turn) are typed in; the
forecast falls back to a straight line meanwhile.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .csvfile import StrictReader
from .dataset import (COUNT_PARTS, Dataset, Observation, count_id, csv_header, not_a_figure, number_from_text,
                      split_count_id)
from .engine import latest_reported, outturn, year_counts
from .errors import InputError
from .numbers import format_number
from .percent import level_problem
from .periods import ANNUAL
from .register import Measure, Register


@dataclass(frozen=True)
class Target:
    """A new annual target, where it was given (``--target asb=9800``, a CSV line) and as typed
    (``85%``: a percentage's level of 85, never a target of 0.85)."""

    value: float
    where: str
    typed: str = ""

    @property
    def place(self) -> str:
        """Where the value itself was given: the option, or the CSV line's column."""
        return self.where if self.where.startswith("--") else f"{self.where}, column annual_target"


@dataclass(frozen=True)
class NextYear:
    """The next year's register and figures, and what the analyst should be told."""

    register: Register
    dataset: Dataset
    notes: tuple[str, ...]
    warnings: tuple[str, ...]
    carried: int
    dropped: int


def needs_target(measure: Measure) -> bool:
    """An active measure with a direction needs a target every year; monitoring-only and
    developing measures do not."""
    return not measure.is_monitoring and not measure.is_developing


def parse_target_option(text: str) -> tuple[str, Target]:
    """Reads ``--target asb=9800`` (a thousands comma is fine: ``asb=9,800``)."""
    where = f"--target {text}"
    measure_id, sep, value = text.partition("=")
    if not sep or not measure_id.strip():
        raise InputError(f"{where}: expected ID=VALUE, e.g. --target asb=9800")
    return measure_id.strip(), Target(_target_value(value, where), where, value.strip())


def parse_targets_csv(text: str, name: str) -> dict[str, Target]:
    """Reads a ``measure,annual_target`` CSV; errors name the line and the column."""
    rows = StrictReader(text, name)
    header = csv_header(rows, ("measure", "annual_target"), name)
    at = {c: header.index(c) for c in ("measure", "annual_target")}
    out: dict[str, Target] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise InputError(f"line {line}: has {len(row)} columns, the header has {len(header)}", name)
        measure_id = row[at["measure"]].strip()
        if not measure_id:
            raise InputError(f"line {line}, column measure: is blank", name)
        where = f"{name} line {line}"
        typed = row[at["annual_target"]]
        value = _target_value(typed, f"{where}, column annual_target")
        if measure_id in out:
            raise InputError(f"line {line}, column measure: {measure_id!r} is given twice (also "
                             f"{out[measure_id].where[len(name) + 1:]}); keep one", name)
        out[measure_id] = Target(value, where, typed.strip())
    return out


def _target_value(text: str, where: str) -> float:
    number = number_from_text(text)
    if number is None:
        raise InputError(f"{where}: {not_a_figure(text)}")
    if number <= 0:
        raise InputError(f"{where}: {text.strip()} must be above zero")
    return number


def _for_measure(measure: Measure, target: Target) -> Target:
    """The target as ``measure`` reads it: a percentage's level in percent (``85%`` is 85), held
    to what a level may be; a percentage given for anything else is refused."""
    if target.typed.endswith("%"):
        if measure.unit != "percent":
            raise InputError(f"{target.place}: {target.typed!r} is a percentage, but {measure.id}'s annual target is "
                             f"a {measure.unit} of {measure.counted}: type the number itself")
        target = replace(target, value=_target_value(target.typed[:-1], target.place))
    problem = level_problem(target.value) if measure.unit == "percent" else None
    if problem:
        raise InputError(f"{target.place}: {problem}")
    return target


def merge_targets(*sources: Mapping[str, Target]) -> dict[str, Target]:
    """One target per measure; the same measure given two different values is refused."""
    out: dict[str, Target] = {}
    for source in sources:
        for measure_id, target in source.items():
            seen = out.get(measure_id)
            if seen is not None and seen.value != target.value:
                raise InputError(f"{measure_id} is given two targets: {seen.value:g} ({seen.where}) and "
                                 f"{target.value:g} ({target.where}); keep one")
            out.setdefault(measure_id, target)
    return out


def next_year(register: Register, dataset: Dataset, targets: Mapping[str, Target],
              keep_targets: bool = False) -> NextYear:
    """The register and figures of the year after ``register.year``.

    Args:
        register: this year's measures and targets.
        dataset: this year's figures (the workbook's: two years of periods, three out-turns).
        targets: the new annual targets by measure id.
        keep_targets: carry this year's target for a measure given none.

    Raises:
        InputError: an unknown id, a target for a monitoring-only measure, or a measure
            needing a target left without one (unless ``keep_targets``).

    >>> from spp_xl import load_register, read_csv
    >>> reg = load_register()
    >>> new = next_year(reg, read_csv(), {}, keep_targets=True)
    >>> new.register.year.label, new.register.get("asb").annual_target
    ('2016/17', 10064.0)
    """
    measures, notes = _measures(register, targets, keep_targets)
    new = Register(register.year.next(), tuple(measures), register.source)
    observations, dropped_by, outturn_notes, lost = _figures(new, dataset)
    notes += outturn_notes
    dropped = sum(dropped_by.values())
    if dropped:
        notes.append(f"{dropped} figure(s) have no cell in the {new.year.label} workbook and are not carried: "
                     + "; ".join(f"{n} {what}" for what, n in dropped_by.items()))
    carried = {(o.measure, o.year, o.period, o.value) for o in observations}
    return NextYear(new, Dataset(observations, dataset.source, confirmed=dataset.confirmed & carried), tuple(notes),
                    tuple(_incomplete(register, dataset) + lost), len(observations), dropped)


def _measures(register: Register, targets: Mapping[str, Target], keep_targets: bool) -> tuple[list, list]:
    year, new_year = register.year, register.year.next()
    for measure_id, target in targets.items():
        if measure_id not in register:
            raise InputError(f"{target.where}: no measure {measure_id!r} in the register (its ids: "
                             f"{', '.join(m.id for m in register)})")
        if register.get(measure_id).is_monitoring:
            raise InputError(f"{target.where}: {measure_id} is monitoring only; it has no target")
    targets = {measure_id: _for_measure(register.get(measure_id), target) for measure_id, target in targets.items()}
    missing = [m.id for m in register if needs_target(m) and m.id not in targets]
    if missing and not keep_targets:
        raise InputError(f"no {new_year.label} target for {', '.join(missing)}: give each one "
                         f"(--target {missing[0]}=VALUE, or --targets FILE.csv with columns measure,annual_target), "
                         f"or --keep-targets to carry the {year.label} targets")
    measures, notes = [], []
    if missing:
        notes.append(f"{year.label} targets kept for {new_year.label} (--keep-targets): {', '.join(missing)}")
    for m in register:
        if m.id not in targets:
            measures.append(m)
            if m.profile == "custom":
                notes.append(f"{m.id}: target unchanged, so its custom profile is kept; edit it in the "
                             "Measures table if this year's should differ")
            continue
        new_target = targets[m.id].value
        changed = new_target != m.annual_target
        wording, wording_note = _reworded(m, new_target) if changed else (m.measure_wording, "")
        new = replace(m, annual_target=new_target, measure_wording=wording)
        old = "none" if m.annual_target is None else format_number(m.annual_target, m.precision)
        notes.append(f"{m.id}: annual target {old} -> {format_number(new_target, m.precision)}" + wording_note)
        if m.profile == "custom" and changed:
            # A hand-typed profile ends at last year's target: it cannot serve the new one.
            new = replace(new, profile="straight", custom_profile=())
            notes.append(f"{m.id}: its custom profile ended at the old target, so it now has a straight-line "
                         "profile; type a new custom_profile in the Measures table to keep a hand-made one")
        measures.append(new)
    return measures, notes


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _reworded(m: Measure, new_target: float) -> tuple[str, str]:
    """The measure's wording for the new target: the old target written in it (or the old
    target less one step, as in "more than 6587" for 6,588) is rewritten; wording naming
    any other figure is cleared rather than left to print a wrong target on the banner."""
    text = m.measure_wording
    found = _NUMBER.findall(text)
    if not found or m.annual_target is None:
        return text, ""
    step = 10.0 ** -m.precision
    swaps = {round(m.annual_target, 9): new_target, round(m.annual_target - step, 9): new_target - step}
    values = [number_from_text(f) for f in found]
    if not all(v is not None and round(v, 9) in swaps for v in values):
        return "", (f"; its wording {text!r} names another figure, so it is cleared: write the new one in "
                    "the Measures table (measure_wording)")

    def swap(match):
        value = swaps[round(number_from_text(match.group()), 9)]
        return format_number(value, m.precision, grouped="," in match.group())

    new_text = _NUMBER.sub(swap, text)
    return new_text, f"; wording now {new_text!r}"


def _figures(new: Register, dataset: Dataset) -> tuple[list, dict, list, list]:
    """The figures the new workbook has cells for, counts of those it has not, notes on the
    out-turns, and a warning for each year leaving the monthly view with no out-turn to keep."""
    year = new.year
    outturn_years = year.outturn_years()[:-1]  # out-turns only now (the last is last year's, by period too)
    observations, dropped, notes, lost = [], {}, [], {}

    def drop(what: str) -> None:
        dropped[what] = dropped.get(what, 0) + 1

    kept: dict = {}  # (measure id, year) -> whether the year leaving keeps an out-turn

    def keeps_outturn(measure: Measure, fy) -> bool:
        if (measure.id, fy) not in kept:
            kept[(measure.id, fy)] = all(v is not None for _, v, _ in _outturns(dataset, measure, fy))
        return kept[(measure.id, fy)]

    for obs in dataset.observations:
        counted = split_count_id(obs.measure)  # a percentage's counts go with their measure
        owner = counted[0] if counted else obs.measure
        if owner not in new:
            drop(f"of {obs.measure} (not in the register)")
            continue
        measure = new.get(owner)
        if obs.year in (year.previous(), year) and (obs.period in measure.periods or obs.period == ANNUAL):
            observations.append(obs)
        elif obs.year in outturn_years and obs.period == ANNUAL:
            continue  # replaced below by the year's out-turn
        elif obs.year in outturn_years and keeps_outturn(measure, obs.year):
            drop(f"{obs.year.label} period figures (the year keeps its out-turn)")
        elif obs.year in outturn_years:  # an incomplete year, its out-turn never typed: nothing of it is kept
            drop(f"{obs.year.label} period figures of a year with no out-turn to keep")
            lost[(measure, obs.year)] = lost.get((measure, obs.year), 0) + 1
        else:
            drop(f"{obs.year.label} {'out-turns' if obs.period == ANNUAL else 'figures'}")
    for measure in new:
        for fy in outturn_years:
            for figure, value, precision in _outturns(dataset, measure, fy):
                if value is None:
                    continue
                typed = dataset.observation(figure, fy, ANNUAL)
                if typed is not None and typed.value == value:
                    observations.append(typed)
                    continue
                observations.append(Observation(figure, fy, ANNUAL, value, f"{fy.label} out-turn of {figure} from its "
                                                                           "periods"))
                if typed is not None and typed.value is not None:
                    notes.append(f"{figure} {fy.label}: out-turn {format_number(value, precision)} from its "
                                 f"periods replaces the {format_number(typed.value, precision)} typed "
                                 f"({typed.where})")
    warnings = [f"{m.id}: {fy.label} leaves the monthly view with no out-turn ({_lacking(dataset, m, fy)[1]}, "
                "none typed for the year): "
                f"{'its figure is' if n == 1 else f'its {n} figures are'} dropped and its out-turn stays blank; to "
                f"keep it, type its {fy.label} {'counts for the year' if m.is_counts else 'out-turn'} in this "
                "workbook first" for (m, fy), n in lost.items()]
    return observations, dropped, notes, warnings


def _lacking(dataset: Dataset, m: Measure, fy) -> tuple[list[str], str]:
    """The periods of ``fy`` the measure has not reported, and in words: those with no figure,
    or a running total repeated unchanged to the year's end (carried forward, not reported)."""
    missing = _missing(dataset, m, fy)
    entered = [dataset.series(m.id, fy).get(p) for p in m.periods]
    if m.entry == "ytd" and not m.is_counts and not missing:
        latest = latest_reported(entered)
        if latest < len(entered):
            run = m.periods[latest:]
            return run, (f"{format_number(entered[latest - 1], m.precision)} of {m.periods[latest - 1]} repeated "
                         f"unchanged from {run[0]} to {run[-1]}: carried forward, not reported")
    return missing, f"no figure for {_spans(missing, m.periods)}"


def _missing(dataset: Dataset, m: Measure, fy) -> list[str]:
    """The periods of ``fy`` the measure has no figure for (a percentage's: without both counts)."""
    if m.is_counts:
        counts = year_counts(dataset, m, fy)
        return [p for p, n, d in zip(m.periods, counts.numerator, counts.denominator) if n is None or d is None]
    series = dataset.series(m.id, fy)
    return [p for p in m.periods if p not in series]


def _outturns(dataset: Dataset, measure: Measure, fy) -> list[tuple[str, float | None, int]]:
    """(figure id, out-turn, precision) of a year leaving the monthly view: the measure's own
    (``engine.outturn``), or a percentage's two counts for the year, from its periods when
    every one has both (the counts the engine pools), else as typed for the year."""
    if not measure.is_counts:
        return [(measure.id, outturn(dataset, measure, fy), measure.precision)]
    total = year_counts(dataset, measure, fy).total()
    ids = [count_id(measure.id, part) for part in COUNT_PARTS]
    if total is None:
        return [(i, dataset.series(i, fy).get(ANNUAL), 0) for i in ids]
    return [(i, value, 0) for i, value in zip(ids, total)]


def _incomplete(register: Register, dataset: Dataset) -> list[str]:
    """A warning for each measure whose year ends with periods missing."""
    out = []
    for m in register:
        if m.is_developing:
            continue
        annual, typed = dataset.series(m.id, register.year).get(ANNUAL), "typed"
        missing, lacking = _lacking(dataset, m, register.year)
        if m.is_counts:  # a percentage's period is in when both its counts are
            annual, typed = outturn(dataset, m, register.year), "the year's counts typed give"
        elif m.entry == "ytd" and m.periods[-1] not in missing:  # the last running total is the year's
            annual, typed = outturn(dataset, m, register.year), f"the year to date at {m.periods[-1]} gives"
        if not missing:
            continue
        have = "no figures" if len(missing) == len(m.periods) else lacking
        shown = format_number(annual, m.precision) + ("%" if m.is_counts else "") if annual is not None else ""
        outturn_text = (f"its out-turn is the {shown} {typed}" if annual is not None else
                        "its out-turn stays blank until the missing figures (or the out-turn) are typed in")
        out.append(f"{m.id}: {register.year.label} is incomplete ({have}): its figures are carried as they are; "
                   f"{outturn_text}")
    return out


def _spans(missing: list[str], periods: tuple[str, ...]) -> str:
    """``Jul..Mar`` for a run of periods, comma-separated runs otherwise."""
    runs, start = [], None
    index = [periods.index(p) for p in missing]
    for k, i in enumerate(index):
        if start is None:
            start = i
        if k + 1 == len(index) or index[k + 1] != i + 1:
            runs.append(periods[start] if start == i else f"{periods[start]}..{periods[i]}")
            start = None
    return ", ".join(runs)
