"""Where a figure belongs, and the checks on a percentage's counts.

A figure's id names a measure (``asb``) or one of a percentage's counts
(``asb_victim_satisfaction.numerator``: ``dataset.count_id``). Figures that go nowhere are
never dropped without a word: those typed for a measure still being developed (a warning
saying to make it active with its target), a percentage typed where its counts go, or counts
typed for a measure that is not a percentage of counts (errors: the report would otherwise
show the measure without them). A percentage's counts are checked as counts (negative,
fractional, far from their neighbours and last year, repeated) and as a pair: a numerator
above its denominator, a numerator with nobody in the denominator, or one count of a
period typed without the other is an error naming where.

The findings are returned as the fields of ``checks.Finding`` (the checks make them), so that
this module stands beside the checks rather than inside them.
"""

from __future__ import annotations

from dataclasses import replace

from .dataset import COUNT_PARTS, Dataset, count_id, split_count_id
from .numbers import format_number
from .periods import ANNUAL
from .register import Measure, Register

# What becomes of a figure, by its id (``owner``).
FIGURE, COUNT, UNKNOWN = "figure", "count", "unknown"
DEVELOPING, PERCENT_TYPED, NOT_COUNTS = "developing", "percent typed", "not counts"
MISPLACED = (DEVELOPING, PERCENT_TYPED, NOT_COUNTS)


def count_row(measure: Measure, part: str) -> Measure:
    """One of a percentage's counts as a measure of its own, for the checks a count gets: a
    whole number, by period, compared with its neighbours and last year."""
    words = measure.numerator if part == "numerator" else measure.denominator
    return replace(measure, id=count_id(measure.id, part), unit="count", entry="period", precision=0,
                   annual_target=None, counted=words or part, title=f"{measure.title} ({words or part})")


def checked_rows(measure: Measure) -> tuple[Measure, ...]:
    """The rows of figures a measure's checks run on: its own, or a percentage's two counts."""
    return tuple(count_row(measure, part) for part in COUNT_PARTS) if measure.is_counts else (measure,)


def owner(register: Register, figure_id: str) -> tuple[str, Measure | None]:
    """What a figure's id makes of it: (``FIGURE``, the measure), (``COUNT``, the count's row),
    one of ``MISPLACED`` with the measure it was meant for, or (``UNKNOWN``, None)."""
    split = split_count_id(figure_id)
    if split is not None and split[0] in register:
        measure = register.get(split[0])
        if measure.is_developing:
            return DEVELOPING, measure
        return (COUNT, count_row(measure, split[1])) if measure.is_counts else (NOT_COUNTS, measure)
    if figure_id not in register:
        return UNKNOWN, None
    measure = register.get(figure_id)
    if measure.is_developing:
        return DEVELOPING, measure
    return (PERCENT_TYPED, measure) if measure.is_counts else (FIGURE, measure)


def register_order(register: Register, figure_id: str) -> int:
    """Where a finding about a figure sorts: its measure's place in the register (a count's,
    its percentage's), after every measure for an id the register does not know."""
    order = {m.id: i for i, m in enumerate(register)}
    split = split_count_id(figure_id)
    return order.get(split[0] if split and split[0] in order else figure_id, len(order))


def _place(rows) -> str:
    first = rows[0].where
    return first + (f" (and {len(rows) - 1} more)" if len(rows) > 1 and first else "")


def _figures(rows) -> str:
    return "its figure is" if len(rows) == 1 else f"its {len(rows)} figures are"


