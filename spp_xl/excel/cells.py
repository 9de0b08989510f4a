"""Excel values in, the core's arithmetic, Excel values out: what the custom functions do.

Excel hands a custom function two-dimensional lists (one inner list per row; blank
cells as ``None``; numbers as floats; text as str) or single values. Each function here
turns those into the plain rows ``spp_xl.core.arithmetic`` works on, calls it once, and
gives back a result shaped like its input (a row stays a row, a column a column) so
that it spills as a dynamic array. Problems raise :class:`UdfError` with a message that
names the argument; ``udfs.readable`` puts the function's name in front of it.

Nothing here imports xlwings: these functions are tested as plain Python.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..core import arithmetic as ar
from ..core.dataset import yes_or_no
from ..core.framework import framework
from ..core.engine import row_outturn


class UdfError(ValueError):
    """A bad argument to a custom function; the message goes into the cell."""


# ---------------------------------------------------------------- reading arguments


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def grid(value: Any) -> list[list[Any]]:
    """Any argument as a two-dimensional list (a lone value is a 1 x 1 grid)."""
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(row, (list, tuple)) for row in value):
            return [list(row) for row in value]
        return [list(value)]
    return [[value]]


def line(value: Any, name: str) -> tuple[list[Any], bool]:
    """One row or one column of cells, flattened; the bool says it was a column."""
    cells = grid(value)
    if len(cells) > 1 and all(len(row) == 1 for row in cells):
        return [row[0] for row in cells], True
    if len(cells) == 1:
        return cells[0], False
    raise UdfError(f"{name} must be one row or one column, not {len(cells)} x {len(cells[0])} cells")


LARGEST = 1e15  # far beyond any count or rate the partnership reports; keeps Decimal arithmetic exact
MOST_PERIODS = 366  # a profile spills one cell per period


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise UdfError(f"{name} must be a number, not {value}")
    figure = None
    if isinstance(value, (int, float)):
        figure = float(value)
    elif isinstance(value, str):
        try:
            figure = float(value.replace(",", "").strip())
        except ValueError:
            pass
    if figure is None or figure != figure:  # not a number, or NaN
        raise UdfError(f"{name} must be a number, not {value!r}")
    if abs(figure) > LARGEST:
        raise UdfError(f"{name} is too large ({figure:g})")
    return figure


def numbers(value: Any, name: str) -> tuple[list[float | None], bool]:
    """A row or column of figures; blanks (and empty text) are None, never zero."""
    cells, is_column = line(value, name)
    return [None if _is_blank(v) else _number(v, name) for v in cells], is_column


def number(value: Any, name: str, default: float | None = None) -> float:
    """One figure; a missing optional argument (None or a blank cell) gives ``default``."""
    if isinstance(value, (list, tuple)):
        cells = [c for row in grid(value) for c in row]
        if len(cells) != 1:
            raise UdfError(f"{name} must be one cell, not a range of {len(cells)}")
        value = cells[0]
    if _is_blank(value):
        if default is None:
            raise UdfError(f"{name} is blank")
        return default
    return _number(value, name)


def whole(value: Any, name: str, default: int | None = None, minimum: int = 0) -> int:
    """A whole number of at least ``minimum``."""
    figure = number(value, name, None if default is None else float(default))
    if not figure.is_integer() or figure < minimum:
        raise UdfError(f"{name} must be a whole number of {minimum} or more, not {figure:g}")
    return int(figure)


def text(value: Any, name: str, default: str | None = None) -> str:
    """One cell's text, trimmed and lower-cased for comparison."""
    if isinstance(value, (list, tuple)):
        value = _one_cell(value, name)
    if _is_blank(value):
        if default is None:
            raise UdfError(f"{name} is blank")
        return default
    return str(value).strip().lower()


