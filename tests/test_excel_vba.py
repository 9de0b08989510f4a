"""The workbook's VBA: every custom function has its wrapper, the xlwings versions agree,
olevba reads the modules back and flags nothing beyond calling into Python, and the project
is written as MS-OVBA asks a writer to write one (read back by olefile and olevba, not by
pyOpenVBA, which wrote it)."""

from __future__ import annotations

import inspect
import re
import sys
import warnings
import zipfile
from importlib import resources
from pathlib import Path

import olefile
import pytest
import xlwings
from pyopenvba import ExcelFile

with warnings.catch_warnings():  # oletools 0.60 uses pyparsing names deprecated since 3.1
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser, VBA_Project, VBA_Scanner, decompress_stream

from spp_xl.excel import functions, udfs, vba
from spp_xl.excel.vba_project import dir_end, source_only
from xlwings_windows import windows_udfs, xlwings_generated_wrappers

REPO = Path(__file__).resolve().parents[1]
WORKBOOK = REPO / "workbook" / "SPP_Performance.xlsm"
OUR_MODULES = ("xlwings_udfs", "SppMacros")
# olevba's AutoExec rule matches any name ending in "_Change" (ActiveX event handlers such
# as TextBox1_Change); SPP_CHANGE is one of the custom functions, not an event.
EXPECTED_FLAGS = {("AutoExec", "SPP_CHANGE")}
NETWORK = re.compile(r"URLDownload|XMLHTTP|WinHttp|InternetOpen|WebClient|DownloadFile|ServerXMLHTTP|Winsock", re.I)


@pytest.fixture(scope="module")
def modules():
    return vba.vba_modules()


@pytest.fixture(scope="module")
def built_bin(tmp_path_factory, project):
    """The bundled workbook's VBA project as built, as a file (vbaProject.bin)."""
    path = tmp_path_factory.mktemp("vba") / "vbaProject.bin"
    path.write_bytes(project)
    return path


def read_project(data: bytes):
    """The project's OLE storage (olefile) and its dir stream parsed by olevba, which leaves
    in ``dir_stream`` whatever follows the modules."""
    ole = olefile.OleFileIO(data)
    parsed = VBA_Project(ole, "", "PROJECT", "VBA/dir")
    list(parsed.parse_modules())
    return ole, parsed


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
    assert sorted(found) == sorted(udfs.NAMES)
    for name in udfs.NAMES:
        params = inspect.signature(getattr(udfs, name)).parameters.values()
        args, optional, passed = found[name]
        assert args == [p.name for p in params], name
        assert optional == [p.name for p in params if p.default is not p.empty], name
        assert passed == args, name


def test_the_custom_functions_signatures():
    def shape(name):
        params = inspect.signature(getattr(udfs, name)).parameters.values()
        return [p.name if p.default is p.empty else f"[{p.name}]" for p in params]

    assert shape("SPP_PROFILE") == ["annual_target", "periods", "direction", "[precision]", "[last_year]"]
    assert shape("SPP_CUMULATIVE") == ["period_range"]  # "range" would hide VBA's Range type
    assert shape("SPP_PERIODS") == ["ytd_range"]
    assert shape("SPP_CHANGE") == ["this_year", "last_year", "[as_fraction]"]
    assert shape("SPP_FORECAST") == ["this_year", "last_year", "[entered_as]", "[at_period]", "[last_outturn]"]
    assert shape("SPP_JUDGEMENT") == ["forecast", "annual_target", "direction", "[tolerance]"]
    assert shape("SPP_GAP") == ["neighbourhood_crimes", "neighbourhood_population", "[n]"]


def test_no_wrapper_argument_hides_a_name_the_wrapper_uses(modules):
    used = {"application", "range", "thisworkbook", "err", "array", "xlpy"}
    for name, (args, _, _) in wrappers(modules["xlwings_udfs"]).items():
        assert not used & {a.lower() for a in args}, name


def test_wizard_descriptions_are_the_docstrings(modules):
    text = modules["xlwings_udfs"]
    for name in udfs.NAMES:
        first_line = " ".join(getattr(udfs, name).__doc__.split())
        assert f'Attribute {name}.VB_Description = "{first_line}"\r\n' in text


def test_the_wrappers_are_what_xlwings_own_generator_writes(modules):
    # xlwings' generate_vba_wrapper ("Import Functions" in Excel), run on spp_xl.excel.udfs as
    # Windows' xlwings decorates it: ours differs only by its header and each VB_Description.
    ours = modules["xlwings_udfs"].replace("\r\n", "\n").split("\n")
    assert ours[:3] == ['Attribute VB_Name = "xlwings_udfs"',
                        f"'Generated by spp_xl from spp_xl.excel.udfs with xlwings {xlwings.__version__}: do not "
                        "edit; rebuild the workbook instead.",
                        "#Const App = \"Microsoft Excel\" 'Adjust when using outside of Excel"]
    body = "\n".join(line for line in ours[3:] if not line.startswith("Attribute SPP_"))
    assert body == xlwings_generated_wrappers()


