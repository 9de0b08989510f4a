"""What xlwings' Office.js client (the client xlwings Lite runs in Excel) sends a script for a
workbook: the JSON its remote-engine ``Book`` is built from. Made here from a saved file, so
that the tests and ``make lite-check`` run the Lite scripts as Lite does.

The shape is ``runPython`` in ``xlwingsjs/src/xlwings.ts`` of xlwings' repository (last present
in the parent of commit 66129628, "Remove xlwings.js (moved to xlwings-server)"): ``client``
"Office.js", ``version``, ``book`` {``name`` (the file's name, no folder),
``active_sheet_index``, ``selection`` (an address without the sheet)}, ``names``, and per sheet
``name``, ``values`` (A1 to the used range's last cell, blanks as "", dates as ISO strings
ending ``.000Z``), ``pictures`` and ``tables`` (``range_address``, ``header_row_range_address``,
``data_body_range_address``, ``total_row_range_address``, ``show_headers``, ``show_totals``,
``table_style``, ``show_autofilter``). The values are the file's cached values: what Excel
shows when it has calculated them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..files import read_grids


def office_js_payload(path: str | Path, version: str, selection: str = "A1", name: str | None = None,
                      tables: dict | None = None) -> dict:
    """The client's JSON for the workbook at ``path``.

    Args:
        path: a saved workbook (read with calamine).
        version: the xlwings version the client reports (xlwings' own).
        selection: the selected cell (a Lite button selects the cell behind it).
        name: the book's name, if not the file's.
        tables: sheet name -> its Excel Tables as ``(name, "B4:V16", style)``.
    """
    sheets = []
    for sheet, values in read_grids(path):
        sheets.append({"name": sheet, "values": [[_iso(v) for v in row] for row in (values or [[""]])],
                       "pictures": [], "tables": [_table(*t) for t in (tables or {}).get(sheet, ())]})
    return {"client": "Office.js", "version": version,
            "book": {"name": name or Path(path).name, "active_sheet_index": 0, "selection": selection},
            "names": [], "sheets": sheets}


def _iso(value):
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    return value


def _table(name: str, ref: str, style: str) -> dict:
    first, last = ref.split(":")
    header_end = re.sub(r"\d+", re.sub(r"\D", "", first), last)
    body_start = re.sub(r"\d+", str(int(re.sub(r"\D", "", first)) + 1), first)
    return {"name": name, "range_address": ref, "header_row_range_address": f"{first}:{header_end}",
            "data_body_range_address": f"{body_start}:{last}", "total_row_range_address": None,
            "show_headers": True, "show_totals": False, "table_style": style.replace(" ", ""),
            "show_autofilter": True}
