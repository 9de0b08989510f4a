"""The report laid out on sheets: a ``Report`` (spec.py) becomes a print-ready .xlsx.

The blocks (paragraphs, bullets, banners, tables, charts) are laid out as neutral
sheets of cells (``spp_xl.files.sheet``) and written by the one xlsxwriter adapter.
Text is always written as text (a title that begins with "=" stays text); no formula is
written at all, so the file needs neither the add-in nor a recalculation. Chart series
read their numbers from a hidden "Chart data" sheet, also plain values.

Pages: every row gets an explicit height (``layout.py``), so the printed height is
known here. A sheet that fits one page is set to "fit to 1 page wide by 1 tall"; a
longer one gets a print scale that makes it one page wide and manual page breaks
between keep-together units (Excel ignores manual breaks under "fit to", hence the
scale). The page count is therefore a promise the tests check against LibreOffice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..core.framework import framework
from ..files import write_book
from ..files import sheet as xl
from ..files.a1 import cell as a1, quote
from .layout import Page, Unit, column_px, paginate, text_lines
from .spec import Banner, Bullets, Cell, Chart, Group, Paragraph, Report, Sheet, Spacer, Table
from .template import Template, load_template

CHART_DATA = "Chart data"
BULLET = "\u2022"
SPACER_PT = 9.0


@dataclass(frozen=True)
class Printed:
    """Where a sheet's blocks print: each block (paragraph, list, table...) with the row it
    starts on, the rows that start its later pages, and the rows repeated atop each page."""

    sheet: Sheet
    blocks: tuple[tuple[object, int], ...]
    breaks: tuple[int, ...]
    repeat: tuple[int, int] | None
    pages: int


@dataclass(frozen=True)
class Rendered:
    """What was written: the file and, per sheet, the printed pages it promises (and where
    each block prints on them: ``printed``)."""

    path: Path
    pages: tuple[tuple[str, int], ...]
    printed: tuple[Printed, ...] = ()

    @property
    def page_count(self) -> int:
        return sum(n for _, n in self.pages)


def write_xlsx(report: Report, path: str | Path, created: dt.datetime | None = None,
               template: Template | None = None) -> Rendered:
    """Writes ``report`` to ``path`` (write it to a temporary path: see spp_xl.files.atomic).

    Args:
        report: the report's description.
        path: the .xlsx to write.
        created: the document's creation time; fix it for a reproducible file.
        template: the look; default ``templates/report.toml``.
    """
    tpl = template or load_template()
    looks = _Looks(tpl)
    chart_data: list[list] = []  # rows of the hidden chart-data sheet
    sheets, pages, printed = [], [], []
    for sheet in report.sheets:
        writer = _SheetWriter(sheet, tpl, looks, chart_data)
        sheets.append(writer.write(report))
        pages.append((sheet.name, writer.pages))
        printed.append(Printed(sheet, tuple(writer.placed), writer.out.page.breaks, writer.repeat, writer.pages))
    if chart_data:
        data = xl.SheetSpec(CHART_DATA, hidden_cols=(), hidden=True,
                            page=xl.Page(landscape=False, fit=None, paper=None, screen_gridlines=None))
        for r, values in enumerate(chart_data):
            for c, value in enumerate(values):
                if value is not None:
                    data.add(r, c, value, style=None)
        sheets.append(data)
    properties = {**report.properties, "created": created or dt.datetime.now()}
    write_book(xl.Book(tuple(sheets), looks.styles, properties), path)
    return Rendered(Path(path), tuple(pages), tuple(printed))


class _Looks:
    """The report's styles for the writer: one per (style, judgement, wrapped), named once."""

    def __init__(self, tpl: Template):
        self.tpl, self.styles = tpl, {}

    def get(self, style: str, rag: str = "", wrap: bool = False) -> str:
        key = "|".join((style, rag, "wrap" if wrap else ""))
        if key not in self.styles:
            props = self.tpl.style(style)
            if rag:
                colours = framework().style(rag)
                props = {**props, "fill": colours.colour, "colour": colours.font}
            if wrap:
                props.setdefault("wrap", True)
                props.setdefault("valign", "top")
            self.styles[key] = props
        return key

    def number(self, spec: str) -> str | None:
        return self.tpl.number_format(spec) if spec else None

    def text_metrics(self, style: str) -> tuple[float, bool]:
        props = self.tpl.style(style)
        return float(props["size"]), bool(props.get("bold"))


