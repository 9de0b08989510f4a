"""One front door for every source of inputs: the bundled data, a tidy CSV, or the
partnership's workbook. Each returns the same ``Inputs``; the core never knows which."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .dataset import Dataset, read_csv
from .errors import InputError
from .register import Register, load_register

RECOMMENDATION_STATUSES = ("", "not started", "on track", "at risk", "complete")
WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")
BUNDLED_MEETING_DATE = "2015-07-23"  # the board meeting the seed report went to


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
    meeting_date: str = ""  # ISO date of the board meeting, "" when not set


def bundled_recommendations() -> tuple[Recommendation, ...]:
    text = resources.files("spp_xl.bundled").joinpath("recommendations.csv").read_text(encoding="utf-8")
    return tuple(
        Recommendation(int(row["number"]), row["recommendation"], row["progress"], row["status"])
        for row in csv.DictReader(io.StringIO(text))
    )


def load_inputs(source: str | os.PathLike | None = None, register_path: str | None = None) -> Inputs:
    """Reads a source: None for the bundled data, a ``.csv``, or an ``.xlsm``/``.xlsx`` workbook.

    A CSV carries figures only: the register comes from ``register_path`` or the bundled
    ``templates/measures.toml``. A workbook carries its own register, commentary, family
    group and recommendations.
    """
    if source is None:
        return Inputs(load_register(register_path), read_csv(), "bundled data", "bundled",
                      recommendations=bundled_recommendations(), meeting_date=BUNDLED_MEETING_DATE)
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from .workbook.reader import read_workbook

        return read_workbook(path, register_path)
    if suffix == ".xls":
        raise InputError("is an old-style .xls workbook; open it in Excel and save it as .xlsm", str(path))
    if suffix == ".csv":
        return Inputs(load_register(register_path), read_csv(path), str(path), "csv",
                      recommendations=bundled_recommendations())
    if not path.exists():
        raise InputError("file not found", str(path))
    raise InputError("is neither a tidy .csv nor an .xlsm/.xlsx workbook", str(path))
