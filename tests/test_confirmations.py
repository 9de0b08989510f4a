"""What must not reach the board stops the export, and what reaches it is said: the
command prints every warning the report carries, the Export button shows the count; the
analyst confirms a far-out figure on the workbook's Checks sheet, and that confirmation
is read, kept by Recalculate and Check data, listed in the report and carried into a
new year."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import replace

import pytest
import xlwings as xw
from remote import NOW, cell_written, payload_from, put, remote_engine, run, sheet_values, writes  # noqa: F401
from test_checks_quarters import typed

from spp_xl.cli import main
from spp_xl.core.dataset import Dataset, parse_csv
from spp_xl.core.engine import summarise
from spp_xl.core.inputs import Inputs
from spp_xl.core.newyear import next_year
from spp_xl.core.periods import FinancialYear
from spp_xl.excel import build_workbook, macros
from spp_xl.report.build import build_report
from spp_xl.sources import load_inputs
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S
from spp_xl.workbook import measure_schema as M
from places import ROWS
from spp_xl.workbook.reader import read_inputs, read_workbook

Y15 = FinancialYear(2015)
FAR_OUT = ("asb", Y15, "Aug", 9300.0)
COL = {name: 1 + i for i, name in enumerate(S.CHECKS.headings)}  # the builder's columns (B...)


# ------------------------------------------------------------------ the command and the button say what the report carries


def test_export_prints_every_warning_it_carries_before_written(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["export", "-o", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    inputs = load_inputs()
    warnings = [f for f in summarise(inputs.register, inputs.dataset).findings if f.severity == "warning"]
    assert len(warnings) == 3
    head = printed.index("3 data-quality warning(s), printed in the report's data-quality notes:")
    assert printed[head + 1: head + 4] == [f"  {f.describe()}" for f in warnings]
    assert printed[head + 4].startswith("Board report written to")


def test_the_export_button_shows_the_warning_count(tmp_path):
    here = build_workbook(load_inputs(), tmp_path / "SPP_Performance.xlsm")
    book = xw.Book(json=payload_from(here))
    assert macros.export(book, created=NOW) is not None
    alerts = [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]
    assert len(alerts) == 1 and "3 data-quality warning(s)" in alerts[0]
    assert "to be confirmed" not in alerts[0]  # the bundled workbook has its meeting date


# ------------------------------------------------------------------ the Checks sheet records confirmations


@pytest.fixture(scope="module")
def q2_book(tmp_path_factory, register):
    """A quarter-two workbook in which ASB August is typed 9,300 (ten times 930)."""
    data = parse_csv(typed(asb_Aug="9300"), "q2.csv")
    inputs = replace(load_inputs(), dataset=data, meeting_date=dt.date(2015, 10, 22))
    return build_workbook(inputs, tmp_path_factory.mktemp("q2") / "SPP_Performance.xlsm")


def _row_of(values, measure, period):
    head = [r[0] for r in values].index("header")
    for r in range(head + 1, len(values)):
        if values[r][COL["Measure"]] == measure and values[r][COL["Period"]] == period:
            return r
    raise AssertionError(f"no finding for {measure} {period}")


def test_the_checks_sheet_has_a_confirmed_column_beside_each_finding(q2_book):
    payload = payload_from(q2_book)
    values = sheet_values(payload, L.CHECKS)
    head = [r[0] for r in values].index("header")
    assert values[head][COL["Finding"] + 1] == "Confirmed"
    r = _row_of(values, "asb", "Aug")
    assert values[r][COL["Severity"]] == "error" and values[r][COL["Figure"]] == 9300
    assert values[r][COL["Confirmed"]] in ("", None)


def test_a_yes_typed_beside_a_far_out_figure_is_read_as_its_confirmation(q2_book):
    payload = payload_from(q2_book)
    r = _row_of(sheet_values(payload, L.CHECKS), "asb", "Aug")
    put(payload, L.CHECKS, L.cell(r, COL["Confirmed"]), "Yes")
    shot = macros.snapshot(xw.Book(json=payload))
    assert read_inputs(shot).dataset.confirmed == frozenset({FAR_OUT})


def test_recalculate_keeps_the_confirmation_beside_its_finding(q2_book):
    payload = payload_from(q2_book)
    r = _row_of(sheet_values(payload, L.CHECKS), "asb", "Aug")
    put(payload, L.CHECKS, L.cell(r, COL["Confirmed"]), "yes")
    # and a new error appears above it, so the findings move down a row
    put(payload, "crime_gap", L.cell(ROWS["this_cum"], M.FIRST_PERIOD_COL + 4), -1.0)
    for macro in (macros.recalculate, macros.check):
        book, actions = run(copy.deepcopy(payload), macro)
        rows = {}
        for sheet, row, col, value in writes(book, [a for a in actions if a["func"] == "setValues"]):
            if sheet == L.CHECKS:
                rows.setdefault(row, {})[col] = value
        asb = [row for row in rows.values() if row.get(COL["Measure"]) == "asb" and row.get(COL["Period"]) == "Aug"]
        assert len(asb) == 1, macro
        assert asb[0][COL["Severity"]] == "warning" and asb[0][COL["Confirmed"]] == "yes"
        assert asb[0][COL["Finding"]].endswith("confirmed by the analyst")
        assert asb[0][COL["Figure"]] == 9300


def test_a_confirmation_of_a_figure_since_retyped_no_longer_applies_and_is_said(q2_book):
    payload = payload_from(q2_book)
    r = _row_of(sheet_values(payload, L.CHECKS), "asb", "Aug")
    put(payload, L.CHECKS, L.cell(r, COL["Confirmed"]), "yes")
    put(payload, "asb", L.cell(ROWS["this_year"], M.FIRST_PERIOD_COL + 4), 930.0)  # the typo put right
    book, actions = run(payload, macros.check)
    values = [v for s, _, c, v in writes(book, actions) if s == L.CHECKS and c == COL["Confirmed"]]
    assert "yes" not in values
    stamp = cell_written(book, actions, L.CHECKS, L.cell(S.CHECKS.header_row - 1, 1))
    assert "1 confirmation(s) no longer apply" in stamp


def test_something_other_than_yes_or_no_in_confirmed_is_a_finding(q2_book):
    payload = payload_from(q2_book)
    r = _row_of(sheet_values(payload, L.CHECKS), "asb", "Aug")
    put(payload, L.CHECKS, L.cell(r, COL["Confirmed"]), "perhaps")
    inputs = read_inputs(macros.snapshot(xw.Book(json=payload)))
    assert inputs.dataset.confirmed == frozenset()
    found = [f for f in summarise(inputs.register, inputs.dataset, strict=False).findings
             if "'perhaps'" in f.message]
    assert len(found) == 1 and f"cell {L.cell(r, COL['Confirmed'])}" in found[0].where


def test_a_workbook_built_with_a_confirmed_figure_shows_yes_and_reads_it_back(tmp_path):
    data = parse_csv(typed(asb_Aug="9300"), "q2.csv")
    data = Dataset(data.observations, data.source, confirmed=frozenset({FAR_OUT}))
    path = build_workbook(replace(load_inputs(), dataset=data), tmp_path / "SPP_Performance.xlsm")
    values = sheet_values(payload_from(path), L.CHECKS)
    assert values[_row_of(values, "asb", "Aug")][COL["Confirmed"]] == "yes"
    assert read_workbook(path).dataset.confirmed == frozenset({FAR_OUT})
    assert main(["check", str(path)]) == 0


def test_data_gives_back_the_confirmations_with_the_figures(tmp_path, capsys):
    # The round trip a CSV makes through the workbook: built from a CSV whose far-out August is
    # confirmed, 'spp-xl data' gives the confirmation back on its row, and the workbook built from
    # that CSV is the same workbook, its confirmation and all (without it, August is an error again).
    source = tmp_path / "q2.csv"
    lines = typed(asb_Aug="9300").splitlines()
    source.write_text("\n".join([lines[0] + ",confirmed"] + [
        line + (",yes" if line == "asb,2015/16,Aug,9300" else ",") for line in lines[1:]]) + "\n", encoding="utf-8")
    first, second, figures = (tmp_path / name for name in ("first.xlsm", "second.xlsm", "figures.csv"))
    assert main(["build-workbook", str(source), "-o", str(first)]) == 0
    assert main(["data", str(first), "-o", str(figures)]) == 0
    text = figures.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "measure,year,period,value,confirmed"
    assert "asb,2015/16,Aug,9300,yes\n" in text and text.count(",yes\n") == 1
    assert main(["build-workbook", str(figures), "-o", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()
    assert main(["check", str(second)]) == 0


def test_a_built_workbooks_checks_name_the_cells_of_the_workbook_itself(tmp_path):
    # Built from a CSV, the Checks sheet's Where names each figure's cell in the new workbook
    # (as Recalculate does), not the line of the CSV it came from, which the workbook's user
    # may never have seen; a finding about no one figure keeps what it had (nothing).
    source = tmp_path / "q2.csv"
    source.write_text(typed(asb_Aug="9300"), encoding="utf-8")
    path = tmp_path / "SPP_Performance.xlsm"
    assert main(["build-workbook", str(source), "-o", str(path)]) == 0
    values = sheet_values(payload_from(path), L.CHECKS)
    august = L.cell(ROWS["this_year"], M.FIRST_PERIOD_COL + 4)
    assert values[_row_of(values, "asb", "Aug")][COL["Where"]] == f"sheet 'asb', cell {august}"
    assert all("q2.csv" not in str(row[COL["Where"]]) for row in values)


# ------------------------------------------------------------------ the report and the new year


def test_the_reports_notes_list_confirmed_figures_first_and_say_so(register):
    data = parse_csv(typed(asb_Aug="9300"), "q2.csv")
    data = Dataset(data.observations, data.source, confirmed=frozenset({FAR_OUT}))
    report = build_report(summarise(register, data), Inputs(register, data, "q2.csv", "csv"), None)
    quality = report.sheet("Data quality")
    intro = [b.text for b in quality.blocks if hasattr(b, "text")]
    assert any("1 figure far from what its neighbours and last year suggest was confirmed by the analyst" in t
               for t in intro)
    table = next(b for b in quality.blocks if hasattr(b, "rows"))
    first = [c.value for c in table.rows[0].cells]
    assert first[2] == "Aug" and ": confirmed by the analyst [q2.csv line" in first[3]


def test_next_year_carries_the_confirmations_of_the_figures_it_carries(register):
    data = parse_csv(typed(asb_Aug="9300"), "q2.csv")
    stale = ("asb", FinancialYear(2013), "Aug", 1.0)  # a year the new workbook has no periods for
    data = Dataset(data.observations, data.source, confirmed=frozenset({FAR_OUT, stale}))
    rolled = next_year(register, data, {}, keep_targets=True)
    assert rolled.dataset.confirmed == frozenset({FAR_OUT})
