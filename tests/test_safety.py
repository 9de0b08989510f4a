"""Safety: text from the workbook never becomes a formula in what spp_xl
writes; the workbook's VBA does nothing but call into Python; no command touches the
network."""

from __future__ import annotations

import re
import shutil
import socket
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from spp_xl.cli import main
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S

with warnings.catch_warnings():  # oletools 0.60 uses pyparsing names deprecated since 3.1
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser, VBA_Scanner

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "SPP_Performance.xlsm"

# Text an analyst (or a pasted e-mail) might put in a cell, each starting with a character
# a spreadsheet takes as the start of a formula. Each carries a marker to look for.
PAYLOADS = {
    "=": '=HYPERLINK("http://evil.example/eq","click")',
    "+": "+cmd|' /C calc'!A0 plus-marker",
    "-": "-2+3+cmd|' /C calc'!A0 minus-marker",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0 at-marker",
}
MARKERS = {"=": "evil.example/eq", "+": "plus-marker", "-": "minus-marker", "@": "at-marker"}
MEASURES_ROW = {"asb": S.MEASURES.header_row + 7, "dv_reporting": S.MEASURES.header_row + 4}


def put_text(ws, row: int, col: int, text: str) -> None:
    """Stores text as text, as Excel does when it is typed after an apostrophe or pasted."""
    cell = ws.cell(row, col)
    cell.value = text
    cell.data_type = "s"


@pytest.fixture(scope="module")
def tainted(tmp_path_factory):
    """The committed workbook with formula-like text in every free-text input the report prints."""
    folder = tmp_path_factory.mktemp("tainted")
    path = folder / "SPP_Performance.xlsm"
    shutil.copyfile(COMMITTED, path)
    book = openpyxl.load_workbook(path, keep_vba=True)
    measures = book[L.MEASURES]
    put_text(measures, MEASURES_ROW["asb"], S.measures_col("title") + 1, PAYLOADS["="])
    put_text(measures, MEASURES_ROW["asb"], S.measures_col("table_title") + 1, PAYLOADS["+"])
    put_text(measures, MEASURES_ROW["dv_reporting"], S.measures_col("measure_wording") + 1, PAYLOADS["-"])
    put_text(measures, MEASURES_ROW["dv_reporting"], S.measures_col("lag_note") + 1, PAYLOADS["@"])
    exceptions = book[L.EXCEPTIONS]
    staff_col = S.EXCEPTIONS.headings.index(S.EXCEPTIONS.heading("staff")) + 2
    rows = {exceptions.cell(r, 1).value: r for r in range(1, exceptions.max_row + 1)}
    # (a line starting "-" is a bullet there, its dash dropped: the "-" text goes elsewhere)
    put_text(exceptions, rows["measure=asb"], staff_col, PAYLOADS["+"] + "\n" + PAYLOADS["="])
    put_text(exceptions, rows["measure=sac"], staff_col, PAYLOADS["@"])
    recommendations = book[L.RECOMMENDATIONS]
    first = S.RECOMMENDATIONS.header_row + 2
    put_text(recommendations, first, 3, PAYLOADS["+"])
    put_text(recommendations, first + 1, 4, PAYLOADS["="])
    family = book[L.FAMILY_GROUP]
    put_text(family, S.FAMILY_GROUP.header_row + 1, 3, PAYLOADS["@"])  # a period heading
    put_text(family, S.FAMILY_GROUP.header_row + 3, 2, PAYLOADS["-"])  # a partnership's name
    family.cell(S.FAMILY_GROUP.header_row + 3, 3).value = 21.5
    book.save(path)
    return path


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist()
                if n.startswith("xl/worksheets/sheet") or n == "xl/sharedStrings.xml"}


def formulas(path: Path) -> list[str]:
    return [f for text in sheet_xml(path).values() for f in re.findall(r"<f[^>]*>(.*?)</f>", text, re.S)]


def string_cells(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.data_type == "s"]


