"""The PDF beside the report: LibreOffice found where its installer puts it, not only on PATH;
the Export button asking Excel itself on Windows, falling back to LibreOffice, and saying in
its message box where both files are."""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import pikepdf
import pytest
import xlwings as xw
from remote import NOW, payload_from, remote_engine  # noqa: F401

from spp_xl.excel import build_workbook, macros
from spp_xl.excel.report_pdf import make_pdf
from spp_xl.files import libreoffice
from spp_xl.files.libreoffice import install_folders, soffice
from spp_xl.report import export_report
from spp_xl.sources import load_inputs

# ------------------------------------------------------------------ finding LibreOffice


def _fake_install(root: Path, *parts: str) -> Path:
    exe = root.joinpath(*parts)
    exe.parent.mkdir(parents=True)
    exe.write_text("")
    return exe


@pytest.fixture
def nothing_on_path(monkeypatch):
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)


def test_windows_finds_libreoffice_in_program_files(tmp_path, nothing_on_path):
    programs = tmp_path / "Program Files"
    exe = _fake_install(programs, "LibreOffice", "program", "soffice.exe")
    assert soffice("win32", {"ProgramFiles": str(programs)}) == str(exe)


def test_windows_finds_a_32_bit_install(tmp_path, nothing_on_path):
    x86 = tmp_path / "Program Files (x86)"
    exe = _fake_install(x86, "LibreOffice", "program", "soffice.exe")
    environ = {"ProgramFiles": str(tmp_path / "Program Files"), "ProgramFiles(x86)": str(x86)}
    assert soffice("win32", environ) == str(exe)


def test_the_usual_folders_are_where_the_installers_put_it():
    windows = [str(p) for p in install_folders("win32", {})]
    assert windows[0].replace("/", "\\") == r"C:\Program Files\LibreOffice\program\soffice.exe"
    assert windows[1].replace("/", "\\") == r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"
    mac = install_folders("darwin", {"HOME": "/Users/analyst"})
    assert mac == [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
                   Path("/Users/analyst/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    assert install_folders("linux", {}) == []  # a Linux package puts it on PATH


def test_macos_finds_it_in_the_users_applications(tmp_path, nothing_on_path):
    exe = _fake_install(tmp_path, "Applications", "LibreOffice.app", "Contents", "MacOS", "soffice")
    assert soffice("darwin", {"HOME": str(tmp_path)}) == str(exe)


def test_path_comes_first_and_none_is_said_as_none(tmp_path, monkeypatch):
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: "/usr/bin/soffice" if name == "soffice" else None)
    assert soffice("win32", {"ProgramFiles": str(tmp_path)}) == "/usr/bin/soffice"
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    assert soffice("win32", {"ProgramFiles": str(tmp_path)}) is None
    assert soffice("linux", {}) is None


def test_export_pdf_uses_libreoffice_found_in_its_install_folder(tmp_path, monkeypatch):
    """--pdf on a laptop where LibreOffice is installed but not on PATH (every Windows install)."""
    real = shutil.which("soffice")
    programs = tmp_path / "Program Files"
    exe = programs / "LibreOffice" / "program" / "soffice"
    exe.parent.mkdir(parents=True)
    os.symlink(real, exe)
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    monkeypatch.setattr(libreoffice, "install_folders", lambda platform=None, environ=None: [exe])
    result = export_report(load_inputs(), tmp_path / "report.xlsx", pdf=True)
    assert result.pdf.exists() and pikepdf.open(result.pdf).Root.MarkInfo.Marked


# ------------------------------------------------------------------ the Export button


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return build_workbook(load_inputs(), tmp_path_factory.mktemp("book") / "SPP_Performance.xlsm")


def _alert(book) -> str:
    (alert,) = [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]
    return alert


def test_the_button_writes_the_report_and_its_tagged_pdf_and_says_where(workbook, tmp_path):
    """Through the remote engine (no Excel to print it): LibreOffice's PDF, tagged."""
    here = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(workbook, here)
    book = xw.Book(json=payload_from(here))
    written = macros.export(book, created=NOW)
    pdf = written.with_suffix(".pdf")
    assert written.exists() and pdf.exists()
    with pikepdf.open(pdf) as made:
        assert str(made.Root.Lang) == "en-GB" and made.Root.MarkInfo.Marked
    alert = _alert(book)
    assert alert.startswith("Board report written to SPP_Board_Report_2015-16_Q1.xlsx")
    assert f"PDF written by LibreOffice to {pdf}." in alert
    assert f"Both files are in {tmp_path / 'exports'}" in alert


def test_a_second_export_takes_the_next_free_name_for_both(workbook, tmp_path):
    here = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(workbook, here)
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "SPP_Board_Report_2015-16_Q1.pdf").write_text("a PDF someone kept")
    written = macros.export(xw.Book(json=payload_from(here)), created=NOW)
    assert written.name == "SPP_Board_Report_2015-16_Q1 (2).xlsx" and written.with_suffix(".pdf").exists()
    assert (tmp_path / "exports" / "SPP_Board_Report_2015-16_Q1.pdf").read_text() == "a PDF someone kept"


