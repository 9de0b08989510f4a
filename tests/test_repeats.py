"""A figure repeated unchanged: what it means depends on how it was typed.

A running total (entry ytd) that does not move means nothing new was reported: it is not yet
in (the seed's all crime, 4,799 from July to March). Figures typed by period are used as
typed: a repeat is a warning where Poisson chance explains it, and an error until the
analyst confirms it where it does not. The engine, the glance page and (tests/
test_rules_parity.py, in LibreOffice) the workbook's native formulas agree on the period
each measure is reported to.

The chance of a count repeating: a Poisson count of mean m equals k with probability
e^-m m^k / k!, most likely at m = k. Three equal counts of k are, at the most generous mean,
P(k)^2: for 15, e^-15 15^15 / 15! = 0.1024, squared 0.0105 (1 in 95); for 150, 0.03254^2 =
0.00106 (1 in 940); for 1,632, 0.009875^2 = 0.0000975 (1 in 10,300). A figure is too unlikely
for chance below the checks' outlier_noise of 3 standard deviations: 0.27% (1 in 370).
"""

from __future__ import annotations

import pytest
from remote import payload_from, put, remote_engine, sheet_values  # noqa: F401  (the macros' engine)

from spp_xl.core.checks import run_checks
from spp_xl.core.dataset import Dataset, Observation, read_csv
from spp_xl.core.engine import summarise
from spp_xl.core.errors import DataQualityError
from spp_xl.core.periods import FinancialYear
from spp_xl.core.register import load_register
from spp_xl.report.build import build_report
from spp_xl.core.inputs import Inputs

from years import year_to

REGISTER = load_register()
YEAR = FinancialYear(2015)


def typed(dataset: Dataset, figures: dict, confirmed=()) -> Dataset:
    """``dataset`` with ``{(measure, period): value}`` typed for 2015/16 (replacing any there)."""
    kept = [o for o in dataset.observations if not (o.year == YEAR and (o.measure, o.period) in figures)]
    added = [Observation(m, YEAR, p, float(v), f"typed {m} {p}", str(v)) for (m, p), v in figures.items()]
    marks = frozenset((m, YEAR, p, float(figures[(m, p)])) for m, p in confirmed)
    return Dataset(kept + added, dataset.source, confirmed=dataset.confirmed | marks)


def about(findings, measure):
    return [f for f in findings if f.measure == measure and f.year == "2015/16"]


def glance_period(summary, measure_id):
    inputs = Inputs(REGISTER, Dataset(), "test", "csv")
    glance = build_report(summary, inputs, None).sheet("At a glance")
    table = next(b for b in glance.blocks if getattr(b, "key", "") == "glance")
    return next(row.cells[1].value for row in table.rows if row.key == measure_id)


def test_a_small_count_repeated_is_used_with_a_warning():
    # DASH training typed 15, 15, 15 for quarters one to three: chance gives that 1 in 95 times.
    data = typed(year_to(REGISTER, "2015/16 Dec"), {("dash_training", q): 15 for q in ("Q1", "Q2", "Q3")})
    s = summarise(REGISTER, data)
    dash = s.result("dash_training")
    assert (s.as_of.label, dash.period, dash.ytd_actual, dash.lagging) == ("2015/16 Dec", "Q3", 45, False)
    assert not any("not yet in" in sentence for sentence in dash.commentary)
    (found,) = about(s.findings, "dash_training")
    assert (found.severity, found.period, found.value) == ("warning", "Q3", 15)
    assert found.message == ("the figure 15 of Q1 is repeated unchanged from Q2 to Q3: used as typed, as chance "
                             "repeats a count this small often enough (about 1 in 95)")
    assert glance_period(s, "dash_training") == "Q3"  # not "Q1 (lag)"


