"""The buttons' macros on xlwings' remote engine: ``xw.Book(json=payload)`` built from the
workbook file's values (read with calamine), and the actions ``book.json()`` returns.

The remote engine is under xlwings' PolyForm Noncommercial licence, which permits use by
a government institution; ``XLWINGS_LICENSE_KEY=noncommercial`` turns it on (see
docs/excel.md). The macros themselves use only the free Book/Sheet/Range API.
"""

from __future__ import annotations

import copy
import shutil

import pytest
import xlwings as xw
from python_calamine import CalamineWorkbook
from remote import NOW, cell_written, payload_from, put, remote_engine, run, sheet_values, writes  # noqa: F401

from spp_xl.core.engine import summarise
from spp_xl.excel import macros
from spp_xl.sources import load_inputs
from spp_xl.excel import build_workbook
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S
from spp_xl.workbook import measure_schema as M
from places import ROWS
from spp_xl.workbook.build import workbook_specs

AMBER, RED = "#ffc000", "#ff0000"
FINDING = 1 + S.CHECKS.headings.index("Finding")  # the Checks sheet's column of the findings' words


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return build_workbook(load_inputs(), tmp_path_factory.mktemp("book") / "SPP_Performance.xlsm")


@pytest.fixture(scope="module")
def base_payload(workbook):
    return payload_from(workbook)


@pytest.fixture(scope="module")
def input_cells():
    """(sheet, row, col) of every cell staff type into, from the builder's own specs."""
    return {(spec.name, c.row, c.col) for spec in workbook_specs(load_inputs()) for c in spec.cells
            if c.kind == "input"}


# ------------------------------------------------------------------ Recalculate


@pytest.fixture(scope="module")
def recalculated(base_payload):
    return run(copy.deepcopy(base_payload))


def test_recalculate_calculates_first_then_writes_in_a_few_blocks(recalculated):
    _, actions = recalculated
    assert actions[0]["func"] == "calculate"
    # Round trips: one calculation, the commentary column, the Checks stamp, rows and
    # fills, the Dashboard stamp; however many measures and findings there are.
    assert [a["func"] for a in actions] == ["calculate", "setValues", "setValues", "setValues",
                                            "setRangeColors", "setValues"]


def test_recalculate_writes_the_engines_drafted_commentary(recalculated, base_payload):
    book, actions = recalculated
    inputs = load_inputs()
    summary = summarise(inputs.register, inputs.dataset)
    exceptions = sheet_values(base_payload, L.EXCEPTIONS)
    head = [r[0] for r in exceptions].index("header")
    draft_col = exceptions[head].index(S.EXCEPTIONS.heading("draft"))
    for r, row in enumerate(exceptions):
        if str(row[0]).startswith("measure="):
            ref = L.cell(r, draft_col)
            expected = "\n".join(summary.result(row[0][len("measure="):]).commentary)
            assert cell_written(book, actions, L.EXCEPTIONS, ref) == expected, ref
    asb = cell_written(book, actions, L.EXCEPTIONS, L.cell(head + 6, draft_col))
    assert "2,527" in asb and "10,064" in asb  # the seed's ASB year to date and target


def test_recalculate_writes_the_findings_with_their_colours(recalculated):
    book, actions = recalculated
    checks = L.CHECKS
    first = S.CHECKS.header_row + 1
    rows = [[cell_written(book, actions, checks, L.cell(first + i, 1 + k)) for k in range(len(S.CHECKS.headings))]
            for i in range(3)]
    assert [r[:2] for r in rows] == [["warning", "dash_training"], ["warning", "asb"], ["warning", "asb"]]
    assert "10,299 disagrees with the sum of its periods (10,065)" in rows[1][FINDING - 1]
    fills = [cell_written(book, actions, checks, L.cell(first + i, 1), "setRangeColors") for i in range(3)]
    assert fills == [AMBER] * 3
    assert cell_written(book, actions, checks, L.cell(first - 2, 1)) == "Checked 10 Jul 2015 09:30: 0 error(s), 3 warning(s)"


def test_recalculate_stamps_the_time_on_the_dashboard(recalculated):
    book, actions = recalculated
    stamp = cell_written(book, actions, L.DASHBOARD, L.cell(S.DASHBOARD.header_row - 1, 1))
    assert stamp == "Recalculated 10 Jul 2015 09:30, reporting to 2015/16 Jun"


def test_recalculate_never_writes_to_an_input_cell(recalculated, input_cells):
    book, actions = recalculated
    touched = {(s, r, c) for s, r, c, _ in writes(book, actions)}
    assert touched and not touched & input_cells


