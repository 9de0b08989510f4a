"""The figures: tidy observations ``measure, year, period, value``.

A tidy CSV is the plain interchange format; the workbook reader produces the same
observations. Each observation remembers where it came from (a CSV line, a sheet
cell) so that every finding about it can point there.

A figure far outside what its neighbours and last year suggest stops the report until
the analyst confirms it. Confirmations are data: ``Dataset.confirmed`` holds the
``(measure, year, period, value)`` of each confirmed figure, as typed (a year-to-date
figure for a year-to-date measure). In a tidy CSV an optional fifth column ``confirmed``
says so for its row (``yes``; blank or ``no`` otherwise). A confirmation names the value:
a figure typed again differently is checked afresh.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable

from .errors import InputError
from .numbers import EXCEL_ERRORS, figure_problem, format_number, usable_figure
from .periods import ANNUAL, MONTHS, QUARTERS, FinancialYear
from .reading import read_input

CSV_COLUMNS = ("measure", "year", "period", "value")
CONFIRMED_COLUMN = "confirmed"  # optional: "yes" on the row of a figure the analyst has confirmed
_YES, _NO = ("yes", "y", "true", "1", "confirmed"), ("", "no", "n", "false", "0")
NOTE_COLUMNS = ("notes", "note", "comment", "comments")  # free text beside the figures, never read
MAX_CSV_BYTES = 5 * 2**20  # ten years of a hundred monthly measures is under 0.5 MB: 130,000 lines
MAX_FIELD = 10_000  # characters in one value (a note); a figure's line is a few dozen
MAX_LISTED = 50  # a file with more bad lines than this is listed to here, with the count of the rest
VALID_PERIODS = MONTHS + QUARTERS + (ANNUAL,)


@dataclass(frozen=True)
class Observation:
    """One figure. ``value`` is None when the cell held something that is not a number;
    ``raw`` keeps what was there so the finding can quote it."""

    measure: str
    year: FinancialYear
    period: str
    value: float | None
    where: str = ""
    raw: str = ""

    def __post_init__(self):
        # Whatever read it (a CSV, a workbook, police.uk's files), a figure is finite and of a
        # figure's size, or it is unreadable: the checks then say why, quoting ``raw``.
        if self.value is not None:
            usable = usable_figure(self.value)
            object.__setattr__(self, "value", usable)
            if usable is None and not self.raw:
                object.__setattr__(self, "raw", repr(self.value))


@dataclass
class Dataset:
    """All observations, with look-ups by measure and year."""

    observations: list[Observation] = field(default_factory=list)
    source: str = ""
    # (measure, year, period) -> where, for cells that exist but are blank (a workbook's
    # empty month), so that a finding about a missing figure can point at its cell.
    blank_cells: dict = field(default_factory=dict)
    # (measure, year, period, value) of the figures the analyst has confirmed as typed; the
    # workbook's Checks sheet and a CSV's confirmed column feed it.
    confirmed: frozenset = field(default_factory=frozenset)
    # What the reader found about the figures' cells (``checks.Finding``: a figure typed over a
    # formula, a confirmation it cannot read); the checks report them with their own.
    findings: tuple = ()

    def __post_init__(self):
        self._series: dict[tuple[str, FinancialYear], dict[str, float]] = {}
        self._years: dict[str, set[FinancialYear]] = {}
        for obs in self.observations:
            if obs.value is not None:
                # First entry wins; duplicates are a data-quality error found by the checks.
                self._series.setdefault((obs.measure, obs.year), {}).setdefault(obs.period, obs.value)
                self._years.setdefault(obs.measure, set()).add(obs.year)

    def series(self, measure: str, year: FinancialYear) -> dict[str, float]:
        """Period -> value for one measure and year (``Year`` holds an annual out-turn)."""
        return self._series.get((measure, year), {})

    def is_confirmed(self, measure: str, year: FinancialYear, period: str, value: float) -> bool:
        """Whether the analyst has confirmed this figure, with this value, as typed."""
        return (measure, year, period, float(value)) in self.confirmed

    def measures(self) -> set[str]:
        return set(self._years)

    def years(self, measure: str | None = None) -> list[FinancialYear]:
        if measure is None:
            return sorted(set().union(*self._years.values()))
        return sorted(self._years.get(measure, ()))

    def __len__(self):
        return len(self.observations)

    def observation(self, measure: str, year: FinancialYear, period: str) -> Observation | None:
        """The observation behind one figure, None when there is none: the first with a
        number (the one ``series`` uses), else the first that could not be read."""
        return self.observations_of(measure).get((year, period))

    def observations_of(self, measure: str) -> dict[tuple[FinancialYear, str], Observation]:
        """(year, period) -> the observation behind each of one measure's figures (as
        ``observation``). Indexed on first use, once for every measure."""
        if "_by_measure" not in self.__dict__:  # a summary never asks: it pays nothing
            index: dict[str, dict[tuple[FinancialYear, str], Observation]] = {}
            for obs in self.observations:
                held = index.setdefault(obs.measure, {})
                first = held.get((obs.year, obs.period))
                if first is None or (first.value is None and obs.value is not None):
                    held[(obs.year, obs.period)] = obs
            self._by_measure = index
        return self._by_measure.get(measure, {})


def number_from_text(text: str) -> float | None:
    """Parses a figure as an analyst types it: ``1,612`` and ``9.5`` and ``17%``; None for
    what is not a number, or is no figure (``nan``, ``1e308``: see ``numbers.figure_problem``)."""
    return usable_figure(_number(text))


def _number(text: str) -> float | None:
    cleaned = str(text).strip().replace(",", "")
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1].strip()
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number / 100 if percent and math.isfinite(number) else number


def not_a_figure(text: str) -> str:
    """Why what was typed is no figure, quoting it: ``'abc' is not a number``, ``'#N/A' is
    Excel's error value...``, ``'1e308' is too large to be a figure...``.

    >>> not_a_figure("n/a"), not_a_figure("#DIV/0!")
    ("'n/a' is not a number", "'#DIV/0!' is an Excel error value, not a figure: put the figure in its place")
    """
    shown = str(text).strip()
    if shown.upper() in EXCEL_ERRORS:
        return f"{shown!r} is an Excel error value, not a figure: put the figure in its place"
    number = _number(shown)
    problem = None if number is None else figure_problem(number)
    if problem is None or not math.isfinite(number) and shown.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return f"{shown!r} is not a number"
    return f"{shown!r} {problem}"


def read_csv(path: str | Path | None = None) -> Dataset:
    """Reads a tidy CSV (``measure,year,period,value``); with no path, the bundled data.

    Structural problems (missing columns, a year or period in another form) are refused
    with the line and column; a value that is not a number is kept as an unreadable
    observation, which the checks report as an error.
    """
    if path is None:
        name = "bundled data (spp_2015-16.csv)"
        text = resources.files("spp_xl.bundled").joinpath("spp_2015-16.csv").read_text(encoding="utf-8")
    else:
        name = os.fspath(path)
        text = read_csv_text(path)
    return parse_csv(text, name)


def read_csv_text(path: str | Path) -> str:
    """A CSV file's text, or one line saying why it cannot be read (see ``reading.open_input``:
    a pipe or a device is refused, and a file over ``MAX_CSV_BYTES``)."""
    name = os.fspath(path)
    raw = read_input(path, MAX_CSV_BYTES, "a CSV file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if raw[:2] == b"PK" or raw[:4] == b"\xd0\xcf\x11\xe0":  # a zip or an OLE file: a workbook
            raise InputError("is not a UTF-8 text CSV file (is it a workbook saved with a .csv name?)", name) from None
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError(f"line {line}: is not UTF-8 text (save it from Excel as 'CSV UTF-8')", name) from None


def _letter(index: int) -> str:
    """A CSV column's place as a spreadsheet shows it: 0 -> A."""
    letters, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def csv_header(reader, columns: tuple[str, ...], name: str, known: tuple[str, ...] | None = None) -> list[str]:
    """The header of a CSV whose ``columns`` are required (in any order), lower-cased; an empty
    file, a missing column or a read column given twice is refused naming the file and the
    header expected. With ``known`` (every column the file may have), any other column is
    refused too, with the nearest known name ("confirmd: did you mean confirmed?").

    >>> csv_header(csv.reader(io.StringIO("Value,measure\\n")), ("measure", "value"), "t.csv")
    ['value', 'measure']
    """
    expected = ",".join(columns)
    header = next(reader, None)
    if header is None or not any(h.strip() for h in header):
        raise InputError(f"is empty; expected the header {expected}", name)
    heads = [h.strip().lower() for h in header]
    missing = [c for c in columns if c not in heads]
    if missing:
        raise InputError(f"line 1: missing column(s) {', '.join(missing)}; expected the header {expected}", name)
    read = set(columns) | set(known or ())
    for i, head in enumerate(heads):
        first = heads.index(head)
        if first < i and (head in read or not head):
            what = f"a second {head!r} column (also column {_letter(first)})" if head else "a column with no name"
            raise InputError(f"line 1, column {_letter(i)}: {what}: which one holds the figures? Delete one", name)
        if known is not None and head and head not in read and head not in NOTE_COLUMNS:
            near = difflib.get_close_matches(head, sorted(read), n=1, cutoff=0.7)
            hint = f"did you mean {near[0]}?" if near else (
                f"the columns read are {', '.join(columns + tuple(k for k in known if k not in columns))}, "
                f"and a {NOTE_COLUMNS[0]} column is allowed (not read)")
            raise InputError(f"line 1, column {_letter(i)}: unknown column {head!r}: {hint}", name)
    return heads


