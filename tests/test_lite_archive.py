"""What the Lite workbook's main.py carries of spp_xl (spp_xl/lite/archive.py): every module its
own imports reach on the real import graph (imports inside functions included), the package
data those read, and nothing else; but the modules that cannot be imported under Lite at all.

The graph is spp_xl.lite.graph's; this file walks it again itself, and imports what the archive
holds where Python has nothing but what Lite installs for spp_xl (xlwings, xlsxwriter).
"""

from __future__ import annotations

import ast
import base64
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from spp_xl import __version__
from spp_xl.lite.archive import (NOT_UNDER_LITE, carried_modules, entry_points, not_under_lite, package_archive,
                                 package_graph)
from spp_xl.lite.code import main_py, requirements_txt
from spp_xl.lite.graph import parents, script_module

ROOT = Path(__file__).resolve().parent.parent
DATA = {"spp_xl/templates/__init__.py", "spp_xl/templates/judgement.toml", "spp_xl/templates/measures.toml",
        "spp_xl/templates/partnership.toml", "spp_xl/templates/report.toml", "spp_xl/templates/workbook.toml",
        "spp_xl/bundled/__init__.py", "spp_xl/bundled/spp_2015-16.csv", "spp_xl/bundled/recommendations.csv"}
# What Lite can never run: the command line and its commands, police.uk's reading (pyarrow), the
# laptop's set-up and doctor, frames (pandas), reading sources from files, next year's workbook,
# merging police figures into a workbook, the Lite builder itself.
NEVER_UNDER_LITE = {"spp_xl.cli", "spp_xl.__main__", "spp_xl.commands", "spp_xl.commands.export", "spp_xl.police",
                    "spp_xl.police._arrow", "spp_xl.frames", "spp_xl.sources", "spp_xl.core.kept",
                    "spp_xl.core.newyear", "spp_xl.workbook.merge", "spp_xl.excel.doctor", "spp_xl.excel.setup",
                    "spp_xl.excel.doctor_workbook", "spp_xl.lite.__main__", "spp_xl.lite.payload",
                    "spp_xl.lite.code", "spp_xl.lite.parts", "spp_xl.lite.workbook", "spp_xl.lite.archive",
                    "spp_xl.lite.graph"}


@pytest.fixture(scope="module")
def main():
    return main_py((), __version__)


@pytest.fixture(scope="module")
def carried(main) -> dict[str, bytes]:
    """Archive name -> content, as main.py carries them."""
    text = re.search(r'_carry_spp_xl\("""\n(.*?)""", "', main, re.S).group(1)
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(text.replace("\n", "")))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def graph():
    return package_graph()


def modules_in(carried: dict[str, bytes]) -> set[str]:
    return {name[:-len(".py")].replace("/", ".").removesuffix(".__init__") for name in carried
            if name.endswith(".py") and name not in DATA}


def test_the_entry_points_are_the_imports_main_py_ends_with(main):
    tree = ast.parse(main)
    imported = {f"{node.module}.{alias.name}" for node in tree.body if isinstance(node, ast.ImportFrom)
                and node.module.startswith("spp_xl") for alias in node.names}
    assert imported == {"spp_xl.excel.udfs", "spp_xl.lite.scripts"}
    assert entry_points(main) == sorted(imported)
    # another import in main.py is another entry point, and what it reaches is carried
    more = main + "from spp_xl.excel import doctor  # noqa: E402\n"
    assert entry_points(more) == ["spp_xl.excel.doctor", *sorted(imported)]
    assert {"spp_xl.excel.doctor", "spp_xl.excel.machine"} <= set(carried_modules(entry_points(more)))
    assert "spp_xl.excel.machine" not in carried_modules(entry_points(main))


def test_the_archive_holds_every_module_main_py_reaches_and_nothing_else(main, carried, graph):
    # the walk, again: each module, what it imports anywhere in it, the packages its import runs first
    cannot = not_under_lite(graph)
    reached, todo = set(), list(entry_points(main))
    while todo:
        name = todo.pop()
        if name not in reached and name not in cannot:
            reached.add(name)
            todo += [*graph[name].ours, *parents(name)]
    assert modules_in(carried) == reached
    assert set(carried) - {n for n in carried if n.endswith(".py")} | DATA == DATA  # data: only what is read
    assert not [n for n in carried if "__pycache__" in n or n.endswith((".pyc", ".typed"))]
    assert reached & NEVER_UNDER_LITE == set() and NEVER_UNDER_LITE <= set(graph)
    # followed inside functions: the Export button's report (macros.export imports it when pressed)
    assert "spp_xl.report.export" not in {m for m in graph["spp_xl.excel.macros"].required}
    assert {"spp_xl.report.export", "spp_xl.report.xlsx", "spp_xl.files._xlsxwriter", "spp_xl.core.engine",
            "spp_xl", "spp_xl.lite", "spp_xl.excel", "spp_xl.excel.cells"} <= reached
    assert len(reached) < len(graph) * 0.7, (len(reached), len(graph))


