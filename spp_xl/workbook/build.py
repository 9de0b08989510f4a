"""Writes ``SPP_Performance.xlsm`` from the register, the figures and the VBA sources.

``build_workbook(inputs, path)`` is the one entry point (``spp-xl build-workbook``,
``spp-xl add-measure``). The sheets are described as neutral specs and written by the
one xlsxwriter adapter (``spp_xl.files``); the VBA project is handed in by the Excel
binding (``spp_xl.excel.vba_project``); the whole file goes through
``spp_xl.files.atomic`` so that nothing half-written is ever left in place.

Two builds of the same inputs are byte-identical: the document's dates are fixed and
xlsxwriter writes its zip entries with a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace as dc_replace
from pathlib import Path

from ..files import write_book
from ..files.atomic import write_atomic
from ..files.sheet import Book
from ..core.engine import default_as_of, measure_rows, summarise
from ..core.errors import InputError
from ..core.periods import ANNUAL, AsOf
from ..core.inputs import Inputs
from . import layout as L
from . import sheets as S
from .counts import refuse_counts
from .measure_sheet import measure_sheet
from .spec import SheetSpec, look

# Fixed document dates make builds reproducible (xlsxwriter otherwise stamps "now").
BUILD_DATE = dt.datetime(2015, 7, 23, 9, 0, 0)
CALC_ID = 191029  # Excel 2019 / Microsoft 365's calculation engine
DOC_PROPERTIES = {
    "title": "Safer Plymouth Partnership performance workbook",
    "subject": "Quarterly performance report to the Safer Plymouth Partnership board",
    "author": "spp_xl",
    "company": "Safer Plymouth Partnership",
    "comments": "Built from source by 'spp-xl build-workbook'; do not edit the formulas by hand.",
    "created": BUILD_DATE,
}


def workbook_specs(inputs: Inputs) -> list[SheetSpec]:
    """Every sheet of the workbook, in tab order, as neutral specs."""
    register, dataset = inputs.register, inputs.dataset
    refuse_counts(inputs)
    check_placeable(inputs)
    as_of = built_as_of(inputs)
    summary = summarise(register, dataset, as_of=as_of or AsOf(register.year, 0), strict=False)
    if as_of is None:
        # A new year with no figures yet: nothing is late, since nothing has been reported
        # (the sheets' lag formulas compare with the latest month any measure has, here none).
        summary = dc_replace(summary, results=tuple(dc_replace(r, lagging=False) for r in summary.results))
    names = sheet_names(register)
    specs = [S.dashboard(register, summary, names, inputs.meeting_date),
             S.exceptions(summary, inputs.commentary, names)]
    for i, measure in enumerate(register):
        result = summary.result(measure.id)
        rows = result.rows or measure_rows(measure, dataset, register.year)
        measures_row = L.MEASURES_HEADER_ROW + 2 + i  # 1-based row in the Measures sheet
        specs.append(measure_sheet(measure, summary.as_of, dataset, result, rows, measures_row,
                                   reporting=as_of is not None))
    specs += [S.family_group(inputs.family_group), S.recommendations(inputs.recommendations),
              S.measures(register), S.settings(register, inputs.meeting_date, summary, names),
              S.checks(summary), S.xlwings_conf()]
    return specs


def built_as_of(inputs: Inputs) -> AsOf | None:
    """The engine's default as-of, or None for a year with no figures yet (a new year's
    workbook from 'spp-xl new-year'), which is built as of its first month with no data."""
    try:
        return default_as_of(inputs.register, inputs.dataset)
    except InputError:
        return None


def sheet_names(register) -> dict:
    names, taken = {}, {n.lower() for n in (L.DASHBOARD, L.EXCEPTIONS, L.FAMILY_GROUP, L.RECOMMENDATIONS,
                                             L.MEASURES, L.SETTINGS, L.CHECKS, L.XLWINGS_CONF)}
    for m in register:
        name = L.measure_sheet_name(m.id)
        k = 2
        while name.lower() in taken:  # ids are unique, but cut to 31 characters they may not be
            name = f"{L.measure_sheet_name(m.id)[:28]}_{k}"
            k += 1
        taken.add(name.lower())
        names[m.id] = name
    return names


def check_placeable(inputs: Inputs) -> None:
    """Refuses figures the workbook has no cell for, rather than dropping them."""
    register, year = inputs.register, inputs.register.year
    seen = {}
    for obs in inputs.dataset.observations:
        where = obs.where or inputs.source
        if obs.measure not in register:
            raise InputError(f"measure {obs.measure!r} is not in the register: add it (a row in the Measures "
                             "table, or 'spp-xl add-measure') before building the workbook", where)
        measure = register.get(obs.measure)
        if obs.period == ANNUAL:
            fits = obs.year in (year.previous(3), year.previous(2), year.previous(1))
            holds = f"out-turns for {year.previous(3).label} to {year.previous().label}"
        else:
            fits = obs.year in (year, year.previous()) and obs.period in measure.periods
            holds = f"{measure.frequency} figures for {year.previous().label} and {year.label}"
        if not fits:
            raise InputError(f"{obs.measure} {obs.year.label} {obs.period}: the workbook for {year.label} has no "
                             f"cell for it (it holds {holds})", where)
        key = (obs.measure, obs.year, obs.period)
        if key in seen:
            raise InputError(f"{obs.measure} {obs.year.label} {obs.period} is entered twice (also at {seen[key]}); "
                             "keep one", where)
        seen[key] = where


def build_workbook(inputs: Inputs, path: str | Path, force: bool = False, vba=None) -> Path:
    """Builds the workbook from ``inputs`` and writes it atomically to ``path``.

    Args:
        inputs: register, figures, commentary, family group, recommendations, meeting date.
        path: the ``.xlsm`` to write; refused if it exists, unless ``force``.
        force: replace an existing file.
        vba: the VBA project: ``vbaProject.bin`` bytes, or a function making it from the
            sheets' code names (``spp_xl.excel.vba_project.workbook_project``); None for none.

    Raises:
        InputError: figures with no place in the workbook, or an output that cannot be written.
    """
    specs = workbook_specs(inputs)
    project = vba(L.code_names(len(specs))) if callable(vba) else vba
    return write_atomic(path, lambda tmp: write_specs(specs, tmp, project), force)


def write_specs(specs: list[SheetSpec], path: Path, vba: bytes | None = None) -> None:
    """Writes the sheets, with the workbook's look and properties (and ``vba``, its project)."""
    styles, _ = look()
    write_book(Book(tuple(specs), styles, DOC_PROPERTIES, vba, tuple(L.code_names(len(specs))),
                    L.WORKBOOK_CODE_NAME, calc_id=CALC_ID), path)
