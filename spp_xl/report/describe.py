"""What each chart shows, in words: its alternative text, for a reader who cannot see it.

Made from the chart's own series (the numbers it draws), so the words and the picture
cannot disagree. The same text is the chart's description in the .xlsx (Excel's Alt Text)
and each Figure's /Alt in the PDF.
"""

from __future__ import annotations

from ..core.numbers import round_half_up
from ..core.periods import MONTH_NAMES
from .spec import Chart


def months_covered(start_year: int, last_month: int) -> str:
    """The months of a financial year from April to the ``last_month`` (0 for April), in words.

    >>> months_covered(2015, 2), months_covered(2015, 9), months_covered(2015, 0)
    ('April to June 2015', 'April 2015 to January 2016', 'April 2015')
    """
    end_year = start_year + (1 if last_month >= 9 else 0)
    if last_month == 0:
        return f"April {start_year}"
    month = MONTH_NAMES[last_month]
    return (f"April to {month} {start_year}" if end_year == start_year
            else f"April {start_year} to {month} {end_year}")


def _latest(values) -> int | None:
    shown = [i for i, v in enumerate(values) if v is not None]
    return shown[-1] if shown else None


def measure_chart(chart: Chart, subject: str, counted: str, start_year: int, precision: int,
                  rate: bool = False, percent: bool = False) -> str:
    """A measure page's chart: this year's cumulative figure (a rate's year-to-date figure, a
    percentage's year-to-date percentage pooled from its counts) at its latest period, against
    last year's and the target profile's (a percentage's level) at the same period, each with
    the places its table shows.

    e.g. "Reduce Anti-social Behaviour incidents. Cumulative incidents, April to June 2015:
    2,527, against 2,713 last year and a target profile of 2,514."; a percentage's, with
    ``counted`` "of victims surveyed": "Victims satisfied. Year-to-date percentage of victims
    surveyed, April to September 2015: 77.3%, against 80.0% last year and the target of 85.0%."
    """
    roles = {s.role: s for s in chart.series}
    this = roles["this_year"]
    at = _latest(this.values)
    subject = subject.rstrip(". ")
    kind = "Year-to-date percentage" if percent else "Year-to-date" if rate else "Cumulative"
    if at is None:
        return f"{subject}. {kind} {counted}: no figures for this year yet."
    per_quarter = len(chart.categories) == 4
    last_month = at * 3 + 2 if per_quarter else at
    unit = "%" if percent else ""

    def figure(v):  # as the table shows it, places kept
        return f"{round_half_up(v, precision):,.{max(precision, 0)}f}{unit}"

    text = f"{subject}. {kind} {counted}, {months_covered(start_year, last_month)}: {figure(this.values[at])}"
    others = []
    last = roles.get("last_year")
    if last is not None and at < len(last.values) and last.values[at] is not None:
        others.append(f"{figure(last.values[at])} last year")
    target = roles.get("target")
    if target is not None and at < len(target.values) and target.values[at] is not None:
        others.append(f"the target of {figure(target.values[at])}" if percent
                      else f"a target profile of {figure(target.values[at])}")
    return text + (", against " + " and ".join(others) if others else "") + "."


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st.

    >>> [_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def family_chart(chart: Chart, precision: int = 2) -> str:
    """A family-group chart: our figure, where it ranks in the group, and the group's range.

    e.g. "Crimes per 1,000 residents, all crime, 01 Apr 15 - 30 Jun 15, for the 15 partnerships
    of the most similar group: Plymouth 17.90, the 1st highest; the group runs from 10.00 to
    17.90. The table on this page gives every partnership's figure."
    """
    (series,) = chart.series
    ours_at = series.point_roles.index("family_group_us") if "family_group_us" in series.point_roles else None
    us = chart.categories[ours_at] if ours_at is not None else None
    pairs = [(name, v) for name, v in zip(chart.categories, series.values) if v is not None]
    figure = lambda v: f"{v:,.{precision}f}"  # noqa: E731 - the table's own format, places kept
    values = sorted((v for _, v in pairs), reverse=True)
    text = (f"{chart.y_title}, all crime, {series.name}, for the {len(pairs)} partnerships of the most "
            f"similar group")
    ours = series.values[ours_at] if ours_at is not None and ours_at < len(series.values) else None
    if ours is not None:
        rank = values.index(ours) + 1
        text += f": {us} {figure(ours)}, the {_ordinal(rank)} highest"
    if values:
        text += f"; the group runs from {figure(values[-1])} to {figure(values[0])}"
    return text + ". The table on this page gives every partnership's figure."
