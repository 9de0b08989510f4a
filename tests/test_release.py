"""The release folder a council copies to a Windows laptop: everything it installs is in it.

``make release`` (scripts/release.py) is run once for this module into a temporary folder; its
wheels are fetched from the package index the first time and kept in ``.release-cache/``
(git-ignored), so later runs are offline. Only a package index that cannot be reached with an
empty cache skips these tests, saying so (and fails them under make test, as a missing tool does).

pip cannot be trusted to check the wheelhouse alone: it evaluates environment markers for the
machine it runs on, not for ``--platform``, so a dry-run on Linux says "Would install" from a
wheelhouse that lacks xlwings' Windows-only pywin32. So the first test walks every wheel's
Requires-Dist with Windows' markers itself (packaging), and finds each requirement there.

What install.cmd installs is ``spp_xl[pdf]``: pikepdf and what it needs (Pillow, lxml) are in the
wheelhouse for each Python, so that the PDF LibreOffice prints, where Excel cannot, is tagged.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from conftest import need
from packaging import tags
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.11", "3.12", "3.13")
INSTALLED = "spp_xl[pdf]"
PDF = {"pikepdf", "pillow", "lxml", "packaging"}  # pikepdf's Requires-Dist (its pdfa extra aside)


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "release"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "release.py"), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    unreachable = done.returncode == 3 and "cannot fetch" in done.stderr
    need(not unreachable, f"the package index cannot be reached and .release-cache/ lacks a wheel: {done.stderr.strip()}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"{out}: ") and "of spp_xl[pdf] for 64-bit Windows, Python 3.11, 3.12, 3.13" \
        in done.stdout
    return out


def wheels(release: Path) -> list[Path]:
    return sorted((release / "wheelhouse").glob("*.whl"))


def windows(python: str) -> dict:
    return {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64",
            "platform_release": "10", "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "python_version": python, "python_full_version": f"{python}.0", "extra": ""}


def accepted(python: str) -> set:
    version = tuple(int(p) for p in python.split("."))
    cp = f"cp{version[0]}{version[1]}"
    return set(tags.cpython_tags(version, [cp, "abi3", "none"], ["win_amd64"])) | \
        set(tags.compatible_tags(version, cp, ["win_amd64"]))


def requires(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(z.read(meta).decode()).get_all("Requires-Dist") or []


@pytest.mark.parametrize("python", PYTHONS)
def test_every_requirement_of_every_wheel_is_in_the_wheelhouse_for_windows(release, python):
    found = {}
    for wheel in wheels(release):
        name, version, _, wheel_tags = parse_wheel_filename(wheel.name)
        if wheel_tags & accepted(python):
            found.setdefault(canonicalize_name(name), []).append((version, wheel))
    # (requirement, the extras asked of the wheel naming it): its marker is judged for each
    todo, walked, missing = [(INSTALLED, ())], set(), []
    while todo:
        line, extras = todo.pop()
        requirement = Requirement(line)
        key = canonicalize_name(requirement.name)
        asked = (key, frozenset(requirement.extras))  # a package asked again with an extra is walked again
        if asked in walked or (requirement.marker and not any(requirement.marker.evaluate(
                {**windows(python), "extra": e}) for e in ("", *extras))):
            continue
        walked.add(asked)
        fitting = [w for v, w in found.get(key, []) if requirement.specifier.contains(v, prereleases=True)]
        if not fitting:
            missing.append(str(requirement))
            continue
        todo += [(r, tuple(requirement.extras)) for r in requires(fitting[0])]
    assert missing == []
    walked = {name for name, _ in walked}
    # the trap: xlwings needs pywin32 on Windows alone, and it is here, built for this Python
    assert {"spp-xl", "xlwings", "pywin32", "xlsxwriter", "openpyxl", "python-calamine", "pyopenvba"} <= walked
    assert PDF <= walked and "pyarrow" not in walked and "pandas" not in walked
    cp = "cp" + python.replace(".", "")
    for name in ("pywin32", "pikepdf", "pillow", "lxml"):
        assert any(w.name.lower().startswith(f"{name}-") and f"-{cp}-{cp}-win_amd64" in w.name for w in wheels(release))


def dry_run(release: Path, python: str, target: str, tmp_path: Path) -> dict[str, str]:
    """What pip would install of ``target`` from the wheelhouse alone for 64-bit Windows' ``python``:
    name -> the wheel's URL."""
    cp = "cp" + python.replace(".", "")
    report = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-m", "pip", "--isolated", "install", "--dry-run", "--ignore-installed",
                           "--no-index", "--find-links", str(release / "wheelhouse"), "--platform", "win_amd64",
                           "--python-version", python, "--implementation", "cp", "--abi", cp,
                           "--only-binary=:all:", "--report", str(report), target], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return {canonicalize_name(i["metadata"]["name"]): i["download_info"]["url"]
            for i in json.loads(report.read_text())["install"]}


