"""How a figure is written for people (one formatter for the report's sentences, the
data-quality findings, the notes of a new year, the macros' messages and the tidy CSV), and
what a figure may be at all.

A figure is finite and of a size a partnership's figures can have: nought, or between
``SMALLEST_FIGURE`` and ``LARGEST_FIGURE`` either way. Anything else (``nan``, ``inf``,
``1e308``, which two months of make infinite, or ``1e-300``, which a forecast divides
by) is refused where it is read, saying which and where, never carried into a sum.
"""

from __future__ import annotations

import math
from decimal import Decimal

LARGEST_FIGURE = 1e12    # a million million: beyond any count, rate or budget a partnership reports
SMALLEST_FIGURE = 1e-6   # a non-zero figure below a millionth is no figure a partnership types
# Excel's error values, as a cell shows them: never a figure, whatever file they come from.
EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!")


def figure_problem(value: float) -> str | None:
    """Why a number cannot be a figure, in words, or None when it can.

    >>> figure_problem(1612), figure_problem(float("nan"))
    (None, 'is not a finite number')
    >>> figure_problem(1e308)
    'is too large to be a figure (at most 1,000,000,000,000 either way)'
    """
    if not math.isfinite(value):
        return "is not a finite number"
    if abs(value) > LARGEST_FIGURE:
        return f"is too large to be a figure (at most {LARGEST_FIGURE:,.0f} either way)"
    if value and abs(value) < SMALLEST_FIGURE:
        return f"is too small to be a figure (nought, or at least {SMALLEST_FIGURE:.6f} either way)"
    return None


def usable_figure(value: float | None) -> float | None:
    """``value`` as a figure: None when it cannot be one (``figure_problem``), and ``-0`` as ``0``."""
    if value is None or figure_problem(value) is not None:
        return None
    return value + 0.0


def format_number(value: float, precision: int | None = 0, signed: bool = False, grouped: bool = True) -> str:
    """A figure as the partnership writes it: ``10,064``, ``19.32``, ``18``, ``+13``.

    Rounded to ``precision`` decimal places, without trailing zeros (``18.00`` is ``18``,
    ``6.40`` is ``6.4``), so a rate prints as its measure's precision allows and a whole
    number prints whole. A value that rounds to nought is ``0``, never ``-0``.

    Args:
        value: the figure.
        precision: decimal places at most; None keeps every place the value has (the
            shortest text that reads back as the same float, never in exponent form).
        signed: a ``+`` before a figure above nought (a change on last year).
        grouped: thousands separated by commas; False where the figure must be read back
            as typed (a CSV, a measure's wording written without commas).

    >>> format_number(10064), format_number(-186, signed=True), format_number(13, signed=True)
    ('10,064', '-186', '+13')
    >>> format_number(18.0, 2), format_number(6.44, 2), format_number(6587, grouped=False)
    ('18', '6.44', '6587')
    >>> format_number(0.1 + 0.2, None, grouped=False), format_number(1e-05, None)
    ('0.30000000000000004', '0.00001')
    """
    comma = "," if grouped else ""
    if precision is None:
        text = format(Decimal(repr(float(value))), f"{comma}f")
    else:
        text = f"{value:{comma}.{precision}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("-").replace(",", "") == "0":
        return "0"
    return f"+{text}" if signed and value > 0 else text
