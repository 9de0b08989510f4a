"""A figure typed into a calculated row of a measure sheet (possible once the sheet is
unprotected, or in another spreadsheet application) is not used: the reader says so,
naming the sheet and the cell, and every command and the Checks sheet carry it."""

from __future__ import annotations

import copy
import re

import pytest
from remote import payload_from, put, remote_engine, run, writes  # noqa: F401
from workbook_copies import COMMITTED, edited_copy

from spp_xl.cli import main
from spp_xl.core.register import load_register
from spp_xl.excel import macros
from spp_xl.workbook import layout as L
from spp_xl.workbook import measure_schema as M
from spp_xl.workbook import schema as S
from places import ROWS
from spp_xl.workbook.reader import read_workbook


def _cell(key: str, period_index: int) -> str:
    return L.cell(ROWS[key], M.FIRST_PERIOD_COL + period_index)


def _typed(tmp_path, sheet: str, ref: str, value) -> str:
    def change(book):
        book[sheet][ref] = value
    return str(edited_copy(tmp_path / "SPP_Performance.xlsm", change))


def payload_sheet(path, name):
    from remote import sheet_values
    return sheet_values(payload_from(path), name)


def _overtyped(findings):
    return [f for f in findings if "typed over" in f.message]


def test_the_committed_workbook_has_no_figure_typed_over_a_formula():
    assert _overtyped(read_workbook(COMMITTED).dataset.findings) == []


def test_a_workbook_rebuilt_from_one_typed_over_lists_only_what_holds_of_itself(tmp_path, capsys):
    # Rebuilt, the formula is written back: the finding about the old workbook's cell (and any
    # about its Checks sheet's Confirmed cells) is no finding of the new one, whose Checks sheet
    # lists what 'check' finds in it, and nothing else.
    source = _typed(tmp_path, "asb", _cell("this_cum", 1), 1800)
    assert _overtyped(read_workbook(source).dataset.findings)
    rebuilt = tmp_path / "rebuilt.xlsm"
    capsys.readouterr()
    assert main(["build-workbook", source, "-o", str(rebuilt)]) == 0
    said = [line for line in capsys.readouterr().out.splitlines() if line.startswith("not carried")]
    assert said == [f"not carried into rebuilt.xlsm, which has its formulas and its own checks: WARNING: asb 2015/16 "
                    f"May: 1,800 typed over the formula of 'Cum Actuals 15/16' (May), a calculated cell: not used; the "
                    f"formula gives 1,758. Copy the formula back from a cell of the row that still holds one "
                    f"[{source}: sheet 'asb', cell {_cell('this_cum', 1)}]"]
    listed = [row for row in payload_sheet(rebuilt, L.CHECKS) if "typed over" in " ".join(map(str, row))]
    assert listed == []
    assert _overtyped(read_workbook(rebuilt).dataset.findings) == []


@pytest.mark.parametrize("sheet, key, index, value, label", [
    ("hate_incidents", "this_year", 0, 60, "Actual 2015 - 2016"),     # a year-to-date measure's period row
    ("asb", "this_cum", 1, 1800, "Cum Actuals 15/16"),                # a period measure's running total
    ("asb", "last_cum", 11, 10299, "Cum Actuals 14/15"),              # last year's too
    ("dv_reporting", "pct", 2, -0.06, "% difference in Actuals"),     # the % row
])
def test_a_figure_typed_into_a_calculated_row_is_a_finding_naming_its_cell(tmp_path, capsys, sheet, key, index,
                                                                           value, label):
    ref = _cell(key, index)
    path = _typed(tmp_path, sheet, ref, value)
    found = _overtyped(read_workbook(path).dataset.findings)
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warning" and f.measure == sheet
    assert f.where.endswith(f"sheet '{sheet}', cell {ref}")
    assert label in f.message and "not used" in f.message
    for command in (["check", path], ["summary", path], ["export", path, "-o", str(tmp_path / "r.xlsx")]):
        main(command)
        said = capsys.readouterr()
        assert f"cell {ref}" in said.out + said.err, command


def test_a_row_typed_over_is_one_finding(tmp_path):
    def change(book):
        for k, value in enumerate((860, 1750, 2520)):
            book["asb"][_cell("this_cum", k)] = value
    found = _overtyped(read_workbook(edited_copy(tmp_path / "SPP_Performance.xlsm", change)).dataset.findings)
    assert len(found) == 1
    assert "Apr, May and Jun" in found[0].message and "864, 1,758 and 2,527" in found[0].message


def test_recalculate_lists_a_figure_typed_into_a_calculated_row_on_the_checks_sheet():
    payload = payload_from(COMMITTED)
    ref = _cell("this_year", 1)
    put(payload, "hate_incidents", ref, 99.0)
    for macro in (macros.recalculate, macros.check):
        book, actions = run(copy.deepcopy(payload), macro)
        written = [v for s, _, _, v in writes(book, actions) if s == L.CHECKS and isinstance(v, str)]
        assert any(w.endswith(f"sheet 'hate_incidents', cell {ref}") for w in written), macro
        assert any("typed over" in w and "99" in w for w in written), macro


