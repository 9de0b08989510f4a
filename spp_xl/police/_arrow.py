"""Counting one street file's rows with pyarrow (the only module here that knows pyarrow).

pyarrow's CSV reader parses a file and converts only the five columns the figures need;
its compute functions then place each row's LSOA among the wanted ones and count the rows
by month, crime type and LSOA without a Python loop over rows. pyarrow releases the GIL
while it works, so the files are counted on every core at once (``streets.count_streets``).
Measured against pandas' ``read_csv(engine="pyarrow")``, the csv module and DuckDB on the
national year: bench/bench_police.py, docs/police.md.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from ..core.errors import InputError

MONTH, FORCE, LSOA, NAME, TYPE = "Month", "Reported by", "LSOA code", "LSOA name", "Crime type"
COLUMNS = (MONTH, FORCE, LSOA, NAME, TYPE)
MONTH_FORM = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# An LSOA's name is its local authority's and a number and letter: "Plymouth 012E".
LSOA_NAME = re.compile(r"^(.+) \d{3}[A-Z]$")
GROUPS = ["m", "f", "t", "i", "count_all"]


def local_authority(lsoa_name: str) -> str | None:
    """The local authority an LSOA's name gives (``Plymouth 012E`` -> ``Plymouth``), or None.

    >>> local_authority("Plymouth 012E"), local_authority("Vale of Glamorgan 001A"), local_authority("")
    ('Plymouth', 'Vale of Glamorgan', None)
    """
    found = LSOA_NAME.match(lsoa_name or "")
    return found.group(1) if found else None


@dataclass
class FileCount:
    """One file's rows, counted.

    Attributes:
        rows: every row of the file.
        pairs: the (month, force) of its rows, whatever force.
        groups: rows kept, counted by (month, force, crime type, place) in a table (``combine``
            sums every file's): place is the row's LSOA's position in ``wanted`` (0: no LSOA
            code), or null for an LSOA not wanted; None for a file with no row kept.
        names: place -> the LSOA name its rows carry.
        unknown: kept rows whose LSOA is not wanted but whose name is of a local authority
            that a wanted LSOA of the file is in, by (month, crime type, code, name).
        excluded: rows of the forces left out, by (force, month).
    """

    rows: int = 0
    pairs: set = field(default_factory=set)
    groups: object = None
    names: dict = field(default_factory=dict)
    unknown: Counter = field(default_factory=Counter)
    excluded: Counter = field(default_factory=Counter)


def count_file(source, label: str, wanted: Sequence[str], excluded: frozenset = frozenset(),
               named_month: str | None = None) -> FileCount:
    """Counts a street file's rows.

    Args:
        source: the file's path, or its bytes (a member of a zip archive).
        label: the file as messages name it.
        wanted: LSOA codes; position 0 must be ``""`` (the rows with no LSOA code).
        excluded: forces (``Reported by``) whose rows are left out, and counted as such.
        named_month: the month the file's name gives (``2015-06``), which every row must hold.

    Raises:
        InputError: a row of another length, text that is not UTF-8, a month not written
            YYYY-MM, or one its name disagrees with, naming the file and, where it can, the line.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    options = pcsv.ConvertOptions(include_columns=list(COLUMNS), column_types={c: pa.string() for c in COLUMNS},
                                  strings_can_be_null=False)
    try:
        table = pcsv.read_csv(pa.BufferReader(source) if isinstance(source, bytes) else source,
                              convert_options=options, read_options=pcsv.ReadOptions(use_threads=False))
    except pa.ArrowInvalid as exc:
        raise InputError(_unreadable(source, str(exc)), label) from None
    out = FileCount(rows=table.num_rows)
    months = table[MONTH]
    month_values = pc.unique(months).to_pylist()
    for month in month_values:
        if MONTH_FORM.match(month) and (not named_month or month == named_month):
            continue
        line = pc.index(months, month).as_py() + 2  # line 1 is the header
        if not MONTH_FORM.match(month):
            raise InputError(f"line {line}, column {MONTH}: {month!r} is not a month written YYYY-MM", label)
        raise InputError(f"line {line}, column {MONTH}: {month} is not the month its name gives, {named_month}; "
                         "a file holds one force's month: was it renamed?", label)
    force_values = pc.unique(table[FORCE]).to_pylist()
    if len(month_values) == 1 and len(force_values) == 1:
        out.pairs = {(month_values[0], force_values[0])}
    elif table.num_rows:
        both = pa.table({"m": months, "f": table[FORCE]}).group_by(["m", "f"], use_threads=False).aggregate([])
        out.pairs = set(zip(both["m"].to_pylist(), both["f"].to_pylist()))
    left_out = [f for f in force_values if f in excluded]
    if left_out:
        dropped = pc.is_in(table[FORCE], value_set=pa.array(left_out, pa.string()))
        gone = table.filter(dropped).group_by([FORCE, MONTH], use_threads=False).aggregate([([], "count_all")])
        out.excluded = Counter(dict(zip(zip(gone[FORCE].to_pylist(), gone[MONTH].to_pylist()),
                                        gone["count_all"].to_pylist())))
        table = table.filter(pc.invert(dropped))
        force_values = [f for f in force_values if f not in excluded]
    if not table.num_rows:
        return out
    place = pc.index_in(table[LSOA], value_set=pa.array(wanted, pa.string()))
    single = len(force_values) == 1 and len(pc.unique(table[MONTH])) == 1
    keys = ["t", "i"] if single else ["m", "f", "t", "i"]
    columns = {"m": table[MONTH], "f": table[FORCE], "t": table[TYPE], "i": place}
    grouped = pa.table({k: columns[k] for k in keys}).group_by(keys, use_threads=False).aggregate([([], "count_all")])
    if single:  # the month and force, the same on every row, added to the few groups
        grouped = grouped.append_column("m", pa.repeat(table[MONTH][0], grouped.num_rows))
        grouped = grouped.append_column("f", pa.repeat(pa.scalar(force_values[0], pa.string()), grouped.num_rows))
    out.groups = grouped.select(GROUPS)
    if pc.any(pc.greater(place, 0)).as_py():
        _names_and_unknown(table, place, out)
    return out


