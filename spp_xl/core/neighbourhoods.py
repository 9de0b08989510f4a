"""The neighbourhoods behind the crime gap: each one's crimes, residents, rate and rank for
a month, and which of them make the top group the gap compares with the city.

``spp-xl police`` makes them (``<name>-neighbourhoods.csv``, the workbook's Neighbourhoods
sheet); the report lists the top group on the crime gap's page. A rate is the year to
date's crimes per 1,000 residents, as the gap's.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Sequence

from .arithmetic import crime_gap, gap_ranking
from .numbers import round_half_up
from .periods import FinancialYear

RATE_PLACES = 2  # a rate per 1,000 as the family group and the gap are written


@dataclass(frozen=True)
class NeighbourhoodFigure:
    """One neighbourhood's year to date at one month, for one measure (the crime gap).

    Attributes:
        measure: the measure id (``crime_gap``).
        year, period: the month (``2015/16``, ``Jun``).
        neighbourhood: its name; residents: its population; crimes: its crimes, year to date.
        rank: 1 for the highest rate (a tie settled by name, as the gap settles it).
        top: whether it is in the top group the gap takes.
    """

    measure: str
    year: FinancialYear
    period: str
    neighbourhood: str
    residents: int
    crimes: int
    rank: int
    top: bool

    @property
    def rate(self) -> float:
        """Crimes per 1,000 residents, to two places (half up)."""
        return round_half_up(Fraction(1000 * self.crimes, self.residents), RATE_PLACES)


def rank_neighbourhoods(measure: str, year: FinancialYear, period: str, names: Sequence[str],
                        crimes: Sequence[int], residents: Sequence[int], top: int) -> list[NeighbourhoodFigure]:
    """Every neighbourhood ranked as the crime gap ranks them (``arithmetic.gap_ranking``);
    ``names`` in alphabetical order, so that a tie is settled by name."""
    order = gap_ranking(crimes, residents)
    return [NeighbourhoodFigure(measure, year, period, names[i], int(residents[i]), int(crimes[i]), rank,
                                rank <= top) for rank, i in enumerate(order, start=1)]


def month_of(figures: Iterable[NeighbourhoodFigure], measure: str, year: FinancialYear,
             period: str) -> list[NeighbourhoodFigure]:
    """One measure's neighbourhoods at one month, by rank."""
    return sorted((f for f in figures if (f.measure, f.year, f.period) == (measure, year, period)),
                  key=lambda f: f.rank)


def gap_of(ranked: Sequence[NeighbourhoodFigure]) -> float | None:
    """The crime gap these neighbourhoods give (their top group against all of them), or None
    for none."""
    if not ranked or not any(f.top for f in ranked):
        return None
    return crime_gap([f.crimes for f in ranked], [f.residents for f in ranked], sum(f.top for f in ranked))


def joined_and_left(now: Sequence[NeighbourhoodFigure],
                    before: Sequence[NeighbourhoodFigure]) -> tuple[list[str], list[str]]:
    """The neighbourhoods in the top group now that were not before, and those that were and
    are not, each in the order of ``now``'s ranks."""
    top_now = {f.neighbourhood for f in now if f.top}
    top_before = {f.neighbourhood for f in before if f.top}
    joined = [f.neighbourhood for f in now if f.top and f.neighbourhood not in top_before]
    left = [f.neighbourhood for f in now if f.neighbourhood in top_before and f.neighbourhood not in top_now]
    left += sorted(top_before - top_now - {f.neighbourhood for f in now})  # no longer listed at all
    return joined, left


CSV_COLUMNS = ("measure", "year", "period", "neighbourhood", "population", "crimes", "rate_per_1000", "rank",
               "top_group")


def to_csv_text(figures: Iterable[NeighbourhoodFigure]) -> str:
    """The neighbourhoods as CSV (``<name>-neighbourhoods.csv`` beside the tidy figures), a
    row a neighbourhood a month, in the order given; ``top_group`` is yes or no."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in figures:
        writer.writerow([f.measure, f.year.label, f.period, f.neighbourhood, f.residents, f.crimes, f"{f.rate:.2f}",
                         f.rank, "yes" if f.top else "no"])
    return out.getvalue()
