"""The crime gap's page names the top group: where spp-xl police wrote the neighbourhoods
(the workbook's Neighbourhoods sheet), the report lists the ten with their rates and marks
those that joined or left since the previous quarter; a gap typed by hand keeps the page
it always had.

The quarter-two workbook is the bundled one with a synthetic city's police.uk files for
April to September 2015 put in by spp-xl police (tests/police_city.py): Neighbourhood 11
climbs into the top group after June, Neighbourhood 10 falls out of it.
"""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest

import police_city
from conftest import ROOT
from spp_xl.cli import main
from spp_xl.core.engine import summarise
from spp_xl.core.neighbourhoods import gap_of, month_of
from spp_xl.core.periods import FinancialYear
from spp_xl.report.build import build_report
from spp_xl.report.spec import Group, Paragraph, Table
from spp_xl.sources import load_inputs

YEAR = FinancialYear(2015)
MEETING = "2015-10-22"


@pytest.fixture(scope="module")
def quarter_two(tmp_path_factory):
    return police_city.quarter_two_workbook(tmp_path_factory.mktemp("q2"))


def _gap_page(inputs, as_of="2015/16 Sep"):
    import datetime as dt

    summary = summarise(inputs.register, inputs.dataset, as_of, strict=False)
    report = build_report(summary, inputs, dt.date(2015, 10, 22))
    sheet = next(s for s in report.sheets if s.measure_id == "crime_gap")
    return sheet, summary.result("crime_gap")


def _top_group(sheet):
    groups = [b for b in sheet.blocks if isinstance(b, Group)]
    assert len(groups) == 1
    heading, table, note = groups[0].blocks
    assert isinstance(table, Table) and isinstance(note, Paragraph)
    return heading.text, table, note.text


def test_the_quarter_two_page_lists_the_top_group_with_who_joined_and_left(quarter_two):
    inputs = load_inputs(quarter_two)
    sheet, result = _gap_page(inputs)
    heading, table, note = _top_group(sheet)
    assert heading == "The 10 neighbourhoods with the highest crime rates, April to September 2015"
    assert [c.value for c in table.header[0].cells] == ["Neighbourhood", "Rank", "Crimes, April to September",
                                                         "Residents", "Crimes per 1,000", "Since June"]
    sep = month_of(inputs.neighbourhoods, "crime_gap", YEAR, "Sep")
    top = [f for f in sep if f.top]
    body = {row.key: [c.value for c in row.cells] for row in table.rows}
    assert [row.key for row in table.rows][:10] == [f.neighbourhood for f in top]
    for f in top:  # each row is the Neighbourhoods sheet's, as spp-xl police computed it
        assert body[f.neighbourhood][1:5] == [f.rank, f.crimes, f.residents, round(1000 * f.crimes / f.residents, 2)]
    assert body["Neighbourhood 11"][5] == "joined" and "Neighbourhood 10" not in body
    assert [body[f.neighbourhood][5] for f in top].count("joined") == 1
    assert body["top_group"][2:4] == [sum(f.crimes for f in top), sum(f.residents for f in top)]
    assert body["city"][2:4] == [9450, sum(f.residents for f in sep)]  # September's all crime, year to date
    assert body["gap"][4] == result.ytd_actual == round(gap_of(sep), 2)
    assert note.startswith("Joined since June: Neighbourhood 11. Left since June: Neighbourhood 10 (now 11th, ")
    assert "Rates are rounded to two places" in note


def test_a_gap_typed_by_hand_keeps_todays_page(quarter_two):
    inputs = load_inputs(quarter_two)
    with_list, _ = _gap_page(inputs)
    without, _ = _gap_page(replace(inputs, neighbourhoods=()))
    assert without.blocks == with_list.blocks[:len(without.blocks)]
    assert not [b for b in without.blocks if isinstance(b, Group)]
    bundled, _ = _gap_page(load_inputs(ROOT / "workbook" / "SPP_Performance.xlsm"), "2015/16 Jun")
    assert not [b for b in bundled.blocks if isinstance(b, Group)]


def test_a_gap_typed_over_since_is_said_not_listed(quarter_two):
    inputs = load_inputs(quarter_two)
    figures = [o if (o.measure, o.period) != ("crime_gap", "Sep") or o.year != YEAR else replace(o, value=41.0)
               for o in inputs.dataset.observations]
    sheet, _ = _gap_page(replace(inputs, dataset=replace(inputs.dataset, observations=figures)))
    assert not [b for b in sheet.blocks if isinstance(b, Group)]
    assert sheet.blocks[-1].text.startswith("The neighbourhoods' figures for September (the Neighbourhoods sheet) "
                                            "give a gap of 39.68, not the 41 reported: the list of the top group is "
                                            "left out until they agree")


def test_with_no_earlier_quarter_the_page_says_so(quarter_two):
    inputs = load_inputs(quarter_two)
    sheet, _ = _gap_page(replace(inputs, neighbourhoods=tuple(f for f in inputs.neighbourhoods if f.period != "Jun")))
    _, table, note = _top_group(sheet)
    assert note.startswith("No neighbourhood figures for June to compare with")
    assert all(row.cells[5].value in ("-", None) for row in table.rows)
    # At quarter one the comparison is with last year's March, which these files do not hold.
    sheet, _ = _gap_page(inputs, "2015/16 Jun")
    heading, _, note = _top_group(sheet)
    assert heading.endswith("April to June 2015") and note.startswith("No neighbourhood figures for March 2014/15")


def test_the_printed_crime_gap_page_shows_the_top_group(quarter_two, tmp_path):
    """LibreOffice prints the quarter-two report: the top group is on the crime gap's pages."""
    report = tmp_path / "report.xlsx"
    assert main(["export", str(quarter_two), "--as-of", "2015/16 Sep", "--meeting-date", MEETING, "-o", str(report),
                 "--pdf"]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(report.with_suffix(".pdf")), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    gap = [k for k, page in enumerate(pages) if page.lstrip().startswith("2.1 Closing the gap")]
    listed = [k for k in gap if "The 10 neighbourhoods with the highest crime rates, April to September 2015" in pages[k]]
    assert len(listed) == 1 and listed[0] == gap[-1]
    page = pages[listed[0]]
    assert "Neighbourhood 11" in page and "joined" in page and "The 10 together" in page and "39.68" in page
    assert "Left since June: Neighbourhood 10" in page

    # Tagged as the rest of the report: a heading, then a table whose neighbourhoods head their rows.
    import pdfua

    from spp_xl.files import read_tagged_pdf

    read = read_tagged_pdf(report.with_suffix(".pdf"))
    at = next(k for k, (role, text, _) in enumerate(read) if text.startswith("The 10 neighbourhoods with the highest"))
    assert read[at][0] == "H3" and read[at + 1][0] == "Table"
    cells = read[at + 1:at + 120]
    assert ("TH", "Neighbourhood 11") in [(role, text) for role, text, _ in cells]
    assert ("TD", "joined") in [(role, text) for role, text, _ in cells]
    errors = [f"{f.rule_id}: {f.message}" for f in pdfua.validate(str(report.with_suffix(".pdf"))).findings
              if f.severity.name == "ERROR"]
    assert errors == []
