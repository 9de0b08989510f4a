"""spp-xl setup-excel: the line that tells Excel which Python runs the buttons, written into the
user's own xlwings.conf on any laptop the tests describe (Windows, a Mac; Linux has no Excel).

How xlwings reads that file: its VBA (xlwings.bas, GetConfigFromFile) opens it with ``Open ...
For Input`` and ``Input #``, so in Windows' ANSI code page, and expands ``%VARIABLES%`` in the
value (ExpandEnvironmentStrings); its Python (xlwings.utils.read_user_config) takes the first two
quoted values of a line and expands them too (os.path.expandvars).
"""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest

from spp_xl.cli import main
from spp_xl.excel import doctor, setup
from spp_xl.excel.machine import Machine


def windows(tmp_path, env=None, python=True) -> Machine:
    """A Windows laptop whose profile is in tmp_path, with the release's environment installed."""
    local = tmp_path / "AppData" / "Local"
    scripts = local / "spp_xl" / "venv" / "Scripts"
    scripts.mkdir(parents=True, exist_ok=True)
    for exe in ("python.exe", "pythonw.exe") if python else ():
        (scripts / exe).write_bytes(b"MZ")
    environ = {"LOCALAPPDATA": str(local), "USERPROFILE": str(tmp_path), **(env or {})}
    return Machine("win32", str(scripts / "python.exe"), (3, 12, 7), 64, str(tmp_path), str(scripts.parent), environ)


@pytest.fixture
def laptop(tmp_path, monkeypatch):
    m = windows(tmp_path)
    monkeypatch.setattr(Machine, "current", classmethod(lambda cls: m))
    return m


def conf(m: Machine) -> Path:
    return Path(m.home) / ".xlwings" / "xlwings.conf"


def answer(monkeypatch, text):
    def typed(prompt=""):
        print(prompt, end="")
        if text is None:
            raise EOFError  # no console to answer on
        return text

    monkeypatch.setattr(builtins, "input", typed)


def test_a_fresh_laptop_gets_the_line_with_its_profile_as_a_variable(laptop, capsys):
    assert main(["setup-excel"]) == 0
    line = '"INTERPRETER_WIN","%LOCALAPPDATA%/spp_xl/venv/Scripts/pythonw.exe"'
    assert conf(laptop).read_bytes() == line.encode() + b"\r\n"
    out = capsys.readouterr().out
    assert f"Wrote {line} in {conf(laptop)}: Excel will start {Path(laptop.executable).with_name('pythonw.exe')}" in out
    assert f'Next: "{laptop.executable}" -m spp_xl doctor' in out  # spp-xl is not on the laptop's PATH
    # what doctor then finds: the line, naming an interpreter that exists
    check = next(c for c in doctor.diagnose(None, laptop) if c.topic == "user settings")
    assert check.status == doctor.OK and "INTERPRETER_WIN=%LOCALAPPDATA%" in check.detail
    assert not [c for c in doctor.diagnose(None, laptop) if c.topic == "user settings" and c.status == doctor.PROBLEM]


def test_the_other_lines_of_the_file_are_kept_byte_for_byte(laptop):
    conf(laptop).parent.mkdir()
    conf(laptop).write_bytes(b'"SHOW CONSOLE","False"\r\n"LICENSE_KEY","noncommercial"')  # no final line end
    assert main(["setup-excel"]) == 0
    assert conf(laptop).read_bytes() == (b'"SHOW CONSOLE","False"\r\n"LICENSE_KEY","noncommercial"\r\n'
                                         b'"INTERPRETER_WIN","%LOCALAPPDATA%/spp_xl/venv/Scripts/pythonw.exe"\r\n')


def test_the_same_python_already_named_is_left_alone(laptop, capsys):
    conf(laptop).parent.mkdir()
    spelled_out = f'"Interpreter_Win","{Path(laptop.executable).with_name("pythonw.exe")}"\n'.encode()
    conf(laptop).write_bytes(spelled_out)  # the same interpreter, written out in full
    assert main(["setup-excel"]) == 0
    assert conf(laptop).read_bytes() == spelled_out
    assert "nothing to change" in capsys.readouterr().out


@pytest.mark.parametrize("typed, code", [("n", 1), ("", 1), (None, 1), ("y", 0), ("yes", 0)])
def test_another_python_is_replaced_only_when_the_user_says_so(laptop, capsys, monkeypatch, typed, code):
    conf(laptop).parent.mkdir()
    old = b'"SHOW CONSOLE","False"\r\n"INTERPRETER_WIN","C:\\Python39\\pythonw.exe"\r\n"USE UDF SERVER","False"\r\n'
    conf(laptop).write_bytes(old)
    answer(monkeypatch, typed)
    assert main(["setup-excel"]) == code
    out = capsys.readouterr().out
    assert "tells Excel to start another Python: C:\\Python39\\pythonw.exe" in out
    if code == 1:
        assert conf(laptop).read_bytes() == old
        assert "Kept" in out and f'Run "{laptop.executable}" -m spp_xl setup-excel --yes to name this Python instead.' in out
    else:
        assert conf(laptop).read_bytes() == old.replace(b"C:\\Python39\\pythonw.exe",
                                                        b"%LOCALAPPDATA%/spp_xl/venv/Scripts/pythonw.exe")
        assert "Replaced" in out