def _one_cell(value: Any, name: str) -> Any:
    cells = [c for row in grid(value) for c in row]
    if len(cells) != 1:
        raise UdfError(f"{name} must be one cell, not a range of {len(cells)}")
    return cells[0]


def direction(value: Any, allowed: Sequence[str] = ("increase", "reduce")) -> str:
    """increase or reduce (or monitor where ``allowed`` says so), case-insensitively."""
    given = text(value, "direction")
    if given not in allowed:
        raise UdfError(f"direction must be {' or '.join(allowed)}")
    return given


def tolerance(value: Any) -> float:
    """The amber band as a fraction: the framework's (0.15, a cell showing 15%) by default."""
    figure = number(value, "tolerance", framework().tolerance)
    if not 0 <= figure < 1:
        raise UdfError(f"tolerance must be a fraction such as 0.15 (15%), not {figure:g}")
    return figure


def flag(value: Any, name: str) -> bool:
    """TRUE/FALSE, 1/0 or yes/no; blank or missing is FALSE."""
    if isinstance(value, (list, tuple)):
        value = _one_cell(value, name)
    if _is_blank(value):
        return False
    if isinstance(value, (bool, int, float)):
        return bool(value)
    said = yes_or_no(value)
    if said is None:
        raise UdfError(f"{name} must be TRUE or FALSE, not {value!r}")
    return said


# ---------------------------------------------------------------- writing results


def shaped(values: Sequence[Any], as_column: bool) -> list[list[Any]]:
    """A result laid out like the input: one row, or one column, that spills."""
    return [[v] for v in values] if as_column else [list(values)]


def _same_length(a: Sequence, b: Sequence, first: str, second: str) -> None:
    if len(a) != len(b):
        raise UdfError(f"{first} has {len(a)} cells but {second} has {len(b)}")


def _default_precision(target: float) -> int:
    # The seed rounds counts to whole numbers and rates to 0.01 (77.3 -> 6.44 a month).
    return 0 if float(target).is_integer() else 2


# ---------------------------------------------------------------- the functions


def profile(annual_target, periods, direction_, precision=None, last_year=None) -> list[list[float]]:
    """See ``udfs.SPP_PROFILE``."""
    target = number(annual_target, "annual_target")
    if isinstance(periods, (list, tuple)) and len([c for row in grid(periods) for c in row]) > 1:
        count = len(line(periods, "periods")[0])  # a header row Apr..Mar counts its cells
    else:
        count = whole(periods, "periods", minimum=1)
    if count > MOST_PERIODS:
        raise UdfError(f"periods must be at most {MOST_PERIODS}, not {count}")
    way = direction(direction_)
    places = whole(precision, "precision", _default_precision(target))
    if places > 6:
        raise UdfError(f"precision must be between 0 and 6, not {places}")
    if not _is_blank_arg(last_year):
        shape, _ = numbers(last_year, "last_year")
        if any(v is not None for v in shape):
            if len(shape) != count:
                raise UdfError(f"last_year has {len(shape)} cells but there are {count} periods")
            return shaped(ar.seasonal_profile(target, shape, places), False)
    return shaped(ar.straight_profile(target, count, way, places), False)


def _is_blank_arg(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_is_blank(c) for row in grid(value) for c in row)
    return _is_blank(value)


def cumulative(values) -> list[list[float | None]]:
    """See ``udfs.SPP_CUMULATIVE``."""
    figures, is_column = numbers(values, "range")
    return shaped(ar.cumulative(figures), is_column)


def periods_from_ytd(ytd) -> list[list[float | None]]:
    """See ``udfs.SPP_PERIODS``."""
    figures, is_column = numbers(ytd, "ytd_range")
    return shaped(ar.periods_from_ytd(figures), is_column)


def change(this_year, last_year, as_fraction=False) -> list[list[float | None]]:
    """See ``udfs.SPP_CHANGE``."""
    now, is_column = numbers(this_year, "this_year")
    before, _ = numbers(last_year, "last_year")
    _same_length(now, before, "this_year", "last_year")
    index = 1 if flag(as_fraction, "as_fraction") else 0
    return shaped([None if c is None else c[index] for c in ar.change(now, before)], is_column)


