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
        if measure.is_counts and not measure.is_developing:
            raise InputError(cannot_hold(measure), register.source or inputs.source)
    for obs in inputs.dataset.observations:
        split = split_count_id(obs.measure)
        if split is not None and split[0] in register:
            raise InputError(f"{obs.measure} {obs.year.label} {obs.period}: the counts of the percentage "
                             f"{split[0]!r} have no cells in this version's workbook; report it from the tidy CSV "
                             "instead", obs.where or inputs.source)
