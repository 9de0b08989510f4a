"""The house's layers, held on the real import graph: every module under ``spp_xl/`` is
parsed, every import in it (at the top or inside a function) resolved (``spp_xl.lite.graph``),
and each edge checked against the layer it leaves and the layer it enters.

    core        imports nothing of spp_xl outside core, and no spreadsheet library
    files       core
    workbook    core, files                       (not report)
    report      core, files                       (not workbook)
    excel       core, files, workbook, report
    lite        everything below the command line (``python -m spp_xl.lite`` is one: top)
    police      core, files
    top         commands, cli, sources, frames, spp_xl/__init__: anything

The package's own metadata (``from spp_xl import __version__``) is no edge: any layer may
say which version it is.

and no module imports another that imports it back, however far round.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from spp_xl.lite.graph import module_paths, read_graph

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "spp_xl"

LAYERS = ("core", "files", "workbook", "report", "excel", "lite", "police", "top")
ALLOWED = {
    "core": {"core"},
    "files": {"core", "files"},
    "workbook": {"core", "files", "workbook"},
    "report": {"core", "files", "report"},
    "excel": {"core", "files", "workbook", "report", "excel"},
    "lite": {"core", "files", "workbook", "report", "excel", "lite"},
    "police": {"core", "files", "police"},
    "top": set(LAYERS),
}
TOP = {"spp_xl", "spp_xl.__main__", "spp_xl.cli", "spp_xl.sources", "spp_xl.frames", "spp_xl.lite.__main__"}
SPREADSHEET_LIBRARIES = {"xlwings", "xlsxwriter", "openpyxl", "python_calamine", "pyopenvba", "pandas", "numpy",
                         "pyarrow", "pikepdf"}
# Each outside library and the modules that may import it: its adapter, or the binding it is.
LIBRARY_HOMES = {
    "xlsxwriter": {"spp_xl.files._xlsxwriter"},
    "openpyxl": {"spp_xl.files._openpyxl"},
    "python_calamine": {"spp_xl.files._calamine"},
    "pyarrow": {"spp_xl.police._arrow"},
    "pikepdf": {"spp_xl.files._pikepdf", "spp_xl.files._pikepdf_content"},
    "pandas": {"spp_xl.frames"},
    "numpy": set(),
    "pyopenvba": {"spp_xl.excel.vba_project", "spp_xl.excel.doctor_workbook"},
    "xlwings": {"spp_xl.excel.macros", "spp_xl.excel.udfs", "spp_xl.excel.vba"},
}
# A library imported outside its home today (importer, library); delete the line when it goes.
KNOWN_LIBRARY: set[tuple[str, str]] = set()

# Edges that break the layers today and are being removed (an importer and what it may not
# import: a module, or a package's modules). When one goes, delete its line: the test fails
# while a listed edge no longer exists, so this list only ever shrinks.
KNOWN: set[tuple[str, str]] = set()


# An edge that closes an import cycle today, left out of the cycle check until it goes.
KNOWN_CYCLE: set[tuple[str, str]] = set()


def known(edge: tuple[str, str]) -> tuple[str, str] | None:
    a, b = edge
    return next((k for k in KNOWN if a == k[0] and (b == k[1] or b.startswith(k[1] + "."))), None)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# The graph is read by spp_xl.lite.graph, which the Lite workbook's archive reads too: one
# reading of what imports what (test_the_graph_is_read holds it to known edges).
MODULES = module_paths(PACKAGE)
GRAPH = {name: (set(module.ours), set(module.outside)) for name, module in read_graph(PACKAGE).items()}


def layer(module: str) -> str:
    if module in TOP or module.startswith("spp_xl.commands"):
        return "top"
    name = module.split(".")[1] if module.count(".") else ""
    assert name in LAYERS, f"{module} belongs to no layer: add its folder to LAYERS and ALLOWED"
    return name


def test_the_graph_is_read():
    # The parser itself: known edges, relative and absolute, at the top and inside functions.
    assert "spp_xl.core.errors" in GRAPH["spp_xl.core.register"][0]                 # from .errors import
    assert "spp_xl.workbook.layout" in GRAPH["spp_xl.workbook.reader"][0]           # from . import layout
    assert "spp_xl.files" in GRAPH["spp_xl.workbook.reader"][0]                     # from ..files import
    assert "spp_xl.workbook.reader" in GRAPH["spp_xl.sources"][0]                   # inside a function
    assert "spp_xl.core.engine" in GRAPH["spp_xl.excel.macros"][0]                  # inside a function
    assert "xlsxwriter" in GRAPH["spp_xl.files._xlsxwriter"][1]
    assert "python_calamine" in GRAPH["spp_xl.files._calamine"][1]
    assert len(MODULES) > 60 and all(layer(m) for m in MODULES)


def edges():
    return sorted((a, b) for a, (ours, _) in GRAPH.items() for b in ours)


def test_each_module_imports_only_the_layers_below_it():
    wrong = [f"{a} ({layer(a)}) imports {b} ({layer(b)})" for a, b in edges()
             if layer(b) not in ALLOWED[layer(a)] and not known((a, b))]
    assert wrong == []


def test_each_library_is_imported_only_in_its_home():
    found = {(module, library) for module, (_, outside) in GRAPH.items() for library in outside & set(LIBRARY_HOMES)}
    assert {(m, lib) for m, lib in found if m not in LIBRARY_HOMES[lib]} - KNOWN_LIBRARY == set()
    assert KNOWN_LIBRARY - found == set(), "no longer imported: delete from KNOWN_LIBRARY"


def layer_edges() -> set[tuple[str, str]]:
    """(importing layer, imported layer) for every import crossing a layer."""
    return {(layer(a), layer(b)) for a, b in edges() if layer(a) != layer(b)}


def test_the_architecture_page_draws_the_layers_as_they_are():
    """docs/architecture.md's table of layers: the layers this test knows, each with the layers
    its modules import today (the real graph) and those it may import (``ALLOWED``)."""
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {}
    for line in page.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 3:
            rows[cells[0].strip("`")] = tuple({w.strip("` ") for w in c.split(",")} - {"", "none"} for c in cells[1:])
    assert set(rows) == set(LAYERS)
    imports = {name: {b for a, b in layer_edges() if a == name} for name in LAYERS}
    assert {name: drawn for name, (drawn, _) in rows.items()} == imports
    assert {name: allowed | {name} for name, (_, allowed) in rows.items()} == {k: set(v) | {k} for k, v in ALLOWED.items()}


def test_the_workbook_and_the_report_do_not_import_each_other():
    crossing = [(a, b) for a, b in edges() if {layer(a), layer(b)} == {"workbook", "report"}]
    assert crossing == []


def test_the_known_exceptions_still_exist():
    gone = KNOWN - {known(edge) for edge in edges()}
    assert gone == set(), "no longer imported: delete from KNOWN"
    assert KNOWN_CYCLE - set(edges()) == set(), "no longer imported: delete from KNOWN_CYCLE"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "core"))
def test_the_core_imports_no_spreadsheet_library(module):
    assert GRAPH[module][1] & SPREADSHEET_LIBRARIES == set()


def test_there_is_no_import_cycle():
    cycles, state = [], {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(GRAPH[module][0] - {b for a, b in KNOWN_CYCLE if a == module}):
            if state.get(target) == "open":
                cycles.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[module] = "done"

    for module in sorted(MODULES):
        if module not in state:
            visit(module, [module])
    assert cycles == []


# -- private names ----------------------------------------------------------------------------

# Private names imported from another module today; make each public or move it, then
# delete its line (the test fails while a listed import is gone).
KNOWN_PRIVATE: set[tuple[str, str, str]] = set()


def private_imports() -> set[tuple[str, str, str]]:
    """(file, module, name) for every ``from module import _name`` of a name that is not a
    module, in spp_xl, the tests, the benchmarks and the scripts."""
    found = set()
    for folder in ("spp_xl", "tests", "bench", "scripts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = module_name(path) if folder == "spp_xl" else ""
            package = name if path.name == "__init__.py" else name.rpartition(".")[0]
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.ImportFrom):
                    continue
                base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
                source = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    private = alias.name.startswith("_") and not alias.name.startswith("__")
                    if private and f"{source}.{alias.name}" not in MODULES:
                        found.add((path.relative_to(ROOT).as_posix(), source, alias.name))
    return found


def test_no_module_imports_another_modules_private_name():
    found = private_imports()
    assert found - KNOWN_PRIVATE == set()
    assert KNOWN_PRIVATE - found == set(), "no longer imported: delete from KNOWN_PRIVATE"
