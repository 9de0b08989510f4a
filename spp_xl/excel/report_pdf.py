"""The Export button's PDF: the report it just wrote, printed by Excel itself on Windows
(Excel's own export writes a tagged PDF, each chart's Alt Text its /Alt), else by
LibreOffice (on PATH or in its usual install folder) and tagged by spp_xl. Never a reason
for the report itself to fail: the message box says what was written, and where."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.errors import SppError
from ..files.atomic import atomic_path
from ..report.export import ExportResult, libreoffice_pdf


def excel_pdf(book, xlsx: Path, pdf: Path) -> None:
    """Has Excel open the report and export it as PDF (xlwings' ``Book.to_pdf``, Excel's
    ExportAsFixedFormat: the visible sheets, as their print set-up says), written atomically.
    The report stays open for the analyst to read."""
    report = book.app.books.open(str(xlsx))
    with atomic_path(pdf, force=False) as tmp:
        report.to_pdf(str(tmp))


def make_pdf(book, result: ExportResult, live: bool, platform: str = sys.platform) -> tuple[ExportResult, str]:
    """The PDF beside the report: (the result with its PDF, or without one, and a sentence
    saying who made it and where, or why there is none)."""
    pdf = result.xlsx.with_suffix(".pdf")
    tried = ""
    if live and platform == "win32":
        try:
            excel_pdf(book, result.xlsx, pdf)
            return ExportResult(result.xlsx, pdf, result.pages, result.sheet_pages, result.meeting_date,
                                result.warnings, result.tags), f"PDF written by Excel to {pdf}."
        except Exception as exc:  # Excel's export failed: LibreOffice may still make it
            tried = f"Excel could not export it ({type(exc).__name__}: {exc}). "
    try:
        done = libreoffice_pdf(result, pdf)
    except SppError as exc:
        return result, f"No PDF was written: {tried}{exc}."
    return done, f"{tried}PDF written by LibreOffice to {pdf}."
