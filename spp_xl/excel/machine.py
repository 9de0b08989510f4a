"""What the doctor looks at: a check's result, and the facts about this computer it reads.

Shared by ``doctor`` (the laptop) and ``doctor_workbook`` (a workbook on it).
"""

from __future__ import annotations

import os
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from . import vba

OK, PROBLEM, NOT_CHECKED, NOTE = "ok", "problem", "not checked", "note"
UDF_MODULE = vba.UDF_MODULE
SYNCED = re.compile(r"onedrive|sharepoint|https?://", re.I)


@dataclass(frozen=True)
class Check:
    """One finding: what was looked at, how it stands, and what to do about it."""

    topic: str
    status: str
    detail: str
    fix: str = ""
    command: str = ""  # a command line the fix asks to run, shown whole


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
    base_executable: str = ""  # the Python a virtual environment was made from ("" if none)

    @classmethod
    def current(cls) -> "Machine":
        base = getattr(sys, "_base_executable", "") if sys.prefix != sys.base_prefix else ""
        return cls(sys.platform, sys.executable, tuple(sys.version_info[:3]), struct.calcsize("P") * 8,
                   str(Path.home()), str(Path(__file__).resolve().parents[1]), dict(os.environ), base)  # spp_xl/

    @property
    def windows(self) -> bool:
        return self.platform.startswith("win")


def command_line(m: Machine, args: str) -> str:
    """A spp-xl command as this laptop's user can paste it: ``spp-xl ARGS`` where the first
    spp-xl.exe on the PATH is this environment's; else (install.cmd's environment is not on the
    PATH) this Python by its full path, quoted for a Command Prompt, as docs/windows.md has it."""
    if not m.windows:
        return f"spp-xl {args}"
    scripts = str(Path(m.executable).parent).rstrip("\\/").lower()
    path = next((v for k, v in m.env.items() if k.upper() == "PATH"), "")
    for folder in path.split(";"):
        if folder.strip() and (Path(folder.strip()) / "spp-xl.exe").is_file():
            if folder.strip().rstrip("\\/").lower() == scripts:
                return f"spp-xl {args}"
            break  # another spp_xl's comes first
    return f'"{m.executable}" -m spp_xl {args}'


def min_python() -> tuple[int, int]:
    """The oldest Python spp_xl installs on: its package's ``Requires-Python`` (pyproject.toml)."""
    from importlib.metadata import metadata

    found = re.fullmatch(r">=\s*(\d+)\.(\d+)", metadata("spp_xl")["Requires-Python"].strip())
    return (int(found.group(1)), int(found.group(2)))


MIN_PYTHON = min_python()


def dll_name(version: str, bits: int = 64) -> str:
    """The DLL ``xlwings.bas`` loads, e.g. ``xlwings64-0.37.8.dll``."""
    return f"xlwings{bits}-{version}.dll"


def user_config_path(m: Machine) -> Path:
    return Path(m.home) / ".xlwings" / "xlwings.conf"


# Windows' ANSI code page in the United Kingdom: xlwings' VBA reads and writes xlwings.conf in it
# (Open, Input #, Print #), and opens files only by paths it can hold.
ANSI = "cp1252"


def read_config_file(path: Path) -> dict[str, str]:
    """A ``"KEY","value"`` per line file, as xlwings reads it (in ``ANSI``); keys upper-cased."""
    settings = {}
    for line in path.read_bytes().decode(ANSI, errors="replace").splitlines():
        values = re.findall(r'"([^"]*)"', line)
        if len(values) >= 2:
            settings[values[0].strip().upper()] = values[1]
    return settings


def user_interpreter(m: Machine) -> str:
    """The interpreter this laptop's own xlwings.conf names ("" if none)."""
    path = user_config_path(m)
    if not path.is_file():
        return ""
    return read_config_file(path).get("INTERPRETER_WIN" if m.windows else "INTERPRETER_MAC", "")


def suggested_interpreter(m: Machine) -> str:
    """The interpreter to name in Interpreter_Win: pythonw.exe beside this Python (no console
    window), else this Python itself."""
    exe = Path(m.executable)
    windowless = exe.with_name("pythonw.exe")
    return str(windowless) if exe.name.lower() == "python.exe" and windowless.is_file() else m.executable
