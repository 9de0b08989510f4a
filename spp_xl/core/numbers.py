"""How a figure is rounded and written for people: one rounding (half up, as Excel's ROUND)
and one formatter for the report's sentences, the data-quality findings, the notes of a new
year, the macros' messages and the tidy CSV."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

# Excel keeps 15 significant digits: its ROUND (and LibreOffice's) rounds the decimal a cell
# shows, so 2.675, held in binary as 2.67499999..., rounds to 2.68 there, as people expect.
_DIGITS = 15
_CONTEXT = Context(prec=60)


def round_half_up(value, places: int = 0):
    """``value`` rounded to ``places`` decimals, halves away from nought, as Excel's ROUND does.

    A float is first taken to 15 significant digits, as Excel holds it, so that a half in
    decimal is a half here whatever its binary form; a ``Fraction`` (an exact rate) is
    rounded exactly. Every figure spp_xl rounds goes through here.

    Args:
        value: a float, int or Fraction (None and non-finite floats come back as they are).
        places: decimal places (0 for a whole number).

    Returns:
        A float (an int for an int value and ``places >= 0``).

    >>> round_half_up(3.125, 2), round_half_up(2.675, 2), round_half_up(0.125, 2), round(0.125, 2)
    (3.13, 2.68, 0.13, 0.12)
    >>> round_half_up(-2.5), round_half_up(Fraction(12345, 4000), 2), round_half_up(7, 2)
    (-3.0, 3.09, 7)
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    quantum = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        exact = _CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))
        # 60 digits hold any rate of counts exactly enough: a half is a half at any places <= 40
        return float(exact.quantize(quantum, rounding=ROUND_HALF_UP, context=_CONTEXT))
    number = float(value)
    if not math.isfinite(number) or abs(number) >= 10 ** _DIGITS:
        return number  # nothing after the point is held at 15 significant digits
    shown = Decimal(format(number, f".{_DIGITS}g"))
    return float(shown.quantize(quantum, rounding=ROUND_HALF_UP, context=_CONTEXT))


def format_number(value: float, precision: int | None = 0, signed: bool = False, grouped: bool = True) -> str:
    """A figure as the partnership writes it: ``10,064``, ``19.32``, ``18``, ``+13``.

    Rounded half up (``round_half_up``) to ``precision`` decimal places, without trailing zeros (``18.00`` is ``18``,
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
        text = f"{round_half_up(float(value), precision):{comma}.{precision}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("-").replace(",", "") == "0":
        return "0"
    return f"+{text}" if signed and value > 0 else text
