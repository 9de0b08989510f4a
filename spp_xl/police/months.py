"""Calendar months of police.uk files (``2015-06``) as the partnership's periods, and which
months a run of files covers in full."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

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
    """The months a run's files cover in full: every force of the run has a file for them.

    A month between the first and the last that some force lacks is incomplete: its figures
    would count only part of the rows, so it has none, and year-to-date figures stop before it.
    """

    complete: frozenset
    findings: tuple = ()

    def has(self, year: FinancialYear, index: int) -> bool:
        return month_of(year, index) in self.complete

    def years(self) -> list[FinancialYear]:
        return sorted({year_and_period(m)[0] for m in self.complete})


def coverage(forces: dict) -> Coverage:
    """Which months are complete, with a finding for each month that is not."""
    if not forces:
        return Coverage(frozenset())
    months = sorted(set().union(*forces.values()))
    first, last = months[0], months[-1]
    complete, findings, month = set(), [], first
    while month <= last:
        lacking = sorted(f for f, have in forces.items() if month not in have)
        if not lacking:
            complete.add(month)
        elif len(lacking) == len(forces):
            findings.append(f"{month}: no file, though there are files before and after it; the figures for it "
                            "(and year-to-date figures after it) are left out until it is given")
        else:
            named = ", ".join(lacking[:3]) + (f" and {len(lacking) - 3} more" if len(lacking) > 3 else "")
            findings.append(f"{month}: no file from {named} (other forces have one); the figures for it (and "
                            "year-to-date figures after it) are left out until it is given")
        month = next_month(month)
    return Coverage(frozenset(complete), tuple(findings))