def test_yes_replaces_without_asking(laptop, capsys, monkeypatch):
    conf(laptop).parent.mkdir()
    conf(laptop).write_bytes(b'"INTERPRETER_WIN","C:\\Python39\\pythonw.exe"\n')
    answer(monkeypatch, "n")  # never asked
    assert main(["setup-excel", "--yes"]) == 0
    assert conf(laptop).read_bytes() == b'"INTERPRETER_WIN","%LOCALAPPDATA%/spp_xl/venv/Scripts/pythonw.exe"\n'
    assert "another Python" not in capsys.readouterr().out


def test_a_name_the_ansi_code_page_lacks_is_written_as_the_profiles_variable(tmp_path):
    m = Machine("win32", r"C:\Users\Zoë\AppData\Local\spp_xl\venv\Scripts\python.exe", (3, 12, 7), 64, str(tmp_path),
                "", {"LOCALAPPDATA": r"C:\Users\Zoë\AppData\Local", "USERPROFILE": r"C:\Users\Zoë"})
    setting = setup.plan(m, r"C:\Users\Zoë\AppData\Local\Programs\Python\Python312\pythonw.exe")
    assert setting.line == r'"INTERPRETER_WIN","%LOCALAPPDATA%\Programs\Python\Python312\pythonw.exe"'
    assert setting.interpreter == r"C:\Users\Zoë\AppData\Local\Programs\Python\Python312\pythonw.exe"
    assert setup.plan(m, r"C:\Users\Zoë\Python\pythonw.exe").value == r"%USERPROFILE%\Python\pythonw.exe"
    assert setup.plan(m, r"D:\Tools\Python\pythonw.exe").value == r"D:\Tools\Python\pythonw.exe"


def test_a_path_vba_cannot_read_is_refused_and_nothing_written(laptop, capsys):
    assert main(["setup-excel", "--interpreter", "D:\\Ελληνικά\\pythonw.exe"]) == 2
    assert not conf(laptop).exists()
    assert capsys.readouterr().err.startswith("spp-xl: the path D:\\Ελληνικά\\pythonw.exe has characters Excel's VBA "
                                              "cannot read from xlwings.conf")


def test_a_user_folder_vba_cannot_read_is_said_not_written_in_vain(tmp_path, monkeypatch, capsys):
    # Łukasz's profile, C:\Users\Łukasz: "Ł" is not in cp1252. xlwings' VBA finds the user's file as
    # Environ("USERPROFILE") & "\.xlwings\xlwings.conf" and opens it with GetAttr and Open, which
    # take ANSI paths: "C:\Users\?ukasz\..." is never found, so a line written there is never read,
    # and "Wrote ... Excel will start ..." would be a success that did nothing. The interpreter
    # itself is fine (%LOCALAPPDATA%\... is expanded by WScript.Shell, which is Unicode).
    m = windows(tmp_path / "Łukasz")
    monkeypatch.setattr(Machine, "current", classmethod(lambda cls: m))
    assert main(["setup-excel"]) == 2
    assert not conf(m).exists()
    err = capsys.readouterr().err
    assert err.startswith(f"spp-xl: your user folder {m.home} has characters Excel's VBA cannot read")
    # and says what works instead: the same line in an xlwings.conf beside the workbook
    venv = str(Path("%LOCALAPPDATA%", "spp_xl", "venv", "Scripts", "pythonw.exe"))  # the tests' laptop, this OS's slashes
    assert f'put the line "INTERPRETER_WIN","{venv}" in a file named xlwings.conf' in err
    assert "xlwings.conf in the workbook's folder" in err
    # doctor says the same, where it would have listed the file's settings as OK
    conf(m).parent.mkdir(parents=True)
    conf(m).write_text('"INTERPRETER_WIN","%LOCALAPPDATA%\\spp_xl\\venv\\Scripts\\pythonw.exe"\r\n')
    found = [c for c in doctor.diagnose(None, m) if c.topic == "user settings"]
    assert [c.status for c in found] == [doctor.PROBLEM]
    assert found[0].detail.startswith(f"your user folder {m.home} has characters Excel's VBA cannot read")


