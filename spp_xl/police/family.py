"""The family group from counted street files: each comparator area's all-crime rate per
1,000 residents, April to a month (period 1) and the same months a year before (period 2).

Each area needs the files of the forces whose rows fall in it: a month missing from
Greater Manchester Police blanks the Manchester area's rate, and no other.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from ..core.inputs import FamilyGroup, FamilyGroupRow
from ..core.numbers import round_half_up
from ..core.periods import MONTHS, AsOf
from ..core.register import Register
from . import lsoas
from .lookup import Placement
from .months import coverage, month_of, month_range, span_label
from .said import minor_said
from .streets import StreetCounts

FAMILY_MEASURE = "all_crime"  # the family group compares all crime per 1,000 residents, as iQuanta does


def family_group(register: Register, counts: StreetCounts, family: Placement, city: Placement, at: AsOf,
                 findings: list) -> FamilyGroup:
    """The family group for April to ``at`` (period 1) and the year before (period 2); an area
    whose forces' files do not hold every month of a period gets a blank there, said."""
    areas = family.areas
    rule = register.get(FAMILY_MEASURE).counted_crime_types
    tally = Counter()
    for (month, crime_type), counted in lsoas.by_area(counts, 1).items():
        if rule.counts(crime_type):
            for area, n in counted.items():
                tally[month, area] += n
    findings += lsoas.lookup_findings(counts, family, areas.source, counted_by_city=False)
    found = family.found(counts.code_rows)
    windows = [(at.year, span_label(at.year, at.month_index)), (at.year.previous(), span_label(at.year.previous(),
                                                                                               at.month_index))]
    codes_of = {a: {c for c, b in family.area_of.items() if b == a} for a in areas.names}
    ours = max(areas.names, key=lambda a: len(areas.lsoas(a) & set(city.areas.area_of)))
    ours = ours if areas.lsoas(ours) & set(city.areas.area_of) else None
    rows, blank, any_before = [], [], False
    for area in areas.names:
        forces, minor = counts.forces_of(codes_of[area])
        if not forces:
            findings.append(f"family group: {area} ({areas.source}): no row of the files is in its LSOAs (its "
                            "force's files not given?); its rates are left blank")
            rows.append(FamilyGroupRow(area, (None, None), area == ours))
            continue
        missed = sorted(areas.lsoas(area) - found)
        if missed:
            findings.append(f"family group: {area} ({areas.source}): {len(missed)} of its LSOAs have no row in any "
                            f"month of the files ({', '.join(missed[:lsoas.SHOWN])}"
                            f"{'...' if len(missed) > lsoas.SHOWN else ''}): codes of another census, or mistyped?")
        cover = coverage(counts.forces, forces)
        findings += [f"family group: {said}" for said in minor_said(counts, minor, cover, f"{area}'s")]
        population = areas.population(area)
        rates = []
        for k, (year, label) in enumerate(windows):
            if not cover.has_all(year, at.month_index):
                rates.append(None)
                if k == 0:
                    lacking = cover.lacking(year, at.month_index)
                    blank.append(f"family group: {area}: its rate for {label} is left blank: "
                                 + "; ".join(f"{', '.join(f)} has no file for {m}" for m, f in _runs(lacking)))
                continue
            any_before = any_before or k == 1
            crimes = sum(tally[month_of(year, i), area] for i in range(at.month_index + 1))
            rates.append(round_half_up(Fraction(1000 * crimes, population), 2))
        rows.append(FamilyGroupRow(area, tuple(rates), area == ours))
    findings += blank
    labels = [label for _, label in windows]
    if not any_before:
        before = windows[1][0]
        findings.append(f"family group: period 2 (April to {MONTHS[at.month_index]} {before.label}) is left blank: "
                        "the files do not hold all of those months")
        labels[1] = ""
        rows = [FamilyGroupRow(r.partnership, (r.rates[0], None), r.is_us) for r in rows]
    if ours is None:
        findings.append(f"family group: no area of {areas.source} holds the city's LSOAs, so none is marked as ours")
    return FamilyGroup(tuple(labels), tuple(rows))


def _runs(lacking: list) -> list:
    """(months in few words, forces) for months lacking the same forces."""
    by_forces = {}
    for month, forces in lacking:
        by_forces.setdefault(tuple(forces), []).append(month)
    return [(month_range(months), forces) for forces, months in by_forces.items()]
