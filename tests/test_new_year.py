"""spp-xl new-year: from the 2015/16 workbook to 2016/17 in one action.

The source is the committed workbook (2015/16, figures to June: an incomplete year). The
expected figures are the seed's: ASB's months 864, 894, 769; its 2014/15 out-turn 10,065
(the sum of its months, not the 10,299 the report printed); 2013/14's 10,291.
"""

from __future__ import annotations

import datetime as dt
import contextlib
import hashlib
import io
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from spp_xl.cli import main
from spp_xl.core.dataset import Dataset, Observation, read_csv
from spp_xl.core.engine import measure_rows, summarise
from spp_xl.core.errors import InputError
from spp_xl.core.newyear import (
    Target,
    merge_targets,
    next_year,
    parse_target_option,
    parse_targets_csv,
)
from spp_xl.core.periods import ANNUAL, MONTHS, FinancialYear
from spp_xl.core.register import load_register
from spp_xl.sources import load_inputs
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S
from spp_xl.workbook import measure_schema as M
from places import ROWS

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "SPP_Performance.xlsm"
FY = FinancialYear.parse
TARGETS_CSV = "measure,annual_target\ncrime_gap,75.5\ndv_reporting,\"6,700\"\nda_referrals,2700\ndash_training,220\n"
GIVEN = ("--target", "asb=9800", "--target", "hate_incidents=640")


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def rolled(tmp_path_factory):
    """The committed workbook (copied) rolled on to 2016/17 with new targets, once."""
    folder = tmp_path_factory.mktemp("new_year")
    source = folder / "SPP_Performance.xlsm"
    shutil.copy(COMMITTED, source)
    targets = folder / "targets.csv"
    targets.write_text(TARGETS_CSV, encoding="utf-8")
    before = sha256(source)
    output = folder / "SPP_Performance_2016-17.xlsm"
    code, out, err = run("new-year", source, "--targets", targets, *GIVEN, "-o", output)
    assert (code, err) == (0, ""), err
    return {"source": source, "before": before, "output": output, "out": out, "targets": targets,
            "old": load_inputs(source), "new": load_inputs(output)}


# ---------------------------------------------------------------------------- the new workbook


def test_the_new_register_is_next_years_with_the_targets_given(rolled):
    register = rolled["new"].register
    assert register.year == FY("2016/17")
    targets = {m.id: m.annual_target for m in register}
    assert targets == {"crime_gap": 75.5, "all_crime": None, "dv_reporting": 6700, "da_referrals": 2700,
                       "dash_training": 220, "asb": 9800, "asb_victims_supported": None,
                       "asb_victim_satisfaction": None, "asb_victim_quality_of_life": None, "sac": None,
                       "hate_incidents": 640, "hate_satisfaction": None}
    # The wording printed on the banner follows the target ("more than 6587" meant at least 6,588).
    wording = {m.id: m.measure_wording for m in register}
    assert wording["asb"] == "of not more than 9,800 incidents"
    assert wording["dv_reporting"] == "record more than 6699 crimes"
    assert wording["crime_gap"] == "gap of not more than 75.5"
    # Everything else about a measure is unchanged.
    old = rolled["old"].register
    assert [replace(m, annual_target=None, measure_wording="", profile="straight", custom_profile=())
            for m in register] == \
        [replace(m, annual_target=None, measure_wording="", profile="straight", custom_profile=()) for m in old]


def test_this_year_becomes_last_year_and_the_new_year_is_blank(rolled):
    data = rolled["new"].dataset
    assert data.series("asb", FY("2015/16")) == {"Apr": 864, "May": 894, "Jun": 769}
    assert data.series("da_referrals", FY("2015/16")) == {"Q1": 525}
    assert data.series("all_crime", FY("2015/16")) == {"Apr": 1662, "May": 3368, "Jun": 4799}  # year to date
    assert not [o for o in data.observations if o.year == FY("2016/17")]
    assert not [o for o in data.observations if o.year == FY("2014/15") and o.period != ANNUAL]


