"""The workbook's shape, written once: each sheet spp_xl makes, its rows and columns by key,
each with its role, heading, width, number format and what may be typed there.

The builder writes the sheets from these records, the reader finds cells through them (by
key and heading), the check of calculated cells (``disagreements``) holds every calculated
cell to the engine's figure, and the macros write only where a role says a macro writes.
The measure sheets' rows and cells are in ``measure_schema``; this module holds the roles
and the sheets around them.

Roles:

- ``typed``: staff type it (yellow, unlocked, validated by ``allowed``); the reader reads it.
- ``calculated``: a formula; what it shows must equal the engine's figure.
- ``macro``: a value the buttons' macros write (drafted commentary, findings, time stamps).
- ``label``: fixed text spp_xl writes (titles, headings, a measure's title).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..core.inputs import RECOMMENDATION_STATUSES
from ..core.partnership import partnership
from ..core.fields import (BETTER_WHEN, DIRECTIONS, ENTRIES, FIELD_HELP, FIELDS, FREQUENCIES, JUDGEMENT_RULES,
                           PROFILES, STATUSES, UNITS)
from ..files.sheet import Validation
from . import layout as L
from .spec import DATE, PERCENT

TYPED, CALCULATED, MACRO, LABEL = "typed", "calculated", "macro", "label"
ROLES = (TYPED, CALCULATED, MACRO, LABEL)


@dataclass(frozen=True)
class Allowed:
    """What may be typed in a cell, as Excel's data validation says it.

    Attributes:
        kind: ``list`` (one of ``choices``), ``whole`` or ``decimal`` (a number from
            ``minimum``, to ``maximum`` where given), ``date`` (between them), or ``any``
            (the input message alone: text).
        choices: a list's choices.
        minimum, maximum: the bounds of a number or a date.
        prompt: what goes there (Excel's input message), in the partnership's words.
        error: what Excel says to a value it refuses.
    """

    kind: str
    choices: tuple = ()
    minimum: Any = None
    maximum: Any = None
    prompt: str = ""
    error: str = ""

    def validation(self, target: str, prompt: str = "") -> Validation:
        """Excel's data validation of ``target`` (an A1 range) saying this, ``prompt`` before
        the input message; under the partnership's name."""
        return Validation(target, self.choices, self.error, self.kind, self.minimum, self.maximum,
                          prompt + self.prompt, partnership().name)


def one_of(choices: tuple, what: str) -> Allowed:
    """A list of ``choices`` for ``what``."""
    return Allowed("list", choices, prompt=f"{what}: {', '.join(choices)}.",
                   error=f"Choose one of: {', '.join(choices)}")


def text(prompt: str) -> Allowed:
    """Any text, with what goes there."""
    return Allowed("any", prompt=prompt)


def figures_allowed(measure) -> Allowed:
    """What a measure's figure cells take: a count's whole numbers from 0, else numbers from 0."""
    if measure.unit == "count":
        return Allowed("whole", minimum=0, prompt=f"a whole number of {measure.counted} from 0; blank until known.",
                       error=f"The figures are whole numbers of {measure.counted} from 0: type the figure alone (no "
                             "words, no decimals), or leave the cell blank until it is known.")
    what, top = ("a percentage", 100) if measure.unit == "percent" else ("a rate", None)
    bounds = "from 0" + (f" to {top}" if top else "")
    return Allowed("decimal", minimum=0, maximum=top, prompt=f"{what}, a number {bounds}; blank until known.",
                   error=f"The figures are numbers {bounds} ({what}): type the figure alone, no words, or leave "
                         "the cell blank until it is known.")


@dataclass(frozen=True)
class Column:
    """A column of a listing sheet.

    Attributes:
        key: its name in the code.
        heading: its heading in the header row, by which the reader finds it.
        role: ``typed``, ``calculated``, ``macro`` or ``label``.
        width: its width (Excel's units).
        num: its number format.
        allowed: typed: what may be typed.
        style: the workbook look's style of its cells.
        shows: calculated on the Dashboard or Exceptions: the measure sheet's key figure it shows.
        at: its place counted from the key column, where not right of the column before.
        typed_heading: staff type the heading itself (the family group's periods): the
            column is found at its place, not by heading.
    """

    key: str
    heading: str
    role: str
    width: float | None = None
    num: str | None = None
    allowed: Allowed | None = None
    style: str | None = None
    shows: str | None = None
    at: int | None = None
    typed_heading: bool = False

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"column {self.key!r}: role {self.role!r} is not one of {', '.join(ROLES)}")


