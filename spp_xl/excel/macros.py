"""The workbook's buttons: Recalculate, Export board report and Check data.

Each button's VBA Sub (``vba/SppMacros.bas``) runs one function here through xlwings'
``RunPython``. They are written against xlwings' Book/Sheet/Range API only, in three
steps, so that the same code runs on the live COM engine in Excel and on xlwings'
remote engine in the tests:

1. read every sheet in one bulk read each (:func:`snapshot`);
2. compute with the engine (``spp_xl.core.engine.summarise``), from the values in Excel, so
   figures typed a moment ago count even before the workbook is saved;
3. write the results as a few rectangular blocks (:func:`apply`).

The measure sheets and the Dashboard are live formulas (native ones, and the SPP_
custom functions), so Excel recalculates them itself; Recalculate asks Excel to
calculate, then *checks* what the sheets show against the engine and reports any
disagreement (an overtyped formula) on the Checks sheet. What is not a formula it
writes: the drafted commentary (never the column where staff write their own), the
data-quality findings, and a time stamp. It never writes to an input cell.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..core.checks import Finding
from ..core.errors import SppError
from ..core.framework import framework
from ..workbook import layout as L
from ..workbook.reader import cell_text, read_grids

STAMP_PREFIX = "Recalculated "  # the Dashboard's time stamp (row above the table's header)
CHECKED_PREFIX = "Checked "     # the Checks sheet's time stamp (row above its header)
FORMULA_LEADS = ("=", "+", "-", "@")


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class Snapshot:
    """Every sheet's values from A1, blanks as "" (as the file reader sees them)."""

    name: str  # the workbook's full name (path) as Excel gives it
    sheets: tuple  # ((sheet name, grid), ...) in tab order

    def grid(self, name: str) -> list:
        return dict(self.sheets)[name]

    def find(self, marker: str) -> str | None:
        """The sheet whose key column starts with ``marker`` (sheets may be renamed)."""
        for name, grid in self.sheets:
            if grid and grid[0] and cell_text(grid[0][L.KEY_COL]) == marker:
                return name
        return None


def snapshot(book) -> Snapshot:
    """One bulk read per sheet: its values from A1 to the last used cell."""
    sheets = []
    for sheet in book.sheets:
        last = sheet.used_range.last_cell
        values = sheet.range((1, 1), (max(last.row, 1), max(last.column, 1))).options(ndim=2, empty="").value
        sheets.append((sheet.name, [list(row) for row in values]))
    return Snapshot(book.fullname, tuple(sheets))


def inputs_from(shot: Snapshot):
    """The workbook's inputs, read from the snapshot by the workbook's own reader."""
    return read_grids(shot.name, shot.sheets)


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


def _header_row(grid, key: str = "header") -> int | None:
    for r, row in enumerate(grid):
        if row and cell_text(row[L.KEY_COL]) == key:
            return r
    return None


def commentary_writes(shot: Snapshot, summary) -> list[Write]:
    """The drafted commentary, into the Exceptions sheet's draft column only."""
    name = shot.find(L.MARKERS[L.EXCEPTIONS])
    if name is None:
        return []
    grid = shot.grid(name)
    head = _header_row(grid)
    if head is None or L.EXCEPTIONS_DRAFT_HEADING not in [cell_text(v) for v in grid[head]]:
        return []
    col = [cell_text(v) for v in grid[head]].index(L.EXCEPTIONS_DRAFT_HEADING)
    drafts = {r.measure.id: "\n".join(r.commentary) for r in summary.results}
    rows = {r: cell_text(row[L.KEY_COL])[len("measure="):] for r, row in enumerate(grid)
            if r > head and cell_text(row[L.KEY_COL]).startswith("measure=")}
    if not rows:
        return []
    first, last = min(rows), max(rows)
    # One block: rows that are not a measure's keep what they hold.
    values = tuple((safe(drafts[rows[r]]) if rows.get(r) in drafts else _cell(grid, r, col),)
                   for r in range(first, last + 1))
    return [Write(name, first, col, values)]


def _cell(grid, r, c):
    return grid[r][c] if r < len(grid) and c < len(grid[r]) else ""


def findings_writes(shot: Snapshot, findings, now: dt.datetime) -> list[Write]:
    """The findings under the Checks sheet's header, clearing last run's leftovers."""
    name = shot.find(L.MARKERS[L.CHECKS])
    if name is None:
        return []
    grid = shot.grid(name)
    head = _header_row(grid)
    if head is None:
        return []
    headings = [cell_text(v) for v in grid[head]]
    col = headings.index(L.CHECKS_COLUMNS[0]) if L.CHECKS_COLUMNS[0] in headings else 1
    width = len(L.CHECKS_COLUMNS)
    before = max((r for r in range(head + 1, len(grid))
                  if any(cell_text(v) for v in grid[r][col:col + width])), default=head) - head
    fw = framework()
    fill = {"error": fw.style("red").colour, "warning": fw.style("amber").colour}
    rows, colours = [], []
    for f in findings:
        rows.append(tuple(safe(v or "") for v in (f.severity, f.measure, f.year, f.period, f.message, f.where)))
        colours.append((fill.get(f.severity),))
    for _ in range(max(0, before - len(rows))):
        rows.append(("",) * width)
        colours.append((None,))
    errors = sum(f.severity == "error" for f in findings)
    stamp = (f"{CHECKED_PREFIX}{now:%d %b %Y %H:%M}: {errors} error(s), "
             f"{len(findings) - errors} warning(s)")
    writes = [Write(name, head - 1, col, ((stamp,),))]
    if rows:
        writes += [Write(name, head + 1, col, tuple(rows)), Write(name, head + 1, col, tuple((None,) for _ in rows),
                                                                  tuple(colours))]
    return writes


