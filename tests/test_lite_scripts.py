"""The Lite workbook's scripts, run as xlwings Lite runs them, write what the classic macros write.

Lite hands a script the workbook as xlwings' remote-engine ``Book`` built from the JSON its
Office.js client sends, and dispatches through ``xlwings.server.custom_scripts_call``. The
tests do the same with the ``main.py`` read back from the built workbook and the client's JSON
made from the file (``spp_xl.lite.payload``). That JSON's shape is the client's own: ``runPython``
in ``xlwingsjs/src/xlwings.ts`` of xlwings' repository (last present in the parent of commit
66129628), with ``version`` as in xlwings' ``tests/test_custom_scripts_call.py`` (``BOOK_JSON``).

The remote engine is under xlwings' PolyForm Noncommercial licence (see docs/excel.md);
``XLWINGS_LICENSE_KEY=noncommercial`` turns it on.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import pytest  # noqa: E402
import xlwings as xw  # noqa: E402

from spp_xl.excel import macros  # noqa: E402
from spp_xl.lite import build_lite_workbook  # noqa: E402
from spp_xl.lite.payload import office_js_payload as lite_payload  # noqa: E402
from spp_xl.lite import scripts as lite_scripts  # noqa: E402
from spp_xl.lite.code import SCRIPTS  # noqa: E402
from spp_xl.sources import load_inputs  # noqa: E402
from spp_xl.excel import build_workbook  # noqa: E402
from spp_xl.workbook import layout as L  # noqa: E402
from spp_xl.workbook import schema as S  # noqa: E402
from spp_xl.workbook import measure_schema as M  # noqa: E402
from spp_xl.workbook.build import workbook_specs  # noqa: E402
from lite_run import frozen_clock, lite_main, run_lite  # noqa: F401 - frozen_clock: a fixture  # noqa: E402

NOW = dt.datetime(2015, 7, 10, 9, 30)
REPORT_CREATED = dt.datetime(2015, 7, 10, 9, 31)


@pytest.fixture(scope="module", autouse=True)
def remote_engine():
    """The remote engine, even when another module imported xlwings before the licence
    switch was set (xlwings then left it out of its engines)."""
    if "remote" not in [engine.name for engine in xw.engines]:
        import importlib

        remote = importlib.import_module("xlwings.pro._xlremote")
        xw.engines.add(xw.main.Engine(impl=remote.engine))


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("books")
    inputs = load_inputs()
    return {"classic": build_workbook(inputs, folder / "SPP_Performance.xlsm"),
            "lite": build_lite_workbook(inputs, folder / "SPP_Performance_Lite.xlsx")}


@pytest.fixture(scope="module")
def main_module(books):
    """Lite's module of the workbook's main.py, with xlwings' decorators as Lite has them
    (on Linux ``xlwings.func`` and ``script`` are pass-throughs; Lite runs the server's)."""
    return lite_main(books["lite"])


def _tables(path: Path) -> dict:
    """Each sheet's tables as the builder made them, checked against the style the file carries."""
    found = {spec.name: [(spec.table.name, spec.table.target, spec.table.style)]
             for spec in workbook_specs(load_inputs()) if spec.table}
    with zipfile.ZipFile(path) as book:
        styles = set(re.findall(r'tableStyleInfo name="([^"]+)"', "".join(
            book.read(n).decode() for n in book.namelist() if n.startswith("xl/tables/"))))
    assert {style.replace(" ", "") for ts in found.values() for _, _, style in ts} == styles
    return found


def office_js_payload(path: Path, selection: str = "A1", name: str | None = None) -> dict:
    """What xlwings' Office.js client sends for the workbook at ``path`` (spp_xl.lite.payload);
    ``name`` gives the classic workbook the Lite one's, so that messages naming it compare."""
    return lite_payload(path, xw.__version__, selection, name, _tables(path))


def put(payload, sheet, ref, value):
    (row, col), _ = xw.utils.a1_to_tuples(ref)
    values = next(s for s in payload["sheets"] if s["name"] == sheet)["values"]
    while len(values) < row:
        values.append([""] * len(values[0]))
    for r in values:
        r.extend([""] * (col - len(r)))
    values[row - 1][col - 1] = value


def run_classic(payload, macro, **kwargs):
    book = xw.Book(json=payload)
    macro(book, now=NOW, **kwargs) if macro is not macros.export else macro(book, **kwargs)
    return book.json()["actions"]


EDITS = ("july typed", "a figure that is not a number")


@pytest.fixture(scope="module", params=EDITS)
def typed(request, tmp_path_factory):
    """Both workbooks once a figure was typed into July and Excel calculated: built from the
    figures with it, their formulas carry what Excel would show (xlwings' remote engine,
    like Lite, cannot calculate)."""
    from dataclasses import replace

    from spp_xl.core.dataset import Dataset, Observation

    inputs = load_inputs()
    value, raw = {"july typed": (1001.0, "1001"), "a figure that is not a number": (None, "n/a")}[request.param]
    figures = inputs.dataset
    july = Observation("asb", inputs.register.year, "Jul", value, "", raw)
    inputs = replace(inputs, dataset=Dataset(figures.observations + [july], figures.source,
                                             confirmed=figures.confirmed))
    folder = tmp_path_factory.mktemp("typed")
    return {"classic": build_workbook(inputs, folder / "SPP_Performance.xlsm"),
            "lite": build_lite_workbook(inputs, folder / "SPP_Performance_Lite.xlsx")}


def test_lite_recalculate_writes_what_the_classic_recalculate_writes(books, main_module):
    """On the workbook as built (its cells show what Excel calculates), write for write."""
    classic = run_classic(office_js_payload(books["classic"], name=books["lite"].name), macros.recalculate)
    lite = run_lite(main_module, office_js_payload(books["lite"], "M7"), "spp_recalculate")
    assert classic[0]["func"] == "calculate"  # the classic asks Excel to calculate first; Lite cannot
    assert lite == classic[1:]
    assert [a["func"] for a in lite].count("setValues") >= 3  # commentary, Checks stamp and rows, Dashboard stamp


def test_after_a_figure_is_typed_lite_writes_what_the_classic_writes(typed, main_module):
    classic = run_classic(office_js_payload(typed["classic"], name=typed["lite"].name), macros.recalculate)[1:]
    lite = run_lite(main_module, office_js_payload(typed["lite"], "M7"), "spp_recalculate")
    assert lite == classic
    names = [s["name"] for s in office_js_payload(typed["lite"])["sheets"]]
    assert _findings(lite, names)


def _findings(actions, names) -> list:
    """The finding rows written under the Checks sheet's header (blank rows left out)."""
    position, first = names.index(L.CHECKS), S.CHECKS.header_row + 1
    rows = [row for a in actions if a["func"] == "setValues" and a["sheet_position"] == position
            and a["start_row"] == first for row in a["values"]]
    return [tuple(row) for row in rows if any(row)]


def test_lite_check_writes_what_the_classic_check_writes(books, typed, main_module):
    for book in (books, typed):
        classic = run_classic(office_js_payload(book["classic"], name=book["lite"].name), macros.check)
        lite = run_lite(main_module, office_js_payload(book["lite"], "M11"), "spp_check")
        assert lite == classic and lite


@pytest.mark.parametrize("figure, lite_finds", [("forecast", False), ("ytd", True)])
def test_lite_compares_only_the_native_formulas_cells(books, main_module, figure, lite_finds):
    """A figure typed over a key figure: the classic Recalculate finds it (it has Excel
    calculate first); Lite, which cannot have the custom functions calculated before it
    reads, finds it over a native formula (the year to date) but not over SPP_FORECAST."""
    cell = M.key_cell(figure)
    classic_payload, lite_payload = office_js_payload(books["classic"], name=books["lite"].name), office_js_payload(books["lite"])
    for payload in (classic_payload, lite_payload):
        put(payload, "asb", cell, 9000.0)
    said = f"9,000 typed over the formula of 'Key figures' ({M.key_heading(figure)})"
    texts = [str(v) for a in run_classic(classic_payload, macros.recalculate) for row in a.get("values") or []
             for v in row]
    lite_texts = [str(v) for a in run_lite(main_module, lite_payload, "spp_recalculate")
                  for row in a.get("values") or [] for v in row]
    assert any(t.startswith(said) for t in texts)
    assert any(t.startswith(said) for t in lite_texts) == lite_finds
    assert not any("typed over" in t and not t.startswith(said) for t in texts + lite_texts)


def test_lite_export_writes_the_classic_report_into_lites_data_folder(books, main_module, tmp_path, monkeypatch,
                                                                      capsys):
    data, beside = tmp_path / "data", tmp_path / "classic"
    monkeypatch.setattr(lite_scripts, "EXPORT_FOLDER", str(data))
    actions = run_lite(main_module, office_js_payload(books["lite"], "M9"), "spp_export")
    written = list(data.glob("*.xlsx"))
    assert [w.name for w in written] == ["SPP_Board_Report_2015-16_Q1.xlsx"]
    said = capsys.readouterr().out
    assert "board report written to" in said and "xlwings Lite menu > Files" in said
    alerts = [a["args"][0] for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1 and alerts[0].startswith("Board report written")  # what it carries, no error
    run_classic(office_js_payload(books["classic"], name=books["lite"].name), macros.export, folder=beside)
    classic = beside / "SPP_Board_Report_2015-16_Q1.xlsx"
    with zipfile.ZipFile(written[0]) as a, zipfile.ZipFile(classic) as b:
        assert a.namelist() == b.namelist()
        differing = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert differing in ([], ["docProps/core.xml"])  # the creation time is the only difference allowed


def test_each_script_is_bound_to_its_dashboard_button(books, main_module):
    """Lite runs a script when the cell its button's hyperlink selects is selected: the
    shape named in ``@script(button=...)`` must exist and point at that cell."""
    from xlwings.server import custom_scripts_meta

    meta = {m["function_name"]: m for m in custom_scripts_meta(main_module)}
    assert set(meta) == {s.name for s in SCRIPTS}
    shapes = _dashboard_shapes(books["lite"])
    dashboard = next(s for s in office_js_payload(books["lite"])["sheets"] if s["name"] == L.DASHBOARD)["values"]
    for script in SCRIPTS:
        found = re.fullmatch(r"\[(.+)\](\w+)!([A-Z]+)(\d+)", meta[script.name]["button"])
        shape, sheet, col, row = found.groups()
        assert sheet == L.DASHBOARD
        assert shapes[shape] == (f"#{sheet}!{col}{row}", script.title)
        (r, c), _ = xw.utils.a1_to_tuples(f"{col}{row}")
        held = dashboard[r - 1][c - 1] if r <= len(dashboard) and c <= len(dashboard[r - 1]) else ""
        assert held == ""  # the hidden cell behind the button holds nothing
        assert meta[script.name]["name"] == script.title


def _dashboard_shapes(path: Path) -> dict:
    """Shape name -> (hyperlink target, text) on the Dashboard, read from the file's drawing."""
    with zipfile.ZipFile(path) as book:
        workbook = book.read("xl/workbook.xml").decode()
        rid = re.search(rf'<sheet name="{L.DASHBOARD}" sheetId="\d+" r:id="(rId\d+)"', workbook).group(1)
        sheet_part = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', book.read("xl/_rels/workbook.xml.rels").decode())
        sheet_rels = book.read(f"xl/worksheets/_rels/{Path(sheet_part.group(1)).name}.rels").decode()
        drawing = Path(re.search(r'Target="\.\./drawings/([^"]+)"', sheet_rels).group(1))
        xml = book.read(f"xl/drawings/{drawing}").decode()
        links = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"',
                                book.read(f"xl/drawings/_rels/{drawing}.rels").decode()))
    shapes = {}
    for sp in re.findall(r"<xdr:sp[ >].*?</xdr:sp>", xml, re.S):
        name = re.search(r'<xdr:cNvPr id="\d+" name="([^"]+)"', sp).group(1)
        link = re.search(r'<a:hlinkClick[^>]*r:id="(rId\d+)"', sp)
        text = "".join(re.findall(r"<a:t>([^<]*)</a:t>", sp))
        shapes[name] = (links[link.group(1)] if link else None, text)
    return shapes
