"""Every example spp_xl prints in ``--help`` and every one in ``docs/*.md`` runs as printed.

The examples are read from where a reader meets them: the ``examples:`` section of each
command's ``--help`` (as argparse prints it), and the fenced code blocks of the docs. Each
source's examples run one after another, in the order printed, in a folder holding the files
they name (the bundled workbook, a tidy CSV, new targets, police.uk files...), as a user would
run them: one that writes what another already wrote, or reads what does not exist, fails.

- ``spp-xl ...`` lines (in ``sh`` blocks and ``--help``) run through the command line, and
  must exit 0; ``python -m spp_xl...`` lines likewise.
- ``python`` blocks run as a script in that folder.
- ``bat`` and ``powershell`` blocks are Windows' own (cmd.exe, PowerShell): what they ask of
  spp_xl (``spp-xl ...``, ``python.exe -m spp_xl ...``) is parsed by spp_xl's own argument
  parser, which must accept it; the rest cannot run here and is listed in ``WINDOWS_ONLY``.
- ``make`` lines must name a target of the Makefile (they run in CI, not here).
- A block with no language is text (a file listing, a CSV, what a command prints): it must
  hold no command, or the command would go untested.
"""

from __future__ import annotations

import io
import re
import shlex
import shutil
import sys
import textwrap
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from spp_xl.cli import COMMANDS, build_parser, main
from spp_xl.excel.machine import Machine

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
COMMAND = re.compile(r"^(spp-xl|python -m spp_xl|make)\b")
# What Windows' blocks ask that is no spp_xl command: the shell's own, and Python's launcher.
WINDOWS_ONLY = {
    "py --list", "python --version", 'cd /d "%USERPROFILE%\\spp_xl_release"', "install.cmd",
    'Set-Location "$env:USERPROFILE\\spp_xl_release"', ".\\install.cmd", "Unblock-File .\\SPP_Performance.xlsm",
}


@dataclass(frozen=True)
class Example:
    where: str    # file:line, or "spp-xl CMD --help"
    kind: str     # "sh", "python", "windows", "make"
    text: str


def joined(lines: list[str], mark: str) -> list[str]:
    """Lines with their continuations (a line ending in ``mark``) joined into one."""
    out, pending = [], ""
    for line in lines:
        if line.rstrip().endswith(mark):
            pending += line.rstrip()[:-1] + " "
        else:
            out.append(pending + line.strip() if pending else line.strip())
            pending = ""
    return [line for line in out if line.strip()]


def stripped(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines]


def help_examples() -> dict[str, list[Example]]:
    parser = build_parser()
    found = {}
    for name, _, _ in COMMANDS:
        text = next(a for a in parser._subparsers._group_actions[0].choices.items() if a[0] == name)[1].format_help()
        if "\nexamples:\n" not in text:
            continue
        lines = joined(text.split("\nexamples:\n", 1)[1].splitlines(), "\\")
        found[f"spp-xl {name} --help"] = [Example(f"spp-xl {name} --help", "sh", line) for line in lines]
    return found


def doc_examples(path: Path) -> tuple[list[Example], list[str]]:
    """The examples of a doc, and the commands it prints where none would run."""
    examples, untested, block, language, start = [], [], None, "", 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fence = line.strip().startswith("```")  # a fence may be indented, in a list item
        if fence and block is None:
            block, language, start = [], line.strip()[3:].strip(), number
        elif fence:
            where = f"{path.name}:{start}"
            if language == "python":
                examples.append(Example(where, "python", textwrap.dedent("\n".join(block))))
            elif language in ("bat", "powershell"):
                mark = "^" if language == "bat" else "`"
                examples += [Example(where, "windows", text) for text in joined(stripped(block), mark)]
            elif language == "sh":
                for text in joined(stripped(block), "\\"):
                    examples.append(Example(where, "make" if text.startswith("make ") else "sh", text))
            else:
                untested += [f"{where}: {text}" for text in stripped(block) if COMMAND.match(text)]
            block = None
        elif block is not None:
            block.append(line.rstrip())  # a Python block keeps its indentation
        elif COMMAND.match(line.strip()) and line.startswith("    "):
            untested.append(f"{path.name}:{number}: {line.strip()}")  # an indented block: not read here
    return examples, untested


