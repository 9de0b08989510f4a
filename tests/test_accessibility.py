"""The board report can be published: every chart described in words, in the .xlsx (Excel's
Alt Text, the ``descr`` of its drawing frame, as ECMA-376 Part 1, 20.1.2.2.8 has it) and
in the PDF (each Figure's /Alt), from the same spec as the chart itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile

import pytest
from years import year_to

from spp_xl.core.engine import summarise
from spp_xl.core.register import load_register
from spp_xl.report import export_report
from spp_xl.report.build import build_report
from spp_xl.report.spec import Chart
from spp_xl.sources import load_inputs
from test_report_pdf import ILLUSTRATIVE_FAMILY_GROUP

MEETINGS = {"2015/16 Jun": dt.date(2015, 7, 23), "2015/16 Sep": dt.date(2015, 10, 22),
            "2015/16 Mar": dt.date(2016, 5, 19)}


def _inputs(as_of: str, family: bool = True):
    inputs = load_inputs()
    if family:
        inputs = dataclasses.replace(inputs, family_group=ILLUSTRATIVE_FAMILY_GROUP)
    if as_of != "2015/16 Jun":
        inputs = dataclasses.replace(inputs, dataset=year_to(load_register(), as_of))
    return inputs


def _charts(as_of: str) -> dict:
    inputs = _inputs(as_of)
    report = build_report(summarise(inputs.register, inputs.dataset, as_of), inputs, MEETINGS[as_of])
    return {(sheet.name, k): block for sheet in report.sheets
            for k, block in enumerate(b for b in sheet.blocks if isinstance(b, Chart))}


def chart_descriptions(xlsx) -> list[str]:
    """The descr of every chart frame in the file's drawings, in order of the drawings."""
    with zipfile.ZipFile(xlsx) as package:
        names = sorted((n for n in package.namelist() if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n)),
                       key=lambda n: int(re.search(r"(\d+)\.xml", n).group(1)))
        frames = [frame for n in names
                  for frame in re.findall(r"<xdr:graphicFrame.*?</xdr:graphicFrame>", package.read(n).decode(), re.S)]
    out = []
    for frame in frames:
        assert "drawingml/2006/chart" in frame  # every frame is a chart
        found = re.search(r'<xdr:cNvPr [^>]*descr="([^"]*)"', frame)
        out.append(found.group(1) if found else "")
    return out


# ------------------------------------------------------------------ the words


def test_the_asb_chart_says_what_it_shows():
    charts = _charts("2015/16 Jun")
    asb = next(c for (sheet, _), c in charts.items() if sheet.endswith(" asb"))
    # the seed's figures: 2,527 to June, 2,713 a year before, the profile 9,800 x the months' share
    assert asb.description == ("Reduce Anti-social Behaviour incidents. Cumulative incidents, April to June 2015: "
                               "2,527, against 2,713 last year and a target profile of 2,514.")


@pytest.mark.parametrize("as_of, measure, expected", [
    ("2015/16 Jun", "sac", "Serious Acquisitive Crime. Cumulative serious acquisitive crime offences, April to May "
                           "2015: 391, against 334 last year."),  # lagging a month; monitoring: no target
    ("2015/16 Jun", "crime_gap", "Year-to-date crimes per 1,000 residents, April to June 2015: 18.00, against 19.60 "
                                 "last year and a target profile of 19.32."),  # a rate, to its two places
    ("2015/16 Jun", "dash_training", "Cumulative professionals trained, April to June 2015: 58, against 15 last "
                                     "year and a target profile of 50."),  # quarterly: Q1 is April to June
    ("2015/16 Mar", "da_referrals", "Cumulative referrals, April 2015 to March 2016:"),  # the year end
])
def test_each_measure_chart_says_its_latest_figure_against_last_year_and_the_profile(as_of, measure, expected):
    charts = _charts(as_of)
    chart = next(c for (sheet, _), c in charts.items() if sheet.endswith(f" {measure}"))
    assert expected in chart.description
    this = next(s for s in chart.series if s.role == "this_year")
    latest = [v for v in this.values if v is not None][-1]
    assert f"{latest:,.{2 if measure == 'crime_gap' else 0}f}" in chart.description


def test_the_family_group_chart_says_where_we_stand():
    charts = _charts("2015/16 Jun")
    first = charts[("Family group", 0)]
    # the illustrative group: A..N at 10.0 to 23.0, Plymouth 17.9: six partnerships above us
    assert first.description == (
        "Crimes per 1,000 residents, all crime, 01 Apr 15 - 30 Jun 15, for the 15 partnerships of the most "
        "similar group: Plymouth 17.90, the 7th highest; the group runs from 10.00 to 23.00. The table on this "
        "page gives every partnership's figure.")


def test_a_measure_with_no_figures_yet_says_so():
    from spp_xl.report import describe
    from spp_xl.report.spec import Series

    empty = Chart("t", ("Apr", "May"), (Series("Cumulative 2016/17", (None, None), "this_year", "column"),))
    assert describe.measure_chart(empty, "ASB", "incidents", 2016, 0) == "ASB. Cumulative incidents: no figures " \
                                                                            "for this year yet."


# ------------------------------------------------------------------ the .xlsx


@pytest.mark.parametrize("as_of", list(MEETINGS))
def test_every_chart_in_the_xlsx_carries_its_description(as_of, tmp_path):
    path = tmp_path / "report.xlsx"
    export_report(_inputs(as_of), path, as_of=as_of, meeting_date=MEETINGS[as_of])
    got = chart_descriptions(path)
    wanted = [c.description for c in _charts(as_of).values()]
    assert len(got) == len(wanted) == 10  # two family-group charts and eight measures
    assert all(got) and sorted(got) == sorted(d.replace("&", "&amp;") for d in wanted)
