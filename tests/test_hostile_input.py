"""Hostile input and conditions: every case an adversarial trial of the command line found,
each with the exit code and the first line the analyst sees.

The trial (200 inputs and conditions, about 300 command runs) found data lost (an output
written over one of its own inputs, ``--force`` replacing typed work), figures misread
without a word (a stray quote swallowing the rest of a CSV, Excel's ``#N/A`` read as a
blank, ``nan`` accepted as a tolerance), and limits that ended in a traceback or exit 3.
Each is a case here: one line (or, for a list of data errors or of typed work, a first line
saying how many), exit 0, 1 or 2, never a traceback, never exit 3; what must not change
(the input, the previous output) is checked unchanged. ``test_bad_input.py`` holds the
refusals that were already clean, so that they stay so.

Cases run in this process through ``spp_xl.cli.main``, or, where the condition is the
process's own (a pipe, a file-size limit, a signal, a hung LibreOffice), as ``spp-xl`` in a
process of its own. ``{p}`` in an argument or a message is the case's input, ``{o}`` its
output folder, ``{d}`` its folder.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

import pytest
from places import ROWS
from test_bad_input import raw_bytes
from test_police import APRIL, MAY, write_areas, write_street
from workbook_copies import edited_copy

from spp_xl.cli import main
from spp_xl.workbook import layout as L
from spp_xl.workbook import measure_schema as M
from spp_xl.workbook import schema as S

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "SPP_Performance.xlsm"
BUNDLED = resources.files("spp_xl.bundled").joinpath("spp_2015-16.csv").read_text(encoding="utf-8")
HEADER = "measure,year,period,value\n"
GOOD = HEADER + "asb,2015/16,Apr,864\nasb,2015/16,May,894\nasb,2015/16,Jun,769\n"
THIS_YEAR, THIS_CUM = ROWS["this_year"] + 1, ROWS["this_cum"] + 1  # openpyxl counts from 1
JUN = M.FIRST_PERIOD_COL + 3                                          # column H
SPP_XL = Path(sys.executable).with_name("spp-xl")
DATA_ERROR = "1 data error(s) stop the report; fix it and run again: ERROR: "
SCREENFUL = 40  # findings listed at most under a message's first line (docs/safety.md), then a count of the rest


# ---------------------------------------------------------------------- making inputs


def text_file(text: str, name: str = "figures.csv", encoding: str = "utf-8"):
    return raw_bytes(text.encode(encoding), name)


def bundled_with(old: str, new: str, name: str = "figures.csv"):
    """The bundled figures with one line changed."""
    assert old in BUNDLED
    return text_file(BUNDLED.replace(old, new), name)


def workbook(change: Callable | None = None, name: str = "SPP_Performance.xlsm"):
    def make(folder: Path) -> Path:
        return edited_copy(folder / name, change)
    return make


def typed(sheet: str, row: int, col: int, value, kind: str | None = None):
    """Types ``value`` into a cell (openpyxl counts from 1); ``kind`` "e" stores an Excel error value."""
    def change(book):
        cell = book[sheet].cell(row, col)
        cell.value = value
        if kind:
            cell.data_type = kind
    return change


def both(*changes):
    def change(book):
        for one in changes:
            one(book)
    return change


REGISTER = ('year = "2015/16"\n[[measure]]\nid = "asb"\ntitle = "ASB"\ndirection = "reduce"\n'
            'frequency = "monthly"\nannual_target = 10064\n')


def register_named(name: str):
    return text_file(REGISTER, name)


def register(change: tuple[str, str] = ("", "")):
    base = ('year = "2015/16"\n[[measure]]\nid = "asb"\ntitle = "ASB"\ndirection = "reduce"\n'
            'frequency = "monthly"\nannual_target = 10064\n')
    assert change[0] in base
    return text_file(base.replace(*change), "measures.toml")


def measures_entry(measure: str, **values):
    """Types ``values`` (field -> value) into ``measure``'s row of the Measures table."""
    def change(book):
        ws = book[L.MEASURES]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, S.measures_col("id") + 1).value == measure)
        for field, value in values.items():
            ws.cell(row, S.measures_col(field) + 1).value = value
    return change


PERCENT = ('\n[[measure]]\nid = "sat"\ntitle = "Satisfied"\ndirection = "increase"\nfrequency = "quarterly"\n'
           'unit = "percent"\nentry = "counts"\nnumerator = "victims satisfied"\ndenominator = "victims surveyed"\n'
           'annual_target = 85\n')


def screenful(more: str):
    """What a list of findings must be: a screenful at most, ten of a kind, then ``more``."""
    def check(folder: Path, out: str, err: str) -> None:
        lines = err.splitlines()
        assert len(lines) <= 2 + SCREENFUL, len(lines)
        assert lines[-1] == f"  {more}", lines[-1]
    return check


def figures_file_beside_a_workbook(folder: Path) -> Path:
    """A tidy CSV of ASB's three months, with the committed workbook beside it (which holds far more)."""
    shutil.copyfile(COMMITTED, folder / "book.xlsm")
    return text_file(GOOD)(folder)


def areas_with_bad_populations(folder: Path) -> Path:
    police_city(folder)
    return text_file("lsoa_code,neighbourhood,population\n"
                     + "".join(f"E01{k:06d},N{k:02d},1.5\n" for k in range(1, 61)), "areas.csv")(folder)


def well_formed(name: str):
    """Every XML part of ``out/name`` parses: a character XML forbids (a control character that
    came with an input) makes a file Excel calls corrupt."""
    def check(folder: Path, out: str, err: str) -> None:
        import xml.etree.ElementTree as ET

        with zipfile.ZipFile(folder / "out" / name) as package:
            for part in package.namelist():
                if part.endswith((".xml", ".rels")):
                    ET.fromstring(package.read(part))
    return check


# A title pasted from Word (its line break is a vertical tab) and words holding an escape.
PASTED = ('title = "ASB"', 'title = "Reduce\\u000bASB \\u001b[31mincidents"\ncounted = "inci\\u000bdents"')


def short_literals(name: str):
    """No formula of ``out/name`` quotes text of over 255 characters: Excel refuses such a
    formula, and calls the file corrupt."""
    def check(folder: Path, out: str, err: str) -> None:
        with zipfile.ZipFile(folder / "out" / name) as package:
            formulas = [html.unescape(f) for part in package.namelist() if part.startswith("xl/worksheets/sheet")
                        for f in re.findall(r"<f[^>]*>([^<]*)</f>", package.read(part).decode())]
        quoted = [len(text.replace('""', '"')) for f in formulas for text in re.findall(r'"((?:[^"]|"")*)"', f)]
        assert quoted and max(quoted) <= 255, max(quoted)
        assert any("of not more than 10,064 incidents, counted" in f for f in formulas)
    return check


LONG_WORDING = ("10064\n", "10064\nmeasure_wording = \"of not more than 10064 incidents, counted as the ASB team "
                "counts them" + ", and as the police count them" * 9 + "\"\n")


def xlsx_with_cell(reference: str, value="x", name: str = "far.xlsx"):
    """A workbook of one sheet holding 1 in A1 and ``value`` in ``reference`` (an inline string:
    what a reader must build a grid out to)."""
    def make(folder: Path) -> Path:
        path = folder / name
        sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                 'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
                 f'<row r="{re.sub("[A-Z]", "", reference)}"><c r="{reference}" t="inlineStr"><is><t>{value}</t>'
                 '</is></c></row></sheetData></worksheet>')
        minimal_xlsx(path, {"xl/worksheets/sheet1.xml": sheet.encode()})
        return path
    return make


