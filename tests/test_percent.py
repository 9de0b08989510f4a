"""Percentages made of counts: the register's fields, the pooled arithmetic, small samples judged
honestly, and the words. Every expected figure is worked out by hand in the comment beside it."""

from __future__ import annotations

import json

import pytest

from spp_xl.cli import main
from spp_xl.core.dataset import parse_csv
from spp_xl.core.engine import summarise
from spp_xl.core.errors import RegisterError
from spp_xl.core.percent import Z, interval, percent
from spp_xl.core.register import load_register

REGISTER = """year = "2015/16"
[defaults]
rule = "forecast"          # the partnership's default: a percentage is judged on its level all the same

[[measure]]
id = "sat"
title = "Satisfaction rate of vulnerable victims of ASB"
direction = "increase"
frequency = "quarterly"
unit = "percent"
entry = "counts"
numerator = "victims satisfied"
denominator = "victims surveyed"
precision = 1
annual_target = 85
"""

# A count beside it, for registers with more than the percentage.
ASB = """
[[measure]]
id = "asb"
title = "ASB"
direction = "reduce"
frequency = "monthly"
annual_target = 10064
"""

# Quarter one 45 of 50 (90%), quarter two 40 of 60 (66.7%); last year 38 of 48, 44 of 55.
FIGURES = """measure,year,period,value
sat.numerator,2014/15,Q1,38
sat.denominator,2014/15,Q1,48
sat.numerator,2014/15,Q2,44
sat.denominator,2014/15,Q2,55
sat.numerator,2015/16,Q1,45
sat.denominator,2015/16,Q1,50
sat.numerator,2015/16,Q2,40
sat.denominator,2015/16,Q2,60
"""


def register(tmp_path, text=REGISTER):
    path = tmp_path / "measures.toml"
    path.write_text(text, encoding="utf-8")
    return load_register(path)


def figures(text=FIGURES):
    return parse_csv(text, "figures.csv")


def result(tmp_path, text=FIGURES, measures=REGISTER, as_of=None):
    return summarise(register(tmp_path, measures), figures(text), as_of).result("sat")


def files(tmp_path, text=FIGURES, measures=REGISTER):
    (tmp_path / "figures.csv").write_text(text, encoding="utf-8")
    (tmp_path / "measures.toml").write_text(measures, encoding="utf-8")
    return str(tmp_path / "figures.csv"), str(tmp_path / "measures.toml")


# ------------------------------------------------------------------ the register

def test_a_percent_measure_is_read_with_its_counts_and_level(tmp_path):
    m = register(tmp_path).get("sat")
    # [defaults] says rule = "forecast" for every measure; a percentage is judged on its level
    assert (m.unit, m.entry, m.is_counts, m.rule, m.profile, m.annual_target, m.base_needed) == (
        "percent", "counts", True, "level", "", 85, 30)
    assert (m.numerator, m.denominator) == ("victims satisfied", "victims surveyed")


