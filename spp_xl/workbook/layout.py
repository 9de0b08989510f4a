"""Where everything is in ``SPP_Performance.xlsm``: the single source of truth.

The builder writes here, the reader reads here, and the Excel macros write derived
cells here. Positions are 0-based (row, column) as xlsxwriter counts; ``cell()``
turns them into A1 references.

Finding things again after staff have edited the workbook: every sheet spp_xl makes
has a hidden *key column* (column A) holding a marker in its first row
(``spp:measure=asb``, ``spp:settings``...) and a key on each row that matters
(``this_year``, ``profile``, ``row``...). The reader looks sheets up by their marker,
not their name, and rows by their key, not their number, so a renamed sheet or an
inserted row is still read correctly. Columns are found from the header row's text
(period names, out-turn years, field names).

Measure sheet (one per measure, named by its id)::

    row  key           B (label)                 C..E out-turns    F.. periods
    0    spp:measure=  title
    1    banner        judgement banner (merged, coloured)
    2    about         owner, source, lag note
    4    key_head      Key figures: Period, Year to date, ... (KEY_FIGURES)
    5    key           the key figures (derived)
    7    work_head     Workings: Direction, ... (WORKINGS, looked up in the Measures table)
    8    work          the workings (derived)
    10   header        ""                        12/13 13/14 14/15 Apr .. Mar | Q1 .. Q4
    11   table_title   the table's heading (merged)
    12   last_year     Actual 2014 - 2015        out-turns (input) periods (input*)
    13   this_year     Actual 2015 - 2016                          periods (input*)
    14   profile       Target 15/16                                SPP_PROFILE (spills)
    15   last_cum      Cum Actuals 14/15                           cumulative (input*)
    16   this_cum      Cum Actuals 15/16                           cumulative (input*)
    17   pct           % difference in Actuals                     native formula

    * A measure entered by period has its period rows as inputs and cumulatives as
      formulas; a year-to-date measure (entry = ytd) the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.periods import MONTHS
from ..files.a1 import cell, column_letters, quote, span  # noqa: F401 - where things are, in A1 terms
from ..core.register import FIELDS

# ------------------------------------------------------------------ sheet names and markers

DASHBOARD = "Dashboard"
EXCEPTIONS = "Exceptions"
FAMILY_GROUP = "Family group"
RECOMMENDATIONS = "Recommendations"
MEASURES = "Measures"
SETTINGS = "Settings"
CHECKS = "Checks"
XLWINGS_CONF = "xlwings.conf"  # xlwings looks for exactly this name

KEY_COL = 0  # the hidden key column (A) on every sheet spp_xl makes, except xlwings.conf
MARKER_PREFIX = "spp:"
MARKERS = {
    DASHBOARD: "spp:dashboard",
    EXCEPTIONS: "spp:exceptions",
    FAMILY_GROUP: "spp:family_group",
    RECOMMENDATIONS: "spp:recommendations",
    MEASURES: "spp:measures",
    SETTINGS: "spp:settings",
    CHECKS: "spp:checks",
}
MEASURE_MARKER = "spp:measure="  # followed by the measure id


def measure_marker(measure_id: str) -> str:
    return f"{MEASURE_MARKER}{measure_id}"


MEASURE_ROW_PREFIX = "measure="  # the key of a measure's row on the Dashboard and Exceptions sheets


def measure_row_key(measure_id: str) -> str:
    return f"{MEASURE_ROW_PREFIX}{measure_id}"


WORKBOOK_CODE_NAME = "ThisWorkbook"


def code_names(count: int) -> list[str]:
    """The VBA code name of each of ``count`` worksheets, in tab order, as Excel names them:
    each has its document module in the workbook's VBA project.

    >>> code_names(3)
    ['Sheet1', 'Sheet2', 'Sheet3']
    """
    return [f"Sheet{place}" for place in range(1, count + 1)]


def measure_sheet_name(measure_id: str) -> str:
    """A measure's sheet is named by its id (Excel allows 31 characters)."""
    return measure_id[:31]


# ------------------------------------------------------------------ measure sheets