# ------------------------------------------------------------------ the folder the examples run in


@pytest.fixture(scope="session")
def scene(tmp_path_factory) -> Path:
    """The files the examples name."""
    from test_police import APRIL, LSOA, MAY, N11_SECOND, NEIGHBOURHOODS, write_areas, write_street

    from spp_xl import load_register

    root = tmp_path_factory.mktemp("scene")
    book = ROOT / "workbook" / "SPP_Performance.xlsm"
    (root / "workbook").mkdir()
    for target in ("workbook/SPP_Performance.xlsm", "SPP_Performance.xlsm", "old.xlsm"):
        shutil.copy(book, root / target)
    shutil.copy(ROOT / "data" / "spp_2015-16.csv", root / "figures.csv")
    # new targets for every measure but asb, whose new target the examples give on the command line
    targets = [(m.id, m.annual_target) for m in load_register() if m.annual_target is not None and m.id != "asb"]
    (root / "targets_2016-17.csv").write_text("measure,annual_target\n" + "".join(f"{i},{t}\n" for i, t in targets))
    for month, crimes in (("2015-04", APRIL), ("2015-05", MAY)):
        write_street(root / "downloads", month, crimes)
    # police.uk's download as it comes: the month folders zipped
    with zipfile.ZipFile(root / "download.zip", "w") as download:
        for street in sorted((root / "downloads").rglob("*-street.csv")):
            download.write(street, street.relative_to(root / "downloads").as_posix())
    write_areas(root / "areas.csv")
    # docs/measures.md's making the satisfaction rate live: the bundled register with its level
    # uncommented and its status changed (step 1), its counts typed into the CSV (step 2)
    register = (ROOT / "templates" / "measures.toml").read_text(encoding="utf-8")
    start = register.index('id = "asb_victim_satisfaction"')
    end = register.index("[[measure]]", start)
    live = re.sub(r"^# annual_target = \.\.\..*$", "annual_target = 85", register[start:end], count=1, flags=re.M)
    live = live.replace('status = "developing"', 'status = "active"')
    (root / "measures.toml").write_text(register[:start] + live + register[end:], encoding="utf-8")
    with (root / "figures.csv").open("a", encoding="utf-8") as figures:
        for year, period, satisfied, surveyed in (("2014/15", "Q1", 38, 48), ("2015/16", "Q1", 45, 50)):
            figures.write(f"asb_victim_satisfaction.numerator,{year},{period},{satisfied}\n"
                          f"asb_victim_satisfaction.denominator,{year},{period},{surveyed}\n")
    # ONS's LSOA 2011 to 2021 lookup, every code unchanged
    (root / "lsoa_lookup.csv").write_text("LSOA11CD,LSOA21CD,CHGIND\n"
                                          + "".join(f"{LSOA[n]},{LSOA[n]},U\n" for n in NEIGHBOURHOODS))
    (root / "family.csv").write_text("area,lsoa_code,population\n"
                                     + "".join(f"Plymouth,{code},1000\n" for code in [*LSOA.values(), N11_SECOND]))
    return root