def misplaced(kind: str, measure: Measure, rows: list) -> dict:
    """One finding (as ``Finding``'s fields) for the figures typed where ``measure`` does not use them."""
    year, period = (rows[0].year.label, rows[0].period) if len(rows) == 1 else (None, None)
    if kind == DEVELOPING:
        target = "" if measure.is_monitoring else " with its annual_target"
        counts = (" (a percentage is entered as counts: entry = \"counts\", with numerator and denominator)"
                  if measure.unit == "percent" and not measure.is_counts else "")
        message = (f"figures are typed for {measure.id!r}, a measure still being developed, so {_figures(rows)} "
                   f"not reported: to report them, make it active (status = \"active\"){target}{counts}")
        return dict(severity="warning", measure=measure.id, year=year, period=period, message=message,
                    where=_place(rows))
    if kind == PERCENT_TYPED:
        message = (f"{measure.id!r} is a percentage made of counts: type its figures as two rows a period, "
                   f"{count_id(measure.id, 'numerator')!r} ({measure.numerator}) and "
                   f"{count_id(measure.id, 'denominator')!r} ({measure.denominator}), not the percentage; until "
                   f"then {_figures(rows)} not used")
    else:
        message = (f"{rows[0].measure!r} is typed as one of a percentage's counts, but {measure.id!r} is a "
                   f"{measure.unit}, not a percentage made of counts: type its figures as {measure.id!r} (until "
                   f"then {_figures(rows)} not used)")
    return dict(severity="error", measure=measure.id, year=year, period=period, message=message,
                where=_place(rows).replace(", column value", ", column measure"))


def developing_figures(register: Register, dataset: Dataset) -> list[dict]:
    """The findings (as ``Finding``'s fields) on figures typed for measures still being
    developed, one a measure: what the commands that build a workbook print."""
    rows: dict = {}
    for obs in dataset.observations:
        kind, measure = owner(register, obs.measure)
        if kind == DEVELOPING:
            rows.setdefault(measure, []).append(obs)
    return [misplaced(DEVELOPING, measure, typed) for measure, typed in rows.items()]


def percentage_in_count(obs, row: Measure) -> str | None:
    """The problem with a count row holding what looks like a percentage (``90%``, ``0.9``)."""
    value = obs.value
    if "%" in str(obs.raw) or 0 < value < 1:
        typed = str(obs.raw).strip() or format_number(value, None)
        return f"{typed!r} looks like a percentage: this row takes the count of {row.counted}, a whole number"
    return None


def pair_problems(measure: Measure, dataset: Dataset, years, faulty: set) -> list[dict]:
    """A percentage's two counts, period by period: one without the other, a numerator above its
    denominator (above nobody, when the denominator is 0). Counts already in error are left to
    their own finding."""
    found = []
    ids = {part: count_id(measure.id, part) for part in COUNT_PARTS}
    for year in years:
        tops, bottoms = (dataset.series(ids[part], year) for part in COUNT_PARTS)
        for period in (*measure.periods, ANNUAL):
            top, bottom = tops.get(period), bottoms.get(period)
            if top is None and bottom is None:
                continue
            if any((ids[part], year.label, period) in faulty for part in COUNT_PARTS):
                continue
            found += _pair(measure, dataset, year, period, top, bottom, ids)
    return found


def _pair(measure, dataset, year, period, top, bottom, ids) -> list[dict]:
    def where(part):
        obs = dataset.observation(ids[part], year, period)
        return obs.where if obs is not None else dataset.blank_cells.get((ids[part], year, period), "")

    def error(part, message, value):
        return [dict(severity="error", measure=ids[part], year=year.label, period=period, message=message,
                     where=where(part), value=value)]

    top_words, bottom_words = measure.numerator, measure.denominator
    if bottom is None:
        return error("numerator", f"{format_number(top)} {top_words} is typed without the {bottom_words} it is "
                                  f"a share of: type both counts ({ids['denominator']!r}; 0 where nobody was "
                                  "counted)", top)
    if top is None:
        return error("denominator", f"{format_number(bottom)} {bottom_words} is typed without the count of "
                                    f"{top_words} ({ids['numerator']!r}): type both counts (0 where none)", bottom)
    if top > bottom:
        if bottom == 0:
            message = (f"{format_number(top)} {top_words} with no {bottom_words} (0): a share of nobody; check "
                       "both counts")
        else:
            message = (f"{format_number(top)} {top_words} is more than the {format_number(bottom)} {bottom_words} "
                       "it is a share of: check both counts")
        return error("numerator", message, top)
    return []
