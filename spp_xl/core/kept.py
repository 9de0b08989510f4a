"""What an analyst typed into a workbook that writing another workbook over it would lose.

``build-workbook``, ``add-measure`` and ``police --workbook`` may replace an existing
workbook with ``--force``; the workbook may be the only copy of a month's figures, a
corrected figure, a confirmation, staff's commentary or a recommendation's progress. So
before replacing it, what it holds is compared with what would be written, and every
difference is named; the command refuses unless told ``--discard``.
"""

from __future__ import annotations

from dataclasses import fields

from .inputs import Inputs
from .numbers import format_number
from .periods import MONTHS


def _place(obs) -> str:
    """'sheet 'asb', cell H14' out of a workbook observation's 'book.xlsm: sheet 'asb', cell H14'."""
    return obs.where.split(": ", 1)[-1] if obs.where else "the workbook"


def _shown(obs) -> str:
    return obs.raw or ("(not a number)" if obs.value is None else format_number(obs.value, None))


def lost_by_replacing(old: Inputs, new: Inputs, new_name: str) -> list[str]:
    """Each thing ``old`` (an existing workbook's inputs) holds that writing ``new`` over it
    would lose or change, in words, in the workbook's order: figures (blanked or changed),
    confirmations, staff commentary, recommendations' progress, the family group, the board
    meeting date, the reporting year, the Measures table's entries and the Neighbourhoods sheet."""
    lost = _figures(old, new, new_name)
    gone = old.dataset.confirmed - new.dataset.confirmed
    lost += [f"the confirmation of {m} {y.label} {p} ({format_number(v, None)})" for m, y, p, v in sorted(
        gone, key=lambda c: (c[0], c[1].start, c[2]))]
    lost += [f"your commentary on {measure_id}" for measure_id, lines in old.commentary.items()
             if new.commentary.get(measure_id) != lines]
    progress = {r.number: (r.progress, r.status) for r in new.recommendations}
    lost += [f"the progress of recommendation {r.number}" for r in old.recommendations
             if (r.progress or r.status) and progress.get(r.number) != (r.progress, r.status)]
    if old.family_group.has_data and old.family_group != new.family_group:
        lost.append("the family group figures")
    if old.meeting_date is not None and old.meeting_date != new.meeting_date:
        lost.append(f"the board meeting date {old.meeting_date:%d %B %Y}".replace(" 0", " "))
    if old.register.year != new.register.year:
        lost.append(f"the reporting year {old.register.year.label}, where {new_name} has {new.register.year.label}")
    lost += _measures(old, new, new_name)
    lost += _neighbourhoods(old, new)
    return lost


def _neighbourhoods(old: Inputs, new: Inputs) -> list[str]:
    """The rows of the Neighbourhoods sheet (spp-xl police's, behind the crime gap's top group)
    that would be gone or changed, as one thing: a tidy CSV, or a rebuild from one, has none."""
    kept = set(new.neighbourhoods)
    gone = [f for f in old.neighbourhoods if f not in kept]
    if not gone:
        return []
    months = sorted({(f.year, MONTHS.index(f.period)) for f in gone})
    (first_year, first), (last_year, last) = months[0], months[-1]
    span = f"{first_year.label} {MONTHS[first]}" + (
        "" if months[0] == months[-1] else f" to {'' if last_year == first_year else last_year.label + ' '}{MONTHS[last]}")
    rows = "row" if len(gone) == 1 else f"{len(gone)} rows"
    return [f"the Neighbourhoods sheet's {rows} behind the crime gap ({span}, from spp-xl police)"]


def _figures(old: Inputs, new: Inputs, new_name: str) -> list[str]:
    have = {}
    for obs in new.dataset.observations:
        have.setdefault((obs.measure, obs.year, obs.period), obs)
    lost, seen = [], set()
    for obs in old.dataset.observations:
        key = (obs.measure, obs.year, obs.period)
        if key in seen:
            continue
        seen.add(key)
        what = f"the figure {_shown(obs)} in {_place(obs)} ({obs.measure} {obs.year.label} {obs.period})"
        other = have.get(key)
        if other is None:
            lost.append(what)
        elif (other.value, other.value is None and other.raw) != (obs.value, obs.value is None and obs.raw):
            lost.append(f"{what}, where {new_name} has {_shown(other)}")
    return lost


def _measures(old: Inputs, new: Inputs, new_name: str) -> list[str]:
    lost = []
    for measure in old.register:
        if measure.id not in new.register:
            lost.append(f"measure {measure.id!r} (its row of the Measures table)")
            continue
        other = new.register.get(measure.id)
        for f in fields(measure):
            was, will = getattr(measure, f.name), getattr(other, f.name)
            if was != will:
                lost.append(f"the Measures table's {f.name} of {measure.id} ({_value(was)}), where {new_name} has "
                            f"{_value(will)}")
    return lost


def _value(value) -> str:
    if isinstance(value, float):
        return format_number(value, None)
    if isinstance(value, tuple):
        return ", ".join(_value(v) for v in value) or "nothing"
    return repr(value) if value not in ("", None) else "nothing"
