"""A percentage made of counts in the workbook: two yellow count rows a year, and calculated from
them each period's percentage, the counts to date, the year to date pooled, the change in
percentage points and the year to date's 95% interval. Built from a tidy CSV, the workbook
reports exactly what the CSV does at every quarter; LibreOffice, calculating it, shows the
engine's figures; a figure typed over one is found; add-measure, new-year and the Lite workbook
take percentages; a percentage still being developed goes live in the workbook itself.

The figures are the year walk's (``tests/fixtures/quarters``): the satisfaction rate 45 of 50 in
quarter one, then 40 of 60 (85 of 110, 77.3%), 48 of 55 and 50 of 58 (183 of 223, 82.1%), against
a level of 85%; the monitored cohort 12 of 16 by June (fewer than the 30 needed: not judged), 25
of 32 by September.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import openpyxl
import pytest

from spp_xl.cli import main
from spp_xl.core.dataset import to_csv_text
from spp_xl.core.periods import AsOf, FinancialYear
from spp_xl.files.libreoffice import convert
from spp_xl.workbook import layout as L
from spp_xl.workbook import measure_schema as M
from spp_xl.workbook.reader import read_workbook

from test_percent import files
from test_quarters import FIXTURES, QUARTERS, dataset_at, register
from workbook_copies import edited_copy

THIS, LAST = FinancialYear(2015), FinancialYear(2014)
MEASURES = str(FIXTURES / "measures.toml")


def csv_at(folder, label: str) -> str:
    """The year walk's figures as they stand at ``label``, as a tidy CSV."""
    path = folder / "figures.csv"
    path.write_text(to_csv_text(dataset_at(AsOf.parse(label)).observations), encoding="utf-8")
    return str(path)