def shown_value(sheet: str, reference: str, shown: str, name: str = "SPP_Performance.xlsm"):
    """The committed workbook with the value a formula cell shows replaced in its XML, the
    formula kept: what a workbook saved unrecalculated, or an earlier spp_xl's formula, shows."""
    def make(folder: Path) -> Path:
        from workbook_copies import COMMITTED

        with zipfile.ZipFile(COMMITTED) as source:
            parts = {info.filename: source.read(info) for info in source.infolist()}
        ids = dict(re.findall(r'<sheet name="([^"]+)" sheetId="\d+"[^>]*r:id="(rId\d+)"',
                              parts["xl/workbook.xml"].decode()))
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', parts["xl/_rels/workbook.xml.rels"].decode()))
        part = "xl/" + targets[ids[sheet]]
        xml, count = re.subn(rf'(<c r="{reference}"[^>]*t="str"><f>[^<]*</f><v>)[^<]*(</v>)', rf"\g<1>{shown}\g<2>",
                             parts[part].decode())
        assert count == 1, (sheet, reference)
        parts[part] = xml.encode()
        path = folder / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for part_name, data in parts.items():
                archive.writestr(part_name, data)
        return path
    return make


def minimal_xlsx(path: Path, sheets: dict[str, bytes]) -> None:
    """The smallest workbook Excel's format allows, one sheet per ``sheets`` part."""
    names = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/{n}" ContentType="application/vnd.openxmlformats-officedocument.'
                      'spreadsheetml.worksheet+xml"/>' for n in names) + "</Types>"))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="Sheet{i + 1}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i in range(len(names)))
            + "</sheets></workbook>"))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships">' + "".join(
                f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships/worksheet" Target="{n[3:]}"/>' for i, n in enumerate(names)) + "</Relationships>"))
        for part, data in sheets.items():
            archive.writestr(part, data)


def zip_bomb(folder: Path) -> Path:
    """1.6 MB of zip that inflates to 1.5 GB: one sheet of a million rows of 64 cells."""
    path = folder / "bomb.xlsx"
    row = "".join(f'<c r="{chr(65 + k % 26)}{"" if k < 26 else chr(65 + k // 26 - 1)}1"><v>1</v></c>'
                  for k in range(64))
    head = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><sheetData>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        minimal_xlsx(folder / "frame.xlsx", {"xl/worksheets/sheet1.xml": b""})
        with zipfile.ZipFile(folder / "frame.xlsx") as frame:
            for info in frame.infolist():
                if info.filename != "xl/worksheets/sheet1.xml":
                    archive.writestr(info, frame.read(info))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head.encode())
            block = ("<row>" + row + "</row>").encode() * 1000
            for _ in range(1000):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    (folder / "frame.xlsx").unlink()
    return path


def lying_sizes(folder: Path) -> Path:
    """A workbook whose zip says its sheet inflates to 1 KB when it inflates to 50 MB (its local
    header and central directory both altered): a reader trusting it would be surprised."""
    path = folder / "lying.xlsx"
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 1_000_001))
    minimal_xlsx(path, {"xl/worksheets/sheet1.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main"><sheetData>{rows}</sheetData></worksheet>').encode()})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    true_size = info.file_size.to_bytes(4, "little")
    for at in [i for i in range(len(data) - 4) if data[i:i + 4] == true_size]:
        data[at:at + 4] = (1024).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def fifo(name: str):
    def make(folder: Path) -> Path:
        path = folder / name
        os.mkfifo(path)
        return path
    return make


def police_city(folder: Path) -> Path:
    """A month of police.uk street files and the city's areas; returns the areas file."""
    write_street(folder / "streets", "2015-04", APRIL)
    write_street(folder / "streets", "2015-05", MAY)
    return write_areas(folder / "areas.csv")


# ---------------------------------------------------------------------- the cases


def times(measure: str, factor: float):
    """The bundled CSV with this year's figures of ``measure`` multiplied by ``factor``: a year
    typed in another unit."""
    def make(folder: Path) -> Path:
        rows = list(csv.reader(io.StringIO(BUNDLED)))
        for row in rows[1:]:
            if row[0] == measure and row[1] == "2015/16":
                row[3] = f"{float(row[3]) * factor:g}"
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return text_file(out.getvalue())(folder)
    return make


def long_commentary(folder: Path) -> Path:
    """A workbook whose staff commentary on ASB is 40,007 characters (Excel holds 32,767 a cell;
    a workbook written by another program may hold more)."""
    path = edited_copy(folder / "typed.xlsm", commentary_on("asb", "Levels fell. " * 2520))
    long = folder / "SPP_Performance.xlsm"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(long, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info, data.replace(b"Levels fell. " * 2520, b"Levels fell. " * 3077 + b"Levels", 1))
    path.unlink()
    return long


def linked(kind: str, target: str, link: str, make: Callable[[Path], Path]):
    """``make``'s input, with ``link`` in its folder naming ``target`` (the input's own name, or
    another file of the folder) by a symbolic or a hard link."""
    def made(folder: Path) -> Path:
        source = make(folder)
        goal = source if target == "{p}" else folder / target
        (os.symlink if kind == "symbolic" else os.link)(goal, folder / link)
        return source
    return made


def typed_workbook(name: str, *changes):
    return workbook(both(*changes) if changes else None, name)


def commentary_on(measure: str, text: str):
    def change(book):
        ws = book[L.EXCEPTIONS]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == f"measure={measure}")
        ws.cell(row, len(S.EXCEPTIONS.headings) + 1).value = text
    return change


def source_beside(make: Callable[[Path], Path], name: str = "source.xlsm"):
    """``make``'s input (an existing output), with the committed workbook beside it as ``name``."""
    def made(folder: Path) -> Path:
        shutil.copyfile(COMMITTED, folder / name)
        return make(folder)
    return made


def police_output_with_commentary(folder: Path) -> Path:
    """A workbook an earlier ``police --workbook`` run wrote, with staff commentary typed into it since."""
    police_city(folder)
    shutil.copyfile(COMMITTED, folder / "book.xlsm")
    earlier = folder / "earlier.xlsm"
    assert main(["police", str(folder / "streets"), "--areas", str(folder / "areas.csv"), "--workbook",
                 str(folder / "book.xlsm"), "-o", str(earlier)]) == 0
    return edited_copy_of(earlier, folder / "police.xlsm", commentary_on("sac", "Burglary fell in May."))


def figures_of_a_police_workbook(folder: Path) -> Path:
    """A workbook ``spp-xl police --workbook`` wrote (with its Neighbourhoods sheet), and the tidy
    CSV of its figures (``spp-xl data``), which has no neighbourhoods; returns the CSV."""
    police_city(folder)
    assert main(["police", str(folder / "streets"), "--areas", str(folder / "areas.csv"), "--workbook", str(COMMITTED),
                 "-o", str(folder / "book.xlsm")]) == 0
    assert main(["data", str(folder / "book.xlsm"), "-o", str(folder / "figures.csv")]) == 0
    return folder / "figures.csv"


def edited_copy_of(source: Path, path: Path, change) -> Path:
    import openpyxl

    book = openpyxl.load_workbook(source, keep_vba=True)
    change(book)
    book.save(path)
    return path


FAKE_SOFFICE = """#!/bin/sh
# A LibreOffice for the tests: it starts a child, as soffice starts soffice.bin, records both,
# then {does}.
sleep 600 &
echo "$$ $!" > "$FAKE_PIDS"
{then}
"""


def fake_libreoffice(folder: Path, monkeypatch, hangs: bool) -> Path:
    """A LibreOffice on PATH that hangs, or fails saying so; returns the file of its process ids."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    then = "wait" if hangs else 'echo "Error: source file could not be loaded" >&2\nkill $!\nexit 1'
    script.write_text(FAKE_SOFFICE.format(does="hangs" if hangs else "fails", then=then))
    script.chmod(0o755)
    pids = folder / "pids"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_PIDS", str(pids))
    return pids


def running(pid: int) -> bool:
    """Whether a process is alive (a zombie waiting for its parent is not)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def disk_full(where: str):
    """The disk full: under ``where``, a folder of the case's (writing the output's temporary
    file), or, for "", the system's temporary folder (xlsxwriter writing the VBA project's
    scaffold there)."""
    def patch(monkeypatch, folder):
        if where:
            real = Path.write_bytes

            def full(self, data):
                if self.parent == folder / where:
                    raise OSError(28, os.strerror(28))
                return real(self, data)

            monkeypatch.setattr(Path, "write_bytes", full)
            return
        import xlsxwriter.workbook

        store = xlsxwriter.workbook.Workbook._store_workbook

        def full_disk(self):
            if isinstance(self.filename, str):  # a file, not the in-memory package
                raise OSError(28, os.strerror(28))
            return store(self)

        monkeypatch.setattr(xlsxwriter.workbook.Workbook, "_store_workbook", full_disk)
    return patch


def exports_denied(monkeypatch, folder):
    real = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self.name == "exports":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)