class _SheetWriter:
    def __init__(self, sheet: Sheet, tpl: Template, looks: _Looks, chart_data: list):
        self.sheet, self.tpl, self.looks, self.chart_data = sheet, tpl, looks, chart_data
        self.out = xl.SheetSpec(sheet.name, hidden_cols=())
        self.widths = [tpl.width(kind) for kind in sheet.columns]
        self.last_col = len(self.widths) - 1
        self.row = 0
        self.units: list[Unit] = []
        self.repeat: tuple[int, int] | None = None
        self.freeze: tuple[int, int] | None = None
        self.pages = 1
        self.placed: list[tuple[object, int]] = []  # each block and the row it starts on

    # -- rows ---------------------------------------------------------------------------
    def _height(self, text: str, style: str, columns: list, padding: float = 3.0) -> float:
        """Points a row needs for ``text`` wrapped across ``columns`` (their widths, merged)."""
        size, bold = self.looks.text_metrics(style)
        width = sum(column_px(w) for w in columns)
        lines = text_lines(text, width, size, bold, float(self.tpl.page["text_fill"]))
        return lines * self.tpl.line_height(size) + padding

    def _span(self, first: int) -> None:
        if first < self.last_col:
            self.out.merges.append((self.row, first, self.last_col))

    def _line(self, height: float) -> float:
        self.out.heights[self.row] = height
        self.row += 1
        return height

    def _paragraph(self, block: Paragraph) -> list[float]:
        self._span(0)
        self.out.add(self.row, 0, block.text, style=self.looks.get(block.style, wrap=True), link=block.link or None)
        return [self._line(self._height(block.text, block.style, self.widths))]

    def _bullets(self, block: Bullets) -> list[float]:
        heights = []
        style, mark = self.looks.get(block.style, wrap=True), self.looks.get("bullet")
        for item in block.items:
            self.out.add(self.row, 0, BULLET, style=mark)
            self._span(1)
            self.out.add(self.row, 1, item, style=style)
            heights.append(self._line(self._height(item, block.style, self.widths[1:])))
        return heights

    def _banner(self, block: Banner) -> list[float]:
        self._span(0)
        self.out.add(self.row, 0, block.text, style=self.looks.get("banner", rag=block.rag))
        return [self._line(self._height(block.text, "banner", self.widths, padding=9.0))]

    def _cell(self, col: int, cell: Cell) -> float:
        self.out.add(self.row, col, cell.value, style=self.looks.get(cell.style, rag=cell.rag),
                     num=self.looks.number(cell.format))
        if isinstance(cell.value, str) and self.tpl.style(cell.style).get("wrap"):
            return self._height(cell.value, cell.style, self.widths[col:col + 1])
        size, _ = self.looks.text_metrics(cell.style)
        return self.tpl.line_height(size) + 3

    def _table(self, block: Table) -> list[list[float]]:
        """Writes the table; returns keep-together groups (the header with the first row)."""
        groups = []
        first_header = self.row
        for row in (*block.header, *block.rows):
            height = max(self._cell(c, cell) for c, cell in enumerate(row.cells))
            groups.append([self._line(height)])
        header_rows = len(block.header)
        if header_rows:
            last_header = first_header + header_rows - 1
            if block.repeat_header:
                self.repeat = (first_header, last_header)
            if self.freeze is None and (block.repeat_header or self.sheet.freeze_label):
                self.freeze = (last_header + 1, 1 if self.sheet.freeze_label else 0)
            merged = [h for g in groups[: header_rows + 1] for h in g]
            groups = [merged] + groups[header_rows + 1:]
        return groups

    def _chart(self, block: Chart) -> list[float]:
        top = len(self.chart_data)
        self.chart_data.append(["", *(s.name for s in block.series), block.title])
        for i, category in enumerate(block.categories):
            self.chart_data.append([category, *(s.values[i] if i < len(s.values) else None for s in block.series)])
        bottom = len(self.chart_data) - 1
        self.chart_data.append([])
        colours = self.tpl.chart

        def ref(first_row, col, last_row=None):
            span = a1(first_row, col, True) + ("" if last_row is None else ":" + a1(last_row, col, True))
            return f"={quote(CHART_DATA)}!{span}"

        series = tuple(xl.Series(
            ref(top, j), ref(top + 1, 0, bottom), ref(top + 1, j, bottom), colours[s.role], kind=s.kind,
            dashed=s.role == "target", markers=s.kind == "line", outline=False, gap=None if s.kind == "line" else 60,
            point_colours=tuple(colours[role] for role in s.point_roles)) for j, s in enumerate(block.series, 1))
        size = colours[block.size]
        width = min(int(size["width"]), sum(column_px(w) for w in self.widths) - 12)
        height = int(size["height"])
        self.out.charts.append(xl.Chart(self.row, 0, ref(top, len(block.series) + 1), series, width, height,
                                        y_title=block.y_title, y_format=self.tpl.number_format(block.format),
                                        legend=len(block.series) > 1, small_fonts=True, offset=(6, 4),
                                        description=block.description))
        rows = -(-(height * 0.75 + 8) // 15)  # points the chart needs, in rows of 15 points
        return [self._line(15.0) for _ in range(int(rows))]

    def _spacer(self, block: Spacer) -> list[float]:
        return [self._line(SPACER_PT) for _ in range(block.lines)]

    def _block(self, block) -> list[list[float]]:
        """Lays out a block; returns its keep-together groups of row heights."""
        if isinstance(block, Group):
            return [[h for inner in block.blocks for g in self._block(inner) for h in g]]
        self.placed.append((block, self.row))
        if isinstance(block, Table):
            return self._table(block)
        handler = {Paragraph: self._paragraph, Bullets: self._bullets, Banner: self._banner,
                   Chart: self._chart, Spacer: self._spacer}[type(block)]
        return [handler(block)]

    # -- the sheet ----------------------------------------------------------------------
    def write(self, report: Report) -> xl.SheetSpec:
        """Lays out the sheet and sets it up for printing; ``pages`` then says how many pages it prints on."""
        tpl = self.tpl
        self.out.widths = dict(enumerate(self.widths))
        for block in self.sheet.blocks:
            first = self.row
            for group in self._block(block):
                self.units.append(Unit(first, tuple(group)))
                first += len(group)
        margins = tpl.page["margins"]
        footer = tpl.page["footer"].format(partnership=report.partnership, date=report.date_text)
        if self.repeat is None and self.sheet.blocks and isinstance(self.sheet.blocks[0], Paragraph) \
                and self.sheet.name != "Cover":
            self.repeat = (0, 0)
        repeat_height = 0.0
        if self.repeat:
            repeat_height = sum(h for u in self.units for i, h in enumerate(u.heights, u.first_row)
                                if self.repeat[0] <= i <= self.repeat[1])
        if self.freeze is None and self.repeat:
            self.freeze = (self.repeat[1] + 1, 0)
        page = Page.a4_landscape(margins)
        scale = page.scale_for(sum(column_px(w) for w in self.widths))
        breaks = paginate(self.units, page.height_pt, scale, repeat_height)
        self.pages = len(breaks) + 1
        self.out.freeze = self.freeze
        self.out.page = xl.Page(
            landscape=True, fit=None if breaks else (1, 1), scale=scale if breaks else None, breaks=tuple(breaks),
            margins=margins, footer="&C" + footer.replace("&", "&&").replace("&&P", "&P").replace("&&N", "&N"),
            repeat_rows=self.repeat, print_area=(0, 0, max(self.row - 1, 0), self.last_col))
        return self.out
