"""What a report is made from, whatever it was read from: the register, the figures, the
staff's commentary, the recommendations, the family group and the board meeting.

The readers (bundled data, a tidy CSV, the workbook) each return an ``Inputs``; nothing
downstream knows which one it came from.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from importlib import resources

from .dataset import Dataset
from .register import Register

RECOMMENDATION_STATUSES = ("", "not started", "on track", "at risk", "complete")


@dataclass(frozen=True)
class Recommendation:
    number: int
    text: str
    progress: str = ""
    status: str = ""


@dataclass(frozen=True)
class FamilyGroupRow:
    """One partnership's crimes per 1,000 residents in the iQuanta most similar group."""

    partnership: str
    rates: tuple  # one per period, None where not pasted
    is_us: bool = False


@dataclass(frozen=True)
class FamilyGroup:
    periods: tuple = ()  # e.g. ("01 Apr 15 - 30 Jun 15", "01 Jan 15 - 31 Mar 15")
    rows: tuple = ()

    @property
    def has_data(self) -> bool:
        return any(r is not None for row in self.rows for r in row.rates)


@dataclass(frozen=True)
class Inputs:
    """Everything a report is made from."""

    register: Register
    dataset: Dataset
    source: str
    kind: str  # "bundled", "csv" or "workbook"
    commentary: dict = field(default_factory=dict)  # measure id -> staff's sentences
    recommendations: tuple = ()
    family_group: FamilyGroup = FamilyGroup()
    meeting_date: dt.date | None = None  # the board meeting the report goes to; None when not set


def bundled_recommendations() -> tuple[Recommendation, ...]:
    """The 17 strategic recommendations the seed report lists (``data/recommendations.csv``)."""
    text = resources.files("spp_xl.bundled").joinpath("recommendations.csv").read_text(encoding="utf-8")
    return tuple(
        Recommendation(int(row["number"]), row["recommendation"], row["progress"], row["status"])
        for row in csv.DictReader(io.StringIO(text))
    )
