"""One synthetic but plausible year walked from quarter one to the year end.

The partnership in ``tests/fixtures/quarters/`` has monthly and quarterly measures, figures
typed for each period and year to date, measures to increase, to reduce and to monitor,
one (the crime gap) a month behind, and two percentages made of counts (a satisfaction rate
with a level to reach, and a monitored cohort of few people, not judged until 30 are counted). At each quarter the figures are those an analyst
would have then: this year's to the as-of month, the gap's to the month before.

The drafted commentary of every quarter is held as golden text
(``tests/fixtures/quarters/commentary.txt``); the sentences below are checked by hand.
After changing the words on purpose, read the new text through and write it again with
``python tests/test_quarters.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spp_xl.core.dataset import Dataset, read_csv, split_count_id
from spp_xl.core.engine import summarise
from spp_xl.core.periods import MONTHS, AsOf
from spp_xl.core.register import load_register

FIXTURES = Path(__file__).parent / "fixtures" / "quarters"
GOLDEN = FIXTURES / "commentary.txt"
QUARTERS = ("2015/16 Jun", "2015/16 Sep", "2015/16 Dec", "2015/16 Mar")
LAGGING = {"gap": 1}  # months behind


def register():
    return load_register(FIXTURES / "measures.toml")


def dataset_at(as_of: AsOf) -> Dataset:
    """The figures as they stand at ``as_of``: nothing of this year after it, the gap a month behind."""
    reg, data = register(), read_csv(FIXTURES / "figures.csv")

    def known(obs) -> bool:
        if obs.year != reg.year:
            return True
        counted = split_count_id(obs.measure)  # a percentage's counts come as its figures do
        measure = reg.get(counted[0] if counted else obs.measure)
        if measure.frequency == "quarterly":  # a quarter's figure comes once the quarter has ended
            return measure.periods.index(obs.period) * 3 + 2 <= as_of.month_index
        return MONTHS.index(obs.period) <= as_of.month_index - LAGGING.get(obs.measure, 0)

    return Dataset([o for o in data.observations if known(o)], data.source)


def summary_at(label: str):
    as_of = AsOf.parse(label)
    return summarise(register(), dataset_at(as_of), as_of)


def commentary_text() -> str:
    """Every quarter's drafted commentary, measure by measure, as the golden file holds it."""
    lines = []
    for label in QUARTERS:
        lines.append(f"== {label}")
        for r in summary_at(label).results:
            lines.append(f"[{r.measure.id}] {r.rag}")
            lines += [f"- {sentence}" for sentence in r.commentary]
        lines.append("")
    return "\n".join(lines)


def test_every_quarters_commentary_is_the_golden_text():
    assert commentary_text() == GOLDEN.read_text(encoding="utf-8")


def test_the_golden_text_has_every_quarter_and_measure():
    text = GOLDEN.read_text(encoding="utf-8")
    for label in QUARTERS:
        block = text.split(f"== {label}\n", 1)[1].split("\n== ", 1)[0]
        assert [line.split()[0] for line in block.splitlines() if line.startswith("[")] == [
            "[asb]", "[dv]", "[referrals]", "[hate]", "[gap]", "[sac]", "[satisfaction]", "[cohort]"]
        assert sum(line.startswith("- ") for line in block.splitlines()) >= 18


