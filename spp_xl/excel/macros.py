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
calculate, then reads the workbook, which holds every calculated cell to the engine
(``spp_xl.workbook.disagreements``), and lists any disagreement (an overtyped formula)
on the Checks sheet. What is not a formula it
writes: the drafted commentary (never the column where staff write their own), the
data-quality findings, and a time stamp. It never writes to an input cell but the Checks
sheet's Confirmed column, which moves with its findings and keeps every confirmation.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.errors import SppError
from ..workbook.grid import Book
from ..workbook.reader import read_inputs
from .plans import (CHECKED_PREFIX, STAMP_PREFIX, Plan, Write, plan_check, plan_recalculate,  # noqa: F401
                    safe)

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
                    if w.fit_rows and _is_live(book):
                        target.rows.autofit()  # a finding's text wraps; the remote engine has no rows to fit
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


def _name(book) -> str:
    try:
        return book.fullname
    except Exception:  # the failure may be the workbook's own
        return "the workbook"


def _caller(book):
    if book is not None:
        return book
    import xlwings as xw

    return xw.Book.caller()


def _guarded(action, book, macro: str) -> None:
    """Runs a button's work; any failure becomes one line in a message box and the status
    bar, never a Python traceback: an unexpected one's traceback goes to the log it names."""
    try:
        action(book)
    except SppError as exc:
        _status(book, f"spp_xl: {exc}".splitlines()[0])
        _alert(book, str(exc))
    except Exception as exc:  # the last guard: an analyst gets a sentence, not a traceback
        from ..files.failures import record_failure, where_logged

        logged = record_failure(f"the button running spp_xl.excel.macros.{macro} on {_name(book)}", exc)
        message = f"spp_xl: unexpected error: {type(exc).__name__}: {exc}"
        _status(book, f"{message} ({where_logged(logged)})")
        _alert(book, f"{message}\n{where_logged(logged).capitalize()}: send that file, with what "
                     "'spp-xl doctor' prints, to whoever looks after the workbook.")


def recalculate(book=None, now: dt.datetime | None = None, calculate: bool = True) -> None:
    """The Recalculate button: calculate, check the sheets, write the commentary, findings and stamp.
    ``calculate`` False (xlwings Lite) skips the calculation, and so checks only the cells of
    native formulas, which Excel keeps calculated itself."""
    book = _caller(book)

    def work(book):
        if calculate:
            book.app.calculate()
        apply(book, plan_recalculate(snapshot(book), now or dt.datetime.now(), custom_current=calculate))

    _guarded(work, book, "recalculate")


def check(book=None, now: dt.datetime | None = None, custom_current: bool = True) -> None:
    """The Check data button: the data-quality findings alone. ``custom_current`` False (xlwings
    Lite) checks only the cells of native formulas, which Excel keeps calculated itself."""
    book = _caller(book)
    _guarded(lambda b: apply(b, plan_check(snapshot(b), now or dt.datetime.now(), custom_current)), book, "check")


def export(book=None, folder: str | Path | None = None, created: dt.datetime | None = None,
           pdf: bool = True) -> Path | None:
    """The Export board report button: the report into ``exports/`` beside the workbook, and
    its PDF (``pdf``: Excel's own on Windows, else LibreOffice's; see ``report_pdf``), then
    opened. An earlier report of the same quarter is kept: the new one takes the next free
    name. Returns the path written (None when it failed and said why)."""
    from ..report.export import default_output, export_report, written_message
    from .report_pdf import make_pdf

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
        target = free_name(target, also=(".pdf",))
        result = export_report(inputs, target, created=created)
        written.append(result.xlsx)
        _status(book, f"spp_xl: board report written to {result.xlsx} ({result.pages} pages)")
        message = written_message(result)  # errors never get here: they stop it, and the guard says so
        if pdf:
            result, said = make_pdf(book, result, _is_live(book))
            where = "Both files are" if result.pdf is not None else "The report is"
            message += f"\n\n{said}\n\n{where} in {result.xlsx.parent}"
        _alert(book, message)
        if _is_live(book):
            book.app.books.open(str(result.xlsx))  # the open report itself where Excel printed the PDF

    _guarded(work, book, "export")
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

    _guarded(work, book, "add_measures")
    return written[0] if written else None


def free_name(path: Path, also: tuple[str, ...] = ()) -> Path:
    """``path``, or ``name (2).xlsx``, ``name (3).xlsx``... whichever does not exist yet (nor
    does its twin with each suffix in ``also``: the report's PDF)."""
    k, candidate = 2, path
    while candidate.exists() or any(candidate.with_suffix(s).exists() for s in also):
        candidate = path.with_name(f"{path.stem} ({k}){path.suffix}")
        k += 1
    return candidate


__all__ = ["Plan", "Write", "add_measures", "apply", "check", "export", "free_name", "new_measures", "plan_check",
           "plan_recalculate", "recalculate", "snapshot"]