def csv_records(text: str, name: str, free: tuple[str, ...] = NOTE_COLUMNS):
    """A CSV's records, header first, as ``(line, fields)``, read strictly: a bare carriage
    return, a quote that never closes, a quoted value running on over lines (a stray quote
    swallowing the lines after it), text after a closing quote, or a field over ``MAX_FIELD``
    characters is refused naming the line and the column. Only a column headed as one of
    ``free`` (notes, never read) may hold a value of several lines (Excel writes a cell's
    lines so), and none of them may look like a line of the file.
    """
    lines = _lines(text, name)
    reader = csv.reader(io.StringIO(lines), strict=True)
    start, multiline = 1, set()
    try:
        for fields in reader:
            if start == 1:
                multiline = {i for i, head in enumerate(fields) if head.strip().lower() in free}
            column = next((i for i, f in enumerate(fields) if "\n" in f), None)
            if column is not None and (column not in multiline or any(
                    line.count(",") >= 3 for f in fields for line in f.split("\n")[1:])):
                raise InputError(f"line {start}, column {_letter(column)}: a quoted value runs on to line "
                                 f"{reader.line_num}, so the lines between would be read as part of it: a stray "
                                 "quote (\")? Remove it, or close the quote where the value ends", name)
            long = next((i for i, f in enumerate(fields) if len(f) > MAX_FIELD), None)
            if long is not None:
                raise _oversized(start, long, len(fields[long]), name)
            yield start, fields
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _malformed(lines, start, reader.line_num, str(exc), name) from None


