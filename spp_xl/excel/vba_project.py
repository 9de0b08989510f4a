"""The workbook's VBA project (``vbaProject.bin``), written as [MS-OVBA] asks a writer to.

A project written without Excel has no compiled code, so it must tell Excel to compile
it from source: MS-OVBA 2.3.4.1 says a writer writes the ``_VBA_PROJECT`` version as
0xFFFF and no performance cache, and 1.6 that a version matching Excel's own makes
Excel use those caches instead of the source. pyOpenVBA builds the project: a document
module for the workbook and for every sheet (as Excel adds them to a workbook's first
project), every module rewritten from its source (MODULEOFFSET 0, no compiled code),
and the cookies MS-OVBA 2.3.4.2.3 asks a writer for (0xFFFF). One step after it
(``source_only``) writes what pyOpenVBA has no interface for.
"""

from __future__ import annotations

import struct
import tempfile
import zipfile
from pathlib import Path
from typing import Mapping, Sequence

from ..workbook.layout import WORKBOOK_CODE_NAME

# Reserved1 0x61CC, Version 0xFFFF, Reserved2 0x00, Reserved3 0x0000, and no PerformanceCache:
# the seven bytes EPPlus, vbamc and LibreOffice write.
SOURCE_ONLY_VERSION = bytes.fromhex("CC61FFFF000000")
WRITER_COOKIE = 0xFFFF  # PROJECTCOOKIE and MODULECOOKIE: "MUST be 0xFFFF on write"
_PROJECT_VERSION_ID, _DIR_TERMINATOR_ID, _PROJECT_COMPAT_VERSION_ID = 0x0009, 0x0010, 0x004A
EXCEL_COMPAT_VERSION = 5  # PROJECTCOMPATVERSION in the projects Excel for Windows saves
# MS-CFB 2.2 and 2.6.1: sector numbers from 0xFFFFFFFA on are markers, not sectors; a directory
# entry is 128 bytes, its object type at byte 66 (0: unused) and its colour at 67 (1: black).
_MAX_SECTOR, _DIR_ENTRY_SIZE, _OBJECT_TYPE_AT, _COLOUR_AT, _BLACK = 0xFFFFFFFA, 128, 66, 67, 1


def workbook_project(code_names: Sequence[str]) -> bytes:
    """The workbook's VBA project: every module and class of ``spp_xl.excel.vba`` and a document
    module for the workbook and each sheet code name (``layout.code_names``)."""
    from .vba import vba_classes, vba_modules

    return build_project(vba_modules(), code_names, vba_classes())


def build_project(modules: Mapping[str, str], code_names: Sequence[str],
                  classes: Mapping[str, str] | None = None) -> bytes:
    """A ``vbaProject.bin`` holding ``modules``, ``classes`` and a document module for the
    workbook and each sheet code name, every module as source only.

    Args:
        modules: standard module name -> source text (CRLF lines, starting ``Attribute VB_Name``).
        code_names: the worksheets' code names in tab order (``layout.code_names``).
        classes: class module name -> source text as Excel stores it (``Attribute VB_Base`` second).
    """
    from pyopenvba import ExcelFile
    from pyopenvba.vba import VBAModuleKind

    from ..files import write_code_names

    with tempfile.TemporaryDirectory(prefix="spp_vba_") as folder:
        path = Path(folder, "project.xlsm")
        # A workbook of empty sheets with these code names and no project yet: pyOpenVBA then
        # gives it the document modules Excel gives a workbook's first project.
        write_code_names(path, WORKBOOK_CODE_NAME, code_names)
        with ExcelFile(str(path)) as book:
            project = book.add_vba_project()
            for document in list(project.modules):
                # Rewriting a module from its own source drops the compiled code pyOpenVBA's
                # template keeps for ThisWorkbook and Sheet1 (their source then starts at 0).
                book.set_module(document.name, book.get_module(document.name))
            for name, source in modules.items():
                project.add_module(name, source)
            for name, source in (classes or {}).items():
                project.add_module(name, source, kind=VBAModuleKind.other)
            project.project_cookie = WRITER_COOKIE
            for module in project.modules:
                module.cookie = WRITER_COOKIE
            book.save()
        with zipfile.ZipFile(path) as package:
            return source_only(package.read("xl/vbaProject.bin"))


