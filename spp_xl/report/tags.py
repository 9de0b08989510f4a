"""The report's reading order and structure, for a tagged PDF (``spp_xl.files.tags``).

Each sheet is a section; its first paragraph is its heading (the cover's title is the
document's one first-level heading, an exception item's title a third-level one); a banner
or a line of text is a paragraph; the commentary a list; a table a table whose header row's
cells head their columns and whose row labels head their rows; a chart a figure whose
alternative text is its description (``describe.py``). Every cell's text is given as it
prints, so the PDF adapter can find where each one was drawn.
"""

from __future__ import annotations

import re

from ..files.tags import Document, Node, PrintedSheet, Row, Shown
from .build import COVER
from .spec import Banner, Bullets, Cell, Chart, Paragraph, Report, Table
from .template import Template, load_template
from .xlsx import BULLET, Printed, Rendered

ROW_HEADERS = ("row_label", "row_label_strong", "glance_title")  # a table row's own label
SUBHEADINGS = ("measure_title",)  # an exception item's title under the section's heading


def document(report: Report, rendered: Rendered, template: Template | None = None) -> Document:
    """The report's structure tree and what each printed row shows, sheet by sheet."""
    tpl = template or load_template()
    root = Node("Document", title=report.properties.get("title", report.title))
    sheets = tuple(_sheet(root, printed, tpl) for printed in rendered.printed)
    return Document(root, sheets, title=report.properties.get("title", report.title),
                    footer_below=float(tpl.page["margins"]["bottom"]) * 72)


def _shown(node: Node, cell: Cell, tpl: Template) -> Shown | None:
    if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
        return None
    if isinstance(cell.value, str):
        return Shown(node, text=cell.value)
    shape = tpl.number_format(cell.format).split(";")[0] if cell.format else "0"
    shape = re.sub(r'"[^"]*"', "", shape)  # text in quotes is printed as it is: 77.3"%" is 77.3, not 7,730
    places = len(shape.split(".")[1].rstrip("%")) if "." in shape else 0
    return Shown(node, number=float(cell.value), places=places, percent="%" in shape)


def _sheet(root: Node, printed: Printed, tpl: Template) -> PrintedSheet:
    sheet = printed.sheet
    sect = root.add("Sect", title=sheet.name)
    rows: dict[int, list[tuple[int, Shown]]] = {}
    figures = []
    first_paragraph = True

    def put(row: int, col: int, shown: Shown | None):
        if shown is not None:
            rows.setdefault(row, []).append((col, shown))

    for block, row in printed.blocks:
        if isinstance(block, Paragraph):
            if sheet.name == COVER:
                role = "H1" if block.style == "cover_title" else "P"
            elif first_paragraph:
                role = "H2"
            else:
                role = "H3" if block.style in SUBHEADINGS else "P"
            first_paragraph = False
            put(row, 0, Shown(sect.add(role), text=block.text))
        elif isinstance(block, Banner):
            put(row, 0, Shown(sect.add("P"), text=block.text))
        elif isinstance(block, Bullets):
            items = sect.add("L")
            for k, text in enumerate(block.items):
                item = items.add("LI")
                put(row + k, 0, Shown(item.add("Lbl"), text=BULLET))
                put(row + k, 1, Shown(item.add("LBody"), text=text))
        elif isinstance(block, Table):
            table = sect.add("Table")
            for k, r in enumerate((*block.header, *block.rows)):
                tr = table.add("TR")
                header = k < len(block.header)
                for col, cell in enumerate(r.cells):
                    if header:
                        node = tr.add("TH", scope="Column")
                    elif cell.style in ROW_HEADERS:
                        node = tr.add("TH", scope="Row")
                    else:
                        node = tr.add("TD")
                    put(row + k, col, _shown(node, cell, tpl))
        elif isinstance(block, Chart):
            figures.append((sect.add("Figure", alt=block.description or block.title), row))
    ordered = tuple(Row(i, tuple(shown for _, shown in sorted(cells, key=lambda c: c[0])))
                    for i, cells in sorted(rows.items()))
    return PrintedSheet(sheet.name, printed.pages, ordered, tuple(printed.breaks), printed.repeat, tuple(figures))
