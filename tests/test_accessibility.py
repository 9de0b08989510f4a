"""The board report can be published: every chart described in words, in the .xlsx (Excel's
Alt Text, the ``descr`` of its drawing frame, as ECMA-376 Part 1, 20.1.2.2.8 has it) and
in the PDF (each Figure's /Alt), from the same spec as the chart itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path

import pikepdf
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


@pytest.mark.parametrize("name", ["SPP_Performance.xlsm", "SPP_Performance_Lite.xlsx"])
def test_every_chart_in_the_bundled_workbooks_is_described(name):
    # The family-group charts had no Alt Text: a screen reader said only "chart". Their figures
    # are pasted by staff, so the words say where to find them rather than quote them.
    got = chart_descriptions(Path(__file__).resolve().parent.parent / "workbook" / name)
    assert len(got) == 2
    for description, column in zip(got, "CD"):
        assert description == ("Bar chart: crimes per 1,000 residents of each partnership in the most similar group, "
                               f"for the period named in cell {column}4; the figures are in the table, column "
                               f"{column}. The partnership marked Yes (ours) has a bar of its own colour.")


# ------------------------------------------------------------------ the PDF



@pytest.fixture(scope="module", params=["2015/16 Jun", "2015/16 Sep"])
def printed(request, tmp_path_factory):
    """The report printed to PDF through LibreOffice and tagged: quarter one with an
    illustrative family group (two charts a page), quarter two."""
    as_of = request.param
    path = tmp_path_factory.mktemp("tagged") / "report.xlsx"
    result = export_report(_inputs(as_of), path, as_of=as_of, meeting_date=MEETINGS[as_of], pdf=True)
    return as_of, result


def _tree(pdf):
    def walk(elem, depth=0):
        yield elem, depth
        kids = elem.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield from walk(kid, depth + 1)
    top = pdf.Root.StructTreeRoot.K
    return [found for elem in (top if isinstance(top, pikepdf.Array) else [top]) for found in walk(elem)]


def test_the_pdf_is_marked_tagged_in_english_with_its_title(printed):
    as_of, result = printed
    with pikepdf.open(result.pdf) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        title = str(pdf.docinfo["/Title"])
        assert title.startswith("Safer Plymouth Partnership Performance Report: April to ")
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == title
        elems = _tree(pdf)
        roles = [str(e.S) for e, _ in elems]
        assert roles[0] == "/Document" and roles.count("/Sect") == len(result.sheet_pages)
        assert roles.count("/H1") == 1 and roles.count("/Table") >= 10  # glance, 8 measures, family, ...


def test_every_figure_says_what_its_chart_shows(printed):
    as_of, result = printed
    wanted = [c.description for c in _charts(as_of).values()]
    with pikepdf.open(result.pdf) as pdf:
        figures = [e for e, _ in _tree(pdf) if e.S == pikepdf.Name.Figure]
        assert [str(f.Alt) for f in figures] == wanted  # in reading order, none empty
        assert all(str(f.Alt).strip() for f in figures) and len(figures) == 10


def test_every_drawn_thing_is_content_or_an_artifact(printed):
    """Nothing a page draws is left unmarked (PDF/UA-1, 7.1): each text object and chart is
    a structure element's content, each rule, fill and footer an artifact; and each MCID the
    parent tree lists belongs to the element that claims it."""
    _, result = printed
    paint = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}
    with pikepdf.open(result.pdf) as pdf:
        parents = dict(zip(list(pdf.Root.StructTreeRoot.ParentTree.Nums)[::2],
                           list(pdf.Root.StructTreeRoot.ParentTree.Nums)[1::2]))
        for page in pdf.pages:
            depth, unmarked, mcids = 0, [], []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in ("BDC", "BMC"):
                    depth += 1
                    if len(operands) > 1 and "/MCID" in operands[1]:
                        mcids.append(int(operands[1].MCID))
                elif name == "EMC":
                    depth -= 1
                elif name in paint and depth == 0:
                    unmarked.append(name)
            assert unmarked == [] and depth == 0
            owners = parents[int(page.StructParents)]
            assert sorted(mcids) == list(range(len(owners)))
            for mcid in mcids:
                kids = owners[mcid].K
                kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
                assert mcid in [int(k) for k in kids if not isinstance(k, pikepdf.Dictionary)]


def test_a_screen_reader_reads_the_report_in_order(printed):
    from spp_xl.files import read_tagged_pdf

    as_of, result = printed
    read = read_tagged_pdf(result.pdf)
    headings = [text for role, text, _ in read if role == "H2"]
    assert headings[0].startswith("The quarter at a glance") and headings[1] == "List of contents"
    assert headings[2] == "1. Exception items" and headings[3] == "2. Current family group position"
    assert headings[4].startswith("3.1 Closing the gap") and headings[-1] == "5. Data-quality notes"
    items = [text for role, text, _ in read if role == "H3"]
    assert items[-1] == "Measures being developed" and len(items) == 9
    # the ASB table: its header heads the columns, each row's label heads its row
    at = next(k for k, (role, text, _) in enumerate(read) if role == "H2" and "Anti-Social" in text)
    table = read[next(k for k in range(at, len(read)) if read[k][0] == "Table"):]
    row = [t for role, t, _ in table[:40]]
    assert row[:3] == ["", "", "Reduce Anti-social Behaviour incidents"] and "Out-turn 14/15" in row
    assert ("TH", "Actual 2015/16", 4) in table[:80]
    glance = [text for role, text, _ in read if role == "TD" and ("better" in text or "worse" in text)]
    assert glance and all(text[0] in "\u25b2\u25bc" for text in glance)  # the arrow first, as printed


def test_the_bookmarks_are_the_headings(printed):
    _, result = printed
    with pikepdf.open(result.pdf) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
        assert titles[:4] == ["Performance Report", titles[1], "List of contents", "1. Exception items"]
        assert titles[1].startswith("The quarter at a glance") and titles[-1] == "5. Data-quality notes"
        assert len(outline.root[3].children) == 9  # each exception item
        # and a reader opens with them shown (WCAG technique PDF2): left to the reader, most open
        # on the first page with the pane shut, and a screen reader's user does not learn they exist
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines


def test_an_independent_checker_finds_no_error(printed):
    """pdfua (the machine-checkable part of PDF/UA-1 and WCAG 2.1, apart from our code) finds
    no error; its one warning is that the file does not claim PDF/UA, which it does not."""
    import pdfua

    _, result = printed
    report = pdfua.validate(str(result.pdf))
    errors = [f"{f.rule_id}: {f.message}" for f in report.findings if f.severity.name == "ERROR"]
    assert errors == []
    assert {f.rule_id for f in report.findings} <= {"UA-28-004"}


def test_libreoffices_own_tagging_leaves_figures_without_alt(tmp_path):
    """Why the PDF is tagged afresh: LibreOffice's tagged export of the same .xlsx leaves each
    chart's /Alt empty although the .xlsx describes it, and most cells' text unmarked."""
    from spp_xl.files.libreoffice import TAGGED_PDF, convert

    xlsx = tmp_path / "report.xlsx"
    export_report(_inputs("2015/16 Jun", family=False), xlsx, meeting_date=MEETINGS["2015/16 Jun"])
    made = convert(xlsx, TAGGED_PDF, tmp_path / "raw", recalculate=False)
    with pikepdf.open(made) as pdf:
        figures = [e for e, _ in _tree(pdf) if e.S == pikepdf.Name.Figure]
        assert len(figures) == 8 and not any(str(f.get("/Alt", "")).strip() for f in figures)
        assert not any(e.S == pikepdf.Name.Table for e, _ in _tree(pdf))


def test_a_pdf_that_is_not_what_the_report_printed_is_refused(tmp_path):
    """The tagging finds every cell's text where the report printed it, or stops saying what differs."""
    from spp_xl.core.errors import InputError
    from spp_xl.files import tag_pdf
    from spp_xl.files.libreoffice import TAGGED_PDF, convert
    from spp_xl.files.tags import Shown
    from spp_xl.report.tags import document
    from spp_xl.report.xlsx import write_xlsx

    inputs = _inputs("2015/16 Jun", family=False)
    report = build_report(summarise(inputs.register, inputs.dataset), inputs, MEETINGS["2015/16 Jun"])
    rendered = write_xlsx(report, tmp_path / "report.xlsx")
    made = convert(rendered.path, TAGGED_PDF, tmp_path, recalculate=False)
    doc = document(report, rendered)
    glance = doc.sheets[1]
    row = glance.rows[3]  # the table's first measure
    changed = dataclasses.replace(row, cells=(row.cells[0], Shown(row.cells[1].node, text="May"), *row.cells[2:]))
    wrong = dataclasses.replace(doc, sheets=(doc.sheets[0], dataclasses.replace(
        glance, rows=(*glance.rows[:3], changed, *glance.rows[4:])), *doc.sheets[2:]))
    with pytest.raises(InputError, match=r"page 2 \(At a glance\): the PDF shows 'Jun' on a row where the report "
                                         r"printed .*'May'"):
        tag_pdf(made, tmp_path / "tagged.pdf", wrong)
    fewer = dataclasses.replace(doc, sheets=doc.sheets[:-1])
    with pytest.raises(InputError, match="the PDF has 17 pages where the report printed 16"):
        tag_pdf(made, tmp_path / "tagged.pdf", fewer)
    assert not (tmp_path / "tagged.pdf").exists()


