"""Is this computer ready for the workbook's buttons and custom functions?

``diagnose(workbook)`` returns one :class:`Check` per thing that commonly goes wrong
on a council laptop (from xlwings' issue tracker): the wrong or a Microsoft Store
Python ("Could not activate Python COM server"), the xlwings DLL missing or of another
version after an upgrade, a workbook whose VBA runtime is older than the Python
package, settings that point nowhere, and files on OneDrive or SharePoint
(ModuleNotFoundError). Each problem says how to fix it; what cannot be checked on
this machine (no Excel on Linux) is said, not guessed.

Nothing here writes anything: the workbook is only read.
"""

from __future__ import annotations

import os
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..core.errors import SppError
from ..files import read_grids
from . import vba

OK, PROBLEM, NOT_CHECKED, NOTE = "ok", "problem", "not checked", "note"
MIN_PYTHON = (3, 10)
UDF_MODULE = vba.UDF_MODULE
SYNCED = re.compile(r"onedrive|sharepoint|https?://", re.I)


@dataclass(frozen=True)
class Check:
    """One finding: what was looked at, how it stands, and what to do about it."""

    topic: str
    status: str
    detail: str
    fix: str = ""


@dataclass(frozen=True)
class Machine:
    """The facts about this computer the checks read (a value, so tests can make one)."""

    platform: str
    executable: str
    version: tuple
    bits: int
    home: str
    package_path: str
    env: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def current(cls) -> "Machine":
        import spp_xl

        return cls(sys.platform, sys.executable, tuple(sys.version_info[:3]), struct.calcsize("P") * 8,
                   str(Path.home()), str(Path(spp_xl.__file__).resolve().parent), dict(os.environ))

    @property
    def windows(self) -> bool:
        return self.platform.startswith("win")



def diagnose(workbook: str | os.PathLike | None = None, machine: Machine | None = None) -> list[Check]:
    """Every check, in the order a person fixing things would go through them."""
    machine = machine or Machine.current()
    checks = [_python(machine), _store_python(machine), _synced_package(machine), _xlwings_package(),
              _pywin32(machine), _dll(machine), _excel(machine), *_user_config(machine)]
    if workbook is not None:
        checks += _workbook(Path(workbook), machine)
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
                     "from python.org, then reinstall spp_xl")
    fix = ("Excel must find this interpreter: put its path in Interpreter_Win (see the workbook check) "
           "and use the same bitness as Office (64-bit Office needs 64-bit Python)") if m.windows else ""
    return Check("Python", OK, detail, fix)


def _store_python(m: Machine) -> Check:
    if not m.windows:
        return Check("Microsoft Store Python", NOT_CHECKED, "only matters on Windows")
    if "\\windowsapps\\" in m.executable.lower():
        return Check("Microsoft Store Python", PROBLEM,
                     f"{m.executable} is the Microsoft Store's Python, which Excel cannot start "
                     "('Could not activate Python COM server')",
                     "install Python from python.org (or the council's software centre) and reinstall spp_xl there")
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


def dll_name(version: str, bits: int = 64) -> str:
    """The DLL ``xlwings.bas`` loads, e.g. ``xlwings64-0.37.8.dll``."""
    return f"xlwings{bits}-{version}.dll"


def _dll(m: Machine) -> Check:
    version = vba.xlwings_version()
    name = dll_name(version, m.bits)
    if not m.windows:
        return Check("xlwings DLL", NOT_CHECKED, f"Windows only: Excel loads {name} from Python's folder")
    exe = Path(m.executable)
    # xlwings.bas looks beside the interpreter (standard install), then one folder up (a virtualenv).
    places = [exe.parent, exe.parent.parent]
    found = [p for p in places if (p / name).is_file()]
    if found:
        return Check("xlwings DLL", OK, f"{name} in {found[0]}")
    others = sorted({f.name for p in places if p.is_dir() for f in p.glob("xlwings*.dll")})
    detail = f"{name} is not beside {exe}" + (f" (found {', '.join(others)}: another version)" if others else "")
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


def user_config_path(m: Machine) -> Path:
    return Path(m.home) / ".xlwings" / "xlwings.conf"


def read_config_file(path: Path) -> dict[str, str]:
    """A ``"KEY","value"`` per line file, as xlwings reads it; keys upper-cased."""
    settings = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        values = re.findall(r'"([^"]*)"', line)
        if len(values) >= 2:
            settings[values[0].strip().upper()] = values[1]
    return settings


def _user_interpreter(m: Machine) -> str:
    path = user_config_path(m)
    if not path.is_file():
        return ""
    return read_config_file(path).get("INTERPRETER_WIN" if m.windows else "INTERPRETER_MAC", "")


def _user_config(m: Machine) -> list[Check]:
    path = user_config_path(m)
    if not path.is_file():
        return [Check("user settings", NOTE, f"no {path} (optional: it holds per-laptop settings such as "
                      "Interpreter_Win)")]
    settings = read_config_file(path)
    shown = ", ".join(f"{k}={v}" for k, v in sorted(settings.items())) or "no settings"
    checks = [Check("user settings", OK, f"{path}: {shown}")]
    interpreter = settings.get("INTERPRETER_WIN" if m.windows else "INTERPRETER_MAC")
    if interpreter and m.windows and not Path(interpreter).is_file():
        checks.append(Check("user settings", PROBLEM, f"INTERPRETER_WIN points to {interpreter}, which does not exist",
                            f"set it to {m.executable}"))
    return checks


# ------------------------------------------------------------------ the workbook