@pytest.mark.parametrize("change,field,message", [
    (('entry = "counts"\n', ""), "entry", "a percent measure is entered as counts: write entry = \"counts\""),
    (('entry = "counts"', 'entry = "period"'), "entry", "a percent measure is entered as counts (not 'period')"),
    (('numerator = "victims satisfied"\n', ""), "numerator", "field 'numerator': is required for a percent measure"),
    (('denominator = "victims surveyed"\n', ""), "denominator", "field 'denominator': is required"),
    (("annual_target = 85", 'annual_target = 85\nprofile = "straight"'), "profile",
     "a percent measure's target is a level, the same at every period, so it has no profile"),
    (("annual_target = 85", "annual_target = 85\ncustom_profile = [20, 40, 60, 85]"), "custom_profile",
     "field 'custom_profile': a percent measure's target is a level"),
    (("annual_target = 85", 'annual_target = 85\nrule = "forecast"'), "rule",
     "field 'rule': 'forecast' judges a sum over the year"),
    (("annual_target = 85", 'annual_target = 85\nrule = "same_period"'), "rule", "'same_period' judges a sum"),
    (("annual_target = 85", "annual_target = 850"), "annual_target",
     "field 'annual_target': 850 is not a percentage: a percent measure's target is a level from 0 to 100"),
    # 85% typed into a cell Excel formats as a percentage is 0.85: a level of 0.85% would judge 45 of 50 on target
    (("annual_target = 85", "annual_target = 0.85"), "annual_target",
     "field 'annual_target': 0.85 looks like a percentage typed as a fraction (85% typed into a cell formatted as a "
     "percentage holds 0.85): a percent measure's level is written in percent, 85 for 85%"),
    (("annual_target = 85", "annual_target = 85\nmin_base = 0"), "min_base", "field 'min_base': 0 is below 1"),
    (("annual_target = 85", "annual_target = 85\nmin_base = 12.5"), "min_base", "12.5 is not a whole number"),
    (('unit = "percent"', 'unit = "count"'), "entry", "field 'entry': 'counts' is for a percentage"),
])
def test_a_percent_measure_is_refused_naming_the_field(tmp_path, change, field, message):
    with pytest.raises(RegisterError) as err:
        register(tmp_path, REGISTER.replace(*change))
    assert message in str(err.value) and err.value.field == field
    assert "measure 'sat'" in str(err.value)


def test_counts_fields_are_refused_on_a_count(tmp_path):
    text = REGISTER.replace('unit = "percent"\nentry = "counts"\n', "")
    with pytest.raises(RegisterError, match="field 'numerator': is for a percentage made of counts"):
        register(tmp_path, text)


def test_a_developing_percent_measure_is_held_to_its_fields_when_made_active(tmp_path):
    # what an older workbook wrote for every measure (a straight profile, the forecast rule) is
    # let be while the measure is developed, and named when it is made active
    developing = REGISTER.replace("annual_target = 85", 'annual_target = 85\nprofile = "straight"\n'
                                  'rule = "forecast"\nstatus = "developing"')
    assert register(tmp_path, developing).get("sat").is_developing
    with pytest.raises(RegisterError, match="field 'profile'.*field 'rule'"):
        register(tmp_path, developing.replace('status = "developing"', 'status = "active"'))


# ------------------------------------------------------------------ the arithmetic

def test_quarter_two_pools_the_counts_never_averaging_the_percentages(tmp_path):
    r = result(tmp_path)
    # Each quarter's own: 45 / 50 = 90%, 40 / 60 = 66.67%.
    assert [None if v is None else round(v, 2) for v in r.rows.this_year] == [90.0, 66.67, None, None]
    # The year to date pooled: (45 + 40) / (50 + 60) = 85 / 110 = 77.27%. Averaging the quarters'
    # percentages would give (90 + 66.67) / 2 = 78.33%, and summing them 156.67.
    assert round(r.ytd_actual, 2) == 77.27 and (r.counts.numerator, r.counts.denominator) == (85, 110)
    assert round(r.ytd_actual, 1) != round((90 + 200 / 3) / 2, 1) == 78.3
    # Last year at quarter two: (38 + 44) / (48 + 55) = 82 / 103 = 79.61%; the change in points
    # 77.27 - 79.61 = -2.34.
    assert round(r.last_year_ytd, 2) == 79.61 and round(r.change, 2) == -2.34 and r.pct_change is None
    # The target to date is the level; there is no forecast of a sum.
    assert (r.ytd_target, r.annual_target, r.forecast, r.rows.profile) == (85, 85, None, [85, 85, 85, 85])
    # Judged on the level, the year to date as reported (77.3%, to one place): (85 - 77.3) / 85 = 9.06%
    # short, within the 15% band: amber.
    assert round(r.shortfall, 4) == 0.0906 and r.rag == "amber"


