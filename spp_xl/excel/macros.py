"""The workbook's four buttons (``layout.BUTTONS``): Recalculate, Export board report,
Check data and Make sheets for new measures. Each one's VBA Sub (module ``SppMacros``)
runs one function here through xlwings' ``RunPython``, written against xlwings'
Book/Sheet/Range API only, in three steps, so that the same code runs on the live COM
engine in Excel and on xlwings' remote engine in the tests:

1. read every sheet in one bulk read each (:func:`snapshot`);
2. compute with the engine (``spp_xl.core.engine.summarise``), from the values in Excel, so
   figures typed a moment ago count even before the workbook is saved;
3. write the results as a few rectangular blocks (:func:`apply`).

The measure sheets and the Dashboard are live formulas (native ones, and the SPP_
custom functions), so Excel recalculates them itself; Recalculate asks Excel to
calculate, then *checks* what the sheets show against the engine and reports any
disagreement (an overtyped formula) on the Checks sheet. What is not a formula it
writes: the drafted commentary (never the column where staff write their own), the
data-quality findings, and a time stamp. It never writes to an input cell but the Checks
sheet's Confirmed column, which moves with its findings and keeps every confirmation.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..core.checks import Finding
from ..core.errors import SppError
from ..core.framework import framework
from ..core.numbers import format_number
from ..workbook import layout as L
from ..workbook.grid import Book, cell_text
from ..workbook.reader import read_inputs
from ..workbook.sheets import finding_row
from ..workbook.spec import colour

STAMP_PREFIX = "Recalculated "  # the Dashboard's time stamp (row above the table's header)
CHECKED_PREFIX = "Checked "     # the Checks sheet's time stamp (row above its header)
FORMULA_LEADS = ("=", "+", "-", "@")


# ------------------------------------------------------------------ reading


def snapshot(book) -> Book:
    """One bulk read per sheet: its values from A1 to the last used cell, blanks as ""
    (as the file reader sees them), found again by the workbook's markers and keys."""
    sheets = []
    for sheet in book.sheets:
        last = sheet.used_range.last_cell
        values = sheet.range((1, 1), (max(last.row, 1), max(last.column, 1))).options(ndim=2, empty="").value
        sheets.append((sheet.name, values))
    return Book.of(book.fullname, sheets)


# ------------------------------------------------------------------ what to write