LABEL_COL = 1          # B: row labels
OUTTURN_COLS = (2, 3, 4)  # C, D, E: out-turns of the three previous years, oldest first
FIRST_PERIOD_COL = 5   # F: Apr or Q1

ROWS = {
    "title": 0, "banner": 1, "about": 2,
    "key_head": 4, "key": 5,
    "work_head": 7, "work": 8,
    "header": 10, "table_title": 11,
    "last_year": 12, "this_year": 13, "profile": 14, "last_cum": 15, "this_cum": 16, "pct": 17,
    "note": 19,
}

# The key figures row (derived), column by column from C.
KEY_FIGURES = (
    ("period", "Period"),
    ("ytd", "Year to date"),
    ("ytd_target", "Target to date"),
    ("last_ytd", "Last year to date"),
    ("change", "Change on last year"),
    ("pct_change", "% change"),
    ("forecast", "Year-end forecast"),
    ("annual_target", "Annual target"),
    ("judgement", "Judgement"),
    ("trend", "Trend"),
    ("lag", "Data lag"),
)
# The workings row (derived): the measure's fields looked up in the Measures table, and
# the positions the key figures are read at.
WORKINGS = (
    ("measures_row", "Row in Measures"),
    ("direction", "Direction"),
    ("entry", "Entered as"),
    ("precision", "Precision"),
    ("tolerance", "Tolerance"),
    ("status", "Status"),
    ("better_when", "Better when"),
    ("wording", "Performance measure"),
    ("last", "Last period known"),
    ("break", "Last change before it"),
    ("latest", "Latest period with figures"),
    ("latest_month", "As month number"),
    ("expected", "Period expected"),
    ("reported", "Period reported"),
)
FIRST_KEY_COL = 2  # C


def key_heading(name: str) -> str:
    """The heading of a key figure, e.g. ``key_heading("ytd")`` -> ``"Year to date"``."""
    return dict(KEY_FIGURES)[name]


def key_col(name: str) -> int:
    return FIRST_KEY_COL + [k for k, _ in KEY_FIGURES].index(name)


def work_col(name: str) -> int:
    return FIRST_KEY_COL + [k for k, _ in WORKINGS].index(name)


def key_cell(name: str) -> str:
    """A1 address of a key figure on a measure sheet, e.g. ``key_cell("judgement")`` -> ``K6``."""
    return cell(ROWS["key"], key_col(name))


def input_rows(entry: str) -> tuple[str, str]:
    """The (last year, this year) rows staff type into, by how the measure is entered."""
    return ("last_cum", "this_cum") if entry == "ytd" else ("last_year", "this_year")


def outturn_row(entry: str) -> str:
    """The out-turns sit on last year's input row, as in the seed's ASB table."""
    return input_rows(entry)[0]


# ------------------------------------------------------------------ other sheets

# Dashboard: one row per measure from DASHBOARD_FIRST_ROW, keyed ``measure=<id>``.
DASHBOARD_HEADER_ROW = 5
DASHBOARD_FIRST_ROW = 6
DASHBOARD_COLUMNS = (
    ("title", "Measure", None),
    ("period", "Period", "period"),
    ("ytd", "Year to date", "ytd"),
    ("ytd_target", "Target to date", "ytd_target"),
    ("forecast", "Year-end forecast", "forecast"),
    ("annual_target", "Annual target", "annual_target"),
    ("change", "Change on last year", "change"),
    ("pct_change", "% change", "pct_change"),
    ("judgement", "Judgement", "judgement"),
    ("lag", "Data lag", "lag"),
)  # (key, heading, the measure sheet's key figure it shows)


@dataclass(frozen=True)
class Button:
    """A button on a sheet: its caption, the VBA Sub it runs (module ``SppMacros``, generated
    from these) and the function of ``spp_xl.excel.macros`` that Sub runs through RunPython."""

    caption: str
    sub: str
    function: str