# Each sentence below is worked out by hand from tests/fixtures/quarters/figures.csv.
BY_HAND = [
    # -- quarter one (the seed's own figures and wording) ---------------------------------
    # ASB: 864 + 894 + 769 = 2,527 against 808 + 882 + 1,023 = 2,713: -186, -186 / 2,713 = -6.9%.
    ("2015/16 Jun", "asb", "In quarter one we have seen a reduction of 7% (-186) compared to the same period "
                           "last year."),
    # ASB is above its straight profile (10,064 / 12 = 838.67, down to 838; x 3 = 2,514) yet green:
    # last year 2,713 of 10,065 came by June, 2,713 / 10,065 = 27.0%; the profile 2,514 / 10,064 = 25.0%.
    ("2015/16 Jun", "asb", "The judgement follows the forecast, which follows last year's shape: last year 27% "
                           "of the year's 10,065 came by the end of June (2,713), where the profile expects 25%."),
    # Referrals: forecast 525 x 2,665 / 629 = 2,224.4; short by (2,666 - 2,224.4) / 2,666 = 16.6%.
    ("2015/16 Jun", "referrals", "At the end of quarter one we are off target: the year-end forecast is 2,224 "
                                 "against the annual target of 2,666 (17% short)."),
    # The gap lags: figures to May (12.6) against last May's 13.5: -0.9, -0.9 / 13.5 = -6.7%.
    ("2015/16 Jun", "gap", "In the year to May we have seen a reduction of 7% (-0.9) compared to the same period "
                           "last year."),
    # Satisfaction 45 of 50 = 90%, against 38 of 48 = 79.17% last year: +10.83 points. Its interval:
    # centre (45 + 1.9207) / 53.8415 = 0.8715, half-width 1.96 sqrt(45 x 5 / 50 + 0.9604) / 53.8415
    # = 0.0851: 78.6% to 95.7%, which holds 85%.
    ("2015/16 Jun", "satisfaction", "In quarter one 90% of victims surveyed were satisfied (45 of 50), against the "
                                    "target of 85%."),
    ("2015/16 Jun", "satisfaction", "The difference from the target is within what chance gives for so few people: "
                                    "with 50 victims surveyed, the 95% interval runs from 79% to 96%, which holds "
                                    "the target."),
    # The cohort: 4 + 5 + 3 = 12 of 5 + 6 + 5 = 16, fewer than 30: not judged. Interval: centre
    # (12 + 1.9207) / 19.8415 = 0.7016, half-width 1.96 sqrt(12 x 4 / 16 + 0.9604) / 19.8415 = 0.1966.
    ("2015/16 Jun", "cohort", "It is not judged until 30 offenders in the cohort are counted (16 so far): with so "
                              "few people chance alone moves a percentage a lot (the 95% interval runs from 51% "
                              "to 90%)."),
    # -- quarter two ----------------------------------------------------------------------
    # DV year to date 1,632 + 640 + 590 + 545 = 3,407 against 3,493: -86, -86 / 3,493 = -2.5%.
    ("2015/16 Sep", "dv", "So far this year (April to September) we have seen a reduction of 2% (-86) compared "
                          "to the same period last year (3,407 against 3,493)."),
    # ... while July to September alone rose: 640 + 590 + 545 = 1,775 against 662 + 564 + 528 = 1,754:
    # +21, 21 / 1,754 = 1.2%.
    ("2015/16 Sep", "dv", "In quarter two alone (July to September) there were 1,775 crimes and incidents "
                          "against 1,754 in the same quarter last year: an increase of 1% (+21)."),
    # The gap (reduce) over its target: 33.4 x 77.4 / 32.5 = 79.54, (79.54 - 77.3) / 77.3 = 2.9% over.
    ("2015/16 Sep", "gap", "At the end of August we are off target: the year-end forecast is 79.54 against the "
                           "annual target of 77.3 (3% over)."),
    # Satisfaction pooled: (45 + 40) / (50 + 60) = 85 / 110 = 77.3% (the quarters' 90% and 66.7%
    # averaged would say 78.3%); (85 - 77.27) / 85 = 9.1% short: amber.
    ("2015/16 Sep", "satisfaction", "So far this year 77% of victims surveyed were satisfied (85 of 110), against "
                                    "the target of 85%."),
    ("2015/16 Sep", "satisfaction", "At the end of quarter two we are off target: 7.7 percentage points below the "
                                    "target, 9% of it."),
    # The cohort's July to September alone: 4 + 4 + 5 = 13 of 5 + 5 + 6 = 16, 81.25%.
    ("2015/16 Sep", "cohort", "In quarter two alone (July to September) 81% of offenders in the cohort were not "
                              "returned to court (13 of 16)."),
    # Hate incidents are typed year to date: July to September alone 320 - 174 = 146 against
    # 292 - 152 = 140: +6, 6 / 140 = 4.3%.
    ("2015/16 Sep", "hate", "In quarter two alone (July to September) there were 146 incidents against 140 in "
                            "the same quarter last year: an increase of 4% (+6)."),
    # -- quarter three --------------------------------------------------------------------
    # Referrals 525 + 700 + 790 = 2,015, above the profile 667 x 3 = 2,001, yet amber: last year
    # 2,116 of 2,665 by quarter three, 79.4%; the profile 2,001 / 2,666 = 75.1%.
    ("2015/16 Dec", "referrals", "The judgement follows the forecast, which follows last year's shape: last year "
                                 "79% of the year's 2,665 came by the end of quarter three (2,116), where the "
                                 "profile expects 75%."),
    # Hate October to December alone: 470 - 320 = 150 against 456 - 292 = 164: -14, -14 / 164 = -8.5%.
    ("2015/16 Dec", "hate", "In quarter three alone (October to December) there were 150 incidents against 164 "
                            "in the same quarter last year: a reduction of 9% (-14)."),
    # Satisfaction 133 of 165 = 80.6%: 85 - 80.61 = 4.39 points short, 4.39 / 85 = 5.2%. Interval:
    # centre (133 + 1.9207) / 168.8415 = 0.7991, half-width 1.96 sqrt(133 x 32 / 165 + 0.9604) /
    # 168.8415 = 0.0600: 73.9% to 85.9%, which holds 85%.
    ("2015/16 Dec", "satisfaction", "At the end of quarter three we are off target: 4.4 percentage points below the "
                                    "target, 5% of it."),
    ("2015/16 Dec", "satisfaction", "The difference from the target is within what chance gives for so few people: "
                                    "with 165 victims surveyed, the 95% interval runs from 74% to 86%, which holds "
                                    "the target."),
    # SAC (monitoring) 581 + 150 + 172 + 185 + 160 + 170 + 158 = 1,576 against 1,500: +76, 5.1%.
    ("2015/16 Dec", "sac", "So far this year (April to December) we have seen an increase of 5% (+76) compared "
                           "to the same period last year (1,576 against 1,500)."),
    # -- the year end ---------------------------------------------------------------------
    # ASB out-turn 2,527 + 2,880 + 2,175 + 610 + 640 + 790 = 9,622, not more than 10,064: achieved.
    ("2015/16 Mar", "asb", "The year ended with 9,622 incidents against the target of 10,064: achieved."),
    # DV out-turn 5,097 + 500 + 495 + 470 = 6,562 against 6,588: (6,588 - 6,562) / 6,588 = 0.4% short.
    ("2015/16 Mar", "dv", "The year ended with 6,562 crimes and incidents against the target of 6,588: not "
                          "achieved (less than 1% short)."),
    # Referrals quarter four alone 600 against 549: +51, 51 / 549 = 9.3%.
    ("2015/16 Mar", "referrals", "In quarter four alone (January to March) there were 600 referrals against 549 "
                                 "in the same quarter last year: an increase of 9% (+51)."),
    # Satisfaction over the year 183 of 223 = 82.06%: 2.94 points below 85, 2.94 / 85 = 3.5%: amber.
    ("2015/16 Mar", "satisfaction", "Over the year 82% of victims surveyed were satisfied (183 of 223), against the "
                                    "target of 85%: not achieved (2.9 percentage points below the target, 3% of "
                                    "it)."),
    # The cohort over the year 53 of 69 = 76.8%, against 44 of 66 = 66.7%: +10.1 points.
    ("2015/16 Mar", "cohort", "That is 10.1 percentage points higher than in the year before (67%, 44 of 66)."),
    # SAC out-turn 1,576 + 165 + 160 + 170 = 2,071 against 2,017: 54 / 2,017 = 2.7% more.
    ("2015/16 Mar", "sac", "The year ended with 2,071 offences, 3% more than last year (2,017)."),
]


