"""A1 references, as Excel writes them: ``B5``, ``$F$17:$Q$17``, ``'Family group'``.

Here rather than xlsxwriter's own helpers, so that reading a workbook does not import the writer.
"""

from __future__ import annotations


def quote(sheet: str) -> str:
    """A sheet name as a formula reference needs it: ``'Family group'``."""
    return "'" + sheet.replace("'", "''") + "'"


def cell(row: int, col: int, absolute: bool = False) -> str:
    dollar = "$" if absolute else ""
    return f"{dollar}{column_letters(col)}{dollar}{row + 1}"


def column_letters(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def span(row: int, first_col: int, last_col: int, absolute: bool = False) -> str:
    return f"{cell(row, first_col, absolute)}:{cell(row, last_col, absolute)}"
