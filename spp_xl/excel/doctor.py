"""Is this computer ready for the workbook's buttons and custom functions?

``diagnose(workbook)`` returns one :class:`Check` per thing that commonly goes wrong
on a council laptop (from xlwings' issue tracker): the wrong or a Microsoft Store
Python ("Could not activate Python COM server"), no Interpreter_Win telling Excel which
Python to start, the xlwings DLL missing or of another version after an upgrade, settings
that point nowhere, and files on OneDrive or SharePoint (ModuleNotFoundError); and, for a
workbook (``doctor_workbook``), a VBA runtime older than the Python package, the mark of
the web, and a workbook LibreOffice saved. Each problem says how to fix it; what cannot be
checked on this machine (no Excel on Linux) is said, not guessed.

Nothing here writes anything: the workbook is only read.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import vba
from .doctor_workbook import interpreter_set_for, workbook_checks
from .setup import expand, unreadable_user_file, user_line
from .machine import (MIN_PYTHON, NOT_CHECKED, NOTE, OK, PROBLEM, SYNCED, Check, Machine,  # noqa: F401
                      command_line, dll_name, read_config_file, suggested_interpreter, user_config_path, user_interpreter)

def diagnose(workbook: str | os.PathLike | None = None, machine: Machine | None = None) -> list[Check]:
    """Every check, in the order a person fixing things would go through them."""
    machine = machine or Machine.current()
    path = None if workbook is None else Path(workbook)
    checks = [_python(machine), _store_python(machine), _synced_package(machine), _xlwings_package(),
              _pywin32(machine), _dll(machine), _excel(machine), _police_extra(machine),
              *_user_config(machine, interpreter_set_for(path))]
    if path is not None:
        checks += workbook_checks(path, machine)
    else:
        checks.append(Check("workbook", NOT_CHECKED, "no workbook given",
                            "run 'spp-xl doctor path\\to\\SPP_Performance.xlsm' to check its VBA and settings too"))
    return checks


# ------------------------------------------------------------------ the interpreter


def _python(m: Machine) -> Check:
    version = ".".join(map(str, m.version))
    detail = f"Python {version} ({m.bits}-bit) at {m.executable}"
    if tuple(m.version[:2]) < MIN_PYTHON:
        return Check("Python", PROBLEM, detail, f"install Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer "
                     "from python.org, then reinstall spp_xl (install.cmd in the release folder)")
    # Excel loads the xlwings DLL of its own bitness, which starts this Python as a process of
    # its own: a 64-bit Python serves 32-bit Office too, so Office's bitness is no concern here.
    fix = ("Excel must find this interpreter: name it in Interpreter_Win ('spp-xl setup-excel' "
           "writes it; see 'user settings')") if m.windows else ""
    return Check("Python", OK, detail, fix)


def _store_python(m: Machine) -> Check:
    if not m.windows:
        return Check("Microsoft Store Python", NOT_CHECKED, "only matters on Windows")
    for what, exe in (("", m.executable), ("the virtual environment's base, ", m.base_executable)):
        if "\\windowsapps\\" in exe.lower():
            return Check("Microsoft Store Python", PROBLEM,
                         f"{what}{exe} is the Microsoft Store's Python, which Excel often cannot start "
                         "('Could not activate Python COM server'); the command line works with it",
                         "install Python from python.org (or the council's software centre), then run install.cmd "
                         "from the release folder again")
    return Check("Microsoft Store Python", OK, "not in use")


def _synced_package(m: Machine) -> Check:
    for what, where in (("Python", m.executable), ("spp_xl", m.package_path)):
        if SYNCED.search(where):
            return Check("OneDrive/SharePoint", PROBLEM,
                         f"{what} is installed in a synced folder ({where}); Excel's Python often cannot "
                         "import from there (ModuleNotFoundError)",
                         "install Python and spp_xl in a local folder such as C:\\Users\\<you>\\spp_xl")
    return Check("OneDrive/SharePoint", OK, "Python and spp_xl are in local folders")


def _xlwings_package() -> Check:
    try:
        version = vba.xlwings_version()
    except ImportError:
        return Check("xlwings package", PROBLEM, "xlwings is not installed",
                     "pip install spp_xl (it installs the xlwings version it needs)")
    return Check("xlwings package", OK, f"xlwings {version}")


def _pywin32(m: Machine) -> Check:
    if not m.windows:
        return Check("pywin32", NOT_CHECKED, "Windows only: Excel talks to Python through COM there")
    try:
        import pythoncom  # noqa: F401
    except ImportError:
        return Check("pywin32", PROBLEM, "pywin32 is missing; Excel cannot talk to Python without it",
                     "pip install pywin32 (pip installs it with xlwings on Windows)")
    return Check("pywin32", OK, "installed")


def _dll(m: Machine) -> Check:
    """Both DLLs, 32- and 64-bit: Excel loads the one of Office's bitness, whatever Python's."""
    version = vba.xlwings_version()
    names = [dll_name(version, bits) for bits in (64, 32)]
    if not m.windows:
        return Check("xlwings DLL", NOT_CHECKED, f"Windows only: Excel loads {' or '.join(names)} "
                     "from Python's folder")
    exe = Path(m.executable)
    # xlwings.bas looks beside the interpreter (standard install), then one folder up (a virtualenv).
    places = [exe.parent, exe.parent.parent]
    found = {name: next((p for p in places if (p / name).is_file()), None) for name in names}
    missing = [name for name, place in found.items() if place is None]
    if not missing:
        return Check("xlwings DLL", OK, f"{' and '.join(names)} in {found[names[0]]}")
    others = sorted({f.name for p in places if p.is_dir() for f in p.glob("xlwings*.dll")} - set(names))
    offices = " and ".join(f"{name[7:9]}-bit" for name in missing)
    detail = (f"{', '.join(missing)} not beside {exe}: {offices} Office cannot start Python"
              + (f" (found {', '.join(others)}: another version)" if others else ""))
    return Check("xlwings DLL", PROBLEM, detail,
                 f"pip install --force-reinstall xlwings=={version} with this Python")


def _excel(m: Machine) -> Check:
    if not m.windows:
        return Check("Excel", NOT_CHECKED, f"no Excel on this {m.platform} machine: the buttons, custom "
                     "functions and macro security settings can only be checked on Windows",
                     "on the Windows laptop, run spp-xl doctor there, then the one-minute check in docs/excel.md")
    try:
        import winreg
    except ImportError:  # a Windows machine described from elsewhere (the tests)
        return Check("Excel", NOT_CHECKED, "the Windows registry cannot be read from here")
    try:
        winreg.CloseKey(winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, r"Excel.Application\CLSID"))
    except OSError:
        return Check("Excel", PROBLEM, "Excel is not registered on this computer", "install Microsoft Excel (Microsoft 365)")
    return Check("Excel", OK, "Excel is installed", "macro security cannot be read from outside Excel: "
                 "see 'Trusting the workbook's macros' in docs/excel.md")


def _police_extra(m: Machine) -> Check:
    """pyarrow, which only ``spp-xl police`` uses: never a problem for the buttons."""
    import importlib.util

    if importlib.util.find_spec("pyarrow") is not None:
        return Check("police.uk reading", OK, "pyarrow is installed: spp-xl police can read police.uk files")
    if m.windows and m.bits == 32:
        return Check("police.uk reading", NOTE, "pyarrow, which only 'spp-xl police' needs, has no 32-bit "
                     "Windows build: run spp-xl police with a 64-bit Python (the buttons do not need it)")
    return Check("police.uk reading", NOTE, "pyarrow is not installed: only 'spp-xl police' needs it",
                 'pip install "spp_xl[police]" (needs the internet; the release folder holds no pyarrow)')


def _user_config(m: Machine, set_elsewhere: str = "") -> list[Check]:
    """This laptop's xlwings.conf. On Windows it is where Interpreter_Win belongs: the workbook
    travels between laptops, each with Python in its own place."""
    path = user_config_path(m)
    unreadable = unreadable_user_file(m) if m.windows else ""
    if unreadable:
        return [Check("user settings", PROBLEM, unreadable)]
    settings = read_config_file(path) if path.is_file() else {}
    line = user_line(m) if m.windows else f'"INTERPRETER_WIN","{suggested_interpreter(m)}"'
    if m.windows and not settings.get("INTERPRETER_WIN") and not set_elsewhere:
        return [Check("user settings", PROBLEM,
                      f"nothing names Interpreter_Win ({path} " + ("lacks it" if settings else "does not exist")
                      + "): Excel starts whichever pythonw.exe is first on the PATH, which may not have spp_xl "
                      "('ModuleNotFoundError: No module named spp_xl')",
                      f"run spp-xl setup-excel, which writes the line {line} into {path} (a file of that name in a "
                      "folder .xlwings in your user folder); not on the workbook's xlwings.conf sheet, whose rows "
                      "win over every laptop's file", command_line(m, "setup-excel"))]
    if not settings:
        return [Check("user settings", NOTE, f"no {path} (optional here: it holds per-laptop settings such as "
                      "Interpreter_Win)" + (f"; Interpreter_Win comes from {set_elsewhere}" if set_elsewhere else ""))]
    shown = ", ".join(f"{k}={v}" for k, v in sorted(settings.items())) or "no settings"
    checks = [Check("user settings", OK, f"{path}: {shown}")]
    interpreter = settings.get("INTERPRETER_WIN" if m.windows else "INTERPRETER_MAC")
    if interpreter and m.windows and not Path(expand(interpreter, m.env)).is_file():
        checks.append(Check("user settings", PROBLEM, f"INTERPRETER_WIN points to {interpreter}, which does not exist",
                            f"set it to {suggested_interpreter(m)}: {line}", command_line(m, "setup-excel --yes")))
    return checks
