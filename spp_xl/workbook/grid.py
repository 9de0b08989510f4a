"""Finding things in the workbook's grids of values: one way for the reader and the macros.

A grid is a sheet's values from A1, as calamine reads them from a file or xlwings from
live Excel. Every sheet spp_xl makes carries a marker (``spp:settings``,
``spp:measure=asb``...) in its hidden key column, and a key on each row that matters;
columns are found by their headings. So a renamed sheet, rows inserted above or inside
a table, or a column inserted before the key column are all found again, by the reader
that takes the inputs and by the macros that write results back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.errors import InputError
from . import layout as L

MARKER_SEARCH = 5  # a marker is looked for in A1:E5: a few rows or columns inserted above or before it


def cell_text(value) -> str:
    """A cell's value as the analyst sees it: whole numbers without ".0", blanks as "".

    >>> cell_text(12.0), cell_text(None), cell_text(" x "), cell_text(1e308)
    ('12', '', 'x', '1e+308')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # beyond Excel's 15 digits, as Excel shows it (1E+308), not 309 digits
        return str(int(value)) if abs(value) < 1e15 else f"{value:.15g}"
    return str(value).strip()


@dataclass
class Sheet:
    """One sheet's values from A1, with its key column found."""

    name: str
    grid: list
    key_col: int = 0
    marker: str = ""
    _keyed: dict | None = field(default=None, repr=False, compare=False)

    def value(self, r: int, c: int):
        if 0 <= r < len(self.grid) and 0 <= c < len(self.grid[r]):
            return self.grid[r][c]
        return ""

    def text(self, r: int, c: int) -> str:
        return cell_text(self.value(r, c))

    def key(self, r: int) -> str:
        return self.text(r, self.key_col)

    def rows_keyed(self, key: str) -> list[int]:
        if self._keyed is None:  # the grid is read once and never changed: its keys indexed once
            self._keyed = {}
            for r in range(len(self.grid)):
                self._keyed.setdefault(self.key(r), []).append(r)
        return list(self._keyed.get(key, ()))

    def rows_starting(self, prefix: str) -> dict[int, str]:
        """Row -> what follows ``prefix`` in its key (e.g. ``measure=asb`` -> ``asb``)."""
        return {r: self.key(r)[len(prefix):] for r in range(len(self.grid)) if self.key(r).startswith(prefix)}

    def col(self, offset: int) -> int:
        """The column ``offset`` places right of the key column (where the builder put it)."""
        return self.key_col + offset


@dataclass
class Book:
    """A workbook's sheets as grids, found by their markers; ``name`` names it in messages."""

    name: str
    sheets: list

    def __post_init__(self):
        self.by_marker, self.measure_sheets = {}, {}
        for sheet in self.sheets:
            found = _marker(sheet.grid)
            if found is None:
                continue
            sheet.key_col, sheet.marker = found
            if sheet.marker.startswith(L.MEASURE_MARKER):
                measure_id = sheet.marker[len(L.MEASURE_MARKER):]
                if measure_id in self.measure_sheets:
                    raise InputError(f"sheets '{self.measure_sheets[measure_id].name}' and '{sheet.name}' are "
                                     f"both measure {measure_id!r} (a copied sheet?); delete one", self.name)
                self.measure_sheets[measure_id] = sheet
            else:
                self.by_marker.setdefault(sheet.marker, sheet)

    @classmethod
    def of(cls, name: str, grids) -> "Book":
        """From ``(sheet name, rows of values)`` pairs in tab order."""
        return cls(name, [Sheet(sheet_name, [list(row) for row in grid]) for sheet_name, grid in grids])

    def find(self, kind: str) -> Sheet | None:
        """The sheet of ``kind`` (``layout.DASHBOARD``, ``layout.SETTINGS``...), or None."""
        return self.by_marker.get(L.MARKERS[kind])

    def sheet(self, kind: str) -> Sheet:
        """The sheet of ``kind``; its absence is refused in one line."""
        sheet = self.find(kind)
        if sheet is None:
            raise InputError(f"has no {kind} sheet (spp_xl marks it with {L.MARKERS[kind]!r} in its hidden "
                             "column A); is this the partnership's workbook?", self.name)
        return sheet

    def where(self, sheet: Sheet, r: int, c: int) -> str:
        return f"{self.name}: sheet '{sheet.name}', cell {L.cell(r, c)}"

    def row_keyed(self, sheet: Sheet, key: str) -> int:
        """The first row keyed ``key``; its absence is refused naming the key column."""
        found = sheet.rows_keyed(key)
        if not found:
            raise InputError(f"sheet '{sheet.name}': the row marked {key!r} in the hidden column "
                             f"{L.column_letters(sheet.key_col)} is missing; was it deleted?", self.name)
        return found[0]

    def column_headed(self, sheet: Sheet, row: int, heading: str) -> int:
        """The column whose heading in ``row`` is ``heading``; its absence is refused."""
        for c in range(len(sheet.grid[row]) if row < len(sheet.grid) else 0):
            if sheet.text(row, c) == heading:
                return c
        raise InputError(f"no column headed {heading!r}", self.where(sheet, row, sheet.col(1)))


def _marker(grid) -> tuple[int, str] | None:
    for r in range(min(len(grid), MARKER_SEARCH)):
        for c in range(min(len(grid[r]), MARKER_SEARCH)):
            text = cell_text(grid[r][c])
            if text.startswith(L.MARKER_PREFIX):
                return c, text
    return None
