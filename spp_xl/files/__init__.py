"""Files in and out: one private adapter per library, behind this front door.

- ``read_grids(path)``: a workbook's values, sheet by sheet (python-calamine), each cell
  showing an Excel error value as ``ExcelError`` text; the workbook measured first (``bounds``).
- ``write_book(book, path)``: a neutral ``sheet.Book`` written as .xlsx/.xlsm (xlsxwriter).
- ``write_code_names(path, ...)``: empty sheets with VBA code names, for a VBA project (xlsxwriter).
- ``cells_without_formula(path, cells)``: which of these cells no longer hold a formula
  (openpyxl, where calamine sees only values).
- ``atomic``: every output written to a temporary file and moved into place.
- ``libreoffice``: converting and recalculating with LibreOffice headless.
- ``tag_pdf(source, target, document)``: LibreOffice's PDF tagged for a screen reader from a
  ``tags.Document`` (pikepdf, the ``pdf`` extra).

Each adapter imports its library inside itself, so a command pays only for what it uses.
"""

from __future__ import annotations

from pathlib import Path

from .bounds import ExcelError  # noqa: F401  (a cell showing #N/A, #DIV/0!...: see read_grids)
from .tags import TaggingError  # noqa: F401  (LibreOffice's PDF not what the report printed: see tag_pdf)


def read_grids(path: str | Path) -> list[tuple[str, list]]:
    """Every sheet's values from A1, as ``(sheet name, rows)``; see ``_calamine``."""
    from ._calamine import read_grids as read

    return read(Path(path))


def write_book(book, path: str | Path) -> None:
    """Writes a ``sheet.Book``; see ``_xlsxwriter``."""
    from ._xlsxwriter import write_book as write

    write(book, path)


def write_code_names(path: str | Path, workbook_code_name: str, code_names) -> None:
    """An .xlsm of empty sheets carrying these VBA code names; see ``_xlsxwriter``."""
    from ._xlsxwriter import write_code_names as write

    write(path, workbook_code_name, code_names)


def cells_without_formula(path: str | Path, cells) -> list[tuple[str, int, int]]:
    """The cells of ``cells`` ((sheet, row, col), 0-based) that hold no formula; see ``_openpyxl``."""
    from ._openpyxl import cells_without_formula as find

    return find(path, cells)


PDF_EXTRA = "pip install \"spp_xl[pdf]\""


def can_tag_pdf() -> bool:
    """Whether pikepdf, which tags the PDF for a screen reader, is installed (the ``pdf`` extra)."""
    import importlib.util

    return importlib.util.find_spec("pikepdf") is not None


def tag_pdf(source: str | Path, target: str | Path, document) -> None:
    """Writes ``source`` to ``target`` tagged from ``document`` (a ``tags.Document``); see ``_pikepdf``."""
    from ._pikepdf import tag

    tag(source, target, document)


def read_tagged_pdf(path: str | Path) -> list[tuple[str, str, int]]:
    """A tagged PDF as a screen reader reads it: (structure type, text or /Alt, depth) in order."""
    from ._pikepdf_content import reading

    return reading(path)
