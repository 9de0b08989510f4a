"""Invariants that hold for any figures, not just the seed's (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from spp_xl.core import arithmetic as ar
from spp_xl.core.framework import framework
from spp_xl.core.dataset import Dataset, Observation
from spp_xl.core.engine import evaluate
from spp_xl.core.periods import MONTHS, AsOf, FinancialYear
from spp_xl.core.register import Measure

counts = st.integers(min_value=0, max_value=100_000)
directions = st.sampled_from(["increase", "reduce"])


@given(st.lists(counts, min_size=1, max_size=12))
def test_periods_and_cumulatives_round_trip(values):
    cum = ar.cumulative(values)
    assert ar.periods_from_ytd(cum) == values
    assert cum[-1] == sum(values)


@given(st.lists(st.one_of(counts, st.none()), min_size=1, max_size=12))
def test_cumulative_never_invents_a_figure(values):
    cum = ar.cumulative(values)
    first_gap = next((i for i, v in enumerate(values) if v is None), len(values))
    assert all(c is None for c in cum[first_gap:])
    assert all(c is not None for c in cum[:first_gap])


@given(st.integers(min_value=1, max_value=1_000_000), st.sampled_from([4, 12]), directions,
       st.integers(min_value=0, max_value=2))
def test_a_straight_profile_never_falls_and_ends_at_the_target(target, periods, direction, precision):
    target = target / 10 ** precision
    profile = ar.straight_profile(target, periods, direction, precision)
    assert len(profile) == periods
    assert profile[-1] == target
    assert all(b >= a for a, b in zip(profile, profile[1:]))


@given(st.integers(min_value=1, max_value=100_000), st.lists(counts, min_size=12, max_size=12))
def test_a_seasonal_profile_never_falls_and_ends_at_the_target(target, last_year):
    last_cum = ar.cumulative([v + 1 for v in last_year])
    profile = ar.seasonal_profile(target, last_cum)
    assert profile[-1] == target
    assert all(b >= a for a, b in zip(profile, profile[1:]))


ORDER = {"green": 0, "amber": 1, "red": 2}


@given(counts, counts, directions, st.integers(min_value=1, max_value=12))
@settings(max_examples=300)
def test_a_worse_ytd_never_earns_a_better_judgement(a, b, direction, elapsed):
    target, last_outturn, last_ytd = 10_000, 9_000, 2_500
    better, worse = (max(a, b), min(a, b)) if direction == "increase" else (min(a, b), max(a, b))

    def judge(ytd):
        fc, _ = ar.forecast(ytd, elapsed, 12, last_outturn, last_ytd)
        return ORDER[ar.rag(ar.shortfall(fc, target, direction), framework().tolerance)]

    assert judge(worse) >= judge(better)


def _measure(direction):
    return Measure(id="m", title="M", direction=direction, frequency="monthly", annual_target=1200)


@given(st.lists(counts, min_size=12, max_size=12), st.lists(counts, min_size=1, max_size=12), directions)
@settings(max_examples=100, deadline=None)
def test_evaluation_is_consistent_with_its_own_rows(last_year, this_year, direction):
    fy = FinancialYear(2015)
    obs = [Observation("m", fy.previous(), p, v) for p, v in zip(MONTHS, last_year)]
    obs += [Observation("m", fy, p, v) for p, v in zip(MONTHS, this_year)]
    result = evaluate(_measure(direction), Dataset(obs), AsOf(fy, len(this_year) - 1))
    assert result.ytd_actual == sum(this_year)
    assert result.rows.this_cumulative[len(this_year) - 1] == sum(this_year)
    assert result.rag in ("green", "amber", "red")
    assert result.rows.change[len(this_year):] == [None] * (12 - len(this_year))
    assert result.commentary