def forecast(this_year, last_year, entered_as="period", at_period=None, last_outturn=None) -> float:
    """See ``udfs.SPP_FORECAST``. The same steps as ``engine.evaluate``: cumulate both
    years, take the period reported (the latest with figures unless ``at_period`` says),
    then ``arithmetic.forecast``. Last year's out-turn is the one its row gives, else the one
    typed (``last_outturn``), as ``engine.outturn`` takes it."""
    entry = text(entered_as, "entered_as", "period")
    if entry not in ("period", "ytd"):
        raise UdfError("entered_as must be period or ytd")
    now, _ = numbers(this_year, "this_year")
    before, _ = numbers(last_year, "last_year")
    _same_length(now, before, "this_year", "last_year")
    _, now_cum = ar.as_entered(now, entry)
    _, before_cum = ar.as_entered(before, entry)
    from_row = row_outturn(before, entry)
    if from_row is None and not _is_blank_arg(last_outturn):
        from_row = number(last_outturn, "last_outturn")
    last_outturn = from_row
    if _is_blank_arg(at_period):
        i = ar.latest_index(now_cum)
        if i is None:
            raise UdfError("this_year has no figures yet")
    else:
        i = whole(at_period, "at_period", minimum=1) - 1
        if i >= len(now_cum) or now_cum[i] is None:
            raise UdfError(f"this_year has no year-to-date figure for period {i + 1}")
    return ar.forecast(now_cum[i], i + 1, len(now_cum), last_outturn, before_cum[i])[0]


def judgement(forecast_, annual_target, direction_, tolerance_=None) -> str:
    """See ``udfs.SPP_JUDGEMENT``."""
    fw = framework()
    way = direction(direction_, ("increase", "reduce", "monitor"))
    if way == "monitor":
        return fw.style("monitor").label
    if _is_blank_arg(forecast_):
        return fw.style("none").label
    band = tolerance(tolerance_)
    short = ar.shortfall(number(forecast_, "forecast"), number(annual_target, "annual_target"), way)
    return fw.style(ar.rag(short, band)).label


def phrase(judgement_, tolerance_=None, trend=None) -> str:
    """See ``udfs.SPP_PHRASE``."""
    fw = framework()
    given = text(judgement_, "judgement")
    names = {key: key for key in fw.rags}
    names.update({fw.style(key).label.lower(): key for key in fw.rags})
    if given not in names:
        labels = ", ".join(fw.style(k).label for k in fw.rags)
        raise UdfError(f"judgement must be one of {labels}, not {given!r}")
    way = text(trend, "trend", "")
    if way and way not in fw.trends:
        raise UdfError(f"trend must be {', '.join(fw.trends)} or blank, not {way!r}")
    return fw.phrase(names[given], tolerance(tolerance_), way or None)


def gap(neighbourhood_crimes, neighbourhood_population, n=None) -> float:
    """See ``udfs.SPP_GAP``."""
    crimes = [c for row in grid(neighbourhood_crimes) for c in row]
    people = [c for row in grid(neighbourhood_population) for c in row]
    _same_length(crimes, people, "neighbourhood_crimes", "neighbourhood_population")
    pairs = [(c, p) for c, p in zip(crimes, people) if not (_is_blank(c) and _is_blank(p))]
    if any(_is_blank(c) or _is_blank(p) for c, p in pairs):
        raise UdfError("every neighbourhood needs both a crime count and a population")
    count = whole(n, "n", 10, minimum=1)  # n above the number of neighbourhoods takes them all
    return ar.crime_gap([_number(c, "neighbourhood_crimes") for c, _ in pairs],
                        [_number(p, "neighbourhood_population") for _, p in pairs], count)
