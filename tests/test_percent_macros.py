"""The buttons on a workbook with live percentages made of counts (the year walk's satisfaction
rate and monitored cohort, at quarter two): Recalculate and Check data through xlwings' remote
engine, as the classic workbook's macros run them, and the Lite workbook's scripts, as xlwings
Lite runs them, write the same: the percentages' drafted commentary, and the findings on their
counts and on a percentage typed over its formula, each naming its cell.
"""

from __future__ import annotations

import copy

import pytest
import xlwings as xw
from remote import NOW, cell_written, payload_from, put, remote_engine, sheet_values, writes  # noqa: F401

from spp_xl.core.engine import summarise
from spp_xl.core.periods import AsOf
from spp_xl.excel import build_workbook, macros
from spp_xl.lite import build_lite_workbook
from spp_xl.lite.payload import office_js_payload
from spp_xl.sources import load_inputs
from spp_xl.workbook import layout as L
from spp_xl.workbook import measure_schema as M
from spp_xl.workbook import schema as S
from spp_xl.workbook.build import workbook_specs

from lite_run import frozen_clock, lite_main, run_lite  # noqa: F401 - frozen_clock: a fixture
from test_percent_workbook import MEASURES, csv_at
from test_quarters import register

AS_OF = "2015/16 Sep"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return load_inputs(csv_at(tmp_path_factory.mktemp("csv"), AS_OF), MEASURES)


@pytest.fixture(scope="module")
def books(inputs, tmp_path_factory):
    folder = tmp_path_factory.mktemp("books")
    return {"classic": build_workbook(inputs, folder / "SPP_Performance.xlsm"),
            "lite": build_lite_workbook(inputs, folder / "SPP_Performance_Lite.xlsx")}


@pytest.fixture(scope="module")
def main_module(books):
    return lite_main(books["lite"])


def client_json(inputs, path, selection="A1", name=None) -> dict:
    """What xlwings' Office.js client sends for the workbook (its Excel Tables as built)."""
    tables = {spec.name: [(spec.table.name, spec.table.target, spec.table.style)]
              for spec in workbook_specs(inputs) if spec.table}
    return office_js_payload(path, xw.__version__, selection, name, tables)


def classic(payload, macro):
    book = xw.Book(json=payload)
    macro(book, now=NOW)
    return book, book.json()["actions"]


def count_cell(key: str, quarter: int) -> str:
    return L.cell(M.rows_of(register().get("satisfaction"))[key], M.FIRST_PERIOD_COL + quarter)


def findings(book, actions) -> list[list]:
    """The rows the macro wrote under the Checks sheet's header."""
    first, width = S.CHECKS.header_row + 1, len(S.CHECKS.headings)
    rows = [[cell_written(book, actions, L.CHECKS, L.cell(first + i, 1 + k)) for k in range(width)]
            for i in range(20)]
    return [r for r in rows if any(r)]


def test_recalculate_drafts_the_percentages_commentary(books, inputs):
    payload = payload_from(books["classic"])
    book, actions = classic(copy.deepcopy(payload), macros.recalculate)
    summary = summarise(inputs.register, inputs.dataset, AsOf.parse(AS_OF))
    exceptions = sheet_values(payload, L.EXCEPTIONS)
    head = [r[0] for r in exceptions].index("header")
    draft_col = exceptions[head].index(S.EXCEPTIONS.heading("draft"))
    drafted = {row[0][len("measure="):]: cell_written(book, actions, L.EXCEPTIONS, L.cell(r, draft_col))
               for r, row in enumerate(exceptions) if str(row[0]).startswith("measure=")}
    assert drafted["satisfaction"] == "\n".join(summary.result("satisfaction").commentary)
    assert drafted["satisfaction"].startswith("So far this year 77% of victims surveyed were satisfied (85 of 110), "
                                              "against the target of 85%.")
    assert "25 of 32" in drafted["cohort"]
    messages = [v for s, _, _, v in writes(book, actions) if s == L.CHECKS and isinstance(v, str)]
    assert not any("typed over" in m or "before it was calculated" in m for m in messages)


def test_lite_recalculates_as_the_classic_workbook(books, inputs, main_module):
    ours = classic(client_json(inputs, books["classic"], name=books["lite"].name), macros.recalculate)[1]
    lite = run_lite(main_module, client_json(inputs, books["lite"], "M7"), "spp_recalculate")
    assert lite == ours[1:] and ours[0]["func"] == "calculate"


@pytest.fixture(scope="module")
def overcounted(inputs, tmp_path_factory):
    """Both workbooks once quarter two's 40 satisfied was typed as 70, of the 60 surveyed, and
    Excel calculated: built from the figures with it, their formulas carry what Excel would show
    (xlwings' remote engine, like Lite, cannot calculate)."""
    from dataclasses import replace

    from spp_xl.core.dataset import Dataset, Observation

    year = inputs.register.year
    kept = [o for o in inputs.dataset.observations if (o.measure, o.year, o.period) != ("satisfaction.numerator",
                                                                                         year, "Q2")]
    typed = replace(inputs, dataset=Dataset(kept + [Observation("satisfaction.numerator", year, "Q2", 70.0, "", "70")],
                                            inputs.dataset.source))
    folder = tmp_path_factory.mktemp("overcounted")
    return typed, {"classic": build_workbook(typed, folder / "SPP_Performance.xlsm"),
                   "lite": build_lite_workbook(typed, folder / "SPP_Performance_Lite.xlsx")}


def test_check_data_names_a_numerator_above_its_denominator(overcounted, main_module):
    """An error naming the cell, written alike by both bindings."""
    typed, books = overcounted
    book, actions = classic(payload_from(books["classic"]), macros.check)
    error = next(r for r in findings(book, actions) if r[0] == "error")
    assert error[1:4] == ["satisfaction.numerator", "2015/16", "Q2"]
    assert error[-1].endswith(f"sheet 'satisfaction', cell {count_cell('this_num', 1)}")
    assert error[S.CHECKS.headings.index("Finding")] == ("70 victims satisfied is more than the 60 victims surveyed it "
                                                        "is a share of: check both counts")
    ours = classic(client_json(typed, books["classic"], name=books["lite"].name), macros.check)[1]
    assert run_lite(main_module, client_json(typed, books["lite"], "M11"), "spp_check") == ours


def test_lite_finds_a_percentage_typed_over_its_formula(books, inputs, main_module):
    """The year to date's percentage is a native formula: Lite, which cannot have the SPP_
    functions calculated, still holds it to the engine."""
    ref = count_cell("this_cum", 1)
    payload = client_json(inputs, books["lite"], "M7")
    put(payload, "satisfaction", ref, 80)
    book = xw.Book(json=copy.deepcopy(payload))
    actions = run_lite(main_module, payload, "spp_recalculate")
    found = [r for r in findings(book, actions) if "typed over" in str(r[S.CHECKS.headings.index("Finding")])]
    assert len(found) == 1 and found[0][1] == "satisfaction" and f"cell {ref}" in found[0][-1]
    assert "the formula gives 77.3%" in found[0][S.CHECKS.headings.index("Finding")]
