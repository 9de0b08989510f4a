"""xlwings' remote engine for the tests: a workbook file's values as the payload the VBA
client sends (``xw.Book(json=payload)``), and the cells the actions ``book.json()``
returns write.

The remote engine is under xlwings' PolyForm Noncommercial licence, which permits use by
a government institution; ``XLWINGS_LICENSE_KEY=noncommercial`` turns it on (see
docs/excel.md). The macros themselves use only the free Book/Sheet/Range API.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os

# xlwings reads the licence switch when it is first imported; set it before that.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import pytest  # noqa: E402
import xlwings as xw  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from spp_xl.excel import macros  # noqa: E402

NOW = dt.datetime(2015, 7, 10, 9, 30)


@pytest.fixture(scope="module", autouse=True)
def remote_engine():
    """The remote engine, even when another test module imported xlwings before the
    licence switch was set (xlwings then left it out of its engines)."""
    if "remote" not in [engine.name for engine in xw.engines]:
        os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
        remote = importlib.import_module("xlwings.pro._xlremote")
        xw.engines.add(xw.main.Engine(impl=remote.engine))
    yield


def _json_value(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return value


def payload_from(path) -> dict:
    """The remote engine's payload, as the VBA client would send it, from the file's values."""
    book = CalamineWorkbook.from_path(str(path))
    sheets = []
    for name in book.sheet_names:
        values = book.get_sheet_by_name(name).to_python(skip_empty_area=False) or [[""]]
        sheets.append({"name": name, "values": [[_json_value(v) for v in row] for row in values],
                       "pictures": [], "tables": []})
    return {"client": "VBA", "version": xw.__version__,
            "book": {"name": str(path), "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": sheets}


def sheet_values(payload, name):
    return next(s for s in payload["sheets"] if s["name"] == name)["values"]


def put(payload, sheet, ref, value):
    """Types a value into a copy of the payload, as a person would in Excel."""
    (row, col), _ = xw.utils.a1_to_tuples(ref)
    values = sheet_values(payload, sheet)
    while len(values) < row:
        values.append([""] * len(values[0]))
    for r in values:
        r.extend([""] * (col - len(r)))
    values[row - 1][col - 1] = value


def run(payload, macro=macros.recalculate):
    book = xw.Book(json=payload)
    macro(book, now=NOW)
    return book, book.json()["actions"]


def writes(book, actions):
    """(sheet name, row, col, value or colour) of every cell an action writes."""
    names = [s.name for s in book.sheets]
    for a in actions:
        if a["func"] not in ("setValues", "setRangeColors"):
            continue
        grid = a["values"] if a["func"] == "setValues" else a["args"][0]
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                yield names[a["sheet_position"]], a["start_row"] + i, a["start_column"] + j, value


def cell_written(book, actions, sheet, ref, func="setValues"):
    (row, col), _ = xw.utils.a1_to_tuples(ref)
    found = [v for s, r, c, v in writes(book, [a for a in actions if a["func"] == func])
             if (s, r, c) == (sheet, row - 1, col - 1)]
    return found[-1] if found else None


