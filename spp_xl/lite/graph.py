"""spp_xl's import graph, read from its sources: what each module imports, and what it reads.

Every module under the package folder is parsed (``ast``), never imported, and each of its
imports resolved, at the top of the module or inside a function alike: an import inside a
function runs when the function does, so whoever may call the function needs what it imports.

- ``from . import layout`` and ``from ..files import read_grids`` resolve to the module a
  name is, or else to the package the name is taken from;
- a package that makes its public names when first used (PEP 562: a ``_PUBLIC`` dict of name
  -> module that its ``__getattr__`` imports, as ``spp_xl/__init__.py`` has) is followed by
  name: ``from spp_xl import summarise`` imports ``spp_xl.core.engine``, and whatever binds
  the package itself (``import spp_xl``, ``from spp_xl import *``) may reach every one;
- any other import by a name computed at run time (``import_module``, ``__import__``), or a
  read of package data whose package is not written out, cannot be followed: it is recorded
  with its line (``Module.dynamic``), for whoever relies on the graph to refuse;
- ``resources.files("spp_xl.templates").joinpath("report.toml")`` (or ``/ "report.toml"``) is a
  read of that package's file; ``files("spp_xl.templates")`` used otherwise, of any of its files.

tests/test_layers.py holds the layers to this graph; ``archive`` carries what main.py reaches in it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

LAZY = "_PUBLIC"  # a package's names made when first used: name -> module, relative to the package
DYNAMIC = {"import_module", "__import__"}


@dataclass(frozen=True)
class Module:
    """One module, as its source says."""

    name: str
    path: Path
    ours: frozenset[str]      # the package's modules it imports, anywhere in it
    outside: frozenset[str]   # the other top-level packages it imports, anywhere in it (lower case)
    required: frozenset[str]  # what it imports unconditionally at its top (ours and outside): no import without
    reads: frozenset[tuple[str, str | None]]  # package data: (package, file); file None: any of its files
    dynamic: tuple[int, ...]  # lines that import or read by a name computed at run time
    lazy: dict[str, str] = field(default_factory=dict)  # a package's _PUBLIC, as name -> absolute module


def module_paths(folder: Path) -> dict[str, Path]:
    """Module name -> source file, for every module of the package in ``folder`` (named from its parent)."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        if "__pycache__" not in path.parts:
            parts = path.relative_to(folder.parent).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def read_graph(folder: Path) -> dict[str, Module]:
    """Every module of the package in ``folder``, with what it imports and reads."""
    paths = module_paths(folder)
    trees = {name: ast.parse(path.read_text(encoding="utf-8"), str(path)) for name, path in paths.items()}
    lazy = {name: _lazy_names(trees[name], name) for name, path in paths.items() if path.name == "__init__.py"}
    package = _Package(folder.name, set(paths), {name: names for name, names in lazy.items() if names})
    return {name: package.module(name, paths[name], trees[name]) for name in paths}


def script_module(name: str, source: str, graph: dict[str, Module]) -> Module:
    """A script outside the package (Lite's main.py) read against the package's ``graph``."""
    root = min(graph, key=len)
    package = _Package(root, set(graph), {n: m.lazy for n, m in graph.items() if m.lazy})
    return package.module(name, Path(f"{name}.py"), ast.parse(source, f"{name}.py"))


def parents(name: str) -> list[str]:
    """The packages importing a module runs first: ``spp_xl``, ``spp_xl.excel`` for ``spp_xl.excel.udfs``."""
    parts = name.split(".")
    return [".".join(parts[:k]) for k in range(1, len(parts))]


def reachable(graph: dict[str, Module], entries, avoid=frozenset()) -> set[str]:
    """Every module that importing ``entries`` may run: each entry, every module each imports
    anywhere in it, and the packages each one's import runs first; never through ``avoid``."""
    unknown = sorted(set(entries) - set(graph))
    if unknown:
        raise ValueError(f"not modules of the package: {', '.join(unknown)}")
    seen, todo = set(), [e for e in entries if e not in avoid]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += [m for m in (*graph[name].ours, *parents(name)) if m in graph and m not in avoid]
    return seen