@pytest.fixture
def folder(scene, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the scene, as the working folder."""
    here = tmp_path / "here"
    shutil.copytree(scene, here)
    monkeypatch.chdir(here)
    return here


def windows_laptop(folder: Path) -> Machine:
    """The laptop setup-excel describes: Windows, with the release's environment installed."""
    scripts = folder / "AppData" / "Local" / "spp_xl" / "venv" / "Scripts"
    scripts.mkdir(parents=True, exist_ok=True)
    for exe in ("python.exe", "pythonw.exe"):
        (scripts / exe).write_bytes(b"MZ")
    return Machine("win32", str(scripts / "python.exe"), (3, 12, 7), 64, str(folder / "home"), "",
                   {"LOCALAPPDATA": str(folder / "AppData" / "Local"), "USERPROFILE": str(folder / "home")})


def run(example: Example, folder: Path, monkeypatch) -> None:
    if example.kind == "python":
        out = io.StringIO()
        with redirect_stdout(out):
            exec(compile(example.text, example.where, "exec"), {"__name__": "__example__"})
        return
    words = shlex.split(example.text, comments=True)
    if words[:3] == ["python", "-m", "spp_xl.lite"]:
        from spp_xl.lite.__main__ import main as lite_main

        code, args = None, words[3:]
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as err:
            code = lite_main(args)
        assert code == 0, f"{example.where}: {example.text}: exit {code}: {err.getvalue()}"
        return
    assert words[0] == "spp-xl", f"{example.where}: not a command spp_xl runs: {example.text}"
    if words[1] == "setup-excel":
        laptop = windows_laptop(folder)
        monkeypatch.setattr(Machine, "current", classmethod(lambda cls: laptop))
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(words[1:])
    assert code == 0, f"{example.where}: {example.text}: exit {code}\n{out.getvalue()[-1500:]}{err.getvalue()[-1500:]}"


# ------------------------------------------------------------------ the tests


HELP = help_examples()


def test_every_command_shows_examples_in_its_help():
    assert sorted(HELP) == sorted(f"spp-xl {name} --help" for name, _, _ in COMMANDS)
    assert all(len(examples) >= 1 for examples in HELP.values())
    # the continuation stays at a line's end: what a shell needs (no stray backslash mid-line)
    parser = build_parser()
    for name, _, _ in COMMANDS:
        text = parser._subparsers._group_actions[0].choices[name].format_help()
        assert not re.search(r"\\ \S", text), f"spp-xl {name} --help: a backslash in the middle of a line"


@pytest.mark.parametrize("source", sorted(HELP))
def test_each_help_example_runs_as_printed(source, folder, monkeypatch):
    for example in HELP[source]:
        run(example, folder, monkeypatch)


DOC_EXAMPLES = {path.name: doc_examples(path)[0] for path in DOCS}


def test_no_command_in_the_docs_goes_untested():
    # A command in a text block, or in an indented block, would not be run: each is in a
    # fenced block of its language (sh, python, bat, powershell).
    assert [line for path in DOCS for line in doc_examples(path)[1]] == []


@pytest.mark.parametrize("doc", sorted(name for name, found in DOC_EXAMPLES.items()
                                       if any(e.kind in ("sh", "python") for e in found)))
def test_each_docs_example_runs_as_printed(doc, folder, monkeypatch):
    for example in DOC_EXAMPLES[doc]:
        if example.kind in ("sh", "python"):
            run(example, folder, monkeypatch)


def test_what_windows_blocks_ask_of_spp_xl_is_what_it_accepts():
    parser, asked, other = build_parser(), [], set()
    for doc, examples in DOC_EXAMPLES.items():
        for example in (e for e in examples if e.kind == "windows"):
            found = re.search(r"(?:\bspp-xl(?:\.exe)?|python(?:\.exe)?\"? -m spp_xl)\s+(.*)$", example.text)
            if not found:
                other.add(example.text)
                continue
            argv = shlex.split(found.group(1), posix=False)
            asked.append(argv)
            try:
                parser.parse_args(argv)
            except SystemExit:
                pytest.fail(f"{doc}: {example.text}: spp-xl does not accept {argv}")
    assert ["doctor", "SPP_Performance.xlsm"] in asked and ["doctor", ".\\SPP_Performance.xlsm"] in asked
    assert other == WINDOWS_ONLY


def test_make_targets_the_docs_name_exist():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    named = [e.text.split()[1] for examples in DOC_EXAMPLES.values() for e in examples if e.kind == "make"]
    assert set(named) <= targets


def test_the_docs_hold_examples_of_every_kind():
    kinds = {e.kind for examples in DOC_EXAMPLES.values() for e in examples}
    assert {"sh", "python", "windows"} <= kinds
    assert sum(e.kind == "sh" for examples in DOC_EXAMPLES.values() for e in examples) >= 10
    assert sys.version_info >= (3, 11)


def test_the_docs_name_no_tool_outside_the_repository():
    # A reader of a clone has the repository alone: a tool named as ../something is not there.
    for path in [*DOCS, ROOT / "README.md", ROOT / "tests" / "golden" / "regenerate.py"]:
        assert not re.search(r"`\.\./|\(\.\./", path.read_text(encoding="utf-8")), path.name
    assert (ROOT / "scripts" / "render.py").exists()
