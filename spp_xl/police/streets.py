"""police.uk street-level files: finding them, checking them, counting their rows.

police.uk publishes one file per force per month, ``YYYY-MM/YYYY-MM-<force>-street.csv``,
with the columns of ``STREET_HEADER``; anti-social behaviour rows have no Crime ID, and a
row with no location has a blank LSOA code. Only four columns are read: the month, the
force that reported the row, the LSOA and the crime type.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..core.errors import InputError
from . import _arrow
from .progress import Progress

STREET_HEADER = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                 "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")
STREET_PATTERN = "*-street.csv"


@dataclass(frozen=True)
class StreetCounts:
    """What a run of street files holds, counted.

    Attributes:
        files: how many files were read; rows: how many rows.
        forces: force -> the months it has a file for ("YYYY-MM").
        wanted: rows by (month, crime type, LSOA code) for the LSOAs asked for.
        no_location: rows with no LSOA, by (month, crime type).
        elsewhere: rows in LSOAs not asked for, by (month, crime type).
    """

    files: int
    rows: int
    forces: dict = field(default_factory=dict)
    wanted: Counter = field(default_factory=Counter)
    no_location: Counter = field(default_factory=Counter)
    elsewhere: Counter = field(default_factory=Counter)

    @property
    def crime_types(self) -> set:
        return {t for _, t in self.no_location} | {t for _, t in self.elsewhere} | {t for _, t, _ in self.wanted}


def street_files(paths: Iterable[str]) -> list[str]:
    """The files named, and every ``*-street.csv`` under the folders named, in order.

    Raises:
        InputError: a path that does not exist, or a folder holding no street file.
    """
    out = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob(STREET_PATTERN) if p.is_file())
            if not found:
                raise InputError(f"holds no police.uk street files ({STREET_PATTERN}, in YYYY-MM folders as "
                                 "police.uk's downloads have them)", str(given))
            out += found
        elif path.is_file():
            out.append(str(given))
        else:
            raise InputError("file or folder not found", str(given))
    return out


def check_header(path: str) -> None:
    """Refuses a file whose header is not a police.uk street file's (an outcomes or
    stop-and-search file, a tidy CSV...), before any long read."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text, as police.uk writes its street files", path) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", path) from None
    if not header:
        raise InputError(f"is empty; a police.uk street file starts with the header {','.join(STREET_HEADER)}",
                         path)
    missing = [c for c in _arrow.COLUMNS if c not in header]
    if missing:
        shown = ",".join(header)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise InputError(f"line 1: is not a police.uk street-level file: its header ({shown}) has no "
                         f"{', '.join(missing)}; expected {','.join(STREET_HEADER)}", path)


def count_streets(paths: Sequence[str], lsoas: Iterable[str], progress: Progress | None = None) -> StreetCounts:
    """Reads every file and counts its rows; ``lsoas`` are the codes whose rows are kept by LSOA.

    Raises:
        InputError: a file that is not a street file or cannot be read, or one force's
            month in two files (it would be counted twice), naming both files.
    """
    for path in paths:
        check_header(path)
    wanted = [""] + sorted(set(lsoas) - {""})
    forces, seen, rows = {}, {}, 0
    merged = Counter()
    for done, path in enumerate(paths, start=1):
        count, pairs, counts = _arrow.count_file(path, wanted)
        for month, force in sorted(pairs):
            if (month, force) in seen:
                raise InputError(f"holds {force}'s {month}, which {seen[month, force]} holds too: it would be "
                                 "counted twice; give each month once", path)
            seen[month, force] = path
            forces.setdefault(force, set()).add(month)
        merged.update(counts)
        rows += count
        if progress:
            progress.update(f"read {done:,}/{len(paths):,} files, {rows:,} rows")
    if progress:
        progress.done()
    result = StreetCounts(len(paths), rows, forces)
    for (month, crime_type, place), n in merged.items():
        if place is None:
            result.elsewhere[month, crime_type] += n
        elif place == 0:
            result.no_location[month, crime_type] += n
        else:
            result.wanted[month, crime_type, wanted[place]] += n
    return result