def test_recalculate_writes_only_where_the_schema_gives_a_macro_a_place(recalculated):
    """Every cell written is in a column whose role is ``macro`` (or the Checks sheet's typed
    Confirmed, which moves with its finding), or a listing's time stamp above its header."""
    book, actions = recalculated
    written = list(writes(book, actions))
    assert {s for s, _, _, _ in written} == set(S.written_by_macros())
    for sheet, r, c, _ in written:
        listing = S.listing(sheet)
        first = listing.place(listing.columns[0].key)
        if listing.stamp and (r, c) == (listing.header_row - 1, first):
            continue
        column = next(col for col in listing.columns if listing.place(col.key) == c)
        assert r > listing.header_row and (column.role == S.MACRO or (listing is S.CHECKS and column.role == S.TYPED)), \
            (sheet, L.cell(r, c), column.key)


def test_nothing_the_sheets_show_disagrees_with_the_engine(recalculated):
    book, actions = recalculated
    messages = [v for s, _, c, v in writes(book, actions) if s == L.CHECKS and isinstance(v, str)]
    assert not any("typed over" in m or "before it was calculated" in m for m in messages)


def test_staff_commentary_is_never_overwritten(base_payload, input_cells):
    payload = copy.deepcopy(base_payload)
    exceptions = sheet_values(payload, L.EXCEPTIONS)
    head = [r[0] for r in exceptions].index("header")
    staff_col = exceptions[head].index(S.EXCEPTIONS.heading("staff"))
    asb_row = [r[0] for r in exceptions].index("measure=asb")
    put(payload, L.EXCEPTIONS, L.cell(asb_row, staff_col), "ASB is down on last year.\nJune looks low: a lag.")
    book, actions = run(payload)
    assert all((s, c) != (L.EXCEPTIONS, staff_col) for s, _, c, _ in writes(book, actions))
    assert cell_written(book, actions, L.EXCEPTIONS, L.cell(asb_row, staff_col - 1)).startswith("In quarter one")


def test_a_typed_july_figure_reaches_the_commentary(base_payload):
    payload = copy.deepcopy(base_payload)
    asb = sheet_values(payload, "asb")
    july = L.cell(ROWS["this_year"], M.FIRST_PERIOD_COL + 3)
    put(payload, "asb", july, 1001.0)
    book, actions = run(payload)
    exceptions = sheet_values(payload, L.EXCEPTIONS)
    draft_col = exceptions[S.EXCEPTIONS.header_row].index(S.EXCEPTIONS.heading("draft"))
    asb_row = [r[0] for r in exceptions].index("measure=asb")
    draft = cell_written(book, actions, L.EXCEPTIONS, L.cell(asb_row, draft_col))
    assert "3,528" in draft  # 2,527 + 1,001: the year to date now runs to July
    assert asb[ROWS["this_year"]][M.FIRST_PERIOD_COL + 3] == 1001.0


def test_an_overtyped_formula_is_reported_with_its_cell(base_payload):
    payload = copy.deepcopy(base_payload)
    forecast = M.key_cell("forecast")
    put(payload, "asb", forecast, 9000.0)  # someone typed over the SPP_FORECAST formula
    book, actions = run(payload)
    messages = [v for s, _, c, v in writes(book, actions) if s == L.CHECKS and isinstance(v, str)]
    found = [m for m in messages if "9,000 typed over the formula of 'Key figures' (Year-end forecast)" in m
             and "the formula gives 9,375" in m]
    assert found
    assert any(m.endswith(f"sheet 'asb', cell {forecast}") for m in messages)


def test_a_data_error_is_listed_in_red_and_does_not_stop_recalculate(base_payload):
    payload = copy.deepcopy(base_payload)
    put(payload, "asb", L.cell(ROWS["this_year"], M.FIRST_PERIOD_COL + 3), "n/a")
    book, actions = run(payload)
    first = S.CHECKS.header_row + 1
    assert cell_written(book, actions, L.CHECKS, L.cell(first, 1)) == "error"
    assert cell_written(book, actions, L.CHECKS, L.cell(first, 1), "setRangeColors") == RED
    assert "'n/a' is not a number" in cell_written(book, actions, L.CHECKS, L.cell(first, FINDING))


def test_last_runs_extra_findings_are_cleared(base_payload):
    payload = copy.deepcopy(base_payload)
    first = S.CHECKS.header_row + 1
    for i in range(5):
        put(payload, L.CHECKS, L.cell(first + i, 1), "warning")
        put(payload, L.CHECKS, L.cell(first + i, FINDING), f"old finding {i}")
    book, actions = run(payload)
    assert cell_written(book, actions, L.CHECKS, L.cell(first + 4, FINDING)) == ""
    assert cell_written(book, actions, L.CHECKS, L.cell(first + 3, 1), "setRangeColors") is None
    assert cell_written(book, actions, L.CHECKS, L.cell(first + 2, 1)) == "warning"


