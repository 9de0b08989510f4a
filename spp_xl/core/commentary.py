"""Commentary drafted from the numbers, in the board report's own register.

Staff may rewrite it in the workbook; their text wins. The draft only states what the
figures show and says what it compares, so it cannot contradict them (the seed's
hand-written commentary calls a 0.3% rise "a reduction of less than 1%" and quotes
last year's figure as the target).

- Quarter one keeps the seed's wording: "In quarter one we have seen a reduction of 7%
  (-186) compared to the same period last year."
- Later, the year to date says so ("So far this year (April to September) ..."), and
  for a count the quarter alone is set against the same quarter last year.
- At the year end (the measure's figures reach March or quarter four) the words are
  the out-turn's: "The year ended with ... against the target of ...: achieved."
- Words follow the measure's direction: a reduce measure is "over" its target, never
  "short"; where the target profile and the judgement point different ways, a sentence
  says why.
- The banner's performance measure is derived from the annual target (``banner_wording``),
  so the banner and the bullets quote one figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import arithmetic as ar
from .numbers import format_number
from .periods import MONTH_NAMES, AsOf, period_name, point_name, quarter_name


def format_percent(fraction: float) -> str:
    """A whole-number percentage; below half a percent reads "less than 1%"."""
    if abs(fraction) < 0.005:
        return "less than 1%"
    return f"{abs(fraction):.0%}"


# A figure in a measure's wording: not part of a year such as 2015/16.
_FIGURE = re.compile(r"(?<![\d/.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d/])")


def _restated(measure) -> str | None:
    """The measure's wording with its one figure written as the annual target, when it
    states that target: the target itself ("not more than 10,064 incidents"), or the target
    less one step after "more than" ("record more than 6587 crimes" for 6,588, restated
    "record at least 6,588 crimes"). None when it names several figures or another one."""
    text, target, p = measure.measure_wording, measure.annual_target, measure.precision
    found = list(_FIGURE.finditer(text or ""))
    if target is None or len(found) != 1:
        return None
    match = found[0]
    figure = float(match.group().replace(",", ""))
    written = format_number(target, p)
    if abs(figure - target) < 1e-9:
        return text[: match.start()] + written + text[match.end():]
    before = text[: match.start()].rstrip()
    if abs(figure - (target - 10 ** -p)) < 1e-9 and before.lower().endswith("more than"):
        return f"{before[: -len('more than')]}at least {written}{text[match.end():]}"
    return None


def wording_disagrees(measure) -> bool:
    """Whether a measure's wording names a figure other than its annual target (the
    banner then quotes the target, and the checks say so)."""
    return bool(measure.measure_wording and measure.annual_target is not None
                and _FIGURE.search(measure.measure_wording) and _restated(measure) is None)


def banner_wording(measure) -> str:
    """The performance measure as the banner prints it, derived from the annual target so
    that the banner, the bullets and the table quote one figure in one form.

    >>> from spp_xl.core.register import Measure
    >>> banner_wording(Measure("dv", "DV", "increase", "monthly", annual_target=6588,
    ...                        measure_wording="record more than 6587 crimes"))
    'record at least 6,588 crimes'
    """
    restated = _restated(measure)
    if restated is not None:
        return restated
    if measure.measure_wording and not _FIGURE.search(measure.measure_wording):
        return measure.measure_wording
    percent = "%" if measure.unit == "percent" else ""  # a percentage's target is a level
    return f"annual target {format_number(measure.annual_target, measure.precision)}{percent}"


@dataclass(frozen=True)
class _When:
    """How a result's point in the year is named."""

    end_month: int  # 0 = April: the last month the measure's figures cover
    quarterly: bool
    year_end: bool

    @property
    def first_quarter(self) -> bool:
        return self.end_month <= 2

    @property
    def point(self) -> str:
        """'quarter two' at a quarter's end (or for a quarterly measure), else the month."""
        return point_name(self.end_month, self.quarterly)

    @property
    def table_point(self) -> str:
        """Where the table's row is read: the month, or the quarter for a quarterly measure."""
        return quarter_name(self.end_month // 3) if self.quarterly else MONTH_NAMES[self.end_month]

    @property
    def seed_span(self) -> str:
        """Quarter one's wording: 'quarter one', or 'the year to May' before June."""
        return quarter_name(0) if self.end_month == 2 else f"the year to {MONTH_NAMES[self.end_month]}"


def months_span(first: int, last: int) -> str:
    """'July', 'July and August', 'April to September'.

    >>> months_span(3, 3), months_span(3, 4), months_span(0, 5)
    ('July', 'July and August', 'April to September')
    """
    if first == last:
        return MONTH_NAMES[first]
    joiner = " and " if last == first + 1 else " to "
    return f"{MONTH_NAMES[first]}{joiner}{MONTH_NAMES[last]}"


def draft(result, as_of: AsOf) -> list[str]:
    """The drafted sentences for one measure's result."""
    m = result.measure
    if m.is_developing:
        return ["This measure is being developed: its targets and figures will be ready for "
                "reporting at the next board."]
    if result.ytd_actual is None:
        return [_nothing_to_date(result, as_of)]
    i = result.period_index
    quarterly = m.frequency == "quarterly"
    when = _When(i * 3 + 2 if quarterly else i, quarterly, result.is_year_end)
    if when.year_end:
        sentences = _year_end(result, when)
    else:
        sentences = [_comparison(result, when)] + _quarter_alone(result, when)
        sentences += _monitoring(result, when) if m.is_monitoring else _target_sentences(result, when)
    if short_of_report(result):
        sentences.append(lag_sentence(result, as_of))
    return sentences


def _nothing_to_date(result, as_of: AsOf) -> str:
    """Why a measure has no year to date at the period reported: nothing typed yet, or an early
    period left blank with later figures typed (a blank period leaves every later total unknown)."""
    m, rows = result.measure, result.rows
    upto = m.periods.index(result.expected_period) + 1 if rows is not None and result.expected_period else 0
    if rows is None or not upto:
        return f"No figures for {as_of.year.label} have been entered yet."
    if rows.counts is not None:  # a percentage's period is typed when both its counts are
        this = rows.counts[0]
        typed = [n is not None and d is not None for n, d in zip(this.numerator, this.denominator)]
    else:
        typed = [v is not None or c is not None for v, c in zip(rows.this_year, rows.this_cumulative)]
    if not any(typed[:upto]):
        return f"No figures for {as_of.year.label} have been entered yet."
    missing = period_name(m.frequency, typed.index(False))
    return (f"No year-to-date figure can be given for {as_of.year.label}: {missing} is missing, though later "
            "figures are typed (the data-quality notes say where).")


def _fmt(result, value: float, signed: bool = False) -> str:
    p = result.measure.precision
    return format_number(value, p, signed)


def _changed(result, change: float, pct: float | None) -> str:
    """'an increase of 6% (+21)', 'a reduction of less than 1% (-4)'."""
    word = "an increase" if change > 0 else "a reduction"
    of = "" if pct is None else f"of {format_percent(pct)} "
    return f"{word} {of}({_fmt(result, change, signed=True)})"


def _comparison(result, when: _When) -> str:
    """The year to date against the same period last year."""
    lead = f"In {when.seed_span}" if when.first_quarter else f"So far this year ({months_span(0, when.end_month)})"
    if result.change is None:
        return (f"{lead} the year-to-date figure is {_fmt(result, result.ytd_actual)}; there is no figure for "
                f"the same period last year to compare with.")
    if result.change == 0:
        return f"{lead} the figure is the same as in the same period last year ({_fmt(result, result.ytd_actual)})."
    figures = "" if when.first_quarter else \
        f" ({_fmt(result, result.ytd_actual)} against {_fmt(result, result.last_year_ytd)})"
    return (f"{lead} we have seen {_changed(result, result.change, result.pct_change)} compared to the same "
            f"period last year{figures}.")


def _quarter_alone(result, when: _When) -> list[str]:
    """The latest quarter on its own against the same months last year, for counts (a
    year-to-date figure hides a quarter that went the other way)."""
    m, rows = result.measure, result.rows
    if when.first_quarter or m.unit != "count" or rows is None:
        return []
    i = result.period_index
    first = when.end_month // 3 * 3
    indexes = [i] if when.quarterly else list(range(first, i + 1))
    this = [rows.this_year[k] for k in indexes]
    last = [rows.last_year[k] for k in indexes]
    if any(v is None for v in this):
        return []
    complete = when.end_month % 3 == 2
    if complete:
        name = f"{quarter_name(when.end_month // 3)} alone ({months_span(first, when.end_month)})"
        same = "the same quarter last year"
    else:
        name = f"{months_span(first, when.end_month)} alone"
        same = "the same month last year" if first == when.end_month else "the same months last year"
    now = sum(this)
    lead = f"In {name} there were {_fmt(result, now)} {m.counted}"
    if any(v is None for v in last):
        return [f"{lead}; there is no figure for {same} to compare with."]
    before = sum(last)
    if now == before:
        return [f"{lead}, the same as in {same}."]
    pct = (now - before) / before if before else None
    return [f"{lead} against {_fmt(result, before)} in {same}: {_changed(result, now - before, pct)}."]


def _monitoring(result, when: _When) -> list[str]:
    """Quarter one's second sentence on a monitoring-only measure (later, the year to date's
    sentence quotes the figures itself)."""
    if result.pct_change is None or not result.change or not when.first_quarter:
        return []
    more = "more" if result.change > 0 else "fewer"
    return [f"At the end of {when.point} we have recorded {format_percent(result.pct_change)} {more} "
            f"{result.measure.counted} than the same period last year "
            f"({_fmt(result, result.ytd_actual)} against {_fmt(result, result.last_year_ytd)})."]


def _off_by(result, fraction: float) -> str:
    """'17% short' for a measure to increase, '3% over' for one to reduce."""
    return f"{format_percent(fraction)} {'short' if result.measure.direction == 'increase' else 'over'}"


def _target_sentences(result, when: _When) -> list[str]:
    m = result.measure
    target = format_number(m.annual_target, m.precision)
    out = []
    if result.ytd_target is not None:
        if result.ytd_actual == result.ytd_target:
            relation = "level with"
        else:
            relation = "above" if result.ytd_actual > result.ytd_target else "below"
        out.append(f"At the end of {when.table_point} the year-to-date figure is {_fmt(result, result.ytd_actual)}, "
                   f"{relation} the target profile of {_fmt(result, result.ytd_target)}.")
    forecast = _fmt(result, result.forecast)
    if result.rag == "green":
        out.append(f"At the end of {when.point} we are on target to achieve the annual target of {target}: "
                   f"the year-end forecast is {forecast}.")
    elif m.rule == "forecast":
        out.append(f"At the end of {when.point} we are off target: the year-end forecast is {forecast} against "
                   f"the annual target of {target} ({_off_by(result, result.shortfall)}).")
    else:
        basis = "the same period last year" if m.rule == "same_period" else "the target profile"
        side = "behind" if m.direction == "increase" else "above"
        out.append(f"At the end of {when.point} we are {format_percent(result.shortfall)} {side} {basis}: "
                   f"the year-end forecast is {forecast} against the annual target of {target}.")
    why = _why(result, when)
    return out + ([why] if why else [])


def _shares(a: float, b: float) -> tuple[str, str]:
    """Two fractions as percentages, with a decimal place when whole ones would read alike."""
    whole = (f"{a:.0%}", f"{b:.0%}")
    return whole if whole[0] != whole[1] else (f"{a:.1%}", f"{b:.1%}")


def _why(result, when: _When) -> str | None:
    """Why the judgement goes the other way from the target profile, when it does."""
    m = result.measure
    if result.ytd_target is None or result.rag not in ("green", "amber", "red") \
            or result.ytd_actual == result.ytd_target:
        return None
    behind_profile = ar.shortfall(result.ytd_actual, result.ytd_target, m.direction) > 0
    if behind_profile != (result.rag == "green"):
        return None
    if m.rule == "same_period" and result.last_year_ytd is not None:
        return (f"The judgement compares the year to date with the same period last year "
                f"({_fmt(result, result.last_year_ytd)}), not with the target profile.")
    if m.rule == "forecast" and result.forecast_method == "last_year_shape":
        last_share, profile_share = _shares(result.last_year_ytd / result.last_year_outturn,
                                            result.ytd_target / m.annual_target)
        return (f"The judgement follows the forecast, which follows last year's shape: last year {last_share} of "
                f"the year's {_fmt(result, result.last_year_outturn)} came by the end of {when.table_point} "
                f"({_fmt(result, result.last_year_ytd)}), where the profile expects {profile_share}.")
    return ("The judgement follows the year-end forecast (the year to date carried on at the same rate), "
            "not the rounded target profile.")


def _year_end(result, when: _When) -> list[str]:
    """The out-turn's words: what the year ended with, against the target or last year."""
    m = result.measure
    ended = f"The year ended with {_fmt(result, result.ytd_actual)} {m.counted}"
    if m.is_monitoring:
        if result.change is None:
            first = f"{ended}; there is no figure for last year to compare with."
        elif result.change == 0:
            first = f"{ended}, the same as last year."
        else:
            more = "more" if result.change > 0 else "fewer"
            first = (f"{ended}, {format_percent(result.pct_change or 0)} {more} than last year "
                     f"({_fmt(result, result.last_year_ytd)}).")
        return [first] + _quarter_alone(result, when)
    verdict = "achieved" if result.rag == "green" else f"not achieved ({_off_by(result, result.shortfall)})"
    out = [f"{ended} against the target of {format_number(m.annual_target, m.precision)}: {verdict}."]
    if result.change is not None and result.change != 0:
        out.append(f"Over the year ({months_span(0, 11)}) we have seen "
                   f"{_changed(result, result.change, result.pct_change)} compared to last year "
                   f"({_fmt(result, result.last_year_ytd)}).")
    elif result.change == 0:
        out.append(f"Over the year ({months_span(0, 11)}) the figure is the same as last year.")
    return out + _quarter_alone(result, when)


def _period_name(measure, period: str) -> str:
    return period_name(measure.frequency, measure.periods.index(period))


def short_of_report(result) -> bool:
    """Whether the measure's figures stop before the period the report is made to: lagging, or a
    quarter part-way through (August: quarter one the latest, quarter two ending in September)."""
    return result.lagging or (result.period is not None and result.expected_period is not None
                              and result.period != result.expected_period)


def lag_sentence(result, as_of: AsOf) -> str:
    """The sentence saying a measure's figures stop short of the period the report is made to."""
    m = result.measure
    have, expected = _period_name(m, result.period), _period_name(m, result.expected_period)
    expected_end = m.periods.index(result.expected_period) * 3 + 2
    if m.frequency == "quarterly" and as_of.month_index < expected_end:
        return f"Figures are available to {have}; {expected} ends in {MONTH_NAMES[expected_end]}."
    note = f" {m.lag_note}" if m.lag_note else ""
    return f"Figures are available to {have} only; {expected} is not yet in (data lag).{note}"
