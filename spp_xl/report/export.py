"""Export: inputs -> engine -> report description -> .xlsx (and .pdf), written atomically.

The command line (``spp-xl export``) and the workbook's Export button both call
``export_report``.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..files.atomic import atomic_path, check_output
from ..core.errors import InputError
from .build import build_report, file_label

FILE_PREFIX = "SPP_Board_Report_"


@dataclass(frozen=True)
class ExportResult:
    """Where the report went and how many pages it prints on."""

    xlsx: Path
    pdf: Path | None
    pages: int
    sheet_pages: tuple  # (sheet name, printed pages) in order
    meeting_date: dt.date
    meeting_date_assumed: bool


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


def export_report(inputs, output: str | Path | None = None, *, as_of: str | None = None,
                  meeting_date: str | dt.date | None = None, pdf: bool = False, force: bool = False,
                  created: dt.datetime | None = None) -> ExportResult:
    """Writes the board report.

    Args:
        inputs: what the report is made from (``spp_xl.sources.load_inputs``, or what the
            Excel button read from the open workbook).
        output: the .xlsx to write; default ``default_output``.
        as_of: the month reported to, e.g. ``"2015/16 Jun"``; default the latest with data.
        meeting_date: the board meeting; default the source's, else today.
        pdf: also write a PDF beside the .xlsx (needs LibreOffice).
        force: replace existing files.
        created: the document's creation time (fixed in tests for a reproducible file).

    Raises:
        InputError: bad arguments, an existing output without ``force``, no LibreOffice for ``pdf``.
        DataQualityError: the figures hold errors that stop a report.
    """
    from ..core.engine import summarise
    from ..files.libreoffice import INSTALL_HINT, convert, soffice
    from .xlsx import write_xlsx

    summary = summarise(inputs.register, inputs.dataset, as_of, strict=True)
    assumed = False
    if isinstance(meeting_date, dt.date):
        day = meeting_date
    elif meeting_date:
        day = parse_meeting_date(meeting_date)
    elif inputs.meeting_date:
        day = parse_meeting_date(inputs.meeting_date, f"{inputs.source}: meeting date")
    else:
        day, assumed = dt.date.today(), True
    report = build_report(summary, inputs, day)

    if output is None:
        xlsx_path = default_output(inputs, summary.as_of)
        xlsx_path.parent.mkdir(parents=True, exist_ok=True)
    else:
        xlsx_path = Path(output)
        if xlsx_path.suffix.lower() != ".xlsx":
            raise InputError("the report is an .xlsx file: give an output name ending in .xlsx", str(xlsx_path))
    pdf_path = xlsx_path.with_suffix(".pdf") if pdf else None
    # Refuse before writing anything, so that a failed export leaves no half of a pair.
    check_output(xlsx_path, force)
    if pdf_path is not None:
        check_output(pdf_path, force)
        if soffice() is None:
            raise InputError(f"--pdf needs LibreOffice. {INSTALL_HINT}. Without --pdf the .xlsx is written alone")

    with atomic_path(xlsx_path, force) as tmp:
        rendered = write_xlsx(report, tmp, created=created)
    if pdf_path is not None:
        with tempfile.TemporaryDirectory(prefix="spp_pdf_") as work:
            staged = Path(work) / xlsx_path.name
            shutil.copyfile(xlsx_path, staged)
            made = convert(staged, "pdf", work, recalculate=False)
            with atomic_path(pdf_path, force) as tmp:
                shutil.copyfile(made, tmp)
    return ExportResult(xlsx_path, pdf_path, rendered.page_count, rendered.pages, day, assumed)