def _lazy_names(tree: ast.Module, package: str) -> dict[str, str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == LAZY for t in node.targets):
            return {name: f"{package}.{module}" for name, module in ast.literal_eval(node.value).items()}
    return {}


@dataclass(frozen=True)
class _Package:
    root: str                        # the package's name: spp_xl
    known: set[str]                  # its modules
    lazy: dict[str, dict[str, str]]  # each package's names made when first used

    def ours(self, name: str) -> bool:
        return name == self.root or name.startswith(self.root + ".")

    def module(self, name: str, path: Path, tree: ast.Module) -> Module:
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        every = [m for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                 for m in self.imported(node, package)]
        top = [m for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
               for m in self.imported(node, package, later=False)]
        mine, outside = self.split(every, name)
        top_mine, top_outside = self.split(top, name)
        reads, unread = self.reads(tree)
        followed = _inside_getattr(tree) if name in self.lazy else set()
        dynamic = sorted({node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
                          and _called(node) in DYNAMIC and id(node) not in followed} | unread)
        return Module(name, path, frozenset(mine), frozenset(outside), frozenset(top_mine | top_outside),
                      frozenset(reads), tuple(dynamic), self.lazy.get(name, {}))

    def imported(self, node: ast.Import | ast.ImportFrom, package: str, later: bool = True) -> list[str]:
        """The modules one import statement runs, the package's and others' alike; with ``later``,
        also those a package it binds may import when one of its lazy names is first used."""
        def bound(name: str) -> list[str]:
            return list(self.lazy.get(name, {}).values()) if later else []

        if isinstance(node, ast.Import):
            found = []
            for alias in node.names:
                found += [alias.name, *bound(alias.name if alias.asname else alias.name.split(".")[0])]
            return found
        if node.level:
            base = package.split(".")
            source = ".".join(base[:len(base) - node.level + 1] + ([node.module] if node.module else []))
        else:
            source = node.module
        found = []
        for alias in node.names:
            full = f"{source}.{alias.name}"
            if source == self.root and alias.name.startswith("__"):
                continue  # the package's metadata (__version__): no edge
            if alias.name == "*":  # every name of __all__, the lazy ones imported there and then
                found += [source, *self.lazy.get(source, {}).values()]
            elif full in self.known:
                found += [full, *bound(full)]
            else:
                found.append(self.lazy.get(source, {}).get(alias.name, source))
        return found

    def split(self, modules: list[str], importer: str) -> tuple[set[str], set[str]]:
        """(the package's modules, other top-level packages): a name that is no module of the
        package is the package it would be in."""
        mine = {m if m in self.known else m.rpartition(".")[0] for m in modules if self.ours(m)}
        return mine - {importer}, {m.split(".")[0].lower() for m in modules if not self.ours(m)}

    def reads(self, tree: ast.Module) -> tuple[set[tuple[str, str | None]], set[int]]:
        """(package, file) for each read of the package's own data, and the lines of reads whose
        package is not written out."""
        def text(node) -> str | None:
            return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

        calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and _called(node) == "files"
                 and len(node.args) == 1]
        unread = {node.lineno for node in calls if text(node.args[0]) is None}
        data = {id(node): text(node.args[0]) for node in calls
                if text(node.args[0]) is not None and self.ours(text(node.args[0]))}
        found, named = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "joinpath":
                source, parts = node.func.value, [text(a) for a in node.args]
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                source, parts = node.left, [text(node.right)]
            else:
                continue
            if id(source) in data and parts and None not in parts:
                named.add(id(source))
                found.add((data[id(source)], "/".join(parts)))
        return found | {(package, None) for key, package in data.items() if key not in named}, unread


def _called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _inside_getattr(tree: ast.Module) -> set[int]:
    """The nodes of a lazy package's module ``__getattr__``, whose import of its ``_PUBLIC`` names
    the graph follows where each name is imported."""
    return {id(node) for function in tree.body if isinstance(function, ast.FunctionDef)
            and function.name == "__getattr__" for node in ast.walk(function)}
