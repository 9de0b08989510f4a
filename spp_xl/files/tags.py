"""A neutral description of what a printed workbook says, for a tagged (accessible) PDF.

The report says what each printed row holds and what it is (a heading, a paragraph, a
list item, a table cell, a figure with its alternative text); the PDF adapter
(``_pikepdf``) finds each cell's text where LibreOffice drew it and builds the PDF's
structure tree from these nodes, in this order: the reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.errors import InputError

# PDF 1.7's standard structure types used here (ISO 32000-1, 14.8.4).
ROLES = ("Document", "Sect", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TR", "TH",
         "TD", "Figure")


@dataclass(eq=False)
class Node:
    """One structure element: ``role`` one of ``ROLES``; ``kids`` its elements in reading order.

    A leaf's content is the printed text of the cells that name it (``Shown``); a Figure's is
    a chart, and ``alt`` says what it shows. ``title`` names a section; ``scope`` is a table
    header's (``Column`` or ``Row``).
    """

    role: str
    kids: list = field(default_factory=list)
    alt: str = ""
    title: str = ""
    scope: str = ""

    def add(self, role: str, **kw) -> "Node":
        if role not in ROLES:
            raise ValueError(f"{role} is not a structure type spp_xl writes")
        kid = Node(role, **kw)
        self.kids.append(kid)
        return kid

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()


@dataclass(frozen=True)
class Shown:
    """What a cell prints: its ``text``, or a ``number`` shown to ``places`` decimal places
    (a ``percent`` shown as its hundredfold), and the element its text belongs to."""

    node: Node
    text: str = ""
    number: float | None = None
    places: int = 0
    percent: bool = False


@dataclass(frozen=True)
class Row:
    """A printed row: its number on the sheet and its cells with text, left to right."""

    index: int
    cells: tuple[Shown, ...]


@dataclass(frozen=True)
class PrintedSheet:
    """One sheet as printed: its rows with text in order, the rows that start its later pages,
    the rows printed again at the top of every page (a table's header), and its figures
    (each a Figure node and the row its chart is anchored at)."""

    name: str
    pages: int
    rows: tuple[Row, ...]
    breaks: tuple[int, ...] = ()
    repeat: tuple[int, int] | None = None
    figures: tuple[tuple[Node, int], ...] = ()


@dataclass(frozen=True)
class Document:
    """The whole printed document: its structure tree (``root``, a Document node), each sheet
    as printed, its title and language, and the page's lower margin in points (the footer
    prints below it)."""

    root: Node
    sheets: tuple[PrintedSheet, ...]
    title: str
    language: str = "en-GB"
    footer_below: float = 54.0


class TaggingError(InputError):
    """LibreOffice's PDF cannot be read, or is not what the report printed, so it cannot be
    tagged faithfully; ``where`` names the page, where there is one."""