def stamp_write(shot: Snapshot, text: str) -> list[Write]:
    """The Dashboard's time stamp, in the row above its table; never over anything else."""
    name = shot.find(L.MARKERS[L.DASHBOARD])
    if name is None:
        return []
    r, c = L.DASHBOARD_STAMP
    held = cell_text(_cell(shot.grid(name), r, c))
    if held and not held.startswith(STAMP_PREFIX):
        return []
    return [Write(name, r, c, ((safe(text),),))]


# The key figures Recalculate compares with the engine: (heading, result attribute).
VERIFIED = (("Year to date", "ytd_actual"), ("Target to date", "ytd_target"),
            ("Year-end forecast", "forecast"), ("Judgement", "rag"))


def verify(shot: Snapshot, summary) -> list[Finding]:
    """What the measure sheets show against what the engine computes."""
    fw = framework()
    found = []
    for result in summary.results:
        name = shot.find(L.measure_marker(result.measure.id))
        if name is None or result.rows is None:
            continue
        grid = shot.grid(name)
        head, row = _header_row(grid, "key_head"), _header_row(grid, "key")
        if head is None or row is None:
            continue
        headings = [cell_text(v) for v in grid[head]]
        for heading, attribute in VERIFIED:
            if heading not in headings:
                continue
            c = headings.index(heading)
            shown, expected = _cell(grid, row, c), getattr(result, attribute)
            if attribute == "rag":
                expected = fw.style(expected).label
            if _agrees(shown, expected, result.measure.precision):
                continue
            found.append(Finding(
                "warning", result.measure.id, summary.as_of.year.label, result.period,
                f"the sheet shows {heading.lower()} {_show(shown)} but spp_xl computes {_show(expected)}: "
                "a formula was overtyped, or the custom functions did not run", f"sheet '{name}', cell {L.cell(row, c)}"))
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
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def plan_recalculate(shot: Snapshot, now: dt.datetime, check_sheets: bool = True) -> Plan:
    """Everything Recalculate writes, computed from the snapshot alone; ``check_sheets``
    False leaves out the comparison of what the sheets show (xlwings Lite cannot have
    Excel calculate before it reads them)."""
    from ..core.engine import summarise

    inputs = inputs_from(shot)
    summary = summarise(inputs.register, inputs.dataset, strict=False)
    findings = tuple(summary.findings) + (tuple(verify(shot, summary)) if check_sheets else ())
    errors = sum(f.severity == "error" for f in findings)
    status = (f"spp_xl: recalculated {len(summary.results)} measures to {summary.as_of.label} at {now:%H:%M}; "
              f"{errors} error(s), {len(findings) - errors} warning(s) on the Checks sheet")
    writes = (commentary_writes(shot, summary) + findings_writes(shot, findings, now)
              + stamp_write(shot, f"{STAMP_PREFIX}{now:%d %b %Y %H:%M}, reporting to {summary.as_of.label}"))
    return Plan(tuple(writes), status, findings)


def plan_check(shot: Snapshot, now: dt.datetime) -> Plan:
    """Check data: the findings alone."""
    from ..core.checks import run_checks

    inputs = inputs_from(shot)
    findings = tuple(run_checks(inputs.register, inputs.dataset))
    errors = sum(f.severity == "error" for f in findings)
    status = f"spp_xl: checked the figures at {now:%H:%M}: {errors} error(s), {len(findings) - errors} warning(s)"
    return Plan(tuple(findings_writes(shot, findings, now)), status, findings)


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
    from ..report.export import default_output, export_report

    book = _caller(book)
    written = []

    def work(book):
        from ..core.engine import default_as_of

        inputs = inputs_from(snapshot(book))
        # Only the file's name is wanted here: export_report judges (and checks) once.
        target = default_output(inputs, default_as_of(inputs.register, inputs.dataset))
        if folder is not None:
            target = Path(folder) / target.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target = free_name(target)
        result = export_report(output=target, inputs=inputs, created=created)
        written.append(result.xlsx)
        _status(book, f"spp_xl: board report written to {result.xlsx} ({result.pages} pages)")
        if _is_live(book):
            book.app.books.open(str(result.xlsx))

    _guarded(work, book)
    return written[0] if written else None


def new_measures(shot: Snapshot, inputs) -> list[str]:
    """Ids in the Measures table that have no sheet yet (rows staff typed in)."""
    return [m.id for m in inputs.register if shot.find(L.measure_marker(m.id)) is None]


def add_measures(book=None, folder: str | Path | None = None) -> Path | None:
    """The Make sheets for new measures button: a new workbook beside this one, built from
    this one's inputs, with a sheet for every measure typed into the Measures table.

    The open workbook is not changed (a workbook cannot rebuild itself while open); the new
    one is opened. Returns its path (None when there was nothing to do or it failed)."""
    from ..workbook.build import build_workbook

    book = _caller(book)
    written = []

    def work(book):
        shot = snapshot(book)
        inputs = inputs_from(shot)
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


__all__ = ["Plan", "Snapshot", "Write", "add_measures", "apply", "check", "export", "free_name", "new_measures",
           "plan_check",
           "plan_recalculate", "recalculate", "snapshot", "verify"]