def libreoffice_fails(monkeypatch, folder):
    fake_libreoffice(folder, monkeypatch, hangs=False)


def libreoffice_hangs(monkeypatch, folder):
    from spp_xl.files import libreoffice

    fake_libreoffice(folder, monkeypatch, hangs=True)
    monkeypatch.setattr(libreoffice, "TIMEOUT", 2)


FAKE_CONVERTER = """#!/bin/sh
# A LibreOffice for the tests that "converts" by copying $FAKE_PDF to where the PDF goes.
for a; do last=$a; done
while [ $# -gt 0 ]; do if [ "$1" = "--outdir" ]; then out=$2; fi; shift; done
name=$(basename "$last")
cp "$FAKE_PDF" "$out/${name%.*}.pdf"
"""


def libreoffice_writes(pdf: bytes | None):
    """A LibreOffice on PATH whose PDF is ``pdf`` (a blank page when None): one it wrote part-way
    (a full disk), or one that is not what the report printed (another version's layout)."""
    def patch(monkeypatch, folder):
        bin_dir = folder / "bin"
        bin_dir.mkdir()
        (bin_dir / "soffice").write_text(FAKE_CONVERTER)
        (bin_dir / "soffice").chmod(0o755)
        made = folder / "made.pdf"
        if pdf is None:
            import pikepdf

            blank = pikepdf.new()
            blank.add_blank_page()
            blank.save(made)
        else:
            made.write_bytes(pdf)
        monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
        monkeypatch.setenv("FAKE_PDF", str(made))
    return patch


def no_libreoffice_left(folder: Path, out: str, err: str) -> None:
    pids = [int(p) for p in (folder / "pids").read_text().split()]
    deadline = time.monotonic() + 5
    while any(running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in pids if running(p)], "a LibreOffice was left running"


def escaped(folder: Path, out: str, err: str) -> None:
    assert "\x1b" not in out + err
    assert "\\x1b[31mburglary\\x1b[0m" in out


def a_screenful(folder: Path, out: str, err: str) -> None:
    lines = out.splitlines()
    assert len(lines) <= 44, len(lines)
    assert "... and 4,990 more like these (--json lists them all)" in lines
    assert lines[-1].startswith("5000 error(s), ")


def zero_is_no_minus(folder: Path, out: str, err: str) -> None:
    assert "-0%" not in out
    assert "ERROR: asb 2015/16 May: 0 is 0% of what the months either side" in out


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]  # the input, made in the case's folder
    argv: tuple
    code: int
    first: str  # the first line of stderr after "spp-xl: " (of stdout for exit 0); "" to check only the rest
    kept: bool = True  # the input's bytes must be unchanged afterwards
    process: bool = False  # run as a process of its own
    patch: Callable | None = None  # (monkeypatch, folder): the condition (a full disk, a hung LibreOffice)
    after: Callable | None = None  # (folder, stdout, stderr): what else must hold
    leaves: tuple = ()  # what the command may leave in out/ although it failed (the .xlsx of a failed --pdf)


ADD_BURGLARY = ("--id", "burglary", "--title", "Burglary", "--direction", "reduce", "--frequency", "monthly",
                "--annual-target", "1200")

