"""The board meeting's date is never invented: it comes from --meeting-date or the
workbook's Settings; missing, the report says it is to be confirmed and the command and
the Excel button say so; a date the report cannot be meant for is refused."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw
from remote import payload_from, put, remote_engine  # noqa: F401
from years import year_to

from spp_xl.cli import main
from spp_xl.core.dataset import to_csv_text
from spp_xl.excel import build_workbook, macros
from spp_xl.report import export_report
from spp_xl.report.export import meeting_date_problem
from spp_xl.core.periods import AsOf
from spp_xl.sources import load_inputs
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S
from spp_xl.workbook.reader import read_workbook

FIXTURES = Path(__file__).parent / "fixtures"


def _texts(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    cells = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    footers = " ".join(ws.oddFooter.center.text or "" for ws in wb)
    return cells + " " + footers


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return build_workbook(load_inputs(), tmp_path_factory.mktemp("book") / "SPP_Performance.xlsm")


def test_the_meeting_date_is_a_date_where_it_is_read(workbook):
    assert load_inputs().meeting_date == dt.date(2015, 7, 23)
    assert read_workbook(workbook).meeting_date == dt.date(2015, 7, 23)
    csv = load_inputs(FIXTURES / "seed_as_published.csv")
    assert csv.meeting_date is None


def test_without_a_meeting_date_the_cover_says_to_be_confirmed_and_the_command_says_so(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["export", str(FIXTURES / "seed_as_published.csv"), "--as-of", "2015/16 Jun", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "no board meeting date" in printed and "to be confirmed" in printed
    text = _texts(out)
    assert "Board meeting: date to be confirmed" in text
    today = dt.date.today()
    assert f"{today:%B} {today.year}" not in text.replace("2015", "")  # today is printed nowhere
    assert "date to be confirmed | Page &P of &N" in text  # nor in the footer


@pytest.mark.parametrize("day, as_of, problem", [
    ("2015-06-29", "2015/16 Jun", "before the end of the period it reports"),
    ("2015-10-31", "2015/16 Jun", "more than four months after the end of the period it reports"),
    ("2015-07-23", "2015/16 Sep", "before the end of the period it reports"),  # a quarter-one date at quarter two
    ("2016-03-01", "2015/16 Mar", "before the end of the period it reports"),
])
def test_a_meeting_date_the_report_cannot_be_for_is_refused(tmp_path, capsys, day, as_of, problem):
    source = tmp_path / "figures.csv"
    source.write_text(to_csv_text(year_to(load_inputs().register, "2015/16 Mar").observations))
    out = tmp_path / "r.xlsx"
    assert main(["export", str(source), "--as-of", as_of, "--meeting-date", day, "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    shown = dt.date.fromisoformat(day)
    assert f"{shown.day} {shown:%B %Y}" in err and problem in err
    assert "quarter" in err or "2015/16 to" in err  # the period, in the report's words
    assert not out.exists()


@pytest.mark.parametrize("day, as_of", [("2015-06-30", "2015/16 Jun"), ("2015-10-30", "2015/16 Jun"),
                                        ("2016-05-19", "2015/16 Mar")])
def test_dates_from_the_periods_end_to_four_months_after_are_accepted(day, as_of):
    assert meeting_date_problem(dt.date.fromisoformat(day), AsOf.parse(as_of)) is None


def test_the_excel_button_says_the_date_is_to_be_confirmed(workbook, tmp_path):
    here = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(workbook, here)
    payload = payload_from(here)
    put(payload, L.SETTINGS, L.cell(S.setting("meeting_date").row, S.SETTINGS_VALUE_COL), "")
    book = xw.Book(json=copy.deepcopy(payload))
    written = macros.export(book, created=dt.datetime(2015, 7, 16, 9, 0))
    assert written is not None and "Board meeting: date to be confirmed" in _texts(written)
    alerts = [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]
    assert len(alerts) == 1 and "board meeting date" in alerts[0] and "to be confirmed" in alerts[0]


def test_the_excel_button_shows_the_refusal_in_its_message_box(tmp_path, capsys):
    here = build_workbook(replace(load_inputs(), meeting_date=dt.date(2015, 12, 1)), tmp_path / "SPP_Performance.xlsm")
    book = xw.Book(json=payload_from(here))
    assert macros.export(book) is None
    alerts = [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]
    assert len(alerts) == 1
    assert "1 December 2015" in alerts[0] and "more than four months after" in alerts[0]
    assert not (tmp_path / "exports").exists() or not list((tmp_path / "exports").iterdir())
    # the command line says the same sentence
    assert main(["export", str(here), "-o", str(tmp_path / "r.xlsx")]) == 2
    assert alerts[0] in capsys.readouterr().err


def test_export_report_carries_the_date_it_used(tmp_path):
    result = export_report(load_inputs(), tmp_path / "r.xlsx")
    assert result.meeting_date == dt.date(2015, 7, 23)
    bare = load_inputs(FIXTURES / "seed_as_published.csv")
    result = export_report(bare, tmp_path / "s.xlsx", as_of="2015/16 Jun")
    assert result.meeting_date is None
