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
from pathlib import Path

from ..files import write_book
from ..files.atomic import write_atomic
from ..files.sheet import Book
from ..core.dataset import count_id, split_count_id
from ..core.errors import InputError
from ..core.partnership import partnership
from ..core.periods import ANNUAL
from ..core.inputs import Inputs
from . import layout as L
from . import sheets as S
from . import measure_schema as M
from .measure_cells import figure_places
from .measure_sheet import measure_sheet
from .neighbourhoods import NAME as NEIGHBOURHOODS, figures_behind, neighbourhoods_sheet
from .shown import workbook_figures
from .spec import SheetSpec, look

# Fixed document dates make builds reproducible (xlsxwriter otherwise stamps "now").
BUILD_DATE = dt.datetime(2015, 7, 23, 9, 0, 0)
CALC_ID = 191029  # Excel 2019 / Microsoft 365's calculation engine
DOC_PROPERTIES = {
    "title": f"{partnership().name} performance workbook",
    "subject": f"Quarterly performance report to the {partnership().name} board",
    "author": "spp_xl",
    "company": partnership().name,
    "comments": "Built from source by 'spp-xl build-workbook'; do not edit the formulas by hand.",
    "created": BUILD_DATE,
}


def workbook_specs(inputs: Inputs) -> list[SheetSpec]:
    """Every sheet of the workbook, in tab order, as neutral specs."""
    register = inputs.register
    check_placeable(inputs)
    shown = workbook_figures(register, inputs.dataset)
    summary = shown.summary
    names = sheet_names(register)
    specs = [S.dashboard(summary, names, shown.contexts, inputs.meeting_date),
             S.exceptions(summary, inputs.commentary, names, shown.contexts)]
    specs += [measure_sheet(shown.contexts[measure.id]) for measure in register]
    specs.append(S.family_group(inputs.family_group))
    behind = figures_behind(inputs)
    if behind:  # only where spp-xl police wrote them: a gap typed by hand has none
        specs.append(neighbourhoods_sheet(behind))
    specs += [S.recommendations(inputs.recommendations),
              S.measures(register), S.settings(register, inputs.meeting_date, summary, names),
              S.checks(summary, inputs.dataset, figure_places(register, names, shown.contexts)),
              S.figures(register, names, shown.contexts), S.xlwings_conf()]
    return specs


def sheet_names(register) -> dict:
    names, taken = {}, {n.lower() for n in (L.DASHBOARD, L.EXCEPTIONS, L.FAMILY_GROUP, L.RECOMMENDATIONS,
                                             L.MEASURES, L.SETTINGS, L.CHECKS, L.FIGURES, L.XLWINGS_CONF,
                                             NEIGHBOURHOODS)}
    for m in register:
        name = L.measure_sheet_name(m.id)
        k = 2
        while name.lower() in taken:  # ids are unique, but cut to 31 characters they may not be
            name = f"{L.measure_sheet_name(m.id)[:28]}_{k}"
            k += 1
        taken.add(name.lower())
        names[m.id] = name
    return names


def cell_reason(register, obs) -> str | None:
    """Why the workbook for ``register.year`` has no cell for the figure ``obs``, or None where
    it has one: a figure has a cell where a typed row of its measure's sheet holds its year
    (or, for an out-turn, an out-turn column does)."""
    measure, series = _whose(register, obs.measure)
    split = split_count_id(obs.measure)
    if measure is None and split is not None and split[0] in register:
        return (f"{obs.measure}: {split[0]!r} is not a percentage made of counts (unit percent, entry counts), "
                "so its sheet has no row for a count")
    if measure is None:
        return (f"measure {obs.measure!r} is not in the register: add it (a row in the Measures table, or "
                "'spp-xl add-measure') before building the workbook")
    year = register.year
    rows = [row for row in M.table(measure) if row.typed(measure) and row.series == series]
    if measure.is_counts and not series:
        return (f"{obs.measure} {obs.year.label} {obs.period}: a percentage's figures are its two counts "
                f"({count_id(measure.id, 'numerator')} and {count_id(measure.id, 'denominator')}); its sheet has "
                "no cell for the percentage itself")
    if obs.period == ANNUAL:
        fits = any(row.series == series for row in M.outturn_rows(measure)) and obs.year in year.outturn_years()
        holds = f"out-turns for {year.outturn_years()[0].label} to {year.outturn_years()[-1].label}"
    else:
        fits = obs.year in {year.previous(-row.year) for row in rows} and obs.period in measure.periods
        holds = f"{measure.frequency} figures for {year.previous().label} and {year.label}"
    if fits:
        return None
    return f"{obs.measure} {obs.year.label} {obs.period}: the workbook for {year.label} has no cell for it (it holds {holds})"


def check_placeable(inputs: Inputs) -> None:
    """Refuses figures the workbook has no cell for, rather than dropping them."""
    register = inputs.register
    seen = {}
    for obs in inputs.dataset.observations:
        where = obs.where or inputs.source
        reason = cell_reason(register, obs)
        if reason is not None:
            if _whose(register, obs.measure)[0] is None and where.endswith(", column value"):
                where = where[:-len("value")] + "measure"  # the id is what has no place, not the figure
            raise InputError(reason, where)
        key = (obs.measure, obs.year, obs.period)
        if key in seen:
            raise InputError(f"{obs.measure} {obs.year.label} {obs.period} is entered twice (also at {seen[key]}); "
                             "keep one", where)
        seen[key] = where


def _whose(register, figure_id: str):
    """(measure, series) a figure's id names: a measure's own figures, or ``<id>.<series>``,
    where the measure's sheet has a typed row for that series; (None, "") for neither."""
    if figure_id in register:
        return register.get(figure_id), ""
    measure_id, _, series = figure_id.rpartition(".")
    if measure_id in register:
        measure = register.get(measure_id)
        if any(row.series == series and row.typed(measure) for row in M.table(measure)):
            return measure, series
    return None, ""


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
