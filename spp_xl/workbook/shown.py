"""What the workbook's formulas show, as the engine computes it: one judgement of every
measure, made alike for the builder (the values its formulas carry) and for the check of
calculated cells (the values they must show).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..core.dataset import Dataset
from ..core.engine import Summary, default_as_of, evaluate, measure_rows, summarise
from ..core.errors import InputError
from ..core.periods import AsOf
from ..core.register import Register
from . import measure_schema as M
from . import schema as S


@dataclass(frozen=True)
class Figures:
    """The engine's summary as the sheets show it, and each measure sheet's context.

    Attributes:
        summary: every measure judged at the workbook's reporting month.
        reporting: False for a year with no figures yet (a new year's workbook): nothing
            is then expected, nor late.
        contexts: measure id -> its sheet's ``measure_schema.MeasureContext``.
    """

    summary: Summary
    reporting: bool
    contexts: dict


def workbook_figures(register: Register, dataset: Dataset, measures_rows: dict | None = None,
                     checks: bool = True) -> Figures:
    """The figures the workbook's formulas give for ``register`` and ``dataset``.

    Args:
        register: the measures, in the Measures table's order.
        dataset: the figures typed.
        measures_rows: measure id -> its 1-based row in the Measures sheet, where not the
            row the builder puts it on.
        checks: also run the data checks (the Checks sheet's findings); the check of what
            the sheets show needs the figures alone.
    """
    as_of = workbook_as_of(register, dataset)
    at = as_of or AsOf(register.year, 0)
    if checks:
        summary = summarise(register, dataset, as_of=at, strict=False)
    else:
        summary = Summary(at, tuple(evaluate(m, dataset, at) for m in register), (), register)
    if as_of is None:
        # A new year with no figures yet: nothing is late, since nothing has been reported
        # (the sheets' lag formulas compare with the latest month any measure has, here none).
        summary = replace(summary, results=tuple(replace(r, lagging=False) for r in summary.results))
    contexts = {}
    for i, measure in enumerate(register):
        result = summary.result(measure.id)
        rows = result.rows or measure_rows(measure, dataset, register.year)
        row = (measures_rows or {}).get(measure.id, S.MEASURES.header_row + 2 + i)
        contexts[measure.id] = M.context(measure, summary.as_of, result, rows, row, as_of is not None, dataset)
    return Figures(summary, as_of is not None, contexts)


def workbook_as_of(register: Register, dataset: Dataset) -> AsOf | None:
    """The engine's default as-of, or None for a year with no figures yet (a new year's
    workbook from 'spp-xl new-year'), which is built as of its first month with no data."""
    try:
        return default_as_of(register, dataset)
    except InputError:
        return None
