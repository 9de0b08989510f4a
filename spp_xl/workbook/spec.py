"""The workbook's cells as neutral specs (``spp_xl.files.sheet``), and its look.

The sheet builders (``measure_sheet``, ``sheets``) say *what* goes where; the one
xlsxwriter adapter says *how*. Tests read the same specs to know which cells are inputs,
native formulas or custom-function formulas, and what value each formula must show.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib import resources

from ..files.look import read_styles
from ..files.sheet import FORMULA_KINDS, Cell, Page, SheetSpec  # noqa: F401 - the workbook's specs are these
from . import layout as L

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LOOK = "templates/workbook.toml"


def sheet(name: str, protect: bool = True, **kw) -> SheetSpec:
    """A sheet of the workbook: its hidden key column, and protected (without a password)
    so that formulas are not overtyped by accident, leaving what ``layout.STAFF_MAY`` lists."""
    kw.setdefault("page", Page(screen_gridlines=True))
    return SheetSpec(name, hidden_cols=kw.pop("hidden_cols", (L.KEY_COL,)),
                     protect=L.STAFF_MAY if protect else None, **kw)


def number_format(precision: int) -> str:
    """``#,##0`` for counts, ``#,##0.00`` for rates to two places."""
    return "#,##0" if precision <= 0 else "#,##0." + "0" * precision


def level_format(precision: int) -> str:
    """A percentage made of counts, in percent: ``77.3%`` from 77.27 (``0.0"%"``)."""
    return number_format(precision) + '"%"'


def points_format(precision: int) -> str:
    """A change in percentage points, signed: ``-2.3 pts``."""
    places = number_format(precision)
    return f'+{places}" pts";-{places}" pts";0" pts"'


COUNT_FORMAT = "#,##0"  # a count of people or incidents: whole
PERCENT = "0.0%"
WHOLE_PERCENT = "0%"
DATE = "d mmmm yyyy"


@lru_cache(maxsize=1)
def look() -> tuple[dict, dict]:
    """(styles, colours) of ``templates/workbook.toml``, checked once."""
    doc = tomllib.loads(resources.files("spp_xl.templates").joinpath("workbook.toml").read_text(encoding="utf-8"))
    colours = doc.get("colours", {})
    return read_styles(doc.get("styles", {}), LOOK, colours), dict(colours)


def colour(name: str) -> str:
    """A colour of the workbook's parts by name (``[colours]`` of ``templates/workbook.toml``)."""
    return look()[1][name]
