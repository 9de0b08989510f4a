"""A CSV file read strictly, so that nothing in it is misread without a word.

Python's csv module reads what it is given: one stray quote makes the rest of the file one
value, a bare carriage return splits a line, an unquoted ``4,799`` is two fields, a second
``value`` column or a misspelt ``confirmd`` one is simply there. Here each is refused in one
line naming the file, the line and the column (and, for a column, the nearest known name);
a file that is a pipe, over ``MAX_CSV_BYTES`` or not UTF-8 is refused before it is parsed.
The tidy CSV (``dataset.parse_csv``), the targets of a new year and the police areas file
are all read through here.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from pathlib import Path

from .errors import InputError
from .reading import read_input

NOTE_COLUMNS = ("notes", "note", "comment", "comments")  # free text beside the figures, never read
MAX_CSV_BYTES = 5 * 2**20  # ten years of a hundred monthly measures is under 0.5 MB: 130,000 lines
MAX_FIELD = 10_000  # characters in one value (a note); a figure's line is a few dozen


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
        if first < i and head in read:  # columns with no name are empty (csv_records holds them so)
            raise InputError(f"line 1, column {_letter(i)}: a second {head!r} column (also column {_letter(first)}): "
                             "which one holds the figures? Delete one", name)
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
    start, multiline, unnamed = 1, set(), []
    try:
        for fields in reader:
            if start == 1:
                multiline = {i for i, head in enumerate(fields) if head.strip().lower() in free}
                unnamed = [i for i, head in enumerate(fields) if not head.strip()]
            else:
                _unnamed_value(fields, unnamed, start, name)
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


def _unnamed_value(fields: list[str], unnamed: list[int], line: int, name: str) -> None:
    """Refuses a value under a column the header gives no name. Excel writes such columns empty
    when a sheet's used range runs past its last heading (every line ends ``,,``), and they
    are fine; a value there would be read by no one, and is most often a figure split by an
    unquoted comma (``1,037``), whose first part alone would be read."""
    stray = next((i for i in unnamed if i < len(fields) and fields[i].strip()), None)
    if stray is not None:
        raise InputError(f"line {line}, column {_letter(stray)}: {fields[stray].strip()!r} is in a column with no "
                         "name in the header, so it would not be read: a number written with a comma needs quotes "
                         '("1,037") or no comma; any other value needs a heading for its column, or deleting', name)


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


class StrictReader:
    """``csv.reader``'s shape (rows, and ``line_num``: the line the last row is on) over
    ``csv_records``: for the readers written for ``csv.reader``, strictly."""

    def __init__(self, text: str, name: str):
        self._records = csv_records(text, name)
        self.line_num = 0

    def __iter__(self):
        return self

    def __next__(self) -> list[str]:
        self.line_num, fields = next(self._records)
        return fields
