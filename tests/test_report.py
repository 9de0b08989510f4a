"""The board report: what is in it equals what the engine says, text stays text, the
print set-up is what the board needs, and the command behaves."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile

import openpyxl
import pytest

from spp_xl.cli import main
from spp_xl.core.engine import summarise
from spp_xl.core.framework import framework
from spp_xl.core.periods import AsOf
from spp_xl.report import export_report, file_label, long_date, period_covered
from spp_xl.report.build import banner_text, staff_commentary
from spp_xl.core.inputs import FamilyGroup, FamilyGroupRow, Recommendation

MEETING = dt.date(2015, 7, 23)
CREATED = dt.datetime(2015, 7, 16, 9, 0)


@pytest.fixture(scope="module")
def engine(bundled):
    return summarise(bundled.register, bundled.dataset)


@pytest.fixture(scope="module")
def report(tmp_path_factory, bundled):
    path = tmp_path_factory.mktemp("report") / "report.xlsx"
    result = export_report(bundled, path, meeting_date=MEETING, created=CREATED)
    return result, openpyxl.load_workbook(path)


def rows_by_label(ws) -> dict:
    return {row[0].value: row for row in ws.iter_rows() if isinstance(row[0].value, str)}


def fill(cell) -> str:
    return "#" + str(cell.fill.fgColor.rgb)[-6:].upper()


# -- words and names ----------------------------------------------------------------------

@pytest.mark.parametrize("as_of, covered, label", [
    ("2015/16 Jun", "April to June 2015 (quarter one 2015/16)", "2015-16_Q1"),
    ("2015/16 Jul", "April to July 2015 (2015/16 to July)", "2015-16_Jul"),
    ("2015/16 Dec", "April to December 2015 (quarter three 2015/16)", "2015-16_Q3"),
    ("2015/16 Mar", "April 2015 to March 2016 (quarter four 2015/16)", "2015-16_Q4"),
    ("2015/16 Apr", "April 2015 (2015/16 to April)", "2015-16_Apr"),
])
def test_period_words_and_file_label(as_of, covered, label):
    point = AsOf.parse(as_of)
    assert period_covered(point) == covered
    assert file_label(point) == label


def test_meeting_date_is_written_out_in_full():
    assert long_date(MEETING) == "Thursday 23 July 2015"


# -- the numbers --------------------------------------------------------------------------

def test_every_measure_table_equals_the_engine(report, engine):
    result, wb = report
    active = [r for r in engine.results if not r.measure.is_developing]
    assert len(active) == 8
    for k, r in enumerate(active, 1):
        ws = wb[f"2.{k} {r.measure.id}"]  # section 2: no family group to chart
        rows, n = rows_by_label(ws), len(r.rows.periods)

        def values(label):
            return [c.value for c in rows[label][4:4 + n]]

        assert values("Actual 2015/16") == r.rows.this_year
        assert values("Actual 2014/15") == r.rows.last_year
        assert values("Cumulative 2015/16") == r.rows.this_cumulative
        assert values("Cumulative 2014/15") == r.rows.last_cumulative
        if r.rows.profile is None:
            assert "Target 2015/16" not in rows
        else:
            assert values("Target 2015/16") == r.rows.profile
        assert values("Change on 2014/15") == [None if c is None else c[0] for c in r.rows.change]
        assert values("% change on 2014/15") == pytest.approx([None if c is None else c[1] for c in r.rows.change])
        assert [c.value for c in rows["Actual 2014/15"][1:4]] == [v for _, v in r.rows.outturns]
        # the YTD figure the judgement rests on sits in the as-of column
        assert rows["Cumulative 2015/16"][4 + r.period_index].value == r.ytd_actual
        assert ws.cell(2, 1).value == banner_text(r, "2015/16")
        assert fill(ws.cell(2, 1)) == framework().style(r.rag).colour


def test_seed_figures_appear_where_the_board_expects_them(report):
    _, wb = report
    asb = rows_by_label(wb["2.6 asb"])
    assert [c.value for c in asb["Cumulative 2015/16"][4:7]] == [864, 1758, 2527]
    assert [c.value for c in asb["Target 2015/16"][4:7]] == [838, 1676, 2514]
    assert asb["Actual 2014/15"][3].value == 10065  # not the seed's 10,299: the months add to 10,065
    pct = asb["% change on 2014/15"]
    assert pct[6].value == pytest.approx(-186 / 2713)
    assert "%" in pct[6].number_format
    assert all(c.value is None for c in pct[7:16])  # not reported yet: blank, never -100%
    referrals = rows_by_label(wb["2.4 da_referrals"])
    assert [c.value for c in referrals["Target 2015/16"][4:8]] == [667, 1334, 2001, 2666]
    assert referrals["Change on 2014/15"][4].value == -104
    assert referrals["Change on 2014/15"][4].number_format.startswith("+#,##0")
    gap = rows_by_label(wb["2.1 crime_gap"])
    assert gap["Target 2015/16"][6].value == 19.32
    assert gap["Target 2015/16"][6].number_format == "#,##0.00"


def test_exception_items_carry_title_banner_and_commentary(report, engine):
    _, wb = report
    ws = wb["Exception items"]
    column_a = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    for r in engine.results:
        if r.measure.is_developing:
            continue
        at = column_a.index(r.measure.title) + 1
        banner = ws.cell(at + 1, 1)
        assert banner.value == banner_text(r, "2015/16")
        assert fill(banner) == framework().style(r.rag).colour
        assert ws.cell(at + 2, 2).value is None  # a spacer row between banner and bullets
        bullets = [ws.cell(at + 3 + i, 2).value for i in range(len(r.commentary))]
        assert bullets == list(r.commentary)
    dv = column_a.index("Increase Reporting of Domestic Violence (Crimes and Incidents)") + 2
    assert ws.cell(dv, 1).value == ("SOME CONCERNS ABOUT PERFORMANCE IN THIS AREA (WITHIN 15% OF PERFORMANCE "
                                    "MEASURE) - (2015/16 performance measure - record at least 6,588 crimes)")
    # The register says "record more than 6587": restated as the target the bullets quote (6,588).
    assert "6,588" in " ".join(engine.result("dv_reporting").commentary)
    assert fill(ws.cell(dv, 1)) == "#FFC000"
    developing = [r.measure.title for r in engine.results if r.measure.is_developing]
    texts = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    for title in developing:
        assert f"{title}: no data yet." in texts


def test_contents_lists_every_measure_and_marks_the_developing_ones(report, engine):
    _, wb = report
    texts = [c.value for c in wb["Contents"]["A"] if c.value]
    for r in engine.results:
        expected = (f"{r.measure.title} - to be reported at the next board" if r.measure.is_developing
                    else r.measure.title)
        assert expected in texts


def test_cover_and_footer_name_the_meeting_and_period(report):
    _, wb = report
    cover = [c.value for c in wb["Cover"]["A"] if c.value]
    assert "Performance Report" in cover and "Safer Plymouth Partnership" in cover
    assert "Board meeting: Thursday 23 July 2015" in cover
    assert "Period covered: April to June 2015 (quarter one 2015/16)" in cover
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            assert ws.oddFooter.center.text == "Safer Plymouth Partnership | Thursday 23 July 2015 | Page &P of &N"


def test_recommendations_and_data_quality_notes(report, bundled, engine):
    _, wb = report
    recs = wb["Recommendations"]
    numbers = [c.value for c in recs["A"] if isinstance(c.value, (int, float))]
    assert numbers == list(range(1, 18))
    assert recs.cell(3 + 17, 2).value == bundled.recommendations[16].text  # header on row 3
    notes = [c.value for c in wb["Data quality"]["D"] if c.value]
    warnings = [f.message for f in engine.findings if f.severity == "warning"]
    assert len(warnings) == 3
    assert notes[1:] == warnings


# -- nothing but values and text ---------------------------------------------------------

def sheet_xml(path) -> dict:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode() for n in z.namelist() if n.endswith((".xml", ".rels"))}


def test_the_report_holds_no_formula(report):
    result, _ = report
    for name, xml in sheet_xml(result.xlsx).items():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in xml and "<f " not in xml, name
        assert "SPP_" not in xml, name


def test_text_beginning_with_equals_stays_text(tmp_path, bundled):
    hostile = "=SPP_RAG(1,2)"
    inputs = dataclasses.replace(
        bundled,
        commentary={"asb": [hostile, "  ", "- plain"]},
        recommendations=(Recommendation(1, "=HYPERLINK(\"http://x\")", "=1+1", "on track"),),
        family_group=FamilyGroup(("=A1",), (FamilyGroupRow("=Plymouth", (70.1,), True),)),
    )
    path = tmp_path / "r.xlsx"
    export_report(inputs, path, meeting_date=MEETING)
    wb = openpyxl.load_workbook(path)
    ws = wb["Exception items"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" for c in cells)
    recs = wb["Recommendations"]
    assert recs["B4"].value == "=HYPERLINK(\"http://x\")" and recs["B4"].data_type == "s"
    assert recs["C4"].value == "=1+1" and recs["C4"].data_type == "s"
    fg = wb["Family group"]
    header = next(c.row for c in fg["B"] if c.value == "Partnership")
    assert fg.cell(header + 1, 2).value == "=Plymouth" and fg.cell(header + 1, 2).data_type == "s"
    for name, xml in sheet_xml(path).items():
        if name.startswith(("xl/worksheets/", "xl/charts/")):
            assert "<f>=" not in xml and "<f>SPP" not in xml and "<c:f>=" not in xml, name


def test_staff_commentary_wins_and_is_tidied(bundled):
    inputs = dataclasses.replace(bundled, commentary={"asb": "\u2022 First point.\n\nSecond point.  "})
    assert staff_commentary(inputs, "asb") == ("First point.", "Second point.")
    assert staff_commentary(inputs, "sac") == ()


# -- family group -------------------------------------------------------------------------

ILLUSTRATIVE_FAMILY_GROUP = FamilyGroup(  # illustrative numbers, not iQuanta's
    ("01 Apr 15 - 30 Jun 15", "01 Jan 15 - 31 Mar 15"),
    (FamilyGroupRow("Partnership A", (14.2, 15.0)), FamilyGroupRow("Plymouth", (17.9, 18.4), True),
     FamilyGroupRow("Partnership B", (19.6, None))),
)


def test_family_group_chart_is_drawn_from_the_pasted_figures(tmp_path, bundled):
    path = tmp_path / "fg.xlsx"
    export_report(dataclasses.replace(bundled, family_group=ILLUSTRATIVE_FAMILY_GROUP), path,
                  meeting_date=MEETING)
    wb = openpyxl.load_workbook(path)
    ws = wb["Family group"]
    top = next(c.row for c in ws["B"] if c.value == "Partnership")
    assert [ws.cell(top + r, 2).value for r in (1, 2, 3)] == ["Partnership A", "Plymouth", "Partnership B"]
    assert [ws.cell(top + 2, c).value for c in (3, 4)] == [17.9, 18.4]
    assert ws.cell(top + 3, 4).value is None
    xml = sheet_xml(path)
    sheets = re.findall(r'<sheet name="([^"]+)"', xml["xl/workbook.xml"])
    drawing_rels = xml.get(f"xl/worksheets/_rels/sheet{sheets.index('Family group') + 1}.xml.rels", "")
    assert drawing_rels.count("<Relationship ") == 1 and "drawings/drawing" in drawing_rels
    bar_charts = [x for n, x in xml.items()
                  if n.startswith("xl/charts/") and "<c:barChart>" in x and "<c:v>Partnership A</c:v>" in x]
    assert len(bar_charts) == 2  # one a period, as iQuanta draws them
    assert all("1F4E79" in x for x in bar_charts)  # our own bar stands out


def test_without_family_group_figures_the_page_and_its_contents_line_are_left_out(report):
    _, wb = report
    assert "Family group" not in wb.sheetnames
    contents = " ".join(str(c.value) for row in wb["Contents"].iter_rows() for c in row if c.value)
    assert "family group" not in contents.lower()
    assert "1. Exception items" in contents and "2. Performance measures" in contents
    assert "3. Performance on strategic" in contents and "4. Data-quality notes" in contents


# -- print set-up -------------------------------------------------------------------------

def test_every_sheet_prints_a4_landscape_one_page_wide(report):
    result, wb = report
    promised = dict(result.sheet_pages)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == 9, ws.title
        if promised[ws.title] == 1:
            assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, None)
            assert ws.page_setup.fitToHeight in (1, None)
        else:  # Excel ignores manual page breaks under "fit to": a scale and breaks instead
            assert int(ws.page_setup.scale) < 100
            assert len(ws.row_breaks.brk) == promised[ws.title] - 1
        assert ws.print_area, ws.title
    assert promised["Cover"] == 1 and promised["2.6 asb"] == 1
    assert result.pages == sum(promised.values())


def test_header_rows_repeat_and_panes_freeze(report):
    _, wb = report
    assert wb["Recommendations"].print_title_rows == "$3:$3"
    assert wb["Recommendations"].freeze_panes == "A4"
    assert wb["Exception items"].print_title_rows == "$1:$1"
    assert wb["2.6 asb"].freeze_panes == "B4"
    assert wb["Chart data"].sheet_state == "hidden"


# -- the command --------------------------------------------------------------------------

def test_export_command_default_path_refusal_and_force(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export"]) == 0
    target = tmp_path / "exports" / "SPP_Board_Report_2015-16_Q1.xlsx"
    assert target.exists()
    assert str(target) in capsys.readouterr().out
    before = target.read_bytes()
    assert main(["export"]) == 2
    err = capsys.readouterr().err
    assert "already exists; use --force" in err and "Traceback" not in err
    assert target.read_bytes() == before
    assert main(["export", "--force", "--as-of", "2015/16 May"]) == 0
    assert (tmp_path / "exports" / "SPP_Board_Report_2015-16_May.xlsx").exists()
    assert [p.name for p in (tmp_path / "exports").iterdir() if p.name.startswith(".")] == []  # no temp left


def test_export_beside_a_csv_source(tmp_path, capsys):
    from pathlib import Path
    source = tmp_path / "figures.csv"
    source.write_text((Path(__file__).parent / "fixtures" / "seed_as_published.csv").read_text())
    # the seed as published carries all crime's 4,799 forward to March: name the month
    assert main(["export", str(source), "--meeting-date", "2015-07-23", "--as-of", "2015/16 Jun"]) == 0
    assert (tmp_path / "exports" / "SPP_Board_Report_2015-16_Q1.xlsx").exists()


def test_data_errors_stop_the_export(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("measure,year,period,value\nasb,2015/16,Apr,864\nasb,2015/16,May,-3\n")
    out = tmp_path / "r.xlsx"
    assert main(["export", str(bad), "-o", str(out)]) == 1
    assert "negative" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("args, message", [
    (["--meeting-date", "23/07/2015"], "is not a date of the form YYYY-MM-DD"),
    (["-o", "report.pdf"], "ending in .xlsx"),
    (["-o", "no/such/folder/r.xlsx"], "does not exist"),
])
def test_bad_arguments_exit_2_with_one_line(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(["export", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_pdf_without_libreoffice_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    import spp_xl.files.libreoffice
    monkeypatch.setattr(spp_xl.files.libreoffice, "soffice", lambda: None)
    out = tmp_path / "r.xlsx"
    assert main(["export", "-o", str(out), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert "apt-get install -y libreoffice-calc" in err
    assert not out.exists()  # refused before anything was written


def test_an_active_measure_without_figures_says_no_data_yet(tmp_path, bundled):
    from spp_xl.core.dataset import Dataset
    kept = [o for o in bundled.dataset.observations if not (o.measure == "asb" and o.year.start == 2015)]
    inputs = dataclasses.replace(bundled, dataset=Dataset(kept, bundled.dataset.source))
    path = tmp_path / "r.xlsx"
    export_report(inputs, path, meeting_date=MEETING)
    ws = openpyxl.load_workbook(path)["2.6 asb"]
    assert ws["A2"].value == "NO FIGURES FOR THE YEAR YET: NOT JUDGED"
    assert all(c.value is None for c in rows_by_label(ws)["Cumulative 2015/16"][4:])


def test_the_description_knows_nothing_of_excel():
    import subprocess
    import sys
    code = ("import sys\nimport spp_xl.report, spp_xl.report.build, spp_xl.report.layout, spp_xl.report.template\n"
            "from spp_xl.report.build import build_report\n"
            "print(','.join(m for m in ('xlsxwriter', 'openpyxl', 'xlwings') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_a_report_made_to_an_earlier_quarter_prints_nothing_typed_after_it(tmp_path, bundled):
    # Figures typed through September, the quarter-one report asked for (--as-of "2015/16 Jun",
    # as when the board's paper is made again, or July is typed before the paper goes): its
    # pages judge at June and must print June's figures, not September's beside them.
    from years import year_to
    from spp_xl.report.build import build_report
    from spp_xl.report.spec import Chart, Table
    inputs = dataclasses.replace(bundled, dataset=year_to(bundled.register, "2015/16 Sep"))
    as_of = "2015/16 Jun"
    report = build_report(summarise(inputs.register, inputs.dataset, as_of), inputs, MEETING)
    sheet = next(s for s in report.sheets if s.name.endswith("asb"))
    table = next(b for b in sheet.blocks if isinstance(b, Table))
    rows = {row.key: [c.value for c in row.cells] for row in table.rows}
    # Apr, May, Jun typed (864, 894, 769); July to March blank, though July to September are typed
    assert rows["this_year"][4:] == [864, 894, 769] + [None] * 9
    assert rows["this_cumulative"][4:] == [864, 1758, 2527] + [None] * 9
    assert rows["change"][4:7] == [56, 68, -186] and rows["change"][7:] == [None] * 9
    chart = next(b for b in sheet.blocks if isinstance(b, Chart))
    this = next(s for s in chart.series if s.role == "this_year")
    assert this.values == (864, 1758, 2527) + (None,) * 9
    # the words said what the chart drew: "April to September 2015" on a quarter-one page
    assert chart.description == ("Reduce Anti-social Behaviour incidents. Cumulative incidents, April to June 2015: "
                                 "2,527, against 2,713 last year and a target profile of 2,514.")
    # a quarterly measure the same: Q1's 525 referrals, Q2 typed and not printed
    sheet = next(s for s in report.sheets if s.name.endswith("da_referrals"))
    table = next(b for b in sheet.blocks if isinstance(b, Table))
    assert [c.value for c in table.rows[1].cells][4:] == [525, None, None, None]
    # exported, the same: the workbook's ASB sheet has nothing after June in this year's rows
    path = tmp_path / "q1.xlsx"
    export_report(inputs, path, as_of=as_of, meeting_date=MEETING)
    ws = openpyxl.load_workbook(path)["2.6 asb"]
    assert [c.value for c in rows_by_label(ws)["Actual 2015/16"][4:]] == [864, 894, 769] + [None] * 9


def test_a_percentage_made_to_an_earlier_quarter_pools_only_its_quarters(tmp_path):
    # 45 of 50 in Q1, 40 of 60 in Q2 typed; the quarter-one report prints Q1's counts alone:
    # 90.0% to date (45 of 50), never Q2's 66.7% or the pooled 77.3% (85 of 110) beside it
    from test_percent import FIGURES, figures, register
    from spp_xl.core.inputs import Inputs
    from spp_xl.report.build import build_report
    from spp_xl.report.spec import Table
    inputs = Inputs(register(tmp_path), figures(FIGURES), "figures.csv", "csv")
    report = build_report(summarise(inputs.register, inputs.dataset, "2015/16 Jun"), inputs, MEETING)
    sheet = next(s for s in report.sheets if s.name.endswith("sat"))
    table = next(b for b in sheet.blocks if isinstance(b, Table))
    rows = {row.key: [c.value for c in row.cells][4:] for row in table.rows}
    assert rows["this_denominator"] == [50, None, None, None]
    assert rows["this_numerator"] == [45, None, None, None]
    assert rows["this_cumulative"] == [90.0, None, None, None]
    assert rows["last_cumulative"][:2] == [pytest.approx(100 * 38 / 48), pytest.approx(100 * 82 / 103)]


def _bar_charts_scaling(path) -> list[str]:
    """The value axis' scaling of every chart in ``path`` that draws bars (c:barChart)."""
    with zipfile.ZipFile(path) as package:
        xml = [package.read(n).decode() for n in package.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    return [re.search(r"<c:valAx>.*?<c:scaling>(.*?)</c:scaling>", x, re.S).group(1) for x in xml if "<c:barChart>" in x]


def test_every_bar_is_drawn_from_zero(tmp_path):
    # A percentage's year to date, 90.0% at Q1 (45 of 50) and 77.3% at Q2 (85 of 110), against
    # last year's 79.2% and 79.6%: left to itself the axis starts near the lowest figure (LibreOffice
    # drew such a chart from 76%, a bar of 79.1% a third the height of one of 84.4%). A bar's
    # height is its figure: every chart with bars, in the report and the workbooks, starts at 0.
    from test_percent import FIGURES, figures, register
    from spp_xl.core.inputs import Inputs
    inputs = Inputs(register(tmp_path), figures(FIGURES), "figures.csv", "csv")
    path = tmp_path / "q2.xlsx"
    export_report(inputs, path, as_of="2015/16 Sep", meeting_date=dt.date(2015, 10, 22))
    from pathlib import Path
    books = [Path(__file__).resolve().parent.parent / "workbook" / name
             for name in ("SPP_Performance.xlsm", "SPP_Performance_Lite.xlsx")]
    for book in (path, *books):
        scaling = _bar_charts_scaling(book)
        assert scaling and all('<c:min val="0"/>' in s for s in scaling), (book, scaling)
