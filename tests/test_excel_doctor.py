"""spp-xl doctor: what it finds on a laptop set up well and badly, and with a workbook."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from pyopenvba import ExcelFile
from pyopenvba.cfb import CFB

from spp_xl.cli import main
from spp_xl.excel import doctor, doctor_workbook, vba
from spp_xl.sources import load_inputs
from spp_xl.excel import build_workbook

VERSION = vba.xlwings_version()


def machine(tmp_path, platform="win32", executable=None, dll=True, version=(3, 11, 7), package=None, bits=64):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    venv = tmp_path / "venv"
    (venv / "Scripts").mkdir(parents=True, exist_ok=True)
    exe = executable or str(venv / "Scripts" / "pythonw.exe")
    if executable is None:
        (venv / "Scripts" / "pythonw.exe").write_bytes(b"MZ")
    if dll:  # pip puts both beside a virtualenv's Scripts folder (xlwings' wheel carries both)
        for dll_bits in (32, 64):
            (venv / doctor.dll_name(VERSION, dll_bits)).write_bytes(b"MZ")
    return doctor.Machine(platform, exe, version, bits, str(home), package or str(venv / "Lib" / "spp_xl"))


def by_topic(checks):
    return {c.topic: c for c in checks}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return build_workbook(load_inputs(), tmp_path_factory.mktemp("doctor") / "SPP_Performance.xlsm")


def test_a_linux_machine_says_what_it_cannot_check(tmp_path):
    checks = by_topic(doctor.diagnose(None, machine(tmp_path, platform="linux", executable="/usr/bin/python3")))
    assert checks["Python"].status == doctor.OK
    for topic in ("Excel", "xlwings DLL", "pywin32", "Microsoft Store Python", "workbook"):
        assert checks[topic].status == doctor.NOT_CHECKED, topic
    assert "no Excel on this linux machine" in checks["Excel"].detail


def test_a_virtualenv_dll_is_found_one_folder_up(tmp_path):
    checks = by_topic(doctor.diagnose(None, machine(tmp_path)))
    assert checks["xlwings DLL"].status == doctor.OK
    assert f"xlwings64-{VERSION}.dll and xlwings32-{VERSION}.dll" in checks["xlwings DLL"].detail


def test_a_missing_32_bit_dll_is_a_problem_for_32_bit_office_whatever_pythons_bitness(tmp_path):
    m = machine(tmp_path)
    (tmp_path / "venv" / doctor.dll_name(VERSION, 32)).unlink()
    check = by_topic(doctor.diagnose(None, m))["xlwings DLL"]
    assert check.status == doctor.PROBLEM
    assert check.detail.startswith(f"xlwings32-{VERSION}.dll not beside ") and "32-bit Office cannot" in check.detail


def test_office_bitness_is_never_asked_of_python(tmp_path):
    # Excel loads the DLL of its own bitness and starts Python as its own process: nothing tells a
    # 32-bit Office user to find a 32-bit Python (which could not install pyarrow, nor the release).
    for bits in (32, 64):
        checks = doctor.diagnose(None, machine(tmp_path, bits=bits))
        said = " ".join(f"{c.detail} {c.fix}" for c in checks).replace(str(tmp_path), "")
        assert "bitness" not in said and "Office needs" not in said
        assert by_topic(checks)["Python"].status == doctor.OK


def test_pyarrow_is_only_a_note_saying_which_command_needs_it(tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a))
    check = by_topic(doctor.diagnose(None, machine(tmp_path)))["police.uk reading"]
    assert check.status == doctor.NOTE and "only 'spp-xl police' needs it" in check.detail
    assert check.fix.startswith('pip install "spp_xl[police]"')
    check32 = by_topic(doctor.diagnose(None, machine(tmp_path, bits=32)))["police.uk reading"]
    assert check32.status == doctor.NOTE and "no 32-bit Windows build" in check32.detail
    monkeypatch.undo()
    assert by_topic(doctor.diagnose(None, machine(tmp_path)))["police.uk reading"].status == doctor.OK


def test_a_dll_of_another_version_is_named_with_the_fix(tmp_path):
    m = machine(tmp_path, dll=False)
    for bits in (32, 64):
        (tmp_path / "venv" / f"xlwings{bits}-0.30.0.dll").write_bytes(b"MZ")
    check = by_topic(doctor.diagnose(None, m))["xlwings DLL"]
    assert check.status == doctor.PROBLEM
    assert "xlwings32-0.30.0.dll, xlwings64-0.30.0.dll: another version" in check.detail
    assert check.fix == f"pip install --force-reinstall xlwings=={VERSION} with this Python"


def test_store_python_and_onedrive_are_problems(tmp_path):
    store = r"C:\Users\ann\AppData\Local\Microsoft\WindowsApps\python.exe"
    checks = by_topic(doctor.diagnose(None, machine(tmp_path, executable=store)))
    assert checks["Microsoft Store Python"].status == doctor.PROBLEM
    assert "Could not activate Python COM server" in checks["Microsoft Store Python"].detail
    synced = machine(tmp_path, package=r"C:\Users\ann\OneDrive - Plymouth City Council\spp\spp_xl")
    check = by_topic(doctor.diagnose(None, synced))["OneDrive/SharePoint"]
    assert check.status == doctor.PROBLEM and "ModuleNotFoundError" in check.detail


def test_a_virtual_environment_made_from_store_python_is_named_too(tmp_path):
    import dataclasses

    store = r"C:\Program Files\WindowsApps\PythonSoftwareFoundation.Python.3.12_3.12.2032.0_x64__qbz5n2kfra8p0\python.exe"
    m = dataclasses.replace(machine(tmp_path), base_executable=store)
    check = by_topic(doctor.diagnose(None, m))["Microsoft Store Python"]
    assert check.status == doctor.PROBLEM
    assert check.detail.startswith(f"the virtual environment's base, {store} is the Microsoft Store's Python")
    assert "run install.cmd from the release folder again" in check.fix
    assert by_topic(doctor.diagnose(None, machine(tmp_path)))["Microsoft Store Python"].status == doctor.OK


def test_an_old_python_is_a_problem(tmp_path):
    check = by_topic(doctor.diagnose(None, machine(tmp_path, version=(3, 10, 12))))["Python"]
    assert check.status == doctor.PROBLEM and "3.11 or newer" in check.fix


def test_the_built_workbook_is_in_order(workbook, tmp_path):
    checks = by_topic(doctor.diagnose(workbook, machine(tmp_path, platform="linux", executable="/usr/bin/python3")))
    for topic in ("workbook xlwings runtime", "custom functions", "buttons", "xlwings.conf: UDF Modules"):
        assert checks[topic].status == doctor.OK, (topic, checks[topic])
    assert f"xlwings {VERSION}" in checks["workbook xlwings runtime"].detail


def test_the_built_workbook_leaves_the_interpreter_to_each_laptop(workbook, tmp_path):
    checks = by_topic(doctor.diagnose(workbook, machine(tmp_path)))
    assert checks["xlwings.conf: Interpreter_Win"].status == doctor.OK
    assert "not set on the sheet" in checks["xlwings.conf: Interpreter_Win"].detail


def test_a_blank_interpreter_row_hides_the_per_laptop_setting(tmp_path):
    import xlsxwriter

    # a workbook whose xlwings.conf sheet someone gave an empty Interpreter_Win row
    workbook = tmp_path / "edited.xlsx"
    book = xlsxwriter.Workbook(str(workbook))
    conf = book.add_worksheet("xlwings.conf")
    conf.write_string(0, 0, "Interpreter_Win")
    conf.write_string(1, 0, "UDF Modules")
    conf.write_string(1, 1, "spp_xl.excel.udfs")
    book.close()
    m = machine(tmp_path)
    config = tmp_path / "home" / ".xlwings"
    config.mkdir()
    (config / "xlwings.conf").write_text(f'"INTERPRETER_WIN","{m.executable}"\n')
    checks = by_topic(doctor.diagnose(workbook, m))
    check = checks["xlwings.conf: Interpreter_Win"]
    assert check.status == doctor.PROBLEM
    assert "ignores Interpreter_Win" in check.detail and "delete that row" in check.fix
    assert checks["user settings"].status == doctor.OK


def test_a_user_setting_pointing_nowhere(tmp_path):
    m = machine(tmp_path)
    config = tmp_path / "home" / ".xlwings"
    config.mkdir()
    (config / "xlwings.conf").write_text('"INTERPRETER_WIN","C:\\Python39\\pythonw.exe"\n')
    problems = [c for c in doctor.diagnose(None, m) if c.topic == "user settings" and c.status == doctor.PROBLEM]
    assert len(problems) == 1 and problems[0].fix == f'set it to {m.executable}: "INTERPRETER_WIN","{m.executable}"'


def test_a_workbook_with_an_older_xlwings_runtime(workbook, tmp_path):
    old = tmp_path / "old.xlsm"
    with ExcelFile(str(workbook)) as book:
        book.set_module("xlwings", book.get_module("xlwings").replace(VERSION, "0.30.0"))
        book.save(str(old))
    check = by_topic(doctor.diagnose(old, machine(tmp_path, platform="linux")))["workbook xlwings runtime"]
    assert check.status == doctor.PROBLEM
    assert f"xlwings 0.30.0 but Python has xlwings {VERSION}" in check.detail
    assert "xlwings64-0.30.0.dll" in check.detail


def test_a_workbook_without_the_function_wrappers(workbook, tmp_path):
    changed = tmp_path / "changed.xlsm"
    with ExcelFile(str(workbook)) as book:
        book.set_module("xlwings_udfs", 'Attribute VB_Name = "xlwings_udfs"\r\n')
        book.save(str(changed))
    check = by_topic(doctor.diagnose(changed, machine(tmp_path, platform="linux")))["custom functions"]
    assert check.status == doctor.PROBLEM and "every figure, comment and setting" in check.fix
    assert check.detail == ("no VBA wrapper for SPP_PROFILE, SPP_CUMULATIVE, SPP_PERIODS, SPP_CHANGE, SPP_FORECAST, "
                            "SPP_JUDGEMENT, SPP_PHRASE, SPP_GAP: their formulas will show #NAME?")
    assert check.command == f'spp-xl build-workbook {changed} -o "{tmp_path / "changed (rebuilt).xlsm"}"'


def test_a_wrapper_lost_is_named_and_a_full_set_is_listed(workbook, tmp_path):
    from spp_xl.excel.vba import udf_wrappers

    text = udf_wrappers()
    start = text.index("Function SPP_GAP(")
    changed = tmp_path / "changed.xlsm"
    with ExcelFile(str(workbook)) as book:
        book.set_module("xlwings_udfs", text[:start] + text[text.index("End Function", start) + 14:])
        book.save(str(changed))
    check = by_topic(doctor.diagnose(changed, machine(tmp_path, platform="linux")))["custom functions"]
    assert check.detail == "no VBA wrapper for SPP_GAP: its formulas will show #NAME?"
    check = by_topic(doctor.diagnose(workbook, machine(tmp_path, platform="linux")))["custom functions"]
    assert check.status == doctor.OK and check.detail.endswith("(SPP_PROFILE, SPP_CUMULATIVE, SPP_PERIODS, "
                                                               "SPP_CHANGE, SPP_FORECAST, SPP_JUDGEMENT, SPP_PHRASE, "
                                                               "SPP_GAP)")


def test_the_command_exits_1_on_a_problem_and_never_writes(workbook, capsys, tmp_path):
    before = workbook.read_bytes()
    assert main(["doctor", str(workbook)]) == 0
    out = capsys.readouterr().out
    assert "  NOT CHECKED  Excel: " in out and "OK           custom functions" in out
    assert workbook.read_bytes() == before
    assert main(["doctor", str(tmp_path / "missing.xlsm")]) == 1
    assert "missing.xlsm: file not found" in " ".join(capsys.readouterr().out.split())


# ------------------------------------------------------------------ Interpreter_Win


def test_a_windows_laptop_without_interpreter_win_is_given_the_line_and_the_file(tmp_path):
    m = machine(tmp_path)
    check = by_topic(doctor.diagnose(None, m))["user settings"]
    config = tmp_path / "home" / ".xlwings" / "xlwings.conf"
    assert check.status == doctor.PROBLEM and f"{config} does not exist" in check.detail
    assert "whichever pythonw.exe is first on the PATH" in check.detail
    assert check.fix.startswith(f'run spp-xl setup-excel, which writes the line "INTERPRETER_WIN","{m.executable}" '
                                f"into {config}")
    assert check.command == f'"{m.executable}" -m spp_xl setup-excel'  # spp-xl is not on its PATH
    assert "not on the workbook's xlwings.conf sheet" in check.fix
    config.parent.mkdir()
    config.write_text('"SHOW CONSOLE","False"\n')
    assert f"{config} lacks it" in by_topic(doctor.diagnose(None, m))["user settings"].detail
    config.write_text(f'"INTERPRETER_WIN","{m.executable}"\n')
    assert by_topic(doctor.diagnose(None, m))["user settings"].status == doctor.OK


def test_the_suggested_interpreter_is_the_windowless_one_beside_python(tmp_path):
    scripts = tmp_path / "venv" / "Scripts"
    scripts.mkdir(parents=True)
    (scripts / "python.exe").write_bytes(b"MZ")
    (scripts / "pythonw.exe").write_bytes(b"MZ")
    m = machine(tmp_path, executable=str(scripts / "python.exe"))
    assert doctor.suggested_interpreter(m) == str(scripts / "pythonw.exe")
    (scripts / "pythonw.exe").unlink()
    assert doctor.suggested_interpreter(m) == str(scripts / "python.exe")


def test_an_interpreter_set_beside_the_workbook_needs_no_line_in_the_laptops_file(workbook, tmp_path):
    copy = tmp_path / "shared" / "SPP_Performance.xlsm"
    copy.parent.mkdir()
    shutil.copyfile(workbook, copy)
    m = machine(tmp_path)
    (copy.parent / "xlwings.conf").write_text(f'"INTERPRETER_WIN","{m.executable}"\n')
    check = by_topic(doctor.diagnose(copy, m))["user settings"]
    assert check.status == doctor.NOTE and f"Interpreter_Win comes from {copy.parent / 'xlwings.conf'}" in check.detail


# ------------------------------------------------------------------ the mark of the web


def marked(workbook, tmp_path, content: str):
    copy = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(workbook, copy)
    # On Windows the stream is read as path + ":Zone.Identifier"; here a file of that name stands in.
    Path(doctor_workbook.zone_identifier_path(copy)).write_text(content)
    return copy


def test_a_workbook_from_the_internet_is_a_problem_with_the_way_to_unblock_it(workbook, tmp_path):
    copy = marked(workbook, tmp_path, "[ZoneTransfer]\r\nZoneId=3\r\n"
                  "ReferrerUrl=https://outlook.office.com/\r\nHostUrl=about:internet\r\n")
    check = by_topic(doctor.diagnose(copy, machine(tmp_path)))["mark of the web"]
    assert check.status == doctor.PROBLEM
    assert "coming from the Internet (Zone.Identifier: ZoneId=3, about:internet)" in check.detail
    assert "Microsoft has blocked macros" in check.detail
    assert "Properties > tick Unblock" in check.fix and "Trusted Location" in check.fix


def test_a_workbook_from_the_intranet_or_unmarked_is_fine(workbook, tmp_path):
    intranet = marked(workbook, tmp_path, "[ZoneTransfer]\nZoneId=1\n")
    assert by_topic(doctor.diagnose(intranet, machine(tmp_path)))["mark of the web"].status == doctor.OK
    check = by_topic(doctor.diagnose(workbook, machine(tmp_path)))["mark of the web"]
    assert check.status == doctor.OK and "no Zone.Identifier" in check.detail
    linux = by_topic(doctor.diagnose(intranet, machine(tmp_path, platform="linux")))["mark of the web"]
    assert linux.status == doctor.NOT_CHECKED


# ------------------------------------------------------------------ the VBA project's version


def with_version_stream(workbook, path, stream: bytes):
    """A copy of ``workbook`` whose VBA project's _VBA_PROJECT stream is ``stream``."""
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/vbaProject.bin":
                storage = CFB.from_bytes(data)
                storage.write_stream_in_storage("VBA", "_VBA_PROJECT", stream)
                data = storage.to_bytes()
            target.writestr(item, data)
    return path


