"""The command line as an analyst meets it: output, JSON shape, exit codes, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from spp_xl.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
KEYS = {"id", "title", "direction", "frequency", "period", "ytd_actual", "ytd_target", "annual_target",
        "last_year_ytd", "change_vs_last_year", "pct_change_vs_last_year", "forecast", "rag", "judgement",
        "lagging", "commentary"}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_json_shape(capsys):
    code, out, _ = run(capsys, "summary", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["as_of"] == "2015/16 Jun"
    asb = next(m for m in doc["measures"] if m["id"] == "asb")
    assert KEYS <= set(asb)
    assert asb["pct_change_vs_last_year"] == -0.0686
    assert (asb["ytd_actual"], asb["ytd_target"], asb["forecast"], asb["rag"]) == (2527, 2514, 9375, "green")
    gap = next(m for m in doc["measures"] if m["id"] == "crime_gap")
    assert (gap["ytd_actual"], gap["ytd_target"], gap["forecast"]) == (18, 19.32, 71.08)
    developing = next(m for m in doc["measures"] if m["id"] == "hate_satisfaction")
    assert developing["rag"] == "none" and developing["ytd_actual"] is None


def test_summary_table(capsys):
    code, out, _ = run(capsys, "summary")
    assert code == 0
    line = next(l for l in out.splitlines() if l.startswith("da_referrals"))
    assert line.split() == ["da_referrals", "Q1", "525", "667", "2,666", "629", "-104", "-16.5%", "2,224", "RED"]
    lagging = next(l for l in out.splitlines() if l.startswith("sac"))
    headings = out.splitlines()[2]
    # every column is headed, the lagging flag's too
    assert headings.split() == ["Measure", "Period", "YTD", "Target", "YTD", "Annual", "target", "Last", "yr", "YTD",
                                "Change", "%", "change", "Forecast", "Judgement", "Data"]
    assert lagging.endswith("lagging") and headings.index("Data") == lagging.index("lagging")
    assert "3 data-quality warning(s)" in out
    developing = next(l for l in out.splitlines() if l.startswith("hate_satisfaction"))
    assert developing.split() == ["hate_satisfaction", "BEING", "DEVELOPED"]  # as the report says, not "no data"


def test_summary_of_a_csv_equals_the_bundled(capsys, tmp_path):
    from importlib import resources

    csv = tmp_path / "figures.csv"
    csv.write_text(resources.files("spp_xl.bundled").joinpath("spp_2015-16.csv").read_text())
    _, bundled, _ = run(capsys, "summary", "--json")
    _, from_file, _ = run(capsys, "summary", str(csv), "--json")
    assert json.loads(bundled) == json.loads(from_file)


def test_as_of_may(capsys):
    code, out, _ = run(capsys, "summary", "--json", "--as-of", "2015/16 May")
    asb = next(m for m in json.loads(out)["measures"] if m["id"] == "asb")
    assert (code, asb["period"], asb["ytd_actual"]) == (0, "May", 1758)


@pytest.mark.parametrize("argv,code,message", [
    (["summary", "missing.csv"], 2, "missing.csv: file not found"),
    (["summary", "--as-of", "June"], 2, "--as-of 'June': expected a year and a period"),
    (["summary", "--as-of", "2014/15 Jun"], 2, "the register's targets are for 2015/16"),
    (["summary", "--as-of", "2015-16 Jun"], 2, "year '2015-16' is not of the form 2015/16"),
    (["summary", "book.xls"], 2, "book.xls: is an old-style .xls workbook"),
    (["summary", "notes.txt"], 2, "notes.txt: file not found"),
])
def test_input_problems_exit_2_with_one_line(capsys, argv, code, message):
    got, out, err = run(capsys, *argv)
    assert got == code
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_data_errors_stop_the_summary_and_check_exits_1(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("measure,year,period,value\nasb,2015/16,Apr,864\nasb,2015/16,May,-3\n")
    code, _, err = run(capsys, "summary", str(bad))
    assert code == 1 and "-3 is negative" in err and "line 3" in err
    code, out, _ = run(capsys, "check", str(bad), "--json")
    assert code == 1
    assert json.loads(out)["findings"][0]["severity"] == "error"


def test_check_of_the_bundled_data(capsys):
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert out.strip().splitlines()[-1] == "0 error(s), 3 warning(s) in bundled data"


def test_check_json_shape(capsys):
    _, out, _ = run(capsys, "check", str(FIXTURES / "seed_as_published.csv"), "--json")
    findings = json.loads(out)["findings"]
    assert {"severity", "measure", "year", "period", "message"} <= set(findings[0])
    assert len(findings) == 4


def test_malformed_csv_names_line_and_column(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("measure,year,period,value\nasb,2015/16,Juno,864\n")
    code, _, err = run(capsys, "summary", str(bad))
    assert code == 2
    assert "bad.csv: line 2, column period: 'Juno' is not Apr..Mar, Q1..Q4 or Year" in err


def test_debug_shows_the_traceback(capsys):
    with pytest.raises(Exception):
        main(["summary", "missing.csv", "--debug"])


def test_the_console_script_runs():
    done = subprocess.run([str(Path(sys.executable).parent / "spp-xl"), "summary", "--json"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["as_of"] == "2015/16 Jun"


@pytest.mark.parametrize("argv,allowed", [
    (["summary", "--json"], set()),
    (["check"], set()),
    (["summary", "workbook/SPP_Performance.xlsm", "--json"], {"python_calamine"}),
])
def test_a_command_loads_only_the_libraries_it_uses(argv, allowed):
    # Start-up is the analyst's wait: summary and check must not import the writers.
    code = ("import sys, contextlib, io\nfrom spp_xl.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
            f"    main({argv!r})\n"
            "heavy = ('xlwings', 'openpyxl', 'xlsxwriter', 'pandas', 'numpy', 'python_calamine', 'oletools')\n"
            "print(','.join(m for m in heavy if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    loaded = set(filter(None, done.stdout.strip().split(",")))
    assert loaded <= allowed


def test_a_closed_pipe_is_not_a_fault(monkeypatch, capfd):
    # `spp-xl data book.xlsm | head`: head leaves early; the command ends quietly, exit 0.
    from spp_xl.commands import summary

    def reader_went_away(args):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(summary, "run", reader_went_away)
    assert main(["summary"]) == 0
    assert capfd.readouterr().err == ""
