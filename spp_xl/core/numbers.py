"""How a figure is written for people: one formatter for the report's sentences, the
data-quality findings, the notes of a new year, the macros' messages and the tidy CSV."""

from __future__ import annotations

from decimal import Decimal


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
