"""The kinds of entry a measure sheet's schema (``measure_schema``) is made of: a row of the
figures table (``TableRow``), a key figure or working (``Figure``), and what they share: the
number formats named for a measure (``FIGURE``, ``CHANGE``) and which measures an entry is on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..core.arithmetic import tidy
from ..core.periods import FinancialYear
from ..core.register import Measure
from .measure_formulas import NATIVE, Formula
from .schema import CALCULATED, TYPED, Allowed, figures_allowed
from .spec import level_format, number_format, points_format

# What an entry's functions read: ``measure_schema.MeasureContext`` (the schema made of these
# entries, so not imported here).
MeasureContext = Any

FIGURE = "figure"  # a number format: the measure's own (``spec.number_format`` of its precision; a percentage's, with %)
CHANGE = "change"  # a number format: the measure's own change on last year (a percentage's in points)


def number(num: str | None, measure: Measure) -> str | None:
    """A number format of an entry, the measure's own where it says ``FIGURE`` or ``CHANGE``."""
    if num == FIGURE:
        return level_format(measure.precision) if measure.is_counts else number_format(measure.precision)
    if num == CHANGE:
        return points_format(measure.precision) if measure.is_counts else number_format(measure.precision)
    return num


def blank(value):
    """None as the empty text a formula shows for it."""
    return "" if value is None else value


def tidy_or_blank(value, precision=None):
    if value is None:
        return ""
    return value if precision is None else tidy(value, precision)


def always(measure: Measure) -> bool:
    return True


def counted(measure: Measure) -> bool:
    """A percentage made of counts (its rows are its counts and what they make)."""
    return measure.is_counts


def not_counted(measure: Measure) -> bool:
    return not measure.is_counts


def calculated(measure: Measure) -> bool:
    """A row never typed."""
    return False


@dataclass(frozen=True)
class TableRow:
    """A row of the figures table: one cell a period.

    Attributes:
        key: the row's key in the hidden column.
        label: its label in column B, for the measure and the sheet's year.
        typed: whether staff type the row for this measure (else it is calculated).
        year: whose figures it holds: 0 this year, -1 last year.
        series: typed: whose figures, "" for the measure's own (a suffix ``s`` reads the
            figures of ``<id>.s``).
        values: calculated: the engine's figure for each period, the value each cell shows.
        formula: calculated: cell k's formula (None where the row has none).
        num: the number format (``FIGURE``: the measure's own).
        applies: whether the row is on the sheet of this measure.
        allowed: typed: what its cells take, for the measure (Excel's data validation).
        outturns: calculated: the engine's figure for each out-turn year, oldest first (a
            row with none leaves the out-turn columns empty, but last year's typed rows).
        outturn_formula: calculated: the j-th out-turn cell's formula.
    """

    key: str
    label: Callable[[Measure, FinancialYear], str]
    typed: Callable[[Measure], bool]
    year: int = 0
    series: str = ""
    values: Callable[[MeasureContext], list] | None = None
    formula: Callable[[MeasureContext, int], Formula | None] | None = None
    num: str | None = FIGURE
    applies: Callable[[Measure], bool] = always
    allowed: Callable[[Measure], Allowed] = figures_allowed
    outturns: Callable[[MeasureContext], list] | None = None
    outturn_formula: Callable[[MeasureContext, int], Formula] | None = None

    def role(self, measure: Measure) -> str:
        return TYPED if self.typed(measure) else CALCULATED


@dataclass(frozen=True)
class Figure:
    """A calculated cell of the key figures or the workings row, under ``heading``.

    Attributes:
        value: the engine's figure, which the cell shows.
        formula: the formula it carries.
        kind: ``native``, ``custom`` (calls an SPP_ function) or ``linked`` (reads one), or
            a function of the context giving one of them.
        num: its number format (``FIGURE``: the measure's own).
        width: its column's width, where not the key figures' shared one.
        applies: whether the cell is on the sheet of this measure (a percentage's own are
            after every measure's, so that the others keep their places).
    """

    key: str
    heading: str
    value: Callable[[MeasureContext], Any]
    formula: Callable[[MeasureContext], str]
    kind: str | Callable[[MeasureContext], str] = NATIVE
    num: str | None = None
    style: str = "derived"
    width: float | None = None
    applies: Callable[[Measure], bool] = always

    def kind_for(self, ctx: MeasureContext) -> str:
        return self.kind(ctx) if callable(self.kind) else self.kind