def test_a_mac_gets_interpreter_mac(tmp_path, monkeypatch):
    m = Machine("darwin", "/Users/ann/spp_xl/bin/python3", (3, 12, 7), 64, str(tmp_path), "", {})
    monkeypatch.setattr(Machine, "current", classmethod(lambda cls: m))
    assert main(["setup-excel"]) == 0
    assert conf(m).read_bytes() == b'"INTERPRETER_MAC","/Users/ann/spp_xl/bin/python3"\r\n'


def test_linux_has_no_excel_to_set_up(tmp_path, monkeypatch, capsys):
    m = Machine("linux", "/usr/bin/python3", (3, 12, 7), 64, str(tmp_path), "", {})
    monkeypatch.setattr(Machine, "current", classmethod(lambda cls: m))
    assert main(["setup-excel"]) == 2
    assert "there is no Excel to tell where Python is" in capsys.readouterr().err
    assert not conf(m).exists()


def test_on_this_machine_the_command_runs_as_installed(tmp_path):
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "spp_xl", "setup-excel"], capture_output=True, text=True,
                          env={**os.environ, "HOME": str(tmp_path)})
    expected = 2 if sys.platform.startswith("linux") else 0
    assert done.returncode == expected, done.stderr


def test_doctor_reads_xlwings_conf_in_the_code_page_excel_writes_it_in(tmp_path):
    # setup-excel --interpreter "D:\Données\Python\pythonw.exe" writes the line in cp1252 (é is
    # byte E9), as xlwings' VBA reads and writes the file (Input #, Print #). Read as UTF-8, that
    # byte became U+FFFD: doctor said "INTERPRETER_WIN points to ...Donn\ufffdes..., which does not
    # exist" of a Python that does.
    m = windows(tmp_path)
    python = tmp_path / "Données" / "Python" / "pythonw.exe"
    python.parent.mkdir(parents=True)
    python.write_bytes(b"MZ")
    setup.write(setup.plan(m, str(python)))
    assert b"Donn\xe9es" in conf(m).read_bytes()
    found = [c for c in doctor.diagnose(None, m) if c.topic == "user settings"]
    assert [c.status for c in found] == [doctor.OK] and "Données" in found[0].detail


def test_doctor_asks_for_the_line_setup_excel_writes(tmp_path):
    # doctor's fix quoted the expanded path (C:\Users\Zoë\AppData\Local\...\pythonw.exe) where
    # setup-excel writes %LOCALAPPDATA%\...: the same line, from one place
    m = windows(tmp_path)
    found = [c for c in doctor.diagnose(None, m) if c.topic == "user settings"]
    assert [c.status for c in found] == [doctor.PROBLEM]
    assert f"writes the line {setup.plan(m).line} into" in found[0].fix
    assert "%LOCALAPPDATA%" in setup.plan(m).line


def test_the_commands_doctor_and_setup_excel_give_run_where_spp_xl_is_not_on_the_path(tmp_path, monkeypatch, capsys):
    # install.cmd installs spp_xl into %LOCALAPPDATA%\spp_xl\venv, which is not on the PATH: a
    # fix printed as "spp-xl setup-excel --yes", to copy and paste, answered "'spp-xl' is not
    # recognized as an internal or external command". Where spp-xl is not on the PATH, the
    # command names this Python, quoted for a Command Prompt, as docs/windows.md does.
    m = windows(tmp_path)  # no PATH at all
    whole = f'"{m.executable}" -m spp_xl setup-excel --yes'
    conf(m).parent.mkdir(parents=True)
    conf(m).write_text('"INTERPRETER_WIN","C:\\\\Python39\\\\pythonw.exe"\n')
    found = [c for c in doctor.diagnose(None, m) if c.topic == "user settings" and c.status == doctor.PROBLEM]
    assert [c.command for c in found] == [whole]
    monkeypatch.setattr(Machine, "current", classmethod(lambda cls: m))
    answer(monkeypatch, "n")
    assert main(["setup-excel"]) == 1
    assert f"Run {whole} to name this Python instead." in capsys.readouterr().out
    # where spp-xl on the PATH is this environment's, the short form stands
    scripts = Path(m.executable).parent
    (scripts / "spp-xl.exe").write_bytes(b"MZ")
    (scripts / "spp-xl.exe").chmod(0o755)
    on_path = Machine(m.platform, m.executable, m.version, m.bits, m.home, m.package_path,
                      {**m.env, "PATH": str(scripts)})
    assert [c.command for c in doctor.diagnose(None, on_path)
            if c.topic == "user settings" and c.status == doctor.PROBLEM] == ["spp-xl setup-excel --yes"]
    # the workbook's rebuild, the same
    from spp_xl.excel import doctor_workbook
    book = tmp_path / "book.xlsm"
    assert doctor_workbook.rebuild_command(book, m).startswith(f'"{m.executable}" -m spp_xl build-workbook {book} -o ')
    assert doctor_workbook.rebuild_command(book, on_path).startswith(f"spp-xl build-workbook {book} -o ")