CASES = [
    # ------------------------------------------------------------------ an output is never a source
    Case("export over its own .xlsx source", workbook(name="SPP_Performance_Lite.xlsx"),
         ("export", "{p}", "-o", "{p}", "--force"), 2,
         "{p}: is the source being read: write the report to another file"),
    Case("export over its source by a symbolic link", linked("symbolic", "{p}", "report.xlsx",
                                                            workbook(name="book.xlsx")),
         ("export", "{p}", "-o", "{d}/report.xlsx", "--force"), 2,
         "{d}/report.xlsx: is the source being read ({p}, by another name): write the report to another file"),
    Case("data over its own workbook", workbook(), ("data", "{p}", "-o", "{p}", "--force"), 2,
         "{p}: is the workbook being read: write the CSV to another file"),
    Case("data over its workbook by a hard link", linked("hard", "{p}", "figures.csv", workbook()),
         ("data", "{p}", "-o", "{d}/figures.csv", "--force"), 2,
         "{d}/figures.csv: is the workbook being read ({p}, by another name): write the CSV to another file"),
    Case("build-workbook over a register named .xlsm", register_named("register.xlsm"),
         ("build-workbook", "--register", "{p}", "-o", "{p}", "--force"), 2,
         "{p}: is the register being read: write the rebuilt workbook to another file"),
    Case("new-year over its targets file", text_file("measure,annual_target\nasb,9800\n", "targets.xlsm"),
         ("new-year", str(COMMITTED), "--targets", "{p}", "-o", "{p}", "--force"), 2,
         "{p}: is the targets file being read: write the new year's workbook to another file"),
    Case("police over its own areas file", police_city,
         ("police", "{d}/streets", "--areas", "{p}", "-o", "{p}", "--force"), 2,
         "{p}: is the areas file being read: write the figures to another file"),
    Case("police over a street file it reads", police_city,
         ("police", "{d}/streets", "--areas", "{p}", "-o",
          "{d}/streets/2015-04/2015-04-devon-and-cornwall-street.csv", "--force"), 2,
         "{d}/streets/2015-04/2015-04-devon-and-cornwall-street.csv: is a street file being read: write the figures "
         "to another file"),
    # ------------------------------------------------------------------ --force never loses typed work
    Case("build-workbook --force over a corrected figure", typed_workbook("SPP_Performance.xlsm",
                                                                         typed("asb", THIS_YEAR, JUN, 800)),
         ("build-workbook", "-o", "{p}", "--force"), 2,
         "{p}: holds what bundled data does not: the figure 800 in sheet 'asb', cell H14 (asb 2015/16 Jun), where "
         "bundled data has 769; write the new workbook to another file, or add --discard to lose it"),
    Case("add-measure --force over a workbook with commentary",
         source_beside(typed_workbook("new.xlsm", commentary_on("sac", "Burglary fell in May."))),
         ("add-measure", "{d}/source.xlsm", *ADD_BURGLARY, "-o", "{p}", "--force"), 2,
         "{p}: holds what {d}/source.xlsm does not: your commentary on sac; write the new workbook to another file, "
         "or add --discard to lose it"),
    Case("police --workbook --force over a workbook with commentary", police_output_with_commentary,
         ("police", "{d}/streets", "--areas", "{d}/areas.csv", "--workbook", "{d}/book.xlsm", "-o", "{p}",
          "--force"), 2,
         "{p}: holds what {d}/book.xlsm does not: your commentary on sac; write the new workbook to another file, or "
         "add --discard to lose it"),
    Case("build-workbook --force over a workbook's Neighbourhoods sheet, from the CSV of its figures",
         figures_of_a_police_workbook, ("build-workbook", "{p}", "-o", "{d}/book.xlsm", "--force"), 2,
         "{d}/book.xlsm: holds 2 things {p} does not; write the new workbook to another file, or add --discard to "
         "lose them:", after=lambda folder, out, err: err.splitlines()[1:] == [
             "  the board meeting date 23 July 2015",
             "  the Neighbourhoods sheet's 24 rows behind the crime gap (2015/16 Apr to May, from spp-xl police)"]),
    # ------------------------------------------------------------------ strict, located CSV parsing
    Case("csv: a stray quote in a notes column",
         text_file(HEADER[:-1] + ",notes\nasb,2015/16,Apr,864,\nasb,2015/16,May,894,\"checked\n"
                   "asb,2015/16,Jun,769,\nsac,2015/16,Apr,280,\n"),
         ("summary", "{p}"), 2,
         "{p}: line 3, column E: a quote (\") opens a value that is never closed, so every line after it would be "
         "read as part of it: remove the stray quote, or close it"),
    Case("csv: two stray quotes swallow the lines between",
         text_file(HEADER[:-1] + ",notes\nasb,2015/16,Apr,864,\"a\nasb,2015/16,May,894,\nasb,2015/16,Jun,769,b\"\n"),
         ("check", "{p}"), 2,
         "{p}: line 2, column E: a quoted value runs on to line 4, so the lines between would be read as part of it: "
         "a stray quote (\")? Remove it, or close the quote where the value ends"),
    Case("csv: text after a closing quote", text_file(GOOD.replace("894", '"89"4')), ("summary", "{p}"), 2,
         "{p}: line 3, column D: text follows a closing quote (\"): put the whole value in quotes, or remove the quote"),
    Case("csv: an unquoted thousands comma", bundled_with("all_crime,2015/16,Jun,4799", "all_crime,2015/16,Jun,4,799"),
         ("summary", "{p}"), 2,
         "{p}: line 36, column value: 4,799 has a thousands comma outside quotes, so it reads as 2 values: write "
         "4799, or put it in quotes (\"4,799\")"),
    Case("csv: 196 unheaded fields on a line", text_file(GOOD.replace("asb,2015/16,May,894", "asb,2015/16,May,894"
                                                                       + ",x" * 196)),
         ("summary", "{p}"), 2,
         "{p}: line 3: has 200 fields, the header has 4; a value holding a comma must be in quotes, and every column "
         "needs a heading"),
    Case("csv: a second value column", text_file(GOOD.replace("value\n", "value,value\n")), ("summary", "{p}"), 2,
         "{p}: line 1, column E: a second 'value' column (also column D): which one holds the figures? Delete one"),
    # A column with no heading is read by no one: a value there (here 894,900 typed in May's value)
    # was dropped without a word; empty, as Excel writes a used range wider than the headings, it is fine.
    Case("csv: a value under a column with no name", text_file(GOOD.replace("value\n", "value,\n")
                                                                 .replace("894", "894,900")),
         ("check", "{p}"), 2,
         "{p}: line 3, column E: '900' is in a column with no name in the header, so it would not be read: a number "
         "written with a comma needs quotes (\"1,037\") or no comma; any other value needs a heading for its column, "
         "or deleting"),
    Case("csv: a misspelt confirmed column", text_file(GOOD.replace("value\n", "value,confirmd\n")),
         ("check", "{p}"), 2, "{p}: line 1, column E: unknown column 'confirmd': did you mean confirmed?"),
    Case("csv: an unknown column", text_file(GOOD.replace("value\n", "value,figure\n")), ("check", "{p}"), 2,
         "{p}: line 1, column E: unknown column 'figure': the columns read are measure, year, period, value, "
         "confirmed, and a notes column is allowed (not read)"),
    Case("csv: a confirmation outside yes and no", text_file(GOOD.replace("value\n", "value,confirmed\n")
                                                             .replace("894", "894,1x")),
         ("check", "{p}"), 2, "{p}: line 3, column confirmed: '1x' is not yes or no (or blank)"),
    Case("csv: a bare carriage return", text_file(GOOD.replace("894\n", "894\r")), ("summary", "{p}"), 2,
         "{p}: line 3, column D: holds a carriage return (CR) that does not end the line, so the line would be split "
         "in two: remove it, or save the file again with ordinary line ends"),
    Case("csv: a field over 131,072 characters", text_file(GOOD.replace("value\n", "value,notes\n")
                                                           .replace("894", "894," + "x" * 200_000)),
         ("summary", "{p}"), 2,
         "{p}: line 3, column E: a value of 200,000 characters, over the 10,000 a CSV value may have here: is this "
         "the right file?"),
    Case("csv: not UTF-8", text_file(GOOD.replace("asb,2015/16,Jun", "asb \u00a3,2015/16,Jun"), encoding="cp1252"),
         ("summary", "{p}"), 2, "{p}: line 4: is not UTF-8 text (save it from Excel as 'CSV UTF-8')"),
    Case("new-year: a targets file with a bare carriage return",
         text_file("measure,annual_target\nasb,9800\rsac,2400\n", "targets.csv"),
         ("new-year", str(COMMITTED), "--targets", "{p}", "-o", "{o}/new.xlsm"), 2,
         "{p}: line 2, column B: holds a carriage return (CR) that does not end the line, so the line would be "
         "split in two: remove it, or save the file again with ordinary line ends"),
    Case("police: an areas file with a stray quote", lambda d: police_city(d).write_text(
        "lsoa_code,neighbourhood,population\nE01000001,\"N01,1000\nE01000002,N02,1000\n") and d / "areas.csv",
         ("police", "{d}/streets", "--areas", "{p}", "-o", "{o}/figures.csv"), 2,
         "{p}: line 2, column B: a quote (\") opens a value that is never closed, so every line after it would be "
         "read as part of it: remove the stray quote, or close it"),
    Case("csv: a pipe named .csv", fifo("figures.csv"), ("summary", "{p}"), 2,
         "{p}: is a pipe (FIFO), not a CSV file", kept=False, process=True),
    Case("csv: over 5 MB", text_file(GOOD + "asb,2015/16,Jun,769\n" * 300_000), ("check", "{p}"), 2,
         "{p}: is 6 MB, over the 5 MB spp_xl reads as a CSV file (far larger than any it is meant for): is this the "
         "right file?"),
    Case("csv: 200 lines that cannot be read", text_file(GOOD + "asb,2015-16,Jul,800\n" * 200),
         ("check", "{p}"), 2, "{p}: 200 lines cannot be read; fix them and run again:",
         after=screenful("... and 190 more like these")),
    Case("police: an areas file of 60 bad populations", areas_with_bad_populations,
         ("police", "{d}/streets", "--areas", "{p}", "-o", "{o}/figures.csv"), 2,
         "{p}: 60 problems; fix them and run again:", after=screenful("... and 50 more like these")),
    Case("build-workbook --force over a workbook holding 112 things more", figures_file_beside_a_workbook,
         ("build-workbook", "{p}", "-o", "{d}/book.xlsm", "--force"), 2,
         "{d}/book.xlsm: holds 112 things {p} does not; write the new workbook to another file, or add --discard to "
         "lose them:", after=screenful("... and 72 more like these")),
    # ------------------------------------------------------------------ finite, plausible numbers
    Case("csv: 1e200 as a figure", text_file(GOOD.replace("894", "1e200")), ("summary", "{p}"), 1,
         DATA_ERROR + "asb 2015/16 May: '1e200' is too large to be a figure (at most 1,000,000,000,000 either way) "
                      "[{p} line 3, column value]"),
    Case("csv: 1e308 in two months, summary", text_file(GOOD.replace("894", "1e308").replace("769", "1e308")),
         ("summary", "{p}"), 1, "2 data error(s) stop the report; fix them and run again:"),
    Case("csv: 1e308 in two months, export", text_file(GOOD.replace("894", "1e308").replace("769", "1e308")),
         ("export", "{p}", "-o", "{o}/report.xlsx"), 1, "2 data error(s) stop the report; fix them and run again:"),
    Case("csv: nan as a figure", text_file(GOOD.replace("894", "nan")), ("summary", "{p}"), 1,
         DATA_ERROR + "asb 2015/16 May: 'nan' is not a number [{p} line 3, column value]"),
    Case("csv: -0 is 0, never -0%", bundled_with("asb,2015/16,May,894", "asb,2015/16,May,-0"), ("check", "{p}"), 1,
         "", after=zero_is_no_minus),
    Case("csv: ASB x1,000 in every month of the year", times("asb", 1000), ("summary", "{p}"), 1,
         DATA_ERROR + "asb 2015/16 Apr: the year so far (Apr to Jun) totals 2,527,000, 931 times last year's 2,713 "
                      "over the same months: a year typed in another unit (x1,000, pence for pounds)? Check it, and "
                      "confirm its first figure if it is right [{p} line 79, column value]"),
    Case("csv: ASB x100 in every month of the year", times("asb", 100), ("export", "{p}", "-o", "{o}/report.xlsx"), 1,
         DATA_ERROR + "asb 2015/16 Apr: the year so far (Apr to Jun) totals 252,700, 93 times last year's 2,713 over "
                      "the same months: a year typed in another unit (x1,000, pence for pounds)? Check it, and confirm "
                      "its first figure if it is right [{p} line 79, column value]"),
    Case("csv: the crime gap /1,000 in every month of the year", times("crime_gap", 0.001), ("summary", "{p}"), 1,
         DATA_ERROR + "crime_gap 2015/16 Apr: the year to date at Jun is 0.02, 0.1% of last year's 19.6 over the "
                      "same months: a year typed in another unit (x1,000, pence for pounds)? Check it, and confirm "
                      "its first figure if it is right [{p} line 16, column value]"),
    Case("register: a tolerance of nan", register(("10064\n", "10064\ntolerance = nan\n")),
         ("summary", "--register", "{p}"), 2, "{p}: measure 'asb': field 'tolerance': nan is not a finite number"),
    Case("register: a target of inf", register(("10064", "inf")), ("summary", "--register", "{p}"), 2,
         "{p}: measure 'asb': field 'annual_target': inf is not a finite number"),
    Case("register: a precision of nan", register(("10064\n", "10064\nprecision = nan\n")),
         ("summary", "--register", "{p}"), 2, "{p}: measure 'asb': field 'precision': nan is not a finite number"),
    Case("register: a target of 1e300", register(("10064", "1e300")), ("summary", "--register", "{p}"), 2,
         "{p}: measure 'asb': field 'annual_target': 1e+300 is too large to be a figure (at most 1,000,000,000,000 "
         "either way)"),
    Case("register: not UTF-8", text_file('year = "2015/16"\n# \u00a3\n', "measures.toml", "cp1252"),
         ("summary", "--register", "{p}"), 2, "{p}: line 2: is not UTF-8 text (byte 0xa3); save the register as UTF-8"),
    Case("register: malformed TOML", text_file('year = "2015/16"\n[[measure]\n', "measures.toml"),
         ("summary", "--register", "{p}"), 2, ""),
    Case("register: a field given twice (a line uncommented beside the one it replaces)",
         register(("10064\n", '10064\nstatus = "developing"\n# to make it live:\nstatus = "active"\n')),
         ("summary", "--register", "{p}"), 2,
         "{p}: line 10: field 'status' is given twice (also line 8): keep one (uncommenting a line leaves the line "
         "it was to replace)"),
    Case("register: a table's bracket left open", text_file('year = "2015/16"\n[[measure]\n', "measures.toml"),
         ("summary", "--register", "{p}"), 2,
         "{p}: line 2, column 10: is not valid TOML: expected ']]' at the end of an array declaration"),
    Case("register: measures that are not tables", text_file('year = "2015/16"\nmeasure = [1, 2]\n', "measures.toml"),
         ("summary", "--register", "{p}"), 2, "{p}: 'measure' must be a list of [[measure]] tables"),
    Case("register: defaults that are not a table", text_file('year = "2015/16"\ndefaults = 5\n', "measures.toml"),
         ("summary", "--register", "{p}"), 2, "{p}: 'defaults' must be a [defaults] table of fields"),
    Case("register: a year that is a number", text_file('year = 2015\n', "measures.toml"),
         ("summary", "--register", "{p}"), 2,
         "{p}: field 'year': 2015 is not text such as \"2015/16\" (put it in quotes)"),
    Case("workbook: a tolerance of nan in the Measures table",
         workbook(typed(L.MEASURES, S.MEASURES.header_row + 7, S.measures_col("tolerance") + 1, "nan")),
         ("summary", "{p}"), 2, "{p}: sheet 'Measures', cell N10: field 'tolerance': 'nan' is not a finite number"),
    Case("--target asb=1e300", workbook(), ("new-year", "{p}", "--target", "asb=1e300", "--keep-targets",
                                            "-o", "{o}/new.xlsm"), 2,
         "--target asb=1e300: '1e300' is too large to be a figure (at most 1,000,000,000,000 either way)"),
    Case("--target asb=nan", workbook(), ("new-year", "{p}", "--target", "asb=nan", "--keep-targets",
                                          "-o", "{o}/new.xlsm"), 2, "--target asb=nan: 'nan' is not a number"),
    Case("--tolerance nan", workbook(), ("add-measure", "{p}", *ADD_BURGLARY, "--tolerance", "nan",
                                         "-o", "{o}/new.xlsm"), 2,
         "add-measure: field 'tolerance': 'nan' is not a finite number"),
    Case("--annual-target inf", workbook(), ("add-measure", "{p}", *ADD_BURGLARY[:-1], "inf", "-o", "{o}/new.xlsm"),
         2, "add-measure: field 'annual_target': 'inf' is not a finite number"),
    # ------------------------------------------------------------------ a percentage's level
    Case("workbook: a percentage's level typed as 85% (a cell formatted as a percentage holds 0.85)",
         workbook(measures_entry("asb_victim_satisfaction", annual_target=0.85, status="active")),
         ("summary", "{p}"), 2,
         "{p}: sheet 'Measures', cell K12: field 'annual_target': 0.85 looks like a percentage typed as a fraction "
         "(85% typed into a cell formatted as a percentage holds 0.85): a percent measure's level is written in "
         "percent, 85 for 85%"),
    Case("register: a percentage's level of 0.85", register(("10064\n", "10064\n" + PERCENT.replace("85", "0.85"))),
         ("check", "--register", "{p}"), 2,
         "{p}: measure 'sat': field 'annual_target': 0.85 looks like a percentage typed as a fraction (85% typed "
         "into a cell formatted as a percentage holds 0.85): a percent measure's level is written in percent, 85 for "
         "85%"),
    Case("new-year: a percentage's target of 850", workbook(),
         ("new-year", "{p}", "--keep-targets", "--target", "asb_victim_satisfaction=850", "-o", "{o}/new.xlsm"), 2,
         "--target asb_victim_satisfaction=850: 850 is not a percentage: a percent measure's target is a level from 0 "
         "to 100 (85 for 85%)"),
    Case("new-year: a percentage's target typed 85%", workbook(),
         ("new-year", "{p}", "--keep-targets", "--target", "asb_victim_satisfaction=85%", "-o", "{o}/new.xlsm"), 0,
         "", after=lambda folder, out, err: "  asb_victim_satisfaction: annual target none -> 85\n" in out),
    Case("new-year: a percentage's target of 85% in a targets file",
         text_file("measure,annual_target\nhate_satisfaction,70%\n", "targets.csv"),
         ("new-year", str(COMMITTED), "--keep-targets", "--targets", "{p}", "-o", "{o}/new.xlsm"), 0,
         "", after=lambda folder, out, err: "  hate_satisfaction: annual target none -> 70\n" in out),
    Case("new-year: a count's target typed as a percentage", workbook(),
         ("new-year", "{p}", "--keep-targets", "--target", "asb=85%", "-o", "{o}/new.xlsm"), 2,
         "--target asb=85%: '85%' is a percentage, but asb's annual target is a count of incidents: type the "
         "number itself"),
    Case("build-workbook: a measure's wording of 300 characters, quoted by its banner's formula",
         lambda d: text_file(GOOD)(d) and register(LONG_WORDING)(d),
         ("build-workbook", "{d}/figures.csv", "--register", "{p}", "-o", "{o}/new.xlsm"), 0, "",
         after=short_literals("new.xlsm")),
    Case("add-measure: an id of 300 characters", workbook(),
         ("add-measure", "{p}", "--id", "b" * 300, "--title", "B", "--direction", "monitor", "--frequency", "monthly",
          "-o", "{o}/new.xlsm"), 2,
         "add-measure: field 'id': an id of 300 characters is too long: at most 64 (it names the measure's sheet and "
         "its rows, and is looked up in the Measures table)"),
    Case("workbook: 1e308 in a figure cell", workbook(typed("asb", THIS_YEAR, JUN, 1e308)), ("summary", "{p}"), 1,
         DATA_ERROR + "asb 2015/16 Jun: '1e+308' is too large to be a figure (at most 1,000,000,000,000 either way) "
                      "[{p}: sheet 'asb', cell H14]"),
    Case("build-workbook: a figure of a measure not in the register", text_file(GOOD + "burglary,2015/16,Jun,12\n"),
         ("build-workbook", "{p}", "-o", "{o}/new.xlsm"), 2,
         "{p} line 5, column measure: measure 'burglary' is not in the register: add it (a row in the Measures table, "
         "or 'spp-xl add-measure') before building the workbook"),
    Case("build-workbook: counts of a measure that is not a percentage", text_file(GOOD + "asb.numerator,2015/16,Jun,12\n"),
         ("build-workbook", "{p}", "-o", "{o}/new.xlsm"), 2,
         "{p} line 5, column measure: asb.numerator: 'asb' is not a percentage made of counts (unit percent, entry "
         "counts), so its sheet has no row for a count"),
    # ------------------------------------------------------------------ Excel's error values
    Case("workbook: #N/A in the latest month", workbook(typed("asb", THIS_YEAR, JUN, "#N/A", "e")),
         ("summary", "{p}"), 1,
         DATA_ERROR + "asb 2015/16 Jun: '#N/A' is an Excel error value, not a figure: put the figure in its place "
                      "[{p}: sheet 'asb', cell H14]"),
    Case("workbook: #DIV/0! in a figure cell", workbook(typed("asb", THIS_YEAR, JUN - 1, "#DIV/0!", "e")),
         ("export", "{p}", "-o", "{o}/report.xlsx"), 1,
         DATA_ERROR + "asb 2015/16 May: '#DIV/0!' is an Excel error value, not a figure: put the figure in its place "
                      "[{p}: sheet 'asb', cell G14]"),
    Case("workbook: #REF! in a figure cell, data", workbook(typed("asb", THIS_YEAR, JUN, "#REF!", "e")),
         ("data", "{p}"), 1, "left out '#REF!' (not a number) [{p}: sheet 'asb', cell H14]"),
    Case("workbook: #DIV/0! in a calculated cell", workbook(typed("asb", THIS_CUM, JUN, "#DIV/0!", "e")),
         ("check", "{p}"), 0, "", after=lambda folder, out, err: (
             "WARNING: asb 2015/16 Jun: 'Cum Actuals 15/16' (Jun), a calculated cell, shows Excel's error #DIV/0! "
             "where its formula gives 2,527 from the figures typed (which are what is used). Copy the formula back "
             "from a cell of the row that still holds one [" in out)),
    # A workbook an earlier spp_xl built, reporting in August, whose lag formula said 'Lagging' for
    # a quarter not yet ended: the advice was only to let Excel calculate and save, after which
    # its own formula shows the same again. Both causes are named, and the way out of the second.
    Case("workbook: a formula showing what an earlier spp_xl's formula gives",
         shown_value("asb", M.key_cell("lag"), "Lagging"), ("check", "{p}"), 0, "", after=lambda folder, out, err: (
             "WARNING: asb 2015/16: 'Key figures' (Data lag) shows 'Lagging' where its formula gives blank: the "
             "workbook was saved before it was calculated, or was built by an earlier spp_xl whose formula differs; "
             "open it in Excel, let it calculate and save it, and if this stays, rebuild it with spp-xl "
             "build-workbook (your figures and commentary are carried) [" in out)),
    Case("workbook: a family-group flag outside yes and no",
         workbook(typed(L.FAMILY_GROUP, S.FAMILY_GROUP.header_row + 2, 5, "ok")), ("summary", "{p}"), 2,
         "{p}: sheet 'Family group', cell E5: 'ok' is not yes or no: type Yes beside our partnership, and leave the "
         "others blank"),
    Case("workbook: commentary over 32,767 characters", long_commentary, ("build-workbook", "{p}", "-o",
                                                                          "{o}/new.xlsm"), 2,
         "{o}/new.xlsm: not written: sheet 'Exceptions', cell E10: text of 40,007 characters is over Excel's 32,767 "
         "a cell, and would be cut; shorten it where it is typed (it begins 'Levels fell. Levels fell. Levels fell. "
         "L')"),
    # ------------------------------------------------------------------ bounded reading
    Case("workbook: a value in XFD1048576", xlsx_with_cell("XFD1048576"), ("summary", "{p}"), 2,
         "{p}: sheet 'Sheet1': what is in cell XFD1048576 makes the sheet 1,048,576 rows by 16,384 columns "
         "(17,179,869,184 cells) to read, over the 4,000,000 cells spp_xl reads from a workbook: delete what is far "
         "out (Ctrl+End in Excel goes to it), save, and run again", process=True),
    Case("workbook: a far cell two ways", xlsx_with_cell("AA300000"), ("check", "{p}"), 2,
         "{p}: sheet 'Sheet1': what is in cell AA300000 makes the sheet 300,000 rows by 27 columns (8,100,000 cells) "
         "to read, over the 4,000,000 cells spp_xl reads from a workbook: delete what is far out (Ctrl+End in Excel "
         "goes to it), save, and run again", process=True),
    Case("workbook: a zip that inflates to 1.5 GB", zip_bomb, ("summary", "{p}"), 2,
         "{p}: is too large to read safely: its parts inflate to 1,390 MB, over the 256 MB inflated spp_xl reads "
         "(a partnership's workbook is far smaller: is this the right file?)", process=True),
    Case("workbook: a zip whose sizes lie", lying_sizes, ("summary", "{p}"), 2,
         "{p}: cannot be read as an Excel workbook: it is damaged or incomplete (copied or saved part-way?); open a "
         "saved copy (xl/worksheets/sheet1.xml fails its checksum)", process=True),
    Case("workbook: a pipe named .xlsm", fifo("SPP_Performance.xlsm"), ("summary", "{p}"), 2,
         "{p}: is a pipe (FIFO), not a workbook", kept=False, process=True),
    Case("register: a pipe named .toml", fifo("measures.toml"), ("summary", "--register", "{p}"), 2,
         "{p}: is a pipe (FIFO), not a measure register (TOML)", kept=False, process=True),
    # ------------------------------------------------------------------ the machine refusing
    Case("export: a file named exports where the folder goes",
         lambda d: (d / "exports").write_text("not a folder") and workbook()(d), ("export", "{p}"), 2,
         "{d}/exports: is a file where the reports' folder goes: move it, or give -o"),
    Case("export: the exports folder cannot be made", workbook(), ("export", "{p}"), 2,
         "{d}/exports: the reports' folder cannot be made here (permission denied): give -o", patch=exports_denied),
    Case("export: a 300-character output name", workbook(), ("export", "{p}", "-o", "{o}/" + "r" * 300 + ".xlsx"), 2,
         "{o}/" + "r" * 300 + ".xlsx: cannot be written (File name too long)"),
    Case("export: a folder where the report goes",
         lambda d: (d / "out" / "report.xlsx").mkdir(parents=True) or workbook()(d),
         ("export", "{p}", "-o", "{o}/report.xlsx", "--force"), 2, "{o}/report.xlsx: is a folder, not a file",
         leaves=("report.xlsx",)),
    Case("build-workbook: the disk full", text_file(GOOD), ("build-workbook", "{p}", "-o", "{o}/new.xlsm"), 2,
         "{o}/new.xlsm: could not be written (No space left on device)", patch=disk_full("out")),
    Case("build-workbook: the temporary folder's disk full", text_file(GOOD),
         ("build-workbook", "{p}", "-o", "{o}/new.xlsm"), 2, "the disk is full", patch=disk_full("")),
    Case("export: a file-size limit", workbook(), ("export", "{p}", "-o", "{o}/report.xlsx"), 2,
         "{o}/report.xlsx: could not be written (File too large)", process=True),
    Case("export --pdf: LibreOffice fails", workbook(), ("export", "{p}", "-o", "{o}/report.xlsx", "--pdf"), 2,
         "{o}/report.pdf: not written: LibreOffice could not convert it: Error: source file could not be loaded; the "
         "report {o}/report.xlsx was written: print it to PDF from Excel, or run again with --pdf --force",
         patch=libreoffice_fails, after=no_libreoffice_left, leaves=("report.xlsx",)),
    Case("export --pdf: LibreOffice hangs", workbook(), ("export", "{p}", "-o", "{o}/report.xlsx", "--pdf"), 2,
         "{o}/report.pdf: not written: LibreOffice did not finish within 2 seconds, and was stopped; the report "
         "{o}/report.xlsx was written: print it to PDF from Excel, or run again with --pdf --force",
         patch=libreoffice_hangs, after=no_libreoffice_left, leaves=("report.xlsx",)),
    Case("export --pdf: LibreOffice writes a PDF part-way", workbook(),
         ("export", "{p}", "-o", "{o}/report.xlsx", "--pdf"), 2,
         "{o}/report.pdf: not written: LibreOffice's PDF could not be tagged for a screen reader (it cannot be read: "
         "damaged or incomplete, a full disk?); the report {o}/report.xlsx was written: print it to PDF from Excel, or "
         "run again with --pdf --force", patch=libreoffice_writes(b"%PDF-1.7 half a PDF"), leaves=("report.xlsx",)),
    Case("export --pdf: LibreOffice's PDF is not what the report printed", workbook(),
         ("export", "{p}", "-o", "{o}/report.xlsx", "--pdf"), 2,
         "{o}/report.pdf: not written: LibreOffice's PDF could not be tagged for a screen reader (the PDF has 1 pages "
         "where the report printed 17); the report {o}/report.xlsx was written: print it to PDF from Excel, or run "
         "again with --pdf --force", patch=libreoffice_writes(None), leaves=("report.xlsx",)),
    # ------------------------------------------------------------------ messages safe to print
    Case("build-workbook: a title pasted from Word, holding a vertical tab",
         lambda d: text_file(GOOD)(d) and register(PASTED)(d),
         ("build-workbook", "{d}/figures.csv", "--register", "{p}", "-o", "{o}/new.xlsm"), 0, "",
         after=well_formed("new.xlsm")),
    Case("export: a title pasted from Word, holding a vertical tab", register(PASTED),
         ("export", "--register", "{p}", "-o", "{o}/report.xlsx"), 0, "", after=well_formed("report.xlsx")),
    Case("csv: an ANSI escape in a measure id", text_file(GOOD + "\x1b[31mburglary\x1b[0m,2015/16,Jun,12\n"),
         ("check", "{p}"), 0, "", after=escaped),
    Case("csv: 5,000 figures entered twice", text_file(GOOD + "asb,2015/16,Apr,864\n" * 5000), ("check", "{p}"), 1,
         "", after=a_screenful),
]