@dataclass(frozen=True)
class Write:
    """A rectangle of values (and optionally fills) from 0-based (row, col) on a sheet."""

    sheet: str
    row: int
    col: int
    values: tuple  # rows of values
    colours: tuple | None = None  # rows of "#RRGGBB" or None (no fill)

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
    col = shot.column_headed(sheet, head, L.EXCEPTIONS_DRAFT_HEADING)
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
    col = shot.column_headed(sheet, head, L.CHECKS_COLUMNS[0])
    width = len(L.CHECKS_COLUMNS)
    before = max((r for r in range(head + 1, len(sheet.grid))
                  if any(sheet.text(r, c) for c in range(col, col + width))), default=head) - head
    fw = framework()
    fill = {"error": fw.style("red").colour, "warning": fw.style("amber").colour}
    confirm = L.CHECKS_COLUMNS.index("Confirmed")
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
        writes += [Write(sheet.name, head + 1, col, tuple(rows)),
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
            heading = L.key_heading(key)
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


# ------------------------------------------------------------------ writing


def apply(book, plan: Plan) -> None:
    """Writes the plan, one range assignment per block, unprotecting sheets on live Excel."""
    by_sheet = {}
    for write in plan.writes:
        by_sheet.setdefault(write.sheet, []).append(write)
    for name, writes in by_sheet.items():
        sheet = book.sheets[name]
        with _unprotected(sheet):
            for w in writes:
                rows, cols = len(w.values), len(w.values[0])
                target = sheet.range((w.row + 1, w.col + 1), (w.row + rows, w.col + cols))
                if w.colours is not None:
                    target.set_colors([list(r) for r in w.colours])
                else:
                    target.value = [list(r) for r in w.values]
    _status(book, plan.status)


class _unprotected:
    """On live Excel, lifts a sheet's protection (it has no password) while writing and
    puts it back as the builder set it; the remote engine has no protection to lift."""

    def __init__(self, sheet):
        self.sheet, self.was = sheet, False

    def __enter__(self):
        if _is_live(self.sheet.book):
            self.was = bool(self.sheet.api.ProtectContents)
            if self.was:
                self.sheet.api.Unprotect("")
        return self.sheet

    def __exit__(self, *exc):
        if self.was:
            self.sheet.api.Protect("", DrawingObjects=True, Contents=True, Scenarios=True,
                                   AllowFormattingColumns=True, AllowFormattingRows=True, AllowInsertingRows=True)
        return False


def _is_live(book) -> bool:
    return book.app.engine.name == "excel"


def _status(book, text: str) -> None:
    try:
        book.app.status_bar = text
    except NotImplementedError:  # the remote engine (xlwings Lite) has no status bar: its output pane
        print(text)


def _alert(book, text: str) -> None:
    try:
        book.app.alert(text, title="spp_xl")
    except NotImplementedError:
        pass


# ------------------------------------------------------------------ the buttons


def _caller(book):
    if book is not None:
        return book
    import xlwings as xw

    return xw.Book.caller()


def _guarded(action, book) -> None:
    """Runs a button's work; any failure becomes one line in a message box and the status
    bar, never a Python traceback."""
    try:
        action(book)
    except SppError as exc:
        _status(book, f"spp_xl: {exc}".splitlines()[0])
        _alert(book, str(exc))
    except Exception as exc:  # the last guard: an analyst gets a sentence, not a traceback
        message = f"spp_xl: unexpected error: {type(exc).__name__}: {exc}"
        _status(book, message)
        _alert(book, message + "\nRun 'spp-xl doctor' and report this line.")


def recalculate(book=None, now: dt.datetime | None = None, calculate: bool = True) -> None:
    """The Recalculate button: calculate, check the sheets, write the commentary, findings and stamp.
    ``calculate`` False (xlwings Lite) skips the calculation and the check of the sheets."""
    book = _caller(book)

    def work(book):
        if calculate:
            book.app.calculate()
        apply(book, plan_recalculate(snapshot(book), now or dt.datetime.now(), check_sheets=calculate))

    _guarded(work, book)


def check(book=None, now: dt.datetime | None = None) -> None:
    """The Check data button: the data-quality findings alone."""
    book = _caller(book)
    _guarded(lambda b: apply(b, plan_check(snapshot(b), now or dt.datetime.now())), book)


def export(book=None, folder: str | Path | None = None, created: dt.datetime | None = None) -> Path | None:
    """The Export board report button: the report into ``exports/`` beside the workbook,
    then opened. An earlier report of the same quarter is kept: the new one takes the next
    free name. Returns the path written (None when it failed and said why)."""
    from ..report.export import default_output, export_report, written_message

    book = _caller(book)
    written = []

    def work(book):
        from ..core.engine import default_as_of

        inputs = read_inputs(snapshot(book))
        # Only the file's name is wanted here: export_report judges (and checks) once.
        target = default_output(inputs, default_as_of(inputs.register, inputs.dataset))
        if folder is not None:
            target = Path(folder) / target.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target = free_name(target)
        result = export_report(inputs, target, created=created)
        written.append(result.xlsx)
        _status(book, f"spp_xl: board report written to {result.xlsx} ({result.pages} pages)")
        _alert(book, written_message(result))  # errors never get here: they stop it, and the guard says so
        if _is_live(book):
            book.app.books.open(str(result.xlsx))

    _guarded(work, book)
    return written[0] if written else None


def new_measures(shot: Book, inputs) -> list[str]:
    """Ids in the Measures table that have no sheet yet (rows staff typed in)."""
    return [m.id for m in inputs.register if m.id not in shot.measure_sheets]


def add_measures(book=None, folder: str | Path | None = None) -> Path | None:
    """The Make sheets for new measures button: a new workbook beside this one, built from
    this one's inputs, with a sheet for every measure typed into the Measures table.

    The open workbook is not changed (a workbook cannot rebuild itself while open); the new
    one is opened. Returns its path (None when there was nothing to do or it failed)."""
    from . import build_workbook

    book = _caller(book)
    written = []

    def work(book):
        shot = snapshot(book)
        inputs = read_inputs(shot)
        added = new_measures(shot, inputs)
        if not added:
            _alert(book, "Every measure in the Measures table already has its sheet: type the new measure "
                         "as a row at the foot of the table first.")
            return
        source = Path(shot.name)
        target = Path(folder) if folder is not None else source.parent
        target = free_name(target / f"{source.stem} (new measures).xlsm")
        build_workbook(inputs, target)
        written.append(target)
        _status(book, f"spp_xl: {target.name} has sheets for {', '.join(added)}; carry on in it")
        if _is_live(book):
            book.app.books.open(str(target))

    _guarded(work, book)
    return written[0] if written else None


def free_name(path: Path) -> Path:
    """``path``, or ``name (2).xlsx``, ``name (3).xlsx``... whichever does not exist yet."""
    k, candidate = 2, path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({k}){path.suffix}")
        k += 1
    return candidate


__all__ = ["Plan", "Write", "add_measures", "apply", "check", "export", "free_name", "new_measures",
           "plan_check",
           "plan_recalculate", "recalculate", "snapshot", "verify"]
