"""spp_xl in xlwings Lite: the workbook's custom functions and buttons with no Python installed.

xlwings Lite (a free Office add-in, store id WA200008175) runs Python inside Excel through
Pyodide and keeps a workbook's Python code in the workbook. This package makes that code
from spp_xl itself and writes it into a macro-free copy of the partnership's workbook:

- ``code``: ``main.py`` (the SPP_ functions and the three buttons' scripts, one-line calls
  into spp_xl, which it carries) and ``requirements.txt`` (xlwings, what Lite needs itself,
  xlsxwriter);
- ``archive``: what main.py carries of spp_xl, the modules its imports reach on the import
  graph (``graph``) and the data they read;
- ``scripts``: the buttons under Lite, the classic macros within Lite's limits;
- ``parts``: the web extension parts that carry the code, added to a finished zip;
- ``workbook``: ``SPP_Performance_Lite.xlsx``, built from the same specs as the ``.xlsm``.

Build it with ``python -m spp_xl.lite -o workbook/SPP_Performance_Lite.xlsx`` (docs/lite.md).
"""

# The public names are imported when first used (PEP 562), so that the workbook's own code,
# which imports ``spp_xl.lite.scripts`` and so this package first, neither runs nor carries
# the builder (``archive`` carries what main.py's imports reach, and no more).
_PUBLIC = {"WORKBOOK_NAME": "workbook", "build_lite_workbook": "workbook", "add_lite_parts": "parts",
           "read_lite_code": "parts"}


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    globals()[name] = value
    return value


__all__ = ["WORKBOOK_NAME", "add_lite_parts", "build_lite_workbook", "read_lite_code"]