def placeholders(text: str, source: Path, folder: Path) -> str:
    return text.replace("{p}", str(source)).replace("{o}", str(folder / "out")).replace("{d}", str(folder))


def command(argv: list[str]) -> list[str]:
    return [str(SPP_XL)] + argv if SPP_XL.exists() else \
        [sys.executable, "-c", "import sys; from spp_xl.cli import main; sys.exit(main())"] + argv


def limited(memory: int = 2 * 2**30, file_size: int | None = None):
    """A child's resource limits: its address space, and the largest file it may write."""
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    return apply


def run_process(argv: list[str], folder: Path, timeout: float = 60, **limits) -> tuple[int, str, str]:
    done = subprocess.run(command(argv), capture_output=True, text=True, timeout=timeout,
                          preexec_fn=limited(**limits), cwd=folder)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_ends_in_one_clear_line(case, tmp_path, capsys, monkeypatch):
    (tmp_path / "out").mkdir()
    source = case.make(tmp_path)
    before = source.read_bytes() if case.kept and source.is_file() else None
    argv = [placeholders(a, source, tmp_path) for a in case.argv]
    if case.patch:
        case.patch(monkeypatch, tmp_path)
    if case.process:
        size = 20_000 if "file-size" in case.name else None
        code, out, err = run_process(argv, tmp_path, file_size=size)
    else:
        capsys.readouterr()
        code = main(argv)
        out, err = capsys.readouterr()
    assert "Traceback" not in err + out and "unexpected error" not in err, err
    assert code == case.code, err
    lines = (err if code else out).splitlines()
    if case.first:
        assert lines and lines[0] == ("spp-xl: " if code else "") + placeholders(case.first, source, tmp_path), err
    if code == 2:  # one line, or one line ending in a colon and its list, a screenful at most
        lines = err.splitlines()
        assert len(lines) == 1 or (lines[0].endswith(":") and len(lines) <= 2 + SCREENFUL
                                   and all(line.startswith("  ") for line in lines[1:])), err
    if before is not None:
        assert source.read_bytes() == before, "the input was changed"
    if code:
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(case.leaves), \
            "a refused command wrote something, or left a temporary file"
    if case.after:
        assert case.after(tmp_path, out, err) is not False


