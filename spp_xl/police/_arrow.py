"""Counting one street file's rows with pyarrow (the only module here that knows pyarrow).

pyarrow's CSV reader parses a file on every core and converts only the four columns the
figures need; its compute functions then place each row's LSOA among the wanted ones and
count the rows by month, crime type and LSOA without a Python loop over rows. Measured
against pandas' ``read_csv(engine="pyarrow")``, the csv module and DuckDB on the national
year: bench/bench_police.py, docs/police.md.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from typing import Sequence

from ..core.errors import InputError

MONTH, FORCE, LSOA, TYPE = "Month", "Reported by", "LSOA code", "Crime type"
COLUMNS = (MONTH, FORCE, LSOA, TYPE)
MONTH_FORM = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def count_file(path: str, wanted: Sequence[str]) -> tuple[int, set, Counter]:
    """Counts a street file's rows.

    Args:
        path: a police.uk street file whose header holds ``COLUMNS``.
        wanted: LSOA codes; position 0 must be ``""`` (the rows with no location).

    Returns:
        (rows, the file's (month, force) pairs, counts keyed by (month, crime type, i))
        where i is the row's LSOA's position in ``wanted`` (0: no location), or None for
        an LSOA not wanted.

    Raises:
        InputError: a row of another length, text that is not UTF-8, or a month not
            written YYYY-MM, naming the file and, where it can, the line.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    options = pcsv.ConvertOptions(include_columns=list(COLUMNS), column_types={c: pa.string() for c in COLUMNS},
                                  strings_can_be_null=False)
    try:
        table = pcsv.read_csv(path, convert_options=options)
    except pa.ArrowInvalid as exc:
        raise InputError(_unreadable(path, str(exc)), path) from None
    months, forces = table[MONTH], table[FORCE]
    month_values, force_values = pc.unique(months).to_pylist(), pc.unique(forces).to_pylist()
    for month in month_values:
        if not MONTH_FORM.match(month):
            line = pc.index(months, month).as_py() + 2  # line 1 is the header
            raise InputError(f"line {line}, column {MONTH}: {month!r} is not a month written YYYY-MM", path)
    place = pc.index_in(table[LSOA], value_set=pa.array(wanted, pa.string()))
    if len(month_values) == 1 and len(force_values) <= 1:  # police.uk's files: one force, one month
        pairs = {(month_values[0], force_values[0])}
        grouped = pa.table({"t": table[TYPE], "i": place}).group_by(["t", "i"]).aggregate([([], "count_all")])
        keys = zip([month_values[0]] * grouped.num_rows, grouped["t"].to_pylist(), grouped["i"].to_pylist())
    else:
        both = pa.table({"m": months, "f": forces}).group_by(["m", "f"]).aggregate([])
        pairs = set(zip(both["m"].to_pylist(), both["f"].to_pylist()))
        grouped = (pa.table({"m": months, "t": table[TYPE], "i": place})
                   .group_by(["m", "t", "i"]).aggregate([([], "count_all")]))
        keys = zip(grouped["m"].to_pylist(), grouped["t"].to_pylist(), grouped["i"].to_pylist())
    counts = Counter(dict(zip(keys, grouped["count_all"].to_pylist())))
    return table.num_rows, pairs, counts


def _unreadable(path: str, message: str) -> str:
    """One line for what pyarrow could not read, with the line where the csv module finds it."""
    if "UTF8" in message or "UTF-8" in message:
        return "is not UTF-8 text, as police.uk writes its files (was it saved by another program?)"
    with open(path, newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.reader(handle)
        width = len(next(reader, []))
        for row in reader:
            if len(row) != width and any(cell.strip() for cell in row):
                return (f"line {reader.line_num}: has {len(row)} columns, the header has {width} "
                        "(a file cut short, or edited?)")
    return f"cannot be read as a CSV file ({message.splitlines()[0]})"
