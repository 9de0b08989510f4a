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

_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


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

    @property
    def label(self) -> str:
        return f"{self.start}/{(self.start + 1) % 100:02d}"

    @property
    def short(self) -> str:
        """The seed's column heading form, ``14/15``."""
        return f"{self.start % 100:02d}/{(self.start + 1) % 100:02d}"

    def previous(self, years: int = 1) -> "FinancialYear":
        return FinancialYear(self.start - years)

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


def period_phrase(frequency: str, index: int) -> str:
    """How the report names a point in the year: "quarter one" or "June"."""
    if frequency == "quarterly":
        return f"quarter {QUARTER_WORDS[index]}"
    if index % 3 == 2:
        return f"quarter {QUARTER_WORDS[index // 3]}"
    return MONTH_NAMES[index]
