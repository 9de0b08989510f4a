"""python-calamine: a workbook's cell values, fast, and never a write (it cannot save).

It sees cached values only: a formula nothing has calculated reads as empty. Its own
errors name no cell and do not say what a file is, so a file that is not an .xlsx or
.xlsm is recognised here first and refused in one line saying what it is.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import InputError
from ..core.reading import open_input
from .bounds import MAX_FILE_BYTES, measure_workbook

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # an OLE compound file: an .xls, or an encrypted workbook
# An encrypted .xlsx/.xlsm is an OLE container holding these streams (MS-OFFCRYPTO).
_ENCRYPTED_STREAMS = tuple(n.encode("utf-16-le") for n in ("EncryptedPackage", "EncryptionInfo"))
_XLS_STREAMS = tuple((n + "\0").encode("utf-16-le") for n in ("Workbook", "Book"))


def read_grids(path: Path) -> list[tuple[str, list]]:
    """Every sheet's values from A1, as ``(sheet name, rows)`` in tab order; a cell showing one
    of Excel's error values holds it as ``bounds.ExcelError`` text (calamine reads it as blank).

    Raises:
        InputError: the file is missing, not a workbook, password-protected, damaged, or
            beyond the limits of ``bounds`` (checked before calamine allocates anything).
    """
    from python_calamine import CalamineWorkbook

    name = str(path)
    refuse_what_is_not_a_workbook(path)
    contents = measure_workbook(path)
    try:
        book = CalamineWorkbook.from_path(name)
        grids = [(sheet_name, book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False))
                 for sheet_name in book.sheet_names]
    except BaseException as exc:  # calamine's errors name no cell: say what the file is not
        if not _is_calamine_fault(exc):
            raise
        raise InputError(f"cannot be read as an Excel workbook: it is damaged or incomplete (copied or "
                         f"saved part-way?); open a saved copy ({_first_line(exc)})", name) from None
    for sheet_name, grid in grids:
        for (r, c), error in contents.errors.get(sheet_name, {}).items():
            if r < len(grid) and c < len(grid[r]) and grid[r][c] in ("", None):
                grid[r][c] = error
    return grids


def _is_calamine_fault(exc: BaseException) -> bool:
    """An error of calamine's own, or a panic in its Rust code (pyo3 raises PanicException, a
    BaseException, so that a plain ``except Exception`` lets it through as a traceback)."""
    if isinstance(exc, Exception):
        return True
    return type(exc).__name__ == "PanicException"


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def refuse_what_is_not_a_workbook(path: Path) -> None:
    """Says what a file is when it is not an .xlsx/.xlsm."""
    name = str(path)
    if path.name.startswith("~$"):
        raise InputError(f"is Excel's lock file (it shows {path.name[2:]} is open in Excel); give the workbook "
                         f"{path.name[2:]} itself: it can be read while open", name)
    if path.is_dir():
        raise InputError("is a folder, not a workbook", name)
    with open_input(path, MAX_FILE_BYTES, "a workbook") as handle:  # a pipe or a device is refused, not waited on
        try:
            head = handle.read(8)
            data = head + handle.read() if head == OLE_MAGIC else head
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror})", name) from None
    if head == OLE_MAGIC:
        # An .xls keeps its sheets in a stream named Workbook (Book before Excel 97); any other
        # OLE file under a workbook's name is, in practice, a workbook saved with a password.
        if not any(s in data for s in _ENCRYPTED_STREAMS) and any(s in data for s in _XLS_STREAMS):
            raise InputError("is an old-style .xls workbook under a new name; open it in Excel and save it as "
                             ".xlsm", name)
        raise InputError("is password-protected: remove the password in Excel (File > Info > Protect "
                         "Workbook) and save", name)
    if not head:
        raise InputError("cannot be read as an Excel workbook: it is empty (0 bytes)", name)
    if not head.startswith(b"PK"):  # every .xlsx/.xlsm is a zip
        if b"\0" not in head:
            raise InputError("cannot be read as an Excel workbook: it is a text file (a CSV?) under a "
                             "workbook's name; give a CSV a .csv name, or save the file from Excel as .xlsm", name)
        raise InputError("cannot be read as an Excel workbook: it is some other kind of file", name)