@pytest.mark.parametrize("python", PYTHONS)
def test_spp_xl_with_pdf_resolves_from_the_wheelhouse_alone_and_pulls_no_pyarrow(release, python, tmp_path):
    cp = "cp" + python.replace(".", "")
    installed = dry_run(release, python, INSTALLED, tmp_path)
    assert {"spp-xl", "xlwings", "xlsxwriter", "openpyxl", "python-calamine", "pyopenvba"} | PDF <= set(installed)
    assert "pyarrow" not in installed and "pandas" not in installed and "numpy" not in installed
    for name in ("xlwings", "pikepdf", "pillow", "lxml"):
        assert installed[name].endswith(f"-{cp}-{cp}-win_amd64.whl"), installed[name]
    assert not [w for w in wheels(release) if "pyarrow" in w.name or "pandas" in w.name]
    # spp_xl alone still resolves there, and pulls in neither pikepdf nor pyarrow
    plain = dry_run(release, python, "spp_xl", tmp_path)
    assert {"spp-xl", "xlwings", "xlsxwriter"} <= set(plain) and not {"pikepdf", "pillow", "lxml", "pyarrow"} & set(plain)


def test_the_wheelhouse_holds_spp_xls_own_wheel_of_this_version(release):
    from spp_xl import __version__

    assert (release / "wheelhouse" / f"spp_xl-{__version__}-py3-none-any.whl").exists()


def test_the_pythons_served_are_those_the_package_declares():
    from importlib.metadata import metadata

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import release as script
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    declared = sorted(c.rsplit(" ", 1)[1] for c in metadata("spp_xl").get_all("Classifier")
                      if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c))
    assert tuple(declared) == script.PYTHONS == PYTHONS
    assert metadata("spp_xl")["Requires-Python"] == f">={PYTHONS[0]}"


def test_the_workbooks_are_the_bundled_ones(release):
    for name in ("SPP_Performance.xlsm", "SPP_Performance_Lite.xlsx"):
        assert (release / name).read_bytes() == (ROOT / "workbook" / name).read_bytes()
    assert sorted(p.name for p in release.iterdir()) == ["README.txt", "SPP_Performance.xlsm",
                                                          "SPP_Performance_Lite.xlsx", "install.cmd", "wheelhouse",
                                                          "windows-guide.md"]


def test_the_guide_readme_points_at_is_in_the_folder(release):
    # README.txt sent the laptop's user to "docs/windows.md in spp_xl's repository", which the
    # folder they were given does not hold and a laptop with no internet cannot open.
    readme = (release / "README.txt").read_text(encoding="ascii")
    assert "windows-guide.md beside this file" in readme and "repository" not in readme
    guide = (release / "windows-guide.md").read_bytes()
    assert guide.startswith(b"\xef\xbb\xbf") and b"\n" not in guide.replace(b"\r\n", b"")  # Notepad's UTF-8, CRLF
    assert guide[3:].decode("utf-8").replace("\r\n", "\n") == (ROOT / "docs" / "windows.md").read_text(encoding="utf-8")


