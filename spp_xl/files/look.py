"""Styles in the one vocabulary the writer knows (``STYLE_TYPES``), checked once when a
template is read, so that a mistyped key or colour is refused naming the style and the file."""

from __future__ import annotations

import re
from typing import Mapping

from ..core.errors import RegisterError

STYLE_TYPES = {"font": str, "size": (int, float), "bold": bool, "italic": bool, "underline": bool,
               "colour": str, "fill": str, "align": str, "valign": str, "wrap": bool, "border": int,
               "border_colour": str, "indent": int}
COLOUR_KEYS = ("colour", "fill", "border_colour")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def read_styles(styles: Mapping, where: str, colours: Mapping[str, str] | None = None) -> dict[str, dict]:
    """Checked styles: name -> properties. A colour is ``#RRGGBB`` or a name in ``colours``.

    >>> read_styles({"head": {"bold": True, "fill": "header"}}, "t.toml", {"header": "#1F3864"})
    {'head': {'bold': True, 'fill': '#1F3864'}}

    Raises:
        RegisterError: an unknown key, a value of the wrong type, or a colour that is neither.
    """
    colours = dict(colours or {})
    for name, value in colours.items():
        if not isinstance(value, str) or not _COLOUR.match(value):
            raise RegisterError(f"[colours] '{name}' = {value!r} is not a colour like \"#1F4E79\"", where)
    out = {}
    for style, props in styles.items():
        checked = {}
        for key, value in props.items():
            if key not in STYLE_TYPES:
                raise RegisterError(f"[styles.{style}]: unknown field '{key}'; known: {', '.join(STYLE_TYPES)}",
                                    where)
            if not isinstance(value, STYLE_TYPES[key]):
                raise RegisterError(f"[styles.{style}]: field '{key}' = {value!r} has the wrong type", where)
            if key in COLOUR_KEYS:
                value = colours.get(value, value)
                if not _COLOUR.match(value):
                    known = f" or one of {', '.join(colours)}" if colours else ""
                    raise RegisterError(f"[styles.{style}]: field '{key}' = {props[key]!r} is not a colour like "
                                        f"\"#1F4E79\"{known}", where)
            checked[key] = value
        out[style] = checked
    return out


# ------------------------------------------------------------------ contrast (WCAG 2.1, 1.4.3)
# Every text colour on a fill is chosen here, for the workbook and the report alike: the colour
# a template asks for where it reads at WCAG 2.1 AA's ratio on its fill, else the nearest one
# that does. The fills (the judgement colours among them) stay as the framework has them.

BLACK, WHITE = "#000000", "#FFFFFF"
NORMAL_RATIO, LARGE_RATIO = 4.5, 3.0  # WCAG 2.1 AA, success criterion 1.4.3
GRAPHICS_RATIO = 3.0  # a chart's lines and bars against its white (1.4.11, non-text contrast)
DEFAULT_SIZE = 11.0


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of ``#RRGGBB``: 0 for black, 1 for white.

    >>> round(relative_luminance("#00B050"), 4)
    0.3163
    """
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(one: str, other: str) -> float:
    """WCAG 2.1's contrast ratio of two colours, from 1 (the same) to 21 (black on white).

    >>> round(contrast_ratio("#FFFFFF", "#00B050"), 2), round(contrast_ratio("#FFFFFF", "#FF0000"), 2)
    (2.87, 4.0)
    """
    a, b = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def is_large(size: float, bold: bool) -> bool:
    """WCAG's large text: 18 point, or 14 point bold."""
    return size >= 18 or (bold and size >= 14)


def required_ratio(size: float = DEFAULT_SIZE, bold: bool = False) -> float:
    """The contrast text of this size needs: 4.5:1, or 3:1 for large text."""
    return LARGE_RATIO if is_large(size, bold) else NORMAL_RATIO


def _mix(colour: str, towards: str, part: float) -> str:
    channels = (round(int(colour[i:i + 2], 16) * (1 - part) + int(towards[i:i + 2], 16) * part) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02X}" for c in channels)


def readable_colour(wanted: str, fill: str = WHITE, ratio: float = NORMAL_RATIO) -> str:
    """The colour to draw ``wanted`` in on ``fill`` so that it contrasts at least ``ratio``:
    ``wanted`` itself where it does; else ``wanted`` darkened (on a light fill) or lightened
    (on a dark one) just enough; black or white where ``wanted`` is on the wrong side of the
    fill to get there (white text on the framework's green: black).

    >>> readable_colour("#FFFFFF", "#00B050"), readable_colour("#7F7F7F"), readable_colour("#1F3864")
    ('#000000', '#767676', '#1F3864')
    """
    wanted, fill = wanted.upper(), fill.upper()
    if contrast_ratio(wanted, fill) >= ratio:
        return wanted
    extreme = BLACK if contrast_ratio(BLACK, fill) >= contrast_ratio(WHITE, fill) else WHITE
    lighter = relative_luminance(wanted) > relative_luminance(fill)
    if lighter != (extreme == WHITE):
        return extreme  # darkening white on green would pass through the green itself
    for step in range(1, 101):
        candidate = _mix(wanted, extreme, step / 100)
        if contrast_ratio(candidate, fill) >= ratio:
            return candidate
    return extreme


def readable(style: Mapping) -> dict:
    """A style's properties with its text colour chosen for its fill (white where it has none)
    and its size: the one rule every cell, banner, conditional format and text box is written by."""
    props = dict(style)
    size, bold = float(props.get("size", DEFAULT_SIZE)), bool(props.get("bold"))
    wanted = props.get("colour") or BLACK
    chosen = readable_colour(wanted, props.get("fill") or WHITE, required_ratio(size, bold))
    if chosen != wanted.upper() or "colour" in props:
        props["colour"] = chosen
    return props


def readable_graphic(colour: str, background: str = WHITE) -> str:
    """A chart's line or bar colour, darkened just enough to stand 3:1 against the chart's white."""
    return readable_colour(colour, background, GRAPHICS_RATIO)
