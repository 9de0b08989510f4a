"""A neutral description of a spreadsheet: sheets of cells, each with a style name.

The partnership's workbook (``spp_xl.workbook``) and the board report
(``spp_xl.report``) both say *what* goes where as these plain values; the one xlsxwriter
adapter (``spp_xl.files._xlsxwriter``) says *how*. Styles are named; a book's look maps each
name to its properties in one vocabulary (``look.STYLE_TYPES``), read from ``templates/*.toml``.
Tests read the same specs to know which cells are inputs or formulas and what each shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from .a1 import cell

FORMULA_KINDS = ("native", "custom", "linked")


@dataclass(frozen=True)
class Cell:
    """One cell to write.

    ``kind`` says what the cell is: ``label`` (fixed text), ``input`` (typed by staff:
    unlocked), ``value`` (derived, written as a value), ``native`` (a formula of built-in
    functions), ``custom`` (a formula calling the add-in's functions) or ``linked`` (a
    built-in formula reading a custom one). Every formula carries the value it shows
    (``value``), computed by the engine. ``spill_to`` (a column) makes a row-wide
    dynamic-array formula; ``link`` makes the cell a hyperlink to a sheet of the book.
    """

    row: int
    col: int
    value: Any = None
    formula: str | None = None
    kind: str = "label"
    style: str | None = "label"       # None: the sheet's default format
    num: str | None = None
    spill_to: int | None = None
    link: str | None = None

    @property
    def ref(self) -> str:
        return cell(self.row, self.col)


@dataclass(frozen=True)
class CondFormat:
    """Fill and font colours for the cells of ``target`` while ``criteria`` (a formula) holds."""

    target: str
    criteria: str
    fill: str
    font: str


VALIDATION_KINDS = ("list", "whole", "decimal", "date", "any")


@dataclass(frozen=True)
class Validation:
    """Excel's data validation on the cells of ``target``: a drop-down list of ``choices``, a
    whole or decimal number from ``minimum`` (to ``maximum``), a date between them, or
    anything (``any``: the input message alone). ``prompt`` is the message shown on
    selecting a cell (under ``title``), ``message`` the one a refused value gets."""

    target: str
    choices: tuple = ()
    message: str = ""
    kind: str = "list"
    minimum: Any = None
    maximum: Any = None
    prompt: str = ""
    title: str = ""

    def __post_init__(self):
        if self.kind not in VALIDATION_KINDS:
            raise ValueError(f"validation of {self.target}: kind {self.kind!r} is not one of {', '.join(VALIDATION_KINDS)}")


@dataclass(frozen=True)
class Table:
    """An Excel Table (a ListObject) over ``target``, named, with these column headings."""

    target: str
    name: str
    columns: tuple
    style: str = "Table Style Light 9"


@dataclass(frozen=True)
class Series:
    """One series of a chart: ranges as formula references (``='Sheet'!$B$2:$B$13``)."""

    name: str
    categories: str
    values: str
    colour: str
    kind: str = "column"          # column or line
    dashed: bool = False          # a line's dash
    markers: bool = False         # a line's round markers
    point_colours: tuple = ()     # a column's bars one by one
    outline: bool = True          # a column's bars drawn with a border
    overlap: int | None = None
    gap: int | None = None


@dataclass(frozen=True)
class Chart:
    row: int
    col: int
    title: str                    # text, or a formula reference to the title's cell
    series: tuple
    width: int
    height: int
    y_title: str = ""
    y_format: str | None = None
    legend: bool = True
    small_fonts: bool = False     # the report's 9-point axes and legend
    offset: tuple = (0, 0)        # pixels right and down of the anchor cell
    description: str = ""         # what it shows, in words: its alternative text


@dataclass(frozen=True)
class Button:
    """A form button that runs a VBA macro (only where the book has a VBA project)."""

    row: int
    col: int
    caption: str
    macro: str
    width: int
    height: int


@dataclass(frozen=True)
class TextBox:
    """A text box; with ``link``, a hyperlink to a cell of the book (``Sheet!B4``)."""

    row: int
    col: int
    text: str
    width: int
    height: int
    link: str | None = None
    fill: str | None = None
    line: str | None = None
    font_colour: str | None = None
    bold: bool = False
    tip: str | None = None            # shown when the pointer rests on it


@dataclass(frozen=True)
class Page:
    """How a sheet prints. ``fit`` is (pages wide, pages tall; 0 for as many as needed);
    ``scale`` (a percentage) and ``breaks`` (rows that start a page) replace it."""

    landscape: bool = True
    paper: int | None = 9             # A4; None leaves the printer's own
    fit: tuple | None = (1, 0)
    scale: int | None = None
    breaks: tuple = ()
    margins: Mapping | None = None   # inches: left, right, top, bottom, footer
    footer: str | None = None        # Excel's header/footer codes (&P, &N) as they are
    repeat_rows: tuple | None = None
    print_area: tuple | None = None  # (first row, first col, last row, last col)
    screen_gridlines: bool | None = False  # printed, they never show; None leaves Excel's default


@dataclass
class SheetSpec:
    """Everything one worksheet holds."""

    name: str
    cells: list = field(default_factory=list)
    merges: list = field(default_factory=list)        # (row, first_col, last_col)
    widths: dict = field(default_factory=dict)        # col -> width
    hidden_cols: tuple = (0,)
    heights: dict = field(default_factory=dict)       # row -> height in points
    folded_rows: tuple = ()                           # rows grouped and collapsed (press + to see them)
    cond_formats: list = field(default_factory=list)
    validations: list = field(default_factory=list)
    protect: tuple | None = None                      # what staff may still do on a protected sheet
    table: Table | None = None
    charts: list = field(default_factory=list)
    buttons: list = field(default_factory=list)
    textboxes: list = field(default_factory=list)
    freeze: tuple | None = None
    page: Page = Page()
    tab_colour: str | None = None
    hidden: bool = False
    names: dict = field(default_factory=dict)         # workbook-level names of ranges here: name -> $F$14:$Q$14

    def add(self, row: int, col: int, value: Any = None, **kw) -> Cell:
        item = Cell(row, col, value, **kw)
        self.cells.append(item)
        return item

    def formulas(self, *kinds: str) -> list[Cell]:
        kinds = kinds or FORMULA_KINDS
        return [c for c in self.cells if c.formula is not None and c.kind in kinds]


@dataclass(frozen=True)
class Book:
    """A whole file: its sheets in tab order, the look their style names refer to, its
    document properties, and (for a macro-enabled workbook) its VBA project."""

    sheets: tuple
    look: Mapping[str, Mapping]       # style name -> properties (``look.STYLE_TYPES``)
    properties: Mapping
    vba: bytes | None = None
    code_names: tuple = ()            # each sheet's VBA code name, with ``vba``
    workbook_code_name: str = "ThisWorkbook"
    calc_id: int | None = None        # stamp this calculation engine and do not recalculate on load


def excel_date(day: dt.date) -> int:
    """Excel's serial number for a date (the value a date formula caches)."""
    return (day - dt.date(1899, 12, 30)).days
