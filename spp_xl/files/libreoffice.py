"""LibreOffice headless: converts workbooks to PDF or .xlsx with formulas recalculated.

Used by ``spp-xl export --pdf`` and by the tests, which need a real spreadsheet
application to open, recalculate and render what spp_xl writes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Mapping

from ..core.errors import InputError

INSTALL_HINT = ("LibreOffice is not installed: on Debian or Ubuntu run "
                "'sudo apt-get install -y libreoffice-calc fonts-crosextra-carlito'; "
                "on Windows install LibreOffice from libreoffice.org, or print the .xlsx to PDF from Excel")

# A tagged PDF (LibreOffice 7.4 takes filter options as JSON): a structure tree, the charts
# marked as figures, the document's title shown; bookmarks for the sheets.
TAGGED_PDF = ('pdf:calc_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
              '"ExportBookmarks":{"type":"boolean","value":"true"}}')

# Forces recalculation on load: without it LibreOffice shows the cached values.
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>{recalc}</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value>\
</prop></item>
</oor:items>
"""


class ConversionError(InputError):
    """LibreOffice failed or hung converting ``source`` to ``to``; ``reason`` says how."""

    def __init__(self, reason: str, to: str, source: Path):
        super().__init__(f"{reason} (converting it to {to})", str(source))
        self.reason = reason


def install_folders(platform: str = sys.platform, environ: Mapping[str, str] | None = None) -> list[Path]:
    """Where LibreOffice's installer puts soffice when it is not on PATH (a normal Windows
    install never is): Program Files (64-bit and 32-bit) on Windows, Applications on macOS."""
    environ = os.environ if environ is None else environ
    if platform == "win32":
        roots = [environ.get(k) for k in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
        roots += ["C:\\Program Files", "C:\\Program Files (x86)"]
        seen = list(dict.fromkeys(r for r in roots if r))
        return [Path(root) / "LibreOffice" / "program" / "soffice.exe" for root in seen]
    if platform == "darwin":
        home = environ.get("HOME")
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
                *([Path(home) / "Applications/LibreOffice.app/Contents/MacOS/soffice"] if home else [])]
    return []


def soffice(platform: str = sys.platform, environ: Mapping[str, str] | None = None) -> str | None:
    """The LibreOffice executable: on PATH, else in its usual install folder; None when it is
    not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((str(p) for p in install_folders(platform, environ) if p.is_file()), None)


def write_profile(folder: str | Path, recalculate: bool = True) -> Path:
    """A throwaway LibreOffice profile in ``folder`` (give it as ``-env:UserInstallation``):
    first-run screens off, and every formula recalculated on load, or none."""
    user = Path(folder, "user")
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_PROFILE.format(recalc=0 if recalculate else 1))
    return Path(folder)


TIMEOUT = 180  # seconds for one conversion: the first start of a new profile takes a few


def convert(source: str | Path, to: str, outdir: str | Path, recalculate: bool = True,
            timeout: float | None = None) -> Path:
    """Converts ``source`` with LibreOffice headless; returns the written file.

    LibreOffice runs in a process group of its own (its launcher starts ``soffice.bin``): if it
    has not finished within ``timeout`` seconds, or the conversion is interrupted, the whole
    group is ended, so that no LibreOffice is left running.

    Args:
        source: the workbook to open.
        to: a LibreOffice filter name or extension: ``"pdf"``, ``"xlsx"``, ``"csv"``...
        outdir: where the converted file goes (named after the source).
        recalculate: recalculate every formula on load (0 = always), as Excel would.
        timeout: seconds allowed (default ``TIMEOUT``).

    Raises:
        InputError: LibreOffice missing, failing (with what it said) or hanging.
    """
    from .atomic import temporary_folder

    exe = soffice()
    if exe is None:
        raise InputError(INSTALL_HINT)
    timeout = TIMEOUT if timeout is None else timeout
    source, outdir = Path(source), Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with temporary_folder("libreoffice") as profile:
        write_profile(profile, recalculate)
        cmd = [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", to, "--outdir", str(outdir), str(source)]
        code, said = _run(cmd, timeout)
    target = outdir / f"{source.stem}.{to.split(':')[0]}"
    if code is None:
        raise ConversionError(f"LibreOffice did not finish within {timeout:g} seconds, and was stopped", to, source)
    if code != 0 or not target.exists():
        raise ConversionError(f"LibreOffice could not convert it: {said or f'it ended with code {code}'}", to, source)
    return target


def _run(cmd: list[str], timeout: float) -> tuple[int | None, str]:
    """Runs LibreOffice in a process group of its own; (its exit code, or None when it had to
    be stopped, and the last line it said)."""
    group = {"start_new_session": True} if os.name != "nt" else \
        {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
    try:
        with _interruptions_held() as held:
            process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                       errors="replace", **group)
    except OSError as exc:
        raise InputError(f"LibreOffice could not be started ({exc.strerror or exc})", cmd[0]) from None
    if held:  # interrupted while it started: it is ended now that it can be, and the interruption goes on
        _end(process)
        signal.raise_signal(held[0])
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _end(process)
        return None, ""
    except BaseException:  # interrupted: LibreOffice goes too
        _end(process)
        raise
    lines = [line.strip() for line in (err or out or "").splitlines() if line.strip()]
    return process.returncode, lines[-1] if lines else ""


@contextlib.contextmanager
def _interruptions_held():
    """Holds Ctrl-C (and a termination) while a process starts: one arriving inside
    ``Popen`` would leave the started LibreOffice with nobody to end it. Yields the signals
    that arrived, for the caller to raise again once it holds the process. Only the main
    thread can handle signals; elsewhere nothing is held."""
    held: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield held
        return
    kinds = [s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s is not None]
    before = {kind: signal.signal(kind, lambda number, frame: held.append(number)) for kind in kinds}
    try:
        yield held
    finally:
        for kind, handler in before.items():
            signal.signal(kind, handler)


def _end(process: subprocess.Popen) -> None:
    """Ends a LibreOffice and every process it started."""
    try:
        if os.name == "nt":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, timeout=30)
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except (OSError, subprocess.SubprocessError):
        process.kill()
    try:
        process.communicate(timeout=10)
    except (subprocess.SubprocessError, OSError):
        pass
