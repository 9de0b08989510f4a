"""The one guard of the commands that build a new workbook (build-workbook, new-year,
add-measure): the output is an .xlsm, and never the workbook being read."""

import os

import pytest

from spp_xl.cli import main
from spp_xl.commands import new_workbook_output
from spp_xl.core.errors import InputError


@pytest.mark.parametrize("output", ["new.xlsm", "NEW.XLSM", "sub/dir/new.Xlsm"])
def test_an_xlsm_apart_from_the_source_is_accepted(tmp_path, output):
    assert new_workbook_output(str(tmp_path / output), str(tmp_path / "old.xlsm")) == tmp_path / output
    assert new_workbook_output(str(tmp_path / output), None) == tmp_path / output


@pytest.mark.parametrize("output", ["new.xlsx", "new.xls", "new.csv", "new", "new.xlsm.bak"])
def test_another_suffix_is_refused(tmp_path, output):
    with pytest.raises(InputError) as err:
        new_workbook_output(str(tmp_path / output), None)
    assert str(err.value) == f"{tmp_path / output}: must end in .xlsm: the workbook carries macros"


def test_the_source_under_another_spelling_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "book.xlsm").write_bytes(b"")
    os.symlink(tmp_path / "book.xlsm", tmp_path / "link.xlsm")
    for output in ("./book.xlsm", str(tmp_path / "book.xlsm"), "sub/../book.xlsm", "link.xlsm"):
        with pytest.raises(InputError, match="is the workbook being read"):
            new_workbook_output(output, "book.xlsm")
    with pytest.raises(InputError, match=r"^book.xlsm: is the source being read: write the rebuilt workbook to "
                                         r"another file$"):
        new_workbook_output("book.xlsm", "book.xlsm", role="the source being read", product="the rebuilt workbook")
    (tmp_path / "targets.xlsm").write_text("measure,annual_target\n")
    with pytest.raises(InputError, match=r"^link.xlsm: is the targets file being read \(targets.xlsm, by another "
                                         r"name\): write the new workbook to another file$"):
        os.link(tmp_path / "targets.xlsm", tmp_path / "hard.xlsm")
        os.unlink(tmp_path / "link.xlsm")
        os.symlink(tmp_path / "hard.xlsm", tmp_path / "link.xlsm")
        new_workbook_output("link.xlsm", "book.xlsm", [("the targets file being read", "targets.xlsm")])


@pytest.mark.parametrize("argv", [
    ["build-workbook", "-o", "{out}"],
    ["new-year", "{src}", "--keep-targets", "-o", "{out}"],
    ["add-measure", "{src}", "--id", "x", "--title", "X", "--direction", "monitor", "--frequency", "monthly",
     "-o", "{out}"],
])
def test_each_command_refuses_an_output_that_is_no_xlsm(tmp_path, capsys, argv):
    out = tmp_path / "new.xlsx"
    code = main([a.format(out=out, src=tmp_path / "old.xlsm") for a in argv])
    assert code == 2
    assert capsys.readouterr().err == f"spp-xl: {out}: must end in .xlsm: the workbook carries macros\n"
    assert not out.exists()