def test_the_wilson_interval_by_hand():
    # 85 of 110, z = 1.96: centre (85 + 1.96^2 / 2) / (110 + 1.96^2) = 86.921 / 113.841 = 0.76353;
    # half-width 1.96 sqrt(85 x 25 / 110 + 1.96^2 / 4) / 113.841 = 1.96 x 4.5046 / 113.841 = 0.07756:
    # 68.60% to 84.11%.
    low, high = interval(85, 110)
    assert (round(low, 2), round(high, 2)) == (68.6, 84.11)
    assert round(Z, 4) == 1.96
    # Nobody satisfied of 10: 0% to 27.8% (never below 0); all 10: 72.2% to 100%.
    assert [round(v, 1) for v in interval(0, 10)] == [0.0, 27.8]
    assert [round(v, 1) for v in interval(10, 10)] == [72.2, 100.0]
    assert interval(0, 0) is None and interval(None, 5) is None and percent(3, 0) is None


def test_a_measure_below_min_base_is_not_judged(tmp_path):
    # Quarter one alone: 12 of 20 = 60%, far below 85% (29% short), but 20 people are fewer than
    # the 30 needed: not judged, and no colour.
    text = "measure,year,period,value\nsat.numerator,2015/16,Q1,12\nsat.denominator,2015/16,Q1,20\n"
    r = result(tmp_path, text)
    assert r.ytd_actual == 60 and r.not_judged and r.rag == "none" and r.shortfall is None
    assert r.judgement == "Not judged: 20 victims surveyed so far, 30 needed"
    # 12 of 20: centre (12 + 1.9208) / 23.8415 = 0.5839, half-width 1.96 sqrt(12 x 8 / 20 + 0.9604)
    # / 23.8415 = 1.96 x 2.4001 / 23.8415 = 0.1973: 38.7% to 78.1%.
    assert r.commentary[-1] == ("It is not judged until 30 victims surveyed are counted (20 so far): with so few "
                                "people chance alone moves a percentage a lot (the 95% interval runs from 39% to "
                                "78%).")
    # min_base = 20 judges it: (85 - 60) / 85 = 29% short: red.
    judged = result(tmp_path, text, REGISTER.replace("annual_target = 85", "annual_target = 85\nmin_base = 20"))
    assert not judged.not_judged and judged.rag == "red"


def test_a_measure_whose_interval_holds_its_target(tmp_path):
    # 34 of 42 = 80.95%: (85 - 80.95) / 85 = 4.8% short, amber. Its interval: centre
    # (34 + 1.9208) / 45.8415 = 0.78358, half-width 1.96 sqrt(34 x 8 / 42 + 0.9604) / 45.8415
    # = 1.96 x 2.72702 / 45.8415 = 0.11660: 66.7% to 90.0%, which holds 85%.
    text = "measure,year,period,value\nsat.numerator,2015/16,Q1,34\nsat.denominator,2015/16,Q1,42\n"
    r = result(tmp_path, text)
    assert r.rag == "amber" and [round(v, 1) for v in r.counts.interval] == [66.7, 90.0]
    assert list(r.commentary) == [
        "In quarter one 81% of victims surveyed were satisfied (34 of 42), against the target of 85%.",
        "There is no figure for the same period last year to compare with.",
        "At the end of quarter one we are off target: 4 percentage points below the target, 5% of it.",
        "The difference from the target is within what chance gives for so few people: with 42 victims surveyed, "
        "the 95% interval runs from 67% to 90%, which holds the target.",
    ]


def test_a_percentage_that_reads_as_its_level_is_on_target(tmp_path):
    # 849 of 999 = 84.98%, reported to its precision (one place) as 85.0%: the board reads 85.0%
    # against a level of 85%, which is on target, not "0 percentage points below the target".
    text = "measure,year,period,value\nsat.numerator,2015/16,Q1,849\nsat.denominator,2015/16,Q1,999\n"
    r = result(tmp_path, text)
    assert round(r.ytd_actual, 2) == 84.98 and r.rag == "green" and r.shortfall <= 0
    assert r.commentary[0] == ("In quarter one 85% of victims surveyed were satisfied (849 of 999), against the "
                               "target of 85%.")
    assert r.commentary[2] == "At the end of quarter one we are on target."
    assert not any("0 percentage points" in s for s in r.commentary)


