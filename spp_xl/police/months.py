"""Calendar months of police.uk files (``2015-06``) as the partnership's periods, and which
months a run of files covers in full."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field

from ..core.periods import MONTHS, FinancialYear


def year_and_period(month: str) -> tuple[FinancialYear, str]:
    """``"2016-01"`` -> (2015/16, ``"Jan"``): financial years run April to March.

    >>> year_and_period("2016-01")[0].label, year_and_period("2016-01")[1]
    ('2015/16', 'Jan')
    """
    year, index = FinancialYear.of_month(int(month[:4]), int(month[5:7]))
    return year, MONTHS[index]


def month_of(year: FinancialYear, index: int) -> str:
    """The calendar month ``YYYY-MM`` of period ``index`` (0 = Apr) of a financial year."""
    calendar_year, number = year.calendar_month(index)
    return f"{calendar_year:04d}-{number:02d}"


def next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + 1:04d}-01" if number == 12 else f"{year:04d}-{number + 1:02d}"


def span_label(year: FinancialYear, last_index: int) -> str:
    """The family group's period name for April to a month, as iQuanta writes it:
    ``01 Apr 15 - 30 Jun 15``."""
    last = month_of(year, last_index)
    y, m = int(last[:4]), int(last[5:7])
    return f"01 Apr {year.start % 100:02d} - {calendar.monthrange(y, m)[1]} {calendar.month_abbr[m]} {y % 100:02d}"


@dataclass(frozen=True)
class Coverage:
    """The months a run's files cover in full for one use (the city's figures, or one family
    area's rate): every force whose rows that use counts has a file for them.

    A month between the forces' first and last that one of them lacks is incomplete: a
    figure for it would count only part of the rows, so it has none, and year-to-date
    figures stop before it. Forces the use does not count never make a month incomplete.

    Attributes:
        complete: the months covered in full.
        missing: month -> the forces the use needs that have no file for it.
        forces: the forces the use needs.
    """

    complete: frozenset
    missing: dict = field(default_factory=dict)
    forces: tuple = ()

    def has(self, year: FinancialYear, index: int) -> bool:
        return month_of(year, index) in self.complete

    def has_all(self, year: FinancialYear, last: int) -> bool:
        """Whether every month from April to period ``last`` of ``year`` is covered."""
        return all(self.has(year, i) for i in range(last + 1))

    def years(self) -> list[FinancialYear]:
        return sorted({year_and_period(m)[0] for m in self.complete})

    def lacking(self, year: FinancialYear, last: int) -> list[tuple[str, tuple]]:
        """(month, forces without a file) of April to period ``last`` of ``year``, for the
        months not covered; a month outside every file's span lacks every force."""
        out = []
        for i in range(last + 1):
            month = month_of(year, i)
            if month not in self.complete:
                out.append((month, self.missing.get(month, self.forces)))
        return out


def coverage(forces: dict, needed) -> Coverage:
    """Which months are complete for a use that counts the rows of the ``needed`` forces
    (``forces``: force -> the months it has a file for)."""
    needed = tuple(sorted(f for f in set(needed) if forces.get(f)))
    if not needed:
        return Coverage(frozenset())
    months = sorted(set().union(*(forces[f] for f in needed)))
    complete, missing, month = set(), {}, months[0]
    while month <= months[-1]:
        lacking = tuple(f for f in needed if month not in forces[f])
        if lacking:
            missing[month] = lacking
        else:
            complete.add(month)
        month = next_month(month)
    return Coverage(frozenset(complete), missing, needed)


def month_range(months) -> str:
    """Months in few words: ``2015-09``, ``2015-09 to 2015-11``, ``2015-04, 2015-09``.

    >>> month_range(["2015-09", "2015-10", "2015-11", "2016-02"])
    '2015-09 to 2015-11, 2016-02'
    """
    runs, months = [], sorted(months)
    for month in months:
        if runs and next_month(runs[-1][1]) == month:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    return ", ".join(a if a == b else f"{a} to {b}" for a, b in runs)
