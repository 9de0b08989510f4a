"""The measures' figures and the neighbourhoods behind the gap, from counted street files.

Which crime types make which measure is the register's (``crime_types``); how a measure
is computed follows its other fields: its ``entry`` gives the window (each month alone,
or April to the month), its ``unit`` the figure (``count``: the crimes in the city's
LSOAs; ``rate``: the crime gap, ``spp_xl.core.arithmetic.crime_gap`` over the city's
neighbourhoods). A year whose twelve months are all in the files gets its out-turn too.
A month counts for the city when every force whose rows fall in the city has a file for it
(``months.coverage``); other forces' gaps withhold only the family areas they police.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from ..core.dataset import Observation
from ..core.errors import InputError
from ..core.inputs import FamilyGroup
from ..core.neighbourhoods import rank_neighbourhoods
from ..core.numbers import round_half_up
from ..core.periods import ANNUAL, MONTHS, AsOf
from ..core.register import Register
from . import lsoas
from .areas import Areas
from .family import FAMILY_MEASURE, family_group
from .lookup import Lookup, Placement, place
from .months import Coverage, coverage, month_of, month_range, year_and_period
from .said import left_out, minor_said, missing_said
from .streets import StreetCounts


@dataclass(frozen=True)
class PoliceFigures:
    """What ``compute`` makes.

    Attributes:
        observations: the measures' figures, tidy.
        neighbourhoods: each neighbourhood's crimes, rate and rank behind each gap figure
            (``core.neighbourhoods.NeighbourhoodFigure``).
        family_group: None unless asked for, or when the files cannot give it.
        family_as_of: the month period 1 of the family group runs to.
        findings: what to tell the analyst of the city's figures; family_findings: of the
            family group; left_out: what no figure counts, in words.
    """

    observations: tuple
    neighbourhoods: tuple
    family_group: FamilyGroup | None
    family_as_of: AsOf | None
    findings: tuple
    left_out: tuple
    family_findings: tuple = ()


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


CITY, FAMILY = 0, 1  # the sides of a bucket


def buckets(city: Areas, family: Areas | None, lookup: Lookup | None) -> dict:
    """Every LSOA code whose rows are counted (the areas files' and, through the lookup, their
    counterparts of the other census), mapped to its bucket: (where it lies among the city's
    neighbourhoods, where among the family group's areas), each ``Placement.side``. The rows
    of a neighbourhood's LSOAs come back summed, not one LSOA at a time."""
    ours = place(city, lookup)
    theirs = place(family, lookup) if family is not None else None
    codes = ours.codes | (theirs.codes if theirs is not None else set())
    return {code: (ours.side(code), theirs.side(code) if theirs is not None else None) for code in codes}


def city_coverage(counts: StreetCounts, city: Placement) -> tuple[Coverage, list]:
    """The months the city's figures may use (those every force with the city's rows has),
    and what to say of the forces with only a few of its rows that lack months."""
    needed, minor = counts.forces_of(set(city.area_of) | set(city.spread))
    cover = coverage(counts.forces, needed)
    return cover, minor_said(counts, minor, cover, "the city's")


def compute(register: Register, counts: StreetCounts, city: Areas, top: int = 10, family: Areas | None = None,
            lookup: Lookup | None = None, source: str = "police.uk street files",
            family_at: AsOf | None = None) -> PoliceFigures:
    """Every computed measure's figures, by month and for each year the files cover in full;
    with ``family``, the family group up to ``family_at`` (by default the city's latest month).

    Raises:
        InputError: what ``check_inputs`` refuses; no row of the files in the city's LSOAs.
        DataError: rows of the city's (or a family area's) local authority in LSOAs its file
            does not list; more than a tenth of the city's LSOAs in no row.
    """
    measures = check_inputs(register, city, top, family)
    placed = place(city, lookup)
    if not any(code in placed.area_of for code in counts.code_rows):
        raise InputError(f"none of its LSOAs has a row in the {counts.files} file(s) read: are they the city's "
                         "force's files, and these the city's LSOA codes?", city.source)
    family_placed = place(family, lookup) if family is not None else None
    areas = [(city.source, set(placed.area_of), placed.codes)]
    if family_placed is not None:
        areas += [(f"{family.source}: area {a}", {c for c, b in family_placed.area_of.items() if b == a},
                   family_placed.codes) for a in family.names]
    lsoas.check_placed(counts, areas, lookup is not None)
    findings = [f"{label}: holds only its header: {force}'s {month} is taken as a month with no crimes"
                for label, month, force in counts.empty]
    findings += lsoas.unseen(counts, placed, city.source, city=True)
    findings += lsoas.lookup_findings(counts, placed, city.source, counted_by_city=True)
    cover, minor = city_coverage(counts, placed)
    findings += missing_said(cover, "the city's figures") + minor
    observations, ranked = [], []
    by_area, spread = lsoas.by_area(counts, CITY), lsoas.spread_rows(counts, placed)
    for m in measures:
        observations += _measure(m, by_area, spread, city, cover, top, source, findings, ranked)
    findings += _ytd_findings(measures, cover)
    findings += _unseen_types(measures, counts)
    group, at, family_said = None, None, []
    if family_placed is not None:
        at = family_at or _latest(cover)
        group, family_said = compute_family(register, counts, city, family, lookup, at)
    said = left_out(measures, counts, placed, family_placed, cover)
    return PoliceFigures(tuple(observations), tuple(ranked), group, at if group is not None else None,
                         tuple(findings), tuple(said), tuple(family_said))


def compute_family(register: Register, counts: StreetCounts, city: Areas, family: Areas, lookup: Lookup | None,
                   at: AsOf | None) -> tuple[FamilyGroup | None, list]:
    """The family group for April to ``at`` (None: not filled) and the findings about it."""
    if at is None:
        return None, ["family group: the files hold no month of the city in full: it is not filled"]
    findings = []
    return family_group(register, counts, place(family, lookup), place(city, lookup), at, findings), findings


def _tally(areas_counts: dict, measure) -> dict:
    """month -> Counter(area -> rows of the measure's crime types)."""
    rule, out = measure.counted_crime_types, {}
    for (month, crime_type), counted in areas_counts.items():
        if rule.counts(crime_type):
            out.setdefault(month, Counter()).update(counted)
    return out


def _measure(m, by_area: dict, spread: Counter, city: Areas, cover: Coverage, top: int, source: str,
             findings: list, ranked: list) -> list:
    names = sorted(city.names)  # the order ties at the top-n place are settled in
    people = [city.population(n) for n in names]
    tally = _tally(by_area, m)
    across = Counter()
    for (month, crime_type), n in spread.items():
        across[month] += n if m.counted_crime_types.counts(crime_type) else 0

    def figure(year, indexes, period):
        window = Counter()
        for i in indexes:
            window.update(tally.get(month_of(year, i), {}))
        if m.unit == "count":  # the city's rows, those the lookup cannot put in one neighbourhood too
            return sum(window.values()) + sum(across[month_of(year, i)] for i in indexes)
        crimes = [window[n] for n in names]
        _note_tie(m.id, f"{year.label} {period}", names, crimes, people, top, findings)
        if period != ANNUAL:
            ranked.extend(rank_neighbourhoods(m.id, year, period, names, crimes, people, top))
        return _gap(crimes, people, top, m.precision)

    out = []
    for year in cover.years():
        for k, period in enumerate(MONTHS):
            indexes = [k] if m.entry == "period" else list(range(k + 1))
            if all(cover.has(year, i) for i in indexes):
                out.append(Observation(m.id, year, period, figure(year, indexes, period), source))
        if cover.has_all(year, 11):
            out.append(Observation(m.id, year, ANNUAL, figure(year, range(12), ANNUAL), source))
    return out


def _gap(crimes: list, people: list, top: int, precision: int):
    """The crime gap (``core.arithmetic.crime_gap``'s definition), worked out exactly from the
    counts and whole populations, then rounded half up: a gap of exactly x.xx5 is x.xx + 0.01."""
    from ..core.arithmetic import gap_ranking

    chosen = gap_ranking(crimes, people)[:top]
    exact = (Fraction(1000 * sum(crimes[i] for i in chosen), sum(people[i] for i in chosen))
             - Fraction(1000 * sum(crimes), sum(people)))
    return round_half_up(exact, precision)


def _note_tie(measure_id, when, names, crimes, people, top, findings) -> None:
    """Says which neighbourhood a tie at the last place of the top n let in: the rate of the
    top n together depends on it (a larger population weighs more)."""
    if len(names) <= top:
        return
    rates = sorted(((Fraction(c, p), n) for n, c, p in zip(names, crimes, people)), key=lambda rn: rn[0],
                   reverse=True)
    if rates[top - 1][0] != rates[top][0]:
        return
    tied = [n for r, n in rates if r == rates[top][0]]
    inside = [n for r, n in rates[:top] if r == rates[top][0]]
    findings.append(f"{measure_id} {when}: {', '.join(tied)} tie at place {top} "
                    f"({round_half_up(1000 * rates[top][0], 2):.2f} per 1,000); the gap takes {', '.join(inside)}, "
                    "first by name")


def _ytd_findings(measures, cover: Coverage) -> list:
    ytd = [m.id for m in measures if m.entry == "ytd"]
    out = []
    for year in cover.years() if ytd else ():
        first_gap = next((i for i in range(12) if not cover.has(year, i)), None)
        if first_gap is None or not any(cover.has(year, i) for i in range(first_gap, 12)):
            continue
        held = sorted(m for m in cover.complete if year_and_period(m)[0] == year)
        if first_gap == 0 and month_of(year, 0) not in cover.missing:
            out.append(f"{year.label}: the files hold it from {held[0]} only, and year-to-date figures "
                       f"({', '.join(ytd)}) count every month from April: they cannot be made for {year.label}")
            continue
        gaps = [month_of(year, i) for i in range(first_gap, 12) if not cover.has(year, i)
                and any(cover.has(year, j) for j in range(i, 12))]
        stop = f"stop at {MONTHS[first_gap - 1]}" if first_gap else f"cannot be made for {year.label}"
        out.append(f"{year.label}: year-to-date figures ({', '.join(ytd)}) count every month from April, and "
                   f"{month_range(gaps)} {'is' if len(gaps) == 1 else 'are'} not in the files in full (above): "
                   f"they {stop}")
    return out


def _unseen_types(measures, counts: StreetCounts) -> list:
    seen = counts.crime_types
    return [f"{m.id}: crime type {name!r} (register field crime_types) is in no file read: is it written as "
            f"police.uk writes it?" for m in measures for name in m.counted_crime_types.names if name not in seen]


def _latest(cover: Coverage) -> AsOf | None:
    if not cover.complete:
        return None
    year, period = year_and_period(max(cover.complete))
    return AsOf(year, MONTHS.index(period))