def test_install_cmd_finds_python_installs_offline_then_sets_up_excel_and_runs_doctor(release):
    raw = (release / "install.cmd").read_bytes()
    assert raw.decode("ascii") and b"\n" not in raw.replace(b"\r\n", b"")  # ASCII, CRLF: what cmd.exe reads best
    lines = [line.strip() for line in raw.decode().split("\r\n")]
    assert lines[0] == "@echo off"
    code = [line for line in lines if line and not line.startswith("rem ")]
    # first the wheelhouse beside it (run from inside a zip, Explorer copies install.cmd alone to a
    # temporary folder, and pip said only "no matching distribution found for spp_xl"), before
    # anything is made
    assert 'if not exist "%HERE%wheelhouse\\" (' in code
    assert code.index('if not exist "%HERE%wheelhouse\\" (') < code.index('set "PYTHON="')
    assert any("extract all of it first" in line for line in code)
    # the py launcher for each Python served, newest first; then python on the PATH, checked alike
    assert 'for %%V in (3.13 3.12 3.11) do (' in code
    assert any(line.startswith('python -c "') and "(3, 11) <= sys.version_info[:2] <= (3, 13)" in line
               and "struct.calcsize('P') == 8" in line for line in code)
    assert 'set "VENV=%LOCALAPPDATA%\\spp_xl\\venv"' in code
    # an environment that works is kept (making it again copies python.exe and pythonw.exe over
    # themselves: venv's copyfile, which Windows refuses while Excel runs the custom functions'
    # pythonw.exe); one whose Python is gone is made anew; one the Microsoft Store's Python wrote
    # elsewhere (its AppData redirection) is said, not left to 'The system cannot find the path'
    steps = ['"%VENV%\\Scripts\\python.exe" -c "import sys" >nul 2>nul || %PYTHON% -m venv --clear "%VENV%" || '
             'goto failed',
             'if not exist "%VENV%\\Scripts\\python.exe" (',
             '"%VENV%\\Scripts\\python.exe" -m pip install --disable-pip-version-check --no-index --find-links '
             '"%HERE%wheelhouse" --upgrade "spp_xl[pdf]" || goto failed',
             '"%VENV%\\Scripts\\python.exe" -m spp_xl setup-excel',
             'set "TOLD=%ERRORLEVEL%"',
             '"%VENV%\\Scripts\\python.exe" -m spp_xl doctor "%HERE%SPP_Performance.xlsm"',
             'if not "%TOLD%"=="0" goto untold',
             "echo spp_xl is installed. Open SPP_Performance.xlsm and press Recalculate: README.txt says what comes next.",
             'set "CODE=0"',
             ":untold"]
    assert [code.index(step) for step in steps] == sorted(code.index(step) for step in steps)
    # setup-excel's refusal (another Python kept at the prompt, a user folder Excel's VBA cannot
    # read) exits 1, and the window then said "spp_xl is installed. Open SPP_Performance.xlsm and
    # press Recalculate" with exit 0, under setup-excel's own words that Excel would not start it
    untold = code[code.index(":untold"):code.index(":failed")]
    assert any("Excel was not told to start its Python" in line for line in untold)
    assert 'set "CODE=0"' not in untold and untold[-1] == "goto end"
    assert "echo Python 3.11, 3.12 or 3.13 ^(64-bit^) was not found on this laptop." in code
    # Double-clicked, it waits for a key. The command line is never expanded with %...% on a line
    # cmd.exe then parses: copied to "C:\\Users\\jo\\Community Safety & Partnerships\\", Explorer
    # runs it as cmd.exe /c ""C:\\...\\Community Safety & Partnerships\\install.cmd" ", whose "&"
    # falls outside the quotes: 'echo %cmdcmdline% | find ...' ran "Partnerships\\install.cmd" as a
    # second command, found nothing, and the window closed before doctor's words could be read.
    # Read with delayed expansion, the line is parsed before the value is put in.
    assert not [line for line in code if "%cmdcmdline%" in line.lower()]
    assert code[-5:] == ["setlocal EnableDelayedExpansion", 'set "LAUNCH=!cmdcmdline!"',
                         'if /i not "!LAUNCH:%~nx0=!"=="!LAUNCH!" pause', "endlocal", "exit /b %CODE%"]
    # and no line before that is read with delayed expansion on, where a "!" in a folder's name or
    # in Python's "!=" would vanish
    assert code.index("setlocal EnableDelayedExpansion") > max(k for k, line in enumerate(code) if "!=" in line)
    # %VENV% holds the user's name (which may hold "&"): echoed only inside quotes
    assert not [line for line in code if line.startswith("echo ") and re.search(r'(?<!")%VENV%', line)]
    # every parenthesis an echo prints inside a block is escaped, or cmd.exe would end the block there
    assert not [line for line in code if line.startswith("echo ") and re.search(r"(?<!\^)[()]", line)]


def test_readme_says_what_to_do_and_where_the_log_is(release):
    from spp_xl.files.failures import log_path

    text = (release / "README.txt").read_bytes().decode("ascii")
    assert "\r\n" in text
    log = str(log_path({"LOCALAPPDATA": "%LOCALAPPDATA%"}, "win32", Path("x"))).replace("/", "\\")
    assert log == "%LOCALAPPDATA%\\spp_xl\\logs\\spp_xl.log" and log in text
    for words in ("double-click", "install.cmd", "Unblock", "Trusted Location", "Recalculate",
                  "Python was not found", "What IT must allow", "64-bit", "3.11, 3.12 or 3.13"):
        assert words in text, words
