"""Fuzzing: CSVs and workbooks with random corruptions. The tool either answers
(exit 0, valid JSON, a whole report) or refuses cleanly (exit 1 or 2, a message that
names where, no traceback, no file left half-written). Never exit 3 (an unexpected fault).

Bounded for the suite: a few dozen examples, derandomised so that a run is repeatable.
``SPP_FUZZ_EXAMPLES=500 SPP_FUZZ_RANDOM=1 pytest tests/test_fuzz.py`` explores further.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workbook_copies import edited_copy

from spp_xl.cli import main
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S
from spp_xl.workbook import measure_schema as M
from places import ROWS

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "SPP_Performance.xlsm"
BUNDLED = resources.files("spp_xl.bundled").joinpath("spp_2015-16.csv").read_text(encoding="utf-8")
EXAMPLES = int(os.environ.get("SPP_FUZZ_EXAMPLES", "0"))
RANDOM = bool(os.environ.get("SPP_FUZZ_RANDOM"))


def bounded(examples: int):
    return settings(max_examples=EXAMPLES or examples, deadline=None, derandomize=not RANDOM, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def run(argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def assert_clean_refusal(code: int, err: str) -> None:
    """Exit 2: one line. Exit 1: the data errors, one line each, each saying where it is."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines and lines[0].startswith("spp-xl: "), err
    if code == 2:
        assert len(lines) == 1, err
    else:
        assert code == 1, err
        assert "data error(s) stop the report" in lines[0], err
        errors = lines[1:] or [lines[0]]
        assert all("ERROR: " in line and "[" in line for line in errors), err


def answers_or_refuses(source: Path, out_dir: Path) -> None:
    """summary --json, then export, on one corrupted source."""
    code, out, err = run(["summary", str(source), "--json"])
    if code == 0:
        doc = json.loads(out)
        assert doc["measures"] and all("rag" in m for m in doc["measures"])
        assert "Traceback" not in err
    else:
        assert_clean_refusal(code, err)

    report = out_dir / "report.xlsx"
    code, out, err = run(["export", str(source), "-o", str(report), "--meeting-date", "2015-07-23"])
    if code == 0:
        with zipfile.ZipFile(report) as archive:
            assert archive.testzip() is None and "xl/workbook.xml" in archive.namelist()
        report.unlink()
    else:
        assert_clean_refusal(code, err)
    assert list(out_dir.iterdir()) == [], "a refused export left a file behind"


# ---------------------------------------------------------------------- CSVs

CELL_TEXT = st.one_of(
    st.sampled_from(["", "n/a", "TBC", "1,612", "17%", "-3", "12.5", "0", "1e308", "nan", "inf", "-0",
                     "01/05/2015", "2015-05-01", "=1+1", "  864  ", "８６４", "\u00a0", "1 612", "£300", "Q5", "Year",
                     "2015/16", "2015-16", "asb", "ASB"]),
    st.text(max_size=12),
    st.integers(-10**6, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


@st.composite
def corrupted_csv(draw) -> str:
    lines = BUNDLED.splitlines()
    header, rows = lines[0].split(","), [line.split(",") for line in lines[1:]]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cell", "value", "duplicate", "shuffle", "truncate_line", "drop_row",
                                     "extra_column", "truncate_file", "blank_line"]))
        if not rows:
            break
        i = draw(st.integers(0, len(rows) - 1))
        if kind == "cell":
            row = rows[i]
            if row:
                row[draw(st.integers(0, len(row) - 1))] = draw(CELL_TEXT).replace(",", ";").replace("\n", " ")
        elif kind == "value" and len(rows[i]) == len(header):
            rows[i][header.index("value")] = draw(CELL_TEXT).replace(",", ";").replace("\n", " ")
        elif kind == "duplicate":
            rows.insert(draw(st.integers(0, len(rows))), list(rows[i]))
        elif kind == "shuffle":
            order = draw(st.permutations(range(len(header))))
            header = [header[j] for j in order]
            rows = [[r[j] for j in order] if len(r) == len(order) else r for r in rows]
        elif kind == "truncate_line":
            rows[i] = rows[i][:draw(st.integers(0, max(len(rows[i]) - 1, 0)))]
        elif kind == "drop_row":
            del rows[i]
        elif kind == "extra_column":
            header = header + ["notes"]
            rows = [r + [draw(st.sampled_from(["", "x", "checked"]))] for r in rows]
        elif kind == "blank_line":
            rows.insert(i, [])
        elif kind == "truncate_file":
            text = "\n".join([",".join(header)] + [",".join(r) for r in rows])
            return text[:draw(st.integers(0, len(text)))]
    return "\n".join([",".join(header)] + [",".join(r) for r in rows]) + "\n"


