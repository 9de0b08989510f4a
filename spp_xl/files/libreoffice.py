"""LibreOffice headless: converts workbooks to PDF or .xlsx with formulas recalculated.

Used by ``spp-xl export --pdf`` and by the tests, which need a real spreadsheet
application to open, recalculate and render what spp_xl writes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
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


def convert(source: str | Path, to: str, outdir: str | Path, recalculate: bool = True,
            timeout: float = 180) -> Path:
    """Converts ``source`` with LibreOffice headless; returns the written file.

    Args:
        source: the workbook to open.
        to: a LibreOffice filter name or extension: ``"pdf"``, ``"xlsx"``, ``"csv"``...
        outdir: where the converted file goes (named after the source).
        recalculate: recalculate every formula on load (0 = always), as Excel would.
    """
    exe = soffice()
    if exe is None:
        raise InputError(INSTALL_HINT)
    source, outdir = Path(source), Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="spp_lo_profile_") as profile:
        write_profile(profile, recalculate)
        cmd = [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", to, "--outdir", str(outdir), str(source)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    target = outdir / f"{source.stem}.{to.split(':')[0]}"
    if done.returncode != 0 or not target.exists():
        raise InputError(f"LibreOffice could not convert it to {to}: {(done.stderr or done.stdout).strip()}",
                         str(source))
    return target
