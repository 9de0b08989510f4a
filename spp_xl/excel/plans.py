"""What the buttons write, planned as plain data from the workbook's grids alone.

Recalculate and Check data read every sheet once (``macros.snapshot``), and these
functions say what goes where: the drafted commentary, the data-quality findings (with
the analyst's confirmations kept beside them) and the time stamps, as a few rectangles
of values (``Write``), which ``macros.apply`` writes in blocks. Where is the schema's
(``spp_xl.workbook.schema``): the columns whose role is ``macro`` and the listings'
stamps, nothing else. Nothing here touches xlwings, so every plan is testable without Excel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.checks import Finding
from ..core.framework import framework
from ..workbook import layout as L
from ..workbook import schema as S
from ..workbook.grid import Book
from ..workbook.reader import read_inputs
from ..workbook.sheets import finding_row
from ..workbook.spec import colour

STAMP_PREFIX = S.DASHBOARD.stamp  # the Dashboard's time stamp (row above the table's header)
CHECKED_PREFIX = S.CHECKS.stamp   # the Checks sheet's time stamp (row above its header)
FORMULA_LEADS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Write:
    """A rectangle of values (and optionally fills) from 0-based (row, col) on a sheet."""

    sheet: str
    row: int
    col: int
    values: tuple  # rows of values
    colours: tuple | None = None  # rows of "#RRGGBB" or None (no fill)
    fit_rows: bool = False  # wrapped text: rows as tall as it needs, where the application can say

    def cells(self):
        for i, row in enumerate(self.values):
            for j, _ in enumerate(row):
                yield self.row + i, self.col + j


@dataclass(frozen=True)
class Plan:
    writes: tuple
    status: str
    findings: tuple = field(default=())


def safe(value):
    """Text is never written as a formula: a leading =, +, - or @ gets Excel's text mark."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def commentary_writes(shot: Book, summary) -> tuple[list[Write], list[Finding]]:
    """The drafted commentary, into the Exceptions sheet's column a macro writes (never the
    staff's own); a measure with no row there is reported, since its draft has nowhere to go."""
    sheet = shot.sheet(L.EXCEPTIONS)
    head = shot.row_keyed(sheet, "header")
    (drafted,) = S.EXCEPTIONS.with_role(S.MACRO)
    col = shot.column_headed(sheet, head, drafted.heading)
    rows = {r: m for r, m in sheet.rows_starting(L.MEASURE_ROW_PREFIX).items() if r > head}
    drafts = {r.measure.id: "\n".join(r.commentary) for r in summary.results}
    listed = set(rows.values())
    missing = [Finding("warning", m, None, None, f"the {L.EXCEPTIONS} sheet has no row for this measure (its key "
                       f"{L.measure_row_key(m)!r} in column {L.column_letters(sheet.key_col)}): its drafted "
                       "commentary was not written", f"sheet '{sheet.name}'")
               for m in drafts if m not in listed and shot.measure_sheets.get(m) is not None]
    if not rows:
        return [], missing
    first, last = min(rows), max(rows)
    # One block: rows that are not a measure's keep what they hold.
    values = tuple((safe(drafts[rows[r]]) if rows.get(r) in drafts else sheet.value(r, col),)
                   for r in range(first, last + 1))
    return [Write(sheet.name, first, col, values)], missing


