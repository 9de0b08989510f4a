"""What a run tells the analyst in words: the months withheld and why, and what no figure
counted, each count saying what it is."""

from __future__ import annotations

from collections import Counter

from .lookup import Placement
from .months import Coverage, month_range
from .streets import MINOR_SHARE, TRANSPORT_POLICE, StreetCounts


def missing_said(cover: Coverage, what: str) -> list[str]:
    """One finding for each force's months missing among the months ``what`` uses."""
    by_forces = {}
    for month, forces in sorted(cover.missing.items()):
        by_forces.setdefault(forces, []).append(month)
    out = []
    for forces, months in by_forces.items():
        others = [f for f in cover.forces if f not in forces]
        named = ", ".join(forces)
        has = f" ({', '.join(others)} {'has' if len(others) == 1 else 'have'} one)" if others else \
            ", though there are files before and after"
        out.append(f"{month_range(months)}: no file from {named}{has}, and {what} count its rows: {what} for "
                   f"{'that month' if len(months) == 1 else 'those months'} (and year-to-date figures after) are "
                   "left out until it is given")
    return out


def minor_said(counts: StreetCounts, minor: set, cover: Coverage, whose: str) -> list[str]:
    """A finding for each force holding only a few of an area's rows that lacks months the
    area's figures use: they are not withheld for it, and may miss those few rows."""
    out = []
    for force in sorted(minor):
        lacking = sorted(cover.complete - counts.forces.get(force, set()))
        if lacking:
            out.append(f"{force} has a few of {whose} rows (under {MINOR_SHARE:.0%} of them) and no file for "
                       f"{month_range(lacking)}: those months' figures are made without it, and may miss a few "
                       "of its rows")
    return out


def left_out(measures, counts: StreetCounts, city: Placement, family: Placement | None, cover: Coverage) -> list:
    """What no figure counted, with counts: types no measure counts, rows outside every area
    read, rows police.uk placed in no LSOA, the forces left out, rows the lookup cannot
    place, the city's rows in months its figures leave out."""
    rules = [m.counted_crime_types for m in measures]
    counted = {t: any(r.counts(t) for r in rules) for t in counts.crime_types}
    by_type, tally = Counter(), Counter()

    def note(crime_type: str, category: str, n: int) -> None:
        if counted[crime_type]:
            tally[category] += n
        else:
            by_type[crime_type] += n

    for (_, crime_type), n in counts.no_location.items():
        note(crime_type, "no_lsoa", n)
    for (_, crime_type), n in counts.elsewhere.items():
        note(crime_type, "outside", n)
    for (_, crime_type, _), n in counts.unknown.items():
        note(crime_type, "outside", n)
    for (month, crime_type, (ours, theirs)), n in counts.wanted.items():
        if ours is not None and (ours[0] == "area" or ours[1] in city.spread):
            note(crime_type, "withheld" if month not in cover.complete else "", n)
        elif theirs is not None and theirs[0] == "area":
            note(crime_type, "", n)  # the family group's
        elif theirs is not None and family is not None and theirs[1] in family.spread:
            note(crime_type, "family_spread", n)
        elif ours is not None or theirs is not None:
            note(crime_type, "partly", n)
        else:
            note(crime_type, "outside", n)
    areas = "the city's LSOAs" + (" and the family group's" if family is not None else "")
    lines = [f"{tally['outside']:,} rows outside {areas}",
             f"{tally['no_lsoa']:,} rows police.uk placed in no LSOA (no location given, or a place outside England "
             "and Wales)"]
    lines += [f"{n:,} {t.lower() if t[1:].islower() else t} rows (a type no measure counts)"
              for t, n in sorted(by_type.items()) if n]
    excluded = Counter()
    for (force, _), n in counts.excluded.items():
        excluded[force] += n
    for force, n in sorted(excluded.items()):
        why = ("the railways' own force: not the partnership's recorded crime; --include-btp counts them"
               if force == TRANSPORT_POLICE else "a force left out")
        lines.append(f"{n:,} {force} rows ({why})")
    if tally["partly"]:
        lines.append(f"{tally['partly']:,} rows in LSOAs ONS's lookup puts partly outside the areas (above)")
    if tally["family_spread"]:
        lines.append(f"{tally['family_spread']:,} rows in LSOAs ONS's lookup spreads over several family areas "
                     "(above)")
    if tally["withheld"]:
        lines.append(f"{tally['withheld']:,} rows of the city in months its figures leave out (above)")
    return lines
