"""One measure's sheet, written from its schema (``measure_schema``), laid out as the seed's
tables.

Typed cells are the figures staff type (period figures, or year-to-date figures for a
measure entered that way) and the three previous out-turns. Every other figure is a
formula carrying the engine's value: cumulatives, period figures from year-to-date ones
and % differences are native formulas; the target profile, the forecast and the judgement
call the add-in's SPP_ functions. The measure's fields (target, direction, tolerance...)
are looked up in the Measures table by formula, so editing the table changes the sheet.
"""

from __future__ import annotations

from ..core.framework import framework
from ..core.periods import ANNUAL
from . import layout as L
from . import measure_schema as M
from .measure_cells import names
from .formulas import literal
from ..files.sheet import CondFormat
from .spec import SheetSpec, sheet as new_sheet

NOTE = ("Yellow cells are yours to type in; everything else is calculated (the sheet is protected without a "
        "password so that formulas are not overtyped by accident).")


def measure_sheet(ctx: M.MeasureContext) -> SheetSpec:
    """The sheet of one measure, from its context (``measure_schema.context``)."""
    measure, at = ctx.measure, ctx.at
    sheet = new_sheet(L.measure_sheet_name(measure.id), tab_colour=framework().style(ctx.result.rag).colour)
    last_col = max(ctx.last_col, M.FIRST_KEY_COL + len(M.KEY_FIGURES) - 1)
    rows = M.table(measure)

    sheet.add(0, L.KEY_COL, L.measure_marker(measure.id), style="key")
    sheet.add(at["title"], M.LABEL_COL, measure.title, style="title")
    about = " · ".join(x for x in (f"Measure id: {measure.id}", measure.owner, measure.source, measure.lag_note) if x)
    sheet.add(at["about"], M.LABEL_COL, about, style="about")
    for key in ("header", "table_title", *(row.key for row in rows), "key_head", "key", "work_head", "work",
                "banner"):
        sheet.add(at[key], L.KEY_COL, key, style="key")

    _figures(sheet, at["work_head"], at["work"], "Workings (from the Measures sheet)", "work_head", M.WORKINGS, ctx)
    sheet.merges.append((at["banner"], M.LABEL_COL, last_col))
    banner = M.BANNER
    sheet.add(at["banner"], M.LABEL_COL, banner.value(ctx), formula=banner.formula(ctx), kind=banner.kind_for(ctx),
              style=banner.style)
    _table(sheet, ctx, rows)
    sheet.add(at["key_head"], M.LABEL_COL, "Key figures", style="head_left")
    _figures(sheet, at["key_head"], at["key"], None, "head", M.KEY_FIGURES, ctx)
    sheet.add(at["note"], M.LABEL_COL, NOTE, style="note")

    sheet.widths.update({M.LABEL_COL: M.LABEL_WIDTH, **{c: M.OUTTURN_WIDTH for c in M.OUTTURN_COLS}})
    sheet.widths.update({c: M.KEY_WIDTH for c in range(M.FIRST_KEY_COL, last_col + 1)})
    sheet.widths.update({M.key_col(f.key): f.width for f in M.figures_of(M.KEY_FIGURES, measure) if f.width})
    sheet.heights.update({at["banner"]: 36, at["key_head"]: 30, at["work_head"]: 24})
    sheet.folded_rows = (at["work_head"], at["work"])  # the workings: there to check, not to read
    sheet.names.update(names(measure))
    judgement = L.cell(at["key"], M.key_col("judgement"))
    judgement_colours(sheet, M.MeasureContext.key("judgement"), [L.span(at["banner"], M.LABEL_COL, last_col),
                                                                   judgement])
    return sheet


def judgement_colours(sheet: SheetSpec, judgement_cell: str, ranges: list[str]) -> None:
    """Native conditional formats: the colours follow the judgement cell's text live."""
    fw = framework()
    for rag in ("green", "amber", "red", "monitor"):
        style = fw.style(rag)
        for target in ranges:
            sheet.cond_formats.append(CondFormat(target, f"={judgement_cell}={literal(style.label)}",
                                                 style.colour, style.font))


