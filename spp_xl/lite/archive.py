"""spp_xl's own code as the Lite workbook carries it: a zip archive of the package, embedded in
``main.py`` and put on ``sys.path`` when the workbook opens.

No package index holds spp_xl, and a requirement on a name nobody publishes would both fail on
open and run whatever someone later publishes under that name. So the workbook carries the
package itself: every module (sources only: Pyodide compiles them) and the package data
(the templates, the bundled figures), laid out as an installed spp_xl is. Python imports
from a zip on ``sys.path`` (``zipimport``), and ``importlib.resources`` reads its data there,
under Pyodide as under CPython.

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

OFFICE_SETTINGS_LIMIT = 2 * 1024 * 1024  # bytes, for all of an add-in's settings in a document
LIMIT = OFFICE_SETTINGS_LIMIT // 4  # what spp_xl allows its own code: a quarter of it
# Packages whose files sit elsewhere in the source tree (pyproject.toml's package-dir); a test
# holds this to the packages pyproject.toml lists.
DATA_PACKAGES = ("spp_xl.templates", "spp_xl.bundled")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LINE = 76  # characters of base64 a line, as MIME writes it


def package_files() -> dict[str, bytes]:
    """Archive name -> content of every file an installed spp_xl is made of (no compiled code)."""
    root = Path(resources.files("spp_xl"))
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".typed"):
            found[path.relative_to(root.parent).as_posix()] = path.read_bytes()
    for package in DATA_PACKAGES:
        folder = resources.files(package)
        prefix = package.replace(".", "/")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_file() and not entry.name.endswith(".pyc"):
                found[f"{prefix}/{entry.name}"] = entry.read_bytes()
    return dict(sorted(found.items()))


def package_archive() -> bytes:
    """The package as a reproducible zip archive (the same sources, the same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in package_files().items():
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