@dataclass(frozen=True)
class Listing:
    """A sheet of records under a header row (its key ``header``), one column an entry.

    Attributes:
        sheet: the sheet (``layout.DASHBOARD``...), found by its marker.
        header_row: the header's row as built.
        columns: the columns, from column B (or their ``at``).
        row_key: each record's key: ``row``, or a prefix followed by a measure id.
        stamp: the text that starts the time stamp a macro writes above the header, in the
            first column (None: no stamp).
        widths: widths of columns that are no record's (spacers, buttons): place -> width.
    """

    sheet: str
    header_row: int
    columns: tuple[Column, ...]
    row_key: str = "row"
    stamp: str | None = None
    widths: tuple = ()

    def place(self, key: str) -> int:
        """Where the column ``key`` was built, counted from the key column (B is 1)."""
        place = 0
        for column in self.columns:
            place = column.at if column.at is not None else place + 1
            if column.key == key:
                return place
        raise KeyError(key)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def heading(self, key: str) -> str:
        return self.column(key).heading

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(c.heading for c in self.columns)

    def with_role(self, role: str) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.role == role)

    @property
    def written_by_macros(self) -> bool:
        return self.stamp is not None or bool(self.with_role(MACRO))

    def column_widths(self) -> dict[int, float]:
        widths = {self.place(c.key): c.width for c in self.columns if c.width is not None}
        widths.update(dict(self.widths))
        return widths


# ------------------------------------------------------------------ Dashboard and Exceptions

DASHBOARD = Listing(L.DASHBOARD, header_row=5, row_key=L.MEASURE_ROW_PREFIX, stamp="Recalculated ", columns=(
    Column("title", "Measure", LABEL, 52, style="derived_text"),
    Column("period", "Period", CALCULATED, 14, shows="period"),
    Column("ytd", "Year to date", CALCULATED, 11, shows="ytd"),
    Column("ytd_target", "Target to date", CALCULATED, 11, shows="ytd_target"),
    Column("forecast", "Year-end forecast", CALCULATED, 11, shows="forecast"),
    Column("annual_target", "Annual target", CALCULATED, 11, shows="annual_target"),
    Column("change", "Change on last year", CALCULATED, 11, shows="change"),
    Column("pct_change", "% change", CALCULATED, 9, shows="pct_change"),
    Column("judgement", "Judgement", CALCULATED, 16, shows="judgement"),
    Column("lag", "Data lag", CALCULATED, 10, shows="lag"),
), widths=((11, 3), (12, 24)))
DASHBOARD_FIRST_ROW = DASHBOARD.header_row + 1
DASHBOARD_BUTTON_COL = 12  # M

EXCEPTIONS = Listing(L.EXCEPTIONS, header_row=3, row_key=L.MEASURE_ROW_PREFIX, columns=(
    Column("title", "Measure", LABEL, 38, style="derived_text"),
    Column("judgement", "Judgement", CALCULATED, 15, style="judgement", shows="judgement"),
    Column("draft", "Drafted commentary", MACRO, 70, style="derived_text"),
    Column("staff", "Your commentary (replaces the draft)", TYPED, 60, style="input_text",
           allowed=text("Your commentary on this measure, one point a line (Alt+Enter between lines): the board "
                        "report prints it in place of the draft.")),
))

# ------------------------------------------------------------------ Family group

_RATE = Allowed("decimal", minimum=0, prompt="Crimes per 1,000 residents in the period named at the top.",
                error="A rate is a number of crimes per 1,000 residents, from 0: type it alone, no words.")
