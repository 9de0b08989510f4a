"""``make release``: the folder a council copies to a Windows laptop, which installs with no
internet and no make.

    python scripts/release.py [--out dist/release] [--refresh]

writes ``dist/release/``:

- ``SPP_Performance.xlsm`` and ``SPP_Performance_Lite.xlsx``: the bundled workbooks;
- ``wheelhouse/``: spp_xl's wheel and every wheel ``spp_xl[pdf]`` (``INSTALLED``) needs on
  64-bit Windows, for CPython 3.11, 3.12 and 3.13 (``PYTHONS``), fetched from the package
  index now;
- ``install.cmd``: finds Python, makes ``%LOCALAPPDATA%\\spp_xl\\venv``, installs
  ``spp_xl[pdf]`` from the wheelhouse alone, runs ``spp-xl setup-excel`` then ``spp-xl doctor``;
- ``README.txt``: what the analyst does.

The trap this avoids: pip evaluates environment markers for the machine it runs on, not for
``--platform``, so ``pip download --platform win_amd64 spp_xl`` on Linux leaves out xlwings'
``pywin32; platform_system == "Windows"`` (and a dry-run install from such a wheelhouse still
says "Would install"). So each requirement is fetched alone (``--no-deps``) and the wheels'
own Requires-Dist are walked here with Windows' markers, until nothing is missing.

Wheels are kept between runs in ``.release-cache/`` (git-ignored): a requirement a cached
wheel satisfies is not fetched again, so a second release is offline and quick; ``--refresh``
fetches everything anew. A package index that cannot be reached ends in one line (exit 3).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from wheels import requirements_of, walk

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".release-cache" / "wheels"
PYTHONS = ("3.11", "3.12", "3.13")  # pyproject.toml's classifiers say the same (a test holds them equal)
PLATFORM = "win_amd64"
# The extras the release installs. pdf (pikepdf): where Excel cannot print the Export button's PDF,
# LibreOffice prints it and pikepdf tags it for a screen reader; without it no PDF is written, and
# the laptop, offline, could not install it when told to (docs/windows.md).
EXTRAS = ("pdf",)
INSTALLED = f"spp_xl[{','.join(EXTRAS)}]"
WORKBOOKS = (ROOT / "workbook" / "SPP_Performance.xlsm", ROOT / "workbook" / "SPP_Performance_Lite.xlsx")
GUIDE = "windows-guide.md"  # docs/windows.md, which README.txt points at: the release carries it
EXIT_UNREACHABLE = 3


class Unreachable(Exception):
    """The package index could not be reached for a wheel the cache does not hold."""


def windows_environment(python: str) -> dict:
    """Environment markers as 64-bit CPython ``python`` on Windows evaluates them."""
    return {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64",
            "platform_release": "10", "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "python_version": python, "python_full_version": f"{python}.0", "extra": ""}


def windows_tags(python: str) -> set:
    """The wheel tags 64-bit CPython ``python`` on Windows installs."""
    from packaging import tags

    version = tuple(int(p) for p in python.split("."))
    interpreter = f"cp{version[0]}{version[1]}"
    return set(tags.cpython_tags(version, [interpreter, "abi3", "none"], [PLATFORM])) | \
        set(tags.compatible_tags(version, interpreter, [PLATFORM]))


def fitting_wheel(folder: Path, requirement, python: str) -> Path | None:
    """The newest wheel in ``folder`` that satisfies ``requirement`` on Windows for ``python``."""
    from packaging.utils import canonicalize_name, parse_wheel_filename

    accepted, found = windows_tags(python), []
    for wheel in folder.glob("*.whl"):
        name, version, _, wheel_tags = parse_wheel_filename(wheel.name)
        if (canonicalize_name(name) == canonicalize_name(requirement.name)
                and requirement.specifier.contains(version, prereleases=True) and wheel_tags & accepted):
            found.append((version, wheel))
    return max(found)[1] if found else None


def fetch(requirement, python: str) -> None:
    """Downloads the one wheel pip picks for ``requirement`` on 64-bit Windows' ``python``: by
    name and version alone, as pip would judge its marker for this machine, not Windows."""
    abi = "cp" + python.replace(".", "")
    wanted = f"{requirement.name}{requirement.specifier}"
    done = subprocess.run([sys.executable, "-m", "pip", "--isolated", "download", "--quiet", "--no-deps",
                           "--only-binary=:all:", "--platform", PLATFORM, "--python-version", python,
                           "--implementation", "cp", "--abi", abi, "-d", str(CACHE), wanted],
                          capture_output=True, text=True)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["pip failed"])[-1]
        raise Unreachable(f"cannot fetch {wanted} for Python {python} on {PLATFORM}: {reason}")


def wheelhouse_for(spp_wheel: Path, refresh: bool = False) -> set[Path]:
    """Every wheel spp_xl with ``EXTRAS`` needs on 64-bit Windows for each of ``PYTHONS``, from the
    cache, fetching what it lacks; the walk follows each wheel's Requires-Dist with Windows' markers."""
    from packaging.utils import canonicalize_name

    CACHE.mkdir(parents=True, exist_ok=True)
    fetched = set()

    def wheel_for(requirement, python: str) -> Path:
        key = (canonicalize_name(requirement.name), python)
        wheel = None if refresh and key not in fetched else fitting_wheel(CACHE, requirement, python)
        if wheel is None:
            fetch(requirement, python)
            fetched.add(key)
            wheel = fitting_wheel(CACHE, requirement, python)
            if wheel is None:
                raise Unreachable(f"pip fetched no wheel of {requirement} for Python {python} on {PLATFORM}")
        return wheel

    return {wheel for python in PYTHONS
            for _, wheel in walk(requirements_of(spp_wheel), windows_environment(python),
                                 lambda requirement, python=python: wheel_for(requirement, python), EXTRAS)}


def build_wheel(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(folder), str(ROOT)],
                   check=True, stdout=subprocess.DEVNULL)
    return next(folder.glob("spp_xl-*.whl"))


INSTALL_CMD = r"""@echo off
rem Installs spp_xl for the workbook's buttons from this folder, with no internet: see README.txt.
rem Written by spp_xl's release (scripts/release.py): do not edit here.
setlocal EnableExtensions
set "HERE=%~dp0"
set "VENV=%LOCALAPPDATA%\spp_xl\venv"
set "CODE=1"