@bounded(40)
@given(text=corrupted_csv())
def test_a_corrupted_csv_is_answered_or_refused_cleanly(text):
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "figures.csv"
        source.write_text(text, encoding="utf-8")
        out_dir = Path(work) / "out"
        out_dir.mkdir()
        answers_or_refuses(source, out_dir)


@bounded(15)
@given(data=st.binary(max_size=300), keep=st.integers(0, 400))
def test_a_csv_of_random_bytes_is_refused_cleanly(data, keep):
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "figures.csv"
        source.write_bytes(BUNDLED.encode()[:keep] + data)
        out_dir = Path(work) / "out"
        out_dir.mkdir()
        answers_or_refuses(source, out_dir)


# ---------------------------------------------------------------------- workbooks

MEASURE_SHEETS = ("asb", "crime_gap", "da_referrals", "hate_incidents", "sac", "dv_reporting")
TYPED = st.one_of(
    st.none(),
    st.sampled_from(["n/a", "TBC", "1,612", "17%", "=1+1", "+44", "@x", "-", "?", " "]),
    st.integers(-10**6, 10**6),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2040, 1, 1)),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=10),  # what a cell can hold
)


def _type(ws, row: int, col: int, value) -> None:
    cell = ws.cell(row, col)
    if isinstance(cell, openpyxl.cell.cell.MergedCell):
        return  # inside a merged block: Excel types into its first cell only
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # typed text, as Excel stores it (never a formula)


@st.composite
def workbook_edits(draw) -> list:
    edits = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["figure", "figure", "figure", "register", "settings", "header", "rename",
                                     "delete", "move", "insert_rows", "insert_cols", "family", "recommendation"]))
        if kind == "figure":
            row = ROWS[draw(st.sampled_from(["last_year", "this_year", "last_cum", "this_cum"]))] + 1
            col = draw(st.integers(M.OUTTURN_COLS[0] + 1, M.FIRST_PERIOD_COL + 12))
            edits.append((kind, draw(st.sampled_from(MEASURE_SHEETS)), row, col, draw(TYPED)))
        elif kind == "register":
            row = draw(st.integers(S.MEASURES.header_row + 2, S.MEASURES.header_row + 14))
            edits.append((kind, row, draw(st.integers(2, 21)), draw(TYPED)))
        elif kind == "settings":
            edits.append((kind, draw(st.sampled_from([s.row for s in S.SETTINGS])) + 1, draw(TYPED)))
        elif kind == "header":
            edits.append((kind, draw(st.sampled_from(MEASURE_SHEETS)), draw(st.integers(2, 20)),
                          draw(st.sampled_from(["Apr", "Jun", "Q1", "14/15", "2014/15", "2012-13", "Total", "",
                                                "13/15", "2014"]))))
        elif kind == "rename":
            edits.append((kind, draw(st.sampled_from(MEASURE_SHEETS + (L.SETTINGS, L.MEASURES, L.EXCEPTIONS))),
                          draw(st.text(alphabet="abcdefghij XYZ_0123", min_size=1, max_size=20))))
        elif kind == "delete":
            edits.append((kind, draw(st.sampled_from(MEASURE_SHEETS + (L.SETTINGS, L.MEASURES, L.EXCEPTIONS,
                                                                        L.FAMILY_GROUP, L.RECOMMENDATIONS,
                                                                        L.DASHBOARD, L.CHECKS)))))
        elif kind == "move":
            edits.append((kind, draw(st.sampled_from(MEASURE_SHEETS)), draw(st.integers(-3, 5)),
                          draw(st.integers(0, 4))))
        elif kind in ("insert_rows", "insert_cols"):
            edits.append((kind, draw(st.sampled_from(MEASURE_SHEETS + (L.MEASURES, L.SETTINGS))),
                          draw(st.integers(1, 20))))
        elif kind == "family":
            edits.append((kind, draw(st.integers(S.FAMILY_GROUP.header_row + 1, S.FAMILY_GROUP.header_row + 6)),
                          draw(st.integers(2, 5)), draw(TYPED)))
        else:
            edits.append((kind, draw(st.integers(S.RECOMMENDATIONS.header_row + 2, 12)), draw(st.integers(2, 5)),
                          draw(TYPED)))
    return edits