DASHBOARD_BUTTONS = (
    Button("Recalculate", "SppRecalculate", "recalculate"),
    Button("Export board report", "SppExport", "export"),
    Button("Check data", "SppCheck", "check"),
)
DASHBOARD_BUTTON_COL = 12  # M
# On the Measures sheet, above the table: makes the sheets of measures typed as new rows.
MEASURES_BUTTON = Button("Make sheets for new measures", "SppAddMeasures", "add_measures")
MEASURES_BUTTON_CELL = (2, 1)  # B3, the empty row between the sheet's notes and the table
BUTTONS = DASHBOARD_BUTTONS + (MEASURES_BUTTON,)

# Exceptions: header row keyed ``header``, one row per measure keyed ``measure=<id>``.
EXCEPTIONS_HEADER_ROW = 3
EXCEPTIONS_COLUMNS = ("Measure", "Judgement", "Drafted commentary", "Your commentary (replaces the draft)")
EXCEPTIONS_STAFF_HEADING = EXCEPTIONS_COLUMNS[3]
EXCEPTIONS_DRAFT_HEADING = EXCEPTIONS_COLUMNS[2]

# Family group: header row keyed ``header``; B partnership, C and D the two periods'
# crimes per 1,000 (their headings are inputs: the periods' names), E "Yes" on our row.
FAMILY_HEADER_ROW = 3
FAMILY_ROWS = 20
FAMILY_COLUMNS = ("Partnership", "Period 1", "Period 2", "Our partnership")
FAMILY_HELPER_COL = 6  # G..J: chart series (others / ours, for each period)
OUR_PARTNERSHIP = "Plymouth"

# Recommendations: header keyed ``header``, rows keyed ``row``.
RECOMMENDATIONS_HEADER_ROW = 3
RECOMMENDATIONS_COLUMNS = ("No.", "Recommendation", "Progress", "Status")
STATUS_CHOICES = ("not started", "on track", "at risk", "complete")

# Measures: an Excel Table named ``Measures`` with one column per register field.
MEASURES_TABLE = "Measures"
MEASURES_HEADER_ROW = 3
MEASURES_FIRST_COL = 1  # B


def measures_col(field: str) -> int:
    return MEASURES_FIRST_COL + FIELDS.index(field)


def measures_column_ref(field: str) -> str:
    """Whole-column reference into the Measures sheet, e.g. ``'Measures'!$K:$K``: whole
    columns keep working when staff add rows to the table."""
    letter = column_letters(measures_col(field))
    return f"{quote(MEASURES)}!${letter}:${letter}"


# Settings: keyed rows, label in B, value in C.
SETTINGS_ROWS = {"year": 3, "meeting_date": 4, "reporting_to": 5}
SETTINGS_LABELS = {
    "year": "Reporting year",
    "meeting_date": "Board meeting date",
    "reporting_to": "Reporting to (latest month with figures)",
}
SETTINGS_VALUE_COL = 2   # C
SETTINGS_NUMBER_COL = 3  # D: the month number behind "reporting_to"


def settings_cell(key: str, col: int = SETTINGS_VALUE_COL) -> str:
    return f"{quote(SETTINGS)}!{cell(SETTINGS_ROWS[key], col, absolute=True)}"


# Checks: the data-quality findings, header keyed ``header``.
CHECKS_HEADER_ROW = 3
# The analyst types yes under Confirmed beside a far-out figure that is right; the reader takes
# (Measure, Year, Period, Figure) of that row as the confirmation, and the macros keep it there.
CHECKS_COLUMNS = ("Severity", "Measure", "Year", "Period", "Figure", "Finding", "Confirmed", "Where")

# xlwings.conf: two columns from A1, no header, no key column. No Interpreter_Win,
# Interpreter_Mac or PYTHONPATH rows: in xlwings.bas a row on this sheet wins even when
# blank, which would hide each laptop's own ~/.xlwings/xlwings.conf (docs/excel.md).
XLWINGS_SETTINGS = (
    ("UDF Modules", "spp_xl.excel.udfs"),
    ("Use UDF Server", "False"),
    ("Show Console", "False"),
)

MONTH_ARRAY = "{" + ",".join(f'"{m}"' for m in MONTHS) + "}"

# What staff may still do on a protected sheet (the macros put protection back the same way).
STAFF_MAY = ("insert_rows", "format_columns", "format_rows")