def findings_writes(shot: Book, findings, now: dt.datetime, confirmed: frozenset = frozenset()) -> list[Write]:
    """The findings under the Checks sheet's header, clearing last run's leftovers. A
    confirmation read from the sheet (``confirmed``) comes back as its finding, confirmed,
    with "yes" beside it wherever the list now puts it; one whose figure was retyped, or is
    no longer queried, no longer applies, and the stamp says how many."""
    sheet = shot.sheet(L.CHECKS)
    head = shot.row_keyed(sheet, "header")
    col = shot.column_headed(sheet, head, S.CHECKS.headings[0])
    width = len(S.CHECKS.headings)
    before = max((r for r in range(head + 1, len(sheet.grid))
                  if any(sheet.text(r, c) for c in range(col, col + width))), default=head) - head
    fw = framework()
    fill = {"error": fw.style("red").colour, "warning": fw.style("amber").colour}
    # The Confirmed column is typed by the analyst: its yellow marks where a figure may be confirmed.
    typed = {i for i, column in enumerate(S.CHECKS.columns) if column.role == S.TYPED}
    rows, colours = [], []
    for f in findings:
        rows.append(tuple(safe(v) for v in finding_row(f)))
        colours.append(tuple(fill.get(f.severity) if i == 0 else
                             colour("input_fill") if i in typed and (f.confirmable or f.confirmed) else None
                             for i in range(width)))
    for _ in range(max(0, before - len(rows))):
        rows.append(("",) * width)
        colours.append((None,) * width)
    errors = sum(f.severity == "error" for f in findings)
    kept = {(f.measure, f.year, f.period, f.value) for f in findings if f.confirmed}
    lapsed = sum((m, y.label, p, v) not in kept for m, y, p, v in confirmed)
    stamp = (f"{CHECKED_PREFIX}{now:%d %b %Y %H:%M}: {errors} error(s), {len(findings) - errors} warning(s)"
             + (f"; {lapsed} confirmation(s) no longer apply (the figure was retyped, or is no longer queried)"
                if lapsed else ""))
    writes = [Write(sheet.name, head - 1, col, ((stamp,),))]
    if rows:
        writes += [Write(sheet.name, head + 1, col, tuple(rows), fit_rows=True),
                   Write(sheet.name, head + 1, col, tuple((None,) * width for _ in rows), tuple(colours))]
    return writes


def stamp_write(shot: Book, text: str) -> list[Write]:
    """The Dashboard's time stamp, in the row above its table; never over anything else."""
    sheet = shot.sheet(L.DASHBOARD)
    r, c = shot.row_keyed(sheet, "header") - 1, sheet.col(1)
    held = sheet.text(r, c)
    if held and not held.startswith(STAMP_PREFIX):
        return []
    return [Write(sheet.name, r, c, ((safe(text),),))]


def plan_recalculate(shot: Book, now: dt.datetime, custom_current: bool = True) -> Plan:
    """Everything Recalculate writes, computed from the snapshot alone. What the calculated
    cells show is held to the engine by the reader (``workbook.disagreements``);
    ``custom_current`` False compares only the native formulas' cells (xlwings Lite cannot
    have Excel calculate the custom functions before it reads them)."""
    from ..core.engine import summarise

    inputs = read_inputs(shot, custom_current=custom_current)
    summary = summarise(inputs.register, inputs.dataset, strict=False)
    drafted, unplaced = commentary_writes(shot, summary)
    findings = tuple(summary.findings) + tuple(unplaced)
    errors = sum(f.severity == "error" for f in findings)
    status = (f"spp_xl: recalculated {len(summary.results)} measures to {summary.as_of.label} at {now:%H:%M}; "
              f"{errors} error(s), {len(findings) - errors} warning(s) on the Checks sheet")
    writes = (drafted + findings_writes(shot, findings, now, inputs.dataset.confirmed)
              + stamp_write(shot, f"{STAMP_PREFIX}{now:%d %b %Y %H:%M}, reporting to {summary.as_of.label}"))
    return Plan(tuple(writes), status, findings)


def plan_check(shot: Book, now: dt.datetime, custom_current: bool = True) -> Plan:
    """Check data: the findings alone (``custom_current`` as for ``plan_recalculate``)."""
    from ..core.checks import run_checks

    inputs = read_inputs(shot, custom_current=custom_current)
    findings = tuple(run_checks(inputs.register, inputs.dataset))
    errors = sum(f.severity == "error" for f in findings)
    status = f"spp_xl: checked the figures at {now:%H:%M}: {errors} error(s), {len(findings) - errors} warning(s)"
    return Plan(tuple(findings_writes(shot, findings, now, inputs.dataset.confirmed)), status, findings)