def test_the_three_outturn_columns_are_the_three_years_before_the_new_one(rolled):
    new = rolled["new"]
    outturns = {m: measure_rows(new.register.get(m), new.dataset, new.register.year).outturns
                for m in ("asb", "all_crime", "dv_reporting", "da_referrals")}
    y13, y14, y15 = FY("2013/14"), FY("2014/15"), FY("2015/16")
    # 2014/15 from its months (10,065), not the published 10,299; 2015/16 stops at June: blank.
    assert outturns["asb"] == [(y13, 10291), (y14, 10065), (y15, None)]
    assert outturns["all_crime"] == [(y13, 18953), (y14, 18822), (y15, None)]  # March's year to date
    assert outturns["dv_reporting"] == [(y13, 7103), (y14, 6587), (y15, None)]
    assert outturns["da_referrals"] == [(y13, None), (y14, 2665), (y15, None)]  # Q1..Q4 of 2014/15
    ws = openpyxl.load_workbook(rolled["output"], read_only=True)["asb"]
    header = [c.value for c in ws[ROWS["header"] + 1]][M.OUTTURN_COLS[0]:M.OUTTURN_COLS[-1] + 1]
    values = [c.value for c in ws[ROWS["last_year"] + 1]][M.OUTTURN_COLS[0]:M.OUTTURN_COLS[-1] + 1]
    assert header == ["13/14", "14/15", "15/16"] and values == [10291, 10065, None]


def test_profiles_are_made_for_the_new_targets(rolled):
    new = rolled["new"]
    summary = summarise(new.register, new.dataset, "2016/17 Apr")
    profile = {r.measure.id: r.rows.profile for r in summary.results if r.rows}
    # Straight line, each step rounded in the stretching direction; the last period is the target.
    assert profile["asb"] == [816 * k for k in range(1, 12)] + [9800]                 # 816.67 down
    assert profile["dv_reporting"] == [559 * k for k in range(1, 12)] + [6700]        # 558.33 up
    assert profile["da_referrals"] == [675, 1350, 2025, 2700]
    assert profile["crime_gap"][:2] == [6.29, 12.58] and profile["crime_gap"][-2:] == [69.19, 75.5]
    # The hand-typed 2015/16 profile ended at 621: with a new target it is a straight line.
    hate = new.register.get("hate_incidents")
    assert (hate.profile, hate.custom_profile) == ("straight", ())
    assert profile["hate_incidents"] == [54 * k for k in range(1, 12)] + [640]
    assert profile["sac"] is None  # monitoring only


def test_commentary_meeting_date_recommendations_and_family_group(rolled):
    old, new = rolled["old"], rolled["new"]
    assert old.meeting_date == dt.date(2015, 7, 23) and new.meeting_date is None
    assert new.commentary == {}
    assert new.recommendations == old.recommendations and len(new.recommendations) == 17
    assert new.family_group == old.family_group


def test_the_command_says_what_it_carried_dropped_and_changed(rolled):
    out = rolled["out"]
    assert "the 2016/17 workbook from SPP_Performance.xlsm (2015/16); SPP_Performance.xlsm is unchanged" in out
    assert "figures: 33 carried" in out and "83 dropped" in out
    assert "80 2014/15 period figures (the year keeps its out-turn); 3 2012/13 out-turns" in out
    assert "asb: annual target 10,064 -> 9,800" in out
    assert "asb 2014/15: out-turn 10,065 from its periods replaces the 10,299 typed" in out
    assert "hate_incidents: its custom profile ended at the old target, so it now has a straight-line profile" in out
    assert "the board meeting date is cleared" in out
    assert ("warning: asb: 2015/16 is incomplete (no figure for Jul..Mar): its figures are carried as they are; "
            "its out-turn stays blank until the missing figures (or the out-turn) are typed in") in out
    assert "warning: sac: 2015/16 is incomplete (no figure for Jun..Mar)" in out
    assert "asb_victims_supported" not in out.split("warning:", 1)[1]  # developing: nothing to miss


def test_the_source_is_untouched(rolled):
    assert sha256(rolled["source"]) == rolled["before"]


def test_summary_of_a_new_year_says_no_figures_yet_and_exits_2(rolled):
    output = rolled["output"]
    assert run("summary", output, "--json") == (2, "", (f"spp-xl: {output}: holds no figures for 2016/17, "
                                                        "the register's year, yet: type the year's first figures, "
                                                        "then run this again\n"))
    code, out, _ = run("summary", output, "--as-of", "2016/17 Apr", "--json")
    assert code == 0
    assert {m["rag"] for m in json.loads(out)["measures"]} == {"none"}


