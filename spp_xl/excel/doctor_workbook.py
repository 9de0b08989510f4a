"""The workbook's half of ``spp-xl doctor``: its VBA, its settings, what last saved it, and
whether Windows marked it as downloaded (which blocks its macros).

Every problem a rebuild mends names the one command that makes a working workbook from
this one, figures, commentary and settings included (``rebuild_command``). Nothing here
writes anything.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from ..core.errors import SppError
from ..files import read_grids
from ..workbook import layout as L
from . import vba
from .functions import FUNCTIONS, NAMES
from .machine import NOT_CHECKED, NOTE, OK, PROBLEM, SYNCED, UDF_MODULE, Check, Machine, command_line, dll_name, \
    read_config_file, suggested_interpreter, user_config_path, user_interpreter

# Office blocks the macros of a file from these zones (3 Internet, 4 Restricted sites).
BLOCKED_ZONES = {3: "the Internet", 4: "a restricted site"}
CARRIED = "every figure, comment and setting in it is carried across"
UNBLOCK = ("close it in Excel, right-click the file > Properties > tick Unblock > OK; or keep it in a "
           "Trusted Location (File > Options > Trust Center > Trust Center Settings > Trusted Locations)")


def zone_identifier_path(path: Path) -> str:
    """Where Windows keeps a file's mark of the web: its ``Zone.Identifier`` alternate data stream.

    On Linux a file of that very name stands in for the stream, which is how it is tested."""
    return f"{path}:Zone.Identifier"


def rebuild_command(path: Path, m: Machine | None = None) -> str:
    """The command that writes a working workbook from ``path`` beside it, under a free name (as
    machine ``m``'s user can paste it: ``machine.command_line``)."""
    target, k = path.with_name(f"{path.stem} (rebuilt).xlsm"), 2
    while target.exists():
        target, k = path.with_name(f"{path.stem} (rebuilt {k}).xlsm"), k + 1
    args = f"build-workbook {_quoted(path)} -o {_quoted(target)}"
    return command_line(m, args) if m is not None else f"spp-xl {args}"


def _quoted(path: Path) -> str:
    text = str(path)
    return f'"{text}"' if re.search(r"[\s&()^;,']", text) else text


def interpreter_set_for(path: Path | None) -> str:
    """Where the workbook sets Interpreter_Win itself ("" where it does not): a value on its
    xlwings.conf sheet, or an xlwings.conf file beside it; either wins over the laptop's own file."""
    if path is None or not path.is_file():
        return ""
    try:
        settings = sheet_settings(path)
    except SppError:  # an unreadable workbook: its own check says so
        settings = None
    if settings and settings.get("INTERPRETER_WIN"):
        return "the workbook's xlwings.conf sheet"
    beside = path.parent / "xlwings.conf"
    if beside.is_file() and read_config_file(beside).get("INTERPRETER_WIN"):
        return str(beside)
    return ""


def workbook_checks(path: Path, m: Machine) -> list[Check]:
    """Every check of the workbook at ``path``."""
    if not path.is_file():
        return [Check("workbook", PROBLEM, f"{path}: file not found", "give the path of the .xlsm")]
    checks = []
    if SYNCED.search(str(path.resolve())):
        checks.append(Check("workbook location", PROBLEM, f"{path} is in a OneDrive/SharePoint folder; xlwings "
                            "may not find its own folder there", "keep the workbook in a local or network folder, "
                            "or see xlwings' OneDrive settings (ONEDRIVE_COMMERCIAL_WIN)"))
    checks.append(_mark_of_the_web(path, m))
    rebuild = _rebuild(path, m)
    checks += _saved_by(path, rebuild)
    checks += _workbook_vba(path, rebuild)
    checks += _workbook_settings(path, m, rebuild)
    return checks


def _rebuild(path: Path, m: Machine) -> tuple[str, str]:
    """How to mend a workbook by building it again (the fix, and the command): from itself when
    its figures can be read, which is what build-workbook will do with it."""
    from ..core.errors import InputError
    from ..workbook.reader import read_workbook

    try:
        read_workbook(path)
    except InputError as exc:
        return (f"this copy cannot be rebuilt from ({exc.message}): build the workbook from a good copy, or "
                "from its figures as a CSV (spp-xl build-workbook FIGURES.csv -o NEW.xlsm)", "")
    return f"rebuild the workbook with this spp_xl ({CARRIED}):", rebuild_command(path, m)


def _mark_of_the_web(path: Path, m: Machine) -> Check:
    if not m.windows:
        return Check("mark of the web", NOT_CHECKED, "Windows only: a file from e-mail or the internet is "
                     "marked there, and Office blocks its macros")
    try:
        with open(zone_identifier_path(path), "rb") as stream:
            text = stream.read().decode("utf-8", errors="replace")
    except OSError:
        return Check("mark of the web", OK, "not marked as downloaded (no Zone.Identifier stream)")
    fields = dict(re.findall(r"^\s*(\w+)\s*=\s*(.*?)\s*$", text, re.M))
    zone = int(fields["ZoneId"]) if fields.get("ZoneId", "").isdigit() else None
    where = fields.get("HostUrl") or fields.get("ReferrerUrl")
    if zone not in BLOCKED_ZONES:
        return Check("mark of the web", OK, f"Zone.Identifier says zone {zone}: Office does not block its macros")
    return Check("mark of the web", PROBLEM,
                 f"{path.name} is marked as coming from {BLOCKED_ZONES[zone]} (Zone.Identifier: ZoneId={zone}"
                 + (f", {where}" if where else "") + "): Office blocks its macros ('Microsoft has blocked macros "
                 "from running because the source of this file is untrusted')", UNBLOCK)


def _saved_by(path: Path, rebuild: tuple[str, str]) -> list[Check]:
    """A workbook LibreOffice saved keeps its figures but not its VBA as built nor the custom
    functions' values; rebuilding it from itself restores both."""
    try:
        with zipfile.ZipFile(path) as package:
            app = package.read("docProps/app.xml").decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    found = re.search(r"<Application>LibreOffice/?([^<$]*)", app)
    if not found:
        return []
    version = f" {found.group(1)}" if found.group(1) else ""
    return [Check("saved by LibreOffice", PROBLEM,
                  f"{path.name} was last saved by LibreOffice{version}, which rewrites the VBA project (the "
                  "custom functions lose their descriptions) and stores #VALUE! in every custom-function cell "
                  "(it cannot run them); the figures, commentary and settings are all still there",
                  *rebuild)]


def _workbook_vba(path: Path, rebuild: tuple[str, str]) -> list[Check]:
    from pyopenvba import ExcelFile

    from .vba_project import SOURCE_ONLY_VERSION, version_stream

    try:
        with ExcelFile(str(path)) as book:
            has_project = book.has_vba_project()
            modules = book.vba_modules() if has_project else {}
            stream = version_stream(book.vba_project_bytes()) if has_project else b""
    except Exception as exc:  # a damaged or foreign file: say so, check the rest
        return [Check("workbook VBA", PROBLEM, f"{path}: the VBA project cannot be read ({exc})", *rebuild)]
    if not modules:
        return [Check("workbook VBA", PROBLEM, f"{path} has no macros (saved as .xlsx?)", *rebuild)]
    checks = [_project_version(stream, SOURCE_ONLY_VERSION, rebuild)]
    runtime = modules.get("xlwings", "")
    declared, installed = vba.runtime_version(runtime), vba.xlwings_version()
    if not runtime:
        checks.append(Check("workbook xlwings runtime", PROBLEM, "the VBA module 'xlwings' is missing", *rebuild))
    elif declared != installed:
        checks.append(Check("workbook xlwings runtime", PROBLEM,
                            f"the workbook's VBA is xlwings {declared} but Python has xlwings {installed}; "
                            f"Excel will look for {dll_name(declared)}, which this Python does not have",
                            f"pip install xlwings=={declared}; or {rebuild[0]}", rebuild[1]))
    else:
        names = ", ".join(sorted(vba.runtime_dll_names(runtime)))
        checks.append(Check("workbook xlwings runtime", OK, f"xlwings {declared}, loading {names}"))
    checks.append(_wrappers(modules.get("xlwings_udfs", ""), rebuild))
    macros = modules.get("SppMacros", "")
    missing = [n for n in vba.MACRO_NAMES if not re.search(rf"Sub\s+{n}\s*\(", macros)]
    if missing:
        checks.append(Check("buttons", PROBLEM, f"macros missing: {', '.join(missing)}", *rebuild))
    else:
        checks.append(Check("buttons", OK, "the macros of every button present: "
                            + ", ".join(button.caption for button in L.BUTTONS)))
    return checks


def _wrappers(text: str, rebuild: tuple) -> Check:
    """Every declared custom function (``spp_xl.excel.functions``) needs its VBA wrapper, as
    this spp_xl writes it: without one, its formulas show #NAME?."""
    if not text:
        return Check("custom functions", PROBLEM, "the VBA module 'xlwings_udfs' is missing: SPP_ formulas will "
                     "show #NAME?", *rebuild)
    missing = [f.name for f in FUNCTIONS if not re.search(rf"^Function\s+{f.name}\(", text, re.M)]
    if missing:
        return Check("custom functions", PROBLEM, f"no VBA wrapper for {', '.join(missing)}: "
                     f"{'its' if len(missing) == 1 else 'their'} formulas will show #NAME?", *rebuild)
    if _normal(text) != _normal(vba.udf_wrappers()):
        return Check("custom functions", PROBLEM, "the workbook's function wrappers differ from this spp_xl's "
                     "custom functions (made by another version, or rewritten by another application)", *rebuild)
    return Check("custom functions", OK, f"every SPP_ function has its VBA wrapper ({', '.join(NAMES)})")


def _project_version(stream: bytes, source_only: bytes, rebuild: tuple) -> Check:
    """Excel compiles a project from source when its version is 0xFFFF; a project claiming
    Excel's own version must carry Excel's compiled code, or Excel may remove it on open."""
    version = int.from_bytes(stream[2:4], "little") if len(stream) >= 4 else None
    if stream == source_only:
        return Check("workbook VBA project", OK, "written for Excel to compile from source (version 0xFFFF)")
    if version is not None and version != 0xFFFF and not any(stream[7:]):
        return Check("workbook VBA project", PROBLEM,
                     f"the VBA project claims Excel's compiled version 0x{version:04X} but holds no compiled "
                     "code (written by an older spp_xl): Excel may remove it on open ('unreadable content')",
                     *rebuild)
    shown = "unknown" if version is None else f"0x{version:04X}"
    return Check("workbook VBA project", OK, f"compiled by Excel (version {shown})")


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


def sheet_settings(path: Path) -> dict[str, str] | None:
    """The workbook's xlwings.conf sheet as xlwings reads it (keys upper-cased), or None without one.

    Raises:
        SppError: a file that cannot be read as a workbook, in one line.
    """
    rows = dict(read_grids(path)).get("xlwings.conf")
    if rows is None:
        return None
    settings = {}
    # xlwings reads column A from A1 down to the first blank, upper-casing the keys.
    for row in rows:
        if not row or str(row[0]).strip() == "":
            break
        settings[str(row[0]).strip().upper()] = "" if len(row) < 2 or row[1] is None else str(row[1]).strip()
    return settings


def _workbook_settings(path: Path, m: Machine, rebuild: tuple[str, str]) -> list[Check]:
    try:
        settings = sheet_settings(path)
    except SppError as exc:
        return [Check("xlwings.conf sheet", PROBLEM, str(exc), "")]
    if settings is None:
        return [Check("xlwings.conf sheet", PROBLEM, "the workbook has no xlwings.conf sheet", *rebuild)]
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
        in_file = user_interpreter(m)
        checks.append(Check(
            f"xlwings.conf: {label}", PROBLEM if m.windows else NOTE,
            f"the sheet has a blank {label} row, which wins over every xlwings.conf file: xlwings then starts "
            "'pythonw' from the PATH" + (f" and ignores {label} = {in_file} in {user_config_path(m)}" if in_file else ""),
            f"delete that row (so that {user_config_path(m)} applies), or type {suggested_interpreter(m)} beside "
            f"{label} on the sheet"))
    elif key in settings:
        given = settings[key]
        if m.windows:
            exists = Path(os.path.expandvars(given)).is_file()
            checks.append(Check(f"xlwings.conf: {label}", OK if exists else PROBLEM, given,
                                "" if exists else f"set it to {suggested_interpreter(m)}"))
        else:
            checks.append(Check(f"xlwings.conf: {label}", NOT_CHECKED, f"{given} (a path on the Windows laptop)"))
    else:
        checks.append(Check(f"xlwings.conf: {label}", OK, f"not set on the sheet, so each laptop's own "
                            f"{user_config_path(m)} applies (see 'user settings')"))
    if settings.get("USE UDF SERVER", "").lower() == "true":
        checks.append(Check("xlwings.conf: Use UDF Server", NOTE, "True: Python stays running between "
                            "calculations (faster; restart Excel after upgrading spp_xl)"))
    return checks