def test_without_libreoffice_the_button_writes_the_report_and_says_why_there_is_no_pdf(workbook, tmp_path,
                                                                                      monkeypatch):
    here = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(workbook, here)
    monkeypatch.setattr(libreoffice, "soffice", lambda *a, **k: None)
    book = xw.Book(json=payload_from(here))
    written = macros.export(book, created=NOW)
    assert written.exists() and not written.with_suffix(".pdf").exists()
    alert = _alert(book)
    assert "No PDF was written: the PDF needs LibreOffice" in alert and "libreoffice.org" in alert
    assert f"The report is in {tmp_path / 'exports'}" in alert


class _ExcelReport:
    """What xlwings gives for the report Excel opened: ``to_pdf`` as Excel's export would."""

    def __init__(self, fails: bool):
        self.fails, self.printed = fails, []

    def to_pdf(self, path):
        if self.fails:
            raise RuntimeError("(-2147352567, 'Exception occurred.')")
        Path(path).write_bytes(b"%PDF-1.7 Excel's")
        self.printed.append(path)


class _Excel:
    """A live Excel as far as the button's PDF needs one: its open books."""

    def __init__(self, fails: bool = False):
        self.report = _ExcelReport(fails)
        self.opened = []
        self.app = self
        self.books = self

    def open(self, path):
        self.opened.append(path)
        return self.report


@pytest.fixture
def written(tmp_path):
    return export_report(load_inputs(), tmp_path / "SPP_Board_Report_2015-16_Q1.xlsx")


def test_on_windows_excel_itself_prints_the_pdf(written):
    excel = _Excel()
    result, said = make_pdf(excel, written, live=True, platform="win32")
    pdf = written.xlsx.with_suffix(".pdf")
    assert result.pdf == pdf and pdf.read_bytes() == b"%PDF-1.7 Excel's"
    assert excel.opened == [str(written.xlsx)] and said == f"PDF written by Excel to {pdf}."
    assert len(excel.report.printed) == 1 and excel.report.printed[0] != str(pdf)  # a temporary name, then moved


def test_when_excels_export_fails_libreoffice_prints_it(written):
    result, said = make_pdf(_Excel(fails=True), written, live=True, platform="win32")
    assert said.startswith("Excel could not export it (RuntimeError: ")
    assert said.endswith(f"PDF written by LibreOffice to {result.pdf}.")
    with pikepdf.open(result.pdf) as made:
        assert made.Root.MarkInfo.Marked and str(made.Root.Lang) == "en-GB"


def test_elsewhere_excel_is_not_asked(written):
    excel = _Excel()
    result, said = make_pdf(excel, written, live=True, platform="darwin")
    assert excel.opened == [] and said.startswith("PDF written by LibreOffice")


def test_a_failed_pdf_leaves_the_report_and_says_both_reasons(written, monkeypatch):
    monkeypatch.setattr(libreoffice, "soffice", lambda *a, **k: None)
    result, said = make_pdf(_Excel(fails=True), copy.copy(written), live=True, platform="win32")
    assert result.pdf is None and written.xlsx.exists() and not written.xlsx.with_suffix(".pdf").exists()
    assert said.startswith("No PDF was written: Excel could not export it (RuntimeError")
    assert "the PDF needs LibreOffice" in said
