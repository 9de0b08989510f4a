"""Export: inputs -> engine -> report description -> .xlsx (and .pdf), written atomically.

The command line (``spp-xl export``) and the workbook's Export button both call
``export_report``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..files.atomic import atomic_path, check_output, refuse_inputs, temporary_folder
from ..core.errors import InputError
from .build import build_report, file_label, long_date, period_covered

FILE_PREFIX = "SPP_Board_Report_"
NO_MEETING_DATE = ("no board meeting date is set: the report says the date is to be confirmed (type it on the "
                   "workbook's Settings sheet, or give --meeting-date YYYY-MM-DD)")
MEETING_WITHIN_MONTHS = 4  # a board meets within a few months of the period it hears about ("four" below)


@dataclass(frozen=True)
class ExportResult:
    """Where the report went and how many pages it prints on."""

    xlsx: Path
    pdf: Path | None
    pages: int
    sheet_pages: tuple  # (sheet name, printed pages) in order
    meeting_date: dt.date | None  # None: the report says the date is to be confirmed
    warnings: tuple = ()  # the data-quality findings the report carries in its notes
    tags: object = field(default=None, compare=False, repr=False)  # what each printed row says, for a tagged PDF


def default_output(inputs, as_of) -> Path:
    """``exports/SPP_Board_Report_2015-16_Q1.xlsx`` beside the source file (for the
    bundled data, in the current folder)."""
    base = Path.cwd() if inputs.kind == "bundled" else Path(inputs.source).resolve().parent
    return base / "exports" / f"{FILE_PREFIX}{file_label(as_of)}.xlsx"


def parse_meeting_date(text: str, where: str = "--meeting-date") -> dt.date:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise InputError(f"{text!r} is not a date of the form YYYY-MM-DD, e.g. 2015-07-23", where) from None


def period_end(as_of) -> dt.date:
    """The last day of the month a report is made to.

    >>> from spp_xl.core.periods import AsOf
    >>> period_end(AsOf.parse("2015/16 Jun")), period_end(AsOf.parse("2015/16 Feb"))
    (datetime.date(2015, 6, 30), datetime.date(2016, 2, 29))
    """
    year, month = as_of.year.calendar_month(as_of.month_index)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months_after(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def meeting_date_problem(day: dt.date, as_of) -> str | None:
    """Why a report to ``as_of`` cannot go to a meeting on ``day`` (None when it can): a
    meeting before the period's end, or more than four months after it, is another quarter's."""
    end = period_end(as_of)
    if day < end:
        problem = "before the end of the period it reports"
    elif day > _months_after(end, MEETING_WITHIN_MONTHS):
        problem = "more than four months after the end of the period it reports"
    else:
        return None
    return (f"the board meeting date {long_date(day)} is {problem}, {period_covered(as_of)}, which ends on "
            f"{end.day} {end:%B %Y}: give the meeting this report goes to")


def meeting_date_for(inputs, given: str | dt.date | None, as_of) -> dt.date | None:
    """The board meeting's date: ``given`` (``--meeting-date``), else the source's, else None
    (never today); refused when the report cannot be meant for it."""
    if isinstance(given, dt.date):
        day, where = given, "--meeting-date"
    elif given:
        day, where = parse_meeting_date(given), "--meeting-date"
    else:
        day, where = inputs.meeting_date, f"{inputs.source}: the Settings sheet's board meeting date"
    if day is None:
        return None
    problem = meeting_date_problem(day, as_of)
    if problem:
        raise InputError(problem, where)
    return day


def written_message(result: ExportResult) -> str:
    """What the board will read with the report, for the Export button's message box: where
    it went, how many warnings its notes carry, and a missing meeting date."""
    count = len(result.warnings)
    lines = [f"Board report written to {result.xlsx.name} ({result.pages} pages).",
             f"{count} data-quality warning(s) are printed in its data-quality notes"
             + (": see the Checks sheet." if count else ".")]
    if result.meeting_date is None:
        lines.append(NO_MEETING_DATE[0].upper() + NO_MEETING_DATE[1:] + ".")
    return "\n\n".join(lines)


def _make_folder(folder: Path) -> None:
    """The default reports' folder (``exports``), made where missing; what stands in its way is named."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError("is a file where the reports' folder goes: move it, or give -o", str(folder)) from None
    except PermissionError:
        raise InputError("the reports' folder cannot be made here (permission denied): give -o", str(folder)) from None
    except OSError as exc:
        raise InputError(f"the reports' folder cannot be made ({exc.strerror or exc}): give -o", str(folder)) from None