def apply(book, edit) -> None:
    kind = edit[0]
    named = {"figure": edit[1], "header": edit[1], "register": L.MEASURES, "settings": L.SETTINGS,
             "family": L.FAMILY_GROUP, "recommendation": L.RECOMMENDATIONS}.get(kind)
    if named is not None and named not in book.sheetnames:
        return  # renamed or deleted by an earlier edit
    if kind == "figure":
        _type(book[edit[1]], edit[2], edit[3], edit[4])
    elif kind == "register":
        _type(book[L.MEASURES], edit[1], edit[2], edit[3])
    elif kind == "settings":
        _type(book[L.SETTINGS], edit[1], S.SETTINGS_VALUE_COL + 1, edit[2])
    elif kind == "header":
        _type(book[edit[1]], ROWS["header"] + 1, edit[2], edit[3])
    elif kind == "rename" and edit[1] in book.sheetnames and edit[2] not in book.sheetnames:
        book[edit[1]].title = edit[2]
    elif kind == "delete" and edit[1] in book.sheetnames:
        book.remove(book[edit[1]])
    elif kind == "move" and edit[1] in book.sheetnames:
        top = ROWS["header"] + 1
        book[edit[1]].move_range(f"B{top}:Q{top + 7}", rows=edit[2], cols=edit[3])
    elif kind == "insert_rows" and edit[1] in book.sheetnames:
        book[edit[1]].insert_rows(edit[2])
    elif kind == "insert_cols" and edit[1] in book.sheetnames:
        book[edit[1]].insert_cols(edit[2])
    elif kind == "family":
        _type(book[L.FAMILY_GROUP], edit[1], edit[2], edit[3])
    elif kind == "recommendation":
        _type(book[L.RECOMMENDATIONS], edit[1], edit[2], edit[3])


@bounded(30)
@given(edits=workbook_edits())
def test_a_workbook_edited_by_hand_is_answered_or_refused_cleanly(edits):
    with tempfile.TemporaryDirectory() as work:
        source = edited_copy(Path(work) / "SPP_Performance.xlsm",
                             lambda book: [apply(book, edit) for edit in edits])
        out_dir = Path(work) / "out"
        out_dir.mkdir()
        answers_or_refuses(source, out_dir)


@bounded(20)
@given(cut=st.integers(0, 100), flips=st.lists(st.tuples(st.integers(0, 10**9), st.integers(1, 255)),
                                               min_size=0, max_size=8))
def test_a_damaged_workbook_file_is_answered_or_refused_cleanly(cut, flips):
    data = bytearray(COMMITTED.read_bytes())
    if cut < 100:  # most examples truncate: a copy interrupted part-way
        del data[len(data) * cut // 100:]
    for position, mask in flips:
        if data:
            data[position % len(data)] ^= mask
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "SPP_Performance.xlsm"
        source.write_bytes(bytes(data))
        out_dir = Path(work) / "out"
        out_dir.mkdir()
        answers_or_refuses(source, out_dir)
