"""openpyxl: what calamine cannot see, whether a cell still holds its formula.

calamine reads a cell's value only, so a figure typed over a derived cell (a cumulative,
a key figure) reads exactly like the formula's cached result. openpyxl reads the
formulas themselves. It only reads: saving with openpyxl drops what it does not model
(the buttons, the cached results), so nothing here saves a workbook.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import InputError

Cell = tuple[str, int, int]  # sheet name, row, column (0-based, as in read_grids' grids)


def cells_without_formula(path: str | Path, cells: Iterable[Cell]) -> list[Cell]:
    """Which of ``cells`` hold no formula in the saved file: a value typed over it, or
    cleared. A cell inside an array formula's range (a spilled ``SPP_PROFILE`` row, whose
    formula sits in its first cell only) counts as holding it.

    Args:
        path: the ``.xlsm``/``.xlsx`` workbook.
        cells: ``(sheet name, row, column)``, 0-based, the cells that should hold formulas.

    Returns:
        The cells that hold none, in the order given.

    Raises:
        InputError: the file cannot be read as a workbook, or has no sheet of a given name.
    """
    from openpyxl import load_workbook

    asked = list(cells)
    if not asked:
        return []
    wanted: dict[str, list[Cell]] = {}
    for cell in asked:
        wanted.setdefault(cell[0], []).append(cell)
    name = str(path)
    with warnings.catch_warnings():  # what openpyxl finds odd, it says as a warning: the reader says it in words
        warnings.simplefilter("ignore")
        try:
            book = load_workbook(name, read_only=True, keep_links=False)
        except Exception as exc:  # openpyxl's errors do not say which file: one line that does
            raise InputError(f"cannot be read as an Excel workbook ({exc})", name) from None
        try:
            return _without(book, asked, wanted, name)
        except InputError:
            raise
        except Exception as exc:  # a sheet's XML openpyxl cannot parse
            raise InputError(f"cannot be read as an Excel workbook ({exc})", name) from None
        finally:
            book.close()


def _without(book, asked: list[Cell], wanted: dict, name: str) -> list[Cell]:
    from openpyxl.worksheet.formula import ArrayFormula

    held: set[Cell] = set()
    for sheet_name, on_sheet in wanted.items():
        if sheet_name not in book.sheetnames:
            raise InputError(f"has no sheet named {sheet_name!r}", name)
        # An array formula sits in the top-left cell of its range: reading from A1 to
        # the last cell asked for finds every range that could cover one of them.
        rows = book[sheet_name].iter_rows(min_row=1, max_row=max(r for _, r, _ in on_sheet) + 1,
                                          min_col=1, max_col=max(c for _, _, c in on_sheet) + 1)
        for row in rows:
            for cell in row:
                if cell.data_type != "f":
                    continue
                r, c = cell.row - 1, cell.column - 1
                held.add((sheet_name, r, c))
                if isinstance(cell.value, ArrayFormula):
                    held.update(_covered(sheet_name, cell.value.ref))
    return [cell for cell in asked if cell not in held]


def _covered(sheet_name: str, ref: str) -> set[Cell]:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return {(sheet_name, r - 1, c - 1) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)}