@pytest.mark.parametrize("as_of,measure,sentence", BY_HAND)
def test_sentences_checked_by_hand(as_of, measure, sentence):
    assert sentence in summary_at(as_of).result(measure).commentary


def test_at_least_three_sentences_a_quarter_are_checked_by_hand():
    assert all(sum(q == label for q, _, _ in BY_HAND) >= 3 for label in QUARTERS)


def test_the_year_end_judges_the_out_turn():
    s = summary_at("2015/16 Mar")
    # every measure with March's figure is judged on it: 9,622 <= 10,064 green; 615 < 621 amber
    assert [(r.measure.id, r.forecast, r.rag) for r in s.results if r.measure.id in ("asb", "hate")] == [
        ("asb", 9622, "green"), ("hate", 615, "amber")]
    # the gap is a month behind: still a forecast, and said to lag
    gap = s.result("gap")
    assert gap.lagging and gap.period == "Feb" and "Figures are available to February only" in gap.commentary[-1]


def test_the_year_end_judges_the_out_turn_whatever_the_rule():
    from dataclasses import replace

    from spp_xl.core.register import Register

    reg = register()
    same_period = Register(reg.year, tuple(replace(m, rule="same_period") for m in reg), reg.source)
    as_of = AsOf.parse("2015/16 Mar")
    dv = summarise(same_period, dataset_at(as_of), as_of).result("dv")
    # The same-period rule would measure 6,562 against last year's 6,587 (25 / 6,587); at the year
    # end the out-turn meets the target: 6,562 against 6,588, (6,588 - 6,562) / 6,588.
    assert round(dv.shortfall, 6) == round(26 / 6588, 6) != round(25 / 6587, 6)
    assert dv.commentary[0].startswith("The year ended with 6,562 crimes and incidents against the target of 6,588")


