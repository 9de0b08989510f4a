"""What a quarter-two trial of the checks found, each as a test: the seed's figures and
plausible July to September figures, typed as an analyst would (and mistyped as one does).
"""

from __future__ import annotations

from importlib import resources

import pytest

from spp_xl.cli import main
from spp_xl.core.checks import run_checks
from spp_xl.core.dataset import Dataset, parse_csv
from spp_xl.core.engine import summarise
from spp_xl.core.errors import DataQualityError, InputError
from spp_xl.core.periods import FinancialYear

SEED = resources.files("spp_xl.bundled").joinpath("spp_2015-16.csv").read_text(encoding="utf-8")
JULY_TO_SEPTEMBER = """\
crime_gap,2015/16,Jul,26.2
crime_gap,2015/16,Aug,33.4
all_crime,2015/16,Jul,6420
all_crime,2015/16,Aug,7930
all_crime,2015/16,Sep,9510
dv_reporting,2015/16,Jul,640
dv_reporting,2015/16,Aug,590
dv_reporting,2015/16,Sep,545
da_referrals,2015/16,Q2,700
dash_training,2015/16,Q2,52
asb,2015/16,Jul,1010
asb,2015/16,Aug,930
asb,2015/16,Sep,940
sac,2015/16,Jun,190
sac,2015/16,Jul,150
sac,2015/16,Aug,172
hate_incidents,2015/16,Jul,228
hate_incidents,2015/16,Aug,277
hate_incidents,2015/16,Sep,320
"""
QUARTER_TWO = SEED + JULY_TO_SEPTEMBER
Y15 = FinancialYear(2015)


def typed(text: str = QUARTER_TWO, **changes) -> str:
    """The quarter-two CSV with some rows typed otherwise: ``asb_Aug="9300"``."""
    for key, value in changes.items():
        measure, period = key.rsplit("_", 1)
        old = next(line for line in text.splitlines() if line.startswith(f"{measure},2015/16,{period},"))
        text = text.replace(old + "\n", f"{measure},2015/16,{period},{value}\n")
    return text


def findings(text: str, register):
    return run_checks(register, parse_csv(text, "q2.csv"))


def mine(found, measure):
    return [f for f in found if f.measure == measure and f.year == "2015/16"]