def combine(groups: list, buckets: Sequence[int]) -> tuple[Counter, Counter]:
    """Every file's groups together, summed once in Arrow (no Python loop over the groups).

    Args:
        groups: the files' ``FileCount.groups``.
        buckets: each place's bucket (``buckets[0]``, no LSOA code, is 0): the rows of the
            places of one bucket are summed together (an area's LSOAs), so that a few
            thousand sums come back to Python, not one a month, crime type and LSOA.

    Returns:
        (rows by (month, crime type, bucket; None for an LSOA not wanted), rows of a wanted
        LSOA by (force, place)).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not groups:
        return Counter(), Counter()
    table = pa.concat_tables(groups)
    table = table.append_column("b", pc.take(pa.array(buckets, pa.int32()), table["i"]))
    summed = table.group_by(["m", "t", "b"], use_threads=False).aggregate([("count_all", "sum")])
    counts = Counter(dict(zip(zip(*(summed[c].to_pylist() for c in ("m", "t", "b"))),
                              summed["count_all_sum"].to_pylist())))
    placed = table.filter(pc.greater(table["i"], 0))
    forces = placed.group_by(["f", "i"], use_threads=False).aggregate([("count_all", "sum")])
    force_places = Counter(dict(zip(zip(forces["f"].to_pylist(), forces["i"].to_pylist()),
                                    forces["count_all_sum"].to_pylist())))
    return counts, force_places


def _names_and_unknown(table, place, out: FileCount) -> None:
    """The LSOA names of the wanted LSOAs the file holds, and its rows in other LSOAs of the
    same local authorities: an areas file of another census loses them without this."""
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.greater(place, 0)
    named = (pa.table({"i": place, "n": table[NAME]}).filter(found).group_by("i", use_threads=False)
             .aggregate([("n", "min")]))
    out.names = dict(zip(named["i"].to_pylist(), named["n_min"].to_pylist()))
    authorities = {local_authority(name) for name in out.names.values()} - {None}
    if not authorities:
        return
    names = table[NAME]
    same = None
    for authority in sorted(authorities):
        starts = pc.starts_with(names, authority + " ")
        same = starts if same is None else pc.or_(same, starts)
    others = table.filter(pc.and_(pc.is_null(place), same))
    if not others.num_rows:
        return
    grouped = others.group_by([MONTH, TYPE, LSOA, NAME], use_threads=False).aggregate([([], "count_all")])
    keys = zip(*(grouped[c].to_pylist() for c in (MONTH, TYPE, LSOA, NAME)))
    out.unknown = Counter(dict(zip(keys, grouped["count_all"].to_pylist())))


def _unreadable(source, message: str) -> str:
    """One line for what pyarrow could not read, with the line where the csv module finds it."""
    if "UTF8" in message or "UTF-8" in message:
        return "is not UTF-8 text, as police.uk writes its files (was it saved by another program?)"
    if not isinstance(source, bytes):
        with open(source, "rb") as handle:
            source = handle.read()
    raw = source
    reader = csv.reader(io.StringIO(raw.decode("utf-8", errors="replace"), newline=""))
    width = len(next(reader, []))
    for row in reader:
        if len(row) != width and any(cell.strip() for cell in row):
            return (f"line {reader.line_num}: has {len(row)} columns, the header has {width} "
                    "(a file cut short, or edited?)")
    return f"cannot be read as a CSV file ({message.splitlines()[0]})"