def test_a_large_count_repeated_is_an_error_until_confirmed():
    # Domestic violence typed 1,632 (June's year to date) for July, August and September: each is
    # within three times a month's 500 to 660, so no figure is far out; but a count of 1,632
    # three times running is a 1 in 10,300 chance.
    run = {("dv_reporting", m): 1632 for m in ("Jul", "Aug", "Sep")}
    data = typed(read_csv(), run)
    found = [f for f in about(run_checks(REGISTER, data), "dv_reporting") if f.severity == "error"]
    assert [(f.period, f.value, f.confirmable, f.where) for f in found] == [("Sep", 1632, True, "typed dv_reporting Sep")]
    assert found[0].message == (
        "the figure 1,632 of Jul is repeated unchanged from Aug to Sep, and chance repeats a count this size 3 times "
        "running about 1 in 10,255 times: check it was not carried forward, and confirm it (the figure of Sep) if "
        "it is right")
    with pytest.raises(DataQualityError, match="1 data error"):
        summarise(REGISTER, data)
    # Confirmed (the analyst's yes on September's figure): a warning, and the figures are used.
    s = summarise(REGISTER, typed(read_csv(), run, confirmed=[("dv_reporting", "Sep")]))
    (note,) = about(s.findings, "dv_reporting")
    assert (note.severity, note.confirmed) == ("warning", True) and note.message.endswith("confirmed by the analyst")
    dv = s.result("dv_reporting")
    # 556 + 572 + 504 + 3 x 1,632 = 6,528
    assert (s.as_of.label, dv.period, dv.ytd_actual) == ("2015/16 Sep", "Sep", 6528)
    # a fourth 1,632 makes a new run: the confirmation named September's figure, so it is asked again
    four = typed(read_csv(), {**run, ("dv_reporting", "Oct"): 1632}, confirmed=[("dv_reporting", "Sep")])
    assert [f.period for f in run_checks(REGISTER, four) if f.severity == "error"] == ["Oct"]


def test_a_large_count_repeated_the_whole_year_is_still_an_error_until_confirmed():
    # Referrals typed 525 for all four quarters: a count of 525 four times running is about a 1 in
    # 189,500 chance ((e^-525 525^525 / 525!)^3 = 0.017414^3). Three of them were an error until
    # confirmed; the fourth must not turn it into the warning for a small year spread evenly (DASH's
    # 15, 15, 15, 13), which would let the report through unasked.
    run = {("da_referrals", q): 525 for q in ("Q1", "Q2", "Q3", "Q4")}
    data = typed(year_to(REGISTER, "2015/16 Mar"), run)
    found = about(run_checks(REGISTER, data), "da_referrals")
    assert [(f.severity, f.period, f.confirmable) for f in found] == [("error", "Q4", True)]
    assert found[0].message.startswith("the figure 525 of Q1 is repeated unchanged from Q2 to Q4, and chance "
                                       "repeats a count this size 4 times running about 1 in 189,546 times")
    # confirmed on its last figure, it is used, with the warning saying so
    confirmed = about(run_checks(REGISTER, typed(data, run, confirmed=[("da_referrals", "Q4")])), "da_referrals")
    assert [(f.severity, f.confirmed) for f in confirmed] == [("warning", True)]
    # a small year whose repeat chance explains (15 three times: 1 in 95) is still the year spread
    # evenly, as DASH's 2014/15 was; 15 four times running (1 in 930) is asked about as any such repeat
    dash = {("dash_training", q): v for q, v in zip(("Q1", "Q2", "Q3", "Q4"), (15, 15, 15, 13))}
    small = about(run_checks(REGISTER, typed(data, dash)), "dash_training")
    assert [f.message for f in small] == ["the figures (15, 15, 15, 13) look like an annual total (58) spread "
                                          "evenly, not what each period recorded"]
    flat = about(run_checks(REGISTER, typed(data, {**dash, ("dash_training", "Q4"): 15})), "dash_training")
    assert [(f.severity, f.period) for f in flat] == [("error", "Q4")] and "about 1 in 930 times" in flat[0].message


def test_serious_acquisitive_crime_typed_150_three_months_running():
    # 150 is a 1 in 940 chance three times running: an error until confirmed; then reported to
    # December, not "as of Oct, lagging".
    base = year_to(REGISTER, "2015/16 Dec", lag={})
    run = {("sac", m): 150 for m in ("Oct", "Nov", "Dec")}
    assert [f.period for f in run_checks(REGISTER, typed(base, run)) if f.severity == "error"] == ["Dec"]
    s = summarise(REGISTER, typed(base, run, confirmed=[("sac", "Dec")]))
    sac = s.result("sac")
    assert (sac.period, sac.lagging) == ("Dec", False)
    assert glance_period(s, "sac") == "Dec"