def _lines(text: str, name: str) -> str:
    """The text with CRLF line ends as LF; a file of CR line ends alone (old Mac programs) read
    as lines; a CR anywhere else refused, naming its line."""
    text = text.replace("\r\n", "\n")
    if "\r" not in text:
        return text
    if "\n" not in text.rstrip("\r"):
        return text.replace("\r", "\n")
    at = text.index("\r")
    line = text.count("\n", 0, at) + 1
    begins = text.rfind("\n", 0, at) + 1
    column = _letter(_field_index(text[begins:at]))
    raise InputError(f"line {line}, column {column}: holds a carriage return (CR) that does not end the line, so "
                     "the line would be split in two: remove it, or save the file again with ordinary line ends",
                     name)


def _field_index(line: str) -> int:
    """Which field of a CSV line its end falls in (commas inside quotes do not count)."""
    index, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            index += 1
    return index


def _malformed(text: str, start: int, at: int, problem: str, name: str) -> InputError:
    """csv's own complaint about the record from line ``start``, said where and how to mend it."""
    lines = text.split("\n")
    record = "\n".join(lines[start - 1:at])
    if "field larger than field limit" in problem:
        sizes = _field_sizes(record)
        column = max(range(len(sizes)), key=sizes.__getitem__) if sizes else 0
        return _oversized(start, column, sizes[column] if sizes else len(record), name)
    if "expected after" in problem:
        column = _field_index(lines[at - 1]) if at - 1 < len(lines) else 0
        return InputError(f"line {at}, column {_letter(column)}: text follows a closing quote (\"): put the whole "
                          "value in quotes, or remove the quote", name)
    # A quote opened and never closed: everything after it would be one value.
    first = lines[start - 1] if start - 1 < len(lines) else ""
    opened = first.find('"', first.rfind(",", 0, _quote_opening(first)) + 1 if _quote_opening(first) >= 0 else 0)
    column = _field_index(first[:opened]) if opened >= 0 else _field_index(first)
    return InputError(f"line {start}, column {_letter(column)}: a quote (\") opens a value that is never closed, so "
                      "every line after it would be read as part of it: remove the stray quote, or close it", name)


