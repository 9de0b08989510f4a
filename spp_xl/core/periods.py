"""Financial years, reporting periods and the "as of" point of a report.

The partnership's year runs April to March and is written ``2015/16``. A monthly
measure has twelve periods (``Apr`` .. ``Mar``), a quarterly one four (``Q1`` .. ``Q4``).
A report is made "as of" a month; a quarterly measure reports the quarter holding it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InputError

MONTHS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
ANNUAL = "Year"
MONTH_NAMES = (
    "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "January", "February", "March",
)
QUARTER_WORDS = ("one", "two", "three", "four")

PERIODS = {"monthly": MONTHS, "quarterly": QUARTERS}
# The workbook's window of years: this year and last by period, and the out-turns of the
# three years before this one (``FinancialYear.outturn_years``).
OUTTURN_YEARS = 3

_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_SHORT = re.compile(r"^(\d{2})/(\d{2})$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    """A financial year, April to March, named by the calendar year it starts in."""

    start: int

    @classmethod
    def parse(cls, text: str) -> "FinancialYear":
        """Reads ``2015/16``; anything else is refused with the form expected.

        >>> FinancialYear.parse("2015/16").start
        2015
        """
        match = _YEAR.match(str(text).strip())
        if not match:
            raise ValueError(f"year {text!r} is not of the form 2015/16")
        start, end = int(match.group(1)), int(match.group(2))
        if (start + 1) % 100 != end:
            raise ValueError(f"year {text!r} does not run April to March of consecutive years (2015/16)")
        return cls(start)

    @classmethod
    def parse_short(cls, text: str, latest: "FinancialYear") -> "FinancialYear":
        """Reads the short form ``14/15`` as the latest such year not after ``latest``.

        >>> FinancialYear.parse_short("14/15", FinancialYear(2015)).start, FinancialYear.parse_short("99/00", FinancialYear(2015)).start
        (2014, 1999)
        """
        match = _SHORT.match(str(text).strip())
        if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
            raise ValueError(f"year {text!r} is not of the form {latest.short}")
        start = latest.start - latest.start % 100 + int(match.group(1))
        return cls(start - 100 if start > latest.start else start)

    @classmethod
    def of_month(cls, year: int, month: int) -> tuple["FinancialYear", int]:
        """The financial year a calendar month falls in, and its month of that year (0 = April).

        >>> year, index = FinancialYear.of_month(2016, 1); year.label, MONTHS[index]
        ('2015/16', 'Jan')
        """
        return cls(year if month >= 4 else year - 1), (month - 4) % 12

    @property
    def label(self) -> str:
        return f"{self.start}/{(self.start + 1) % 100:02d}"

    @property
    def short(self) -> str:
        """The seed's column heading form, ``14/15``."""
        return f"{self.start % 100:02d}/{(self.start + 1) % 100:02d}"

    def calendar_month(self, index: int) -> tuple[int, int]:
        """The calendar (year, month) of month ``index`` (0 = April) of this year.

        >>> FinancialYear(2015).calendar_month(0), FinancialYear(2015).calendar_month(11)
        ((2015, 4), (2016, 3))
        """
        return self.start + (1 if index >= 9 else 0), (index + 3) % 12 + 1

    def previous(self, years: int = 1) -> "FinancialYear":
        return FinancialYear(self.start - years)

    def outturn_years(self) -> tuple["FinancialYear", ...]:
        """The years whose out-turns the workbook keeps for this year, oldest first.

        >>> [y.short for y in FinancialYear(2015).outturn_years()]
        ['12/13', '13/14', '14/15']
        """
        return tuple(self.previous(k) for k in range(OUTTURN_YEARS, 0, -1))

    def next(self) -> "FinancialYear":
        return FinancialYear(self.start + 1)

    def __str__(self) -> str:
        return self.label


def periods_for(frequency: str) -> tuple[str, ...]:
    return PERIODS[frequency]


def period_index(frequency: str, period: str) -> int:
    """Zero-based position of a period within the year."""
    return PERIODS[frequency].index(period)


@dataclass(frozen=True, order=True)
class AsOf:
    """The month a report is made to, e.g. ``2015/16 Jun``."""

    year: FinancialYear
    month_index: int  # 0 = Apr .. 11 = Mar

    @classmethod
    def parse(cls, text: str) -> "AsOf":
        """Reads ``"2015/16 Jun"`` or ``"2015/16 Q1"`` (a quarter means its last month)."""
        parts = str(text).split()
        if len(parts) != 2:
            raise InputError(f"--as-of {text!r}: expected a year and a period, e.g. \"2015/16 Jun\"")
        try:
            year = FinancialYear.parse(parts[0])
        except ValueError as exc:
            raise InputError(f"--as-of {text!r}: {exc}; write the year and the month, e.g. \"2015/16 Jun\"") from None
        period = parts[1][:1].upper() + parts[1][1:].lower()
        if period in MONTHS:
            return cls(year, MONTHS.index(period))
        if period.upper() in QUARTERS:
            return cls(year, QUARTERS.index(period.upper()) * 3 + 2)
        raise InputError(f"--as-of {text!r}: the period must be Apr..Mar or Q1..Q4, e.g. \"{year.label} Jun\"")

    @classmethod
    def at(cls, year: FinancialYear, frequency: str, index: int) -> "AsOf":
        """The as-of month that ends period ``index`` of a series of this frequency."""
        return cls(year, index if frequency == "monthly" else index * 3 + 2)

    def index_for(self, frequency: str) -> int:
        """Zero-based index of the period this as-of falls in, for a frequency."""
        return self.month_index if frequency == "monthly" else self.month_index // 3

    @property
    def month(self) -> str:
        return MONTHS[self.month_index]

    @property
    def label(self) -> str:
        return f"{self.year.label} {self.month}"

    @property
    def quarter(self) -> int:
        """1..4: the quarter holding the as-of month."""
        return self.month_index // 3 + 1

    @property
    def is_quarter_end(self) -> bool:
        return self.month_index % 3 == 2

    def __str__(self) -> str:
        return self.label


def quarter_name(index: int) -> str:
    """A quarter in words, from 0: ``quarter_name(1)`` -> ``"quarter two"``."""
    return f"quarter {QUARTER_WORDS[index]}"


def period_name(frequency: str, index: int) -> str:
    """A period of a series in words: the month (``"June"``) or the quarter (``"quarter two"``).

    >>> period_name("monthly", 2), period_name("quarterly", 1)
    ('June', 'quarter two')
    """
    return quarter_name(index) if frequency == "quarterly" else MONTH_NAMES[index]


def point_name(month_index: int, quarterly: bool = False) -> str:
    """A point in the year as the report names it: the quarter at a quarter's end (or for a
    quarterly measure), else the month.

    >>> point_name(5), point_name(4), point_name(4, quarterly=True)
    ('quarter two', 'August', 'quarter two')
    """
    if quarterly or month_index % 3 == 2:
        return quarter_name(month_index // 3)
    return MONTH_NAMES[month_index]
