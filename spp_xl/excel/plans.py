"""What the buttons write, planned as plain data from the workbook's grids alone.

Recalculate and Check data read every sheet once (``macros.snapshot``), and these
functions say what goes where: the drafted commentary, the data-quality findings (with
the analyst's confirmations kept beside them) and the time stamps, as a few rectangles
of values (``Write``), which ``macros.apply`` writes in blocks. Nothing here touches
xlwings, so every plan is testable without Excel.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from ..core.checks import Finding
from ..core.framework import framework
from ..core.numbers import format_number
from ..workbook import layout as L
from ..workbook import measure_schema as M
from ..workbook import schema as S
from ..workbook.grid import Book, cell_text
from ..workbook.reader import read_inputs
from ..workbook.sheets import finding_row
from ..workbook.spec import colour

STAMP_PREFIX = "Recalculated "  # the Dashboard's time stamp (row above the table's header)
CHECKED_PREFIX = "Checked "     # the Checks sheet's time stamp (row above its header)
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
    """The drafted commentary, into the Exceptions sheet's draft column only; a measure
    with no row there is reported, since its draft has nowhere to go."""
    sheet = shot.sheet(L.EXCEPTIONS)
    head = shot.row_keyed(sheet, "header")
    col = shot.column_headed(sheet, head, S.EXCEPTIONS.heading("draft"))
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
    confirm = S.CHECKS.headings.index("Confirmed")
    rows, colours = [], []
    for f in findings:
        rows.append(tuple(safe(v) for v in finding_row(f)))
        colours.append(tuple(fill.get(f.severity) if i == 0 else
                             colour("input_fill") if i == confirm and (f.confirmable or f.confirmed) else None
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


# The key figures Recalculate compares with the engine: (key figure, result attribute).
VERIFIED = (("ytd", "ytd_actual"), ("ytd_target", "ytd_target"), ("forecast", "forecast"), ("judgement", "rag"))


def verify(shot: Book, summary) -> list[Finding]:
    """What the measure sheets show against what the engine computes."""
    fw = framework()
    found = []
    for result in summary.results:
        sheet = shot.measure_sheets.get(result.measure.id)
        if sheet is None or result.rows is None:
            continue
        head, row = sheet.rows_keyed("key_head"), sheet.rows_keyed("key")
        headings = [sheet.text(head[0], c) for c in range(len(sheet.grid[head[0]]))] if head else []
        for key, attribute in VERIFIED:
            heading = M.key_heading(key)
            if not row or heading not in headings:
                found.append(Finding("warning", result.measure.id, summary.as_of.year.label, None,
                                     f"cannot check the sheet's {heading.lower()}: its key figures row or column "
                                     "is missing", f"sheet '{sheet.name}'"))
                continue
            c = headings.index(heading)
            shown, expected = sheet.value(row[0], c), getattr(result, attribute)
            if attribute == "rag":
                expected = fw.style(expected).label
            if _agrees(shown, expected, result.measure.precision):
                continue
            found.append(Finding(
                "warning", result.measure.id, summary.as_of.year.label, result.period,
                f"the sheet shows {heading.lower()} {_show(shown)} but spp_xl computes {_show(expected)}: "
                "a formula was overtyped, or the custom functions did not run",
                f"sheet '{sheet.name}', cell {L.cell(row[0], c)}"))
    return found


def _agrees(shown, expected, precision: int) -> bool:
    if expected is None or expected == "":
        return cell_text(shown) == ""
    if isinstance(expected, str):
        return cell_text(shown) == expected
    if not isinstance(shown, (int, float)) or isinstance(shown, bool):
        return False
    return math.isclose(shown, expected, abs_tol=0.5 * 10 ** -precision)


def _show(value) -> str:
    if value in (None, ""):
        return "blank"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, 2)
    return str(value)


def plan_recalculate(shot: Book, now: dt.datetime, check_sheets: bool = True) -> Plan:
    """Everything Recalculate writes, computed from the snapshot alone; ``check_sheets``
    False leaves out the comparison of what the sheets show (xlwings Lite cannot have
    Excel calculate before it reads them)."""
    from ..core.engine import summarise

    inputs = read_inputs(shot)
    summary = summarise(inputs.register, inputs.dataset, strict=False)
    drafted, unplaced = commentary_writes(shot, summary)
    findings = tuple(summary.findings) + tuple(unplaced) + (tuple(verify(shot, summary)) if check_sheets else ())
    errors = sum(f.severity == "error" for f in findings)
    status = (f"spp_xl: recalculated {len(summary.results)} measures to {summary.as_of.label} at {now:%H:%M}; "
              f"{errors} error(s), {len(findings) - errors} warning(s) on the Checks sheet")
    writes = (drafted + findings_writes(shot, findings, now, inputs.dataset.confirmed)
              + stamp_write(shot, f"{STAMP_PREFIX}{now:%d %b %Y %H:%M}, reporting to {summary.as_of.label}"))
    return Plan(tuple(writes), status, findings)


def plan_check(shot: Book, now: dt.datetime) -> Plan:
    """Check data: the findings alone."""
    from ..core.checks import run_checks

    inputs = read_inputs(shot)
    findings = tuple(run_checks(inputs.register, inputs.dataset))
    errors = sum(f.severity == "error" for f in findings)
    status = f"spp_xl: checked the figures at {now:%H:%M}: {errors} error(s), {len(findings) - errors} warning(s)"
    return Plan(tuple(findings_writes(shot, findings, now, inputs.dataset.confirmed)), status, findings)
