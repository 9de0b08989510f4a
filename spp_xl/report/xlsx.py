"""The xlsxwriter renderer: a ``Report`` (spec.py) becomes a formatted, print-ready .xlsx.

Text is always written with ``write_string`` (a title that begins with "=" stays text);
numbers with ``write_number``; no formula is written at all, so the file needs neither
the add-in nor a recalculation. Chart series read their numbers from a hidden
"Chart data" sheet, also plain values.

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
from .layout import Page, Unit, column_px, paginate, text_lines
from .spec import Banner, Bullets, Cell, Chart, Group, Paragraph, Report, Sheet, Spacer, Table
from .template import Template, load_template

CHART_DATA = "Chart data"
BULLET = "\u2022"
SPACER_PT = 9.0
_PROPS = {"font": "font_name", "size": "font_size", "bold": "bold", "italic": "italic", "colour": "font_color",
          "align": "align", "valign": "valign", "wrap": "text_wrap", "border": "border",
          "border_colour": "border_color", "indent": "indent"}


@dataclass(frozen=True)
class Rendered:
    """What was written: the file and, per sheet, the printed pages it promises."""

    path: Path
    pages: tuple[tuple[str, int], ...]

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
    import xlsxwriter  # the only module of the report that needs it

    tpl = template or load_template()
    # in_memory: xlsxwriter otherwise stages every part in its own temporary file, which
    # costs more than writing the parts themselves (a 1,000-measure report: 5,000 files).
    options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
               "in_memory": True}
    workbook = xlsxwriter.Workbook(str(path), options)
    workbook.set_properties({**report.properties, "created": created or dt.datetime.now()})
    formats = _Formats(workbook, tpl)
    chart_data: list[list] = []  # rows of the hidden chart-data sheet
    pages = []
    for sheet in report.sheets:
        writer = _SheetWriter(workbook, workbook.add_worksheet(sheet.name), sheet, tpl, formats, chart_data)
        pages.append((sheet.name, writer.write(report)))
    if chart_data:
        data = workbook.add_worksheet(CHART_DATA)
        for r, values in enumerate(chart_data):
            for c, value in enumerate(values):
                if isinstance(value, str):
                    data.write_string(r, c, value)
                elif value is not None:
                    data.write_number(r, c, value)
        data.hide()
    workbook.close()
    return Rendered(Path(path), tuple(pages))


class _Formats:
    """One xlsxwriter format per (style, number format, judgement), made once."""

    def __init__(self, workbook, tpl: Template):
        self.workbook, self.tpl, self.cache = workbook, tpl, {}

    def get(self, style: str, number: str = "", rag: str = "", wrap: bool = False):
        key = (style, number, rag, wrap)
        if key not in self.cache:
            props = self.tpl.style(style)
            if rag:
                colours = framework().style(rag)
                props = {**props, "fill": colours.colour, "colour": colours.font}
            fmt = {_PROPS[k]: v for k, v in props.items() if k in _PROPS}
            if props.get("underline"):
                fmt["underline"] = 1
            if "fill" in props:
                fmt.update(bg_color=props["fill"], pattern=1)
            if wrap:
                fmt.setdefault("text_wrap", True)
                fmt.setdefault("valign", "top")
            if number:
                fmt["num_format"] = self.tpl.number_format(number)
            self.cache[key] = self.workbook.add_format(fmt)
        return self.cache[key]

    def text_metrics(self, style: str) -> tuple[float, bool]:
        props = self.tpl.style(style)
        return float(props["size"]), bool(props.get("bold"))


class _SheetWriter:
    def __init__(self, workbook, ws, sheet: Sheet, tpl: Template, formats: _Formats, chart_data: list):
        self.workbook, self.ws, self.sheet, self.tpl, self.fmt = workbook, ws, sheet, tpl, formats
        self.chart_data = chart_data
        self.widths = [tpl.width(kind) for kind in sheet.columns]
        self.last_col = len(self.widths) - 1
        self.row = 0
        self.units: list[Unit] = []
        self.repeat: tuple[int, int] | None = None
        self.freeze: tuple[int, int] | None = None

    # -- rows ---------------------------------------------------------------------------
    def _height(self, text: str, style: str, width: float, padding: float = 3.0) -> float:
        size, bold = self.fmt.text_metrics(style)
        lines = text_lines(text, width, size, bold, float(self.tpl.page["chars_per_width"]))
        return lines * self.tpl.line_height(size) + padding

    def _span(self, row: int, first: int, style_fmt) -> None:
        if first < self.last_col:
            self.ws.merge_range(row, first, row, self.last_col, "", style_fmt)

    def _line(self, height: float) -> float:
        self.ws.set_row(self.row, height)
        self.row += 1
        return height

    def _paragraph(self, block: Paragraph) -> list[float]:
        fmt = self.fmt.get(block.style, wrap=True)
        self._span(self.row, 0, fmt)
        if block.link:
            self.ws.write_url(self.row, 0, f"internal:'{block.link}'!A1", fmt, string=block.text)
        else:
            self.ws.write_string(self.row, 0, block.text, fmt)
        return [self._line(self._height(block.text, block.style, sum(self.widths)))]

    def _bullets(self, block: Bullets) -> list[float]:
        heights = []
        width = sum(self.widths[1:])
        fmt, mark = self.fmt.get(block.style, wrap=True), self.fmt.get("bullet")
        for item in block.items:
            self.ws.write_string(self.row, 0, BULLET, mark)
            self._span(self.row, 1, fmt)
            self.ws.write_string(self.row, 1, item, fmt)
            heights.append(self._line(self._height(item, block.style, width)))
        return heights

    def _banner(self, block: Banner) -> list[float]:
        fmt = self.fmt.get("banner", rag=block.rag)
        self._span(self.row, 0, fmt)
        self.ws.write_string(self.row, 0, block.text, fmt)
        return [self._line(self._height(block.text, "banner", sum(self.widths), padding=9.0))]

    def _cell(self, col: int, cell: Cell) -> float:
        fmt = self.fmt.get(cell.style, cell.format)
        value = cell.value
        if isinstance(value, str):
            self.ws.write_string(self.row, col, value, fmt)
            if self.tpl.style(cell.style).get("wrap"):
                return self._height(value, cell.style, self.widths[col])
        elif value is None:
            self.ws.write_blank(self.row, col, None, fmt)
        else:
            self.ws.write_number(self.row, col, value, fmt)
        size, _ = self.fmt.text_metrics(cell.style)
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
        charts = {}
        for j, series in enumerate(block.series, 1):
            kind = series.kind
            if kind not in charts:
                charts[kind] = self.workbook.add_chart({"type": kind})
            colour = colours[series.role]
            spec = {"name": [CHART_DATA, top, j], "categories": [CHART_DATA, top + 1, 0, bottom, 0],
                    "values": [CHART_DATA, top + 1, j, bottom, j]}
            if kind == "line":
                dash = "dash" if series.role == "target" else "solid"
                spec.update(line={"color": colour, "width": 2.25, "dash_type": dash},
                            marker={"type": "circle", "size": 5, "fill": {"color": colour},
                                    "border": {"color": colour}})
            else:
                spec.update(fill={"color": colour}, border={"none": True}, gap=60)
            if series.point_roles:
                spec["points"] = [{"fill": {"color": colours[role]}} for role in series.point_roles]
            charts[kind].add_series(spec)
        kinds = list(charts)
        primary = charts[kinds[0]]
        for kind in kinds[1:]:
            primary.combine(charts[kind])
        size = colours[block.size]
        width = min(int(size["width"]), sum(column_px(w) for w in self.widths) - 12)
        height = int(size["height"])
        primary.set_size({"width": width, "height": height})
        primary.set_title({"name": [CHART_DATA, top, len(block.series) + 1],
                           "name_font": {"size": 11, "bold": True}})
        primary.set_y_axis({"num_format": self.tpl.number_format(block.format), "name": block.y_title,
                            "name_font": {"size": 9, "bold": False}, "num_font": {"size": 9},
                            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        primary.set_x_axis({"num_font": {"size": 9}})
        primary.set_legend({"position": "bottom", "font": {"size": 9}} if len(block.series) > 1 else {"none": True})
        primary.show_blanks_as("gap")
        self.ws.insert_chart(self.row, 0, primary, {"x_offset": 6, "y_offset": 4, "object_position": 1})
        rows = -(-(height * 0.75 + 8) // 15)  # points the chart needs, in rows of 15 points
        return [self._line(15.0) for _ in range(int(rows))]

    def _spacer(self, block: Spacer) -> list[float]:
        return [self._line(SPACER_PT) for _ in range(block.lines)]

    def _block(self, block) -> list[list[float]]:
        """Writes a block; returns its keep-together groups of row heights."""
        if isinstance(block, Group):
            return [[h for inner in block.blocks for g in self._block(inner) for h in g]]
        if isinstance(block, Table):
            return self._table(block)
        handler = {Paragraph: self._paragraph, Bullets: self._bullets, Banner: self._banner,
                   Chart: self._chart, Spacer: self._spacer}[type(block)]
        return [handler(block)]

    # -- the sheet ----------------------------------------------------------------------
    def write(self, report: Report) -> int:
        """Writes the sheet and sets it up for printing; returns the pages it will print on."""
        ws, tpl = self.ws, self.tpl
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, width)
        for block in self.sheet.blocks:
            first = self.row
            for group in self._block(block):
                self.units.append(Unit(first, tuple(group)))
                first += len(group)
        margins = tpl.page["margins"]
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=margins["left"], right=margins["right"], top=margins["top"], bottom=margins["bottom"])
        footer = tpl.page["footer"].format(partnership=report.partnership, date=report.date_text)
        ws.set_footer("&C" + footer.replace("&", "&&").replace("&&P", "&P").replace("&&N", "&N"),
                      {"margin": margins["footer"]})
        ws.hide_gridlines(2)
        ws.print_area(0, 0, max(self.row - 1, 0), self.last_col)
        if self.repeat is None and self.sheet.blocks and isinstance(self.sheet.blocks[0], Paragraph) \
                and self.sheet.name != "Cover":
            self.repeat = (0, 0)
        repeat_height = 0.0
        if self.repeat:
            ws.repeat_rows(*self.repeat)
            repeat_height = sum(h for u in self.units for i, h in enumerate(u.heights, u.first_row)
                                if self.repeat[0] <= i <= self.repeat[1])
        if self.freeze is None and self.repeat:
            self.freeze = (self.repeat[1] + 1, 0)
        if self.freeze:
            ws.freeze_panes(*self.freeze)
        page = Page.a4_landscape(margins)
        scale = page.scale_for(sum(column_px(w) for w in self.widths))
        breaks = paginate(self.units, page.height_pt, scale, repeat_height)
        if breaks:
            ws.set_print_scale(scale)
            ws.set_h_pagebreaks(breaks)
        else:
            ws.fit_to_pages(1, 1)
        return len(breaks) + 1