def test_a_running_total_that_does_not_move_is_not_yet_reported():
    # Hate incidents typed year to date: 174 in June, July and August means nothing new came in.
    months = {("dv_reporting", "Jul"): 640, ("dv_reporting", "Aug"): 590,
              ("hate_incidents", "Jul"): 174, ("hate_incidents", "Aug"): 174}
    s = summarise(REGISTER, typed(read_csv(), months))
    hate = s.result("hate_incidents")
    assert (s.as_of.label, hate.period, hate.ytd_actual, hate.lagging) == ("2015/16 Aug", "Jun", 174, True)
    (found,) = about(s.findings, "hate_incidents")
    assert (found.severity, found.period) == ("warning", "Jul")
    assert found.message == ("the year-to-date figure 174 of Jun is repeated unchanged from Jul to Aug: it looks "
                             "carried forward, not reported")
    assert glance_period(s, "hate_incidents") == "Jun (lag)"


def test_a_running_total_that_stands_still_one_month_is_reported():
    # 174 in June and July alone: no repeat to speak of (two equal figures), so July is reported,
    # as a month with no new incident. Where about 60 a month come in, none in July is far out
    # (the checks' outlier rule): an error until the analyst confirms it, then used.
    months = {("dv_reporting", "Jul"): 640, ("hate_incidents", "Jul"): 174}
    (found,) = about(run_checks(REGISTER, typed(read_csv(), months)), "hate_incidents")
    assert (found.severity, found.period) == ("error", "Jul")
    assert found.message.startswith("the year-to-date figure 174 implies 0 in July alone")
    s = summarise(REGISTER, typed(read_csv(), months, confirmed=[("hate_incidents", "Jul")]))
    assert (s.result("hate_incidents").period, s.result("hate_incidents").ytd_actual) == ("Jul", 174)


def test_a_repeated_rate_is_an_error_until_confirmed(tmp_path):
    # a rate typed by period has no Poisson noise to excuse an exact repeat
    from spp_xl.core.dataset import parse_csv

    path = tmp_path / "m.toml"
    path.write_text('year = "2015/16"\n[[measure]]\nid = "r"\ntitle = "R"\ndirection = "reduce"\n'
                    'frequency = "quarterly"\nunit = "rate"\nannual_target = 40\n', encoding="utf-8")
    text = "measure,year,period,value\nr,2015/16,Q1,9.5\nr,2015/16,Q2,9.5\nr,2015/16,Q3,9.5\n"
    (found,) = run_checks(load_register(path), parse_csv(text, "f.csv"))
    assert found.severity == "error" and "a rate rarely repeats exactly" in found.message
    assert found.where == "f.csv line 4, column value"


def test_a_repeat_is_confirmed_on_the_workbooks_checks_sheet(tmp_path):
    """In the workbook the analyst confirms the repeat as any queried figure: yes beside its finding
    on the Checks sheet (its Figure column names the value, its Period the run's last)."""
    from dataclasses import replace

    import xlwings as xw

    from spp_xl.excel import build_workbook, macros
    from spp_xl.sources import load_inputs
    from spp_xl.workbook import layout as L
    from spp_xl.workbook import schema as S
    from spp_xl.workbook.reader import read_inputs

    run = {("dv_reporting", m): 1632 for m in ("Jul", "Aug", "Sep")}
    path = build_workbook(replace(load_inputs(), dataset=typed(read_csv(), run)), tmp_path / "SPP_Performance.xlsm")
    payload = payload_from(path)
    values = sheet_values(payload, L.CHECKS)
    col = {name: 1 + i for i, name in enumerate(S.CHECKS.headings)}
    row = next(r for r, v in enumerate(values) if v[col["Measure"]] == "dv_reporting" and v[col["Period"]] == "Sep")
    assert (values[row][col["Severity"]], values[row][col["Figure"]]) == ("error", 1632)
    put(payload, L.CHECKS, L.cell(row, col["Confirmed"]), "yes")
    inputs = read_inputs(macros.snapshot(xw.Book(json=payload)))
    assert ("dv_reporting", YEAR, "Sep", 1632.0) in inputs.dataset.confirmed
    assert summarise(inputs.register, inputs.dataset).result("dv_reporting").ytd_actual == 6528
