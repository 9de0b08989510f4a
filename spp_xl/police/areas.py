"""The partnership's areas: the city's LSOAs by neighbourhood (``AREAS.csv``) and the family
group's comparator areas (``FAMILY.csv``), each LSOA with its residents.

Both are small CSV files a partnership keeps (docs/police.md says where the LSOA
populations come from). They are read strictly: a row whose fields do not match the
header (``1,037`` typed without quotes is two fields), a population that is not a
positive whole number, a code that is not an LSOA code, a name that differs from another
only in its case or spaces: each is listed on its own line naming the file and the line,
and the file is refused (exit 2), since any of them would change the figures unseen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.csvfile import StrictReader
from ..core.dataset import csv_header, read_csv_text
from ..core.errors import InputError, listing

AREAS_COLUMNS = ("lsoa_code", "neighbourhood", "population")
FAMILY_COLUMNS = ("area", "lsoa_code", "population")
LSOA_CODE = re.compile(r"^[EW]01\d{6}$")  # England's and Wales's LSOAs, as police.uk writes them
WHOLE = re.compile(r"^(\d+|\d{1,3}(,\d{3})+)$")  # 1037, or 1,037 (quoted, in a CSV)


@dataclass(frozen=True)
class Areas:
    """LSOAs grouped into named areas (the city's neighbourhoods, or the family group's
    partnerships), with each LSOA's residents.

    Attributes:
        source: the file read, for messages.
        area_of: LSOA code -> the area it belongs to.
        residents: LSOA code -> its population (a whole number).
        names: the areas in the order the file first lists them.
    """

    source: str
    area_of: dict = field(default_factory=dict)
    residents: dict = field(default_factory=dict)
    names: tuple = ()

    def population(self, area: str) -> int:
        """The residents of every LSOA of ``area`` together."""
        return sum(p for code, p in self.residents.items() if self.area_of[code] == area)

    def lsoas(self, area: str) -> frozenset:
        return frozenset(code for code, name in self.area_of.items() if name == area)


def read_areas(path: str) -> Areas:
    """Reads ``AREAS.csv`` (``lsoa_code,neighbourhood,population``, one row per LSOA of the city).

    Raises:
        InputError: every line that cannot be used, each naming the line and column.
    """
    return _read(path, AREAS_COLUMNS, "neighbourhood")


def read_family(path: str) -> Areas:
    """Reads ``FAMILY.csv`` (``area,lsoa_code,population``: every LSOA of each comparator
    area, the partnership's own included), as strictly as ``read_areas``."""
    return _read(path, FAMILY_COLUMNS, "area")


def squeezed(name: str) -> str:
    """A name without its case and spaces, by which two spellings of one name are found.

    >>> squeezed(" North  Prospect"), squeezed("north prospect") == squeezed("NorthProspect")
    ('northprospect', True)
    """
    return "".join(name.split()).casefold()


def _read(path: str, columns: tuple, group: str) -> Areas:
    name = str(path)
    reader = StrictReader(read_csv_text(path), name)  # a stray quote or a bare CR: its line, not a crash
    heads = csv_header(reader, columns, name)
    position = {c: heads.index(c) for c in columns}
    area_of, residents, names, line_of, spelt = {}, {}, {}, {}, {}
    problems = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(heads):
            problems.append(_width(line, row, heads, position))
            continue
        cells = {c: row[i].strip() for c, i in position.items()}
        faults = [f"line {line}, column {column}: is blank" for column in ("lsoa_code", group) if not cells[column]]
        code, area, people = cells["lsoa_code"], cells[group], cells["population"]
        if code and not LSOA_CODE.match(code):
            faults.append(f"line {line}, column lsoa_code: {code!r} is not an LSOA code (E01 or W01 and six digits, "
                          "as police.uk writes them)")
        elif code in line_of:
            faults.append(f"line {line}, column lsoa_code: {code} is listed twice (also line {line_of[code]}); "
                          f"each LSOA belongs to one {group}")
        if not WHOLE.match(people) or int(people.replace(",", "")) == 0:
            faults.append(f"line {line}, column population: {people!r} is not a positive whole number of residents")
        first = spelt.get(squeezed(area)) if area else None
        if first is not None and first[0] != area:
            faults.append(f"line {line}, column {group}: {area!r} differs from {first[0]!r} (line {first[1]}) only in "
                          "its case or spaces: write it one way")
        if area:
            spelt.setdefault(squeezed(area), (area, line))
        if faults:
            problems += faults
            continue
        line_of[code] = line
        area_of[code] = area
        residents[code] = int(people.replace(",", ""))
        names.setdefault(area, None)
    refuse(problems, name, "fix them and run again")
    if not area_of:
        raise InputError(f"holds no LSOAs; expected a row per LSOA under the header {','.join(columns)}", name)
    return Areas(name, area_of, residents, tuple(names))


def refuse(problems: list, name: str, advice: str) -> None:
    """Refuses a file with ``problems`` (a line each): one alone on one line, several listed
    under their count (a screenful, ``errors.listing``, then how many more), as a tidy CSV's are."""
    if len(problems) == 1:
        raise InputError(problems[0], name)
    if problems:
        raise InputError(f"{len(problems)} problems; {advice}:\n{listing(problems)}", name)


def _width(line: int, row: list, heads: list, position: dict) -> str:
    """A row of more or fewer fields than the header, and the likely reason."""
    said = f"line {line}: has {len(row)} fields, the header has {len(heads)}"
    last = position["population"]
    if len(row) == len(heads) + 1 and last == len(heads) - 1 and row[last].strip().isdigit() \
            and re.fullmatch(r"\d{3}", row[-1].strip()):
        return (f"{said}: a population written {row[last].strip()},{row[-1].strip()} needs quotes "
                f"(\"{row[last].strip()},{row[-1].strip()}\") or no comma")
    return said + " (a comma in a name needs the name in quotes)"
