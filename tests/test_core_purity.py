"""The calculation core imports no Excel library: it runs anywhere, fast. Every module
under spp_xl/core is loaded (found, not listed), with the package and the front door for
inputs, and a summary is made: no spreadsheet library is then in sys.modules. What the
core's modules import on paper is held by test_layers.py."""

import pkgutil
import subprocess
import sys

import spp_xl.core

CORE = sorted(f"spp_xl.core.{m.name}" for m in pkgutil.iter_modules(spp_xl.core.__path__))
LOADED = ["spp_xl", *CORE, "spp_xl.sources"]
EXCEL_LIBRARIES = ("xlwings", "openpyxl", "xlsxwriter", "python_calamine", "pyopenvba", "pandas")


def test_every_core_module_is_found():
    assert {"spp_xl.core.engine", "spp_xl.core.newyear", "spp_xl.core.inputs", "spp_xl.core.rules"} <= set(CORE)
    assert len(CORE) >= 13


def test_the_core_imports_no_excel_library():
    code = (f"import sys\nfor m in {LOADED!r}: __import__(m)\n"
            "from spp_xl import summarise, load_register, read_csv\n"
            "summarise(load_register(), read_csv())\n"
            f"bad = [m for m in {EXCEL_LIBRARIES!r} if m in sys.modules]\n"
            "print(','.join(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
