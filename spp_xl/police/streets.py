"""police.uk street-level files: checking them and counting their rows, on every core.

police.uk publishes one file per force per month, ``YYYY-MM/YYYY-MM-<force>-street.csv``,
with the columns of ``STREET_HEADER``; anti-social behaviour rows have no Crime ID, and a
row police.uk placed in no LSOA (no location given, or a place outside England and Wales,
such as a Scottish railway station) has a blank LSOA code. Five columns are read: the
month, the force that reported the row, the LSOA's code and name, and the crime type.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Sequence

from ..core.errors import InputError
from . import _arrow
from .archive import Archives, StreetFile, street_files  # noqa: F401 - street_files is this module's too
from .progress import Progress

STREET_HEADER = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                 "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")
TRANSPORT_POLICE = "British Transport Police"
FORCE_SLUGS = {"btp": TRANSPORT_POLICE}  # a file's name gives its force this way, even with no row
MINOR_SHARE = 0.01  # a force with less of an area's rows than this is not needed for its months


@dataclass(frozen=True)
class StreetCounts:
    """What a run of street files holds, counted.

    Attributes:
        files: how many files were read; rows: how many rows; archives: how many of the
            files were read from zip archives.
        forces: force -> the months it has a file for ("YYYY-MM"), the forces left out included.
        wanted: rows in the LSOAs asked for, by (month, crime type, bucket): the bucket the
            caller gave each LSOA (an area, or the LSOA itself), so that an area's LSOAs
            come summed.
        code_rows: rows by LSOA code, for the codes asked for that have any.
        no_location: rows with no LSOA code, by (month, crime type).
        elsewhere: rows in LSOAs not asked for, by (month, crime type).
        places: LSOA code asked for -> Counter(force -> its rows there).
        names: LSOA code asked for -> the LSOA name its rows carry.
        unknown: rows in LSOAs not asked for but named in a local authority that one asked
            for is in, by (month, crime type, LSOA code); ``unknown_names`` their names.
        excluded: rows of the forces left out, by (force, month).
        empty: (file, month, force) of the files holding only their header.
    """

    files: int
    rows: int
    forces: dict = field(default_factory=dict)
    wanted: Counter = field(default_factory=Counter)
    code_rows: Counter = field(default_factory=Counter)
    no_location: Counter = field(default_factory=Counter)
    elsewhere: Counter = field(default_factory=Counter)
    places: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    unknown: Counter = field(default_factory=Counter)
    unknown_names: dict = field(default_factory=dict)
    excluded: Counter = field(default_factory=Counter)
    empty: tuple = ()
    archives: int = 0

    @cached_property
    def crime_types(self) -> set:
        return ({t for _, t in self.no_location} | {t for _, t in self.elsewhere} | {t for _, t, _ in self.wanted}
                | {t for _, t, _ in self.unknown})

    def forces_of(self, codes) -> tuple[set, set]:
        """(the forces whose rows in ``codes`` a figure over them needs, the others with a few
        rows there): a force with fewer than ``MINOR_SHARE`` of those rows (a crime mapped
        across a force's border, a stray file) withholds nothing when it lacks a month."""
        rows = Counter()
        for code in codes:
            rows.update(self.places.get(code, {}))
        total = sum(rows.values())
        needed = {f for f, n in rows.items() if n >= MINOR_SHARE * total}
        return needed, set(rows) - needed

    @property
    def months(self) -> list[str]:
        return sorted(set().union(*self.forces.values())) if self.forces else []


def check_header(item: StreetFile, archives: Archives) -> bool:
    """Refuses a file whose header is not a police.uk street file's (an outcomes or
    stop-and-search file, a tidy CSV...), before any long read. Returns whether the file
    holds more than its header."""
    head = item.first_line(archives)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text, as police.uk writes its street files", item.label) from None
    header = next(csv.reader(io.StringIO(text)), None)
    if not header:
        raise InputError(f"is empty; a police.uk street file starts with the header {','.join(STREET_HEADER)}",
                         item.label)
    missing = [c for c in _arrow.COLUMNS if c not in header]
    if missing:
        shown = ",".join(header)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise InputError(f"line 1: is not a police.uk street-level file: its header ({shown}) has no "
                         f"{', '.join(missing)}; expected {','.join(STREET_HEADER)}", item.label)
    return True


def count_streets(files: Sequence[StreetFile], lsoas, progress: Progress | None = None,
                  excluded: Iterable[str] = (TRANSPORT_POLICE,)) -> StreetCounts:
    """Reads every file, several at once, and counts its rows; the rows of the ``excluded``
    forces are counted apart.

    Args:
        lsoas: the LSOA codes whose rows are kept apart, each mapped to its bucket (any
            hashable: its area, or itself), by which their rows are summed; or codes alone,
            each its own bucket.

    Raises:
        InputError: a file that is not a street file or cannot be read, a file whose Month
            column disagrees with its name, or one force's month in two files (it would be
            counted twice), naming both files.
    """
    files = [f if isinstance(f, StreetFile) else StreetFile(str(f)) for f in files]
    bucket_of = dict(lsoas) if isinstance(lsoas, dict) else {code: code for code in lsoas}
    bucket_of.pop("", None)
    wanted = [""] + sorted(bucket_of)
    leave = frozenset(excluded)
    archives = Archives()
    try:
        for item in files:
            check_header(item, archives)

        def count(item: StreetFile):
            named = item.named()
            return _arrow.count_file(item.source(archives), item.label, wanted, leave, named[0] if named else None)

        workers = max(1, min(len(files), os.cpu_count() or 1))
        pool = ThreadPoolExecutor(workers, thread_name_prefix="spp-police")
        try:
            return _merge(files, pool.map(count, files), wanted, bucket_of, progress)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        archives.close()
        if progress:
            progress.done()


def _merge(files, results, wanted, bucket_of, progress) -> StreetCounts:
    seen, forces, slugs, empty, groups = {}, {}, {}, [], []
    unknown, excluded = Counter(), Counter()
    places, names, unknown_names, rows = {}, {}, {}, 0
    for done, (item, result) in enumerate(zip(files, results), start=1):
        if not result.rows:
            empty.append(item)
        for month, force in sorted(result.pairs):
            _once(seen, month, force, item)
            forces.setdefault(force, set()).add(month)
            if item.named():
                slugs.setdefault(item.named()[1], set()).add(force)
        if result.groups is not None:
            groups.append(result.groups)
        excluded.update(result.excluded)
        for place, name in result.names.items():
            names.setdefault(wanted[place], name)
        for (month, crime_type, code, name), n in result.unknown.items():
            unknown[month, crime_type, code] += n
            unknown_names.setdefault(code, name)
        rows += result.rows
        if progress:
            progress.update(f"read {done:,}/{len(files):,} files, {rows:,} rows")
    labels = [None] + sorted(set(bucket_of.values()), key=repr)
    ids = {label: k for k, label in enumerate(labels) if k}
    merged, force_places = _arrow.combine(groups, [0] + [ids[bucket_of[code]] for code in wanted[1:]])
    code_rows = Counter()
    for (force, place), n in force_places.items():
        places.setdefault(wanted[place], Counter())[force] += n
        code_rows[wanted[place]] += n
    said = []
    for item in empty:  # a header alone: the month of the force its name gives, with no crimes
        named = item.named()
        if named is None:
            raise InputError("holds only its header, and its name does not say which force and month it is "
                             "(police.uk names its files YYYY-MM-<force>-street.csv)", item.label)
        month, slug = named
        known = slugs.get(slug, set()) | ({FORCE_SLUGS[slug]} if slug in FORCE_SLUGS else set())
        force = sorted(known)[0] if len(known) == 1 else slug
        _once(seen, month, force, item)
        forces.setdefault(force, set()).add(month)
        said.append((item.label, month, force))
    result = StreetCounts(len(files), rows, forces, code_rows=code_rows, places=places, names=names,
                          unknown_names=unknown_names, excluded=excluded, empty=tuple(said),
                          archives=sum(f.member is not None for f in files))
    for (month, crime_type, bucket), n in merged.items():
        if bucket is None:
            result.elsewhere[month, crime_type] += n
        elif bucket == 0:
            result.no_location[month, crime_type] += n
        else:
            result.wanted[month, crime_type, labels[bucket]] += n
    result.unknown.update(unknown)
    return result


def _once(seen: dict, month: str, force: str, item: StreetFile) -> None:
    if (month, force) in seen and seen[month, force] != item.label:
        raise InputError(f"holds {force}'s {month}, which {seen[month, force]} holds too: it would be counted twice; "
                         "give each month once", item.label)
    seen[month, force] = item.label
