"""Data-quality findings: the seed's own errors and what hand-typed data goes wrong in."""

import pytest

from spp_xl import run_checks, summarise
from spp_xl.core.dataset import parse_csv
from spp_xl.core.errors import DataQualityError

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

HEADER = "measure,year,period,value\n"


def findings_for(register, body, header=None):
    return run_checks(register, parse_csv((header + "\n" if header else HEADER) + body, "t.csv"))


def test_the_bundled_data_has_warnings_and_no_errors(summary):
    assert [f.severity for f in summary.findings] == ["warning"] * 3
    measures = [(f.measure, f.year, f.period) for f in summary.findings]
    assert measures == [("dash_training", "2014/15", None), ("asb", "2014/15", "Year"), ("asb", "2015/16", "Jun")]


def test_dash_2014_15_looks_like_an_annual_total_spread_evenly(summary):
    finding = summary.findings[0]
    assert "(15, 15, 15, 13) look like an annual total (58) spread evenly" in finding.message


def test_asb_june_is_flagged_as_a_possible_data_lag(summary):
    assert "a data lag?" in summary.findings[2].message


def test_the_published_seeds_flat_carry_forward_is_found(register):
    from spp_xl import read_csv

    findings = run_checks(register, read_csv(FIXTURES / "seed_as_published.csv"))
    flat = [f for f in findings if f.measure == "all_crime"]
    assert len(flat) == 1
    assert flat[0].period == "Jul"
    assert "4,799 of Jun is repeated unchanged from Jul to Mar" in flat[0].message


@pytest.mark.parametrize("body,severity,period,message", [
    ("asb,2015/16,Apr,864\nasb,2015/16,Apr,865\n", "error", "Apr", "entered twice (864 at t.csv line 2"),
    ("asb,2015/16,Apr,-4\n", "error", "Apr", "-4 is negative"),
    ("asb,2015/16,Apr,86.5\n", "error", "Apr", "86.5 is not a whole number"),
    ("asb,2015/16,Apr,eight\n", "error", "Apr", "'eight' is not a number"),
    ("hate_incidents,2015/16,Apr,58\nhate_incidents,2015/16,May,50\n", "error", "May",
     "year-to-date figure falls from 58 (Apr) to 50"),
    ("asb,2015/16,Q1,864\n", "error", "Q1", "period Q1 does not fit a monthly measure"),
    ("asb,2015/16,Apr,864\nasb,2015/16,Jun,800\n", "warning", "May", "missing: May is blank"),
    ("burglary,2015/16,Apr,12\n", "warning", "Apr", "unknown measure id"),
    ("asb,2014/15,Year,100\n" + "".join(f"asb,2014/15,{m},10\n" for m in
     ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")),
     "warning", "Year", "annual out-turn 100 disagrees with the sum of its periods (120)"),
])
def test_findings(register, body, severity, period, message):
    found = [f for f in findings_for(register, body) if message in f.message]
    assert found, [f.describe() for f in findings_for(register, body)]
    assert (found[0].severity, found[0].period) == (severity, period)


def test_a_finding_names_the_csv_line(register):
    finding = findings_for(register, "asb,2015/16,Apr,864\nasb,2015/16,May,x\n")[0]
    assert finding.where == "t.csv line 3, column value"
    assert finding.describe() == "ERROR: asb 2015/16 May: 'x' is not a number [t.csv line 3, column value]"


def test_a_far_off_figure_mid_year_is_an_error_until_confirmed(register):
    last = "".join(f"sac,2014/15,{m},{v}\n" for m, v in zip(("Apr", "May", "Jun", "Jul"), (100, 110, 105, 95)))
    this = "sac,2015/16,Apr,105\nsac,2015/16,May,400\nsac,2015/16,Jun,100\n"
    found = [f for f in findings_for(register, last + this) if f.period == "May"]
    # expected: April and June shaped by last year, 105 x 110 / 100 and 100 x 110 / 105, averaged: 110;
    # 400 / 110 = 3.6 times; last year's May itself (no other month far enough from May to scale it)
    assert [(f.severity, f.message) for f in found] == [(
        "error", "400 is 3.6 times what the months either side and last year's shape suggest (110) and 3.6 times "
                 "May last year (110): check it, and confirm it if it is right")]


def test_old_years_are_not_queried_for_outliers(register):
    months = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")
    years = ("2012/13", "2013/14", "2014/15")
    body = "".join(f"sac,{y},{m},{100 + 5 * (i % 3)}\n" for y in years for i, m in enumerate(months))
    body = body.replace("sac,2013/14,May,105", "sac,2013/14,May,900")  # far off, but two years back
    assert [f for f in findings_for(register, body) if f.year == "2013/14"] == []
    moved = body.replace("2013/14,May,900", "2013/14,May,105").replace("2014/15,May,105", "2014/15,May,900")
    assert [(f.year, f.period) for f in findings_for(register, moved)] == [("2014/15", "May")]


def test_errors_stop_the_summary(register):
    data = parse_csv(HEADER + "asb,2015/16,Apr,864\nasb,2015/16,Apr,865\n", "t.csv")
    with pytest.raises(DataQualityError, match="1 data error"):
        summarise(register, data)


def test_figures_typed_with_commas_and_percent_signs_are_read(register):
    data = parse_csv(HEADER + "asb,2015/16,Apr,\"1,612\"\n", "t.csv")
    assert data.series("asb", data.observations[0].year) == {"Apr": 1612}


def test_a_year_to_date_rate_may_fall_a_little(register):
    # The crime gap is one rate less another: it can narrow from one month to the next
    # (police.uk figures for a year: 5.05 in February, 4.99 in March). A count cannot.
    body = "".join(f"crime_gap,2015/16,{m},{v}\n" for m, v in (("Apr", 6.5), ("May", 12.6), ("Jun", 12.4)))
    assert not [f for f in findings_for(register, body) if "falls" in f.message]


def test_a_year_to_date_rate_falling_far_is_an_error_until_confirmed(register):
    # 12.6 to 5.7 is a fall of 55% (6.9 / 12.6): a month's own figure typed as the year to date.
    body = "".join(f"crime_gap,2015/16,{m},{v}\n" for m, v in (("Apr", 6.5), ("May", 12.6), ("Jun", 5.7)))
    falls = [f for f in findings_for(register, body) if "falls" in f.message]
    assert [(f.severity, f.period, f.confirmable) for f in falls] == [("error", "Jun", True)]
    assert "falls from 12.6 (May) to 5.7, by 55%" in falls[0].message
    confirmed = body.replace("crime_gap,2015/16,Jun,5.7", "crime_gap,2015/16,Jun,5.7,yes")
    again = [f for f in findings_for(register, confirmed, header="measure,year,period,value,confirmed")
             if "falls" in f.message]
    assert [(f.severity, f.confirmed) for f in again] == [("warning", True)]