def run(capsys, tmp_path, text, *argv, name="q2.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code = main([argv[0], str(path), *argv[1:]])
    out, err = capsys.readouterr()
    return code, out, err, path


def test_plausible_quarter_two_figures_raise_no_query(register):
    # Hate incidents in August: 277 - 228 = 49 where about 40 was expected, a small count's noise.
    assert [f for f in findings(QUARTER_TWO, register) if f.year == "2015/16"] == []


def test_ten_times_a_figure_is_an_error_that_stops_the_report(capsys, tmp_path, register):
    found = mine(findings(typed(asb_Aug="9300"), register), "asb")
    assert [(f.severity, f.period, f.value) for f in found] == [("error", "Aug", 9300)]
    # 930 x 10; the months either side shaped by last year: (1,010 x 915 / 1,056 + 940 x 915 / 982) / 2 = 876
    assert found[0].message.startswith("9,300 is 10.6 times what the months either side and last year's shape "
                                       "suggest (876)")
    code, out, _, path = run(capsys, tmp_path, typed(asb_Aug="9300"), "check")
    assert code == 1 and f"[{path} line 127, column value]" in out
    code, _, err, _ = run(capsys, tmp_path, typed(asb_Aug="9300"), "summary")
    assert code == 1 and "asb 2015/16 Aug: 9,300 is 10.6 times" in err


def test_a_quarterly_figure_far_out_is_an_error(register):
    found = mine(findings(typed(da_referrals_Q2="6900"), register), "da_referrals")
    assert [(f.severity, f.period) for f in found] == [("error", "Q2")]
    with pytest.raises(DataQualityError):
        summarise(register, parse_csv(typed(da_referrals_Q2="6900"), "q2.csv"))


def test_a_confirmed_figure_is_listed_as_confirmed_and_the_report_goes_on(capsys, tmp_path, register):
    text = typed(asb_Aug="9300").replace("measure,year,period,value\n", "measure,year,period,value,confirmed\n", 1)
    text = text.replace("asb,2015/16,Aug,9300\n", "asb,2015/16,Aug,9300,yes\n")
    found = mine(findings(text, register), "asb")
    assert [(f.severity, f.confirmed) for f in found] == [("warning", True)]
    assert found[0].message.endswith(": confirmed by the analyst")
    code, out, _, _ = run(capsys, tmp_path, text, "summary")
    assert code == 0 and "confirmed by the analyst" in out


def test_the_report_lists_a_confirmed_figure_in_its_data_quality_notes(register):
    import datetime as dt

    from spp_xl.core.inputs import Inputs
    from spp_xl.report.build import build_report

    data = parse_csv(typed(asb_Aug="9300"), "q2.csv")
    data = Dataset(data.observations, data.source, confirmed=frozenset({("asb", Y15, "Aug", 9300.0)}))
    report = build_report(summarise(register, data), Inputs(register, data, "q2.csv", "csv"), dt.date(2015, 10, 22))
    quality = next(s for s in report.sheets if s.name == "Data quality")
    texts = [cell.value for block in quality.blocks for row in getattr(block, "rows", ()) for cell in row.cells]
    assert any(isinstance(t, str) and t.startswith("9,300 is 10.6 times") and "confirmed by the analyst" in t
               for t in texts)


def test_a_confirmation_is_for_the_value_confirmed(register):
    data = parse_csv(typed(asb_Aug="9400"), "q2.csv")  # typed again, differently: checked afresh
    data = Dataset(data.observations, data.source, confirmed=frozenset({("asb", Y15, "Aug", 9300.0)}))
    assert [f.severity for f in mine(run_checks(register, data), "asb")] == ["error"]


def test_the_confirmed_column_takes_yes_or_no(capsys, tmp_path):
    text = "measure,year,period,value,confirmed\nasb,2015/16,Apr,864,perhaps\nasb,2015/16,May,894,\n"
    code, _, err, path = run(capsys, tmp_path, text, "check")
    assert code == 2
    assert err.strip() == f"spp-xl: {path}: line 2, column confirmed: 'perhaps' is not yes or no (or blank)"


def test_a_negative_figure_gives_one_error(register):
    found = mine(findings(typed(asb_Aug="-930"), register), "asb")
    assert [(f.severity, f.message) for f in found] == [("error", "-930 is negative; a count cannot be")]


def test_a_year_to_date_finding_quotes_what_was_typed(register):
    found = mine(findings(typed(hate_incidents_Sep="3200"), register), "hate_incidents")
    # typed 3,200 for September's year to date: September alone would be 3,200 - 277 = 2,923
    assert [f.value for f in found] == [3200]
    assert found[0].message.startswith("the year-to-date figure 3,200 implies 2,923 in September alone, ")


def test_a_falling_year_to_date_gives_one_finding(register):
    found = mine(findings(typed(all_crime_Aug="9730"), register), "all_crime")
    assert [(f.severity, f.period, f.message) for f in found] == [
        ("error", "Sep", "year-to-date figure falls from 9,730 (Aug) to 9,510")]


def test_a_transposed_year_to_date_figure_is_named(register):
    found = mine(findings(typed(all_crime_Aug="7390"), register), "all_crime")
    # 7,390 for 7,930: August alone 970 and September 2,120 where last year shared 1,507 and 1,549
    assert [(f.severity, f.period) for f in found] == [("error", "Aug")]
    assert "the year-to-date figure 7,390 implies 970 in August alone" in found[0].message
    assert "and then 2,120 in September; it may be 7,930 with two digits swapped" in found[0].message


def test_a_transposed_monthly_figure_is_named(register):
    text = typed(asb_Jul="2153")  # 1,253 typed with its first two digits swapped
    found = mine(findings(text, register), "asb")
    assert [(f.severity, f.period) for f in found] == [("error", "Jul")]
    assert found[0].message.endswith("; it may be 1,253 with two digits swapped: check it, and confirm it if it is "
                                     "right")


def test_rows_for_a_year_the_report_does_not_show_are_named(capsys, tmp_path):
    text = QUARTER_TWO + "asb,2016/17,Apr,900\nasb,2016/17,May,910\n"
    for command in ("check", "summary"):
        code, out, _, path = run(capsys, tmp_path, text, command)
        assert code == 0
        assert (f"WARNING: asb 2016/17: 2 figures are not used: the report shows 2014/15 and 2015/16, with "
                f"out-turns back to 2012/13 [{path} line 135, column value (and 1 more)]") in out


def test_some_periods_of_an_earlier_year_are_named(register):
    text = QUARTER_TWO + "sac,2013/14,Apr,160\nsac,2013/14,May,150\n"
    found = [f for f in findings(text, register) if f.year == "2013/14"]
    assert [f.message for f in found] == [
        "2 of its 12 periods are given (Apr, May); an earlier year is shown as its out-turn, from all its periods "
        "or its annual figure, so these are not used and the out-turn is its annual figure (1,969)"]


@pytest.mark.parametrize("written", ["ASB", "Asb", "A SB", "a.s.b"])
def test_an_id_written_another_way_is_an_error_naming_the_register_id(capsys, tmp_path, written):
    text = QUARTER_TWO.replace("\nasb,", f"\n{written},")
    code, out, _, path = run(capsys, tmp_path, text, "check")
    assert code == 1
    assert (f"ERROR: {written.strip()}: measure id {written.strip()!r} is not in the register; it differs from "
            f"'asb' only in case, spaces or punctuation: write it 'asb' (until then its 21 figures are not used)"
            ) in out.replace("\n", " ")
    code, _, err, _ = run(capsys, tmp_path, text, "summary")
    assert code == 1 and "differs from 'asb' only in case" in err


def test_an_unknown_measure_is_named_with_its_column(register):
    found = [f for f in findings(QUARTER_TWO + "burglary,2015/16,Apr,12\nburglary,2015/16,May,14\n", register)
             if f.measure == "burglary"]
    assert [(f.severity, f.where) for f in found] == [("warning", "q2.csv line 135, column measure (and 1 more)")]


def test_wording_that_names_another_figure_is_a_warning(register):
    from dataclasses import replace

    from spp_xl.core.register import Register

    changed = Register(register.year, tuple(replace(m, measure_wording="record more than 6000 crimes")
                                            if m.id == "dv_reporting" else m for m in register), register.source)
    found = [f for f in run_checks(changed, parse_csv(QUARTER_TWO, "q2.csv")) if f.measure == "dv_reporting"]
    assert [f.message for f in found] == [
        "its performance measure wording 'record more than 6000 crimes' names another figure than its annual "
        "target 6,588: the report quotes the annual target"]


def test_every_bad_csv_line_is_reported(capsys, tmp_path):
    text = "measure,year,period,value\nasb,2015-16,Apr,1\nasb,2015/16,Mai,2\nasb,2015/16,May,3\n,2015/16,Jun,4\n"
    code, _, err, path = run(capsys, tmp_path, text, "check")
    assert code == 2
    assert err.splitlines() == [
        f"spp-xl: {path}: 3 lines cannot be read; fix them and run again:",
        "  line 2, column year: year '2015-16' is not of the form 2015/16",
        "  line 3, column period: 'Mai' is not Apr..Mar, Q1..Q4 or Year",
        "  line 5, column measure: is blank"]


def test_every_bad_register_field_is_reported(tmp_path):
    from spp_xl.core.errors import RegisterError
    from spp_xl.core.register import load_register

    path = tmp_path / "measures.toml"
    path.write_text('year = "2015/16"\n[[measure]]\nid = "asb"\ntitle = "ASB"\ndirection = "down"\n'
                    'frequency = "weekly"\nannual_target = "lots"\n[[measure]]\nid = "dv"\ndirection = "increase"\n'
                    'frequency = "monthly"\n')
    with pytest.raises(RegisterError) as err:
        load_register(path)
    assert str(err.value).splitlines() == [
        f"{path}: 2 problems; fix them and run again:",
        f"  {path}: measure 'asb': field 'direction': 'down' is not one of increase, reduce, monitor; field "
        "'frequency': 'weekly' is not one of monthly, quarterly; field 'annual_target': 'lots' is not a number",
        f"  {path}: measure 'dv': field 'annual_target': is required for a measure to increase; field 'title': "
        "is required"]


def test_an_as_of_no_measure_has_reached_is_refused(capsys, tmp_path, register):
    code, _, err, _ = run(capsys, tmp_path, QUARTER_TWO, "summary", "--as-of", "2015/16 Dec")
    assert code == 2
    assert err.strip() == ('spp-xl: --as-of 2015/16 Dec: no measure has figures for it; the latest month with data '
                           'is 2015/16 Sep: report to "2015/16 Sep" or earlier')
    with pytest.raises(InputError):
        summarise(register, parse_csv(QUARTER_TWO, "q2.csv"), "2015/16 Oct")
    assert summarise(register, parse_csv(QUARTER_TWO, "q2.csv"), "2015/16 Sep").as_of.label == "2015/16 Sep"


@pytest.mark.parametrize("given,message", [
    ("2015/16 June", "--as-of '2015/16 June': the period must be Apr..Mar or Q1..Q4, e.g. \"2015/16 Jun\""),
    ("2015-16 Jun", "--as-of '2015-16 Jun': year '2015-16' is not of the form 2015/16; write the year and the "
                    "month, e.g. \"2015/16 Jun\""),
    ("2014/15 Jun", "--as-of 2014/15 Jun: the register's targets are for 2015/16; report a month of 2015/16, "
                    "e.g. \"2015/16 Jun\""),
])
def test_as_of_errors_show_the_full_form(capsys, given, message):
    code = main(["summary", "--as-of", given])
    assert code == 2 and capsys.readouterr().err.strip() == f"spp-xl: {message}"


def test_add_measure_help_lists_allowed_values_and_prints_its_examples(capsys):
    with pytest.raises(SystemExit):
        main(["add-measure", "--help"])
    out = capsys.readouterr().out
    for allowed in ("increase | reduce | monitor", "monthly | quarterly", "period | ytd", "count | rate | percent",
                    "straight | seasonal | custom", "forecast | same_period | straight_line", "active | developing"):
        assert allowed in " ".join(out.split()), allowed
    assert "  spp-xl add-measure workbook/SPP_Performance.xlsm --id violence_with_injury \\\n" in out
    assert '      --title "Reduce violence with injury" --direction reduce' in out
    assert "\\ --title" not in out
