"""The catalogue of bad input: every case states what the analyst sees.

Each case makes its input in tmp_path (a CSV, a register, or a copy of the committed
workbook edited with openpyxl, as Excel would save it), runs ``spp-xl`` through
``spp_xl.cli.main`` and checks the exit code and the whole of stderr: one line, naming
the file and the sheet and cell (or the CSV line and column), never a traceback. Cases
the tool must *answer* (a renamed sheet, a moved table, a workbook open in Excel) check
that the answer is the one the untouched workbook gives.

``{p}`` in a message stands for the input's path, ``{o}`` for the output's.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from workbook_copies import edited_copy

from spp_xl.cli import main
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S
from spp_xl.workbook import measure_schema as M
from places import ROWS

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "SPP_Performance.xlsm"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HEADER = "measure,year,period,value\n"
GOOD = HEADER + "asb,2015/16,Apr,864\nasb,2015/16,May,894\nasb,2015/16,Jun,769\n"

THIS_YEAR = ROWS["this_year"] + 1  # openpyxl counts from 1
MAY = M.FIRST_PERIOD_COL + 2         # column G
MEASURES_ROW = {"crime_gap": S.MEASURES.header_row + 2, "asb": S.MEASURES.header_row + 7,
                "hate_incidents": S.MEASURES.header_row + 12}
DATA_ERROR = "1 data error(s) stop the report; fix it and run again: ERROR: "


def run(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def csv_file(text: str, name: str = "figures.csv"):
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return make


def register_file(change: tuple[str, str]):
    """A register for --register: the bundled ASB entry with one change."""
    base = ('year = "2015/16"\n[[measure]]\nid = "asb"\ntitle = "ASB"\ndirection = "reduce"\n'
            'frequency = "monthly"\nannual_target = 10064\n')
    assert change[0] in base
    return csv_file(base.replace(*change), "measures.toml")


def workbook(change: Callable | None = None, name: str = "SPP_Performance.xlsm"):
    """A copy of the committed workbook, edited with openpyxl (keep_vba) when ``change``."""
    def make(tmp_path: Path) -> Path:
        return edited_copy(tmp_path / name, change)
    return make


def cell(sheet: str, row: int, col: int, value):
    """Types ``value`` into a cell (row and col from 1, as openpyxl counts)."""
    def change(book):
        book[sheet].cell(row, col).value = value
    return change


def measures_cell(measure: str, field: str, value):
    return cell(L.MEASURES, MEASURES_ROW[measure], S.measures_col(field) + 1, value)


def raw_bytes(data: bytes, name: str):
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path
    return make


def truncated_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "SPP_Performance.xlsm"
    path.write_bytes(COMMITTED.read_bytes()[:30_000])  # a copy interrupted part-way
    return path


def flipped_workbook(tmp_path: Path) -> Path:
    """A damaged stretch inside a measure sheet's compressed XML (a bad disk or download)."""
    import zipfile

    with zipfile.ZipFile(COMMITTED) as archive:
        sheet = next(i for i in archive.infolist() if i.filename.startswith("xl/worksheets/sheet"))
    data = bytearray(COMMITTED.read_bytes())
    start = sheet.header_offset + 100
    for i in range(start, start + 64):
        data[i] ^= 0xFF
    path = tmp_path / "SPP_Performance.xlsm"
    path.write_bytes(bytes(data))
    return path


def empty_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "Book1.xlsx"
    openpyxl.Workbook().save(path)
    return path


def old_xls(tmp_path: Path) -> Path:
    """An .xls (an OLE compound file with a Workbook stream) renamed .xlsm."""
    directory = "Root Entry".encode("utf-16-le").ljust(128, b"\0") + "Workbook".encode("utf-16-le") + b"\0\0"
    path = tmp_path / "SPP_Performance.xlsm"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + directory.ljust(512, b"\0"))
    return path


def lock_file_present(tmp_path: Path) -> Path:
    """The workbook open in Excel: Excel keeps ``~$<name>`` beside it while it is open."""
    path = workbook()(tmp_path)
    (tmp_path / f"~${path.name}").write_bytes(b"\x0bsomeone    " + b"\0" * 150)
    return path


