"""``SPP_Performance_Lite.xlsx`` carries its Lite code as Lite saves it, and is what the sources build."""

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
    assert set(FUNCTIONS) | {s.name for s in SCRIPTS} == set(defined)
    for name in FUNCTIONS:
        assert ast.unparse(defined[name].decorator_list[0]) == "func"
        body = defined[name].body[-1]
        assert ast.unparse(body).startswith(f"return udfs.{name}(")  # one line into the classic function
    for s in SCRIPTS:
        decorator = ast.unparse(defined[s.name].decorator_list[0])
        assert decorator.startswith("script(") and f"name={s.title!r}" in decorator and "button=" in decorator
        assert ast.unparse(defined[s.name].body[-1]) == f"scripts.{s.runs}(book)"


def test_requirements_name_xlwings_at_the_pinned_version_then_spp_xl(generated):
    from importlib.metadata import requires, version

    pin = next(r for r in requires("spp_xl") if r.startswith("xlwings"))
    assert generated["requirements.txt"] == f"xlwings=={version('xlwings')}\nspp_xl==0.1.0\n"
    assert pin == f"xlwings=={version('xlwings')}"


def test_the_requirement_line_is_chosen_at_build_time(tmp_path):
    out = tmp_path / "lite.xlsx"
    done = subprocess.run([sys.executable, "-m", "spp_xl.lite", "-o", str(out), "--requirement", WHEEL_URL],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert read_lite_code(out)["requirements.txt"].splitlines()[1] == WHEEL_URL
    refused = subprocess.run([sys.executable, "-m", "spp_xl.lite", "-o", str(tmp_path / "b.xlsx"), "--requirement",
                              "-e ."], capture_output=True, text=True)
    assert refused.returncode == 2 and "one line naming the package or a wheel's URL" in refused.stderr
    assert not (tmp_path / "b.xlsx").exists()


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
    """Rebuild it with 'make lite-workbook' after changing the register, the data or spp_xl.lite."""
    assert COMMITTED.exists(), "workbook/SPP_Performance_Lite.xlsx is missing: make lite-workbook"
    assert COMMITTED.read_bytes() == built.read_bytes(), "stale: make lite-workbook"
