"""What a workbook file holds, measured before anything reads it, in bounded memory.

A reader given a workbook with one value in cell XFD1048576 builds a grid of 17 billion
cells and the process dies; a zip of 1.6 MB can inflate to gigabytes. So before
python-calamine opens a workbook, its zip directory is checked (the number of parts, their
declared sizes) and every worksheet is streamed once, a megabyte at a time, counting the
bytes it really inflates to and finding the last cell that holds anything: what a reader
of values from A1 builds is that many rows by that many columns. Beyond the limits below
(far above any partnership's workbook: the bundled one has 41 parts, 316 KB inflated and
about 5,000 cells read) the workbook is refused in one line saying what is too large and
where. The declared ``<dimension>`` of a sheet is not trusted either way: it may be missing,
and a cell may lie outside it; the cells themselves are what is read.

The same pass notes each cell holding one of Excel's error values (``#N/A``, ``#DIV/0!``...),
which python-calamine reads as blank: the reader is given them as ``ExcelError`` text, so
that an error in a figure cell is an error naming the cell, never a month left out.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from ..core.errors import InputError
from .a1 import cell as a1_cell

MAX_FILE_BYTES = 200 * 2**20     # a workbook file on disk
MAX_PARTS = 10_000               # parts (files) in its zip
MAX_INFLATED = 256 * 2**20       # all its parts inflated (declared, and as really inflated when read)
MAX_CELLS = 4_000_000            # cells read, over all sheets: each sheet's rows x columns from A1 to its last value
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384  # Excel's own grid
_CHUNK = 2**20

_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_P = rb"(?:[A-Za-z_][\w.\-]*:)?"  # any namespace prefix (some writers write x:c)
# A cell that holds something (not self-closing), with its reference; a cell without one;
# an error cell with its value; the end of a row (where a stretch of the sheet can be cut).
_FILLED = re.compile(rb"<" + _P + rb"c\b[^>]*?\sr=[\"']\$?([A-Za-z]{1,3})\$?([0-9]{1,8})[\"'][^>]*(?<!/)>")
_ANY_FILLED = re.compile(rb"<" + _P + rb"c\b[^>]*(?<!/)>")
_ERROR = re.compile(rb"<" + _P + rb"c\b([^>]*\st=[\"']e[\"'][^>]*)(?<!/)>(.*?)</" + _P + rb"c>", re.S)
_VALUE = re.compile(rb"<" + _P + rb"v>([^<]*)<")
_REF = re.compile(rb"\sr=[\"']\$?([A-Za-z]{1,3})\$?([0-9]{1,8})[\"']")
_ROW_END = re.compile(rb"</" + _P + rb"row>")
# The quick pass, for a stretch of cells all written as Excel writes them (<c r="B14" ...>): the
# largest row and column among the cells holding something.
_QUICK_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,8})"[^>/]*>')  # not "/>": a format alone is not read
_BY_ROW, _BY_COLUMN = (lambda ref: (len(ref[1]), ref[1])), (lambda ref: (len(ref[0]), ref[0]))


class ExcelError(str):
    """One of Excel's error values as a cell shows it (``#N/A``, ``#DIV/0!``, ``#REF!``...): text
    a reader can tell from anything typed."""


@dataclass
class Contents:
    """What the workbook's sheets hold that the value reader does not say: each sheet's
    error cells, ``{sheet name: {(row, col): "#N/A"}}`` (0-based)."""

    errors: dict = field(default_factory=dict)
    cells: int = 0  # what a reader of values from A1 builds, over all sheets


def measure_workbook(path: Path) -> Contents:
    """Checks a workbook against the limits and finds its error cells.

    Raises:
        InputError: beyond a limit (naming it and where), or not a readable zip.
    """
    name = str(path)
    try:
        size = path.stat().st_size
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError) as exc:
        raise damaged(name, exc) from None
    if size > MAX_FILE_BYTES:
        archive.close()
        raise _too_large(name, f"it is {_mb(size)} on disk", f"{_mb(MAX_FILE_BYTES)} a workbook")
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _too_large(name, f"it holds {len(parts):,} parts", f"{MAX_PARTS:,} parts")
        declared = sum(p.file_size for p in parts)
        if declared > MAX_INFLATED:
            raise _too_large(name, f"its parts inflate to {_mb(declared)}", f"{_mb(MAX_INFLATED)} inflated")
        contents, budget = Contents(), _Budget(name)
        for sheet_name, part in _worksheets(archive, name, budget):
            errors, cells = _scan(archive, part, sheet_name, name, budget, MAX_CELLS - contents.cells)
            contents.cells += cells
            if errors:
                contents.errors[sheet_name] = errors
    return contents


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size / 1024:,.0f} KB"


def _too_large(name: str, what: str, limit: str) -> InputError:
    return InputError(f"is too large to read safely: {what}, over the {limit} spp_xl reads (a partnership's "
                      "workbook is far smaller: is this the right file?)", name)


class _Budget:
    """The bytes really inflated so far, against MAX_INFLATED."""

    def __init__(self, name: str):
        self.name, self.used = name, 0

    def take(self, count: int) -> None:
        self.used += count
        if self.used > MAX_INFLATED:
            raise _too_large(self.name, f"its parts inflate to over {_mb(MAX_INFLATED)}",
                             f"{_mb(MAX_INFLATED)} inflated")


def _read_small(archive: zipfile.ZipFile, part: str, budget: _Budget) -> bytes | None:
    try:
        info = archive.getinfo(part)
    except KeyError:
        return None
    with archive.open(info) as handle:
        data = handle.read(MAX_INFLATED + 1)
    budget.take(len(data))
    return data


def _worksheets(archive: zipfile.ZipFile, name: str, budget: _Budget) -> list[tuple[str, str]]:
    """(sheet name, part) of each worksheet, in tab order, from xl/workbook.xml and its
    relationships; what cannot be followed is left to the reader, which says so."""
    try:
        book = _read_small(archive, "xl/workbook.xml", budget)
        rels = _read_small(archive, "xl/_rels/workbook.xml.rels", budget)
        if book is None or rels is None:
            return [(p, p) for p in archive.namelist() if p.startswith("xl/worksheets/") and p.endswith(".xml")]
        targets = {r.get("Id"): r.get("Target", "") for r in ElementTree.fromstring(rels)}
        out = []
        for sheet in ElementTree.fromstring(book).iter():
            if not sheet.tag.endswith("}sheet") and sheet.tag != "sheet":
                continue
            target = targets.get(sheet.get(f"{{{_NS_REL}}}id"), "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            if part in archive.NameToInfo:
                out.append((sheet.get("name", part), part))
        return out
    except (ElementTree.ParseError, zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError,
            ValueError) as exc:
        raise damaged(name, exc, "xl/workbook.xml") from None


def _column(letters: bytes) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col - 1


def _cut(buffer: bytes) -> int:
    """Where the buffer can be cut so that no cell is in two pieces: after its last row's end
    (or, in a row longer than the buffer, before its last tag)."""
    window = 4096
    while True:
        ends = list(_ROW_END.finditer(buffer, max(0, len(buffer) - window)))
        if ends:
            return ends[-1].end()
        if window >= len(buffer):
            return max(buffer.rfind(b"<"), 0)
        window *= 4


def _extent(done: bytes, rows: int, cols: int, room: int, sheet: str, name: str) -> tuple[int, int]:
    """The rows and columns from A1 to the last cell holding anything, with those of ``done``
    (a stretch of a sheet's XML); refused past ``room`` cells. A quick pass bounds it from
    every cell reference; only a stretch that pass cannot vouch for is read exactly."""
    quick = _QUICK_REF.findall(done)
    if quick and done.count(b'<c r="') == done.count(b"<c ") + done.count(b"<c>") \
            and not any(odd in done for odd in (b"<c\t", b"<c\n", b"<c\r")):
        far_row, far_col = int(max(quick, key=_BY_ROW)[1]), _column(max(quick, key=_BY_COLUMN)[0]) + 1
        if max(rows, far_row) * max(cols, far_col) <= room and far_row <= EXCEL_ROWS and far_col <= EXCEL_COLUMNS:
            return max(rows, far_row), max(cols, far_col)
    elif not quick and b"<c" not in done and b":c" not in done:
        return rows, cols
    found = _FILLED.findall(done)
    if len(found) != len(_ANY_FILLED.findall(done)):
        raise InputError(f"sheet '{sheet}' has cells without a reference, which spp_xl does not read: "
                         "open it in Excel and save it again", name)
    if not found:
        return rows, cols
    letters, numbers = zip(*found)
    far_row = max(numbers, key=lambda n: (len(n.lstrip(b"0")), n.lstrip(b"0")))
    far_col = max(letters, key=lambda c: (len(c), c.upper()))
    rows, cols = max(rows, int(far_row)), max(cols, _column(far_col) + 1)
    if not (rows <= EXCEL_ROWS and cols <= EXCEL_COLUMNS):
        raise InputError(f"cannot be read as an Excel workbook: sheet '{sheet}' has a cell beyond Excel's grid: it "
                         "is damaged", name)
    if rows * cols > room:
        lowest = letters[numbers.index(far_row)]  # the cell furthest down, and the one furthest right
        far = [a1_cell(int(far_row) - 1, _column(lowest)), a1_cell(int(numbers[letters.index(far_col)]) - 1,
                                                               _column(far_col))]
        where = f"cell {far[0]}" if lowest.upper() == far_col.upper() else f"cells {far[0]} and {far[1]}"
        raise InputError(
            f"sheet '{sheet}': what is in {where} makes the sheet {rows:,} rows by {cols:,} columns ({rows * cols:,} "
            f"cells) to read, over the {MAX_CELLS:,} cells spp_xl reads from a workbook: delete what is far out "
            "(Ctrl+End in Excel goes to it), save, and run again", name)
    return rows, cols


def _scan(archive, part: str, sheet: str, name: str, budget: _Budget, room: int) -> tuple[dict, int]:
    """One worksheet streamed: its error cells, and the cells a reader from A1 builds for it;
    refused past ``room`` cells."""
    errors: dict = {}
    rows = cols = 0  # the extent so far: rows and columns from A1
    tail = b""
    try:
        with archive.open(part) as handle:
            while True:
                chunk = handle.read(_CHUNK)
                budget.take(len(chunk))
                buffer = tail + chunk
                cut = _cut(buffer) if chunk else len(buffer)
                done, tail = buffer[:cut], buffer[cut:]
                rows, cols = _extent(done, rows, cols, room, sheet, name)
                for match in _ERROR.finditer(done) if b't="e"' in done or b"t='e'" in done else ():
                    ref, value = _REF.search(match.group(1)), _VALUE.search(match.group(2))
                    if ref is not None:
                        text = value.group(1).decode("utf-8", "replace").strip() if value else ""
                        errors[(int(ref.group(2)) - 1, _column(ref.group(1)))] = ExcelError(text or "#N/A")
                if not chunk:
                    break
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, ValueError) as exc:
        raise damaged(name, exc, part) from None
    return errors, rows * cols


def damaged(name: str, exc: BaseException, part: str = "") -> InputError:
    """A workbook whose zip cannot be read, saying what is wrong in words."""
    if isinstance(exc, zlib.error):
        reason = f"corrupt compressed data in {part}" if part else "corrupt compressed data"
    elif "CRC" in str(exc):
        reason = f"{part} fails its checksum" if part else "a part fails its checksum"
    else:
        reason = str(exc) or type(exc).__name__
    return InputError(f"cannot be read as an Excel workbook: it is damaged or incomplete (copied or saved "
                      f"part-way?); open a saved copy ({reason})", name)
