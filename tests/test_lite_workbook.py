"""``SPP_Performance_Lite.xlsx`` carries its Lite code as Lite saves it, and is what the sources build.

Where Lite writes the web extension part, the facts below were read from workbooks Lite saved
(never kept here): six public ones in github.com/amararun/xlwings-lite-apps-codes-docs (commit
f90d89d: DATABASE_PULL_EDSACHARTS_TABLES_ML_MODEL_V3.xlsx, INTELISCAPE_X_DYNAMIC_WEB_SCRAPER_v2_1125.xlsx,
LLM_API_CALL_SCHEMA_DETECT_EDA_MACHINE_LEARNING.xlsx, TECHNICAL_ANALYSIS_PDF_HTML_V2_1025.xlsx,
XLWINGS_PORTFOLIO_ANALYZER.xlsm, YLENS_YAHOO_FINANCE_ANALYZER_Z.xlsx; saved by Lite 1.0.0.0-11 and
-18) and xlwings' own tests/udfs/udf_tests.xlsm (xlwings commit aee5b72c), whose add-in declared
custom functions.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from spp_xl.excel.functions import NAMES as FUNCTIONS
from spp_xl.lite import add_lite_parts, build_lite_workbook, read_lite_code
from spp_xl.lite.code import SCRIPTS
from spp_xl.lite.parts import STORE_ID, WEBEXTENSION_PART
from spp_xl.lite.workbook import lite_code, lite_specs
from spp_xl.sources import load_inputs
from spp_xl.workbook import layout as L
from spp_xl.workbook.build import workbook_specs

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "SPP_Performance_Lite.xlsx"
WHEEL_URL = "https://intranet.example.gov.uk/python/spp_xl-0.1.0-py3-none-any.whl"

# All six Lite-saved files: the properties, in this order (XLWINGS_PORTFOLIO_ANALYZER.xlsm has no
# requirements.txt); five record pyodideVersion "0.27.5" and addinVersion "1.0.0.0-18".
LITE_PROPERTY_ORDER = ["main.py", "pyodideVersion", "addinVersion", "requirements.txt"]
LITE_PYODIDE, LITE_RELEASE = "0.27.5", "1.0.0.0-18"
# udf_tests.xlsm, xl/webextensions/webextension1.xml: the part ends with these two extensions
# (the four Lite-saved files that carry them have the same, with an empty id list).
LITE_EXTENSIONS = ('<we:extLst><a:ext xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                   'uri="{D87F86FE-615C-45B5-9D79-34F1136793EB}"><we:containsCustomFunctions/></a:ext>'
                   '<a:ext xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                   'uri="{7C84B067-C214-45C3-A712-C9D94CD141B2}"><we:customFunctionIdList>')
# udf_tests.xlsm lists its add-in's four functions although none of its cells calls one (they call
# its VBA functions): the list is of the functions the add-in declares, in order of name.
LITE_FUNCTION_IDS = ["_xldudf_XLWINGS_HELLO", "_xldudf_XLWINGS_HELLO_WITH_SCRIPT", "_xldudf_XLWINGS_SQL",
                     "_xldudf_XLWINGS_STREAMING_RANDOM"]
# Every Lite-saved file's requirements.txt starts with what Lite needs, each marked "  # required",
# e.g. DATABASE_PULL_...: "xlwings==0.33.15  # required\npython-dotenv==1.1.1  # required\n
# pyodide-http  # required\nblack  # required\npandas\n...".
LITE_REQUIRED_NAMES = ["xlwings", "python-dotenv", "pyodide-http", "black"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_lite_workbook(load_inputs(), tmp_path_factory.mktemp("lite") / "SPP_Performance_Lite.xlsx")


@pytest.fixture(scope="module")
def generated():
    main, requirements = lite_code(lite_specs(workbook_specs(load_inputs())))
    return {"main.py": main, "requirements.txt": requirements}


def test_the_web_extension_with_lites_store_id_holds_the_code_exactly_as_generated(built, generated):
    with zipfile.ZipFile(built) as book:
        parts = [n for n in book.namelist() if n.startswith("xl/webextensions/webextension")]
        xml = book.read(WEBEXTENSION_PART).decode()
    assert parts == [WEBEXTENSION_PART]
    assert f'store="{STORE_ID}"' in xml and 'id="wa200008175"' in xml
    # Each value is the JSON serialisation of the text, escaped for an XML attribute.
    raw = re.search(r'<we:property name="main.py" value="([^"]*)"/>', xml).group(1)
    assert json.loads(raw.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")) \
        == generated["main.py"]
    assert read_lite_code(built) == generated


def test_main_py_compiles_and_defines_every_function_and_the_three_scripts(generated):
    tree = ast.parse(compile(generated["main.py"], "main.py", "exec", ast.PyCF_ONLY_AST))
    defined = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert set(FUNCTIONS) | {s.name for s in SCRIPTS} | {"_carry_spp_xl"} == set(defined)
    for name in FUNCTIONS:
        assert ast.unparse(defined[name].decorator_list[0]) == "func"
        body = defined[name].body[-1]
        assert ast.unparse(body).startswith(f"return udfs.{name}(")  # one line into the classic function
    for s in SCRIPTS:
        decorator = ast.unparse(defined[s.name].decorator_list[0])
        assert decorator.startswith("script(") and f"name={s.title!r}" in decorator and "button=" in decorator
        assert ast.unparse(defined[s.name].body[-1]) == f"scripts.{s.runs}(book)"


def test_requirements_name_only_published_pure_packages_pinned_never_spp_xl(generated):
    from importlib.metadata import requires, version

    from spp_xl.lite.code import LITE_REQUIRED

    lines = generated["requirements.txt"].splitlines()
    pin = next(r for r in requires("spp_xl") if r.startswith("xlwings"))
    assert pin == f"xlwings=={version('xlwings')}"
    assert lines == [f"{pin}  # required", *(f"{p}  # required" for p in LITE_REQUIRED),
                     f"xlsxwriter=={version('xlsxwriter')}"]
    assert [re.split(r"[=\s]", line)[0] for line in lines[:4]] == LITE_REQUIRED_NAMES
    # pinned, but pyodide-http: Pyodide builds it, and Lite's documentation says not to pin those
    assert [line for line in lines if "==" not in line] == ["pyodide-http  # required"]
    assert not any("spp_xl" in line for line in lines)


def test_a_council_with_its_own_index_may_install_spp_xl_instead(tmp_path):
    out = tmp_path / "lite.xlsx"
    done = subprocess.run([sys.executable, "-m", "spp_xl.lite", "-o", str(out), "--requirement", WHEEL_URL],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"Lite installs spp_xl from: {WHEEL_URL}" in done.stdout
    code = read_lite_code(out)
    assert code["requirements.txt"].splitlines()[-1] == WHEEL_URL
    assert "_carry_spp_xl" not in code["main.py"] and len(code["main.py"]) < 20_000  # no copy carried
    assert code["main.py"].rstrip().endswith("from spp_xl.lite import scripts  # noqa: E402")


def test_an_existing_output_is_kept_without_force(tmp_path):
    out = tmp_path / "lite.xlsx"
    out.write_bytes(b"staff's file")
    done = subprocess.run([sys.executable, "-m", "spp_xl.lite", "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 2 and out.read_bytes() == b"staff's file"


def test_the_parts_are_named_where_excel_looks_for_them(built):
    with zipfile.ZipFile(built) as book:
        types = book.read("[Content_Types].xml").decode()
        rels = book.read("_rels/.rels").decode()
        pane_rels = book.read("xl/webextensions/_rels/taskpanes.xml.rels").decode()
        panes = book.read("xl/webextensions/taskpanes.xml").decode()
    assert 'PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"' in types
    assert 'PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"' in types
    assert 'Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" ' \
           'Target="xl/webextensions/taskpanes.xml"' in rels
    assert len(set(re.findall(r'Id="(rId\d+)"', rels))) == len(re.findall(r'Id="rId\d+"', rels))
    assert 'Type="http://schemas.microsoft.com/office/2011/relationships/webextension" Target="webextension1.xml"' \
        in pane_rels
    assert 'r:id="rId1"' in panes


def test_the_web_extension_is_written_as_lite_writes_it(built):
    from spp_xl.excel.functions import NAMES

    with zipfile.ZipFile(built) as book:
        xml = book.read(WEBEXTENSION_PART).decode()
    names = re.findall(r'<we:property name="([^"]+)"', xml)
    assert names[:4] == LITE_PROPERTY_ORDER  # then Office's own Office.AutoShowTaskpaneWithDocument
    assert f'<we:property name="pyodideVersion" value="&quot;{LITE_PYODIDE}&quot;"/>' in xml
    assert f'<we:property name="addinVersion" value="&quot;{LITE_RELEASE}&quot;"/>' in xml
    assert LITE_EXTENSIONS in xml and xml.endswith("</we:customFunctionIdList></a:ext></we:extLst></we:webextension>")
    ids = re.findall(r"<we:customFunctionIds>([^<]*)</we:customFunctionIds>", xml)
    assert LITE_FUNCTION_IDS == sorted(LITE_FUNCTION_IDS) and all(i.startswith("_xldudf_") for i in LITE_FUNCTION_IDS)
    assert ids == sorted(f"_xldudf_{name}" for name in NAMES) and len(ids) == 8
    # what Lite runs is what lite-check runs: the Makefile installs the Pyodide parts.py names
    assert "PYODIDE_VERSION := $(shell sed" in (ROOT / "Makefile").read_text()


def test_main_py_carries_spp_xl_well_under_offices_limit_for_an_add_ins_settings(built):
    from spp_xl.lite.archive import LIMIT, OFFICE_SETTINGS_LIMIT

    with zipfile.ZipFile(built) as book:
        xml = book.read(WEBEXTENSION_PART)
    settings = sum(len(json.dumps(v, ensure_ascii=False).encode()) for v in read_lite_code(built).values())
    assert OFFICE_SETTINGS_LIMIT == 2 * 1024 * 1024 and LIMIT == OFFICE_SETTINGS_LIMIT // 4
    assert settings < LIMIT and len(xml) < LIMIT, (settings, len(xml))


def test_the_size_the_readme_and_docs_give_is_the_size_carried(built):
    # spp_xl grows; the figure a reader is given must stay within 5% of what main.py is.
    size = len(read_lite_code(built)["main.py"].encode("utf-8")) / 1024
    for path in (ROOT / "README.md", ROOT / "docs" / "lite.md"):
        stated = [int(k) for k in re.findall(r"`main\.py`[^.]{0,12}?\b(\d+) KiB", path.read_text(encoding="utf-8"))]
        assert stated and all(abs(k - size) <= 0.05 * size for k in stated), (path.name, stated, round(size))


def test_main_py_runs_where_python_has_no_spp_xl(built, tmp_path):
    """The workbook's own main.py, under CPython with only what requirements.txt installs beside
    the standard library (xlwings and xlsxwriter; no spp_xl): its functions and scripts load
    spp_xl from the archive main.py carries, and give the seed's figures."""
    import xlsxwriter
    import xlwings

    site = tmp_path / "site"
    site.mkdir()
    for module in (xlwings, xlsxwriter):
        folder = Path(module.__file__).parent
        (site / folder.name).symlink_to(folder)
    (tmp_path / "main.py").write_text(read_lite_code(built)["main.py"], encoding="utf-8")
    job = (f"import sys; sys.path[:0] = [{str(site)!r}, {str(tmp_path)!r}]\n"
           "try:\n    import spp_xl\nexcept ImportError:\n    print('no spp_xl')\n"
           "import main, spp_xl\n"
           "print(spp_xl.__file__)\n"
           "print(main.SPP_PROFILE(10064, 12, 'reduce'))\n"
           "print(main.SPP_JUDGEMENT(9375, 10064, 'reduce'))\n"
           "print(main.SPP_PROFILE(10064, 12, 'sideways'))\n"
           "print(sorted(n for n in dir(main) if n.startswith('spp_')))\n")
    done = subprocess.run([sys.executable, "-I", "-S", "-c", job], capture_output=True, text=True, cwd=tmp_path,
                          env={"TMPDIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "no spp_xl"
    assert lines[1].startswith(str(tmp_path)) and ".zip/spp_xl/__init__.py" in lines[1]
    assert lines[2] == "[[838, 1676, 2514, 3352, 4190, 5028, 5866, 6704, 7542, 8380, 9218, 10064]]"
    assert lines[3:5] == ["Green", "SPP_PROFILE: direction must be increase or reduce"]
    assert lines[5] == "['spp_check', 'spp_export', 'spp_recalculate']"


def test_damaged_carried_code_is_refused_not_run(built, tmp_path):
    main = read_lite_code(built)["main.py"]
    start = main.index('_carry_spp_xl("""') + len('_carry_spp_xl("""') + 1
    damaged = main[:start + 100] + ("B" if main[start + 100] != "B" else "C") + main[start + 101:]
    (tmp_path / "main.py").write_text(damaged, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "import main"], capture_output=True, text=True, cwd=tmp_path,
                          env={"TMPDIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 1
    assert "ImportError: the spp_xl code this workbook carries is damaged: rebuild the workbook" in done.stderr


def test_parts_are_added_once_only(built, tmp_path):
    copy = tmp_path / "again.xlsx"
    copy.write_bytes(built.read_bytes())
    with pytest.raises(ValueError, match="already carries web extension parts"):
        add_lite_parts(copy, "x = 1\n", "spp_xl\n")


def test_no_macros_and_no_clash_every_custom_function_is_the_add_ins(built):
    """No VBA project (so no VBA function of the same name), no xlwings.conf sheet, and
    every SPP_ call stored as an add-in's custom function."""
    with zipfile.ZipFile(built) as book:
        names = book.namelist()
        sheets = "".join(book.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet"))
        workbook = book.read("xl/workbook.xml").decode()
    assert not [n for n in names if "vba" in n.lower()]
    assert L.XLWINGS_CONF not in workbook
    formulas = re.findall(r"<f[^>]*>([^<]*)</f>", sheets)
    calls = [f for f in formulas if "SPP_" in f]
    assert calls and all(re.search(r"(?<!_xldudf_)\bSPP_[A-Z]+\(", f) is None for f in calls)
    assert {"SPP_PROFILE", "SPP_FORECAST", "SPP_JUDGEMENT"} <= \
        {m for f in calls for m in re.findall(r"_xldudf_(SPP_[A-Z]+)\(", f)}


def test_the_sheets_the_scripts_write_are_unprotected_the_others_protected(built):
    with zipfile.ZipFile(built) as book:
        workbook = book.read("xl/workbook.xml").decode()
        order = re.findall(r'<sheet name="([^"]+)"', workbook)
        protected = {name: "<sheetProtection" in book.read(f"xl/worksheets/sheet{i}.xml").decode()
                     for i, name in enumerate(order, start=1)}
    assert not any(protected[name] for name in (L.DASHBOARD, L.EXCEPTIONS, L.CHECKS))
    assert protected["asb"] and protected[L.SETTINGS]


def test_the_lite_workbook_reads_as_the_classic_one(built):
    def summary(source):
        done = subprocess.run([sys.executable, "-m", "spp_xl.cli", "summary", str(source), "--json"],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert summary(built) == summary(ROOT / "workbook" / "SPP_Performance.xlsm")


def test_the_committed_lite_workbook_is_what_the_sources_build(built):
    """Rebuild it with 'make lite-workbook' after changing the register, the data or spp_xl (main.py
    carries what its functions and scripts reach of it)."""
    assert COMMITTED.exists(), "workbook/SPP_Performance_Lite.xlsx is missing: make lite-workbook"
    assert COMMITTED.read_bytes() == built.read_bytes(), "stale: make lite-workbook"