def test_the_percentages_at_every_quarter():
    """The satisfaction rate and the cohort, judged at each quarter as worked out above: the
    cohort not judged while fewer than 30 are counted, then better than last year (higher is
    better, and it is over 2 points up)."""
    judged = [(summary_at(label).result("satisfaction").rag, summary_at(label).result("cohort").rag,
               summary_at(label).result("cohort").trend) for label in QUARTERS]
    assert judged == [("green", "none", None), ("amber", "monitor", "better"), ("amber", "monitor", "better"),
                      ("amber", "monitor", "better")]
    # the pooled year to date at each quarter, never a sum or an average of the quarters' percentages
    assert [round(summary_at(label).result("satisfaction").ytd_actual, 2) for label in QUARTERS] == [
        90.0, round(85 / 110 * 100, 2), round(133 / 165 * 100, 2), round(183 / 223 * 100, 2)]


def test_a_month_inside_a_quarter_names_its_months():
    s = summary_at("2015/16 Aug")
    asb = s.result("asb").commentary
    # 2,527 + 1,010 + 930 = 4,467 against 2,713 + 1,056 + 915 = 4,684
    assert asb[0] == ("So far this year (April to August) we have seen a reduction of 5% (-217) compared to the "
                      "same period last year (4,467 against 4,684).")
    # July and August alone: 1,940 against 1,971
    assert asb[1] == ("In July and August alone there were 1,940 incidents against 1,971 in the same months last "
                      "year: a reduction of 2% (-31).")
    # the gap, a month behind, runs to July; July alone is not given for a rate
    assert s.result("gap").commentary[0].startswith("So far this year (April to July)")
    # the cohort's July and August alone: 4 + 4 of 5 + 5, 80%
    assert s.result("cohort").commentary[1] == ("In July and August alone 80% of offenders in the cohort were not "
                                                "returned to court (8 of 10).")
    # referrals are quarterly: quarter two ends in September, so quarter one is the latest, not a lag
    assert s.result("referrals").commentary[-1] == "Figures are available to quarter one; quarter two ends in September."


def test_a_quarter_not_yet_ended_is_no_lag():
    """In August quarter two has not ended: referrals' quarter one is as far as they can be, so
    they are not flagged as lagging (the glance page said 'Q1 (lag)', the measure's page 'Figures
    to Q1 only (data lag)' and the summary 'lagging', under words saying quarter two ends in
    September); in September quarter two has ended, and a measure stopping at quarter one lags."""
    august = summary_at("2015/16 Aug").result("referrals")
    assert (august.period, august.expected_period, august.lagging) == ("Q1", "Q2", False)
    assert august.commentary[-1] == "Figures are available to quarter one; quarter two ends in September."
    september = AsOf.parse("2015/16 Sep")
    data = dataset_at(september)
    late = Dataset([o for o in data.observations if (o.measure, o.year, o.period) != ("referrals", register().year,
                                                                                      "Q2")], data.source)
    referrals = summarise(register(), late, september).result("referrals")
    assert (referrals.period, referrals.lagging) == ("Q1", True)
    assert referrals.commentary[-1] == "Figures are available to quarter one only; quarter two is not yet in (data lag)."


def test_a_reduce_measure_is_never_short_of_its_target():
    for label in QUARTERS:
        for r in summary_at(label).results:
            if r.measure.direction == "reduce":
                assert "short" not in " ".join(r.commentary), (label, r.measure.id)


def test_the_banner_and_the_bullets_quote_one_figure_for_the_target():
    from spp_xl.report.build import banner_text

    dv = summary_at("2015/16 Sep").result("dv")
    # the register's wording says "record more than 6587 crimes" for a target of 6,588
    assert banner_text(dv, "2015/16").endswith("(2015/16 performance measure - record at least 6,588 crimes)")
    assert "6,588" in " ".join(dv.commentary) and "6587" not in " ".join(dv.commentary)


if __name__ == "__main__":  # write the golden text again, after reading it through
    GOLDEN.write_text(commentary_text(), encoding="utf-8")
    print(f"wrote {GOLDEN}")
