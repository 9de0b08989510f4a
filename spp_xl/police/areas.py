"""The partnership's areas: the city's LSOAs by neighbourhood (``AREAS.csv``) and the family
group's comparator areas (``FAMILY.csv``), each LSOA with its residents.

Both are small CSV files a partnership keeps (docs/police.md says where the LSOA
populations come from); every problem is refused naming the file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.csvfile import StrictReader
from ..core.dataset import csv_header, number_from_text, read_csv_text
from ..core.errors import InputError

AREAS_COLUMNS = ("lsoa_code", "neighbourhood", "population")
FAMILY_COLUMNS = ("area", "lsoa_code", "population")


@dataclass(frozen=True)
class Areas:
    """LSOAs grouped into named areas (the city's neighbourhoods, or the family group's
    partnerships), with each LSOA's residents.

    Attributes:
        source: the file read, for messages.
        area_of: LSOA code -> the area it belongs to.
        residents: LSOA code -> its population.
        names: the areas in the order the file first lists them.
    """

    source: str
    area_of: dict = field(default_factory=dict)
    residents: dict = field(default_factory=dict)
    names: tuple = ()

    def population(self, area: str) -> float:
        """The residents of every LSOA of ``area`` together."""
        return sum(p for code, p in self.residents.items() if self.area_of[code] == area)

    def lsoas(self, area: str) -> frozenset:
        return frozenset(code for code, name in self.area_of.items() if name == area)


def read_areas(path: str) -> Areas:
    """Reads ``AREAS.csv`` (``lsoa_code,neighbourhood,population``, one row per LSOA of the city).

    Raises:
        InputError: a missing column, a blank cell, an LSOA listed twice, or a population
            that is not a positive number, naming the line and column.
    """
    return _read(path, AREAS_COLUMNS, "neighbourhood")


def read_family(path: str) -> Areas:
    """Reads ``FAMILY.csv`` (``area,lsoa_code,population``: every LSOA of each comparator
    area, the partnership's own included)."""
    return _read(path, FAMILY_COLUMNS, "area")


def _read(path: str, columns: tuple, group: str) -> Areas:
    name = str(path)
    reader = StrictReader(read_csv_text(path), name)  # a stray quote or a bare CR: its line, not a crash
    heads = csv_header(reader, columns, name)
    position = {c: heads.index(c) for c in columns}
    area_of, residents, names, line_of = {}, {}, {}, {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(heads):
            raise InputError(f"line {line}: has {len(row)} columns, the header has {len(heads)}", name)
        cells = {c: row[i].strip() for c, i in position.items()}
        for column in ("lsoa_code", group):
            if not cells[column]:
                raise InputError(f"line {line}, column {column}: is blank", name)
        code = cells["lsoa_code"]
        if code in line_of:
            raise InputError(f"line {line}, column lsoa_code: {code} is listed twice (also line {line_of[code]}); "
                             "each LSOA belongs to one " + group, name)
        people = number_from_text(cells["population"])
        if people is None or people <= 0 or cells["population"].endswith("%"):
            raise InputError(f"line {line}, column population: {cells['population']!r} is not a positive number "
                             "of residents", name)
        line_of[code] = line
        area_of[code] = cells[group]
        residents[code] = people
        names.setdefault(cells[group], None)
    if not area_of:
        raise InputError(f"holds no LSOAs; expected a row per LSOA under the header {','.join(columns)}", name)
    return Areas(name, area_of, residents, tuple(names))
