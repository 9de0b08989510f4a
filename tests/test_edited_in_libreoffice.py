"""A workbook edited as staff edit it, in a real spreadsheet application: LibreOffice
inserts rows above and inside the sheets, a column before the hidden key column, and
renames sheets, then saves it. The reader reads it as before, and Recalculate, Check
data and Export, run on it through xlwings' remote engine, write every result into the
cell it belongs in.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import xlwings as xw
from conftest import UNO_PYTHON
from remote import NOW, payload_from, remote_engine, run, sheet_values, writes  # noqa: F401

from spp_xl.excel import macros
from spp_xl.sources import load_inputs
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S
from spp_xl.workbook import measure_schema as M
from spp_xl.workbook.grid import cell_text

pytestmark = pytest.mark.usefixtures("needs_uno")

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "SPP_Performance.xlsm"
EDIT = Path(__file__).resolve().parent / "tools" / "lo_edit.py"

EDITS = [
    ["insert_rows", "Exceptions", 0, 1],      # above the marker: it moves to A2
    ["insert_rows", "Exceptions", 6, 2],      # inside the table, between two measures
    ["insert_rows", "Checks", 0, 2],
    ["unprotect", "Dashboard"],
    ["insert_columns", "Dashboard", 0, 1],    # before the key column: it moves to B
    ["insert_rows", "Dashboard", 0, 1],
    ["insert_rows", "asb", 0, 1],
    ["insert_rows", "asb", 14, 1],            # inside the figures table
    ["rename", "asb", "ASB incidents"],
    ["rename", "Checks", "Data checks"],
]


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    folder = tmp_path_factory.mktemp("edited")
    out = folder / "SPP_Performance.xlsm"
    done = subprocess.run([UNO_PYTHON, str(EDIT), str(COMMITTED), str(out), json.dumps(EDITS)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0 and out.exists(), done.stderr
    return out


@pytest.fixture(scope="module")
def payload(edited):
    return payload_from(edited)


def _find(payload, sheet, text):
    """(row, col) of the cell showing ``text`` on a sheet of the payload (0-based)."""
    for r, row in enumerate(sheet_values(payload, sheet)):
        for c, value in enumerate(row):
            if cell_text(value) == text:
                return r, c
    raise AssertionError(f"{text!r} is not on sheet {sheet!r}")


def test_the_edited_workbook_reads_as_before(edited):
    before, after = load_inputs(COMMITTED), load_inputs(edited)
    key = lambda obs: (obs.measure, obs.year, obs.period, obs.value)  # noqa: E731
    assert sorted(map(key, after.dataset.observations)) == sorted(map(key, before.dataset.observations))
    assert after.register.measures == before.register.measures and after.commentary == before.commentary


def test_recalculate_writes_each_draft_beside_its_measure(payload):
    book, actions = run(copy.deepcopy(payload))
    head_row, draft_col = _find(payload, "Exceptions", S.EXCEPTIONS.heading("draft"))
    values = sheet_values(payload, "Exceptions")
    key_col = _find(payload, "Exceptions", L.MARKERS[L.EXCEPTIONS])[1]
    rows = {cell_text(values[r][key_col])[len(L.MEASURE_ROW_PREFIX):]: r for r in range(head_row + 1, len(values))
            if cell_text(values[r][key_col]).startswith(L.MEASURE_ROW_PREFIX)}
    written = {(r, c): v for s, r, c, v in writes(book, actions) if s == "Exceptions"}
    assert rows["asb"] > head_row + 6  # the two inserted rows moved it down
    for measure_id, r in rows.items():
        assert written[(r, draft_col)], f"no draft beside {measure_id}"
    assert written[(rows["asb"], draft_col)].startswith("In quarter one")
    # the two inserted rows inside the table keep what they hold (nothing)
    assert all(not written.get((r, draft_col)) for r in range(head_row + 1, len(values)) if r not in rows.values())


def test_recalculate_writes_the_findings_and_stamps_where_they_now_are(payload):
    book, actions = run(copy.deepcopy(payload))
    head_row, first_col = _find(payload, "Data checks", S.CHECKS.headings[0])
    written = list(writes(book, actions))
    stamp = [v for s, r, c, v in written if s == "Data checks" and (r, c) == (head_row - 1, first_col)]
    assert stamp and stamp[0].startswith(macros.CHECKED_PREFIX)
    findings = [v for s, r, c, v in written if s == "Data checks" and r == head_row + 1 and c == first_col]
    assert findings[0] in ("error", "warning")
    dash_head, _ = _find(payload, "Dashboard", "header")
    key_col = _find(payload, "Dashboard", L.MARKERS[L.DASHBOARD])[1]
    assert key_col == 1  # the inserted column moved the key column to B
    stamped = [v for s, r, c, v in written if s == "Dashboard" and (r, c) == (dash_head - 1, key_col + 1)]
    assert stamped and stamped[0].startswith(macros.STAMP_PREFIX)
    # and nothing else on the Dashboard: its figures are formulas
    assert {(r, c) for s, r, c, _ in written if s == "Dashboard"} == {(dash_head - 1, key_col + 1)}


def test_recalculate_checks_the_renamed_measure_sheet_at_its_moved_key_figures(payload):
    changed = copy.deepcopy(payload)
    key_row, ytd_col = _find(changed, "ASB incidents", M.key_heading("ytd"))
    sheet_values(changed, "ASB incidents")[key_row + 1][ytd_col] = 99999  # an overtyped formula
    book, actions = run(changed)
    messages = [v for s, r, c, v in writes(book, actions) if s == "Data checks" and isinstance(v, str)]
    assert any(m.startswith("99,999 typed over the formula of 'Key figures' (Year to date)") for m in messages)
    assert any(m.endswith(f"sheet 'ASB incidents', cell {L.cell(key_row + 1, ytd_col)}") for m in messages)


def test_check_and_export_work_on_the_edited_workbook(edited, payload, tmp_path):
    book, actions = run(copy.deepcopy(payload), macros.check)
    assert {names for names in (book.sheets[a["sheet_position"]].name for a in actions
                                if a["func"] == "setValues")} == {"Data checks"}
    here = tmp_path / edited.name
    shutil.copyfile(edited, here)
    moved = copy.deepcopy(payload)
    moved["book"]["name"] = str(here)
    written = macros.export(xw.Book(json=moved), created=NOW)
    assert written == tmp_path / "exports" / "SPP_Board_Report_2015-16_Q1.xlsx"


def test_a_sheet_recalculate_cannot_find_is_said_not_passed_over(payload, monkeypatch):
    broken = copy.deepcopy(payload)
    values = sheet_values(broken, "Exceptions")
    r, c = _find(broken, "Exceptions", L.MARKERS[L.EXCEPTIONS])
    values[r][c] = ""  # the marker deleted: nowhere to write the drafts
    book = xw.Book(json=broken)
    alerts = []
    monkeypatch.setattr(macros, "_alert", lambda _book, text: alerts.append(text))  # the message box
    macros.recalculate(book, now=NOW)
    assert alerts and "Exceptions" in alerts[0]
    assert not [a for a in book.json()["actions"] if a["func"] == "setValues"]


# Every kind of calculated cell, on sheets whose rows (and the Dashboard's columns) LibreOffice
# moved: (the measure id or sheet kind, the key of the row holding the headings, the key of the
# cell's row, its heading or None for the label column, what is typed, what the formula gives).
MOVED_KINDS = {
    "cumulative": ("asb", "header", "this_cum", "May", 1800, "1,758"),
    "target profile": ("asb", "header", "profile", "Apr", 900, "838"),
    "% difference": ("asb", "header", "pct", "Jun", 0.5, "-6.9%"),
    "key figure": ("asb", "key_head", "key", M.key_heading("judgement"), "GREEN", "'Green'"),
    "working": ("asb", "work_head", "work", "Direction", "increase", "'reduce'"),
    "banner": ("asb", None, "banner", None, "All fine", "'Generally satisfied"),
    "Dashboard figure": (L.DASHBOARD, "header", "measure=asb", "Year to date", 2600, "2,527"),
    "Exceptions judgement": (L.EXCEPTIONS, "header", "measure=asb", "Judgement", "Red", "'Green'"),
    "family group chart series": (L.FAMILY_GROUP, "header", "row", "Chart: others, period 1", 5.5, "#N/A"),
}


def _moved_cell(book, where, head_key, row_key, heading):
    """(sheet name, 0-based row, col) of a cell found as the reader finds it: the sheet by its
    marker, the row by its key, the column by its heading (or the label column)."""
    sheet = book.measure_sheets[where] if where in book.measure_sheets else book.find(where)
    r = sheet.rows_keyed(row_key)[0]
    if heading is None:
        return sheet.name, r, sheet.col(M.LABEL_COL)
    head = sheet.rows_keyed(head_key)[0]
    return sheet.name, r, next(c for c in range(len(sheet.grid[head])) if sheet.text(head, c) == heading)


@pytest.mark.parametrize("kind", list(MOVED_KINDS))
def test_a_figure_typed_over_every_kind_of_calculated_cell_is_found_where_rows_moved(edited, tmp_path, kind):
    import openpyxl

    from spp_xl.files import read_grids
    from spp_xl.workbook.grid import Book
    from spp_xl.workbook.reader import read_workbook

    where, head_key, row_key, heading, value, gives = MOVED_KINDS[kind]
    name, r, c = _moved_cell(Book.of(str(edited), read_grids(edited)), where, head_key, row_key, heading)
    assert (r, c) != (None, None)
    typed = tmp_path / "typed.xlsm"
    book = openpyxl.load_workbook(edited, keep_vba=True)
    book[name].cell(r + 1, c + 1).value = value
    book.save(typed)
    for formulas in (False, True):
        found = [f for f in read_workbook(typed, formulas=formulas).dataset.findings if "typed over" in f.message]
        assert [f.where.split(": ", 1)[1] for f in found] == [f"sheet '{name}', cell {L.cell(r, c)}"], formulas
        assert f"give {gives}" in found[0].message or f"gives {gives}" in found[0].message, found[0].message