def test_no_carried_module_imports_one_the_archive_lacks_but_what_lite_cannot_import(carried, graph):
    held = modules_in(carried)
    missing = {(name, m) for name in held for m in (*graph[name].ours, *parents(name)) if m not in held}
    # only the PDF's tagging with pikepdf, imported inside the functions that tag (files.tag_pdf)
    assert missing == {("spp_xl.files", "spp_xl.files._pikepdf"), ("spp_xl.files", "spp_xl.files._pikepdf_content")}
    assert {m for _, m in missing} <= not_under_lite(graph)
    assert not [name for name in held if graph[name].required & {m for _, m in missing}]  # never on import
    for name in {m for _, m in missing}:
        assert "pikepdf" in graph[name].required  # at its top: no import of it without pikepdf


def test_what_is_left_out_for_lite_cannot_be_imported_there_and_what_is_carried_can(carried, tmp_path):
    """Under CPython with what Lite installs for spp_xl (xlwings, xlsxwriter) and the standard
    library alone: every carried module imports from the archive; each module left out because
    Lite lacks a library fails, from the full sources, on that library."""
    import xlsxwriter
    import xlwings

    site = tmp_path / "site"
    site.mkdir()
    for module in (xlwings, xlsxwriter):
        (site / Path(module.__file__).parent.name).symlink_to(Path(module.__file__).parent)
    archive = tmp_path / "spp_xl.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name, data in carried.items():
            z.writestr(name, data)
    modules = sorted(modules_in(carried))
    job = (f"import importlib, sys; sys.path[:0] = [{str(site)!r}, sys.argv[1]]\n"
           "for name in sys.argv[2:]:\n"
           "    try:\n        importlib.import_module(name); print('ok', name)\n"
           "    except ImportError as exc:\n        print('no', name, exc.name)\n")

    def run(path, names):
        done = subprocess.run([sys.executable, "-I", "-S", "-c", job, str(path), *names], capture_output=True,
                              text=True, cwd=tmp_path, env={"PATH": "/usr/bin:/bin"})
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    assert run(archive, modules) == [f"ok {name}" for name in modules]
    left_out = sorted(not_under_lite(package_graph()))
    assert left_out == ["spp_xl.files._pikepdf", "spp_xl.files._pikepdf_content"]
    assert run(ROOT, left_out) == [f"no {name} pikepdf" for name in left_out]


def test_the_libraries_lite_lacks_are_left_out_under_pyodide_by_spp_xls_own_requirements():
    from importlib.metadata import packages_distributions, requires

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pyodide = {"sys_platform": "emscripten", "platform_system": "Emscripten", "platform_machine": "wasm32",
               "extra": ""}
    ours = [Requirement(r) for r in requires("spp_xl")]
    installed = {canonicalize_name(Requirement(line.split("#")[0]).name) for line in requirements_txt().splitlines()}
    installed |= {canonicalize_name(r.name) for r in ours if not r.marker or r.marker.evaluate(pyodide)}
    distributions = packages_distributions()
    for library in NOT_UNDER_LITE:
        names = {canonicalize_name(d) for d in distributions[library]}
        assert names & {canonicalize_name(r.name) for r in ours}, library  # one of spp_xl's requirements
        assert not names & installed, library  # never one Lite installs


def test_the_graph_follows_lazy_names_and_refuses_names_computed_at_run_time(graph):
    def ours(source):
        return set(script_module("job", source, graph).ours)

    assert ours("from spp_xl import summarise\n") == {"spp_xl.core.engine"}
    assert ours("from spp_xl.lite import build_lite_workbook, scripts\n") == {"spp_xl.lite.workbook",
                                                                               "spp_xl.lite.scripts"}
    assert "spp_xl.frames" in ours("import spp_xl\n") and "spp_xl.frames" in ours("from spp_xl import *\n")
    # what importing runs at once: a lazy name imported by name, never the package merely bound
    assert "spp_xl.core.engine" in script_module("job", "from spp_xl import summarise\n", graph).required
    assert "spp_xl.frames" not in script_module("job", "import spp_xl\n", graph).required
    assert ours("def f():\n    from spp_xl.files import _xlsxwriter\n") == {"spp_xl.files._xlsxwriter"}
    read = script_module("job", "from importlib import resources\n"
                         "a = resources.files('spp_xl.templates').joinpath('report.toml')\n"
                         "b = resources.files('spp_xl.bundled') / 'spp_2015-16.csv'\n"
                         "c = list(resources.files('spp_xl.templates').iterdir())\n", graph)
    assert read.reads == {("spp_xl.templates", "report.toml"), ("spp_xl.bundled", "spp_2015-16.csv"),
                          ("spp_xl.templates", None)}
    unknown = script_module("job", "import importlib\nname = 'spp_xl.cli'\nimportlib.import_module(name)\n"
                            "from importlib import resources\nresources.files(name)\n", graph)
    assert unknown.dynamic == (3, 5)
    with pytest.raises(ValueError, match=r"main.py imports by a name computed at run time \(line 3\)"):
        entry_points("import importlib\nname = 'spp_xl.cli'\nimportlib.import_module(name)\n", graph)
    # the command line picks its command's module by name: the archive would refuse to carry it
    assert graph["spp_xl.cli"].dynamic
    with pytest.raises(ValueError, match=r"spp_xl\.cli \(line \d+\) imports or reads by a name computed"):
        carried_modules(["spp_xl.cli"], graph)
    assert not graph["spp_xl"].dynamic  # its own __getattr__ imports its _PUBLIC names, followed by name


def test_the_archive_is_reproducible(main):
    entries = entry_points(main)
    assert package_archive(entries) == package_archive(entries)
