"""LibreOffice opens the report, prints it to PDF, and the PDF is what the report promised:
the page count its print set-up promises, "Page x of y" in every footer, and the banners
in the judgement colours (pixels read from pdftoppm's PPM output: no imaging library)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from pathlib import Path

import pytest

from spp_xl.core.engine import summarise
from spp_xl.core.framework import framework
from spp_xl.report import export_report
from spp_xl.core.inputs import FamilyGroup, FamilyGroupRow
from spp_xl.sources import load_inputs

ILLUSTRATIVE_FAMILY_GROUP = FamilyGroup(  # illustrative numbers, not iQuanta's
    ("01 Apr 15 - 30 Jun 15", "01 Jan 15 - 31 Mar 15"),
    tuple(FamilyGroupRow(f"Partnership {c}", (10.0 + i, 11.0 + i)) for i, c in enumerate("ABCDEFGHIJKLMN"))
    + (FamilyGroupRow("Plymouth", (17.9, 18.4), True),),
)
RAG_COLOURS = {rag: framework().style(rag).colour for rag in ("green", "amber", "red", "monitor")}


pytestmark = pytest.mark.usefixtures("needs_rendering")


@pytest.fixture(scope="module")
def printed(needs_rendering, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    inputs = dataclasses.replace(load_inputs(), family_group=ILLUSTRATIVE_FAMILY_GROUP)
    result = export_report(inputs, folder / "report.xlsx", meeting_date=dt.date(2015, 7, 23), pdf=True)
    subprocess.run(["pdftoppm", "-r", "30", str(result.pdf), str(folder / "page")], check=True)
    pages = sorted(folder.glob("page*.ppm"))
    first_page = {}
    n = 1
    for name, count in result.sheet_pages:
        first_page[name] = list(range(n, n + count))
        n += count
    summary = summarise(inputs.register, inputs.dataset)
    return result, pages, first_page, summary


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def colour_counts(ppm: Path) -> dict[str, int]:
    """How many pixels of each judgement colour a binary PPM (P6) page holds."""
    data = ppm.read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval, separated by whitespace
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    assert fields[0] == b"P6" and fields[3] == b"255"
    pixels = data[pos + 1:]
    wanted = {bytes.fromhex(colour[1:]): rag for rag, colour in RAG_COLOURS.items()}
    counts = dict.fromkeys(RAG_COLOURS, 0)
    for i in range(0, len(pixels) - 2, 3):
        rag = wanted.get(pixels[i:i + 3])
        if rag:
            counts[rag] += 1
    return counts


def test_page_count_is_what_the_print_setup_promises(printed):
    result, pages, _, _ = printed
    # cover, the quarter at a glance, contents, 3 exception pages (the third: the last item with the
    # measures being developed, never those alone), 2 family group, 8 measures, 2 + 1
    assert result.pages == 19
    assert pdf_pages(result.pdf) == result.pages == len(pages)


def test_every_page_has_the_footer_and_its_sheet(printed):
    result, _, sheet_pages, _ = printed
    headings = {"Cover": "Performance Report", "At a glance": "The quarter at a glance",
                "Contents": "List of contents", "Exception items": "Exception items",
                "Family group": "Current family group position", "Recommendations": "Performance on key strategic",
                "Data quality": "Data-quality notes"}
    repeated = {"Recommendations": "No. Recommendation"}  # later pages repeat the table's header row
    for sheet, numbers in sheet_pages.items():
        for page in numbers:
            text = page_text(result.pdf, page)
            assert f"Safer Plymouth Partnership | Thursday 23 July 2015 | Page {page} of {result.pages}" in text
            heading = headings.get(sheet, sheet.split(" ", 1)[0])  # a measure page starts "3.k"
            if page != numbers[0]:
                heading = repeated.get(sheet, heading)
            assert heading in text, (sheet, page)


def test_banners_print_in_the_judgement_colours(printed):
    _, pages, sheet_pages, summary = printed
    counts = {n: colour_counts(pages[n - 1]) for numbers in sheet_pages.values() for n in numbers}
    enough = 300  # a banner at 30 dpi is some 2,000 pixels; a stray anti-aliased pixel is not
    exceptions = {rag for n in sheet_pages["Exception items"] for rag, c in counts[n].items() if c > enough}
    assert {"green", "amber", "red", "monitor"} <= exceptions
    key = counts[sheet_pages["Contents"][0]]
    assert all(key[rag] > enough for rag in RAG_COLOURS)  # the framework's key
    glance = counts[sheet_pages["At a glance"][0]]  # every measure's judgement in its colour, on one page
    assert {rag for rag, c in glance.items() if c > enough // 3} == {r.rag for r in summary.results} - {"none"}
    active = [r for r in summary.results if not r.measure.is_developing]
    for k, r in enumerate(active, 1):
        (page,) = sheet_pages[f"3.{k} {r.measure.id}"]
        seen = counts[page]
        assert seen[r.rag] > enough, (r.measure.id, seen)
        # grey also appears in anti-aliased chart edges, so only the three judgement fills must be absent
        assert all(seen[other] == 0 for other in ("green", "amber", "red") if other != r.rag), (r.measure.id, seen)
