"""Whose reports these are: the partnership's name and area, from ``templates/partnership.toml``."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import RegisterError, toml_problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

NAME = "templates/partnership.toml"


@dataclass(frozen=True)
class Partnership:
    """The partnership: ``name`` as the board report and the workbook say it ("Safer Plymouth
    Partnership"), ``area`` as the family group's table names it ("Plymouth")."""

    name: str
    area: str


@lru_cache(maxsize=1)
def partnership() -> Partnership:
    """The partnership of ``templates/partnership.toml``, checked once.

    >>> partnership().name
    'Safer Plymouth Partnership'
    """
    text = resources.files("spp_xl.templates").joinpath("partnership.toml").read_text(encoding="utf-8")
    return partnership_from_toml(text, NAME)


def partnership_from_toml(text: str, name: str) -> Partnership:
    """Reads a partnership's TOML text; a key missing or empty is refused naming it and ``name``."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegisterError(toml_problem(exc, text), name) from None
    values = {}
    for key in ("name", "area"):
        value = doc.get(key)
        if not isinstance(value, str) or not value.strip():
            raise RegisterError(f"field '{key}' must be the partnership's {key}, as text", name, field=key)
        values[key] = value.strip()
    return Partnership(**values)