# ---------------------------------------------------------------------- interruptions


def start(argv: list[str], folder: Path, **env) -> subprocess.Popen:
    return subprocess.Popen(command(argv), cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **env}, preexec_fn=limited())


@pytest.mark.parametrize("signum, code, word", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "stopped")],
                         ids=["Ctrl-C", "SIGTERM"])
def test_an_interrupted_pdf_says_the_xlsx_was_written_and_the_pdf_not(tmp_path, monkeypatch, signum, code, word):
    book = workbook()(tmp_path)
    pids = fake_libreoffice(tmp_path, monkeypatch, hangs=True)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = start(["export", str(book), "-o", "out/report.xlsx", "--pdf"], tmp_path, TMPDIR=str(temporary))
    (tmp_path / "out").mkdir()
    deadline = time.monotonic() + 60
    while not pids.exists() and time.monotonic() < deadline:  # LibreOffice has been started: the .xlsx is written
        time.sleep(0.05)
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (code, f"spp-xl: {word} after writing out/report.xlsx; out/report.pdf was not "
                                               "written (no partial file is left)\n")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.xlsx"]
    assert list(temporary.iterdir()) == [], "a temporary folder was left"
    no_libreoffice_left(tmp_path, out, err)


def test_ctrl_c_at_any_moment_is_one_line(tmp_path, monkeypatch):
    """Ctrl-C from 0 to 600 ms into an export with a PDF (its LibreOffice hangs, so the run lasts
    until interrupted): once spp_xl's own code runs, the answer is one line saying what was
    written and what was not, and the files agree; never a traceback. Before it runs (Python
    starting), a traceback would be Python's own: none may name a file of spp_xl, and by
    400 ms every moment is answered."""
    book = workbook()(tmp_path)
    pids = fake_libreoffice(tmp_path, monkeypatch, hangs=True)
    for delay in range(0, 600, 25):
        out_dir = tmp_path / f"out{delay}"
        out_dir.mkdir()
        pids.unlink(missing_ok=True)
        process = start(["export", str(book), "-o", f"{out_dir.name}/report.xlsx", "--pdf"], tmp_path)
        time.sleep(delay / 1000)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        if pids.exists():
            no_libreoffice_left(tmp_path, "", "")
        assert not [line for line in err.splitlines() if f"{os.sep}spp_xl{os.sep}" in line], err
        written = sorted(p.name for p in out_dir.iterdir())
        if delay >= 400 or ("Traceback" not in err and err):
            assert process.returncode == 130, (delay, err)
            if written:
                assert err == (f"spp-xl: interrupted after writing {out_dir.name}/report.xlsx; {out_dir.name}/"
                               "report.pdf was not written (no partial file is left)\n"), (delay, err)
                assert written == ["report.xlsx"]
            else:
                assert re.fullmatch(r"spp-xl: interrupted; nothing was written( \(no partial file is left\))?\n",
                                    err), (delay, err)
        else:
            assert written == [] and process.returncode in (1, 130, -signal.SIGINT), (delay, err)


