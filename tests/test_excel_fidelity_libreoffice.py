"""LibreOffice in the loop for the VBA project: it imports every module we write, and a copy
it saves (its VBA rewritten, the custom functions' values lost) is still read as it was,
recognised by ``spp-xl doctor``, and made a working workbook again by the one command
doctor prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import olefile
import pytest
from test_excel_vba import read_back

from spp_xl.cli import main
from spp_xl.files.libreoffice import convert
from spp_xl.workbook.build import build_workbook
from spp_xl.workbook.reader import read_workbook

pytestmark = pytest.mark.usefixtures("needs_libreoffice")
SAVE_AS_XLSM = "xlsm:Calc MS Excel 2007 VBA XML"  # LibreOffice's own filter for a macro-enabled workbook


@pytest.fixture(scope="module")
def built(tmp_path_factory, bundled, project) -> Path:
    return build_workbook(bundled, tmp_path_factory.mktemp("lo_vba") / "SPP_Performance.xlsm", vba=project)


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory, built) -> Path:
    """The workbook opened in LibreOffice and saved again as .xlsm, as a member of staff might."""
    return convert(built, SAVE_AS_XLSM, tmp_path_factory.mktemp("lo_saved"), recalculate=False)


def without_descriptions(code: str) -> str:
    """LibreOffice keeps every line of a module but the VB_Description attributes, and ends it
    with an empty line."""
    lines = [line for line in code.replace("\r\n", "\n").split("\n") if ".VB_Description = " not in line]
    return "\n".join(lines).rstrip("\n")


def as_basic_class(code: str) -> str:
    """LibreOffice makes a class module one of its Basic's: its VB_Name line, ``Option
    ClassModule`` in place of every other attribute, and the code."""
    lines = code.replace("\r\n", "\n").split("\n")
    return "\n".join([lines[0], "Option ClassModule"] + [line for line in lines[1:] if not line.startswith("Attribute ")])


def test_libreoffice_imports_every_module_we_write(built, saved_by_libreoffice):
    from spp_xl.excel.vba import vba_classes

    ours, back = read_back(built), read_back(saved_by_libreoffice)
    assert len(ours) == 26 and set(back) == set(ours)  # 3 of ours, Dictionary, ThisWorkbook and 21 sheets' modules
    for name, code in ours.items():
        expected = as_basic_class(code) if name in vba_classes() else code
        assert without_descriptions(back[name]) == without_descriptions(expected), name
    assert any(".VB_Description = " in code for code in ours.values())


def test_libreoffice_writes_the_same_version_stream_as_we_do(built, saved_by_libreoffice):
    import zipfile

    def version(path):
        with zipfile.ZipFile(path) as package:
            return olefile.OleFileIO(package.read("xl/vbaProject.bin")).openstream("VBA/_VBA_PROJECT").read()

    assert version(saved_by_libreoffice) == version(built) == bytes.fromhex("CC61FFFF000000")


def test_the_reader_reads_the_copy_as_it_read_the_original(built, saved_by_libreoffice):
    def typed(path):
        inputs = read_workbook(path)
        figures = sorted((o.measure, o.year.label, o.period, o.value, o.raw, o.where.rsplit(": ", 1)[-1])
                         for o in inputs.dataset.observations)
        return (list(inputs.register), inputs.register.year, figures, inputs.commentary, inputs.recommendations,
                inputs.family_group, inputs.meeting_date)

    original, copy = typed(built), typed(saved_by_libreoffice)
    assert copy == original and len(original[2]) == 114


def test_doctor_gives_the_one_command_that_makes_it_work_again(built, saved_by_libreoffice, capsys):
    assert main(["doctor", str(saved_by_libreoffice)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"PROBLEM +saved by LibreOffice: SPP_Performance\.xlsm was last saved by LibreOffice \d", out)
    commands = {line.strip() for line in out.splitlines() if line.strip().startswith("spp-xl build-workbook ")}
    rebuilt = saved_by_libreoffice.with_name("SPP_Performance (rebuilt).xlsm")
    assert commands == {f'spp-xl build-workbook {saved_by_libreoffice} -o "{rebuilt}"'}

    words = shlex.split(commands.pop())
    assert main(words[1:]) == 0
    # Everything typed into the copy is carried across, and the VBA and the custom functions'
    # values are as built: the very bytes of the workbook before LibreOffice saved it.
    assert rebuilt.read_bytes() == built.read_bytes()
    capsys.readouterr()
    assert main(["doctor", str(rebuilt)]) == 0
    assert "LibreOffice" not in capsys.readouterr().out
