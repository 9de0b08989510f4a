"""Reading the workbook back: the same summary as the CSV, an exact round trip, and
staff's edits (July typed in, text in a figure cell, a row inserted, a sheet renamed,
a bad register cell) read correctly or refused naming the sheet and the cell."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from workbook_copies import edited_copy

from spp_xl.core.checks import run_checks
from spp_xl.core.dataset import read_csv, to_csv_text
from spp_xl.core.engine import summarise
from spp_xl.core.errors import InputError, RegisterError
from spp_xl.core.periods import MONTHS, QUARTERS, FinancialYear
from spp_xl.core.inputs import FamilyGroup, FamilyGroupRow
from spp_xl.sources import load_inputs
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S
from spp_xl.workbook import measure_schema as M
from places import ROWS
from spp_xl.workbook.build import build_workbook
from spp_xl.workbook.reader import read_workbook

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "SPP_Performance.xlsm"
FY = FinancialYear(2015)


@pytest.fixture(scope="module")
def read(bundled):
    return read_workbook(COMMITTED)


def canonical(dataset, register):
    """The CSV's observations in the register's order (the workbook keeps no other order)."""
    order = {m.id: i for i, m in enumerate(register)}
    rank = {p: i for i, p in enumerate(("Year",) + MONTHS + QUARTERS)}
    return sorted(dataset.observations, key=lambda o: (order[o.measure], o.year, rank[o.period]))


def edited(tmp_path, change) -> Path:
    """A copy of the committed workbook, edited with openpyxl (as Excel would save it)."""
    return edited_copy(tmp_path / "edited.xlsm", change)


def test_summary_of_the_workbook_equals_the_summary_of_the_csv(read, bundled):
    assert read.kind == "workbook"
    assert json.dumps(summarise(read.register, read.dataset).to_json()) == \
        json.dumps(summarise(bundled.register, bundled.dataset).to_json())


def test_register_comes_back_from_the_measures_table(read, bundled):
    assert read.register.year == bundled.register.year
    assert read.register.measures == bundled.register.measures


def test_csv_to_workbook_to_csv_round_trips_exactly(read, bundled):
    assert to_csv_text(read.dataset.observations) == to_csv_text(canonical(bundled.dataset, bundled.register))
    assert len(read.dataset) == len(bundled.dataset) == 114


def test_a_second_round_trip_is_byte_identical(tmp_path, read, project):
    csv = tmp_path / "figures.csv"
    csv.write_text(to_csv_text(read.dataset.observations))
    # A CSV carries figures only: the meeting date is the one setting it cannot hold.
    inputs = replace(load_inputs(csv), meeting_date=read.meeting_date)
    again = build_workbook(inputs, tmp_path / "again.xlsm", vba=project)
    assert again.read_bytes() == COMMITTED.read_bytes()


def test_every_figure_says_which_sheet_and_cell_it_came_from(read):
    asb_jun = [o for o in read.dataset.observations if (o.measure, o.year, o.period) == ("asb", FY, "Jun")]
    assert asb_jun[0].value == 769
    assert asb_jun[0].where == f"{COMMITTED}: sheet 'asb', cell H14"
    outturn = [o for o in read.dataset.observations if (o.measure, o.period) == ("asb", "Year")]
    assert [(o.year.label, o.value, o.where[-3:]) for o in outturn] == [
        ("2012/13", 14342, "C13"), ("2013/14", 10291, "D13"), ("2014/15", 10299, "E13")]


def test_settings_recommendations_and_family_group(read, bundled):
    assert read.meeting_date == dt.date(2015, 7, 23)
    assert read.recommendations == bundled.recommendations
    assert read.family_group.rows == (FamilyGroupRow("Plymouth", (None, None), True),)
    assert read.commentary == {}


def test_staff_inputs_round_trip(tmp_path, bundled, project):
    group = FamilyGroup(("01 Apr 15 - 30 Jun 15", "01 Jan 15 - 31 Mar 15"),
                        (FamilyGroupRow("Southampton", (21.5, 20.1)), FamilyGroupRow("Plymouth", (17.2, 16.9), True)))
    recs = tuple(replace(r, progress="Agreed at the board", status="complete") if r.number == 3 else r
                 for r in bundled.recommendations)
    inputs = replace(bundled, commentary={"asb": ("Levels dropped in June.", "A second point.")},
                     family_group=group, recommendations=recs, meeting_date=dt.date(2015, 10, 22))
    back = read_workbook(build_workbook(inputs, tmp_path / "s.xlsm", vba=project))
    assert back.commentary == {"asb": ("Levels dropped in June.", "A second point.")}
    assert back.family_group == group
    assert back.recommendations == recs
    assert back.meeting_date == dt.date(2015, 10, 22)


def test_july_typed_in_is_read_and_moves_the_report_on(tmp_path):
    def july(book):
        for measure, value in (("asb", 801), ("dv_reporting", 590), ("sac", 170)):
            book[measure].cell(ROWS["this_year"] + 1, M.FIRST_PERIOD_COL + 4).value = value  # Jul
        book["sac"].cell(ROWS["this_year"] + 1, M.FIRST_PERIOD_COL + 3).value = 180  # Jun, was lagging
        book[L.EXCEPTIONS].cell(S.EXCEPTIONS.header_row + 2 + 5, 5).value = "Our own words.\nSecond."

    inputs = read_workbook(edited(tmp_path, july))
    summary = summarise(inputs.register, inputs.dataset)
    assert summary.as_of.label == "2015/16 Jul"
    asb = summary.result("asb")
    assert (asb.period, asb.ytd_actual, asb.ytd_target) == ("Jul", 2527 + 801, 3352)
    assert summary.result("crime_gap").lagging  # still at June
    assert inputs.commentary == {"asb": ("Our own words.", "Second.")}


def test_text_in_a_figure_cell_is_an_error_naming_the_cell(tmp_path):
    def typo(book):
        book["asb"].cell(ROWS["this_year"] + 1, M.FIRST_PERIOD_COL + 4).value = "n/a"

    inputs = read_workbook(edited(tmp_path, typo))
    errors = [f for f in run_checks(inputs.register, inputs.dataset) if f.severity == "error"]
    assert [(f.measure, f.period, f.where) for f in errors] == [
        ("asb", "Jul", f"{tmp_path / 'edited.xlsm'}: sheet 'asb', cell I14")]


def test_a_row_inserted_and_a_sheet_renamed_are_read_correctly(tmp_path, read):
    def rearrange(book):
        book["asb"].insert_rows(ROWS["header"] + 1, 2)  # two note rows above the table
        book["asb"].cell(ROWS["header"] + 1, 2).value = "Note: June figures provisional"
        book["asb"].title = "ASB incidents"
        book["dv_reporting"].insert_rows(1)
        book[L.MEASURES].insert_rows(2)
        book[L.SETTINGS].insert_rows(3)
        book[L.SETTINGS].title = "Options"

    inputs = read_workbook(edited(tmp_path, rearrange))
    assert to_csv_text(inputs.dataset.observations) == to_csv_text(read.dataset.observations)
    assert inputs.register.measures == read.register.measures
    jun = [o for o in inputs.dataset.observations if (o.measure, o.year, o.period) == ("asb", FY, "Jun")][0]
    assert jun.where == f"{tmp_path / 'edited.xlsm'}: sheet 'ASB incidents', cell H16"


def test_a_measure_added_as_a_table_row_is_read_before_it_has_a_sheet(tmp_path):
    def add(book):
        ws = book[L.MEASURES]
        row = S.MEASURES.header_row + 2 + 12
        for field, value in (("id", "violence"), ("title", "Reduce violence with injury"),
                             ("direction", "reduce"), ("frequency", "monthly"), ("annual_target", 2400)):
            ws.cell(row, S.measures_col(field) + 1).value = value

    inputs = read_workbook(edited(tmp_path, add))
    assert [m.id for m in inputs.register][-1] == "violence"
    result = summarise(inputs.register, inputs.dataset).result("violence")
    assert (result.rag, result.ytd_actual, result.lagging) == ("none", None, True)


def test_a_bad_register_cell_is_refused_naming_sheet_and_cell(tmp_path):
    def bad(book):
        book[L.MEASURES].cell(S.MEASURES.header_row + 2 + 5, S.measures_col("annual_target") + 1).value = "lots"

    with pytest.raises(RegisterError) as caught:
        read_workbook(edited(tmp_path, bad))
    assert str(caught.value) == (f"{tmp_path / 'edited.xlsm'}: sheet 'Measures', cell K10: "
                                 "field 'annual_target': 'lots' is not a number")


def test_a_duplicate_measure_id_is_refused_naming_the_cell(tmp_path):
    def dup(book):
        book[L.MEASURES].cell(S.MEASURES.header_row + 2 + 1, S.measures_col("id") + 1).value = "crime_gap"

    with pytest.raises(RegisterError, match=r"sheet 'Measures', cell B6: field 'id': 'crime_gap' is used twice"):
        read_workbook(edited(tmp_path, dup))


@pytest.mark.parametrize("change, message", [
    (lambda b: b[L.SETTINGS].cell(S.setting("year").row + 1, 3).__setattr__("value", "2015-16"),
     r"sheet 'Settings', cell C4: reporting year: year '2015-16' is not of the form 2015/16"),
    (lambda b: b[L.SETTINGS].cell(S.setting("meeting_date").row + 1, 3).__setattr__("value", "soon"),
     r"sheet 'Settings', cell C5: board meeting date 'soon' is not a date"),
    (lambda b: b.remove(b[L.SETTINGS]), r"has no Settings sheet"),
    (lambda b: b["asb"].cell(ROWS["header"] + 1, M.FIRST_PERIOD_COL + 3).__setattr__("value", "June"),
     r"sheet 'asb', cell B11: the header row has no column Jun"),
    (lambda b: b[L.RECOMMENDATIONS].cell(S.RECOMMENDATIONS.header_row + 2, 5).__setattr__("value", "done"),
     r"sheet 'Recommendations', cell E5: status 'done' is not one of"),
    (lambda b: b[L.FAMILY_GROUP].cell(S.FAMILY_GROUP.header_row + 2, 3).__setattr__("value", "high"),
     r"sheet 'Family group', cell C5: 'high' is not a number"),
    (lambda b: b[L.FAMILY_GROUP].cell(S.FAMILY_GROUP.header_row + 2, 5).__setattr__("value", "perhaps"),
     r"sheet 'Family group', cell E5: 'perhaps' is not yes or no: type Yes beside our partnership"),
    (lambda b: b.copy_worksheet(b["asb"]), r"sheets 'asb' and 'asb Copy' are both measure 'asb'"),
])
def test_unreadable_edits_are_refused_with_one_line_naming_sheet_and_cell(tmp_path, change, message):
    with pytest.raises(InputError, match=message) as caught:
        read_workbook(edited(tmp_path, change))
    assert "\n" not in str(caught.value) and str(caught.value).startswith(str(tmp_path / "edited.xlsm"))


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    fake = tmp_path / "fake.xlsm"
    fake.write_text("not a zip")
    with pytest.raises(InputError, match="cannot be read as an Excel workbook"):
        read_workbook(fake)
    with pytest.raises(InputError, match="file not found"):
        read_workbook(tmp_path / "missing.xlsm")


def test_the_reader_never_writes(tmp_path):
    path = tmp_path / "w.xlsm"
    shutil.copy(COMMITTED, path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_workbook(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.xlsm"]


def test_figures_with_no_cell_are_refused_at_build(tmp_path, project):
    csv = tmp_path / "extra.csv"
    csv.write_text("measure,year,period,value\nasb,2015/16,Jun,769\nasb,2013/14,Apr,800\n")
    with pytest.raises(InputError, match=r"asb 2013/14 Apr: the workbook for 2015/16 has no cell for it"):
        build_workbook(load_inputs(csv), tmp_path / "x.xlsm", vba=project)
    csv.write_text("measure,year,period,value\nasb,2015/16,Jun,769\nburglary,2015/16,Jun,3\n")
    with pytest.raises(InputError, match=r"measure 'burglary' is not in the register"):
        build_workbook(load_inputs(csv), tmp_path / "x.xlsm", vba=project)
    assert not (tmp_path / "x.xlsm").exists()


def test_unreadable_text_from_a_csv_survives_the_workbook_for_the_checks(tmp_path, project):
    csv = tmp_path / "typo.csv"
    csv.write_text("measure,year,period,value\nasb,2015/16,Apr,864\nasb,2015/16,May,n/a\n")
    back = read_workbook(build_workbook(load_inputs(csv), tmp_path / "t.xlsm", vba=project))
    bad = [o for o in back.dataset.observations if o.value is None]
    assert [(o.period, o.raw) for o in bad] == [("May", "n/a")]
    assert read_csv(csv).observations[1].raw == "n/a"