def test_a_new_years_workbook_has_no_reporting_month_and_nothing_lagging(rolled):
    book = openpyxl.load_workbook(rolled["output"], read_only=True, data_only=True)  # cached values
    settings = book[L.SETTINGS]
    row = [c.value for c in settings[S.setting("reporting_to").row + 1]]
    assert row[S.SETTINGS_VALUE_COL] in ("", None) and row[S.SETTINGS_NUMBER_COL] == 0
    asb = book["asb"]
    key = [c.value for c in asb[ROWS["key"] + 1]]
    assert key[M.key_col("lag")] in ("", None) and key[M.key_col("judgement")] == "No data yet"


def test_typing_the_first_month_makes_the_new_workbook_report(rolled):
    new = rolled["new"]
    april = Observation("asb", FY("2016/17"), "Apr", 800.0)
    summary = summarise(new.register, Dataset(new.dataset.observations + [april]))
    asb = summary.result("asb")
    # Last year's April is 864; no 2015/16 out-turn yet, so a straight-line forecast: 800 x 12.
    assert (summary.as_of.label, asb.ytd_actual, asb.last_year_ytd, asb.ytd_target) == ("2016/17 Apr", 800, 864, 816)
    assert (asb.forecast, asb.forecast_method, asb.rag) == (9600, "straight_line", "green")


# ---------------------------------------------------------------------------- refusals


def test_a_measure_without_a_new_target_refuses_the_run(rolled, tmp_path):
    output = tmp_path / "new.xlsm"
    code, out, err = run("new-year", rolled["source"], "--target", "asb=9800", "-o", output)
    assert (code, out) == (2, "")
    assert err == ("spp-xl: no 2016/17 target for crime_gap, dv_reporting, da_referrals, dash_training, "
                   "hate_incidents: give each one (--target crime_gap=VALUE, or --targets FILE.csv with columns "
                   "measure,annual_target), or --keep-targets to carry the 2015/16 targets\n")
    assert not output.exists()


def test_keep_targets_carries_this_years_targets_and_says_so(rolled, tmp_path):
    output = tmp_path / "kept.xlsm"
    code, out, err = run("new-year", rolled["source"], "--keep-targets", "--target", "asb=9800", "-o", output)
    assert (code, err) == (0, "")
    assert ("2015/16 targets kept for 2016/17 (--keep-targets): crime_gap, dv_reporting, da_referrals, "
            "dash_training, hate_incidents") in out
    register = load_inputs(output).register
    assert (register.get("asb").annual_target, register.get("dv_reporting").annual_target) == (9800, 6588)
    hate = register.get("hate_incidents")  # target unchanged: the hand-made profile stays
    assert hate.profile == "custom" and hate.custom_profile[-1] == 621
    assert register.get("dv_reporting").measure_wording == "record more than 6587 crimes"


def test_the_output_is_refused_if_it_exists_or_is_the_source(rolled, tmp_path):
    source, output = rolled["source"], rolled["output"]
    before = sha256(output)
    code, _, err = run("new-year", source, "--keep-targets", "-o", output)
    assert (code, err) == (2, f"spp-xl: {output}: already exists; use --force to replace it\n")
    assert sha256(output) == before
    code, _, err = run("new-year", source, "--keep-targets", "-o", source, "--force")
    assert (code, err) == (2, (f"spp-xl: {source}: is the workbook being read: write the new year's "
                               "workbook to another file\n"))
    code, _, err = run("new-year", source, "--keep-targets", "-o", tmp_path / "new.xlsx")
    assert code == 2 and "must end in .xlsm" in err
    again = tmp_path / "again.xlsm"
    again.write_bytes(b"an earlier try")
    assert run("new-year", source, "--keep-targets", "-o", again, "--force")[0] == 0
    assert load_inputs(again).register.year == FY("2016/17")
    assert sha256(source) == rolled["before"]


def test_force_does_not_lose_figures_typed_into_a_new_years_workbook(rolled, tmp_path):
    from spp_xl.excel import build_workbook

    started = tmp_path / "started.xlsm"
    new = rolled["new"]
    typed = replace(new, dataset=Dataset(new.dataset.observations + [Observation("asb", FY("2016/17"), "Apr", 800)]))
    build_workbook(typed, started)
    before = sha256(started)
    code, _, err = run("new-year", rolled["source"], "--keep-targets", "-o", started, "--force")
    assert code == 2
    assert err == (f"spp-xl: {started}: already holds 1 figure(s) for 2016/17 (asb Apr in sheet 'asb', cell F14, "
                   "...) that --force would lose: move it away first\n")
    assert sha256(started) == before


