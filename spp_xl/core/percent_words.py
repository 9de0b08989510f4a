"""The drafted commentary of a percentage made of counts, in the board report's register.

"So far this year 77% of victims surveyed were satisfied (85 of 110), against the target of
85%." The counts are always quoted beside the percentage, so the board sees how many people
it rests on; the change on last year is in percentage points; a percentage of too few people
is not judged, and where chance alone could explain the difference from the target (the
target inside the 95% interval), the words say so.

The register's words make the sentence: ``denominator = "victims surveyed"`` and
``numerator = "victims satisfied"`` share their first word, and what the numerator adds
("satisfied") is what they were: "77% of victims surveyed were satisfied". Words that do
not fit that pattern are quoted whole ("77% of victims surveyed (85 of 110) counted as ...").
"""

from __future__ import annotations

from .arithmetic import shortfall
from .commentary import format_percent, lag_sentence, months_span, short_of_report
from .numbers import format_number, round_half_up
from .periods import MONTH_NAMES, AsOf, point_name, quarter_name


def draft_percent(result, as_of: AsOf) -> list[str]:
    """The drafted sentences for a percent measure's result at the period it is reported to."""
    m, c = result.measure, result.counts
    i = result.period_index
    end_month = i * 3 + 2 if m.frequency == "quarterly" else i
    if result.is_year_end:
        lead = "Over the year"
    elif end_month <= 2:
        lead = "In quarter one" if end_month == 2 else f"In the year to {MONTH_NAMES[end_month]}"
    else:
        lead = "So far this year"
    if result.ytd_actual is None:
        sentences = [f"{lead} no {m.denominator} have been counted yet, so there is no percentage to report."]
    else:
        places = _places(result)
        sentences = [f"{lead} {share(m, result.ytd_actual, c.numerator, c.denominator, places)}"
                     f"{_against(result, places)}."]
        if end_month > 2:
            sentences += _alone(result, end_month)
        sentences.append(_on_last_year(result))
        if result.not_judged:
            sentences.append(_too_few(result))
        else:
            sentences += _judgement(result, point_name(end_month, m.frequency == "quarterly")) + [_chance(result)]
    if short_of_report(result):
        sentences.append(lag_sentence(result, as_of))
    return sentences


def share(measure, value: float, numerator: float, denominator: float, places: int = 0) -> str:
    """'77% of victims surveyed were satisfied (85 of 110)', the percentage to ``places`` decimal places.

    >>> from spp_xl.core.register import Measure
    >>> m = Measure("s", "S", "increase", "quarterly", numerator="victims satisfied",
    ...             denominator="victims surveyed")
    >>> share(m, 85 / 110 * 100, 85, 110)
    '77% of victims surveyed were satisfied (85 of 110)'
    """
    figure, counts = percent_text(value, places), f"{format_number(numerator)} of {format_number(denominator)}"
    what = _what_they_were(measure.numerator, measure.denominator)
    if what is None:
        return f"{figure} of {measure.denominator} ({counts}) counted as {measure.numerator}"
    return f"{figure} of {measure.denominator} {what} ({counts})"


def _what_they_were(numerator: str, denominator: str) -> str | None:
    """What the numerator's words say of the denominator's people: 'were satisfied', 'were not
    returned to court', 'had an improved score'; None when the words do not share their head."""
    top, bottom = numerator.split(), denominator.split()
    shared = 0
    while shared < min(len(top), len(bottom)) - 1 and top[shared].lower() == bottom[shared].lower():
        shared += 1
    rest = top[shared:]
    if not shared or not rest:
        return None
    if rest[0].lower() == "with":
        return " ".join(["had", *rest[1:]])
    if rest[0].lower() in ("not", "still", "no", "now") or rest[0].lower().endswith("ed"):
        return " ".join(["were", *rest])
    return None


def percent_text(value: float, places: int = 0) -> str:
    """A percentage in words, rounded half up as people do: '77%', '63%' for 62.5; a level
    shown with ``places`` decimal places where a whole number would hide a difference.

    >>> percent_text(62.5), percent_text(85 / 110 * 100), percent_text(84.96, 1)
    ('63%', '77%', '85%')
    """
    return f"{format_number(value, places)}%"


def interval_text(interval: tuple[float, float], places: int) -> str:
    """An interval's two ends as a range, both to the same decimal places when either has any,
    so that a whole end does not read as less precise than the other.

    >>> interval_text((56.97, 93.43), 1), interval_text((68.6, 84.1), 1), interval_text((60.02, 79.98), 1)
    ('57.0% to 93.4%', '68.6% to 84.1%', '60% to 80%')
    """
    ends = [format_number(v, places) for v in interval]
    if any("." in end for end in ends):
        ends = [f"{round_half_up(v, places):.{places}f}" for v in interval]
    return f"{ends[0]}% to {ends[1]}%"