def _workbook(path: Path, m: Machine) -> list[Check]:
    if not path.is_file():
        return [Check("workbook", PROBLEM, f"{path}: file not found", "give the path of the .xlsm")]
    checks = []
    if SYNCED.search(str(path.resolve())):
        checks.append(Check("workbook location", PROBLEM, f"{path} is in a OneDrive/SharePoint folder; xlwings "
                            "may not find its own folder there", "keep the workbook in a local or network folder, "
                            "or see xlwings' OneDrive settings (ONEDRIVE_COMMERCIAL_WIN)"))
    checks += _workbook_vba(path)
    checks += _workbook_settings(path, m)
    return checks


def _workbook_vba(path: Path) -> list[Check]:
    from pyopenvba import ExcelFile

    try:
        with ExcelFile(str(path)) as book:
            modules = book.vba_modules() if book.has_vba_project() else {}
    except Exception as exc:  # a damaged or foreign file: say so, check the rest
        return [Check("workbook VBA", PROBLEM, f"{path}: the VBA project cannot be read ({exc})",
                      "rebuild the workbook: spp-xl build-workbook")]
    rebuild = "rebuild the workbook with this spp_xl (spp-xl build-workbook) and copy your figures across"
    if not modules:
        return [Check("workbook VBA", PROBLEM, f"{path} has no macros (saved as .xlsx?)", rebuild)]
    checks = []
    runtime = modules.get("xlwings", "")
    declared, installed = vba.runtime_version(runtime), vba.xlwings_version()
    if not runtime:
        checks.append(Check("workbook xlwings runtime", PROBLEM, "the VBA module 'xlwings' is missing", rebuild))
    elif declared != installed:
        checks.append(Check("workbook xlwings runtime", PROBLEM,
                            f"the workbook's VBA is xlwings {declared} but Python has xlwings {installed}; "
                            f"Excel will look for {dll_name(declared)}, which this Python does not have",
                            f"{rebuild}, or pip install xlwings=={declared}"))
    else:
        names = ", ".join(sorted(vba.runtime_dll_names(runtime)))
        checks.append(Check("workbook xlwings runtime", OK, f"xlwings {declared}, loading {names}"))
    wrappers = modules.get("xlwings_udfs", "")
    expected = vba.udf_wrappers()
    if not wrappers:
        checks.append(Check("custom functions", PROBLEM, "the VBA module 'xlwings_udfs' is missing: "
                            "SPP_ formulas will show #NAME?", rebuild))
    elif _normal(wrappers) != _normal(expected):
        checks.append(Check("custom functions", PROBLEM, "the workbook's function wrappers differ from this "
                            "spp_xl's custom functions (made by another version?)", rebuild))
    else:
        checks.append(Check("custom functions", OK, "every SPP_ function has its VBA wrapper"))
    macros = modules.get("SppMacros", "")
    missing = [n for n in vba.MACRO_NAMES if not re.search(rf"Sub\s+{n}\s*\(", macros)]
    if missing:
        checks.append(Check("buttons", PROBLEM, f"macros missing: {', '.join(missing)}", rebuild))
    else:
        checks.append(Check("buttons", OK, "Recalculate, Export and Check macros present"))
    return checks


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


def _workbook_settings(path: Path, m: Machine) -> list[Check]:
    try:
        rows = dict(read_grids(path)).get("xlwings.conf")
    except SppError as exc:
        return [Check("xlwings.conf sheet", PROBLEM, str(exc), "")]
    if rows is None:
        return [Check("xlwings.conf sheet", PROBLEM, "the workbook has no xlwings.conf sheet",
                      "rebuild the workbook (spp-xl build-workbook)")]
    # xlwings reads column A from A1 down to the first blank, upper-casing the keys.
    settings = {}
    for row in rows:
        if not row or str(row[0]).strip() == "":
            break
        settings[str(row[0]).strip().upper()] = "" if len(row) < 2 or row[1] is None else str(row[1]).strip()
    checks = []
    modules = [s.strip() for s in settings.get("UDF MODULES", "").split(";") if s.strip()]
    if UDF_MODULE not in modules:
        checks.append(Check("xlwings.conf: UDF Modules", PROBLEM, f"is {settings.get('UDF MODULES', '(missing)')!r}",
                            f"type {UDF_MODULE} beside 'UDF Modules' on the xlwings.conf sheet"))
    else:
        checks.append(Check("xlwings.conf: UDF Modules", OK, UDF_MODULE))
    key = "INTERPRETER_WIN" if m.windows else "INTERPRETER_MAC"
    label = "Interpreter_Win" if m.windows else "Interpreter_Mac"
    if key in settings and settings[key] == "":
        in_file = _user_interpreter(m)
        checks.append(Check(
            f"xlwings.conf: {label}", PROBLEM if m.windows and in_file else NOTE,
            f"the sheet has a blank {label} row: xlwings then starts 'python' from the PATH"
            + (f" and ignores {label} = {in_file} in {user_config_path(m)}" if in_file else ""),
            f"type {m.executable} beside {label} on the sheet, or delete that row so that "
            f"{user_config_path(m)} applies"))
    elif key in settings:
        given = settings[key]
        if m.windows:
            exists = Path(os.path.expandvars(given)).is_file()
            checks.append(Check(f"xlwings.conf: {label}", OK if exists else PROBLEM, given,
                                "" if exists else f"set it to {m.executable}"))
        else:
            checks.append(Check(f"xlwings.conf: {label}", NOT_CHECKED, f"{given} (a path on the Windows laptop)"))
    else:
        checks.append(Check(f"xlwings.conf: {label}", OK, f"not set on the sheet: {user_config_path(m)} or "
                            "'python' on the PATH applies"))
    if settings.get("USE UDF SERVER", "").lower() == "true":
        checks.append(Check("xlwings.conf: Use UDF Server", NOTE, "True: Python stays running between "
                            "calculations (faster; restart Excel after upgrading spp_xl)"))
    return checks
