"""The measures' figures and the family group, from counted street files.

Which crime types make which measure is the register's (``crime_types``); how a measure
is computed follows its other fields: its ``entry`` gives the window (each month alone,
or April to the month), its ``unit`` the figure (``count``: the crimes in the city's
LSOAs; ``rate``: the crime gap, ``spp_xl.core.arithmetic.crime_gap`` over the city's
neighbourhoods). A year whose twelve months are all in the files gets its out-turn too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ..core.arithmetic import crime_gap, tidy
from ..core.dataset import Observation
from ..core.errors import InputError
from ..core.inputs import FamilyGroup, FamilyGroupRow
from ..core.periods import ANNUAL, MONTHS
from ..core.register import Register
from .areas import Areas
from .months import Coverage, coverage, month_of, span_label, year_and_period
from .streets import StreetCounts

FAMILY_MEASURE = "all_crime"  # the family group compares all crime per 1,000 residents, as iQuanta does


@dataclass(frozen=True)
class PoliceFigures:
    """What ``compute`` makes: tidy observations, the family group (None unless asked for, or
    when the files cannot give it), findings to tell the analyst, and what was left out."""

    observations: tuple
    family_group: FamilyGroup | None
    findings: tuple
    left_out: tuple


def computed_measures(register: Register) -> list:
    """The register's measures with crime_types, in register order."""
    measures = [m for m in register if m.counted_crime_types]
    if not measures:
        raise InputError("no measure has crime_types, so there is nothing to compute from police files: give "
                         "all_crime, sac and crime_gap their crime types (a workbook built before the Measures "
                         "table had a crime_types column needs them typed in; see docs/police.md)",
                         register.source or "the register")
    return measures


def check_inputs(register: Register, city: Areas, top: int, family: Areas | None = None) -> list:
    """Refuses what would stop the figures, before the files are read: no measure with
    crime_types, fewer neighbourhoods than ``top``, a family group without all crime's
    crime types. Returns the measures to compute."""
    measures = computed_measures(register)
    if any(m.unit == "rate" for m in measures) and len(city.names) < top:
        raise InputError(f"has {len(city.names)} neighbourhood(s), fewer than --top {top}: the crime gap "
                         f"compares the {top} with the highest rates with the whole city", city.source)
    if family is not None and (FAMILY_MEASURE not in register
                               or not register.get(FAMILY_MEASURE).counted_crime_types):
        raise InputError(f"--family: the register's {FAMILY_MEASURE} measure has no crime_types, which say what "
                         "the family group counts", register.source or "the register")
    return measures


def compute(register: Register, counts: StreetCounts, city: Areas, top: int = 10,
            family: Areas | None = None, source: str = "police.uk street files") -> PoliceFigures:
    """Every computed measure's figures, by month and for each year the files cover in full.

    Raises:
        InputError: what ``check_inputs`` refuses; no row of the files in the city's LSOAs.
    """
    measures = check_inputs(register, city, top, family)
    if not any(city.area_of.get(code) for _, _, code in counts.wanted):
        raise InputError(f"none of its LSOAs has a row in the {counts.files} file(s) read: are they the city's "
                         "force's files, and these the city's LSOA codes?", city.source)
    cover = coverage(counts.forces)
    findings = list(cover.findings)
    observations, city_counts = [], by_area(counts, city)
    for m in measures:
        observations += _measure(m, _tally(city_counts, m), city, cover, top, source, findings)
    findings += _ytd_findings(measures, cover)
    findings += _unseen_types(measures, counts)
    group = None
    if family is not None:
        group = family_group(register, counts, family, city, cover, findings)
    return PoliceFigures(tuple(observations), group, tuple(findings), tuple(left_out(measures, counts, city)))


def by_area(counts: StreetCounts, areas: Areas) -> dict:
    """(month, crime type) -> Counter(area -> rows): one pass over the LSOAs' counts, which
    each measure then sums over its crime types."""
    out = defaultdict(Counter)
    for (month, crime_type, code), n in counts.wanted.items():
        area = areas.area_of.get(code)
        if area is not None:
            out[month, crime_type][area] += n
    return out


def _tally(areas_counts: dict, measure) -> dict:
    """month -> Counter(area -> rows of the measure's crime types)."""
    rule, out = measure.counted_crime_types, {}
    for (month, crime_type), counted in areas_counts.items():
        if rule.counts(crime_type):
            out.setdefault(month, Counter()).update(counted)
    return out


def _measure(m, tally: dict, city: Areas, cover: Coverage, top: int, source: str, findings: list) -> list:
    names = sorted(city.names)  # the order ties at the top-n place are settled in
    people = [city.population(n) for n in names]

    def figure(year, indexes, period):
        window = Counter()
        for i in indexes:
            window.update(tally.get(month_of(year, i), {}))
        if m.unit == "count":
            return sum(window.values())
        crimes = [window[n] for n in names]
        _note_tie(m.id, f"{year.label} {period}", names, crimes, people, top, findings)
        return tidy(crime_gap(crimes, people, top), m.precision)

    out = []
    for year in cover.years():
        for k, period in enumerate(MONTHS):
            indexes = [k] if m.entry == "period" else list(range(k + 1))
            if all(cover.has(year, i) for i in indexes):
                out.append(Observation(m.id, year, period, figure(year, indexes, period), source))
        if all(cover.has(year, i) for i in range(12)):
            out.append(Observation(m.id, year, ANNUAL, figure(year, range(12), ANNUAL), source))
    return out