rem 0. The wheelhouse beside it: run from inside the release's zip file, Explorer copies install.cmd
rem    alone to a temporary folder, and pip would only say it found no spp_xl.
if not exist "%HERE%wheelhouse\" (
  echo The folder wheelhouse is not beside install.cmd in "%HERE%". If you opened the release's
  echo zip file, extract all of it first ^(right-click it, Extract All^), then run install.cmd there.
  goto end
)

rem 1. A 64-bit Python {versions}: the py launcher's first (python.org installs it), then
rem    "python" on the PATH (the Microsoft Store's, or python.org's).
set "PYTHON="
for %%V in ({newest_first}) do (
  if not defined PYTHON (
    py -%%V -c "import struct, sys; sys.exit(struct.calcsize('P') != 8)" >nul 2>nul && set "PYTHON=py -%%V"
  )
)
if not defined PYTHON (
  python -c "import struct, sys; sys.exit(not ({oldest} <= sys.version_info[:2] <= {newest} and struct.calcsize('P') == 8))" >nul 2>nul && set "PYTHON=python"
)
if not defined PYTHON (
  echo Python {versions} ^(64-bit^) was not found on this laptop.
  echo Install Python 3.12 from python.org ^(or the Microsoft Store^), then run install.cmd again.
  goto end
)
echo spp_xl: installing into "%VENV%"