def _figures(sheet, head_row, row, label, head_style, figures, ctx):
    """A row of calculated figures under their headings (the workings, the key figures)."""
    if label:
        sheet.add(head_row, M.LABEL_COL, label, style=head_style)
    col = M.key_col if figures is M.KEY_FIGURES else M.work_col  # each in its place, whichever are on the sheet
    shown = M.figures_of(figures, ctx.measure)
    for figure in shown:
        sheet.add(head_row, col(figure.key), figure.heading, style=head_style)
    if figures is M.KEY_FIGURES:
        sheet.add(row, M.LABEL_COL, "At the latest period with figures", style="label")
    for figure in shown:
        sheet.add(row, col(figure.key), figure.value(ctx), formula=figure.formula(ctx), kind=figure.kind_for(ctx),
                  style=figure.style, num=M.number(figure.num, ctx.measure))


def _table(sheet, ctx, rows):
    measure, year, at = ctx.measure, ctx.year, ctx.at
    first = M.FIRST_PERIOD_COL
    sheet.add(at["header"], M.LABEL_COL, "", style="head")
    for col, outturn in zip(M.OUTTURN_COLS, year.outturn_years()):
        sheet.add(at["header"], col, outturn.short, style="head")
    for k, period in enumerate(measure.periods):
        sheet.add(at["header"], first + k, period, style="head")
    sheet.merges.append((at["table_title"], M.LABEL_COL, ctx.last_col))
    sheet.add(at["table_title"], M.LABEL_COL, measure.table_title or measure.title, style="table_title")

    for row in rows:
        sheet.add(at[row.key], M.LABEL_COL, row.label(measure, year), style="label")
    # Out-turn cells sit on last year's typed rows (a percentage's out-turns are calculated from its
    # counts' beside them); the columns of other rows stay empty.
    outturns = M.outturn_rows(measure)
    for row in rows:
        if row not in outturns and row.outturns is None:
            for col in M.OUTTURN_COLS:
                sheet.add(at[row.key], col, None, style="derived")
    for row in outturns:
        num = M.number(row.num, measure)
        for col, outturn in zip(M.OUTTURN_COLS, year.outturn_years()):
            _typed(sheet, at[row.key], col, ctx.typed(row.series, outturn, ANNUAL), num)
        sheet.validations.append(row.allowed(measure).validation(
            L.span(at[row.key], M.OUTTURN_COLS[0], M.OUTTURN_COLS[-1]), "Each year's out-turn (its total): "))
    for row in rows:
        if row.outturns is not None:
            values, num = row.outturns(ctx), M.number(row.num, measure)
            for j, col in enumerate(M.OUTTURN_COLS):
                formula = row.outturn_formula(ctx, j)
                sheet.add(at[row.key], col, M.blank(values[j]), formula=formula.text, kind=formula.kind,
                          style="derived", num=num)
    for row in rows:
        if row.typed(measure):
            fy = year.previous(-row.year)
            for k, period in enumerate(measure.periods):
                _typed(sheet, at[row.key], first + k, ctx.typed(row.series, fy, period), M.number(row.num, measure))
            sheet.validations.append(row.allowed(measure).validation(L.span(at[row.key], first, ctx.last_col),
                                                                     f"{row.label(measure, year)}: "))
    for row in rows:
        if row.typed(measure):
            continue
        values, fmt = row.values(ctx), M.number(row.num, measure)
        for k in range(ctx.n):
            formula = row.formula(ctx, k)
            if formula is None:
                sheet.add(at[row.key], first + k, None, style="derived", num=fmt)
            else:
                sheet.add(at[row.key], first + k, M.blank(values[k]), formula=formula.text, kind=formula.kind,
                          style="derived", num=fmt, spill_to=formula.spill_to)


def _typed(sheet, row, col, obs, num):
    """A typed cell with the figure the data hold (or the unreadable text, kept for the checks)."""
    value = None if obs is None else (obs.value if obs.value is not None else obs.raw)
    sheet.add(row, col, value, kind="input", style="input", num=num)
