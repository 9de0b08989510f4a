"""xlwings' Windows-only UDF machinery, loaded on Linux for the tests.

``xlwings.udfs`` (the real ``@xw.func``/``@xw.arg`` decorators, and ``generate_vba_wrapper``,
which "Import Functions" runs in Excel) imports pywin32's modules at its top; generating text
needs none of them, so they are stubbed for the time of a ``with``. Inside it,
``spp_xl.excel.udfs`` is loaded afresh under the real decorators, as Excel's Python loads it
on Windows; afterwards ``sys.modules`` and the ``xlwings`` package are as they were.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import sys
import types
from pathlib import Path

WINDOWS_MODULES = ("pythoncom", "pywintypes", "win32com", "win32com.client")
UDF_MODULE = "spp_xl.excel.udfs"


class _Anything:
    """Stands in for any attribute of a stubbed Windows module."""

    def __call__(self, *args, **kwargs):
        return _Anything()

    def __getattr__(self, name):
        return _Anything()


class windows_udfs:
    """``with windows_udfs() as (xludfs, module)``: xlwings.udfs, and spp_xl.excel.udfs as
    Windows' xlwings decorates it."""

    _touched = WINDOWS_MODULES + ("xlwings.udfs",)

    def __enter__(self):
        import xlwings

        self._xlwings = xlwings
        self._saved = {name: sys.modules.get(name) for name in self._touched}
        self._had_attr = hasattr(xlwings, "udfs")
        self._saved_attr = getattr(xlwings, "udfs", None)
        self._saved_decorators = {name: getattr(xlwings, name) for name in ("func", "arg", "ret")}
        for name in WINDOWS_MODULES:
            stub = types.ModuleType(name)
            stub.__getattr__ = lambda attr: _Anything()
            sys.modules[name] = stub
        sys.modules.pop("xlwings.udfs", None)
        xludfs = importlib.import_module("xlwings.udfs")
        xlwings.func, xlwings.arg, xlwings.ret = xludfs.xlfunc, xludfs.xlarg, xludfs.xlret
        source = Path(importlib.util.find_spec(UDF_MODULE).origin)
        spec = importlib.util.spec_from_file_location("spp_xl.excel._udfs_on_windows", source)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return xludfs, module

    def __exit__(self, *exc):
        xlwings = self._xlwings
        for name, decorator in self._saved_decorators.items():
            setattr(xlwings, name, decorator)
        for name, module in self._saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        if self._had_attr:
            xlwings.udfs = self._saved_attr
        elif hasattr(xlwings, "udfs"):
            del xlwings.udfs
        return False


def xlwings_generated_wrappers(workbook_name: str = "SPP_Performance.xlsm") -> str:
    """What xlwings' own ``generate_vba_wrapper`` writes for spp_xl's UDF module (LF lines)."""
    out = io.StringIO()
    with windows_udfs() as (xludfs, module):
        xludfs.generate_vba_wrapper(UDF_MODULE, module, out, types.SimpleNamespace(Name=workbook_name))
    return out.getvalue()
