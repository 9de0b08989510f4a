"""The workbook's custom functions as xlwings calls them: one per declaration of
``spp_xl.excel.functions``, made here, never written out by hand.

Each is a call to its function of ``spp_xl.excel.cells`` (which turns Excel's 2-D ranges
into the core's rows and back) under xlwings' decorators, which carry the declaration's
help, category and ranges (``ndim=2``) to Excel. Results come back as a row or column
shaped like the input, so one formula per row spills across the periods. A bad argument
returns a readable text in the cell ("SPP_PROFILE: direction must be increase or reduce"),
never a Python traceback.

The workbook calls these through the VBA module ``xlwings_udfs`` (``spp_xl.excel.vba``),
which names this module; xlwings looks each function up here by name. On Linux and macOS
without Excel the xlwings decorators are pass-throughs, so these are plain functions:
``udfs.SPP_PROFILE(10064, 12, "reduce")``.
"""

from __future__ import annotations

import functools

import xlwings as xw

from . import cells
from .functions import CATEGORY, FUNCTIONS, NAMES, CustomFunction


def readable(function):
    """Turns any failure into the text ``NAME: what is wrong`` for the cell."""

    @functools.wraps(function)
    def guarded(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (ValueError, ZeroDivisionError) as exc:  # UdfError and the core's own
            return f"{function.__name__}: {exc}"
        except Exception as exc:  # a bug: still one line in the cell, not a traceback
            return f"{function.__name__}: unexpected {type(exc).__name__}: {exc}"

    return guarded


def custom_function(declared: CustomFunction):
    """The Python function xlwings calls for ``declared``: its signature (xlwings reads the
    arguments and defaults from it), its help as the docstring, and xlwings' decorators."""
    compute = getattr(cells, declared.computes)
    signature = declared.signature()

    def udf(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)  # a missing or extra argument: a TypeError, in the cell
        bound.apply_defaults()
        return compute(*bound.args)

    udf.__name__ = udf.__qualname__ = declared.name
    udf.__doc__ = declared.help
    udf.__module__ = __name__
    udf.__signature__ = signature
    udf = readable(udf)
    # Type hints are left off on purpose: xlwings would read them as conversion instructions.
    for argument in declared.arguments:
        options = {"ndim": 2} if argument.is_range else {}
        udf = xw.arg(argument.name, doc=argument.help, **options)(udf)
    return xw.func(category=CATEGORY)(udf)


for _declared in FUNCTIONS:
    globals()[_declared.name] = custom_function(_declared)
del _declared

__all__ = list(NAMES)