def test_text_is_never_written_as_a_formula():
    assert macros.safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert macros.safe("-5% on last year") == "'-5% on last year"
    assert macros.safe("In quarter one") == "In quarter one"
    assert macros.safe(3.5) == 3.5


def test_a_broken_workbook_gives_one_line_not_a_traceback(base_payload):
    payload = copy.deepcopy(base_payload)
    put(payload, L.SETTINGS, L.cell(S.setting("year").row, S.SETTINGS_VALUE_COL), "banana")
    book, actions = run(payload)
    alerts = [a for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1
    text = alerts[0]["args"][0]
    assert "sheet 'Settings', cell C4" in text and "Traceback" not in text
    assert not [a for a in actions if a["func"] in ("setValues", "setRangeColors")]


# ------------------------------------------------------------------ Check data


def test_check_writes_the_findings_alone(base_payload):
    book, actions = run(copy.deepcopy(base_payload), macros.check)
    assert {s for s, _, _, _ in writes(book, actions)} == {L.CHECKS}
    assert "calculate" not in [a["func"] for a in actions]
    assert cell_written(book, actions, L.CHECKS, L.cell(S.CHECKS.header_row + 1, 2)) == "dash_training"


# ------------------------------------------------------------------ Export


def test_export_writes_the_report_beside_the_workbook_and_keeps_an_earlier_one(workbook, tmp_path):
    here = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(workbook, here)
    payload = payload_from(here)
    first = macros.export(xw.Book(json=copy.deepcopy(payload)), created=NOW)
    second = macros.export(xw.Book(json=copy.deepcopy(payload)), created=NOW)
    assert first == tmp_path / "exports" / "SPP_Board_Report_2015-16_Q1.xlsx"
    assert second == tmp_path / "exports" / "SPP_Board_Report_2015-16_Q1 (2).xlsx"
    assert first.read_bytes() == second.read_bytes()  # the same figures make the same report
    report = CalamineWorkbook.from_path(str(first))
    text = " ".join(str(v) for name in report.sheet_names
                    for row in report.get_sheet_by_name(name).to_python() for v in row)
    assert "10,064" in text or "10064" in text


def test_export_stops_on_a_data_error_and_says_so(workbook, tmp_path):
    here = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(workbook, here)
    payload = payload_from(here)
    put(payload, "asb", L.cell(ROWS["this_year"], M.FIRST_PERIOD_COL + 3), -5.0)
    book = xw.Book(json=payload)
    assert macros.export(book) is None
    alert = [a for a in book.json()["actions"] if a["func"] == "alert"][0]["args"][0]
    assert "data error(s) stop the report" in alert and "negative" in alert
    assert not (tmp_path / "exports").exists() or not list((tmp_path / "exports").iterdir())


# ------------------------------------------------------------------ Make sheets for new measures


def _with_new_measure_row(payload):
    row = S.MEASURES.header_row + 1 + 12  # the row under the table's twelve measures
    typed = {"id": "violence_with_injury", "title": "Reduce violence with injury", "direction": "reduce",
             "frequency": "monthly", "annual_target": 2400.0}
    for field, value in typed.items():
        put(payload, L.MEASURES, L.cell(row, S.measures_col(field)), value)
    return payload


def test_a_new_measure_row_gets_its_sheet_in_a_new_workbook(workbook, tmp_path):
    from spp_xl.workbook.reader import read_workbook

    here = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(workbook, here)
    payload = _with_new_measure_row(payload_from(here))
    book = xw.Book(json=payload)
    made = macros.add_measures(book)
    assert made == tmp_path / "SPP_Performance (new measures).xlsm"
    new = read_workbook(made)
    assert [m.id for m in new.register][-1] == "violence_with_injury"
    assert "spp:measure=violence_with_injury" in {
        str(CalamineWorkbook.from_path(str(made)).get_sheet_by_name(name).to_python()[0][0])
        for name in CalamineWorkbook.from_path(str(made)).sheet_names}
    old = read_workbook(here)
    def figures(inputs):
        return [(o.measure, o.year, o.period, o.value) for o in inputs.dataset.observations]

    assert figures(new) == figures(old)  # every figure carried over
    # the open workbook itself is not written to
    assert not [a for a in book.json()["actions"] if a["func"] in ("setValues", "setRangeColors")]


def test_with_no_new_row_nothing_is_made_and_it_says_why(workbook, tmp_path):
    here = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(workbook, here)
    book = xw.Book(json=payload_from(here))
    assert macros.add_measures(book) is None
    alert = [a for a in book.json()["actions"] if a["func"] == "alert"][0]["args"][0]
    assert "already has its sheet" in alert
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SPP_Performance.xlsm"]
