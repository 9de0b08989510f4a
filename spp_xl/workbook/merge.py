"""Putting computed figures into a workbook's inputs (``spp-xl police --workbook``): which
figures have a cell, which are left out and why, and what each one changes.

The workbook for a year holds that year's and last year's periods and the three years'
out-turns before (``build.cell_reason``); a figure for any other year has no cell, and is
left out, said. The family group and the neighbourhoods behind the gap go in only for the
period the workbook reports once the figures are in: a family group of another year or
month would be printed as the current position of a report it does not belong to.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..core.dataset import Dataset
from ..core.inputs import FamilyGroup, Inputs
from ..core.numbers import format_number
from ..core.periods import MONTH_NAMES, AsOf
from .build import cell_reason
from .shown import workbook_as_of


@dataclass(frozen=True)
class Merge:
    """BOOK's inputs with the computed figures in place, and what was done.

    Attributes:
        inputs: the inputs of the new workbook.
        placed: the figures that have a cell, put in.
        left_out: year -> the reasons, one a figure, for the figures with no cell.
        changes: each figure changed, old and new (``all_crime 2015/16 Apr: 1,662 -> 1,693``).
        family: what became of the family group: "" when none was offered, else a sentence.
        neighbourhoods: how many neighbourhood rows went in, and how many were left out.
    """

    inputs: Inputs
    placed: tuple
    left_out: dict = field(default_factory=dict)
    changes: tuple = ()
    family: str = ""
    neighbourhoods: tuple = (0, 0)

    @property
    def empty(self) -> bool:
        """Nothing at all goes in: no figure, no family group, no neighbourhood."""
        return not self.placed and not self.family_written and not self.neighbourhoods[0]

    @property
    def family_written(self) -> bool:
        return self.family.startswith("written")


def placeable(book: Inputs, observations) -> tuple[list, dict]:
    """(the figures the workbook has a cell for, year -> reasons for the others)."""
    placed, left_out = [], {}
    for obs in observations:
        reason = cell_reason(book.register, obs)
        if reason is None:
            placed.append(obs)
        else:
            left_out.setdefault(obs.year.label, []).append(reason)
    return placed, left_out


def reporting_as_of(book: Inputs, observations) -> AsOf | None:
    """The month the workbook will report once ``observations`` are in it (the engine's
    default: the latest month with a figure), or None for a workbook with none."""
    placed, _ = placeable(book, observations)
    return workbook_as_of(book.register, _merged(book, placed))


def merge_figures(book: Inputs, observations, neighbourhoods=(), family_group: FamilyGroup | None = None,
                  family_as_of: AsOf | None = None) -> Merge:
    """BOOK's inputs with ``observations`` in place of its own figures for the same measure,
    year and period, and, for the period the workbook reports, the family group and the
    neighbourhoods behind the gap figures put in.

    Args:
        book: the workbook's inputs, as read.
        observations: computed figures (any years: those without a cell are left out, said).
        neighbourhoods: ``core.neighbourhoods.NeighbourhoodFigure`` rows; those of a gap
            figure that goes in go in, replacing BOOK's for the same month.
        family_group: the computed family group, April to ``family_as_of``; None for none.
    """
    placed, left_out = placeable(book, observations)
    dataset = _merged(book, placed)
    as_of = workbook_as_of(book.register, dataset)
    group, family = book.family_group, ""
    if family_group is not None:
        if family_as_of is not None and family_as_of == as_of and not family_group.has_data:
            family = (f"not written: no area's rate could be made for April to {MONTH_NAMES[as_of.month_index]} "
                      f"{as_of.year.label}, "
                      "the period the workbook reports (the warnings say why); the family group it holds is kept")
        elif family_as_of is None or as_of is None or family_as_of != as_of:
            reports = f"reports {as_of.year.label} to {MONTH_NAMES[as_of.month_index]}" if as_of else \
                "has no figures yet"
            runs = (f"April to {MONTH_NAMES[family_as_of.month_index]} {family_as_of.year.label}" if family_as_of
                    else "no month")
            family = (f"not written: it runs {runs}, and the workbook {reports}; the family group it holds is "
                      "kept")
        else:
            group, family = family_group, f"written for April to {MONTH_NAMES[as_of.month_index]} {as_of.year.label}"
    neighbourhoods = tuple(neighbourhoods)
    kept = {(o.measure, o.year, o.period) for o in placed}
    new = [n for n in neighbourhoods if (n.measure, n.year, n.period) in kept]
    months = {(n.measure, n.year, n.period) for n in new}
    rows = [n for n in book.neighbourhoods if (n.measure, n.year, n.period) not in months] + new
    inputs = replace(book, dataset=dataset, family_group=group, neighbourhoods=tuple(rows))
    changes = _changes(book, placed)
    if group is not book.family_group:
        changes += _family_changes(book.family_group, group)
    return Merge(inputs, tuple(placed), left_out, tuple(changes), family, (len(new), len(neighbourhoods) - len(new)))


def _merged(book: Inputs, placed) -> Dataset:
    new = {(o.measure, o.year, o.period): o for o in placed}
    old = {(o.measure, o.year, o.period): o for o in book.dataset.observations}
    kept = [new.get(key, o) for key, o in old.items()]
    added = [o for key, o in new.items() if key not in old]
    blanks = {k: w for k, w in book.dataset.blank_cells.items() if k not in new}
    # The analyst's confirmations go with the figures (each names its value, so one of a figure
    # computed anew applies only if the figure is unchanged); what the reader found in BOOK's own
    # cells goes too, for the command to say it is not carried into a workbook with its formulas.
    return Dataset(kept + added, book.dataset.source, blanks, confirmed=book.dataset.confirmed,
                   findings=book.dataset.findings)


def _changes(book: Inputs, placed) -> list:
    old = {(o.measure, o.year, o.period): o for o in book.dataset.observations}
    out = []
    for obs in placed:
        before = old.get((obs.measure, obs.year, obs.period))
        was = None if before is None else before.value
        if was == obs.value and before is not None:
            continue
        precision = book.register.get(obs.measure).precision
        shown = ("(blank)" if before is None else before.raw or "(not a number)") if was is None \
            else format_number(was, precision)
        out.append(f"{obs.measure} {obs.year.label} {obs.period}: {shown} -> {format_number(obs.value, precision)}")
    return out


def _family_changes(before: FamilyGroup, after: FamilyGroup) -> list:
    old = {(row.partnership, k): rate for row in before.rows for k, rate in enumerate(row.rates)}
    areas = {row.partnership for row in after.rows}
    out = [f"family group {row.partnership}: its row is gone (FAMILY.csv has no such area)"
           for row in before.rows if row.partnership not in areas and any(r is not None for r in row.rates)]
    for row in after.rows:
        for k, rate in enumerate(row.rates):
            was = old.get((row.partnership, k))
            if was != rate:
                label = after.periods[k] or f"period {k + 1}"
                out.append(f"family group {row.partnership} {label}: {'(blank)' if was is None else f'{was:.2f}'} "
                           f"-> {'(blank)' if rate is None else f'{rate:.2f}'}")
    return out