def test_a_percentage_a_tenth_of_a_point_short_says_so(tmp_path):
    # 848 of 999 = 84.88%, reported as 84.9%: 0.1 points short of 85%, (85 - 84.9) / 85 = 0.1%: amber,
    # and the words show the tenth the whole numbers would hide.
    text = "measure,year,period,value\nsat.numerator,2015/16,Q1,848\nsat.denominator,2015/16,Q1,999\n"
    r = result(tmp_path, text)
    assert r.rag == "amber"
    assert r.commentary[0] == ("In quarter one 84.9% of victims surveyed were satisfied (848 of 999), against the "
                               "target of 85%.")
    assert r.commentary[2] == ("At the end of quarter one we are off target: 0.1 percentage points below the "
                               "target, less than 1% of it.")


def test_an_interval_ending_near_the_target_is_quoted_to_tell_them_apart(tmp_path):
    # 31 of 42 = 73.8%: centre (31 + 1.9208) / 45.8415 = 0.71814, half-width 1.96 sqrt(31 x 11 / 42
    # + 0.9604) / 45.8415 = 1.96 x 2.9174 / 45.8415 = 0.12474: 58.9% to 84.7%, short of the 85% level.
    # In whole numbers "from 59% to 85%" beside "more than chance alone would give" says both.
    text = "measure,year,period,value\nsat.numerator,2015/16,Q1,31\nsat.denominator,2015/16,Q1,42\n"
    assert result(tmp_path, text).commentary[-1] == (
        "With 42 victims surveyed, the 95% interval runs from 58.9% to 84.7%: the difference from the target is "
        "more than chance alone would give.")
    # 24 of 33: 55.8% to 84.93%, which the report gives as 84.9%: still short of 85%
    text = "measure,year,period,value\nsat.numerator,2015/16,Q1,24\nsat.denominator,2015/16,Q1,33\n"
    assert result(tmp_path, text).commentary[-1].endswith("runs from 55.8% to 84.9%: the difference from the "
                                                          "target is more than chance alone would give.")


def test_a_quarter_with_nobody_counted_says_so(tmp_path):
    # 45 of 50 in quarter one and nobody surveyed in quarter two (0 of 0; no last year to make it
    # far out): the year to date is quarter one's alone, and the words say quarter two counted
    # nobody rather than pass over it.
    text = "\n".join(line for line in FIGURES.splitlines() if "2014/15" not in line).replace(
        "sat.numerator,2015/16,Q2,40", "sat.numerator,2015/16,Q2,0").replace(
        "sat.denominator,2015/16,Q2,60", "sat.denominator,2015/16,Q2,0") + "\n"
    r = result(tmp_path, text)
    assert r.commentary[:2] == (
        "So far this year 90% of victims surveyed were satisfied (45 of 50), against the target of 85%.",
        "In quarter two alone (July to September) no victims surveyed were counted.")


def test_quarter_twos_words(tmp_path):
    assert list(result(tmp_path).commentary) == [
        "So far this year 77% of victims surveyed were satisfied (85 of 110), against the target of 85%.",
        # the quarter alone: 40 / 60 = 66.7%
        "In quarter two alone (July to September) 67% of victims surveyed were satisfied (40 of 60).",
        # 77.27 - 79.61 = -2.34 points; last year 79.61% of 103
        "That is 2.3 percentage points lower than in the same period last year (80%, 82 of 103).",
        # 85 - 77.27 = 7.73 points; 7.73 / 85 = 9.1%
        "At the end of quarter two we are off target: 7.7 percentage points below the target, 9% of it.",
        # the interval 68.6% to 84.1% leaves out 85%
        "With 110 victims surveyed, the 95% interval runs from 69% to 84%: the difference from the target is more "
        "than chance alone would give.",
    ]


YEAR = FIGURES + """sat.numerator,2014/15,Q3,41
sat.denominator,2014/15,Q3,52
sat.numerator,2014/15,Q4,47
sat.denominator,2014/15,Q4,57
sat.numerator,2015/16,Q3,48
sat.denominator,2015/16,Q3,55
sat.numerator,2015/16,Q4,50
sat.denominator,2015/16,Q4,58
"""


