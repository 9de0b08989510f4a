"""Telling Excel which Python runs the workbook's buttons: this laptop's ``xlwings.conf``.

Excel's side of xlwings (the workbook's VBA) starts the Python named by ``Interpreter_Win``
(``Interpreter_Mac`` on a Mac), which it looks for on the workbook's ``xlwings.conf`` sheet, in
an ``xlwings.conf`` beside the workbook, then in the user's own ``.xlwings\\xlwings.conf``.
The workbook travels between laptops, each with Python in its own place, so the line belongs
in the user's file; the release's installer writes it there through ``spp-xl setup-excel``.

What is written: ``"INTERPRETER_WIN","<pythonw.exe beside this Python>"`` (the windowless
one, as ``doctor`` suggests), with the user's profile folder written as ``%LOCALAPPDATA%``
or ``%USERPROFILE%``: both xlwings' VBA and its Python expand them, and so the file stays
plain ASCII whatever the user's name. The VBA reads the file in Windows' ANSI code page
(``Input #``), so a path that code page cannot hold is refused, not written garbled.

Another interpreter already named is replaced only when the user says so. Other lines of the
file are kept as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InputError
from .machine import ANSI, Machine, suggested_interpreter, user_config_path

KEYS = {"win": "INTERPRETER_WIN", "darwin": "INTERPRETER_MAC"}
# The folders a path is written relative to, most specific first (Windows' own variables).
PROFILE_VARIABLES = ("LOCALAPPDATA", "APPDATA", "USERPROFILE")


@dataclass(frozen=True)
class Setting:
    """What setting Excel up would do: which file, which line, and what it replaces."""

    path: Path
    key: str
    value: str            # as written, e.g. %LOCALAPPDATA%\spp_xl\venv\Scripts\pythonw.exe
    interpreter: str      # the same, expanded
    current: str = ""     # the value the file names now, as written ("" if none)
    current_interpreter: str = ""  # the same, expanded

    @property
    def line(self) -> str:
        return f'"{self.key}","{self.value}"'

    @property
    def unchanged(self) -> bool:
        """The file already names this interpreter (however it writes it)."""
        return bool(self.current) and self.current_interpreter.lower() == self.interpreter.lower()


def key_for(m: Machine) -> str:
    """The setting that names the interpreter on this machine's platform."""
    for prefix, key in KEYS.items():
        if m.platform.startswith(prefix):
            return key
    raise InputError(f"Excel runs on Windows and macOS: on this {m.platform} machine there is no Excel to tell "
                     "where Python is (run spp-xl setup-excel on the laptop with Excel)")


def expand(value: str, env) -> str:
    """``value`` with Windows' ``%NAME%`` variables taken from ``env`` (a name it lacks stays)."""
    return re.sub(r"%([^%]+)%", lambda m: next((v for k, v in env.items() if k.upper() == m.group(1).upper()),
                                               m.group(0)), value)


def portable(path: str, m: Machine) -> str:
    """``path`` with the user's profile folder written as its variable, where it lies under one."""
    if not m.windows:
        return path
    for name in PROFILE_VARIABLES:
        folder = next((v for k, v in m.env.items() if k.upper() == name), "").rstrip("\\/")
        if folder and path.lower().startswith(folder.lower()) and path[len(folder):len(folder) + 1] in ("\\", "/"):
            return f"%{name}%{path[len(folder):]}"
    return path


def user_line(m: Machine) -> str:
    """The line setup-excel writes for this Python, as doctor and the refusals quote it."""
    return f'"{key_for(m)}","{portable(suggested_interpreter(m), m)}"'


def unreadable_user_file(m: Machine) -> str:
    """Why Excel cannot read this laptop's xlwings.conf, or "" when it can. xlwings' VBA finds the
    file by ``Environ("USERPROFILE")`` and opens it with ``GetAttr`` and ``Open``, which take paths
    in the ANSI code page: in a user folder with a name it lacks (C:\\Users\\Łukasz) the file is
    never found, so a line written there is never read."""
    path = user_config_path(m)
    try:
        str(path).encode(ANSI)
        return ""
    except UnicodeEncodeError:
        line = user_line(m)
        return (f"your user folder {m.home} has characters Excel's VBA cannot read, so xlwings never finds {path}: "
                f"put the line {line} in a file named xlwings.conf in the workbook's folder (one whose path has "
                "only plain letters), which xlwings reads first")


def plan(m: Machine, interpreter: str | None = None) -> Setting:
    """What ``setup-excel`` would write on machine ``m`` (nothing is written here).

    Args:
        m: the machine (``Machine.current()``; tests describe others).
        interpreter: the Python to name (default: pythonw.exe beside this one on Windows,
            this Python elsewhere).

    Raises:
        InputError: no Excel on this platform, or a path VBA could not read (the interpreter's, or
            the user's folder holding xlwings.conf).
    """
    key = key_for(m)
    chosen = interpreter or suggested_interpreter(m)
    value = portable(chosen, m)
    try:
        value.encode(ANSI)
    except UnicodeEncodeError:
        raise InputError(f"the path {chosen} has characters Excel's VBA cannot read from xlwings.conf: install "
                         "Python in a folder whose name has only plain letters, then run spp-xl setup-excel "
                         "again") from None
    unreadable = unreadable_user_file(m) if m.windows else ""
    if unreadable:
        raise InputError(unreadable)
    path = user_config_path(m)
    current = current_value(path, key)
    return Setting(path, key, value, expand(value, m.env), current, expand(current, m.env))


def current_value(path: Path, key: str) -> str:
    """The value ``key`` has in the file at ``path`` ("" when it has none)."""
    if not path.is_file():
        return ""
    for line in path.read_bytes().decode(ANSI, errors="replace").splitlines():
        values = re.findall(r'"([^"]*)"', line)
        if len(values) >= 2 and values[0].strip().upper() == key:
            return values[1]
    return ""


def write(setting: Setting) -> Path:
    """Writes the setting's line into its file: replacing the key's line where there is one,
    added at the end otherwise, every other line kept byte for byte."""
    from ..files.atomic import write_atomic

    line = setting.line.encode(ANSI)
    old = setting.path.read_bytes() if setting.path.is_file() else b""
    lines = old.splitlines(keepends=True)
    found = False
    for k, raw in enumerate(lines):
        values = re.findall(rb'"([^"]*)"', raw)
        if len(values) >= 2 and values[0].strip().upper() == setting.key.encode():
            lines[k] = line + (b"\r\n" if raw.endswith(b"\r\n") else b"\n" if raw.endswith(b"\n") else b"")
            found = True
    if not found:
        if lines and not lines[-1].endswith(b"\n"):
            lines[-1] += b"\r\n"
        lines.append(line + b"\r\n")
    setting.path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(setting.path, lambda tmp: Path(tmp).write_bytes(b"".join(lines)), force=True)
