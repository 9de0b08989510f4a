"""spp_xl's own code as the Lite workbook carries it: a zip archive of what main.py can run,
embedded in ``main.py`` and put on ``sys.path`` when the workbook opens.

No package index holds spp_xl, and a requirement on a name nobody publishes would both fail on
open and run whatever someone later publishes under that name. So the workbook carries the
code itself, laid out as an installed spp_xl is. Python imports from a zip on ``sys.path``
(``zipimport``), and ``importlib.resources`` reads its data there, under Pyodide as under CPython.

It carries what main.py can run, read from the real import graph (``graph``): the modules
main.py imports (``entry_points``, read from main.py's own text), every module each of those
imports, at its top or inside a function, and so on, with the packages each import runs first
(sources only: Pyodide compiles them); and the package data those modules read (the
templates, the bundled figures). The command line, police.uk's reading, doctor and the Lite
builder itself are not reached, so not carried. Left out as well is a module that cannot be
imported under Lite anyway: one that imports, unconditionally at its top, a library Lite never
installs (``NOT_UNDER_LITE``: pikepdf for the PDF's tags), or such a module. Carrying it would
change only which name an ImportError names. An import the graph cannot follow (a module named
at run time) in a module it would carry stops the build rather than guess.

The archive is reproducible (sorted names, fixed times), so the same sources make the same
workbook; ``main.py`` names it by its SHA-256, so a workbook only ever runs the code it carries.

Office keeps an add-in's document settings (``main.py`` among them) to 2 MB an add-in
("A maximum of 2MB is available for the settings of each add-in": ``Office.Settings.set``,
Office JavaScript API reference); ``LIMIT`` and a test hold the code well under it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from importlib import resources
from pathlib import Path

from .graph import Module, parents, reachable, read_graph, script_module

OFFICE_SETTINGS_LIMIT = 2 * 1024 * 1024  # bytes, for all of an add-in's settings in a document
LIMIT = OFFICE_SETTINGS_LIMIT // 4  # what spp_xl allows its own code: a quarter of it
# Libraries spp_xl imports that Lite never installs: requirements.txt (``code.requirements_txt``)
# names none of them, and spp_xl's own requirements leave each out under Pyodide (a marker or an
# extra). A test holds this to pyproject.toml; lite-check finds none of them under Pyodide.
NOT_UNDER_LITE = ("openpyxl", "python_calamine", "pyopenvba", "pikepdf", "pyarrow", "pandas")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LINE = 76  # characters of base64 a line, as MIME writes it


def package_graph() -> dict[str, Module]:
    """spp_xl's import graph, read from the sources of the spp_xl this runs."""
    return read_graph(Path(resources.files("spp_xl")))


def entry_points(main: str, graph: dict[str, Module] | None = None) -> list[str]:
    """The spp_xl modules ``main`` (main.py's text) imports: where all it can run starts."""
    graph = graph if graph is not None else package_graph()
    script = script_module("main", main, graph)
    if script.dynamic:
        raise ValueError(f"main.py imports by a name computed at run time (line {script.dynamic[0]}): "
                         "what it needs of spp_xl cannot be known")
    return sorted(script.ours)


def not_under_lite(graph: dict[str, Module]) -> set[str]:
    """The modules that cannot be imported under Lite: each imports, unconditionally at its top, a
    library of ``NOT_UNDER_LITE``, or a module that cannot be imported, or sits in such a package."""
    found, grown = set(), True
    while grown:
        grown = False
        for name, module in graph.items():
            if name not in found and (module.required & ({*NOT_UNDER_LITE} | found) or found & {*parents(name)}):
                found.add(name)
                grown = True
    return found


def carried_modules(entries, graph: dict[str, Module] | None = None) -> list[str]:
    """The modules importing ``entries`` may run under Lite (``graph.reachable``, through no module
    that cannot be imported there).

    Raises:
        ValueError: a module among them imports or reads by a name computed at run time.
    """
    graph = graph if graph is not None else package_graph()
    modules = reachable(graph, entries, avoid=not_under_lite(graph))
    unknown = [f"{name} (line {', '.join(map(str, graph[name].dynamic))})"
               for name in sorted(modules) if graph[name].dynamic]
    if unknown:
        raise ValueError(f"cannot tell what the Lite workbook must carry: {', '.join(unknown)} "
                         "imports or reads by a name computed at run time")
    return sorted(modules)


def package_files(entries, graph: dict[str, Module] | None = None) -> dict[str, bytes]:
    """Archive name -> content: the modules ``entries`` reach (``carried_modules``) and the package
    data they read, each data package with its ``__init__.py``."""
    graph = graph if graph is not None else package_graph()
    modules = carried_modules(entries, graph)
    root = Path(resources.files("spp_xl")).parent
    found = {graph[name].path.relative_to(root).as_posix(): graph[name].path.read_bytes() for name in modules}
    for package, name in {read for module in modules for read in graph[module].reads}:
        folder = resources.files(package)
        names = [name] if name else [e.name for e in folder.iterdir() if e.is_file() and not e.name.endswith(".pyc")]
        if package not in graph:  # a data package (pyproject.toml's package-dir): its __init__.py makes it one
            names.append("__init__.py")
        for each in names:
            found[f"{package.replace('.', '/')}/{each}"] = folder.joinpath(each).read_bytes()
    return dict(sorted(found.items()))


def package_archive(entries, graph: dict[str, Module] | None = None) -> bytes:
    """What ``entries`` reach (``package_files``) as a reproducible zip archive (the same sources,
    the same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in package_files(entries, graph).items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, zipfile.ZIP_DEFLATED, 9)
    return out.getvalue()


def digest(archive: bytes) -> str:
    """The archive's name in ``main.py`` and on disk: the start of its SHA-256."""
    return hashlib.sha256(archive).hexdigest()[:16]


def encoded(archive: bytes) -> str:
    """The archive as base64 lines of ``LINE`` characters (none of which JSON or XML escapes)."""
    text = base64.b64encode(archive).decode("ascii")
    return "\n".join(text[k:k + LINE] for k in range(0, len(text), LINE))
