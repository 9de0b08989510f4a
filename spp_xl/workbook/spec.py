"""A neutral description of the workbook: sheets of cells with a kind and a style.

The sheet builders (``measure_sheet``, ``sheets``) say *what* goes where; ``build``
says *how* with xlsxwriter. Tests read the same specs to know which cells are inputs,
native formulas or custom-function formulas, and what value each formula must show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import layout as L

# What a cell is. Only "input" cells are unlocked; every formula is written with its
# value already computed by the engine ("cached"), so the workbook shows the right
# figures before any recalculation.
KINDS = (
    "label",    # fixed text written by the builder
    "input",    # typed by staff: figures, targets, commentary (unlocked, yellow)
    "value",    # derived, written as a value (the drafted commentary, the checks)
    "native",   # a formula of built-in functions only, on inputs and other native cells
    "custom",   # a formula calling the add-in's SPP_ functions
    "linked",   # a built-in formula that reads a custom-function cell
)
FORMULA_KINDS = ("native", "custom", "linked")


@dataclass(frozen=True)
class Cell:
    """One cell to write. ``spill_to`` (a column) makes a row-wide dynamic-array formula."""

    row: int
    col: int
    value: Any = None
    formula: str | None = None
    kind: str = "label"
    style: str = "label"
    num: str | None = None
    spill_to: int | None = None

    @property
    def ref(self) -> str:
        return L.cell(self.row, self.col)


@dataclass
class SheetSpec:
    """Everything one worksheet holds; built by a sheet builder, written by ``build``."""

    name: str
    cells: list = field(default_factory=list)
    merges: list = field(default_factory=list)        # (row, first_col, last_col)
    widths: dict = field(default_factory=dict)        # col -> width
    hidden_cols: tuple = (L.KEY_COL,)
    heights: dict = field(default_factory=dict)       # row -> height
    folded_rows: tuple = ()                           # rows grouped and collapsed (press + to see them)
    cond_formats: list = field(default_factory=list)  # (range, xlsxwriter options with a "format" dict)
    validations: list = field(default_factory=list)   # (range, xlsxwriter options)
    protect: bool = True
    table: tuple | None = None                        # (range, xlsxwriter table options)
    charts: list = field(default_factory=list)        # (anchor cell, chart options dict)
    buttons: list = field(default_factory=list)       # (row, col, xlsxwriter button options)
    textboxes: list = field(default_factory=list)     # (row, col, text, xlsxwriter textbox options)
    freeze: tuple | None = None
    landscape: bool = True
    tab_colour: str | None = None

    def add(self, row: int, col: int, value: Any = None, **kw) -> Cell:
        item = Cell(row, col, value, **kw)
        self.cells.append(item)
        return item

    def formulas(self, *kinds: str) -> list[Cell]:
        kinds = kinds or FORMULA_KINDS
        return [c for c in self.cells if c.formula is not None and c.kind in kinds]


def number_format(precision: int) -> str:
    """``#,##0`` for counts, ``#,##0.00`` for rates to two places."""
    return "#,##0" if precision <= 0 else "#,##0." + "0" * precision


PERCENT = "0.0%"
WHOLE_PERCENT = "0%"
DATE = "d mmmm yyyy"

# Style name -> xlsxwriter format properties (number formats are added per cell).
STYLES = {
    "title": {"bold": True, "font_size": 14, "font_color": L.HEADER_FILL},
    "subtitle": {"italic": True, "font_color": "#595959"},
    "banner": {"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter"},
    "about": {"italic": True, "font_color": "#595959", "font_size": 9},
    "head": {"bold": True, "bg_color": L.HEADER_FILL, "font_color": L.HEADER_FONT, "border": 1,
             "align": "center", "valign": "vcenter", "text_wrap": True},
    "head_left": {"bold": True, "bg_color": L.HEADER_FILL, "font_color": L.HEADER_FONT, "border": 1,
                  "valign": "vcenter", "text_wrap": True},
    "head_input": {"bold": True, "bg_color": L.INPUT_FILL, "font_color": L.INPUT_FONT, "border": 1,
                   "align": "center", "text_wrap": True},
    "label": {"border": 1, "valign": "vcenter"},
    "plain": {},
    "table_title": {"bold": True, "italic": True, "border": 1},
    "input": {"bg_color": L.INPUT_FILL, "font_color": L.INPUT_FONT, "border": 1},
    "input_text": {"bg_color": L.INPUT_FILL, "font_color": L.INPUT_FONT, "border": 1, "text_wrap": True,
                   "valign": "top"},
    "derived": {"border": 1, "valign": "vcenter"},
    "derived_text": {"border": 1, "text_wrap": True, "valign": "top"},
    "judgement": {"bold": True, "border": 1, "align": "center", "valign": "vcenter"},
    "work": {"font_color": L.WORKINGS_FONT, "font_size": 9},
    "work_head": {"font_color": L.WORKINGS_FONT, "font_size": 9, "italic": True, "text_wrap": True},
    "note": {"italic": True, "font_color": "#595959"},
    "key": {"font_color": "#FFFFFF"},
}