def export_report(inputs, output: str | Path | None = None, *, as_of: str | None = None,
                  meeting_date: str | dt.date | None = None, pdf: bool = False, force: bool = False,
                  created: dt.datetime | None = None, reads: tuple = ()) -> ExportResult:
    """Writes the board report.

    Args:
        inputs: what the report is made from (``spp_xl.sources.load_inputs``, or what the
            Excel button read from the open workbook).
        output: the .xlsx to write; default ``default_output``.
        as_of: the month reported to, e.g. ``"2015/16 Jun"``; default the latest with data.
        meeting_date: the board meeting; default the source's, else none (the report says
            it is to be confirmed). Refused when before the period's end or over four months after.
        pdf: also write a PDF beside the .xlsx, tagged for a screen reader (needs LibreOffice
            and the ``pdf`` extra, pikepdf).
        force: replace existing files.
        created: the document's creation time (fixed in tests for a reproducible file).
        reads: ``(role, path)`` of each file the inputs were read from: neither output may be
            one of them (``files.atomic.refuse_inputs``).

    Raises:
        InputError: bad arguments, an existing output without ``force``, no LibreOffice for ``pdf``.
        DataQualityError: the figures hold errors that stop a report.
    """
    from ..core.engine import summarise
    from ..files import PDF_EXTRA, can_tag_pdf
    from ..files.libreoffice import INSTALL_HINT, soffice
    from .tags import document
    from .xlsx import write_xlsx

    summary = summarise(inputs.register, inputs.dataset, as_of, strict=True)
    day = meeting_date_for(inputs, meeting_date, summary.as_of)
    report = build_report(summary, inputs, day)

    if output is None:
        xlsx_path = default_output(inputs, summary.as_of)
    else:
        xlsx_path = Path(output)
        if xlsx_path.suffix.lower() != ".xlsx":
            raise InputError("the report is an .xlsx file: give an output name ending in .xlsx", str(xlsx_path))
    pdf_path = xlsx_path.with_suffix(".pdf") if pdf else None
    # Refuse before writing anything, so that a failed export leaves no half of a pair.
    refuse_inputs(xlsx_path, reads, "the report")
    if output is None:
        _make_folder(xlsx_path.parent)
    check_output(xlsx_path, force)
    if pdf_path is not None:
        refuse_inputs(pdf_path, reads, "the PDF")
        check_output(pdf_path, force)
        if soffice() is None:
            raise InputError(f"--pdf needs LibreOffice. {INSTALL_HINT}. Without --pdf the .xlsx is written alone")
        if not can_tag_pdf():
            raise InputError(f"--pdf needs pikepdf to make the PDF accessible (tagged for a screen reader): "
                             f"{PDF_EXTRA}. Without --pdf the .xlsx is written alone")

    with atomic_path(xlsx_path, force) as tmp:
        rendered = write_xlsx(report, tmp, created=created)
    warnings = tuple(f for f in summary.findings if f.severity == "warning")
    result = ExportResult(xlsx_path, None, rendered.page_count, rendered.pages, day, warnings,
                          tags=document(report, rendered))
    if pdf_path is not None:
        result = libreoffice_pdf(result, pdf_path, force)
    return result


def libreoffice_pdf(result: ExportResult, pdf_path: str | Path, force: bool = False) -> ExportResult:
    """Prints the report ``result`` wrote to ``pdf_path`` through LibreOffice, tagged for a
    screen reader (``spp_xl.files.tag_pdf``), written atomically; the result with its PDF.

    Raises:
        InputError: LibreOffice or pikepdf missing, LibreOffice failing, or its PDF not what the
            report printed.
    """
    from ..files import PDF_EXTRA, TaggingError, can_tag_pdf, tag_pdf
    from ..files.libreoffice import INSTALL_HINT, TAGGED_PDF, ConversionError, convert, soffice

    pdf_path = Path(pdf_path)
    if soffice() is None:
        raise InputError(f"the PDF needs LibreOffice. {INSTALL_HINT}")
    if not can_tag_pdf():
        raise InputError(f"the PDF needs pikepdf to make it accessible (tagged for a screen reader): {PDF_EXTRA}")
    check_output(pdf_path, force)
    with temporary_folder("pdf") as work:
        staged = work / result.xlsx.name
        try:
            shutil.copyfile(result.xlsx, staged)
            made = convert(staged, TAGGED_PDF, work, recalculate=False)
        except (ConversionError, OSError) as exc:  # about a staged copy: say what was written, and what not
            reason = exc.reason if isinstance(exc, ConversionError) else \
                f"the temporary folder could not be written ({exc.strerror or exc})"
            raise _pdf_not_written(reason, result, pdf_path) from None
        with atomic_path(pdf_path, force) as tmp:
            try:
                tag_pdf(made, tmp, result.tags)
            except TaggingError as exc:  # LibreOffice's PDF (in the temporary folder): not what the report printed
                detail = f"{exc.where}: {exc.message}" if exc.where else exc.message
                raise _pdf_not_written(f"LibreOffice's PDF could not be tagged for a screen reader ({detail})",
                                       result, pdf_path) from None
    return replace(result, pdf=pdf_path)


def _pdf_not_written(reason: str, result: ExportResult, pdf_path: Path) -> InputError:
    """The PDF was not written, for ``reason``; the report was: what to do."""
    return InputError(f"not written: {reason}; the report {result.xlsx} was written: print it to PDF from Excel, or "
                      "run again with --pdf --force", str(pdf_path))