@pytest.mark.parametrize("argv, message", [
    (("--target", "burglary=10"), "--target burglary=10: no measure 'burglary' in the register (its ids: crime_gap,"),
    (("--target", "sac=2000"), "--target sac=2000: sac is monitoring only; it has no target"),
    (("--target", "asb"), "--target asb: expected ID=VALUE, e.g. --target asb=9800"),
    (("--target", "asb=lots"), "--target asb=lots: 'lots' is not a number"),
    (("--target", "asb=-5"), "--target asb=-5: -5 must be above zero"),
    (("--target", "asb=9800", "--target", "asb=9700"),
     "asb is given two targets: 9800 (--target asb=9800) and 9700 (--target asb=9700); keep one"),
])
def test_bad_targets_are_refused_in_one_line(rolled, tmp_path, argv, message):
    output = tmp_path / "new.xlsm"
    code, out, err = run("new-year", rolled["source"], "--keep-targets", *argv, "-o", output)
    assert (code, out) == (2, "")
    assert err.startswith(f"spp-xl: {message}") and err.count("\n") == 1, err
    assert not output.exists()


@pytest.mark.parametrize("text, message", [
    ("id,target\nasb,9800\n", "line 1: missing column(s) measure, annual_target; expected the header measure,annual_target"),
    ("measure,annual_target\nasb,9800\nasb,9700\n", "line 3, column measure: 'asb' is given twice (also line 2); keep one"),
    ("measure,annual_target\nasb,n/a\n", "line 2, column annual_target: 'n/a' is not a number"),
    ("measure,annual_target\n,9800\n", "line 2, column measure: is blank"),
    ("measure,annual_target\nasb\n", "line 2: has 1 columns, the header has 2"),
])
def test_a_bad_targets_file_is_refused_naming_line_and_column(tmp_path, text, message):
    path = tmp_path / "targets.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_targets_csv(path.read_text(), str(path))
    assert str(caught.value).replace(f"{path} ", f"{path}: ", 1) == f"{path}: {message}"


def test_a_targets_file_and_options_together():
    from_file = parse_targets_csv("measure,annual_target\nasb,\"9,800\"\ndv_reporting,6700\n", "t.csv")
    option = dict([parse_target_option("asb=9800")])
    merged = merge_targets(from_file, option)
    assert {k: v.value for k, v in merged.items()} == {"asb": 9800, "dv_reporting": 6700}
    assert merged["asb"].where == "t.csv line 2"


def test_data_errors_in_the_source_stop_the_new_year(tmp_path):
    source = tmp_path / "figures.csv"
    source.write_text("measure,year,period,value\nasb,2015/16,Apr,864\nasb,2015/16,May,n/a\n", encoding="utf-8")
    code, _, err = run("new-year", source, "--keep-targets", "-o", tmp_path / "new.xlsm")
    assert code == 1 and "asb 2015/16 May" in err and "line 3" in err
    assert not (tmp_path / "new.xlsm").exists()


# ---------------------------------------------------------------------------- the pure core


def test_a_complete_year_keeps_its_months_and_its_outturn_when_it_leaves_the_monthly_view():
    register = load_register()
    months = [Observation("asb", FY("2015/16"), m, 800.0 + i) for i, m in enumerate(MONTHS)]
    others = [o for o in read_csv().observations if (o.measure, o.year) != ("asb", FY("2015/16"))]
    rolled = next_year(register, Dataset(others + months), {}, keep_targets=True)
    assert not [w for w in rolled.warnings if w.startswith("asb:")]  # 2015/16 complete for asb
    rows = measure_rows(rolled.register.get("asb"), rolled.dataset, rolled.register.year)
    total = sum(800 + i for i in range(12))
    assert rows.outturns[-1] == (FY("2015/16"), total) and rows.last_year[0] == 800
    # A year later 2015/16 leaves the monthly view: its out-turn is kept as a Year figure.
    later = next_year(rolled.register, rolled.dataset, {}, keep_targets=True)
    assert later.dataset.series("asb", FY("2015/16")) == {ANNUAL: total}
    assert [y for y, _ in measure_rows(later.register.get("asb"), later.dataset, later.register.year).outturns] == \
        [FY("2014/15"), FY("2015/16"), FY("2016/17")]


