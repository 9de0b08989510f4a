"""Where the sheets of ``SPP_Performance.xlsm`` are found again: their names, the markers and
keys in their hidden column, the buttons and the VBA code names. What each sheet holds,
row by row and column by column, is its schema (``schema``, ``measure_schema``).

Positions are 0-based (row, column) as xlsxwriter counts; ``cell()`` turns them into A1
references.

Finding things again after staff have edited the workbook: every sheet spp_xl makes
has a hidden *key column* (column A) holding a marker in its first row
(``spp:measure=asb``, ``spp:settings``...) and a key on each row that matters
(``this_year``, ``profile``, ``row``...). The reader looks sheets up by their marker,
not their name, and rows by their key, not their number, so a renamed sheet or an
inserted row is still read correctly. Columns are found from the header row's text
(period names, out-turn years, the schema's headings).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.periods import MONTHS
from ..files.a1 import cell, column_letters, quote, span  # noqa: F401 - where things are, in A1 terms

# ------------------------------------------------------------------ sheet names and markers

DASHBOARD = "Dashboard"
EXCEPTIONS = "Exceptions"
FAMILY_GROUP = "Family group"
RECOMMENDATIONS = "Recommendations"
MEASURES = "Measures"
SETTINGS = "Settings"
CHECKS = "Checks"
FIGURES = "Figures"
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
    FIGURES: "spp:figures",
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
# On the Measures sheet, above the table: makes the sheets of measures typed as new rows.
MEASURES_BUTTON = Button("Make sheets for new measures", "SppAddMeasures", "add_measures")
MEASURES_BUTTON_CELL = (2, 1)  # B3, the empty row between the sheet's notes and the table
BUTTONS = DASHBOARD_BUTTONS + (MEASURES_BUTTON,)

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