def _places(result) -> int:
    """The decimal places the year to date and its level are quoted to: none, unless whole
    numbers would make a percentage that differs from its level, at the measure's precision,
    read as the level (84.9% against 85%, not 85% against 85%)."""
    m = result.measure
    if m.annual_target is None or percent_text(result.ytd_actual) != percent_text(m.annual_target):
        return 0
    return m.precision


def _against(result, places: int) -> str:
    m = result.measure
    if m.annual_target is None:
        return ""
    level = percent_text(m.annual_target, places)
    if m.is_monitoring:
        return f", against the level of {level} (monitoring only)"
    verdict = ""
    if result.is_year_end and not result.not_judged:
        verdict = ": achieved" if result.rag == "green" else f": not achieved ({_off(result)})"
    return f", against the target of {level}{verdict}"


def _off(result) -> str:
    """'7.7 percentage points below the target, 9% of it'."""
    m = result.measure
    points = abs(result.ytd_actual - m.annual_target)
    side = "below" if result.ytd_actual < m.annual_target else "above"
    share_of = format_percent(shortfall(result.ytd_actual, m.annual_target, m.direction))
    return f"{_points(points, m.precision)} {side} the target, {share_of} of it"


def _points(points: float, precision: int) -> str:
    text = format_number(points, precision)
    return f"{text} percentage point{'' if text == '1' else 's'}"


def _alone(result, end_month: int) -> list[str]:
    """The latest quarter on its own (a year to date hides a quarter that went the other way)."""
    m, this = result.measure, result.rows.counts[0]
    quarterly = m.frequency == "quarterly"
    first = result.period_index if quarterly else end_month // 3 * 3
    counts = this.alone(first, result.period_index)
    if counts is None:
        return []
    start = end_month // 3 * 3
    if end_month % 3 == 2:
        name = f"{quarter_name(end_month // 3)} alone ({months_span(start, end_month)})"
    else:
        name = f"{months_span(start, end_month)} alone"
    if not counts[1]:  # nobody counted: the year to date is the quarters before's alone
        return [f"In {name} no {m.denominator} were counted."]
    return [f"In {name} {share(m, counts[0] / counts[1] * 100, *counts)}."]


def _on_last_year(result) -> str:
    m, c = result.measure, result.counts
    same = "the year before" if result.is_year_end else "the same period last year"
    if result.last_year_ytd is None:
        return f"There is no figure for {same} to compare with."
    last = f"{percent_text(result.last_year_ytd)}, {format_number(c.last_numerator)} of " \
           f"{format_number(c.last_denominator)}"
    if format_number(result.change, m.precision) == "0":
        return f"That is the same as in {same} ({last})."
    word = "higher" if result.change > 0 else "lower"
    return f"That is {_points(abs(result.change), m.precision)} {word} than in {same} ({last})."


def _judgement(result, point: str) -> list[str]:
    if result.measure.is_monitoring or result.is_year_end or result.rag not in ("green", "amber", "red"):
        return []
    if result.rag == "green":
        return [f"At the end of {point} we are on target."]
    return [f"At the end of {point} we are off target: {_off(result)}."]


def _interval_text(result) -> str:
    """The interval in whole numbers, or to the measure's precision where a whole end would read as
    the level itself ("from 59% to 85%" of an interval that stops at 84.7%, short of 85%)."""
    m, (low, high) = result.measure, result.counts.interval
    level = None if m.annual_target is None else percent_text(m.annual_target)
    if level in (percent_text(low), percent_text(high)):
        return f"the 95% interval runs from {interval_text((low, high), m.precision)}"
    return f"the 95% interval runs from {percent_text(low)} to {percent_text(high)}"


def _chance(result) -> str:
    """Whether chance alone, for so few people, could explain the difference from the target: whether
    the interval, as the words give it (to the measure's precision), holds the target."""
    m, c = result.measure, result.counts
    people = f"{format_number(c.denominator)} {m.denominator}"
    if m.annual_target is None or m.is_monitoring:
        return f"With {people}, {_interval_text(result)}."
    low, high = (round_half_up(v, m.precision) for v in c.interval)
    if low <= m.annual_target <= high:
        return (f"The difference from the target is within what chance gives for so few people: with {people}, "
                f"{_interval_text(result)}, which holds the target.")
    return (f"With {people}, {_interval_text(result)}: the difference from the target is more than chance alone "
            "would give.")


def _too_few(result) -> str:
    m, c = result.measure, result.counts
    return (f"It is not judged until {format_number(c.needed)} {m.denominator} are counted "
            f"({format_number(c.denominator)} so far): with so few people chance alone moves a percentage a lot "
            f"({_interval_text(result)}).")