def test_an_outturn_typed_for_an_incomplete_year_is_carried_as_typed():
    register = load_register()
    data = Dataset(read_csv().observations + [Observation("asb", FY("2015/16"), ANNUAL, 9500.0)])
    rolled = next_year(register, data, {}, keep_targets=True)
    warning = next(w for w in rolled.warnings if w.startswith("asb:"))
    assert warning.endswith("its out-turn is the 9,500 typed")
    assert rolled.dataset.series("asb", FY("2015/16"))[ANNUAL] == 9500


def test_a_year_to_date_measure_missing_a_month_keeps_the_outturn_its_last_figure_gives():
    # All crime is entered as year to date: 2015/16 typed for every month but November, to
    # 18,600 at March. The year's out-turn is its March figure, 18,600 (engine.outturn), missing
    # November or not: the warning names the month missing and says so, where it said the
    # out-turn stays blank until the missing figures are typed, beside a workbook showing 18,600.
    register = load_register()
    running = [1662, 3368, 4799, 6386, 7897, 9450, 11050, None, 14060, 15540, 16990, 18600]
    months = [Observation("all_crime", FY("2015/16"), m, float(v)) for m, v in zip(MONTHS, running) if v]
    others = [o for o in read_csv().observations if (o.measure, o.year) != ("all_crime", FY("2015/16"))]
    rolled = next_year(register, Dataset(others + months), {}, keep_targets=True)
    warning = next(w for w in rolled.warnings if w.startswith("all_crime:"))
    assert warning == ("all_crime: 2015/16 is incomplete (no figure for Nov): its figures are carried as they are; "
                       "its out-turn is the 18,600 the year to date at Mar gives")
    rows = measure_rows(rolled.register.get("all_crime"), rolled.dataset, rolled.register.year)
    assert rows.outturns[-1] == (FY("2015/16"), 18600)
    # A year later 2015/16 leaves the monthly view keeping that out-turn, and nothing is lost.
    later = next_year(rolled.register, rolled.dataset, {}, keep_targets=True)
    assert later.dataset.series("all_crime", FY("2015/16")) == {ANNUAL: 18600}
    assert not [w for w in later.warnings if w.startswith("all_crime: 2015/16")]


def test_a_running_total_carried_forward_to_the_year_end_is_no_outturn():
    # The seed's all crime: 1,662, 3,368 and 4,799 to June, then 4,799 repeated unchanged from
    # July to March (carried forward, not reported: the engine reports it at June). The year's
    # out-turn is not known: it was June's 4,799 without a word, which the forecast would read
    # as a whole year (18,822 last year), and which a year later stayed as 2015/16's out-turn.
    register = load_register()
    running = [1662, 3368] + [4799] * 10
    months = [Observation("all_crime", FY("2015/16"), m, float(v)) for m, v in zip(MONTHS, running)]
    others = [o for o in read_csv().observations if (o.measure, o.year) != ("all_crime", FY("2015/16"))]
    rolled = next_year(register, Dataset(others + months), {}, keep_targets=True)
    warning = next(w for w in rolled.warnings if w.startswith("all_crime:"))
    assert warning == ("all_crime: 2015/16 is incomplete (4,799 of Jun repeated unchanged from Jul to Mar: carried "
                       "forward, not reported): its figures are carried as they are; its out-turn stays blank until "
                       "the missing figures (or the out-turn) are typed in")
    rows = measure_rows(rolled.register.get("all_crime"), rolled.dataset, rolled.register.year)
    assert rows.outturns[-1] == (FY("2015/16"), None)
    # 2016/17 to May, 3,100: forecast on a straight line, 3,100 x 12 / 2 = 18,600 (not 3,100 x
    # 4,799 / 3,368 = 4,417 from June's running total), by the engine and by SPP_FORECAST alike.
    from spp_xl.excel import cells

    typed = Dataset(rolled.dataset.observations + [Observation("all_crime", FY("2016/17"), "Apr", 1500.0),
                                                   Observation("all_crime", FY("2016/17"), "May", 3100.0)])
    result = summarise(rolled.register, typed, "2016/17 May", strict=False).result("all_crime")
    assert (round(result.forecast), result.forecast_method) == (18600, "straight_line")
    assert cells.forecast([1500, 3100] + [None] * 10, running, "ytd") == result.forecast
    later = next_year(rolled.register, rolled.dataset, {}, keep_targets=True)
    assert later.dataset.series("all_crime", FY("2015/16")) == {}
    assert ("all_crime: 2015/16 leaves the monthly view with no out-turn (4,799 of Jun repeated unchanged from Jul to "
            "Mar: carried forward, not reported, none typed for the year): its 12 figures are dropped") in \
        " ".join(later.warnings)