rem 2. The environment, and spp_xl with everything it needs from the wheelhouse alone (pdf: pikepdf,
rem    which tags the PDF LibreOffice prints where Excel cannot print it). One that works is kept:
rem    making it again copies python.exe and pythonw.exe over themselves, which Windows refuses
rem    while Excel runs them (its custom functions' Python runs until Excel closes). One whose
rem    Python is gone is made anew.
"%VENV%\Scripts\python.exe" -c "import sys" >nul 2>nul || %PYTHON% -m venv --clear "%VENV%" || goto failed
if not exist "%VENV%\Scripts\python.exe" (
  echo %PYTHON% made no environment in "%VENV%": the Microsoft Store's Python may keep what it
  echo writes under AppData in a folder of its own. Install Python from python.org, then run
  echo install.cmd again.
  goto failed
)
"%VENV%\Scripts\python.exe" -m pip install --disable-pip-version-check --no-index --find-links "%HERE%wheelhouse" --upgrade "{installed}" || goto failed

rem 3. Tell Excel where this Python is (it asks before replacing another), then check the laptop.
rem    Excel not told (another Python kept, a user folder VBA cannot read) is no success: the
rem    buttons would start the other Python, or none.
"%VENV%\Scripts\python.exe" -m spp_xl setup-excel
set "TOLD=%ERRORLEVEL%"
"%VENV%\Scripts\python.exe" -m spp_xl doctor "%HERE%SPP_Performance.xlsm"
echo.
if not "%TOLD%"=="0" goto untold
echo spp_xl is installed. Open SPP_Performance.xlsm and press Recalculate: README.txt says what comes next.
set "CODE=0"
goto end

:untold
echo spp_xl is installed, but Excel was not told to start its Python: the lines from setup-excel
echo above say why and what to run. Until then the buttons start another Python, or none.
goto end

:failed
echo.
echo spp_xl could not be installed: the lines above say why. README.txt says what to do.

:end
rem Double-clicked, the window would close before its words could be read: wait for a key. The
rem command line is read with delayed expansion, never echoed: a folder named "Safety & Crime"
rem would split an echoed line at its "&", and the window would close at once.
setlocal EnableDelayedExpansion
set "LAUNCH=!cmdcmdline!"
if /i not "!LAUNCH:%~nx0=!"=="!LAUNCH!" pause
endlocal
exit /b %CODE%
"""


README_TXT = """spp_xl {version}: the Safer Plymouth Partnership's performance workbook and its buttons
==========================================================================================

This folder holds:

  SPP_Performance.xlsm       the workbook, with its buttons (Recalculate, Export board report,
                             Check data) and the SPP_ functions; they need Python on this laptop
  SPP_Performance_Lite.xlsx  the same workbook for xlwings Lite (an Office add-in): no Python and
                             no macros needed on the laptop
  install.cmd                installs what the buttons need, from this folder, with no internet
  wheelhouse                 what install.cmd installs (for 64-bit Python {versions}), with
                             pikepdf, which tags the report's PDF where Excel cannot print it
  windows-guide.md           the full guide, step by step (open it with Notepad)

Setting up a laptop for SPP_Performance.xlsm (once, about five minutes)
----------------------------------------------------------------------
1. Python {versions}, 64-bit, must be installed: from python.org (tick "Add python.exe to
   PATH" or keep the "py launcher"), or the Microsoft Store, or the council's software centre.
2. Copy this folder to the laptop (not to OneDrive or SharePoint), open it, and double-click
   install.cmd (or, in a Command Prompt or PowerShell opened in this folder: .\\install.cmd).
   It installs spp_xl into %LOCALAPPDATA%\\spp_xl\\venv, tells Excel where that Python is
   (asking first if another Python is already named) and runs spp-xl doctor, which lists
   anything still to fix, each with what to do.
3. Right-click SPP_Performance.xlsm > Properties > tick Unblock > OK (files from e-mail or the
   internet have their macros blocked), or keep it in a folder IT has made a Trusted Location.
4. Open SPP_Performance.xlsm, click Enable Content if asked, and press Recalculate on the
   Dashboard. The cell above the table says "Recalculated" with the time.

If a button says Python was not found, or "Could not activate Python COM server", or nothing
happens: run install.cmd again and read what spp-xl doctor prints. A failure the message box
cannot explain leaves its details in %LOCALAPPDATA%\\spp_xl\\logs\\spp_xl.log: send that file.

What IT must allow: running install.cmd and Python (python.exe, pythonw.exe) from
%LOCALAPPDATA%\\spp_xl; macros in SPP_Performance.xlsm (Unblock, or a Trusted Location); Excel
starting that Python. Nothing is downloaded: every package is in this folder.

The full guide, step by step, is windows-guide.md beside this file (open it with Notepad).
"""


def write_release(out: Path, refresh: bool = False) -> Path:
    from spp_xl import __version__

    if out.exists():
        shutil.rmtree(out)
    wheelhouse = out / "wheelhouse"
    wheelhouse.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="spp_release_") as tmp:
        spp_wheel = build_wheel(Path(tmp))
        needed = wheelhouse_for(spp_wheel, refresh)
        shutil.copy2(spp_wheel, wheelhouse / spp_wheel.name)
    for wheel in sorted(needed):
        shutil.copy2(wheel, wheelhouse / wheel.name)
    for book in WORKBOOKS:
        shutil.copy2(book, out / book.name)
    guide = (ROOT / "docs" / "windows.md").read_text(encoding="utf-8")
    (out / GUIDE).write_bytes(guide.replace("\n", "\r\n").encode("utf-8-sig"))  # Notepad's own UTF-8
    versions = ", ".join(PYTHONS[:-1]) + f" or {PYTHONS[-1]}"
    newest, oldest = (tuple(int(p) for p in v.split(".")) for v in (PYTHONS[-1], PYTHONS[0]))
    install = INSTALL_CMD.format(versions=versions, newest_first=" ".join(reversed(PYTHONS)),
                                 oldest=oldest, newest=newest, installed=INSTALLED)
    (out / "install.cmd").write_bytes(install.replace("\n", "\r\n").encode("ascii"))
    readme = README_TXT.format(version=__version__, versions=versions)
    (out / "README.txt").write_bytes(readme.replace("\n", "\r\n").encode("ascii"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/release.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "dist" / "release"), help="the release folder (replaced)")
    parser.add_argument("--refresh", action="store_true", help="fetch every wheel anew, not from the cache")
    args = parser.parse_args(argv)
    try:
        out = write_release(Path(args.out), args.refresh)
    except Unreachable as exc:
        print(f"release: {exc} (the package index is needed once; then .release-cache/ serves)", file=sys.stderr)
        return EXIT_UNREACHABLE
    wheels = sorted((out / "wheelhouse").glob("*.whl"))
    size = sum(w.stat().st_size for w in wheels)
    print(f"{out}: {len(wheels)} wheels ({size / 2**20:.1f} MiB) of {INSTALLED} for 64-bit Windows, Python "
          f"{', '.join(PYTHONS)}; install.cmd, README.txt, {GUIDE} and the two workbooks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