def _field_sizes(record: str) -> list[int]:
    """The length of each field of one record, however long (csv's own limit lifted for it)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(record) + 1))
    try:
        return [len(f) for f in next(csv.reader(io.StringIO(record)), [])]
    except csv.Error:
        return []
    finally:
        csv.field_size_limit(limit)


def _quote_opening(line: str) -> int:
    """Where the quote left open at the end of a line opened, or -1."""
    opened, quoted = -1, False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
            if quoted:
                opened = i
    return opened if quoted else -1


def _oversized(line: int, column: int, size: int, name: str) -> InputError:
    return InputError(f"line {line}, column {_letter(column)}: a value of {size:,} characters, over the "
                      f"{MAX_FIELD:,} a CSV value may have here: is this the right file?", name)


def parse_csv(text: str, name: str) -> Dataset:
    """The observations of a tidy CSV's text; ``name`` names the file in every message.

    The file's shape is read strictly (``csv_header``, ``csv_records``): a structural fault
    stops the reading at once, in one line saying where. Then every line that cannot be read
    is reported, each with its line and column, in one InputError (up to ``MAX_LISTED`` of
    them, then how many more).
    """
    records = csv_records(text, name)
    first = next(records, None)
    columns = csv_header(iter([first[1]] if first else []), CSV_COLUMNS, name,
                         known=CSV_COLUMNS + (CONFIRMED_COLUMN,))
    wanted = CSV_COLUMNS + ((CONFIRMED_COLUMN,) if CONFIRMED_COLUMN in columns else ())
    position = {c: columns.index(c) for c in wanted}
    observations, confirmed, problems = [], set(), []
    for line_no, row in records:
        if not any(cell.strip() for cell in row):
            continue
        try:
            obs, is_confirmed = _row(row, line_no, columns, position, name)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if obs is not None:
            observations.append(obs)
            if is_confirmed and obs.value is not None:
                confirmed.add((obs.measure, obs.year, obs.period, float(obs.value)))
    if len(problems) == 1:
        raise InputError(problems[0], name)
    if problems:
        listed = "\n".join(f"  {p}" for p in problems[:MAX_LISTED])
        more = f"\n  ... and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
        raise InputError(f"{len(problems)} lines cannot be read; fix them and run again:\n{listed}{more}", name)
    return Dataset(observations, name, confirmed=frozenset(confirmed))


def _row(row: list, line_no: int, columns: list, position: dict, name: str) -> tuple[Observation | None, bool]:
    """One CSV line's observation (None for a blank value) and whether it is confirmed;
    ValueError naming the line and column when it cannot be read."""
    width = len(columns)
    # A row may stop short of optional columns after the ones it needs (a confirmed column
    # left blank), never short of a needed one; fields past the header's are refused unless
    # blank (a trailing comma), since a value there would be read as nothing.
    if len(row) <= max(position[c] for c in CSV_COLUMNS):
        raise ValueError(f"line {line_no}: has {len(row)} columns, the header has {width}")
    if any(cell.strip() for cell in row[width:]):
        raise ValueError(_too_many_fields(row, line_no, columns))
    cells = {c: row[i].strip() if i < len(row) else "" for c, i in position.items()}
    if not cells["measure"]:
        raise ValueError(f"line {line_no}, column measure: is blank")
    try:
        year = FinancialYear.parse(cells["year"])
    except ValueError as exc:
        raise ValueError(f"line {line_no}, column year: {exc}") from None
    period = _normalise_period(cells["period"])
    if period is None:
        raise ValueError(f"line {line_no}, column period: {cells['period']!r} is not Apr..Mar, Q1..Q4 or Year")
    try:
        confirmed = confirmation(cells.get(CONFIRMED_COLUMN, ""))
    except ValueError as exc:
        raise ValueError(f"line {line_no}, column {CONFIRMED_COLUMN}: {exc}") from None
    if cells["value"] == "":
        return None, False
    where = f"{name} line {line_no}, column value"
    return Observation(cells["measure"], year, period, number_from_text(cells["value"]), where, cells["value"]), \
        confirmed


_GROUP = re.compile(r"^\d{3}(?:\.\d*)?$")


def _too_many_fields(row: list, line_no: int, columns: list) -> str:
    """Why a line has more fields than the header: most often a figure with a thousands comma
    and no quotes (4,799 read as 4 and 799)."""
    extra = len(row) - len(columns)
    for i, head in enumerate(columns):
        groups = row[i + 1:i + 1 + extra]
        if re.fullmatch(r"\s*-?\d{1,3}", row[i]) and len(groups) == extra and all(_GROUP.match(g.strip())
                                                                                  for g in groups):
            typed = ",".join([row[i].strip()] + [g.strip() for g in groups])
            return (f"line {line_no}, column {head}: {typed} has a thousands comma outside quotes, so it reads as "
                    f"{extra + 1} values: write {typed.replace(',', '')}, or put it in quotes (\"{typed}\")")
    return (f"line {line_no}: has {len(row)} fields, the header has {len(columns)}; a value holding a comma must be "
            "in quotes, and every column needs a heading")


def confirmation(text) -> bool:
    """Whether a confirmed cell or column says yes; ValueError when it says neither yes nor no.

    >>> confirmation("Yes"), confirmation("")
    (True, False)
    """
    flag = str(text or "").strip().lower()
    if flag not in _YES + _NO:
        raise ValueError(f"{str(text).strip()!r} is not yes or no (or blank)")
    return flag in _YES


def _normalise_period(text: str) -> str | None:
    for period in VALID_PERIODS:
        if text.lower() == period.lower():
            return period
    return None


def _format_value(value: float) -> str:
    return format_number(value, None, grouped=False)


def to_csv_text(observations: Iterable[Observation], confirmed: frozenset = frozenset()) -> str:
    """The tidy CSV of these observations (numbers only), in the order given; with a
    ``confirmed`` column when any figure is among ``confirmed`` (``Dataset.confirmed``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS + ((CONFIRMED_COLUMN,) if confirmed else ()))
    for obs in observations:
        if obs.value is not None:
            row = [obs.measure, obs.year.label, obs.period, _format_value(obs.value)]
            if confirmed:
                row.append("yes" if (obs.measure, obs.year, obs.period, float(obs.value)) in confirmed else "")
            writer.writerow(row)
    return out.getvalue()