def test_the_year_end_judges_the_out_turn(tmp_path):
    r = result(tmp_path, YEAR)
    # (45 + 40 + 48 + 50) / (50 + 60 + 55 + 58) = 183 / 223 = 82.06%; (85 - 82.06) / 85 = 3.5% short:
    # amber, not achieved. Last year 170 / 212 = 80.19%: +1.87 points.
    assert r.is_year_end and round(r.ytd_actual, 2) == 82.06 and r.rag == "amber"
    assert r.commentary[0] == ("Over the year 82% of victims surveyed were satisfied (183 of 223), against the "
                               "target of 85%: not achieved (2.9 percentage points below the target, 3% of it).")
    assert r.commentary[2] == "That is 1.9 percentage points higher than in the year before (80%, 170 of 212)."
    # Last year's out-turn is its counts pooled: 170 / 212 = 80.19%; the years before have none.
    assert [None if v is None else round(v, 2) for _, v in r.rows.outturns] == [None, None, 80.19]


def test_a_percentage_to_reduce_is_over_its_target(tmp_path):
    measures = REGISTER.replace('direction = "increase"', 'direction = "reduce"').replace(
        'numerator = "victims satisfied"', 'numerator = "victims still at risk"').replace(
        'annual_target = 85', 'annual_target = 70')
    r = result(tmp_path, measures=measures)
    # 77.27% against a level of 70 to stay under: (77.27 - 70) / 70 = 10.4% over: amber.
    assert r.rag == "amber"
    assert r.commentary[0].startswith("So far this year 77% of victims surveyed were still at risk (85 of 110)")
    assert "7.3 percentage points above the target, 10% of it" in r.commentary[3]


MONITORED = """year = "2015/16"
[[measure]]
id = "cohort"
title = "Offenders on short licences not returned to court (the rehabilitation company's measure)"
direction = "monitor"
better_when = "higher"
frequency = "quarterly"
unit = "percent"
entry = "counts"
numerator = "offenders not returned to court"
denominator = "offenders in the cohort"
annual_target = 75
"""


@pytest.mark.parametrize("q2,trend", [
    # 23 / 31 = 74.2% against last year's 22 / 31 = 71.0%: +3.2 points, higher is better: better
    ((11, 15), "better"),
    # 21 / 31 = 67.7%: -3.2 points: worse
    ((9, 15), "worse"),
    # 22 / 31 = 71.0%: level: stable (within 2 points)
    ((10, 15), "stable"),
])
def test_a_monitored_percentage_follows_better_when_in_points(tmp_path, q2, trend):
    text = ("measure,year,period,value\n"
            "cohort.numerator,2014/15,Q1,10\ncohort.denominator,2014/15,Q1,15\n"
            "cohort.numerator,2014/15,Q2,12\ncohort.denominator,2014/15,Q2,16\n"
            "cohort.numerator,2015/16,Q1,12\ncohort.denominator,2015/16,Q1,16\n"
            f"cohort.numerator,2015/16,Q2,{q2[0]}\ncohort.denominator,2015/16,Q2,{q2[1]}\n")
    r = summarise(register(tmp_path, MONITORED), figures(text)).result("cohort")
    assert (r.rag, r.trend, r.ytd_target, r.shortfall) == ("monitor", trend, None, None)
    assert r.commentary[0].endswith("against the level of 75% (monitoring only).")
    assert "offenders in the cohort were not returned to court" in r.commentary[0]


def test_a_monitored_percentage_of_few_people_has_no_trend(tmp_path):
    text = "measure,year,period,value\ncohort.numerator,2015/16,Q1,15\ncohort.denominator,2015/16,Q1,20\n"
    r = summarise(register(tmp_path, MONITORED), figures(text)).result("cohort")
    assert r.rag == "none" and r.trend is None
    assert r.judgement == "Not judged: 20 offenders in the cohort so far, 30 needed"


def test_words_that_do_not_share_their_head_are_quoted_whole(tmp_path):
    measures = REGISTER.replace('numerator = "victims satisfied"', 'numerator = "satisfied responses"')
    assert result(tmp_path, measures=measures).commentary[0].startswith(
        "So far this year 77% of victims surveyed (85 of 110) counted as satisfied responses, against")


