"""Commentary drafted from the numbers, in the board report's own register.

Staff may rewrite it in the workbook; their text wins. The draft only states what
the figures show, so it cannot contradict them (the seed's hand-written commentary
calls a 0.3% rise "a reduction of less than 1%" and quotes last year's figure as
the target).
"""

from __future__ import annotations

from .periods import MONTH_NAMES, AsOf, period_phrase


def format_number(value: float, precision: int = 0, signed: bool = False) -> str:
    """A figure as the report prints it: ``10,064``, ``19.32``, ``18``, ``-186``.

    >>> format_number(-186, signed=True), format_number(18.0, 2), format_number(6.44, 2)
    ('-186', '18', '6.44')
    """
    sign = "+" if signed and value > 0 else ""
    if precision == 0:
        return f"{sign}{value:,.0f}"
    text = f"{value:,.{precision}f}".rstrip("0").rstrip(".")
    return f"{sign}{text}"


def format_percent(fraction: float) -> str:
    """A whole-number percentage; below half a percent reads "less than 1%"."""
    if abs(fraction) < 0.005:
        return "less than 1%"
    return f"{abs(fraction):.0%}"


def _when(result, as_of: AsOf) -> tuple[str, str]:
    """("quarter one" / "the year to May", "June"): how the period is named."""
    m = result.measure
    index = result.period_index
    if m.frequency == "quarterly":
        month_index = index * 3 + 2
    else:
        month_index = index
    named = period_phrase(m.frequency, index)
    span = named if named.startswith("quarter") else f"the year to {named}"
    return span, MONTH_NAMES[month_index]


def draft(result, as_of: AsOf) -> list[str]:
    """The drafted sentences for one measure's result."""
    m = result.measure
    if m.is_developing:
        return ["This measure is being developed: its targets and figures will be ready for "
                "reporting at the next board."]
    if result.ytd_actual is None:
        return [f"No figures for {as_of.year.label} have been entered yet."]
    p = m.precision
    span, month = _when(result, as_of)
    sentences = []
    if result.change is not None:
        if result.change == 0:
            sentences.append(f"In {span} the figure is the same as in the same period last year "
                             f"({format_number(result.ytd_actual, p)}).")
        else:
            word = "an increase" if result.change > 0 else "a reduction"
            pct = "" if result.pct_change is None else f"of {format_percent(result.pct_change)} "
            sentences.append(f"In {span} we have seen {word} {pct}({format_number(result.change, p, signed=True)}) "
                             f"compared to the same period last year.")
    else:
        sentences.append(f"In {span} the year-to-date figure is {format_number(result.ytd_actual, p)}; "
                         f"there is no figure for the same period last year to compare with.")
    if m.is_monitoring:
        if result.pct_change is not None and result.change:
            more = "more" if result.change > 0 else "fewer"
            at = span if span.startswith("quarter") else month
            sentences.append(f"At the end of {at} we have recorded {format_percent(result.pct_change)} {more} "
                             f"{m.counted} than the same period last year "
                             f"({format_number(result.ytd_actual, p)} against {format_number(result.last_year_ytd, p)}).")
    else:
        sentences += _target_sentences(result, span, month)
    if result.lagging:
        sentences.append(f"Figures are available to {_period_name(m, result.period)} only; "
                         f"{_period_name(m, result.expected_period)} is not yet in "
                         f"(data lag).{' ' + m.lag_note if m.lag_note else ''}")
    return sentences


def _period_name(measure, period: str) -> str:
    if measure.frequency == "quarterly":
        return period_phrase("quarterly", measure.periods.index(period))
    return MONTH_NAMES[measure.periods.index(period)]


def _target_sentences(result, span: str, month: str) -> list[str]:
    m = result.measure
    p = m.precision
    target = format_number(m.annual_target, p)
    out = []
    if result.ytd_target is not None:
        if result.ytd_actual == result.ytd_target:
            relation = "level with"
        else:
            relation = "above" if result.ytd_actual > result.ytd_target else "below"
        out.append(f"At the end of {month} the year-to-date figure is {format_number(result.ytd_actual, p)}, "
                   f"{relation} the target profile of {format_number(result.ytd_target, p)}.")
    forecast = format_number(round(result.forecast, p), p)
    if result.rag == "green":
        out.append(f"At the end of {span} we are on target to achieve the annual target of {target}: "
                   f"the year-end forecast is {forecast}.")
    elif m.rule == "forecast":
        out.append(f"At the end of {span} we are off target: the year-end forecast is {forecast} against "
                   f"the annual target of {target} ({format_percent(result.shortfall)} short).")
    else:
        basis = "the same period last year" if m.rule == "same_period" else "the target profile"
        out.append(f"At the end of {span} we are {format_percent(result.shortfall)} behind {basis}: "
                   f"the year-end forecast is {forecast} against the annual target of {target}.")
    return out