def lock_file_itself(tmp_path: Path) -> Path:
    lock_file_present(tmp_path)
    return tmp_path / "~$SPP_Performance.xlsm"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]
    argv: tuple  # "{p}" is the input's path, "{o}" an output in tmp_path
    code: int
    message: str  # the whole of stderr after "spp-xl: "; "" for a case that must answer


CASES = [
    # ------------------------------------------------------------------ a tidy CSV
    Case("csv: text in a number cell", csv_file(GOOD.replace("894", "abc")), ("summary", "{p}"), 1,
         DATA_ERROR + "asb 2015/16 May: 'abc' is not a number [{p} line 3, column value]"),
    Case("csv: a date where a number belongs", csv_file(GOOD.replace("894", "01/05/2015")), ("summary", "{p}"), 1,
         DATA_ERROR + "asb 2015/16 May: '01/05/2015' is not a number [{p} line 3, column value]"),
    Case("csv: a negative count", csv_file(GOOD.replace("894", "-894")), ("summary", "{p}"), 1,
         DATA_ERROR + "asb 2015/16 May: -894 is negative; a count cannot be [{p} line 3, column value]"),
    Case("csv: a fractional count", csv_file(GOOD.replace("894", "89.4")), ("export", "{p}", "-o", "{o}/report.xlsx"), 1,
         DATA_ERROR + "asb 2015/16 May: 89.4 is not a whole number; a count must be [{p} line 3, column value]"),
    Case("csv: a row entered twice", csv_file(GOOD + "asb,2015/16,May,900\n"), ("summary", "{p}"), 1,
         DATA_ERROR + "asb 2015/16 May: entered twice (894 at {p} line 3, column value, 900 here) "
                      "[{p} line 5, column value]"),
    Case("csv: a year written in another form", csv_file(GOOD.replace("2015/16,May", "2015-16,May")),
         ("summary", "{p}"), 2, "{p}: line 3, column year: year '2015-16' is not of the form 2015/16"),
    Case("csv: a year that is not consecutive", csv_file(GOOD.replace("2015/16,May", "2015/17,May")),
         ("check", "{p}"), 2,
         "{p}: line 3, column year: year '2015/17' does not run April to March of consecutive years (2015/16)"),
    Case("csv: a period written in full", csv_file(GOOD.replace("May", "May 2015")), ("summary", "{p}"), 2,
         "{p}: line 3, column period: 'May 2015' is not Apr..Mar, Q1..Q4 or Year"),
    Case("csv: a truncated line", csv_file(GOOD.replace("asb,2015/16,May,894", "asb,2015/16,May")),
         ("summary", "{p}"), 2, "{p}: line 3: has 3 columns, the header has 4"),
    Case("csv: a missing column", csv_file(GOOD.replace("period,value", "period,figure")), ("summary", "{p}"), 2,
         "{p}: line 1: missing column(s) value; expected the header measure,year,period,value"),
    Case("csv: a blank measure", csv_file(GOOD.replace("asb,2015/16,Jun", ",2015/16,Jun")), ("summary", "{p}"), 2,
         "{p}: line 4, column measure: is blank"),
    Case("csv: only an unknown measure", csv_file(GOOD.replace("asb", "burglary")), ("summary", "{p}"), 2,
         "{p}: holds no figures for 2015/16, the register's year, yet: type the year's first figures, "
         "then run this again"),
    Case("csv: an empty file", csv_file(""), ("summary", "{p}"), 2,
         "{p}: is empty; expected the header measure,year,period,value"),
    Case("csv: a workbook saved with a .csv name", lambda t: raw_bytes(COMMITTED.read_bytes(), "figures.csv")(t),
         ("summary", "{p}"), 2, "{p}: is not a UTF-8 text CSV file (is it a workbook saved with a .csv name?)"),
    Case("csv: a file that is not there", lambda t: t / "figures.csv", ("summary", "{p}"), 2, "{p}: file not found"),
    # ------------------------------------------------------------------ a measure register (--register)
    Case("register: no target", register_file(("annual_target = 10064\n", "")),
         ("summary", "--register", "{p}"), 2,
         "{p}: measure 'asb': field 'annual_target': is required for a measure to reduce"),
    Case("register: a nonsense direction", register_file(('"reduce"', '"downwards"')),
         ("summary", "--register", "{p}"), 2,
         "{p}: measure 'asb': field 'direction': 'downwards' is not one of increase, reduce, monitor"),
    Case("register: a custom profile of the wrong length",
         register_file(("10064\n", "10064\ncustom_profile = [838, 1676, 10064]\n")),
         ("summary", "--register", "{p}"), 2,
         "{p}: measure 'asb': field 'custom_profile': has 3 values; a monthly measure needs 12"),
    Case("register: a custom profile that falls",
         register_file(("10064\n", "10064\ncustom_profile = [838, 1676, 1600, 3352, 4190, 5028, 5866, 6704, "
                                   "7542, 8380, 9218, 10064]\n")),
         ("summary", "--register", "{p}"), 2,
         "{p}: measure 'asb': field 'custom_profile': falls: a cumulative target profile must never decrease"),
    Case("register: a year written in another form", register_file(('"2015/16"', '"2015-2016"')),
         ("summary", "--register", "{p}"), 2, "{p}: field 'year': year '2015-2016' is not of the form 2015/16"),
    # ------------------------------------------------------------------ the workbook: figures
    Case("workbook: text in a number cell", workbook(cell("asb", THIS_YEAR, MAY, "n/a")), ("summary", "{p}"), 1,
         DATA_ERROR + "asb 2015/16 May: 'n/a' is not a number [{p}: sheet 'asb', cell G14]"),
    Case("workbook: a date where a number belongs", workbook(cell("asb", THIS_YEAR, MAY, dt.datetime(2015, 5, 31))),
         ("export", "{p}", "-o", "{o}/report.xlsx"), 1,
         DATA_ERROR + "asb 2015/16 May: '2015-05-31' is not a number [{p}: sheet 'asb', cell G14]"),
    Case("workbook: a negative count", workbook(cell("asb", THIS_YEAR, MAY, -894)), ("summary", "{p}"), 1,
         DATA_ERROR + "asb 2015/16 May: -894 is negative; a count cannot be [{p}: sheet 'asb', cell G14]"),
    Case("workbook: a year-to-date figure that falls",
         workbook(cell("hate_incidents", ROWS["this_cum"] + 1, MAY, 40)), ("summary", "{p}"), 1,
         DATA_ERROR + "hate_incidents 2015/16 May: year-to-date figure falls from 58 (Apr) to 40 "
                      "[{p}: sheet 'hate_incidents', cell G17]"),
    # ------------------------------------------------------------------ the workbook: structure
    Case("workbook: a measure sheet deleted", workbook(lambda b: b.remove(b["asb"])), ("summary", "{p}"), 2,
         "{p}: sheet 'Dashboard', cell A12: measure 'asb' is listed here but its sheet (marked "
         "'spp:measure=asb' in cell A1) is missing: was it deleted? Undo, or copy the sheet back from a saved copy"),
    Case("workbook: the Settings sheet deleted", workbook(lambda b: b.remove(b[L.SETTINGS])), ("summary", "{p}"), 2,
         "{p}: has no Settings sheet (spp_xl marks it with 'spp:settings' in its hidden column A); "
         "is this the partnership's workbook?"),
    Case("workbook: the table moved down over its keys",
         workbook(lambda b: b["asb"].move_range("B11:Q18", rows=3)), ("summary", "{p}"), 2,
         "{p}: sheet 'asb', cell B11: the header row has no column Apr; the periods must read Apr..Mar"),
    Case("workbook: this year's row deleted", workbook(lambda b: b["asb"].delete_rows(THIS_YEAR)),
         ("summary", "{p}"), 2,
         "{p}: sheet 'asb': the row marked 'this_year' in the hidden column A is missing; was it deleted?"),
    Case("workbook: a month heading copied twice",
         workbook(cell("asb", ROWS["header"] + 1, M.FIRST_PERIOD_COL + 6, "Jun")), ("summary", "{p}"), 2,
         "{p}: sheet 'asb', cell K11: the header row has Jun twice (also H11); delete one column"),
    Case("workbook: an unknown measure (its table row renamed)", workbook(measures_cell("asb", "id", "asb_total")),
         ("summary", "{p}"), 2,
         "{p}: sheet 'asb', cell A1: the sheet is measure 'asb', which is not in the Measures table: "
         "put its row back (or correct the id), or delete the sheet"),
    Case("workbook: an out-turn year in another form",
         workbook(cell("asb", ROWS["header"] + 1, M.OUTTURN_COLS[0] + 1, "2012-13")), ("summary", "{p}"), 2,
         "{p}: sheet 'asb', cell C11: out-turn heading '2012-13' is not a financial year written as 14/15 "
         "(or 2014/15)"),
    Case("workbook: the reporting year in another form",
         workbook(cell(L.SETTINGS, S.setting("year").row + 1, S.SETTINGS_VALUE_COL + 1, "2015-2016")),
         ("summary", "{p}"), 2,
         "{p}: sheet 'Settings', cell C4: reporting year: year '2015-2016' is not of the form 2015/16"),
    # ------------------------------------------------------------------ the workbook: the Measures table
    Case("workbook: a measure with no target", workbook(measures_cell("asb", "annual_target", None)),
         ("summary", "{p}"), 2,
         "{p}: sheet 'Measures', cell K10: field 'annual_target': is required for a measure to reduce"),
    Case("workbook: a nonsense direction", workbook(measures_cell("asb", "direction", "sideways")),
         ("summary", "{p}"), 2,
         "{p}: sheet 'Measures', cell F10: field 'direction': 'sideways' is not one of increase, reduce, monitor"),
    Case("workbook: a date where the target belongs",
         workbook(measures_cell("asb", "annual_target", dt.datetime(2016, 3, 31))), ("summary", "{p}"), 2,
         "{p}: sheet 'Measures', cell K10: field 'annual_target': '2016-03-31' is not a number"),
    Case("workbook: a number where a word belongs", workbook(measures_cell("asb", "rule", 1)),
         ("summary", "{p}"), 2,
         "{p}: sheet 'Measures', cell O10: field 'rule': '1' is not one of forecast, same_period, straight_line, level"),
    Case("workbook: a custom profile of the wrong length",
         workbook(measures_cell("hate_incidents", "custom_profile", "53, 105, 157")), ("summary", "{p}"), 2,
         "{p}: sheet 'Measures', cell M15: field 'custom_profile': has 3 values; a monthly measure needs 12"),
    Case("workbook: a custom profile that falls",
         workbook(measures_cell("hate_incidents", "custom_profile",
                                "53, 105, 157, 150, 260, 312, 364, 416, 468, 520, 571, 621")), ("summary", "{p}"), 2,
         "{p}: sheet 'Measures', cell M15: field 'custom_profile': falls: a cumulative target profile must never "
         "decrease"),
    # ------------------------------------------------------------------ files that are not the workbook
    Case("an empty workbook", empty_workbook, ("summary", "{p}"), 2,
         "{p}: has no Settings sheet (spp_xl marks it with 'spp:settings' in its hidden column A); "
         "is this the partnership's workbook?"),
    Case("a truncated .xlsm", truncated_workbook, ("summary", "{p}"), 2,
         "{p}: cannot be read as an Excel workbook: it is damaged or incomplete (copied or saved part-way?); "
         "open a saved copy (File is not a zip file)"),
    Case("a corrupt .xlsm", flipped_workbook, ("export", "{p}"), 2,
         "{p}: cannot be read as an Excel workbook: it is damaged or incomplete (copied or saved part-way?); "
         "open a saved copy (corrupt compressed data in xl/worksheets/sheet1.xml)"),
    Case("a 0-byte .xlsm", raw_bytes(b"", "SPP_Performance.xlsm"), ("data", "{p}"), 2,
         "{p}: cannot be read as an Excel workbook: it is empty (0 bytes)"),
    Case("an .xls", raw_bytes(b"\xd0\xcf\x11\xe0", "SPP_Performance.xls"), ("summary", "{p}"), 2,
         "{p}: is an old-style .xls workbook; open it in Excel and save it as .xlsm"),
    Case("an .xls renamed .xlsm", old_xls, ("summary", "{p}"), 2,
         "{p}: is an old-style .xls workbook under a new name; open it in Excel and save it as .xlsm"),
    Case("a CSV renamed .xlsx", csv_file(GOOD, "figures.xlsx"), ("summary", "{p}"), 2,
         "{p}: cannot be read as an Excel workbook: it is a text file (a CSV?) under a workbook's name; "
         "give a CSV a .csv name, or save the file from Excel as .xlsm"),
    Case("a password-protected workbook",
         lambda t: raw_bytes((FIXTURES / "password_protected.xlsm").read_bytes(), "SPP_Performance.xlsm")(t),
         ("export", "{p}"), 2,
         "{p}: is password-protected: remove the password in Excel (File > Info > Protect Workbook) and save"),
    Case("the OLE signature alone (how an encrypted workbook starts)",
         raw_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1000, "SPP_Performance.xlsm"), ("check", "{p}"), 2,
         "{p}: is password-protected: remove the password in Excel (File > Info > Protect Workbook) and save"),
    Case("Excel's lock file given instead of the workbook", lock_file_itself, ("summary", "{p}"), 2,
         "{p}: is Excel's lock file (it shows SPP_Performance.xlsm is open in Excel); give the workbook "
         "SPP_Performance.xlsm itself: it can be read while open"),
    Case("a folder named like a workbook", lambda t: (t / "SPP_Performance.xlsm").mkdir() or t / "SPP_Performance.xlsm",
         ("summary", "{p}"), 2, "{p}: is a folder, not a workbook"),
    # ------------------------------------------------------------------ outputs
    Case("export: the output folder does not exist", workbook(), ("export", "{p}", "-o", "{o}/missing/r.xlsx"), 2,
         "{o}/missing/r.xlsx: folder {o}/missing does not exist"),
    Case("data: the CSV is the workbook", workbook(), ("data", "{p}", "-o", "{p}"), 2,
         "{p}: is the workbook being read: write the CSV to another file"),
    Case("build-workbook: the output folder does not exist", csv_file(GOOD),
         ("build-workbook", "{p}", "-o", "{o}/missing/new.xlsm"), 2,
         "{o}/missing/new.xlsm: folder {o}/missing does not exist"),
    Case("add-measure: a bad field", workbook(),
         ("add-measure", "{p}", "--id", "burglary", "--title", "Burglary", "--direction", "down",
          "--frequency", "monthly", "-o", "{o}/new.xlsm"), 2,
         "add-measure: field 'direction': 'down' is not one of increase, reduce, monitor"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_in_one_line(case, tmp_path, capsys):
    source = case.make(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    argv = [a.replace("{p}", str(source)).replace("{o}", str(out_dir)) for a in case.argv]
    code, out, err = run(capsys, argv)
    assert code == case.code, err
    assert "Traceback" not in err and "Traceback" not in out
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("spp-xl: ")
    if case.message:
        expected = case.message.replace("{p}", str(source)).replace("{o}", str(out_dir))
        assert err == f"spp-xl: {expected}\n"
    assert not [p for p in out_dir.iterdir()], "a refused command wrote something"


def test_a_fractional_count_in_the_workbook_is_listed_by_check(tmp_path, capsys):
    path = workbook(cell("asb", THIS_YEAR, MAY, 894.5))(tmp_path)
    code, out, _ = run(capsys, ["check", str(path)])
    assert code == 1
    assert out.splitlines()[0] == (f"ERROR: asb 2015/16 May: 894.5 is not a whole number; a count must be "
                                   f"[{path}: sheet 'asb', cell G14]")
    assert out.splitlines()[-1] == f"1 error(s), 3 warning(s) in {path}"


def test_an_existing_report_is_kept(tmp_path, capsys):
    path = workbook()(tmp_path)
    report = tmp_path / "report.xlsx"
    report.write_text("last quarter's report")
    code, _, err = run(capsys, ["export", str(path), "-o", str(report)])
    assert (code, err) == (2, f"spp-xl: {report}: already exists; use --force to replace it\n")
    assert report.read_text() == "last quarter's report"


# ---------------------------------------------------------------------- cases the tool must answer


@pytest.fixture(scope="module")
def untouched(tmp_path_factory):
    """The summary of the committed workbook, read through an openpyxl round trip so that
    it is compared with edited copies on equal terms."""
    path = workbook(lambda b: None)(tmp_path_factory.mktemp("untouched"))
    code = main(["summary", str(path), "--json"])
    assert code == 0
    return path


def summary_json(capsys, path) -> dict:
    capsys.readouterr()
    code = main(["summary", str(path), "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    return json.loads(out)


@pytest.mark.parametrize("change", [
    lambda b: setattr(b["asb"], "title", "Anti-social behaviour"),          # a renamed sheet
    lambda b: setattr(b[L.MEASURES], "title", "Targets 2015-16"),           # the register's sheet renamed
    lambda b: b["asb"].move_range("B11:Q18", cols=2),                       # the table moved right
    lambda b: b["asb"].insert_cols(M.FIRST_PERIOD_COL + 4),                 # an extra column (before Jul)
    lambda b: b["asb"].cell(ROWS["header"] + 1, 19).__setattr__("value", "Notes"),  # a column of notes
    lambda b: b["dv_reporting"].insert_rows(1, 3),                          # rows inserted above it all
], ids=["renamed sheet", "renamed Measures sheet", "table moved right", "extra column", "notes column",
        "rows inserted"])
def test_edits_the_reader_follows_give_the_same_answer(change, tmp_path, capsys, untouched):
    expected = summary_json(capsys, untouched)
    assert summary_json(capsys, workbook(change)(tmp_path)) == expected


def test_a_blank_mid_year_is_a_gap_not_a_zero(tmp_path, capsys):
    path = workbook(cell("asb", THIS_YEAR, MAY, None))(tmp_path)
    capsys.readouterr()
    code = main(["summary", str(path), "--json"])
    out, err = capsys.readouterr()
    asb = next(m for m in json.loads(out)["measures"] if m["id"] == "asb")
    assert code == 0
    # Not 864 + 0 + 769 at June: the year to date stops where the figures stop, and says so.
    assert (asb["period"], asb["ytd_actual"], asb["ytd_target"], asb["lagging"]) == ("Apr", 864, 838, True)
    assert (f"WARNING: asb 2015/16 May: missing: May is blank but later periods (Jun) have figures "
            f"[{path}: sheet 'asb', cell G14]") in err.splitlines()


def test_an_unknown_measure_in_a_csv_is_a_warning_and_its_figures_are_ignored(tmp_path, capsys):
    path = csv_file(GOOD + "burglary,2015/16,Jun,12\n")(tmp_path)
    code, out, _ = run(capsys, ["check", str(path)])
    assert code == 0
    assert (f"WARNING: burglary 2015/16 Jun: unknown measure id 'burglary' (column measure): not in the register, "
            f"so its 1 figure is not used [{path} line 5, column measure]") in out.splitlines()


def test_extra_and_shuffled_csv_columns_are_read_by_name(tmp_path, capsys):
    plain = summary_json(capsys, csv_file(GOOD)(tmp_path))
    rows = [line.split(",") for line in GOOD.strip().splitlines()]
    shuffled = "\n".join(",".join([r[3], "note", r[1], r[0], r[2]]) for r in rows) + "\n"
    path = csv_file(shuffled.replace("value,note", "value,notes", 1), "shuffled.csv")(tmp_path)
    assert summary_json(capsys, path)["measures"] == plain["measures"]


def test_a_workbook_open_in_excel_is_read_and_exported(tmp_path, capsys, untouched):
    path = lock_file_present(tmp_path)
    assert summary_json(capsys, path) == summary_json(capsys, untouched)
    code, out, err = run(capsys, ["export", str(path)])
    report = tmp_path / "exports" / "SPP_Board_Report_2015-16_Q1.xlsx"
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].startswith(f"Board report written to {report} (")
    assert report.stat().st_size > 10_000
    assert (tmp_path / "~$SPP_Performance.xlsm").exists()  # Excel's lock file is left alone


# ---------------------------------------------------------------------- outputs that cannot be written


@pytest.fixture
def previous_report(tmp_path):
    report = tmp_path / "report.xlsx"
    report.write_bytes(b"last quarter's report")
    return report


def test_an_output_folder_that_cannot_be_written(tmp_path, capsys, monkeypatch):
    if os.geteuid() == 0:  # root writes anywhere: make the folder refuse as it would refuse a user
        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")
        monkeypatch.setattr(tempfile, "mkstemp", refuse)
        folder = tmp_path / "shared"
        folder.mkdir()
    else:
        folder = tmp_path / "shared"
        folder.mkdir(mode=0o500)
    code, _, err = run(capsys, ["export", "-o", str(folder / "r.xlsx")])
    assert (code, err) == (2, f"spp-xl: {folder / 'r.xlsx'}: folder {folder} cannot be written "
                              "(permission denied)\n")


def test_an_output_held_open_in_excel(tmp_path, capsys, monkeypatch, previous_report):
    def held(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")  # what Windows says for a file Excel holds

    monkeypatch.setattr(os, "replace", held)
    code, _, err = run(capsys, ["export", "-o", str(previous_report), "--force"])
    assert (code, err) == (2, f"spp-xl: {previous_report}: cannot be replaced: is it open in Excel? "
                              "Close it and run again\n")
    assert previous_report.read_bytes() == b"last quarter's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_a_full_disk_during_the_export(tmp_path, capsys, monkeypatch, previous_report):
    import spp_xl.report.xlsx as renderer

    def half_then_full(report, path, created=None):
        Path(path).write_bytes(b"PK\x03\x04 half a report")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(renderer, "write_xlsx", half_then_full)
    code, _, err = run(capsys, ["export", "-o", str(previous_report), "--force"])
    assert (code, err) == (2, f"spp-xl: {previous_report}: could not be written (No space left on device)\n")
    assert previous_report.read_bytes() == b"last quarter's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]  # no half-written file left


def test_a_full_disk_while_writing_the_csv(tmp_path, capsys, monkeypatch):
    path = workbook()(tmp_path)
    out = tmp_path / "figures.csv"
    real_write_text = Path.write_text

    def full(self, *args, **kwargs):
        if self.parent == tmp_path and self.name.startswith(".figures."):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    code, _, err = run(capsys, ["data", str(path), "-o", str(out)])
    assert (code, err) == (2, f"spp-xl: {out}: could not be written (No space left on device)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SPP_Performance.xlsm"]


# ---------------------------------------------------------------------- --debug


@pytest.mark.parametrize("argv", [
    ["summary", "{t}/missing.csv", "--debug"],
    ["--debug", "summary", "{t}/book.xls"],
    ["check", "{t}/bad.csv", "--debug"],
])
def test_debug_shows_the_traceback(argv, tmp_path, capsys):
    (tmp_path / "bad.csv").write_text(HEADER + "asb,2015/16,Juno,864\n")
    from spp_xl.core.errors import InputError

    with pytest.raises(InputError):
        main([a.replace("{t}", str(tmp_path)) for a in argv])


def test_an_unexpected_fault_is_one_line_and_debug_shows_it(tmp_path, capsys, monkeypatch):
    import spp_xl.core.engine as engine

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(engine, "summarise", broken)
    code, _, err = run(capsys, ["summary"])
    from spp_xl.files.failures import log_path

    assert (code, err) == (3, "spp-xl: unexpected error: ZeroDivisionError: division by zero "
                              f"(the details are in {log_path()}; run again with --debug to see them here)\n")
    with pytest.raises(ZeroDivisionError):
        main(["summary", "--debug"])