def test_text_pasted_from_a_pdf_with_its_ligatures_is_tagged(tmp_path):
    """Commentary copied out of another PDF brings its ligatures as characters: "ﬁgures" (U+FB01)
    and "ﬀ" (U+FB00). The font's ToUnicode map gives what LibreOffice drew for them as "fi" and
    "ff", so the PDF was refused ("the PDF shows 'fine ff' on a row where the report printed
    'ﬁne ﬀ'") and could not be published. They are the same text: compared as Unicode's
    compatibility form (NFKC) has them, the PDF is tagged, its list item the staff's words."""
    from spp_xl.files import read_tagged_pdf

    inputs = dataclasses.replace(_inputs("2015/16 Jun", family=False),
                                 commentary={"asb": "The ﬁgures for June are ﬁnal; the diﬀerence is the new recording."})
    result = export_report(inputs, tmp_path / "report.xlsx", meeting_date=MEETINGS["2015/16 Jun"], pdf=True)
    said = [text for role, text, _ in read_tagged_pdf(result.pdf) if role == "LBody"]
    assert "The ﬁgures for June are ﬁnal; the diﬀerence is the new recording." in said


def test_text_pasted_with_characters_that_draw_nothing_is_tagged(tmp_path):
    """Word's soft hyphen (U+00AD, "co\u00adoperation"), a zero-width space from a web page or Teams
    (U+200B) and a byte-order mark (U+FEFF) draw nothing: LibreOffice printed "cooperation", and
    the export refused the PDF ("the PDF shows 'Reduce Serious Acquisitive Crime ...' on a row where
    the report printed 'co\xadoperation ...'", having run past the row). Unicode's format characters
    (category Cf) are compared as the nothing they draw."""
    typed = "Partnership co\u00adoperation im\u200bproved\ufeff in June."
    inputs = dataclasses.replace(_inputs("2015/16 Jun", family=False), commentary={"asb": typed})
    result = export_report(inputs, tmp_path / "report.xlsx", meeting_date=MEETINGS["2015/16 Jun"], pdf=True)
    assert result.pdf.is_file()


def test_pdf_without_pikepdf_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    import spp_xl.files as files
    from spp_xl.core.errors import InputError

    monkeypatch.setattr(files, "can_tag_pdf", lambda: False)
    with pytest.raises(InputError, match=r'pikepdf to make the PDF accessible .*pip install "spp_xl\[pdf\]"'):
        export_report(load_inputs(), tmp_path / "report.xlsx", pdf=True)
    assert list(tmp_path.iterdir()) == []
