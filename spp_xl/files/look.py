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