PERIOD_NAME = text("The period's name, as iQuanta gives it (01 Apr 15 - 30 Jun 15): it titles the chart.")
OUR_PARTNERSHIP = partnership().area  # the family group's row of ours, until staff paste the table
FAMILY_ROWS = 20  # rows ready for pasting, at least
FAMILY_GROUP = Listing(L.FAMILY_GROUP, header_row=3, columns=(
    Column("partnership", "Partnership", TYPED, 30, style="input",
           allowed=text("A partnership of the most similar group, named as iQuanta's table names it.")),
    Column("period_1", "Period 1", TYPED, 14, num="0.00", style="input", typed_heading=True, allowed=_RATE),
    Column("period_2", "Period 2", TYPED, 14, num="0.00", style="input", typed_heading=True, allowed=_RATE),
    Column("ours", "Our partnership", TYPED, 14, style="input",
           allowed=Allowed("list", ("Yes",), prompt="Yes beside our partnership (its bar is highlighted); blank "
                           "beside the others.", error="Type Yes beside our partnership, or leave the cell blank.")),
    # The charts' series: each period's rates split into the others' and ours.
    Column("others_1", "Chart: others, period 1", CALCULATED, 10, num="0.00", style="work", at=6),
    Column("ours_1", "Chart: ours, period 1", CALCULATED, 10, num="0.00", style="work"),
    Column("others_2", "Chart: others, period 2", CALCULATED, 10, num="0.00", style="work"),
    Column("ours_2", "Chart: ours, period 2", CALCULATED, 10, num="0.00", style="work"),
), widths=((5, 2),))

# ------------------------------------------------------------------ Recommendations

STATUS_CHOICES = RECOMMENDATION_STATUSES
RECOMMENDATIONS = Listing(L.RECOMMENDATIONS, header_row=3, columns=(
    Column("number", "No.", TYPED, 6, style="input_text",
           allowed=Allowed("whole", minimum=1, prompt="The recommendation's number.",
                           error="A recommendation's number is a whole number from 1.")),
    Column("text", "Recommendation", TYPED, 80, style="input_text", allowed=text("The recommendation, as agreed.")),
    Column("progress", "Progress", TYPED, 50, style="input_text",
           allowed=text("What has been done, for the board.")),
    Column("status", "Status", TYPED, 14, style="input_text", allowed=one_of(STATUS_CHOICES, "Its status")),
))
RECOMMENDATIONS_SPARE_ROWS = 20  # validated rows below the last recommendation, for new ones

# ------------------------------------------------------------------ Measures

_CHOICES = {"direction": DIRECTIONS, "frequency": FREQUENCIES, "entry": ENTRIES, "unit": UNITS,
            "profile": PROFILES, "rule": JUDGEMENT_RULES, "status": STATUSES, "better_when": BETTER_WHEN}
_WIDTHS = {"id": 22, "title": 40, "table_title": 30, "measure_wording": 30, "custom_profile": 30,
           "source": 30, "lag_note": 30, "owner": 22, "counted": 20, "numerator": 20, "denominator": 20}
MEASURES_TABLE = "Measures"  # the Excel Table's name
MEASURES_SPARE_ROWS = 50     # validated rows below the table, for new measures
_NUMBERS = {"precision": Allowed("whole", minimum=0, maximum=6), "annual_target": Allowed("decimal", minimum=0),
            "tolerance": Allowed("decimal", minimum=0, maximum=1), "min_base": Allowed("whole", minimum=1)}


def _field_allowed(field: str) -> Allowed:
    """A register field's validation: its choices, its numbers, or its text, with its meaning."""
    prompt = FIELD_HELP[field][:1].upper() + FIELD_HELP[field][1:] + "."
    if field in _CHOICES:
        return Allowed("list", _CHOICES[field], prompt=prompt, error=f"Choose one of: {', '.join(_CHOICES[field])}")
    if field in _NUMBERS:
        allowed = _NUMBERS[field]
        bounds = f"from {allowed.minimum:g}" + (f" to {allowed.maximum:g}" if allowed.maximum is not None else "")
        return Allowed(allowed.kind, minimum=allowed.minimum, maximum=allowed.maximum, prompt=prompt,
                       error=f"{field} is {'a whole number' if allowed.kind == 'whole' else 'a number'} {bounds}.")
    return text(prompt)


MEASURES = Listing(L.MEASURES, header_row=3, columns=tuple(
    Column(f, f, TYPED, _WIDTHS.get(f, 11), num=PERCENT if f == "tolerance" else None, style="input",
           allowed=_field_allowed(f))
    for f in FIELDS))


def measures_col(field: str) -> int:
    """The Measures table's column of a register field, as built."""
    return MEASURES.place(field)


# ------------------------------------------------------------------ Checks