@pytest.fixture(scope="module")
def report(tainted, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.xlsx"
    assert main(["export", str(tainted), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def rebuilt(tainted, tmp_path_factory):
    out = tmp_path_factory.mktemp("rebuilt") / "new.xlsm"
    assert main(["add-measure", str(tainted), "--id", "burglary", "--title", PAYLOADS["+"], "--direction", "reduce",
                 "--frequency", "monthly", "--annual-target", "1200", "-o", str(out)]) == 0
    return out


def test_the_workbook_holds_the_payloads_as_text(tainted):
    text = " ".join(string_cells(tainted))
    assert all(marker in text for marker in MARKERS.values())


@pytest.mark.parametrize("lead", sorted(PAYLOADS))
def test_text_is_never_a_formula_in_the_board_report(lead, report):
    marker = MARKERS[lead]
    assert not [f for f in formulas(report) if marker in f]
    texts = [t for t in string_cells(report) if marker in t]
    assert texts, f"the report does not print the {lead!r} text at all"
    assert any(t.startswith(lead) or f"\n{lead}" in t or t.endswith(PAYLOADS[lead]) for t in texts)


def test_the_report_holds_no_formula_at_all(report):
    """The report is for printing: every figure is a value, so nothing in it can calculate."""
    assert formulas(report) == []


@pytest.mark.parametrize("lead", sorted(PAYLOADS))
def test_text_is_never_a_formula_in_a_rebuilt_workbook(lead, rebuilt):
    marker = MARKERS[lead]
    assert not [f for f in formulas(rebuilt) if marker in f]
    assert any(marker in t for t in string_cells(rebuilt))


def test_a_rebuilt_workbook_reads_back_the_same_text(tainted, rebuilt):
    from spp_xl.workbook.reader import read_workbook

    before, after = read_workbook(tainted), read_workbook(rebuilt)
    assert after.register.get("asb").title == PAYLOADS["="]
    assert after.register.get("burglary").title == PAYLOADS["+"]
    assert after.commentary == before.commentary and after.commentary["asb"] == (PAYLOADS["+"], PAYLOADS["="])
    assert after.recommendations == before.recommendations
    assert after.family_group == before.family_group


# ---------------------------------------------------------------------- the VBA


@pytest.fixture(scope="module")
def committed_modules():
    parser = VBA_Parser(str(COMMITTED))
    try:
        return {name.rsplit(".", 1)[0]: code.replace("\r\n", "\n")
                for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


# olevba's AutoExec rule matches any name ending in "_Change" (ActiveX event handlers);
# SPP_CHANGE is a custom function's wrapper, not an event.
KNOWN_FALSE_POSITIVES = {("AutoExec", "SPP_CHANGE")}


@pytest.mark.parametrize("module", ["SppMacros", "xlwings_udfs"])
def test_olevba_flags_nothing_in_the_committed_workbooks_own_modules(module, committed_modules):
    flags = {(kind, keyword) for kind, keyword, _ in VBA_Scanner(committed_modules[module]).scan()}
    assert flags <= KNOWN_FALSE_POSITIVES, flags - KNOWN_FALSE_POSITIVES


def code_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.strip().startswith("'") and not line.startswith("Attribute ")]


def test_the_macros_only_run_python(committed_modules):
    """SppMacros is one sub per button, each one RunPython line into spp_xl.excel.macros."""
    allowed = re.compile(r'^(Option Explicit|Public Sub Spp\w+\(\)|End Sub|'
                         r'RunPython "import spp_xl\.excel\.macros as m; m\.\w+\(\)")$')
    lines = code_lines(committed_modules["SppMacros"])
    assert [line for line in lines if not allowed.match(line)] == []
    from spp_xl.excel.vba import MACRO_NAMES

    assert sum(line.startswith("RunPython") for line in lines) == len(MACRO_NAMES) == 4


def test_the_function_wrappers_only_call_python(committed_modules):
    """Every statement in xlwings_udfs declares a wrapper, passes its arguments to
    xlwings' CallUDF (Py.CallUDF in Excel), or returns the answer."""
    calls = set()
    for line in code_lines(committed_modules["xlwings_udfs"]):
        words = re.findall(r"[A-Za-z_][A-Za-z_0-9.]*", line)
        calls |= {w for w in words if w.lower() in ("shell", "open", "kill", "createobject", "getobject",
                                                       "filecopy", "mkdir", "rmdir", "environ", "declare",
                                                       "sendkeys", "callbyname", "execute")}
    assert calls == set()
    assert "CallUDF" in committed_modules["xlwings_udfs"]


def test_the_runtime_module_is_xlwings_own(committed_modules):
    """All the file and process access olevba finds is in xlwings' runtime, which starts
    Python; it must be the wheel's own file, unchanged."""
    from spp_xl.excel import vba

    runtime = vba.vba_modules()["xlwings"].replace("\r\n", "\n").rstrip()
    assert committed_modules["xlwings"].rstrip() == runtime
    # The class it needs on a Mac is the wheel's own too, only its attributes as Excel stores them.
    for name, text in vba.vba_classes().items():
        assert committed_modules[name].rstrip() == text.replace("\r\n", "\n").rstrip()
    # The document modules (ThisWorkbook, the sheets) hold no code: no event runs on open.
    others = {m: code_lines(text) for m, text in committed_modules.items()
              if m not in ("xlwings", "xlwings_udfs", "SppMacros", *vba.vba_classes())}
    assert "ThisWorkbook" in others and all(lines == [] for lines in others.values()), others


# ---------------------------------------------------------------------- the network


class _NoNetwork(socket.socket):
    def __init__(self, *args, **kwargs):
        raise AssertionError("spp_xl opened a network socket")


def refuse(*args, **kwargs):
    raise AssertionError("spp_xl looked up or connected to a host")


@pytest.mark.parametrize("argv, codes", [
    (["summary", "{w}", "--json"], {0}),
    (["check", "{w}"], {0}),
    (["export", "{w}", "-o", "{d}/report.xlsx"], {0}),
    (["data", "{w}", "-o", "{d}/figures.csv"], {0}),
    (["build-workbook", "-o", "{d}/built.xlsm"], {0}),
    (["add-measure", "{w}", "--id", "burglary", "--title", "Burglary", "--direction", "reduce", "--frequency",
      "monthly", "--annual-target", "1200", "-o", "{d}/new.xlsm"], {0}),
    (["doctor", "{w}"], {0, 1}),
], ids=lambda v: v[0] if isinstance(v, list) else "")
def test_no_command_touches_the_network(argv, codes, tmp_path, monkeypatch, capsys):
    book = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(COMMITTED, book)
    monkeypatch.setattr(socket, "socket", _NoNetwork)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, refuse)
    code = main([a.replace("{w}", str(book)).replace("{d}", str(tmp_path)) for a in argv])
    _, err = capsys.readouterr()
    assert code in codes, err
    assert "unexpected error" not in err
