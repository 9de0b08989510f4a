"""What this version's workbook cannot hold yet: a live percentage made of counts.

A percent measure entered as counts (``unit = "percent"``, ``entry = "counts"``) needs two
count rows and calculated percentage rows on its sheet, which the workbook does not have
yet. Rather than drop its counts or show them as other figures, a workbook is neither built
nor read for a register with one live: the refusal is one line naming the measure, and the
percentage is reported from a tidy CSV meanwhile. A measure still being developed builds
as any other (its sheet's rows wait for its figures).
"""

from __future__ import annotations

from ..core.dataset import split_count_id
from ..core.errors import InputError
from ..core.inputs import Inputs
from ..core.register import Measure
from . import measure_schema as M


def has_count_rows(measure: Measure) -> bool:
    """Whether the measure's sheet has typed rows for both counts (``measure_schema.TABLE``)."""
    return all(any(row.typed(measure) and row.series == series for row in M.table(measure))
               for series in ("numerator", "denominator"))


def cannot_hold(measure: Measure) -> str:
    """Why the workbook refuses a live percentage made of counts, and what to do instead."""
    return (f"measure {measure.id!r} is a percentage made of counts (unit percent, entry counts), which this "
            "version's workbook cannot hold yet: report it from a tidy CSV (spp-xl export FIGURES.csv "
            "--register MEASURES.toml), and keep its status 'developing' in the workbook")


def refuse_counts(inputs: Inputs) -> None:
    """Refuses to build a workbook for a register with a live percentage made of counts, or
    from figures holding a percentage's counts (they would have no cell)."""
    register = inputs.register
    for measure in register:
        if measure.is_counts and not measure.is_developing and not has_count_rows(measure):
            raise InputError(cannot_hold(measure), register.source or inputs.source)
    for obs in inputs.dataset.observations:
        split = split_count_id(obs.measure)
        if split is not None and split[0] in register and not has_count_rows(register.get(split[0])):
            raise InputError(f"{obs.measure} {obs.year.label} {obs.period}: the counts of the percentage "
                             f"{split[0]!r} have no cells in this version's workbook; report it from the tidy CSV "
                             "instead", obs.where or inputs.source)
