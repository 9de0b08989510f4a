"""LSOA codes across census boundaries: ONS's "LSOA (2011) to LSOA (2021)" lookup, and where
each LSOA code of the files lies among the areas read.

LSOAs were redrawn at the 2021 census; police.uk's files carry the codes of the boundaries
in force when they were published, so an areas file of one census misses the recoded LSOAs
of the other. ONS's exact-fit lookup pairs the codes (``LSOA11CD``, ``LSOA21CD``) with what
happened (``CHGIND``): U unchanged, S a 2011 LSOA split into several, M several merged into
one, X redrawn irregularly. A code of the files that the areas file lacks stands for its
counterparts in the lookup: when they all lie in one area (a split part, or a merge within
a neighbourhood) its rows are that area's; when they lie in several, or partly outside the
areas, where its rows belong is not known, and they are reported, never guessed. Either
direction works: 2011 areas with 2021 files, or 2021 areas with 2011 files.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..core.dataset import csv_header, read_csv_text
from ..core.errors import InputError
from .areas import LSOA_CODE, Areas, refuse

LOOKUP_COLUMNS = ("lsoa11cd", "lsoa21cd", "chgind")
CHANGES = {"U": "unchanged", "S": "split", "M": "merged", "X": "redrawn irregularly"}


@dataclass(frozen=True)
class Lookup:
    """ONS's lookup as pairs of codes.

    Attributes:
        source: the file read.
        counterparts: code -> the codes of the other census it shares ground with (never itself).
        change: code -> what happened to it (``CHANGES``' letters).
    """

    source: str
    counterparts: dict = field(default_factory=dict)
    change: dict = field(default_factory=dict)


def read_lookup(path: str) -> Lookup:
    """Reads ONS's "LSOA (2011) to LSOA (2021)" lookup as downloaded (its other columns,
    names and local authorities, are not read).

    Raises:
        InputError: a missing column, a code that is not an LSOA code, a change indicator
            other than U, S, M or X: every such line listed.
    """
    name = str(path)
    reader = csv.reader(io.StringIO(read_csv_text(path), newline=""))
    heads = csv_header(reader, LOOKUP_COLUMNS, name)
    old, new, kind = (heads.index(c) for c in LOOKUP_COLUMNS)
    counterparts, change, problems = {}, {}, []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(heads):
            problems.append(f"line {line}: has {len(row)} fields, the header has {len(heads)}")
            continue
        a, b, letter = row[old].strip(), row[new].strip(), row[kind].strip().upper()
        bad = [f"line {line}, column {heads[i].upper()}: {code!r} is not an LSOA code"
               for i, code in ((old, a), (new, b)) if not LSOA_CODE.match(code)]
        if letter not in CHANGES:
            bad.append(f"line {line}, column CHGIND: {row[kind].strip()!r} is not U, S, M or X")
        if bad:
            problems += bad
            continue
        change.setdefault(a, letter)
        change.setdefault(b, letter)
        if a != b:
            counterparts.setdefault(a, set()).add(b)
            counterparts.setdefault(b, set()).add(a)
    refuse(problems, name, "check it is ONS's LSOA (2011) to LSOA (2021) lookup as downloaded")
    if not change:
        raise InputError("holds no pairs of LSOA codes under its header", name)
    return Lookup(name, {k: frozenset(v) for k, v in counterparts.items()}, change)


@dataclass(frozen=True)
class Placement:
    """Where the LSOA codes of the files lie among one file's areas.

    Attributes:
        areas: the areas (the city's neighbourhoods, or the family group's areas).
        area_of: code -> its area: the areas file's own codes, and codes of the other
            census whose counterparts all lie in one area.
        spread: code -> the areas its counterparts lie in, where they are several.
        partly: code -> the areas some of its counterparts lie in, where others lie outside.
        stands_for: code of the other census -> the areas file's codes it shares ground with.
    """

    areas: Areas
    area_of: dict
    spread: dict = field(default_factory=dict)
    partly: dict = field(default_factory=dict)
    stands_for: dict = field(default_factory=dict)

    def side(self, code: str) -> tuple | None:
        """How rows of ``code`` are summed for these areas: ``("area", name)`` with its area's,
        ``("code", code)`` apart (an LSOA the lookup cannot put in one area), or None."""
        if code in self.area_of:
            return ("area", self.area_of[code])
        if code in self.spread or code in self.partly:
            return ("code", code)
        return None

    @property
    def codes(self) -> set:
        """Every code whose rows matter to these areas."""
        return set(self.area_of) | set(self.spread) | set(self.partly)

    def found(self, seen) -> set:
        """The areas file's codes that rows of ``seen`` codes fall in, directly or through the lookup."""
        out = {c for c in seen if c in self.areas.area_of}
        for code in seen:
            out |= self.stands_for.get(code, set())
        return out


def place(areas: Areas, lookup: Lookup | None) -> Placement:
    """Where each code lies among ``areas``, through ``lookup`` for the codes it lacks."""
    area_of, spread, partly, stands_for = dict(areas.area_of), {}, {}, {}
    if lookup is None:
        return Placement(areas, area_of)
    reached = {other for code in areas.area_of for other in lookup.counterparts.get(code, ())}
    for code in sorted(reached - set(areas.area_of)):
        sides = lookup.counterparts[code]
        inside = {c for c in sides if c in areas.area_of}
        owners = sorted({areas.area_of[c] for c in inside})
        stands_for[code] = frozenset(inside)
        if inside != sides:
            partly[code] = tuple(owners)
        elif len(owners) == 1:
            area_of[code] = owners[0]
        else:
            spread[code] = tuple(owners)
    return Placement(areas, area_of, spread, partly, stands_for)
