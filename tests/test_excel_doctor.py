"""spp-xl doctor: what it finds on a laptop set up well and badly, and with a workbook."""

from __future__ import annotations

import pytest
from pyopenvba import ExcelFile

from spp_xl.cli import main
from spp_xl.excel import doctor, vba
from spp_xl.sources import load_inputs
from spp_xl.workbook import build_workbook

VERSION = vba.xlwings_version()


def machine(tmp_path, platform="win32", executable=None, dll=True, version=(3, 11, 7), package=None):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    venv = tmp_path / "venv"
    (venv / "Scripts").mkdir(parents=True, exist_ok=True)
    exe = executable or str(venv / "Scripts" / "pythonw.exe")
    if executable is None:
        (venv / "Scripts" / "pythonw.exe").write_bytes(b"MZ")
    if dll:
        (venv / doctor.dll_name(VERSION)).write_bytes(b"MZ")
    return doctor.Machine(platform, exe, version, 64, str(home), package or str(venv / "Lib" / "spp_xl"))


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
    assert f"xlwings64-{VERSION}.dll" in checks["xlwings DLL"].detail


def test_a_dll_of_another_version_is_named_with_the_fix(tmp_path):
    m = machine(tmp_path, dll=False)
    (tmp_path / "venv" / "xlwings64-0.30.0.dll").write_bytes(b"MZ")
    check = by_topic(doctor.diagnose(None, m))["xlwings DLL"]
    assert check.status == doctor.PROBLEM
    assert "xlwings64-0.30.0.dll: another version" in check.detail
    assert check.fix == f"pip install --force-reinstall xlwings=={VERSION} with this Python"


def test_store_python_and_onedrive_are_problems(tmp_path):
    store = r"C:\Users\ann\AppData\Local\Microsoft\WindowsApps\python.exe"
    checks = by_topic(doctor.diagnose(None, machine(tmp_path, executable=store)))
    assert checks["Microsoft Store Python"].status == doctor.PROBLEM
    assert "Could not activate Python COM server" in checks["Microsoft Store Python"].detail
    synced = machine(tmp_path, package=r"C:\Users\ann\OneDrive - Plymouth City Council\spp\spp_xl")
    check = by_topic(doctor.diagnose(None, synced))["OneDrive/SharePoint"]
    assert check.status == doctor.PROBLEM and "ModuleNotFoundError" in check.detail


def test_an_old_python_is_a_problem(tmp_path):
    check = by_topic(doctor.diagnose(None, machine(tmp_path, version=(3, 8, 10))))["Python"]
    assert check.status == doctor.PROBLEM and "3.10 or newer" in check.fix


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
    assert len(problems) == 1 and problems[0].fix == f"set it to {m.executable}"


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
    assert check.status == doctor.PROBLEM and "spp-xl build-workbook" in check.fix


def test_the_command_exits_1_on_a_problem_and_never_writes(workbook, capsys, tmp_path):
    before = workbook.read_bytes()
    assert main(["doctor", str(workbook)]) == 0
    out = capsys.readouterr().out
    assert "  NOT CHECKED  Excel: " in out and "OK           custom functions" in out
    assert workbook.read_bytes() == before
    assert main(["doctor", str(tmp_path / "missing.xlsm")]) == 1
    assert "missing.xlsm: file not found" in " ".join(capsys.readouterr().out.split())
