"""The figures: tidy observations ``measure, year, period, value``.

A tidy CSV is the plain interchange format; the workbook reader produces the same
observations. Each observation remembers where it came from (a CSV line, a sheet
cell) so that every finding about it can point there.

A figure far outside what its neighbours and last year suggest stops the report until
the analyst confirms it. Confirmations are data: ``Dataset.confirmed`` holds the
``(measure, year, period, value)`` of each confirmed figure, as typed (a year-to-date
figure for a year-to-date measure). In a tidy CSV an optional fifth column ``confirmed``
says so for its row (``yes``; blank or ``no`` otherwise). A confirmation names the value:
a figure typed again differently is checked afresh.

A percentage made of counts has two figures a period, under the ids ``<id>.numerator`` and
``<id>.denominator`` (``count_id``): the counts are the data, the percentage is worked out.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable

from .errors import InputError, listing
from .numbers import EXCEL_ERRORS, figure_problem, format_number, usable_figure
from .csvfile import csv_header, csv_records, read_csv_text  # noqa: F401  (read_csv_text: the CSV readers' door)
from .periods import ANNUAL, MONTHS, QUARTERS, FinancialYear

CSV_COLUMNS = ("measure", "year", "period", "value")
CONFIRMED_COLUMN = "confirmed"  # optional: "yes" on the row of a figure the analyst has confirmed
# What yes and no are, typed: a confirmation, a family group's "ours", a flag of the custom functions.
YES, NO = ("yes", "y", "true", "1", "x", "confirmed"), ("", "no", "n", "false", "0")
VALID_PERIODS = MONTHS + QUARTERS + (ANNUAL,)
COUNT_PARTS = ("numerator", "denominator")  # a percentage's two counts, each a row of figures


def count_id(measure_id: str, part: str) -> str:
    """The id of one of a percentage's counts in the figures.

    >>> count_id("asb_victim_satisfaction", "numerator")
    'asb_victim_satisfaction.numerator'
    """
    return f"{measure_id}.{part}"


def split_count_id(figure_id: str) -> tuple[str, str] | None:
    """(measure id, part) of a count's id, None for any other id.

    >>> split_count_id("hate_satisfaction.denominator"), split_count_id("asb")
    (('hate_satisfaction', 'denominator'), None)
    """
    measure_id, dot, part = figure_id.rpartition(".")
    return (measure_id, part) if dot and measure_id and part in COUNT_PARTS else None


@dataclass(frozen=True)
class Observation:
    """One figure. ``value`` is None when the cell held something that is not a number;
    ``raw`` keeps what was there so the finding can quote it."""

    measure: str
    year: FinancialYear
    period: str
    value: float | None
    where: str = ""
    raw: str = ""

    def __post_init__(self):
        # Whatever read it (a CSV, a workbook, police.uk's files), a figure is finite and of a
        # figure's size, or it is unreadable: the checks then say why, quoting ``raw``.
        if self.value is not None:
            usable = usable_figure(self.value)
            object.__setattr__(self, "value", usable)
            if usable is None and not self.raw:
                object.__setattr__(self, "raw", repr(self.value))


@dataclass
class Dataset:
    """All observations, with look-ups by measure and year."""

    observations: list[Observation] = field(default_factory=list)
    source: str = ""
    # (measure, year, period) -> where, for cells that exist but are blank (a workbook's
    # empty month), so that a finding about a missing figure can point at its cell.
    blank_cells: dict = field(default_factory=dict)
    # (measure, year, period, value) of the figures the analyst has confirmed as typed; the
    # workbook's Checks sheet and a CSV's confirmed column feed it.
    confirmed: frozenset = field(default_factory=frozenset)
    # What the reader found about the figures' cells (``checks.Finding``: a figure typed over a
    # formula, a confirmation it cannot read); the checks report them with their own.
    findings: tuple = ()

    def __post_init__(self):
        self._series: dict[tuple[str, FinancialYear], dict[str, float]] = {}
        self._years: dict[str, set[FinancialYear]] = {}
        for obs in self.observations:
            if obs.value is not None:
                # First entry wins; duplicates are a data-quality error found by the checks.
                self._series.setdefault((obs.measure, obs.year), {}).setdefault(obs.period, obs.value)
                self._years.setdefault(obs.measure, set()).add(obs.year)

    def series(self, measure: str, year: FinancialYear) -> dict[str, float]:
        """Period -> value for one measure and year (``Year`` holds an annual out-turn)."""
        return self._series.get((measure, year), {})

    def is_confirmed(self, measure: str, year: FinancialYear, period: str, value: float) -> bool:
        """Whether the analyst has confirmed this figure, with this value, as typed."""
        return (measure, year, period, float(value)) in self.confirmed

    def measures(self) -> set[str]:
        return set(self._years)

    def years(self, measure: str | None = None) -> list[FinancialYear]:
        if measure is None:
            return sorted(set().union(*self._years.values()))
        return sorted(self._years.get(measure, ()))

    def __len__(self):
        return len(self.observations)

    def observation(self, measure: str, year: FinancialYear, period: str) -> Observation | None:
        """The observation behind one figure, None when there is none: the first with a
        number (the one ``series`` uses), else the first that could not be read."""
        return self.observations_of(measure).get((year, period))

    def observations_of(self, measure: str) -> dict[tuple[FinancialYear, str], Observation]:
        """(year, period) -> the observation behind each of one measure's figures (as
        ``observation``). Indexed on first use, once for every measure."""
        if "_by_measure" not in self.__dict__:  # a summary never asks: it pays nothing
            index: dict[str, dict[tuple[FinancialYear, str], Observation]] = {}
            for obs in self.observations:
                held = index.setdefault(obs.measure, {})
                first = held.get((obs.year, obs.period))
                if first is None or (first.value is None and obs.value is not None):
                    held[(obs.year, obs.period)] = obs
            self._by_measure = index
        return self._by_measure.get(measure, {})


def number_from_text(text: str) -> float | None:
    """Parses a figure as an analyst types it: ``1,612`` and ``9.5`` and ``17%``; None for
    what is not a number, or is no figure (``nan``, ``1e308``: see ``numbers.figure_problem``)."""
    return usable_figure(_number(text))


def _number(text: str) -> float | None:
    cleaned = str(text).strip().replace(",", "")
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1].strip()
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number / 100 if percent and math.isfinite(number) else number


def not_a_figure(text: str) -> str:
    """Why what was typed is no figure, quoting it: ``'abc' is not a number``, ``'#N/A' is
    Excel's error value...``, ``'1e308' is too large to be a figure...``.

    >>> not_a_figure("n/a"), not_a_figure("#DIV/0!")
    ("'n/a' is not a number", "'#DIV/0!' is an Excel error value, not a figure: put the figure in its place")
    """
    shown = str(text).strip()
    if shown.upper() in EXCEL_ERRORS:
        return f"{shown!r} is an Excel error value, not a figure: put the figure in its place"
    number = _number(shown)
    problem = None if number is None else figure_problem(number)
    if problem is None or not math.isfinite(number) and shown.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return f"{shown!r} is not a number"
    return f"{shown!r} {problem}"


def read_csv(path: str | Path | None = None) -> Dataset:
    """Reads a tidy CSV (``measure,year,period,value``); with no path, the bundled data.

    Structural problems (missing columns, a year or period in another form) are refused
    with the line and column; a value that is not a number is kept as an unreadable
    observation, which the checks report as an error.
    """
    if path is None:
        name = "bundled data (spp_2015-16.csv)"
        text = resources.files("spp_xl.bundled").joinpath("spp_2015-16.csv").read_text(encoding="utf-8")
    else:
        name = os.fspath(path)
        text = read_csv_text(path)
    return parse_csv(text, name)


def parse_csv(text: str, name: str) -> Dataset:
    """The observations of a tidy CSV's text; ``name`` names the file in every message.

    The file's shape is read strictly (``csv_header``, ``csv_records``): a structural fault
    stops the reading at once, in one line saying where. Then every line that cannot be read
    is reported, each with its line and column, in one InputError (a screenful of them,
    ``errors.listing``, then how many more).
    """
    records = csv_records(text, name)
    first = next(records, None)
    columns = csv_header(iter([first[1]] if first else []), CSV_COLUMNS, name,
                         known=CSV_COLUMNS + (CONFIRMED_COLUMN,))
    wanted = CSV_COLUMNS + ((CONFIRMED_COLUMN,) if CONFIRMED_COLUMN in columns else ())
    position = {c: columns.index(c) for c in wanted}
    observations, confirmed, problems = [], set(), []
    for line_no, row in records:
        if not any(cell.strip() for cell in row):
            continue
        try:
            obs, is_confirmed = _row(row, line_no, columns, position, name)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if obs is not None:
            observations.append(obs)
            if is_confirmed and obs.value is not None:
                confirmed.add((obs.measure, obs.year, obs.period, float(obs.value)))
    if len(problems) == 1:
        raise InputError(problems[0], name)
    if problems:
        raise InputError(f"{len(problems)} lines cannot be read; fix them and run again:\n{listing(problems)}", name)
    return Dataset(observations, name, confirmed=frozenset(confirmed))


def _row(row: list, line_no: int, columns: list, position: dict, name: str) -> tuple[Observation | None, bool]:
    """One CSV line's observation (None for a blank value) and whether it is confirmed;
    ValueError naming the line and column when it cannot be read."""
    width = len(columns)
    # A row may stop short of optional columns after the ones it needs (a confirmed column
    # left blank), never short of a needed one; fields past the header's are refused unless
    # blank (a trailing comma), since a value there would be read as nothing.
    if len(row) <= max(position[c] for c in CSV_COLUMNS):
        raise ValueError(f"line {line_no}: has {len(row)} columns, the header has {width}")
    if any(cell.strip() for cell in row[width:]):
        raise ValueError(_too_many_fields(row, line_no, columns))
    cells = {c: row[i].strip() if i < len(row) else "" for c, i in position.items()}
    if not cells["measure"]:
        raise ValueError(f"line {line_no}, column measure: is blank")
    try:
        year = FinancialYear.parse(cells["year"])
    except ValueError as exc:
        raise ValueError(f"line {line_no}, column year: {exc}") from None
    period = _normalise_period(cells["period"])
    if period is None:
        raise ValueError(f"line {line_no}, column period: {cells['period']!r} is not Apr..Mar, Q1..Q4 or Year")
    try:
        confirmed = confirmation(cells.get(CONFIRMED_COLUMN, ""))
    except ValueError as exc:
        raise ValueError(f"line {line_no}, column {CONFIRMED_COLUMN}: {exc}") from None
    if cells["value"] == "":
        return None, False
    where = f"{name} line {line_no}, column value"
    return Observation(cells["measure"], year, period, number_from_text(cells["value"]), where, cells["value"]), \
        confirmed


_GROUP = re.compile(r"^\d{3}(?:\.\d*)?$")


def _too_many_fields(row: list, line_no: int, columns: list) -> str:
    """Why a line has more fields than the header: most often a figure with a thousands comma
    and no quotes (4,799 read as 4 and 799)."""
    extra = len(row) - len(columns)
    for i, head in enumerate(columns):
        groups = row[i + 1:i + 1 + extra]
        if re.fullmatch(r"\s*-?\d{1,3}", row[i]) and len(groups) == extra and all(_GROUP.match(g.strip())
                                                                                  for g in groups):
            typed = ",".join([row[i].strip()] + [g.strip() for g in groups])
            return (f"line {line_no}, column {head}: {typed} has a thousands comma outside quotes, so it reads as "
                    f"{extra + 1} values: write {typed.replace(',', '')}, or put it in quotes (\"{typed}\")")
    return (f"line {line_no}: has {len(row)} fields, the header has {len(columns)}; a value holding a comma must be "
            "in quotes, and every column needs a heading")


def confirmation(text) -> bool:
    """Whether a confirmed cell or column says yes; ValueError when it says neither yes nor no.

    >>> confirmation("Yes"), confirmation("")
    (True, False)
    """
    said = yes_or_no(text)
    if said is None:
        raise ValueError(f"{str(text).strip()!r} is not yes or no (or blank)")
    return said


def yes_or_no(text) -> bool | None:
    """True for a yes (``YES``), False for a no or a blank (``NO``), None for anything else.

    >>> yes_or_no(" Yes "), yes_or_no("n"), yes_or_no(None), yes_or_no("maybe")
    (True, False, False, None)
    """
    word = str("" if text is None else text).strip().lower()
    return True if word in YES else False if word in NO else None


def _normalise_period(text: str) -> str | None:
    for period in VALID_PERIODS:
        if text.lower() == period.lower():
            return period
    return None


def _format_value(value: float) -> str:
    return format_number(value, None, grouped=False)


def to_csv_text(observations: Iterable[Observation], confirmed: frozenset = frozenset()) -> str:
    """The tidy CSV of these observations (numbers only), in the order given; with a
    ``confirmed`` column when any figure is among ``confirmed`` (``Dataset.confirmed``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS + ((CONFIRMED_COLUMN,) if confirmed else ()))
    for obs in observations:
        if obs.value is not None:
            row = [obs.measure, obs.year.label, obs.period, _format_value(obs.value)]
            if confirmed:
                row.append("yes" if (obs.measure, obs.year, obs.period, float(obs.value)) in confirmed else "")
            writer.writerow(row)
    return out.getvalue()
