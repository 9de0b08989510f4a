"""spp-xl build-workbook, data and add-measure, through the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from spp_xl.cli import main
from spp_xl.core.dataset import read_csv
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S
from spp_xl.workbook import measure_schema as M
from places import ROWS
from spp_xl.workbook.reader import read_workbook

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "SPP_Performance.xlsm"


@pytest.fixture()
def workbook(tmp_path):
    path = tmp_path / "SPP_Performance.xlsm"
    shutil.copy(COMMITTED, path)
    return path


def test_build_workbook_writes_and_refuses_to_overwrite_without_force(tmp_path, capsys):
    out = tmp_path / "w.xlsm"
    assert main(["build-workbook", "-o", str(out)]) == 0
    assert out.read_bytes() == COMMITTED.read_bytes()
    assert "wrote" in capsys.readouterr().out
    before = out.stat().st_mtime_ns
    assert main(["build-workbook", "-o", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"spp-xl: {out}: already exists; use --force to replace it"
    assert out.stat().st_mtime_ns == before
    assert main(["build-workbook", "-o", str(out), "--force"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.xlsm"]  # no temporary file left behind


def test_build_workbook_refuses_a_non_xlsm_name_and_its_own_source(workbook, capsys):
    assert main(["build-workbook", "-o", str(workbook.with_suffix(".xlsx"))]) == 2
    assert "must end in .xlsm" in capsys.readouterr().err
    assert main(["build-workbook", str(workbook), "-o", str(workbook), "--force"]) == 2
    assert "is also the source" in capsys.readouterr().err
    assert workbook.read_bytes() == COMMITTED.read_bytes()


def test_summary_of_the_workbook_equals_summary_of_the_csv(capsys):
    assert main(["summary", str(COMMITTED), "--json"]) == 0
    from_workbook = json.loads(capsys.readouterr().out)
    assert main(["summary", "--json"]) == 0
    assert from_workbook == json.loads(capsys.readouterr().out)


def test_data_writes_the_figures_and_they_build_the_same_workbook(tmp_path, capsys):
    csv = tmp_path / "figures.csv"
    assert main(["data", str(COMMITTED), "-o", str(csv)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert sorted((o.measure, o.year, o.period, o.value) for o in read_csv(csv).observations) == \
        sorted((o.measure, o.year, o.period, o.value) for o in read_csv().observations)
    assert main(["data", str(COMMITTED)]) == 0
    assert capsys.readouterr().out == csv.read_text()
    assert main(["data", str(COMMITTED), "-o", str(csv)]) == 2  # exists
    assert main(["data", str(csv)]) == 2
    assert "is not a workbook" in capsys.readouterr().err


def test_add_measure_makes_a_new_workbook_with_its_row_and_sheet(workbook, tmp_path, capsys):
    out = tmp_path / "new.xlsm"
    code = main(["add-measure", str(workbook), "--id", "violence_with_injury", "--title",
                 "Reduce violence with injury", "--direction", "reduce", "--frequency", "monthly",
                 "--annual-target", "2400", "--after", "asb", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert workbook.read_bytes() == COMMITTED.read_bytes()  # the source is never written
    new = read_workbook(out)
    ids = [m.id for m in new.register]
    assert ids[ids.index("asb") + 1] == "violence_with_injury"
    added = new.register.get("violence_with_injury")
    assert (added.annual_target, added.direction, added.profile) == (2400, "reduce", "straight")
    old = read_workbook(workbook)
    assert [(o.measure, o.year, o.period, o.value) for o in new.dataset.observations] == \
        [(o.measure, o.year, o.period, o.value) for o in old.dataset.observations]
    book = openpyxl.load_workbook(out, data_only=True)
    sheet = book["violence_with_injury"]
    assert sheet.cell(1, 1).value == "spp:measure=violence_with_injury"
    profile = [sheet.cell(ROWS["profile"] + 1, M.FIRST_PERIOD_COL + k + 1).value for k in (0, 11)]
    assert profile == [200, 2400]
    assert sheet.cell(ROWS["key"] + 1, M.key_col("judgement") + 1).value == "No data yet"
    dashboard = [book[L.DASHBOARD].cell(r, 2).value for r in range(1, book[L.DASHBOARD].max_row + 1)]
    assert "Reduce violence with injury" in dashboard


def test_add_measure_keeps_staff_inputs(workbook, tmp_path):
    book = openpyxl.load_workbook(workbook, keep_vba=True)
    book[L.EXCEPTIONS].cell(S.EXCEPTIONS.header_row + 2, 5).value = "Our words on the gap."
    book[L.RECOMMENDATIONS].cell(S.RECOMMENDATIONS.header_row + 2, 4).value = "Agreed"
    book.save(workbook)
    out = tmp_path / "new.xlsm"
    assert main(["add-measure", str(workbook), "--id", "x1", "--title", "X", "--direction", "monitor",
                 "--frequency", "quarterly", "-o", str(out)]) == 0
    new = read_workbook(out)
    assert new.commentary == {"crime_gap": ("Our words on the gap.",)}
    assert new.recommendations[0].progress == "Agreed"


@pytest.mark.parametrize("extra, message", [
    (["--id", "asb", "--title", "A", "--direction", "reduce", "--frequency", "monthly", "--annual-target", "1"],
     "add-measure: field 'id': 'asb' is already in the Measures table"),
    (["--id", "new", "--title", "A", "--direction", "reduce", "--frequency", "monthly"],
     "add-measure: field 'annual_target': is required for a measure to reduce"),
    (["--id", "new", "--title", "A", "--direction", "sideways", "--frequency", "monthly"],
     "add-measure: field 'direction': 'sideways' is not one of increase, reduce, monitor"),
])
def test_add_measure_refuses_a_bad_measure_in_one_line(workbook, tmp_path, capsys, extra, message):
    out = tmp_path / "new.xlsm"
    assert main(["add-measure", str(workbook), *extra, "-o", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"spp-xl: {message}"
    assert not out.exists()


def test_add_measure_never_writes_over_its_source(workbook, capsys):
    code = main(["add-measure", str(workbook), "--id", "new", "--title", "A", "--direction", "monitor",
                 "--frequency", "monthly", "-o", str(workbook), "--force"])
    assert code == 2 and "is the workbook being read" in capsys.readouterr().err
    assert workbook.read_bytes() == COMMITTED.read_bytes()