# ------------------------------------------------------------------ the commands

def test_summary_json_carries_the_counts_and_interval(tmp_path, capsys):
    csv, toml = files(tmp_path)
    assert main(["summary", csv, "--register", toml, "--json"]) == 0
    sat = json.loads(capsys.readouterr().out)["measures"][0]
    assert {k: sat[k] for k in ("unit", "ytd_actual", "ytd_target", "annual_target", "last_year_ytd",
                                "change_vs_last_year", "pct_change_vs_last_year", "forecast", "rag", "numerator",
                                "denominator", "last_year_numerator", "last_year_denominator", "interval",
                                "min_base")} == {
        "unit": "percent", "ytd_actual": 77.3, "ytd_target": 85, "annual_target": 85, "last_year_ytd": 79.6,
        "change_vs_last_year": -2.3, "pct_change_vs_last_year": None, "forecast": None, "rag": "amber",
        "numerator": 85, "denominator": 110, "last_year_numerator": 82, "last_year_denominator": 103,
        "interval": [68.6, 84.1], "min_base": 30}


def test_every_measure_has_the_same_json_keys(capsys):
    assert main(["summary", "--json"]) == 0
    measures = json.loads(capsys.readouterr().out)["measures"]
    assert len({tuple(m) for m in measures}) == 1
    asb = next(m for m in measures if m["id"] == "asb")
    assert (asb["unit"], asb["numerator"], asb["interval"], asb["min_base"]) == ("count", None, None, None)


def test_summary_table_says_percent_points_and_not_judged(tmp_path, capsys):
    small = FIGURES.replace("sat.denominator,2015/16,Q2,60", "").replace("sat.numerator,2015/16,Q2,40", "")
    small = small.replace("sat.numerator,2015/16,Q1,45", "sat.numerator,2015/16,Q1,12").replace(
        "sat.denominator,2015/16,Q1,50", "sat.denominator,2015/16,Q1,20")
    csv, toml = files(tmp_path, small)
    assert main(["summary", csv, "--register", toml]) == 0
    out = capsys.readouterr().out
    # 12 / 20 = 60%; last year 38 / 48 = 79.2%: -19.2 points
    row = next(line for line in out.splitlines() if line.startswith("sat "))
    assert row.split() == ["sat", "Q1", "60%", "85%", "85%", "79.2%", "-19.2", "pts", "NOT", "JUDGED"]
    assert ("  sat: 60% is 12 victims satisfied of 20 victims surveyed; 95% interval 38.7% to 78.1%; not judged: 20 "
            "victims surveyed so far, 30 needed") in out


def test_an_intervals_two_ends_are_given_to_the_same_places(tmp_path, capsys):
    # 13 of 16: centre (13 + 1.9208) / 19.8415 = 0.75201, half-width 1.96 sqrt(13 x 3 / 16 + 0.9604)
    # / 19.8415 = 1.96 x 1.8451 / 19.8415 = 0.18227: 56.97% to 93.43%, to one place 57.0% to 93.4%
    # (never "57% to 93.4%", as if the low end were less precise than the high).
    text = "measure,year,period,value\nsat.numerator,2015/16,Q1,13\nsat.denominator,2015/16,Q1,16\n"
    csv, toml = files(tmp_path, text)
    assert main(["summary", csv, "--register", toml]) == 0
    assert "95% interval 57.0% to 93.4%;" in capsys.readouterr().out
    out = tmp_path / "report.xlsx"
    assert main(["export", csv, "--register", toml, "-o", str(out)]) == 0
    from openpyxl import load_workbook
    page = load_workbook(out)[next(n for n in load_workbook(out).sheetnames if n.endswith(" sat"))]
    assert any(isinstance(v, str) and "95% interval 57.0% to 93.4%." in v for r in page.iter_rows(values_only=True)
               for v in r)