CHECKS_SPARE_ROWS = 200  # validated rows below the findings as built: the macros' lists grow
CHECKS = Listing(L.CHECKS, header_row=3, stamp="Checked ", columns=(
    Column("severity", "Severity", MACRO, 10),
    Column("measure", "Measure", MACRO, 16),
    Column("year", "Year", MACRO, 9),
    Column("period", "Period", MACRO, 8),
    Column("figure", "Figure", MACRO, 10),
    Column("finding", "Finding", MACRO, 90),
    # The analyst types yes beside a far-out or repeated figure that is right; the reader takes
    # (Measure, Year, Period, Figure) of that row as the confirmation, and the macros move it with
    # its finding.
    Column("confirmed", "Confirmed", TYPED, 11,
           allowed=Allowed("list", ("yes",), prompt="yes beside a far-out or repeated figure that is right: the "
                           "report then uses it and says it was confirmed.",
                           error="Type yes to confirm the figure, or leave the cell blank.")),
    Column("where", "Where", MACRO, 30),
))


# ------------------------------------------------------------------ Settings


@dataclass(frozen=True)
class Setting:
    """A keyed row of the Settings sheet: its label in B, its value in C."""

    key: str
    label: str
    role: str
    row: int
    num: str | None = None
    allowed: Allowed | None = None


SETTINGS = (
    Setting("year", "Reporting year", TYPED, 3,
            allowed=text("The financial year the workbook reports, written 2015/16.")),
    Setting("meeting_date", "Board meeting date", TYPED, 4, num=DATE,
            allowed=Allowed("date", minimum=dt.date(2000, 1, 1), maximum=dt.date(2099, 12, 31),
                            prompt="The date of the board meeting the report goes to, typed as 23/07/2015.",
                            error="Type the board meeting's date, as 23/07/2015.")),
    # The default as-of: the latest month any measure has figures for (``engine.default_as_of``),
    # as its name in C and its month number (1 = April) in D.
    Setting("reporting_to", "Reporting to (latest month with figures)", CALCULATED, 5),
)
SETTINGS_LABEL_COL, SETTINGS_VALUE_COL, SETTINGS_NUMBER_COL = 1, 2, 3  # B, C, D
SETTINGS_WIDTHS = {1: 42, 2: 20, 3: 6}


# The Dashboard shows two settings above its table, keyed as on the Settings sheet, label in B
# and the setting (by formula) in C.
DASHBOARD_SETTINGS = (Setting("reporting_to", "Reporting to", CALCULATED, 2),
                      Setting("meeting_date", "Board meeting", CALCULATED, 3, num=DATE))


def setting(key: str) -> Setting:
    return next(s for s in SETTINGS if s.key == key)


# ------------------------------------------------------------------ Figures

# Every typed figure cell as a row of an Excel Table, its value a formula reading the cell, so
# that Power Query and PivotTables read the figures live (the tidy CSV's columns).
FIGURES_TABLE = "Figures"
FIGURES = Listing(L.FIGURES, header_row=3, columns=(
    Column("measure", "measure", LABEL, 30, style="derived_text"),
    Column("year", "year", LABEL, 10, style="derived_text"),
    Column("period", "period", LABEL, 8, style="derived_text"),
    Column("value", "value", CALCULATED, 12, style="derived"),
))

# xlwings.conf's values: xlwings reads them as the workbook's own settings (docs/excel.md).
XLWINGS_SETTING = text("A setting of the xlwings add-in for this workbook: leave it as built (see docs/excel.md).")

LISTINGS = (DASHBOARD, EXCEPTIONS, FAMILY_GROUP, RECOMMENDATIONS, MEASURES, CHECKS, FIGURES)


def listing(sheet: str) -> Listing:
    return next(item for item in LISTINGS if item.sheet == sheet)


def written_by_macros() -> tuple[str, ...]:
    """The sheets a button's macro writes to (a column of role ``macro``, or a time stamp)."""
    return tuple(item.sheet for item in LISTINGS if item.written_by_macros)


def settings_cell(key: str, col: int = SETTINGS_VALUE_COL) -> str:
    """A Settings cell as other sheets' formulas read it: ``'Settings'!$C$6``."""
    return f"{L.quote(L.SETTINGS)}!{L.cell(setting(key).row, col, absolute=True)}"


def measures_column_ref(field: str) -> str:
    """Whole-column reference into the Measures sheet, e.g. ``'Measures'!$K:$K``: whole
    columns keep working when staff add rows to the table."""
    letter = L.column_letters(measures_col(field))
    return f"{L.quote(L.MEASURES)}!${letter}:${letter}"