def test_developing_and_monitoring_measures_need_no_target():
    register = load_register()
    needing = {"crime_gap", "dv_reporting", "da_referrals", "dash_training", "asb", "hate_incidents"}
    given = {m: Target(100.0, "test") for m in needing}
    rolled = next_year(register, read_csv(), given)
    assert {m.id for m in rolled.register if m.annual_target == 100} == needing
    assert rolled.register.get("asb_victims_supported").annual_target is None


def test_wording_naming_another_figure_is_cleared_not_left_wrong():
    register = load_register()
    asb = replace(register.get("asb"), measure_wording="10% fewer than the 11,183 of 2013/14")
    register = replace(register, measures=tuple(asb if m.id == "asb" else m for m in register), _by_id={})
    rolled = next_year(register, read_csv(), {"asb": Target(9800, "--target asb=9800")}, keep_targets=True)
    assert rolled.register.get("asb").measure_wording == ""
    assert any("names another figure, so it is cleared" in n for n in rolled.notes)


def test_the_new_year_core_imports_no_excel_library():
    code = ("import sys, spp_xl.core.newyear\n"
            "print(','.join(m for m in ('xlwings', 'openpyxl', 'xlsxwriter', 'python_calamine') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, ""), done.stderr


# ---------------------------------------------------------------------------- a real spreadsheet application


def test_every_native_formula_of_the_new_years_workbook_equals_the_engine(needs_libreoffice, rolled, tmp_path):
    from test_workbook_libreoffice import same

    from spp_xl.files.libreoffice import convert
    from spp_xl.workbook.build import workbook_specs
    recalculated = openpyxl.load_workbook(convert(rolled["output"], "xlsx", tmp_path, recalculate=True),
                                          data_only=True)
    wrong, checked = [], 0
    for spec in workbook_specs(rolled["new"]):
        for cell in spec.formulas("native"):
            got = recalculated[spec.name].cell(cell.row + 1, cell.col + 1).value
            checked += 1
            if not same(cell.value, got):
                wrong.append(f"{spec.name}!{cell.ref}: engine {cell.value!r}, LibreOffice {got!r}")
    assert not wrong, "\n".join(wrong[:20])
    assert checked > 650


def test_an_incomplete_year_leaving_the_monthly_view_without_an_outturn_is_said():
    # The committed figures reach June 2015: rolled to 2016/17, 2015/16 is last year, incomplete.
    # Rolled again to 2017/18 it leaves the monthly view with no out-turn to keep (none typed, its
    # months not all in): its figures go, and the notes must not say the year keeps its out-turn.
    register = load_register()
    rolled = next_year(register, read_csv(), {}, keep_targets=True)
    later = next_year(rolled.register, rolled.dataset, {}, keep_targets=True)
    assert later.dataset.series("asb", FY("2015/16")) == {}
    assert not any("2015/16 period figures (the year keeps its out-turn)" in n for n in later.notes)
    assert "asb: 2015/16 leaves the monthly view with no out-turn (no figure for Jul..Mar, none typed for the " \
           "year): its 3 figures are dropped and its out-turn stays blank; to keep it, type its 2015/16 out-turn in this " \
           "workbook first" in later.warnings
    # a percentage's counts the same: its two counts' out-turns
    live = replace(register, measures=tuple(replace(m, status="active", annual_target=85.0)
                                            if m.id == "asb_victim_satisfaction" else m for m in register), _by_id={})
    counts = [Observation(f"asb_victim_satisfaction.{part}", FY("2015/16"), "Q1", value)
              for part, value in (("numerator", 45.0), ("denominator", 50.0))]
    rolled = next_year(live, Dataset(read_csv().observations + counts), {}, keep_targets=True)
    later = next_year(rolled.register, rolled.dataset, {}, keep_targets=True)
    assert "asb_victim_satisfaction: 2015/16 leaves the monthly view with no out-turn (no figure for Q2..Q4, none " \
           "typed for the year): its 2 figures are dropped and its out-turn stays blank; to keep it, type its 2015/16 " \
           "counts for the year in this workbook first" in later.warnings