def source_only(project: bytes) -> bytes:
    """``project`` with the ``_VBA_PROJECT`` stream Excel compiles from source, and its ``dir``
    stream ending at its terminator."""
    from pyopenvba.cfb import CFB
    from pyopenvba.vba import compress, decompress

    # pyOpenVBA 6.5 keeps its template's version (0x00B5, 64-bit Excel 365's) with a zeroed
    # cache, so Excel would take the project for its own compiled one (MS-OVBA 1.6), and it
    # writes four bytes after the dir stream's terminator; neither has an interface there, and
    # olefile can only rewrite a stream at its old size, so the storage is rewritten here.
    storage = CFB.from_bytes(project)
    storage.write_stream_in_storage("VBA", "_VBA_PROJECT", SOURCE_ONLY_VERSION)
    directory = decompress(storage.get_stream_in_storage("VBA", "dir"))
    directory = with_compat_version(directory[:dir_end(directory)])
    storage.write_stream_in_storage("VBA", "dir", compress(directory))
    return all_black(storage.to_bytes())


def with_compat_version(directory: bytes) -> bytes:
    """A decompressed ``dir`` stream whose PROJECTCOMPATVERSION (MS-OVBA 2.3.4.2.1.2) is what
    Excel on Windows writes, 5 (pyOpenVBA's template has 6; Excel for Mac leaves the record out)."""
    out, at = bytearray(directory), 0
    while at + 6 <= len(out):
        record, size = struct.unpack_from("<HI", out, at)
        if record == _PROJECT_COMPAT_VERSION_ID:
            struct.pack_into("<I", out, at + 6, EXCEL_COMPAT_VERSION)
        if record == _DIR_TERMINATOR_ID:
            break
        at += 6 + (6 if record == _PROJECT_VERSION_ID else size)
    return bytes(out)


def all_black(storage: bytes) -> bytes:
    """A compound file with every directory entry black. MS-CFB 2.6.4 asks each storage's
    children to form a red-black tree (the root black, never two reds in a row, left less than
    right) and says that the simplest implementation of those invariants is to mark every node
    black; pyOpenVBA leaves new entries red, the root and some of their children among them."""
    out = bytearray(storage)
    sector_size = 1 << struct.unpack_from("<H", out, 0x1E)[0]
    fat_sectors, first_directory = struct.unpack_from("<I", out, 0x2C)[0], struct.unpack_from("<I", out, 0x30)[0]
    difat = [s for s in struct.unpack_from("<109I", out, 0x4C) if s < _MAX_SECTOR]
    next_difat, per_sector = struct.unpack_from("<I", out, 0x44)[0], sector_size // 4 - 1
    while next_difat < _MAX_SECTOR:  # a file past 109 FAT sectors lists the rest in DIFAT sectors
        start = (next_difat + 1) * sector_size
        difat += [s for s in struct.unpack_from(f"<{per_sector}I", out, start) if s < _MAX_SECTOR]
        next_difat = struct.unpack_from("<I", out, start + per_sector * 4)[0]
    fat = [entry for sector in difat[:fat_sectors]
           for entry in struct.unpack_from(f"<{sector_size // 4}I", out, (sector + 1) * sector_size)]
    sector, seen = first_directory, set()
    while sector < _MAX_SECTOR and sector not in seen:
        seen.add(sector)
        for entry in range((sector + 1) * sector_size, (sector + 2) * sector_size, _DIR_ENTRY_SIZE):
            if out[entry + _OBJECT_TYPE_AT] != 0:  # an unused slot stays as it is
                out[entry + _COLOUR_AT] = _BLACK
        sector = fat[sector]
    return bytes(out)


def version_stream(project: bytes) -> bytes:
    """The ``_VBA_PROJECT`` stream of a ``vbaProject.bin`` (its first seven bytes say who compiled it)."""
    from pyopenvba.cfb import CFB

    return bytes(CFB.from_bytes(project).get_stream_in_storage("VBA", "_VBA_PROJECT"))


def dir_end(directory: bytes) -> int:
    """Where a decompressed ``dir`` stream's records end: after its terminator (MS-OVBA 2.3.4.2).

    Every record is an id (2 bytes), a size (4) and that many bytes, but PROJECTVERSION, whose
    size field says 4 and which holds 6; the terminator's size field is its Reserved field.
    """
    at = 0
    while at + 6 <= len(directory):
        record, size = struct.unpack_from("<HI", directory, at)
        at += 6 + (6 if record == _PROJECT_VERSION_ID else size)
        if record == _DIR_TERMINATOR_ID:
            return at
    raise ValueError("the VBA project's dir stream has no terminator")
