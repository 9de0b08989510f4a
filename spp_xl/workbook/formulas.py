"""The core's rules (``spp_xl.core.rules``) written as native Excel formulas.

The engine evaluates a rule in Python; this module renders the same expression for a
cell, with each name replaced by the cell or row that holds it on the sheet. Row-wide
maxima are wrapped in ``SUMPRODUCT`` so that every Excel version (and LibreOffice)
evaluates them as arrays without Ctrl+Shift+Enter.

>>> from spp_xl.core.rules import RULES, bind
>>> lagging = bind(RULES["lagging"], {"frequency": "monthly"}, {"status", "reported", "expected", "reporting_month"})
>>> formula(lagging, {"status": "$H$9", "reported": "$K$9", "expected": "$M$9"})
'=IF(($H$9="developing"),"",IF(($K$9<$M$9),"Lagging",""))'
"""

from __future__ import annotations

from typing import Mapping

from ..core.framework import TRENDS, Framework
from ..core.rules import Expr

_INFIX = {"eq": "=", "ne": "<>", "lt": "<", "le": "<=", "ge": ">=", "add": "+", "sub": "-", "mul": "*", "div": "/"}
_FUNCTIONS = {"if": "IF", "and": "AND", "or": "OR", "abs": "ABS", "min": "MIN", "max": "MAX", "int": "INT",
              "round": "ROUND", "sqrt": "SQRT", "isnumber": "ISNUMBER", "index": "INDEX"}


def formula(expr: Expr, refs: Mapping[str, str]) -> str:
    """``=`` and the expression, each name taken from ``refs`` (name -> A1 cell or range).

    Raises:
        KeyError: a name the sheet has no cell for.
    """
    return "=" + render(expr, refs)


def render(expr: Expr, refs: Mapping[str, str]) -> str:
    op, args = expr.op, expr.args
    if op == "const":
        return literal(args[0])
    if op == "name":
        if args[0] not in refs:
            raise KeyError(f"no cell on the sheet holds {args[0]!r}")
        return refs[args[0]]
    parts = [render(a, refs) for a in args]
    if op in _INFIX:
        return f"({parts[0]}{_INFIX[op]}{parts[1]})"
    if op == "max_of":
        return f"SUMPRODUCT(MAX({parts[0]}))"
    if op == "isblank":
        return f'({parts[0]}="")'
    if op == "position":
        return f"(COLUMN({parts[0]})-COLUMN(INDEX({parts[0]},1,1))+1)"
    return f"{_FUNCTIONS[op]}({','.join(parts)})"


def literal(value) -> str:
    """A value as a formula writes it: a number, TRUE/FALSE, or a quoted string (``"Green"``)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return f"{value:g}" if float(value).is_integer() else repr(float(value))
    return '"' + str(value).replace('"', '""') + '"'


def phrase(fw: Framework, judgement: str, tolerance: str, trend: str, status: str) -> str:
    """The banner's phrase as a native formula, made from the framework's own phrases
    (``templates/judgement.toml``): what ``Framework.phrase`` says for the judgement label in
    ``judgement``, the amber band in ``tolerance`` and a monitoring measure's ``trend``, and
    the developing phrase where ``status`` says so. No custom function: the phrase shows
    wherever the judgement cell has a value.
    """
    def text(template: str) -> str:
        parts = template.split("{tolerance}")
        return f'&TEXT({tolerance},"0%")&'.join(literal(p) for p in parts)

    monitoring = literal(fw.style("monitor").phrase)
    for name in reversed(TRENDS):
        monitoring = f"IF({trend}={literal(name)},{text(fw.trends[name])},{monitoring})"
    chosen = f"IF({judgement}={literal(fw.style('monitor').label)},{monitoring},{text(fw.style('none').phrase)})"
    for rag in ("red", "amber", "green"):
        chosen = f"IF({judgement}={literal(fw.style(rag).label)},{text(fw.style(rag).phrase)},{chosen})"
    return f"IF({status}=\"developing\",{literal(fw.developing)},{chosen})"