def test_a_project_claiming_excels_version_without_its_compiled_code_is_a_problem(workbook, tmp_path):
    assert by_topic(doctor.diagnose(workbook, machine(tmp_path, platform="linux")))[
        "workbook VBA project"].status == doctor.OK
    old = with_version_stream(workbook, tmp_path / "old.xlsm", bytes.fromhex("CC61B50000") + bytes(2539))
    check = by_topic(doctor.diagnose(old, machine(tmp_path, platform="linux")))["workbook VBA project"]
    assert check.status == doctor.PROBLEM and "0x00B5 but holds no compiled code" in check.detail
    assert check.command.startswith(f"spp-xl build-workbook {old} -o ")
    excel = with_version_stream(workbook, tmp_path / "excel.xlsm", bytes.fromhex("CC61B500000300") + b"\x01" * 99)
    check = by_topic(doctor.diagnose(excel, machine(tmp_path, platform="linux")))["workbook VBA project"]
    assert check.status == doctor.OK and "compiled by Excel (version 0x00B5)" in check.detail


def test_the_rebuild_command_names_a_free_file_beside_the_workbook(tmp_path):
    plain = tmp_path / "book.xlsm"
    assert doctor_workbook.rebuild_command(plain) == f'spp-xl build-workbook {plain} -o "{tmp_path}/book (rebuilt).xlsm"'
    (tmp_path / "book (rebuilt).xlsm").write_bytes(b"")
    assert doctor_workbook.rebuild_command(plain).endswith('book (rebuilt 2).xlsm"')


def test_a_workbook_that_cannot_be_read_gets_no_command_that_would_fail(tmp_path):
    broken = tmp_path / "SPP_Performance.xlsm"
    broken.write_bytes(b"not a workbook")
    checks = doctor.diagnose(broken, machine(tmp_path, platform="linux"))
    assert not [c.command for c in checks if c.command]
    check = by_topic(checks)["workbook VBA"]
    assert check.status == doctor.PROBLEM and "this copy cannot be rebuilt from" in check.fix