def summary_json(capsys, *argv) -> dict:
    assert main(["summary", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def quarter_two(tmp_path_factory):
    """The workbook built from quarter two's CSV."""
    folder = tmp_path_factory.mktemp("q2")
    book = folder / "book.xlsm"
    assert main(["build-workbook", csv_at(folder, "2015/16 Sep"), "--register", MEASURES, "-o", str(book)]) == 0
    return book


def cells(path, sheet: str) -> dict:
    """Row key -> the values of the measure sheet's row, from column B."""
    rows = M.rows_of(register().get(sheet))
    values = list(openpyxl.load_workbook(path, data_only=True)[sheet].iter_rows(values_only=True))
    return {key: values[r][M.LABEL_COL:] for key, r in rows.items()}


# ------------------------------------------------------------------ the CSV and the workbook agree


@pytest.mark.parametrize("label", QUARTERS)
def test_the_workbook_built_from_the_csv_reports_what_the_csv_does(tmp_path, capsys, label):
    csv, book = csv_at(tmp_path, label), tmp_path / "book.xlsm"
    assert main(["build-workbook", csv, "--register", MEASURES, "-o", str(book)]) == 0
    capsys.readouterr()
    from_csv = summary_json(capsys, csv, "--register", MEASURES)
    assert summary_json(capsys, str(book)) == from_csv
    percentages = {m["id"]: m for m in from_csv["measures"] if m["unit"] == "percent"}
    satisfaction, cohort = percentages["satisfaction"], percentages["cohort"]
    # satisfaction's year to date, pooled: 45/50, 85/110, 133/165, 183/223
    expected = {"2015/16 Jun": (90.0, 45, 50), "2015/16 Sep": (77.3, 85, 110), "2015/16 Dec": (80.6, 133, 165),
                "2015/16 Mar": (82.1, 183, 223)}[label]
    assert (satisfaction["ytd_actual"], satisfaction["numerator"], satisfaction["denominator"]) == expected
    # the cohort: 12 of 16 offenders by June, fewer than the 30 needed
    assert (cohort["rag"] == "none") is (label == "2015/16 Jun")
    if label == "2015/16 Jun":
        assert cohort["judgement"] == "Not judged: 16 offenders in the cohort so far, 30 needed"


@pytest.mark.usefixtures("needs_libreoffice")
@pytest.mark.parametrize("label", ["2015/16 Jun", "2015/16 Mar"])
def test_libreoffice_calculates_the_sheets_as_the_engine(tmp_path, capsys, label):
    """Every formula recalculated by LibreOffice (the SPP_ functions it cannot run aside): the
    check of calculated cells, reading the formulas too, finds none showing anything else, and
    the summary is the CSV's."""
    csv, book = csv_at(tmp_path, label), tmp_path / "book.xlsm"
    assert main(["build-workbook", csv, "--register", MEASURES, "-o", str(book)]) == 0
    calculated = convert(book, "xlsx", tmp_path / "lo", recalculate=True)
    found = [f.describe() for f in read_workbook(calculated, formulas=True).dataset.findings
             if f.measure in ("satisfaction", "cohort") and "formula" in f.message]
    assert not found
    shown = cells(calculated, "satisfaction")
    at = {"2015/16 Jun": 0, "2015/16 Mar": 3}[label]
    q = M.FIRST_PERIOD_COL - M.LABEL_COL + at
    assert round(shown["this_cum"][q], 2) == {0: 90.0, 3: 82.06}[at]  # 45/50; 183/223
    assert shown["this_cum_den"][q] == {0: 50, 3: 223}[at]
    capsys.readouterr()
    assert summary_json(capsys, str(calculated)) == summary_json(capsys, csv, "--register", MEASURES)


def test_the_sheet_has_yellow_count_rows_and_calculated_percentages(quarter_two):
    shown = cells(quarter_two, "satisfaction")
    first = M.FIRST_PERIOD_COL - M.LABEL_COL
    assert shown["this_num"][:1] == ("Victims satisfied 2015 - 2016",)
    assert shown["this_num"][first:first + 4] == (45, 40, None, None)
    assert shown["this_den"][first:first + 4] == (50, 60, None, None)
    assert shown["last_den"][0] == "Victims surveyed 2014 - 2015"
    assert [round(v, 2) for v in shown["this_year"][first:first + 2]] == [90.0, 66.67]   # 45/50, 40/60
    assert [round(v, 2) for v in shown["this_cum"][first:first + 2]] == [90.0, 77.27]   # 45/50, 85/110
    assert [round(v, 2) for v in shown["last_cum"][first:first + 4]] == [79.17, 79.61, 79.35, 80.19]
    assert [round(v, 2) for v in shown["points"][first:first + 2]] == [10.83, -2.34]   # 77.27 - 79.61
    assert shown["this_cum_num"][first:first + 2] == (45, 85)
    assert [round(v, 2) for v in (shown["ytd_low"][first + 1], shown["ytd_high"][first + 1])] == [68.6, 84.11]
    assert shown["profile"][first:first + 4] == (85, 85, 85, 85)  # the level, at every quarter
    # last year's out-turn: its counts pooled, 170 of 212
    assert round(shown["last_year"][M.OUTTURN_COLS[-1] - M.LABEL_COL], 2) == 80.19
    book = openpyxl.load_workbook(quarter_two)
    sheet, rows = book["satisfaction"], M.rows_of(register().get("satisfaction"))
    typed = sheet.cell(rows["this_num"] + 1, M.FIRST_PERIOD_COL + 1)
    calculated = sheet.cell(rows["this_cum"] + 1, M.FIRST_PERIOD_COL + 1)
    assert typed.fill.fgColor.rgb != calculated.fill.fgColor.rgb and not typed.protection.locked
    assert calculated.value.startswith("=IF(") and calculated.number_format == '#,##0.0"%"'
    assert calculated.protection.locked
    key = {figure.heading: sheet.cell(rows["key"] + 1, M.key_col(figure.key) + 1)
           for figure in M.figures_of(M.KEY_FIGURES, register().get("satisfaction"))}
    to_date = f"$F${rows['this_cum_num'] + 1}:$I${rows['this_cum_num'] + 1}"  # read at the period reported
    assert key["Numerator to date"].value.startswith("=IF(") and to_date in key["Numerator to date"].value
    assert key["Change on last year"].number_format == '+#,##0.0" pts";-#,##0.0" pts";0" pts"'
    assert key["Year-end forecast"].value == '=""' and key["% change"].value == '=""'


def test_the_key_figures_banner_and_dashboard_say_what_the_engine_says(quarter_two):
    values = openpyxl.load_workbook(quarter_two, data_only=True)
    rows = M.rows_of(register().get("cohort"))
    sheet = values["cohort"]

    def key(name):
        return sheet.cell(rows["key"] + 1, M.key_col(name) + 1).value

    # the cohort by September: 25 of 32 (78.1%), judged (32 >= 30) and monitored: against last year's 21 of 32
    # (65.6%) by September, 12.5 points up, more than the 2 points of stable, and higher is better
    assert (key("period"), key("ytd_numerator"), key("ytd_denominator"), key("ytd")) == ("Sep", 25, 32,
                                                                                         pytest.approx(78.125))
    assert key("judgement") == "Monitoring only" and key("trend") == "better"
    dashboard = values[L.DASHBOARD]
    row = next(r for r in dashboard.iter_rows() if r[1].value == register().get("satisfaction").title)
    assert [c.value for c in row[2:5]] == ["Q2", pytest.approx(85 / 110 * 100), 85]
    assert row[3].number_format == '#,##0.0"%"'


def test_every_judgement_compares_its_figures_as_the_board_reads_them(quarter_two):
    # A year to date of 849 of 999 (84.98%) shows as 85.0% and meets a level of 85%, as the engine
    # judges it (test_percent): every SPP_JUDGEMENT a measure sheet calls compares its two figures
    # rounded to the measure's precision (the Workings' Precision cell), blank kept blank.
    book = openpyxl.load_workbook(quarter_two)
    precision = L.cell(M.TOP_ROWS["work"], M.work_col("precision"), absolute=True).replace("$", r"\$")
    figure = r"(\$[A-Z]+\$\d+)"
    compared = re.compile(rf"SPP_JUDGEMENT\(IF\(ISNUMBER\({figure}\),ROUND\(\1,{precision}\),\1\),"
                          rf"IF\(ISNUMBER\({figure}\),ROUND\(\2,{precision}\),\2\),")
    judged = 0
    for measure in register():
        text = book[measure.id][M.key_cell("judgement")].value.text
        assert text.count("SPP_JUDGEMENT(") == len(compared.findall(text)) > 0, text
        judged += 1
    assert judged == len(list(register()))


def test_a_percentage_of_too_few_people_is_not_judged_in_the_workbook(tmp_path):
    book = tmp_path / "book.xlsm"
    assert main(["build-workbook", csv_at(tmp_path, "2015/16 Jun"), "--register", MEASURES, "-o", str(book)]) == 0
    sheet, rows = openpyxl.load_workbook(book, data_only=True)["cohort"], M.rows_of(register().get("cohort"))
    banner = sheet.cell(rows["banner"] + 1, M.LABEL_COL + 1).value
    judgement = sheet.cell(rows["key"] + 1, M.key_col("judgement") + 1).value
    assert (banner, judgement) == ("Not judged: 16 offenders in the cohort so far, 30 needed", "Not judged")
    assert sheet.cell(rows["work"] + 1, M.work_col("judged") + 1).value is False
    assert sheet.cell(rows["work"] + 1, M.work_col("min_base") + 1).value == 30
    assert sheet.sheet_properties.tabColor.rgb.upper().endswith("FFFFFF")  # no colour


def test_a_figure_typed_over_a_percentage_is_found_naming_its_cell(quarter_two, tmp_path):
    book = openpyxl.load_workbook(quarter_two, keep_vba=True)
    rows = M.rows_of(register().get("satisfaction"))
    ref = L.cell(rows["this_cum"], M.FIRST_PERIOD_COL + 1)
    book["satisfaction"][ref] = 80
    book.save(tmp_path / "typed.xlsm")
    for formulas in (False, True):
        found = [f for f in read_workbook(tmp_path / "typed.xlsm", formulas=formulas).dataset.findings
                 if "typed over" in f.message]
        assert [f.where.rsplit(": ", 1)[-1] for f in found] == [f"sheet 'satisfaction', cell {ref}"]
        assert found[0].message.startswith("80% typed over the formula of 'Year to date % 15/16' (Q2)")
        assert "the formula gives 77.3%" in found[0].message


def test_a_percentage_typed_into_a_count_cell_is_an_error_naming_the_cell(quarter_two, tmp_path, capsys):
    book = openpyxl.load_workbook(quarter_two, keep_vba=True)
    rows = M.rows_of(register().get("satisfaction"))
    ref = L.cell(rows["this_num"], M.FIRST_PERIOD_COL + 1)
    book["satisfaction"][ref] = 0.667  # quarter two's 40 of 60, typed as a fraction
    book.save(tmp_path / "typed.xlsm")
    assert main(["check", str(tmp_path / "typed.xlsm")]) == 1
    out = capsys.readouterr().out
    assert f"sheet 'satisfaction', cell {ref}]" in out and "ERROR: satisfaction.numerator 2015/16 Q2" in out


# ------------------------------------------------------------------ building and reading


def test_a_percentage_typed_under_its_own_id_has_no_cell(tmp_path, capsys):
    csv, toml = files(tmp_path, "measure,year,period,value\nsat,2015/16,Q1,90\n")
    assert main(["build-workbook", csv, "--register", toml, "-o", str(tmp_path / "book.xlsm")]) == 2
    err = capsys.readouterr().err
    assert err == (f"spp-xl: {csv} line 2, column value: sat 2015/16 Q1: a percentage's figures are its two counts "
                   "(sat.numerator and sat.denominator); its sheet has no cell for the percentage itself\n")
    assert not (tmp_path / "book.xlsm").exists()


def test_counts_for_a_measure_that_is_not_a_percentage_have_no_cell(tmp_path, capsys):
    text = "measure,year,period,value\nasb.numerator,2015/16,Apr,90\n"
    csv, toml = files(tmp_path, text, (FIXTURES / "measures.toml").read_text(encoding="utf-8"))
    assert main(["build-workbook", csv, "--register", toml, "-o", str(tmp_path / "book.xlsm")]) == 2
    assert capsys.readouterr().err.endswith("asb.numerator: 'asb' is not a percentage made of counts (unit percent, "
                                            "entry counts), so its sheet has no row for a count\n")


def test_the_lite_workbook_holds_a_percentage(tmp_path):
    csv, out = csv_at(tmp_path, "2015/16 Sep"), tmp_path / "lite.xlsx"
    done = subprocess.run([sys.executable, "-m", "spp_xl.lite", csv, "--register", MEASURES, "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    shown = cells(out, "satisfaction")
    assert round(shown["this_cum"][M.FIRST_PERIOD_COL - M.LABEL_COL + 1], 2) == 77.27


def test_add_measure_takes_a_percentages_fields(tmp_path, capsys):
    book, out = edited_copy(tmp_path / "book.xlsm"), tmp_path / "new.xlsm"
    assert main(["add-measure", str(book), "--id", "sat", "--title", "Satisfaction", "--direction", "increase",
                 "--frequency", "quarterly", "--unit", "percent", "--entry", "counts", "--numerator",
                 "victims satisfied", "--denominator", "victims surveyed", "--precision", "1", "--annual-target",
                 "85", "--min-base", "20", "-o", str(out)]) == 0
    capsys.readouterr()
    inputs = read_workbook(out)
    measure = inputs.register.get("sat")
    assert (measure.is_counts, measure.numerator, measure.denominator, measure.base_needed) == (
        True, "victims satisfied", "victims surveyed", 20)
    rows = M.rows_of(measure)
    assert {"last_num", "last_den", "this_num", "this_den", "this_cum", "points", "ytd_low"} <= set(rows)

    def counted(workbook):  # quarter one, as staff type it: 18 of 25 victims satisfied
        sheet = workbook["sat"]
        for key, value in (("this_num", 18), ("this_den", 25)):
            sheet.cell(rows[key] + 1, M.FIRST_PERIOD_COL + 1).value = value

    typed = openpyxl.load_workbook(out, keep_vba=True)
    counted(typed)
    typed.save(tmp_path / "typed.xlsm")
    result = next(m for m in summary_json(capsys, str(tmp_path / "typed.xlsm"))["measures"] if m["id"] == "sat")
    # 18 of 25 is 72%, judged (25 >= 20): 85 x 0.85 = 72.25 > 72, so red
    assert (result["ytd_actual"], result["min_base"], result["rag"]) == (72.0, 20, "red")


def test_new_year_carries_a_percentages_counts(tmp_path, capsys):
    csv, book = csv_at(tmp_path, "2015/16 Mar"), tmp_path / "book.xlsm"
    assert main(["build-workbook", csv, "--register", MEASURES, "-o", str(book)]) == 0
    targets = ["--target", "asb=9800", "--target", "dv=6600", "--target", "referrals=2700", "--target", "hate=650",
               "--target", "gap=75", "--target", "satisfaction=87"]
    assert main(["new-year", str(book), *targets, "-o", str(tmp_path / "next.xlsm")]) == 0
    capsys.readouterr()
    inputs = read_workbook(tmp_path / "next.xlsm")
    figures = {(o.measure, o.year.label, o.period): o.value for o in inputs.dataset.observations}
    # 2015/16 is last year now, period by period; 2014/15 keeps its counts' out-turns (170 of 212)
    assert figures[("satisfaction.numerator", "2015/16", "Q4")] == 50
    assert (figures[("satisfaction.numerator", "2014/15", "Year")],
            figures[("satisfaction.denominator", "2014/15", "Year")]) == (170, 212)
    assert figures[("cohort.denominator", "2014/15", "Year")] == 66  # the cohort's twelve months
    assert inputs.register.get("satisfaction").annual_target == 87
    shown = cells(tmp_path / "next.xlsm", "satisfaction")
    outturns = [shown["last_year"][col - M.LABEL_COL] for col in M.OUTTURN_COLS]
    assert outturns[0] is None and round(outturns[1], 2) == 80.19 and round(outturns[2], 2) == 82.06


@pytest.mark.parametrize("level,problem", [
    ("850", "850 is not a percentage: a percent measure's target is a level from 0 to 100 (85 for 85%)"),
    ("0.87", "0.87 looks like a percentage typed as a fraction (87% typed into a cell formatted as a percentage "
             "holds 0.87): a percent measure's level is written in percent"),
])
def test_new_year_refuses_a_level_that_is_no_percentage(tmp_path, capsys, level, problem):
    # The new workbook would be written, said to be written, and then refused by every command reading it.
    csv, book = csv_at(tmp_path, "2015/16 Mar"), tmp_path / "book.xlsm"
    assert main(["build-workbook", csv, "--register", MEASURES, "-o", str(book)]) == 0
    capsys.readouterr()
    assert main(["new-year", str(book), "--keep-targets", "--target", f"satisfaction={level}",
                 "-o", str(tmp_path / "next.xlsm")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"spp-xl: --target satisfaction={level}: {problem}") and err.count("\n") == 1
    assert not (tmp_path / "next.xlsm").exists()


def test_a_developing_percentage_goes_live_in_the_workbook(tmp_path, capsys):
    """The bundled workbook's satisfaction rate is being developed, its count rows already on its
    sheet: counts typed there are a warning (not reported); made active with its level in the
    Measures table, they are its figures."""
    measure = "asb_victim_satisfaction"

    def typed(book):
        rows = M.rows_of(read_workbook(edited_copy(tmp_path / "plain.xlsm")).register.get(measure))
        for key, values in (("this_num", (45, 40)), ("this_den", (50, 60))):
            for k, value in enumerate(values):
                book[measure].cell(rows[key] + 1, M.FIRST_PERIOD_COL + 1 + k).value = value

    book = edited_copy(tmp_path / "book.xlsm", typed)
    assert main(["check", str(book)]) == 0
    out = capsys.readouterr().out
    assert f"figures are typed for '{measure}', a measure still being developed, so its 4 figures are not reported" \
        in out

    def live(workbook):
        sheet = workbook["Measures"]
        header = next(r for r in sheet.iter_rows() if any(c.value == "status" for c in r))
        column = {c.value: c.column for c in header}
        row = next(r[0].row for r in sheet.iter_rows() if any(c.value == measure for c in r))
        sheet.cell(row, column["status"]).value = "active"
        sheet.cell(row, column["annual_target"]).value = 85

    made_live = openpyxl.load_workbook(book, keep_vba=True)
    live(made_live)
    made_live.save(tmp_path / "live.xlsm")
    result = next(m for m in summary_json(capsys, str(tmp_path / "live.xlsm"))["measures"] if m["id"] == measure)
    assert (result["period"], result["ytd_actual"], result["numerator"], result["denominator"]) == ("Q2", 77.3, 85,
                                                                                                     110)


def test_a_sheet_made_for_other_figures_is_refused_in_one_line(tmp_path, capsys):
    """A percentage added entered by period, then made one of counts in the Measures table: its
    sheet has no rows for the counts, and reading it says so rather than losing figures."""
    added = tmp_path / "added.xlsm"
    assert main(["add-measure", str(edited_copy(tmp_path / "book.xlsm")), "--id", "sat", "--title", "Satisfaction",
                 "--direction", "increase", "--frequency", "quarterly", "--unit", "percent", "--status", "developing",
                 "-o", str(added)]) == 0
    capsys.readouterr()

    def counts(workbook):
        sheet = workbook["Measures"]
        header = next(r for r in sheet.iter_rows() if any(c.value == "entry" for c in r))
        column = {c.value: c.column for c in header}
        row = next(r[0].row for r in sheet.iter_rows() if any(c.value == "sat" for c in r))
        for field, value in (("entry", "counts"), ("numerator", "victims satisfied"),
                             ("denominator", "victims surveyed")):
            sheet.cell(row, column[field]).value = value

    changed = openpyxl.load_workbook(added, keep_vba=True)
    counts(changed)
    changed.save(tmp_path / "changed.xlsm")
    assert main(["summary", str(tmp_path / "changed.xlsm")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err == (f"spp-xl: {tmp_path / 'changed.xlsm'}: sheet 'sat', cell A1: measure 'sat': the Measures table "
                   "enters it as counts (percent), but its sheet was made for figures entered by period or to date "
                   "(it has no row 'last_num'): put its entry and unit back as they were, or delete its sheet and "
                   "its row in the Measures table and add it again with 'spp-xl add-measure'\n")


def test_a_sheet_of_counts_made_a_count_in_the_measures_table_is_refused_saying_why(tmp_path, capsys):
    """The other way round: a percentage's sheet (two count rows a year, its percentages calculated)
    whose Measures row is changed to a count entered by period. The sheet's 'Percentage' rows carry
    the keys a count's typed rows have, so nothing is missing, but what they hold is calculated:
    refused, saying what the sheet was made for, never read as figures nor called a deleted row."""
    def count(workbook):
        sheet = workbook["Measures"]
        header = next(r for r in sheet.iter_rows() if any(c.value == "entry" for c in r))
        column = {c.value: c.column for c in header}
        row = next(r[0].row for r in sheet.iter_rows() if any(c.value == "asb_victim_satisfaction" for c in r))
        for field, value in (("entry", "period"), ("unit", "count"), ("numerator", None), ("denominator", None),
                             ("rule", None), ("annual_target", 80), ("status", "active")):
            sheet.cell(row, column[field]).value = value

    changed = edited_copy(tmp_path / "changed.xlsm", count)
    assert main(["summary", str(changed)]) == 2
    err = capsys.readouterr().err
    assert err == (f"spp-xl: {changed}: sheet 'asb_victim_satisfaction', cell A1: measure 'asb_victim_satisfaction': "
                   "the Measures table enters it as period (count), but its sheet was made for a percentage's two "
                   "counts (it has the row 'last_num'): put its entry and unit back as they were, or delete its "
                   "sheet and its row in the Measures table and add it again with 'spp-xl add-measure'\n")


@pytest.mark.usefixtures("needs_libreoffice")
def test_the_report_of_a_workbook_with_percentages_is_a_tagged_pdf(tmp_path, capsys):
    """Its percentages print as 77.3% (a number in percent, not a fraction): the tagging finds
    each printed figure where the report put it, on the glance page and the measures' pages."""
    csv, book = csv_at(tmp_path, "2015/16 Jun"), tmp_path / "book.xlsm"
    assert main(["build-workbook", csv, "--register", MEASURES, "-o", str(book)]) == 0
    out = tmp_path / "report.xlsx"
    assert main(["export", str(book), "-o", str(out), "--pdf", "--meeting-date", "2015-07-23"]) == 0
    assert "tagged" in capsys.readouterr().out and out.with_suffix(".pdf").stat().st_size > 0


def test_new_year_says_which_of_a_percentages_periods_are_missing(tmp_path, capsys):
    """A year ending at quarter three: the satisfaction rate's quarter four has no counts."""
    csv, book = csv_at(tmp_path, "2015/16 Dec"), tmp_path / "book.xlsm"
    assert main(["build-workbook", csv, "--register", MEASURES, "-o", str(book)]) == 0
    assert main(["new-year", str(book), "--keep-targets", "-o", str(tmp_path / "next.xlsm")]) == 0
    said = capsys.readouterr()
    assert ("satisfaction: 2015/16 is incomplete (no figure for Q4): its figures are carried as they are; its "
            "out-turn stays blank until the missing figures (or the out-turn) are typed in") in said.out + said.err


def test_data_writes_the_counts_the_workbook_holds(quarter_two, tmp_path, capsys):
    """'spp-xl data' gives back the tidy CSV the workbook was built from, counts and all."""
    out = tmp_path / "figures.csv"
    assert main(["data", str(quarter_two), "-o", str(out)]) == 0
    written = set(out.read_text(encoding="utf-8").splitlines())
    built_from = set((quarter_two.parent / "figures.csv").read_text(encoding="utf-8").splitlines())
    assert written == built_from
    assert {"satisfaction.numerator,2015/16,Q2,40", "satisfaction.denominator,2015/16,Q2,60",
            "cohort.denominator,2015/16,Sep,6"} <= written