def test_a_figure_typed_over_its_own_formulas_value_is_found_by_check(tmp_path, capsys):
    # ASB's running total to May is 864 + 894 = 1,758: typed as a value it shows the same, but
    # it no longer follows the months. Only the saved formulas show it (openpyxl), which check
    # reads; the values alone (every other command, kept quick) cannot: nothing they show is wrong yet.
    ref = _cell("this_cum", 1)
    path = _typed(tmp_path, "asb", ref, 1758)
    assert _overtyped(read_workbook(path).dataset.findings) == []
    found = _overtyped(read_workbook(path, formulas=True).dataset.findings)
    assert [f.where.rsplit(", ", 1)[-1] for f in found] == [f"cell {ref}"]
    assert "1,758 typed over the formula of 'Cum Actuals 15/16' (May)" in found[0].message
    main(["check", path])
    assert f"cell {ref}" in capsys.readouterr().out


REGISTER = load_register()
ASB = [m.id for m in REGISTER].index("asb")  # its row on the Dashboard and the Exceptions sheet
ASB_TITLE = REGISTER.get("asb").title
TOP = M.TOP_ROWS

# Every kind of calculated cell, typed over: (sheet, cell, what is typed, how the finding shows it, the row
# and cell it names, what it says the formula gives). The figures are the seed's (ASB's year to date 2,527
# against 2,713 last year, a change of -186; its forecast 9,374.96; judged Green) or the engine's
# (dv_reporting's April target 549: 6,588 over twelve months).
EVERY_KIND = {
    "target profile": ("dv_reporting", L.cell(ROWS["profile"], M.FIRST_PERIOD_COL), 600, "600",
                       "'Target 15/16' (Apr", "549"),
    "key figure: change": ("asb", M.key_cell("change"), -100, "-100", "'Key figures' (Change on last year)", "-186"),
    "key figure: forecast": ("asb", M.key_cell("forecast"), 9000, "9,000", "'Key figures' (Year-end forecast)",
                             "9,375"),
    "key figure: judgement": ("asb", M.key_cell("judgement"), "GREEN", "'GREEN'", "'Key figures' (Judgement)",
                              "'Green'"),
    "working: direction": ("asb", L.cell(TOP["work"], M.work_col("direction")), "increase", "'increase'",
                           "'Workings' (Direction)", "'reduce'"),
    "banner": ("asb", L.cell(TOP["banner"], M.LABEL_COL), "All fine", "'All fine'", "'Judgement banner'",
               "'Generally satisfied with performance - (2015/16 performance measure - of not more than 10,064"),
    "Dashboard figure": (L.DASHBOARD, L.cell(S.DASHBOARD_FIRST_ROW + ASB, S.DASHBOARD.place("ytd")), 2600, "2,600",
                         f"{ASB_TITLE!r} (Year to date)", "2,527"),
    "Exceptions judgement": (L.EXCEPTIONS, L.cell(S.EXCEPTIONS.header_row + 1 + ASB, S.EXCEPTIONS.place("judgement")),
                             "Red", "'Red'", f"{ASB_TITLE!r} (Judgement)", "'Green'"),
    "family group chart series": (L.FAMILY_GROUP, L.cell(S.FAMILY_GROUP.header_row + 1,
                                                         S.FAMILY_GROUP.place("others_1")), 5.5, "5.5",
                                  "'Plymouth' (Chart: others, period 1)", "#N/A"),
    "Settings reporting month": (L.SETTINGS, L.cell(S.setting("reporting_to").row, S.SETTINGS_VALUE_COL),
                                 "2015/16 Sep", "'2015/16 Sep'", "'Reporting to (latest month with figures)' "
                                 "(the month)", "'2015/16 Jun'"),
}


@pytest.mark.parametrize("kind", list(EVERY_KIND))
@pytest.mark.parametrize("formulas", [False, True], ids=["values", "formulas read"])
def test_a_figure_typed_over_every_kind_of_calculated_cell_is_found(tmp_path, kind, formulas):
    sheet, ref, value, shown, names, gives = EVERY_KIND[kind]
    found = _overtyped(read_workbook(_typed(tmp_path, sheet, ref, value), formulas=formulas).dataset.findings)
    assert len(found) == 1, [f.message for f in found]
    message = found[0].message
    assert found[0].where.split(": ", 1)[1].startswith(f"sheet '{sheet}', cell {ref}")
    assert message.startswith(shown) and "typed over the formula" in message and f" of {names}" in message, message
    assert re.search(r"the formulas? gives? " + re.escape(gives), message), message
