"""Output that any console can take, and a log that keeps what a one-line message leaves out.

A Windows console, and output redirected to a file there, encode cp1252: a character it has
not (``≈`` typed in a CSV, ``→`` in a measure's title) once crashed a command with exit 3 and
a UnicodeEncodeError. Now it is replaced with ``?``, in every command, and the exit code is the
one the data call for. An unexpected failure, of a command or a button, writes its traceback
to a log file in the user's profile, and the line the user sees names that file.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
from remote import payload_from, remote_engine, run  # noqa: F401

from spp_xl.cli import console_safe, main
from spp_xl.files import failures

ROOT = Path(__file__).resolve().parent.parent
HEADER = "measure,year,period,value\n"


def spp_xl(args, cwd, encoding="cp1252", env=None):
    """The command in a process of its own whose streams encode as a Windows console's do."""
    environ = {**os.environ, "PYTHONIOENCODING": encoding, **(env or {})}
    done = subprocess.run([sys.executable, "-m", "spp_xl", *args], cwd=cwd, capture_output=True, env=environ)
    return done.returncode, done.stdout.decode(encoding), done.stderr.decode(encoding)


def test_a_character_the_console_lacks_is_replaced_and_check_still_exits_1(tmp_path):
    csv = tmp_path / "figures.csv"
    csv.write_text(HEADER + "asb,2015/16,Apr,864\nasb,2015/16,May,≈800\n", encoding="utf-8")
    code, out, err = spp_xl(["check", str(csv)], tmp_path)
    assert code == 1, err
    assert "'?800'" in out and "UnicodeEncodeError" not in out + err
    code, out, err = spp_xl(["check", str(csv), "--json"], tmp_path)
    assert code == 1 and "UnicodeEncodeError" not in err  # JSON escapes it: \u2248


def test_a_title_with_an_arrow_prints_on_cp1252_with_the_commentary(tmp_path):
    register = (ROOT / "templates" / "measures.toml").read_text(encoding="utf-8")
    title = 'title = "Overall crime in the city (monitoring only)"'
    assert title in register
    (tmp_path / "measures.toml").write_text(register.replace(title, 'title = "Overall crime → the city"'),
                                            encoding="utf-8")
    data = ROOT / "data" / "spp_2015-16.csv"
    code, out, err = spp_xl(["summary", str(data), "--register", "measures.toml", "--commentary"], tmp_path)
    assert code == 0, err
    assert "Overall crime ? the city" in out
    # and the same command, on a console that has the character, shows it
    code, out, _ = spp_xl(["summary", str(data), "--register", "measures.toml", "--commentary"], tmp_path,
                          encoding="utf-8")
    assert code == 0 and "Overall crime → the city" in out


def test_console_safe_leaves_streams_it_cannot_reconfigure_alone():
    class Plain:  # no reconfigure: an embedding's replacement stream
        pass

    console_safe([Plain(), None])  # nothing raised


# ------------------------------------------------------------------ the log


def test_the_log_lives_in_the_users_profile(tmp_path):
    windows = failures.log_path({"LOCALAPPDATA": r"C:\Users\ann\AppData\Local"}, "win32", Path("/home/x"))
    assert str(windows).replace("/", "\\") == r"C:\Users\ann\AppData\Local\spp_xl\logs\spp_xl.log"
    assert failures.log_path({}, "darwin", tmp_path) == tmp_path / "Library" / "Logs" / "spp_xl" / "spp_xl.log"
    assert failures.log_path({}, "linux", tmp_path) == tmp_path / ".local" / "state" / "spp_xl" / "spp_xl.log"
    assert failures.log_path({"SPP_XL_LOG": "/tmp/a.log"}, "win32", tmp_path) == Path("/tmp/a.log")


def broken_summary(monkeypatch):
    import spp_xl.core.engine as engine

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(engine, "summarise", broken)


def test_an_unexpected_fault_leaves_its_traceback_in_the_log_the_line_names(tmp_path, capsys, monkeypatch):
    log = tmp_path / "logs" / "spp_xl.log"
    monkeypatch.setenv(failures.LOG_ENV, str(log))
    broken_summary(monkeypatch)
    assert main(["summary", "--as-of", "2015/16 Jun"]) == 3
    err = capsys.readouterr().err
    assert err == (f"spp-xl: unexpected error: ZeroDivisionError: division by zero (the details are in {log}; "
                   "run again with --debug to see them here)\n")
    text = log.read_text(encoding="utf-8")
    assert "spp-xl summary --as-of 2015/16 Jun" in text and "Traceback (most recent call last)" in text
    assert 'in broken\n    raise ZeroDivisionError("division by zero")' in text
    assert main(["summary"]) == 3  # a second failure is added, not written over the first
    assert log.read_text(encoding="utf-8").count("Traceback") == 2


def test_a_log_that_cannot_be_written_does_not_hide_the_failure(tmp_path, capsys, monkeypatch):
    (tmp_path / "a file").write_text("")
    monkeypatch.setenv(failures.LOG_ENV, str(tmp_path / "a file" / "spp_xl.log"))
    broken_summary(monkeypatch)
    assert main(["summary"]) == 3
    assert capsys.readouterr().err == ("spp-xl: unexpected error: ZeroDivisionError: division by zero (the details "
                                       "could not be written to a log file; run again with --debug to see them here)\n")


def test_a_long_log_is_set_aside_not_grown_without_end(tmp_path):
    log = tmp_path / "spp_xl.log"
    log.write_text("x" * (failures.MAX_BYTES + 1))
    try:
        raise ValueError("again")
    except ValueError as exc:
        assert failures.record_failure("a test", exc, log) == log
    assert (tmp_path / "spp_xl.log.1").stat().st_size == failures.MAX_BYTES + 1
    assert log.read_text().startswith("--- ") and "ValueError: again" in log.read_text()


def test_a_button_that_fails_unexpectedly_names_the_log_holding_its_traceback(tmp_path, monkeypatch):
    from spp_xl.excel import build_workbook, macros
    from spp_xl.sources import load_inputs

    log = tmp_path / "button.log"
    monkeypatch.setenv(failures.LOG_ENV, str(log))
    payload = payload_from(build_workbook(load_inputs(), tmp_path / "SPP_Performance.xlsm"))

    def broken(*args, **kwargs):
        raise KeyError("Dashboard")

    monkeypatch.setattr(macros, "plan_check", broken)
    book, actions = run(copy.deepcopy(payload), macros.check)
    alert = next(a for a in actions if a["func"] == "alert")["args"][0]
    assert alert.startswith("spp_xl: unexpected error: KeyError: 'Dashboard'\n")
    assert f"The details are in {log}: send that file" in alert and "Traceback" not in alert
    text = log.read_text(encoding="utf-8")
    assert "the button running spp_xl.excel.macros.check on " in text and "SPP_Performance.xlsm" in text
    assert "Traceback (most recent call last)" in text and "KeyError: 'Dashboard'" in text


@pytest.mark.parametrize("args", [["--version"], ["check"], ["summary", "--json"]])
def test_every_command_runs_on_an_ascii_only_stream(tmp_path, args):
    code, out, err = spp_xl(args, tmp_path, encoding="ascii")
    assert code == 0 and "UnicodeEncodeError" not in err