def test_a_stale_temporary_file_and_folder_are_removed_by_the_next_run(tmp_path, monkeypatch, capsys):
    """What a killed run leaves (its temporary beside the output, its temporary folder) is
    removed by the next run once it is over an hour old; a younger one may be a run still going."""
    import tempfile

    book = workbook()(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    hours_ago = time.time() - 2 * 3600
    stale = out / ".report.xlsx.a1b2c3d4.spp-xl-tmp.xlsx"
    young = out / ".report.xlsx.e5f6g7h8.spp-xl-tmp.xlsx"
    other = out / ".report.xlsx.notours.tmp.xlsx"
    for path in (stale, young, other):
        path.write_bytes(b"PK half a report")
    os.utime(stale, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    old_folder = temporary / "spp-xl-pdf-abcd1234"
    old_folder.mkdir()
    (old_folder / "report.xlsx").write_bytes(b"staged")
    profile = temporary / "spp-xl-libreoffice-efgh5678"  # and the LibreOffice the killed run had started
    profile.mkdir()
    orphan = subprocess.Popen(["sh", "-c", "sleep 600", f"-env:UserInstallation={profile.as_uri()}"])
    for folder in (old_folder, profile):
        os.utime(folder, (hours_ago, hours_ago))
    try:
        assert main(["export", str(book), "-o", str(out / "report.xlsx")]) == 0
        assert orphan.wait(timeout=10) == -signal.SIGKILL
    finally:
        orphan.kill()
    capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == sorted(["report.xlsx", young.name, other.name])
    assert not old_folder.exists() and not profile.exists()


def test_a_killed_export_leaves_nothing_the_next_run_does_not_remove(tmp_path):
    """SIGKILL cannot be caught: an export killed at any moment leaves at most its temporary
    file, named as spp_xl names them; the next run, an hour on, removes it, and the report
    itself is never half-written."""
    book = workbook()(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.xlsx").write_bytes(b"last quarter's report")
    left = set()
    for delay in (50, 150, 250, 350, 450, 550):
        process = start(["export", str(book), "-o", "out/report.xlsx", "--force"], tmp_path)
        time.sleep(delay / 1000)
        process.kill()
        process.communicate(timeout=60)
        report = (out / "report.xlsx").read_bytes()
        assert report == b"last quarter's report" or zipfile.ZipFile(out / "report.xlsx").testzip() is None
        left |= {p.name for p in out.iterdir()} - {"report.xlsx"}
    assert all(name.startswith(".report.xlsx.") and ".spp-xl-tmp" in name for name in left), left
    hours_ago = time.time() - 2 * 3600
    for name in left:
        os.utime(out / name, (hours_ago, hours_ago))
    code, _, err = run_process(["export", str(book), "-o", "out/report.xlsx", "--force"], tmp_path)
    assert code == 0, err
    assert [p.name for p in out.iterdir()] == ["report.xlsx"]


def test_of_two_exports_to_one_new_file_the_second_is_refused(tmp_path):
    book = workbook()(tmp_path)
    (tmp_path / "out").mkdir()
    for attempt in range(3):
        target = f"out/report{attempt}.xlsx"
        racing = [start(["export", str(book), "-o", target], tmp_path) for _ in range(2)]
        results = sorted((p.wait(timeout=120), p.stderr.read()) for p in racing)
        for p in racing:
            p.stdout.close()
            p.stderr.close()
        assert [code for code, _ in results] == [0, 2], results
        assert results[1][1] in (f"spp-xl: {target}: already exists; use --force to replace it\n",
                                 f"spp-xl: {target}: already exists (another run wrote it meanwhile); use --force to "
                                 "replace it\n")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report0.xlsx", "report1.xlsx", "report2.xlsx"]


def test_the_second_writer_is_refused_at_the_last_moment(tmp_path, monkeypatch, capsys):
    """Both runs found no file there when they began: the one that places its file second is
    refused, and the first one's file is kept (without --force nothing is replaced)."""
    import spp_xl.report.xlsx as renderer

    book = workbook()(tmp_path)
    report = tmp_path / "report.xlsx"
    real = renderer.write_xlsx

    def meanwhile(spec, path, created=None):
        done = real(spec, path, created=created)
        report.write_bytes(b"the other run's report")  # another export finished first
        return done

    monkeypatch.setattr(renderer, "write_xlsx", meanwhile)
    assert main(["export", str(book), "-o", str(report)]) == 2
    assert capsys.readouterr().err == (f"spp-xl: {report}: already exists (another run wrote it meanwhile); use "
                                       "--force to replace it\n")
    assert report.read_bytes() == b"the other run's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SPP_Performance.xlsm", "report.xlsx"]


def test_a_ctrl_c_python_drops_in_a_callback_is_delivered_again():
    """A signal's exception raised inside a finaliser or an import lock's callback is dropped by
    Python ("Exception ignored in ..."); the run would carry on as if no Ctrl-C had come. In a
    run it is delivered again, and the run ends as asked."""
    from spp_xl.commands import endings

    class Finalised:
        def __del__(self):
            raise KeyboardInterrupt  # as if Ctrl-C had landed here

    with pytest.raises(KeyboardInterrupt):
        with endings.session():
            Finalised()  # made and dropped at once: its __del__ runs, Python drops what it raises
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                time.sleep(0.01)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the session put it back


def test_text_pasted_from_word_is_printed_and_tagged(tmp_path, capsys, needs_libreoffice):
    """A measure's title and staff's commentary pasted from Word carry its line break, a vertical
    tab (Excel keeps it, written _x000B_), and may carry an escape: the report and its tagged PDF
    are still written, every XML part well-formed, each cell found where LibreOffice drew it."""
    import pikepdf

    def pasted(book):
        commentary_on("asb", "Levels fell in June._x000B_Then they rose _x001B_[31m again.")(book)
        measures_entry("asb", title="Reduce Anti-social_x000B_Behaviour incidents")(book)

    book = workbook(pasted)(tmp_path)
    (tmp_path / "out").mkdir()
    assert main(["export", str(book), "-o", str(tmp_path / "out" / "report.xlsx"), "--pdf"]) == 0, \
        capsys.readouterr().err
    well_formed("report.xlsx")(tmp_path, "", "")
    with pikepdf.open(tmp_path / "out" / "report.pdf") as pdf:
        assert pdf.Root.MarkInfo.Marked is True
