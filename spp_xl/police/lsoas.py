"""The LSOAs of a run, checked: rows an areas file should have placed and did not, an areas
file's codes found in no row, rows ONS's lookup cannot place; and the rows tallied by area.

police.uk names each row's LSOA (``Plymouth 012E``): the local authority of the LSOAs an
areas file does place says which rows are that partnership's, so a row of that local
authority in an LSOA the file does not list is found, not lost (an areas file of one census
against files of the other loses every recoded LSOA without a word otherwise).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ..core.errors import DataError
from ._arrow import local_authority
from .lookup import Placement
from .streets import StreetCounts

UNSEEN_LIMIT = 0.1  # more of the city's LSOAs than this in no row of any month: the files or the codes are wrong
SHOWN = 5  # codes named in a message, then how many more


def by_area(counts: StreetCounts, side: int) -> dict:
    """(month, crime type) -> Counter(area -> rows): the rows of the LSOAs placed in one area,
    directly or through the lookup, for the city's neighbourhoods (side 0) or the family
    group's areas (side 1) (``figures.buckets``); each measure then sums over its crime types."""
    out = defaultdict(Counter)
    for (month, crime_type, bucket), n in counts.wanted.items():
        where = bucket[side]
        if where is not None and where[0] == "area":
            out[month, crime_type][where[1]] += n
    return out


def spread_rows(counts: StreetCounts, placement: Placement) -> dict:
    """(month, crime type) -> rows of the city's LSOAs the lookup spreads over neighbourhoods."""
    out = Counter()
    for (month, crime_type, bucket), n in counts.wanted.items():
        where = bucket[0]
        if where is not None and where[0] == "code" and where[1] in placement.spread:
            out[month, crime_type] += n
    return out


def authorities(counts: StreetCounts, codes) -> set:
    """The local authorities the LSOA names of ``codes``' rows give."""
    return {local_authority(counts.names[c]) for c in codes if c in counts.names} - {None}


def check_placed(counts: StreetCounts, areas: list[tuple[str, set, set]], lookup_given: bool) -> None:
    """Refuses a run in which rows of an area's local authority fall in LSOAs its file does
    not list (nor the lookup place): its figures would miss them.

    Args:
        areas: (the area as messages name it, the codes placed in it, the codes its file
            places anywhere): the city, then each family area (``FAMILY.csv: area Torbay``),
            whose file may place a code of its authority in another of its areas.

    Raises:
        DataError: one line for each area losing rows, naming a few codes.
    """
    rows, names = Counter(counts.code_rows), {**counts.unknown_names, **counts.names}
    for (_, _, code), n in counts.unknown.items():
        rows[code] += n
    lines, told = [], set()
    for what, placed, placed_anywhere in areas:
        own = authorities(counts, placed)
        codes = sorted((c for c in rows if c not in placed_anywhere and c not in told
                        and local_authority(names.get(c, "")) in own), key=lambda c: (-rows[c], c))
        if not codes:
            continue
        told.update(codes)
        shown = ", ".join(f"{c} ({names[c]}, {rows[c]:,} rows)" for c in codes[:SHOWN])
        more = f" and {len(codes) - SHOWN} more" if len(codes) > SHOWN else ""
        remedy = ("they are not in the lookup either: add them to the file" if lookup_given else
                  "are its codes of the other census (2011 or 2021)? Give ONS's LSOA (2011) to LSOA (2021) lookup "
                  "with --lsoa-lookup FILE, or add them to the file")
        lines.append(f"{what}: {sum(rows[c] for c in codes):,} rows in {len(codes)} LSOA(s) of {', '.join(sorted(own))} "
                     f"(by police.uk's LSOA names) that it does not list would be left out: {shown}{more}; {remedy}")
    if len(lines) == 1:
        raise DataError(f"{lines[0]}; nothing was written")
    if lines:
        raise DataError(f"{len(lines)} areas would lose rows; nothing was written:\n" +
                        "\n".join(f"  {line}" for line in lines))


def unseen(counts: StreetCounts, placement: Placement, what: str, city: bool) -> list[str]:
    """A finding naming the areas file's codes that no row of any month falls in; for the
    city, an error (DataError) when they are more than a tenth of its LSOAs."""
    codes = sorted(set(placement.areas.area_of) - placement.found(counts.code_rows))
    if not codes:
        return []
    total = len(placement.areas.area_of)
    shown = ", ".join(codes[:SHOWN]) + (f" and {len(codes) - SHOWN} more" if len(codes) > SHOWN else "")
    said = (f"{what}: {len(codes)} of its {total} LSOA(s) have no row in any month of the files: {shown} (codes of "
            "another census, or mistyped? ONS's lookup, --lsoa-lookup, places recoded ones)")
    if city and len(codes) > UNSEEN_LIMIT * total:
        raise DataError(f"{said}; more than a tenth of the city's LSOAs, so its figures would be far too low: "
                        "nothing was written")
    return [said]


def lookup_findings(counts: StreetCounts, placement: Placement, what: str, counted_by_city: bool) -> list[str]:
    """What the lookup could not place: LSOAs across several areas, or partly outside them."""
    rows, out = counts.code_rows, []
    spread = [c for c in sorted(placement.spread) if rows[c]]
    if spread:
        shown = "; ".join(f"{c} ({rows[c]:,} rows; {', '.join(placement.spread[c])})" for c in spread[:SHOWN])
        where = ("counted in the city's counts, but left out of every neighbourhood's rate and so of the crime gap"
                 if counted_by_city else "left out of every area's rate")
        out.append(f"{what}: {sum(rows[c] for c in spread):,} rows lie in LSOA(s) that ONS's lookup spreads over "
                   f"several of its areas, so which one they belong to is not known: {shown}"
                   f"{'...' if len(spread) > SHOWN else ''}; they are {where}")
    partly = [c for c in sorted(placement.partly) if rows[c]]
    if partly:
        shown = "; ".join(f"{c} ({rows[c]:,} rows; partly {', '.join(placement.partly[c])})" for c in partly[:SHOWN])
        out.append(f"{what}: {sum(rows[c] for c in partly):,} rows lie in LSOA(s) that ONS's lookup puts partly "
                   f"outside its areas, so whether they belong is not known: {shown}"
                   f"{'...' if len(partly) > SHOWN else ''}; they are left out")
    return out
