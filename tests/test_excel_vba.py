"""The workbook's VBA: every custom function has its wrapper, the xlwings versions agree,
and olevba reads the modules back and flags nothing beyond calling into Python."""

from __future__ import annotations

import inspect
import re
import sys
from importlib import resources
from pathlib import Path

import warnings

import pytest
import xlwings
from pyopenvba import ExcelFile

with warnings.catch_warnings():  # oletools 0.60 uses pyparsing names deprecated since 3.1
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser, VBA_Scanner

from spp_xl.excel import udfs, vba

REPO = Path(__file__).resolve().parents[1]
WORKBOOK = REPO / "workbook" / "SPP_Performance.xlsm"
OUR_MODULES = ("xlwings_udfs", "SppMacros")
# olevba's AutoExec rule matches any name ending in "_Change" (ActiveX event handlers such
# as TextBox1_Change); SPP_CHANGE is the custom function issue 4 names, not an event.
EXPECTED_FLAGS = {("AutoExec", "SPP_CHANGE")}
NETWORK = re.compile(r"URLDownload|XMLHTTP|WinHttp|InternetOpen|WebClient|DownloadFile|ServerXMLHTTP|Winsock", re.I)


@pytest.fixture(scope="module")
def modules():
    return vba.vba_modules()


@pytest.fixture(scope="module")
def built_xlsm(tmp_path_factory, modules):
    """A macro-enabled workbook carrying exactly vba_modules(), made with pyOpenVBA."""
    path = tmp_path_factory.mktemp("vba") / "modules.xlsm"
    book = ExcelFile.create_new(path)
    if not book.has_vba_project():
        book.add_vba_project()
    project = book.vba_project()
    for name, source in modules.items():
        project.add_module(name, source)
    book.save(path)
    book.close()
    return path