def test_export_shows_a_percentage_on_its_page_and_at_a_glance(tmp_path, capsys):
    import openpyxl

    csv, toml = files(tmp_path)
    out = tmp_path / "report.xlsx"
    assert main(["export", csv, "--register", toml, "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    glance = book["At a glance"]
    row = next(r for r in glance.iter_rows(values_only=True) if r[0] == "Satisfaction rate of vulnerable victims of ASB")
    assert row[1:8] == ("Q2", 77.3, 85, None, 85, "Amber", "\u25bc 2.3 pts down: worse")
    assert glance.cell(next(i for i, r in enumerate(glance.iter_rows(values_only=True), 1) if r[0] == row[0]),
                       3).number_format == '#,##0.0"%"'
    page = book[next(n for n in book.sheetnames if n.endswith(" sat"))]
    rows = {r[0]: r[1:] for r in page.iter_rows(values_only=True) if r[0]}
    # this year's counts, labelled with their year as every other row is (last year's are quoted in the words)
    assert rows["Victims surveyed 2015/16"][3:5] == (50, 60) and rows["Victims satisfied 2015/16"][3:5] == (45, 40)
    assert [round(v, 1) for v in rows["Year to date % 2015/16"][3:5]] == [90.0, 77.3]
    assert rows["Target 2015/16 (level)"][3:7] == (85, 85, 85, 85)
    assert [round(v, 1) for v in rows["Change on 2014/15 (points)"][3:5]] == [10.8, -2.3]
    note = next(v for r in page.iter_rows(values_only=True) for v in r if isinstance(v, str) and
                v.startswith("Year to date 77.3%"))
    assert "85 victims satisfied of 110 victims surveyed, pooled from the counts" in note
    assert "95% interval 68.6% to 84.1%" in note


def test_a_not_judged_percentage_at_a_glance_and_on_its_banner(tmp_path):
    import openpyxl

    text = "measure,year,period,value\nsat.numerator,2015/16,Q1,12\nsat.denominator,2015/16,Q1,20\n"
    csv, toml = files(tmp_path, text)
    out = tmp_path / "report.xlsx"
    assert main(["export", csv, "--register", toml, "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    row = next(r for r in book["At a glance"].iter_rows() if r[0].value == "Satisfaction rate of vulnerable victims "
               "of ASB")
    judged = row[6]
    assert judged.value == "Not judged: 20 so far, 30 needed"
    assert judged.fill.fgColor.rgb in ("FFFFFFFF", "00000000")  # no judgement's colour
    items = [c.value for r in book["Exception items"].iter_rows() for c in r if isinstance(c.value, str)]
    assert "NOT JUDGED: 20 VICTIMS SURVEYED SO FAR, 30 NEEDED" in items


def test_a_not_judged_percentages_change_at_a_glance_is_neither_better_nor_worse(tmp_path):
    """12 of 20 (60%) against last year's 10 of 20 (50%): 10 points up, said without better or
    worse and without their colours, as the measure is not judged on 20 people."""
    import openpyxl

    text = ("measure,year,period,value\nsat.numerator,2014/15,Q1,10\nsat.denominator,2014/15,Q1,20\n"
            "sat.numerator,2015/16,Q1,12\nsat.denominator,2015/16,Q1,20\n")
    csv, toml = files(tmp_path, text)
    out = tmp_path / "report.xlsx"
    assert main(["export", csv, "--register", toml, "-o", str(out)]) == 0
    rows = openpyxl.load_workbook(out)["At a glance"].iter_rows()
    row = next(r for r in rows if r[0].value == "Satisfaction rate of vulnerable victims of ASB")
    assert row[7].value == "\u25b2 10 pts up"
    from spp_xl.report.template import load_template

    colour = {name: load_template().style(name)["colour"].lstrip("#").upper()
              for name in ("glance_better", "glance_worse", "glance_level")}
    assert row[7].font.color.rgb[-6:] == colour["glance_level"] != colour["glance_better"]


@pytest.mark.parametrize("module", ["percent", "percent_words", "outliers", "dataset", "rules", "framework", "engine"])
def test_the_examples_in_the_docstrings_hold(module):
    import doctest
    import importlib

    failures, tried = doctest.testmod(importlib.import_module(f"spp_xl.core.{module}"))
    assert failures == 0 and tried >= 2