def test_windows_xlwings_reads_each_declaration_from_the_functions(modules):
    # What xlwings on Windows calls (call_udf) reads __xlfunc__: ranges as 2-D, defaults, help.
    with windows_udfs() as (_, module):
        for declared in functions.FUNCTIONS:
            meta = getattr(module, declared.name).__xlfunc__
            assert meta["category"] == functions.CATEGORY and meta["ret"]["doc"] == declared.help
            assert [a["name"] for a in meta["args"]] == [a.name for a in declared.arguments]
            for found, argument in zip(meta["args"], declared.arguments):
                assert found["doc"] == argument.help
                assert found["options"] == ({"ndim": 2} if argument.is_range else {}), argument.name
                assert found.get("optional", "required") == (argument.default if argument.optional else "required")


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
def test_olevba_reads_every_module_back_equal_to_its_source(which, built_bin, modules):
    back = read_back(built_bin if which == "built" else WORKBOOK)
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


def test_olevba_on_the_whole_workbook_finds_only_the_runtimes_known_keywords(built_bin, modules):
    """The file-and-process keywords (Shell, Open, Kill, CreateObject...) all come from
    xlwings' own runtime, which starts Python; the test above proves it is the wheel's."""
    parser = VBA_Parser(str(built_bin))
    try:
        whole = {(kind, keyword) for kind, keyword, _ in parser.analyze_macros()}
    finally:
        parser.close()
    runtime = {(kind, keyword) for kind, keyword, _ in VBA_Scanner(modules["xlwings"]).scan()}
    # olevba scans the file as one text: keep the kinds that identify behaviour.
    behaviour = {f for f in whole if f[0] in ("AutoExec", "Suspicious")}
    assert behaviour <= runtime | EXPECTED_FLAGS


# ------------------------------------------------------------------ the project, as MS-OVBA asks a writer

SOURCE_ONLY = bytes.fromhex("CC61FFFF000000")  # 2.3.4.1: 0x61CC, Version 0xFFFF, 0x00, Reserved3; no cache
DIR_TERMINATOR = b"\x10\x00" + bytes(4)  # 2.3.4.2: Terminator 0x0010, Reserved 0x00000000


def test_the_project_tells_excel_to_compile_it_from_source(project):
    ole, _ = read_project(project)
    assert ole.openstream("VBA/_VBA_PROJECT").read() == SOURCE_ONLY
    assert not [path for path in ole.listdir() if path[-1].startswith("__SRP_")]  # 2.2.6: no cache streams


def test_every_module_is_its_source_alone_from_offset_0(project, modules):
    ole, parsed = read_project(project)
    assert parsed.modules and {m.name: m.textoffset for m in parsed.modules} == {m.name: 0 for m in parsed.modules}
    for module in parsed.modules:
        text = decompress_stream(bytearray(ole.openstream(f"VBA/{module.streamname}").read())).decode("cp1252")
        assert text == modules.get(module.name, text), module.name  # the whole stream is the source
        assert text.startswith(f'Attribute VB_Name = "{module.name}"\r\n'), module.name


def test_the_dir_stream_ends_at_its_terminator_and_carries_the_writers_cookies(project):
    from pyopenvba.cfb import CFB
    from pyopenvba.vba import parse_vba_project

    _, parsed = read_project(project)
    assert parsed.dir_stream.read() == DIR_TERMINATOR
    written = parse_vba_project(CFB.from_bytes(project))  # olevba skips the cookies
    assert written.project_cookie == 0xFFFF and {m.cookie for m in written.modules} == {0xFFFF}


def test_the_post_step_mends_what_pyopenvba_writes_and_nothing_else(tmp_path):
    path = tmp_path / "plain.xlsm"
    with ExcelFile.create_new(path) as book:
        book.vba_project().add_module("Extra", 'Attribute VB_Name = "Extra"\r\nSub A()\r\nEnd Sub\r\n')
        book.save()
    written = zipfile.ZipFile(path).read("xl/vbaProject.bin")
    ole, before = read_project(written)
    stream = ole.openstream("VBA/_VBA_PROJECT").read()
    assert stream[:4] == bytes.fromhex("CC61B500") and len(stream) > 7 and not any(stream[7:])
    assert before.dir_stream.read() == DIR_TERMINATOR + bytes(4)
    ole, after = read_project(source_only(written))
    assert ole.openstream("VBA/_VBA_PROJECT").read() == SOURCE_ONLY
    assert after.dir_stream.read() == DIR_TERMINATOR
    # the modules are untouched, compiled code included (it is the builder that drops it)
    assert [(m.name, m.textoffset, m.code) for m in after.modules] == \
        [(m.name, m.textoffset, m.code) for m in before.modules]
    assert {m.name: m.textoffset > 0 for m in after.modules} == {"ThisWorkbook": True, "Sheet1": True,
                                                                  "Module1": False, "Extra": False}


def test_a_dir_stream_without_terminator_is_refused():
    assert dir_end(b"\x2b\x00" + bytes(4) + DIR_TERMINATOR + bytes(4)) == 12
    with pytest.raises(ValueError, match="no terminator"):
        dir_end(b"\x2b\x00" + bytes(4))
