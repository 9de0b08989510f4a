"""The layout's count of wrapped lines against LibreOffice's: the report's own sentences
(every quarter's commentary, the titles, the recommendations), in cells as wide as the
report's columns, printed to PDF. A row the layout sizes is never too short for the lines
LibreOffice draws, and it is the right height for most."""

from __future__ import annotations

import re
import subprocess
from html import unescape

import pytest
from years import year_to

from spp_xl.core.engine import summarise
from spp_xl.core.register import load_register
from spp_xl.files import write_book
from spp_xl.files import sheet as xl
from spp_xl.files.libreoffice import convert
from spp_xl.report.layout import column_px, text_lines
from spp_xl.report.template import load_template
from spp_xl.sources import load_inputs

pytestmark = pytest.mark.usefixtures("needs_rendering")

MARK = "\u00a7"  # starts each cell's text, to find it again in the PDF
WIDTHS = (150, 100, 85, 50)


def _corpus() -> list[str]:
    register = load_register()
    texts = {rec.text for rec in load_inputs().recommendations}
    for as_of in ("2015/16 Jun", "2015/16 Sep", "2015/16 Dec", "2015/16 Mar"):
        for r in summarise(register, year_to(register, as_of), as_of, strict=False).results:
            texts.update((*r.commentary, r.measure.title))
    return sorted(texts)


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lines")
    cases, sheets = [], []
    look = {"plain": {"font": "Calibri", "size": 11, "wrap": True, "valign": "top"},
            "bold": {"font": "Calibri", "size": 11, "bold": True, "wrap": True, "valign": "top"}}
    for width in WIDTHS:
        for bold in (False, True):
            spec = xl.SheetSpec(f"w{width}{'b' if bold else ''}", hidden_cols=(),
                                page=xl.Page(landscape=True, fit=(1, 0)))
            spec.widths[0] = width
            for row, text in enumerate(_corpus()):
                spec.add(row, 0, MARK + text, style="bold" if bold else "plain")
                spec.heights[row] = 200  # room for any number of lines: none is clipped
                cases.append((width, bold, text))
            sheets.append(spec)
    book = folder / "lines.xlsx"
    write_book(xl.Book(tuple(sheets), look, {}), book)
    pdf = convert(book, "pdf", folder, recalculate=False)
    words = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    counts, lines, page = [], None, 0
    for line in words.splitlines():
        page += "<page" in line
        found = re.search(r'yMin="([\d.]+)".*?>(.*)</word>', line)
        if not found:
            continue
        if unescape(found.group(2)).startswith(MARK):
            if lines is not None:
                counts.append(len(lines))
            lines = set()
        lines.add((page, round(float(found.group(1)))))
    counts.append(len(lines))
    assert len(counts) == len(cases)
    fill = float(load_template().page["text_fill"])
    return [(text_lines(text, column_px(width), 11, bold, fill), drawn) for (width, bold, text), drawn in
            zip(cases, counts)]


def test_no_row_is_too_short_for_what_libreoffice_draws(measured):
    short = [(counted, drawn) for counted, drawn in measured if counted < drawn]
    assert short == []


def test_nine_rows_in_ten_are_the_height_libreoffice_needs(measured):
    exact = sum(counted == drawn for counted, drawn in measured)
    assert exact >= 0.9 * len(measured), f"{exact} of {len(measured)}"