def _note_tie(measure_id, when, names, crimes, people, top, findings) -> None:
    """Says which neighbourhood a tie at the last place of the top n let in: the rate of the
    top n together depends on it (a larger population weighs more)."""
    if len(names) <= top:
        return
    rates = sorted(((c / p, n) for n, c, p in zip(names, crimes, people)), key=lambda rn: rn[0], reverse=True)
    if rates[top - 1][0] != rates[top][0]:
        return
    tied = [n for r, n in rates if r == rates[top][0]]
    inside = [n for r, n in rates[:top] if r == rates[top][0]]
    findings.append(f"{measure_id} {when}: {', '.join(tied)} tie at place {top} ({1000 * rates[top][0]:.2f} per "
                    f"1,000); the gap takes {', '.join(inside)}, first by name")


def _ytd_findings(measures, cover: Coverage) -> list:
    ytd = [m.id for m in measures if m.entry == "ytd"]
    out = []
    for year in cover.years() if ytd else ():
        first_gap = next((i for i in range(12) if not cover.has(year, i)), None)
        if first_gap is None or not any(cover.has(year, i) for i in range(first_gap, 12)):
            continue
        missing = month_of(year, first_gap)
        stop = f"stop at {MONTHS[first_gap - 1]}" if first_gap else f"cannot be made for {year.label}"
        out.append(f"{year.label}: year-to-date figures ({', '.join(ytd)}) count every month from April, and the "
                   f"files do not hold {missing} in full: they {stop}")
    return out


def _unseen_types(measures, counts: StreetCounts) -> list:
    seen = counts.crime_types
    return [f"{m.id}: crime type {name!r} (register field crime_types) is in no file read: is it written as "
            f"police.uk writes it?" for m in measures for name in m.counted_crime_types.names if name not in seen]


def left_out(measures, counts: StreetCounts, city: Areas) -> list:
    """What no measure counted, with counts: types no measure counts, rows with no location,
    rows outside the city's LSOAs."""
    rules = [m.counted_crime_types for m in measures]
    counted = {t: any(r.counts(t) for r in rules) for t in counts.crime_types}
    by_type, no_location, outside = Counter(), 0, 0
    for (_, crime_type), n in counts.no_location.items():
        by_type[crime_type] += 0 if counted[crime_type] else n
        no_location += n if counted[crime_type] else 0
    for (_, crime_type), n in counts.elsewhere.items():
        by_type[crime_type] += 0 if counted[crime_type] else n
        outside += n if counted[crime_type] else 0
    for (_, crime_type, code), n in counts.wanted.items():
        if not counted[crime_type]:
            by_type[crime_type] += n
        elif code not in city.area_of:
            outside += n
    lines = [f"{outside:,} rows outside the city's LSOAs", f"{no_location:,} rows with no location"]
    lines += [f"{n:,} {t.lower() if t[1:].islower() else t} rows (a type no measure counts)"
              for t, n in sorted(by_type.items()) if n]
    return lines


def family_group(register: Register, counts: StreetCounts, family: Areas, city: Areas, cover: Coverage,
                 findings: list) -> FamilyGroup | None:
    """Each comparator area's all-crime rate per 1,000 residents, April to the latest month
    the files hold in full (period 1) and the same months a year before (period 2)."""
    if not cover.complete:
        return None
    year, last = _latest(cover)
    if not all(cover.has(year, i) for i in range(last + 1)):
        findings.append(f"family group: it compares April to {MONTHS[last]} {year.label}, and the files do not "
                        "hold all of those months in full: it is not filled")
        return None
    tally = _tally(by_area(counts, family), register.get(FAMILY_MEASURE))
    before = year.previous()
    windows = [(year, span_label(year, last))]
    if all(cover.has(before, i) for i in range(last + 1)):
        windows.append((before, span_label(before, last)))
    else:
        findings.append(f"family group: period 2 (April to {MONTHS[last]} {before.label}) is left blank: the "
                        "files do not hold all of those months")
    present = Counter()
    for _, _, code in counts.wanted:
        present[family.area_of.get(code)] += 1
    ours = max(family.names, key=lambda a: len(family.lsoas(a) & set(city.area_of)))
    ours = ours if family.lsoas(ours) & set(city.area_of) else None
    rows = []
    for area in family.names:
        rates = []
        for y, _ in windows:
            crimes = sum(tally.get(month_of(y, i), {}).get(area, 0) for i in range(last + 1))
            rates.append(round(1000 * crimes / family.population(area), 2) if present[area] else None)
        if not present[area]:
            findings.append(f"family group: {area} ({family.source}): no row of the files is in its LSOAs (its "
                            "force's files not given?); its rates are left blank")
        rows.append(FamilyGroupRow(area, tuple(rates + [None] * (2 - len(rates))), area == ours))
    if ours is None:
        findings.append(f"family group: no area of {family.source} holds the city's LSOAs, so none is marked as ours")
    labels = tuple(label for _, label in windows) + ("",) * (2 - len(windows))
    return FamilyGroup(labels, tuple(rows))


def _latest(cover: Coverage):
    year, period = year_and_period(max(cover.complete))
    return year, MONTHS.index(period)
