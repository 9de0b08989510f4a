"""Until the workbook's sheets have rows for a percentage's counts, a workbook is neither built nor
read for a register with a live percentage made of counts: one line naming the measure, exit
2, nothing written. A percentage still being developed builds as any measure does."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest

from spp_xl.cli import main

from test_percent import ASB, FIGURES, REGISTER, files
from workbook_copies import edited_copy

REFUSAL = ("measure 'sat' is a percentage made of counts (unit percent, entry counts), which this version's "
           "workbook cannot hold yet: report it from a tidy CSV (spp-xl export FIGURES.csv --register "
           "MEASURES.toml), and keep its status 'developing' in the workbook")


def one_line_refusal(capsys, argv, output):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and err.startswith("spp-xl: ") and "Traceback" not in err
    assert not output.exists()
    return err


def test_build_workbook_refuses_a_live_percentage(tmp_path, capsys):
    csv, toml = files(tmp_path, "measure,year,period,value\nasb,2015/16,Apr,864\n", REGISTER + ASB)
    out = tmp_path / "book.xlsm"
    err = one_line_refusal(capsys, ["build-workbook", csv, "--register", toml, "-o", str(out)], out)
    assert err == f"spp-xl: {tmp_path / 'measures.toml'}: {REFUSAL}\n"


def test_the_lite_workbook_refuses_it_too(tmp_path):
    csv, toml = files(tmp_path, "measure,year,period,value\nasb,2015/16,Apr,864\n", REGISTER + ASB)
    out = tmp_path / "lite.xlsx"
    done = subprocess.run([sys.executable, "-m", "spp_xl.lite", csv, "--register", toml, "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and not out.exists()
    assert done.stderr == f"spp_xl.lite: {tmp_path / 'measures.toml'}: {REFUSAL}\n"


def test_add_measure_refuses_a_live_percentage(tmp_path, capsys):
    book, out = edited_copy(tmp_path / "book.xlsm"), tmp_path / "new.xlsm"
    argv = ["add-measure", str(book), "--id", "sat", "--title", "Satisfaction", "--direction", "increase",
            "--frequency", "quarterly", "--unit", "percent", "--entry", "counts", "--numerator", "victims satisfied",
            "--denominator", "victims surveyed", "--annual-target", "85", "-o", str(out)]
    err = one_line_refusal(capsys, argv, out)
    assert err.endswith(f"{REFUSAL}\n") and "sheet 'Measures'" in err
    # developing, it is added, and its sheet built as any measure's
    assert main([*argv, "--status", "developing"]) == 0
    assert main(["summary", str(out)]) == 0
    assert "sat " in capsys.readouterr().out


def test_a_workbook_whose_percentage_was_made_live_is_refused_naming_its_cell(tmp_path, capsys):
    developing = tmp_path / "developing.xlsm"
    assert main(["add-measure", str(edited_copy(tmp_path / "book.xlsm")), "--id", "sat", "--title", "Satisfaction",
                 "--direction", "increase", "--frequency", "quarterly", "--unit", "percent", "--entry", "counts",
                 "--numerator", "victims satisfied", "--denominator", "victims surveyed", "--annual-target", "85",
                 "--status", "developing", "-o", str(developing)]) == 0
    capsys.readouterr()

    def make_live(book):  # as staff would: the status cell of the measure's row in the Measures table
        sheet = book["Measures"]
        header = next(r for r in sheet.iter_rows() if any(c.value == "status" for c in r))
        column = next(c.column for c in header if c.value == "status")
        row = next(r[0].row for r in sheet.iter_rows() if any(c.value == "sat" for c in r))
        sheet.cell(row, column).value = "active"

    live = tmp_path / "live.xlsm"
    book = openpyxl.load_workbook(developing, keep_vba=True)
    make_live(book)
    book.save(live)
    for argv in (["summary", str(live)], ["check", str(live)],
                 ["new-year", str(live), "--keep-targets", "-o", str(tmp_path / "next.xlsm")]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith(f"spp-xl: {live}: sheet 'Measures', cell ") and err.endswith(f"{REFUSAL}\n")
    assert not (tmp_path / "next.xlsm").exists()


def test_a_developing_percentage_builds_as_today(tmp_path, capsys):
    developing = REGISTER.replace("annual_target = 85", 'annual_target = 85\nstatus = "developing"') + ASB
    csv, toml = files(tmp_path, "measure,year,period,value\nasb,2015/16,Apr,864\n", developing)
    out = tmp_path / "book.xlsm"
    assert main(["build-workbook", csv, "--register", toml, "-o", str(out)]) == 0
    assert main(["summary", str(out), "--json"]) == 0
    assert '"judgement": "Being developed: will be ready for reporting at the next board"' in capsys.readouterr().out


def test_a_developing_percentages_counts_have_no_cell_yet(tmp_path, capsys):
    developing = REGISTER.replace("annual_target = 85", 'annual_target = 85\nstatus = "developing"')
    csv, toml = files(tmp_path, FIGURES, developing)
    out = tmp_path / "book.xlsm"
    err = one_line_refusal(capsys, ["build-workbook", csv, "--register", toml, "-o", str(out)], out)
    assert err == (f"spp-xl: {csv} line 2, column value: sat.numerator 2014/15 Q1: the counts of the percentage "
                   "'sat' have no cells in this version's workbook; report it from the tidy CSV instead\n")


@pytest.mark.parametrize("command", ["summary", "check"])
def test_a_live_percentage_reports_from_a_csv(tmp_path, capsys, command):
    csv, toml = files(tmp_path)
    assert main([command, csv, "--register", toml]) == 0
