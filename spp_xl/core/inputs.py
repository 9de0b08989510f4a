"""What a report is made from, whatever it was read from: the register, the figures, the
staff's commentary, the recommendations, the family group and the board meeting.

The readers (bundled data, a tidy CSV, the workbook) each return an ``Inputs``; nothing
downstream knows which one it came from.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from .dataset import Dataset
from .register import Register

# What a recommendation's progress may be (blank while not yet reported).
RECOMMENDATION_STATUSES = ("not started", "on track", "at risk", "complete")
# A bullet typed or pasted before a sentence: a dot, or a dash or star followed by a space
# (so that "-5% on last year" keeps its minus sign).
_BULLET = re.compile(r"^(?:[\u2022\u00b7\u25aa\u25cf]|[-*\u2013](?=\s))\s*")


def staff_sentences(text: str | Iterable[str] | None) -> tuple[str, ...]:
    r"""Staff's commentary on a measure as sentences, one a line, as the report prints them:
    bullet marks and blank lines dropped.

    >>> staff_sentences("\u2022 Levels fell in June.\n\n- A second point.  \n-5% on last year")
    ('Levels fell in June.', 'A second point.', '-5% on last year')
    """
    if text is None:
        return ()
    lines = text.splitlines() if isinstance(text, str) else \
        [line for item in text if item is not None for line in str(item).splitlines()]
    sentences = (_BULLET.sub("", line.strip()).strip() for line in lines)
    return tuple(sentence for sentence in sentences if sentence)


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
    commentary: dict = field(default_factory=dict)  # measure id -> staff's sentences (a tuple)
    recommendations: tuple = ()
    family_group: FamilyGroup = FamilyGroup()
    meeting_date: dt.date | None = None  # the board meeting the report goes to; None when not set
    # The neighbourhoods behind the crime gap (core.neighbourhoods), where spp-xl police wrote them.
    neighbourhoods: tuple = ()

    def __post_init__(self):
        # Staff's text arrives as typed (a cell of lines, a list): made sentences here, once.
        sentences = {measure_id: staff_sentences(text) for measure_id, text in self.commentary.items()}
        object.__setattr__(self, "commentary", {k: v for k, v in sentences.items() if v})


def bundled_recommendations() -> tuple[Recommendation, ...]:
    """The 17 strategic recommendations the seed report lists (``data/recommendations.csv``)."""
    text = resources.files("spp_xl.bundled").joinpath("recommendations.csv").read_text(encoding="utf-8")
    return tuple(
        Recommendation(int(row["number"]), row["recommendation"], row["progress"], row["status"])
        for row in csv.DictReader(io.StringIO(text))
    )