def read_back(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def wrappers(text: str) -> dict[str, tuple[list[str], list[str], list[str]]]:
    """Function name -> (arguments, optional arguments, arguments passed to CallUDF)."""
    found = {}
    for match in re.finditer(r"^Function (\w+)\(([^)]*)\)\r?$", text, re.M):
        name, raw = match.groups()
        args = [a.strip() for a in raw.split(",") if a.strip()]
        body = text[match.end(): text.index("End Function", match.end())]
        calls = re.findall(rf'XLPy\.CallUDF\("{re.escape(vba.UDF_MODULE)}", "{name}", Array\(([^)]*)\)', body)
        assert calls, f"{name} does not call {vba.UDF_MODULE}"
        passed = {tuple(a.strip() for a in call.split(",")) for call in calls}
        assert len(passed) == 1, f"{name}'s Excel and non-Excel branches pass different arguments"
        found[name] = ([a.replace("Optional ", "") for a in args],
                       [a.replace("Optional ", "") for a in args if a.startswith("Optional ")],
                       list(passed.pop()))
    return found


# ------------------------------------------------------------------ the modules


def test_the_workbook_carries_three_modules_named_as_their_text_says(modules):
    assert list(modules) == ["xlwings", "xlwings_udfs", "SppMacros"]
    for name, text in modules.items():
        assert text.startswith(f'Attribute VB_Name = "{name}"\r\n')
        assert "\n" not in text.replace("\r\n", "")  # CRLF throughout, as the VBE writes


def test_every_custom_function_has_its_wrapper_with_matching_arguments(modules):
    found = wrappers(modules["xlwings_udfs"])
    assert sorted(found) == sorted(udfs.FUNCTIONS)
    for name in udfs.FUNCTIONS:
        params = inspect.signature(getattr(udfs, name)).parameters.values()
        args, optional, passed = found[name]
        assert args == [p.name for p in params], name
        assert optional == [p.name for p in params if p.default is not p.empty], name
        assert passed == args, name


def test_issue_4s_signatures():
    def shape(name):
        params = inspect.signature(getattr(udfs, name)).parameters.values()
        return [p.name if p.default is p.empty else f"[{p.name}]" for p in params]

    assert shape("SPP_PROFILE") == ["annual_target", "periods", "direction", "[precision]", "[last_year]"]
    assert shape("SPP_CUMULATIVE") == ["period_range"]  # "range" would hide VBA's Range type
    assert shape("SPP_PERIODS") == ["ytd_range"]
    assert shape("SPP_CHANGE") == ["this_year", "last_year", "[as_fraction]"]
    assert shape("SPP_FORECAST") == ["this_year", "last_year", "[entered_as]", "[at_period]"]
    assert shape("SPP_JUDGEMENT") == ["forecast", "annual_target", "direction", "[tolerance]"]
    assert shape("SPP_GAP") == ["neighbourhood_crimes", "neighbourhood_population", "[n]"]


def test_no_wrapper_argument_hides_a_name_the_wrapper_uses(modules):
    used = {"application", "range", "thisworkbook", "err", "array", "xlpy"}
    for name, (args, _, _) in wrappers(modules["xlwings_udfs"]).items():
        assert not used & {a.lower() for a in args}, name


def test_wizard_descriptions_are_the_docstrings(modules):
    text = modules["xlwings_udfs"]
    for name in udfs.FUNCTIONS:
        first_line = " ".join(getattr(udfs, name).__doc__.split())
        assert f'Attribute {name}.VB_Description = "{first_line}"\r\n' in text


def test_the_buttons_macros_each_run_python(modules):
    text = modules["SppMacros"]
    subs = re.findall(r"^Public Sub (\w+)\(\)\r\n\s+RunPython \"([^\"]+)\"\r\nEnd Sub", text, re.M)
    assert [s for s, _ in subs] == list(vba.MACRO_NAMES)
    functions = ("recalculate", "export", "check", "add_measures")
    assert [c for _, c in subs] == [f"import spp_xl.excel.macros as m; m.{f}()" for f in functions]
    from spp_xl.excel import macros

    for function in functions:
        assert callable(getattr(macros, function))


def test_generation_is_reproducible_and_leaves_no_stubs_behind(modules):
    assert vba.vba_modules() == modules
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client", "xlwings.udfs"):
        assert name not in sys.modules
    assert not hasattr(udfs.SPP_PROFILE, "__xlfunc__")  # the module everyone imports is untouched
    assert xlwings.func(len) is len  # the pass-through decorators are back


# ------------------------------------------------------------------ versions


def test_xlwings_versions_agree(modules):
    runtime = modules["xlwings"]
    version = xlwings.__version__
    assert vba.runtime_version(runtime) == version
    assert vba.runtime_dll_names(runtime) == {f"xlwings64-{version}.dll", f"xlwings32-{version}.dll"}
    assert f"with xlwings {version}" in modules["xlwings_udfs"]


def test_the_runtime_is_the_wheels_own_file(modules):
    shipped = resources.files("xlwings").joinpath("xlwings.bas").read_bytes().decode("utf-8")
    assert modules["xlwings"] == shipped


def test_a_mismatched_runtime_is_refused(monkeypatch):
    monkeypatch.setattr(vba, "xlwings_version", lambda: "0.1.0")
    with pytest.raises(vba.InputError, match="declares version .* but the xlwings package is 0.1.0"):
        vba.xlwings_runtime()


# ------------------------------------------------------------------ olevba


def workbooks():
    """The self-built project always; the committed workbook too, once it exists."""
    return ["built"] + (["committed"] if WORKBOOK.exists() else [])


@pytest.mark.parametrize("which", workbooks())
def test_olevba_reads_every_module_back_equal_to_its_source(which, built_xlsm, modules):
    back = read_back(built_xlsm if which == "built" else WORKBOOK)
    for name, source in modules.items():
        assert back[name].replace("\r\n", "\n").rstrip() == source.replace("\r\n", "\n").rstrip(), name


def test_olevba_flags_nothing_in_our_own_modules_beyond_the_known_false_positive(modules):
    for name in OUR_MODULES:
        flags = {(kind, keyword) for kind, keyword, _ in VBA_Scanner(modules[name]).scan()}
        assert flags <= EXPECTED_FLAGS, (name, flags - EXPECTED_FLAGS)


def test_no_module_reaches_the_network(modules):
    for name, text in modules.items():
        keywords = {keyword for _, keyword, _ in VBA_Scanner(text).scan()}
        assert not any(NETWORK.search(k) for k in keywords), name
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("'"))
        assert not NETWORK.search(code), name


def test_olevba_on_the_whole_workbook_finds_only_the_runtimes_known_keywords(built_xlsm, modules):
    """The file-and-process keywords (Shell, Open, Kill, CreateObject...) all come from
    xlwings' own runtime, which starts Python; the test above proves it is the wheel's."""
    parser = VBA_Parser(str(built_xlsm))
    try:
        whole = {(kind, keyword) for kind, keyword, _ in parser.analyze_macros()}
    finally:
        parser.close()
    runtime = {(kind, keyword) for kind, keyword, _ in VBA_Scanner(modules["xlwings"]).scan()}
    # olevba scans the file as one text: keep the kinds that identify behaviour.
    behaviour = {f for f in whole if f[0] in ("AutoExec", "Suspicious")}
    assert behaviour <= runtime | EXPECTED_FLAGS
