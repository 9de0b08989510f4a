"""The board report as a plain description: sheets of blocks, cells with a style name.

Nothing here knows about Excel. ``build.py`` fills these values from the engine's
results; a renderer (``xlsx.py``) turns them into a file, taking every look (fonts,
fills, widths, number formats) from ``templates/report.toml`` and every judgement
colour from ``templates/judgement.toml``. Another renderer (PDF, HTML) can follow
without touching the content.

Cell values are ``str`` (always written as text, never as a formula), numbers, or
None for a blank. A number carries a ``format``: ``"value:P"`` (P decimal places),
``"signed:P"`` (a change, with its sign) or ``"percent"`` (a fraction shown as %).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Cell:
    """One table cell.

    Args:
        value: text, a number, or None for a blank.
        style: a style name from ``templates/report.toml``.
        format: how a number shows (see the module docstring); "" for text.
        rag: a judgement whose colours fill the cell (as a banner's), "" for none.
    """

    value: str | float | int | None = None
    style: str = "cell"
    format: str = ""
    rag: str = ""


@dataclass(frozen=True)
class Row:
    """A table row; ``key`` lets tests and charts find it (e.g. ``"this_cumulative"``)."""

    cells: tuple[Cell, ...]
    key: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A line of text across the sheet's width; ``link`` names a sheet to jump to."""

    text: str
    style: str = "text"
    link: str = ""


@dataclass(frozen=True)
class Bullets:
    """Bulleted sentences (the commentary)."""

    items: tuple[str, ...]
    style: str = "wrap"


@dataclass(frozen=True)
class Banner:
    """The judgement banner: filled with the judgement's colour, ``rag`` one of
    green, amber, red, monitor, none."""

    rag: str
    text: str


@dataclass(frozen=True)
class Table:
    """Header rows then body rows; ``repeat_header`` repeats the header on every printed page."""

    header: tuple[Row, ...]
    rows: tuple[Row, ...]
    repeat_header: bool = False
    key: str = ""


@dataclass(frozen=True)
class Series:
    """One series of a chart; ``role`` picks its colour from ``[chart]`` in report.toml.

    ``point_roles`` colours single points (the partnership's own bar in the family group).
    """

    name: str
    values: tuple[float | None, ...]
    role: str
    kind: str = "line"  # line | column | bar
    point_roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A chart of ``series`` over ``categories``; ``size`` is a size key under ``[chart]``;
    ``description`` says in words what it shows (``describe.py``): its alternative text."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    y_title: str = ""
    size: str = "measure"
    format: str = "value:0"
    description: str = ""


@dataclass(frozen=True)
class Spacer:
    """Blank lines."""

    lines: int = 1


@dataclass(frozen=True)
class Group:
    """Blocks kept together on one printed page where they fit (an exception item)."""

    blocks: tuple["Block", ...]


Block = Union[Paragraph, Bullets, Banner, Table, Chart, Spacer, Group]


@dataclass(frozen=True)
class Sheet:
    """One worksheet.

    Args:
        name: the tab name (at most 31 characters, none of ``[]:*?/\\``).
        columns: a column kind per column, each a width under ``[columns]`` in report.toml.
        blocks: the content, top to bottom.
        freeze_label: also freeze the first column (a measure table's row labels).
        measure_id: the measure a measure sheet shows, "" otherwise.
    """

    name: str
    columns: tuple[str, ...]
    blocks: tuple[Block, ...]
    freeze_label: bool = False
    measure_id: str = ""


@dataclass(frozen=True)
class Report:
    """The whole board report."""

    partnership: str
    title: str
    date_text: str  # the meeting date as printed, "Thursday 23 July 2015"
    period_text: str  # "April to June 2015 (quarter one 2015/16)"
    file_label: str  # "2015-16_Q1": names the file
    sheets: tuple[Sheet, ...]
    properties: dict = field(default_factory=dict, compare=False)

    def sheet(self, name: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)
