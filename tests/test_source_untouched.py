"""No command changes the bytes of the workbook it reads ("nothing lost").

Every command is run on a copy of the committed workbook (and once with Excel's lock
file beside it, as when a colleague has it open); the copy's bytes and modification
time are compared before and after, and nothing but the command's own output may
appear beside it.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from workbook_copies import edited_copy

from spp_xl.cli import main

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "SPP_Performance.xlsm"
LOCK = "~$SPP_Performance.xlsm"

# (name, argv with {w} for the workbook and {d} for its folder, exit codes it may give,
#  what it may add to the folder)
COMMANDS = [
    ("summary", ["summary", "{w}"], {0}, set()),
    ("summary --json", ["summary", "{w}", "--json", "--as-of", "2015/16 May"], {0}, set()),
    ("check", ["check", "{w}", "--json"], {0}, set()),
    ("export", ["export", "{w}"], {0}, {"exports"}),
    ("export again, --force", ["export", "{w}", "--force"], {0}, {"exports"}),
    ("export -o", ["export", "{w}", "-o", "{d}/report.xlsx"], {0}, {"report.xlsx"}),
    ("data", ["data", "{w}"], {0}, set()),
    ("data -o", ["data", "{w}", "-o", "{d}/figures.csv"], {0}, {"figures.csv"}),
    ("build-workbook from it", ["build-workbook", "{w}", "-o", "{d}/rebuilt.xlsm"], {0}, {"rebuilt.xlsm"}),
    ("build-workbook onto it", ["build-workbook", "{w}", "-o", "{w}", "--force"], {2}, set()),
    ("add-measure", ["add-measure", "{w}", "--id", "burglary", "--title", "Reduce burglary", "--direction",
                     "reduce", "--frequency", "monthly", "--annual-target", "1200", "-o", "{d}/new.xlsm"],
     {0}, {"new.xlsm"}),
    ("add-measure onto it", ["add-measure", "{w}", "--id", "burglary", "--title", "Reduce burglary",
                             "--direction", "reduce", "--frequency", "monthly", "--annual-target", "1200",
                             "-o", "{w}", "--force"], {2}, set()),
    ("doctor", ["doctor", "{w}"], {0, 1}, set()),
]


def fingerprint(path: Path) -> tuple:
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns, stat.st_size, stat.st_mode


@pytest.mark.parametrize("open_in_excel", [False, True], ids=["closed", "open in Excel"])
@pytest.mark.parametrize("name, argv, codes, adds", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_no_command_changes_the_source_workbook(name, argv, codes, adds, open_in_excel, tmp_path, capsys):
    book = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(COMMITTED, book)
    if open_in_excel:
        (tmp_path / LOCK).write_bytes(b"\x0bsomeone" + b"\0" * 100)
    before = fingerprint(book)
    listing = {p.name for p in tmp_path.iterdir()}
    code = main([a.replace("{w}", str(book)).replace("{d}", str(tmp_path)) for a in argv])
    _, err = capsys.readouterr()
    assert code in codes, err
    assert fingerprint(book) == before
    assert book.read_bytes() == COMMITTED.read_bytes()
    assert {p.name for p in tmp_path.iterdir()} - listing == adds  # no temporary or backup left beside it
    if open_in_excel:
        assert (tmp_path / LOCK).read_bytes().startswith(b"\x0bsomeone")


def test_a_refused_overwrite_of_the_source_says_why(tmp_path, capsys):
    book = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(COMMITTED, book)
    assert main(["build-workbook", str(book), "-o", str(book), "--force"]) == 2
    assert capsys.readouterr().err == (f"spp-xl: {book}: is also the source: write the rebuilt workbook "
                                       "to a new file\n")
    assert book.read_bytes() == COMMITTED.read_bytes()


def test_a_csv_source_is_untouched_too(tmp_path, capsys):
    book = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(COMMITTED, book)
    csv = tmp_path / "figures.csv"
    assert main(["data", str(book), "-o", str(csv)]) == 0
    before = fingerprint(csv)
    for argv in (["summary", str(csv)], ["check", str(csv)], ["export", str(csv)],
                 ["build-workbook", str(csv), "-o", str(tmp_path / "from_csv.xlsm")]):
        assert main(argv) == 0
        assert fingerprint(csv) == before
    capsys.readouterr()


# ---------------------------------------------------------------------- build-workbook --force


def typed_into(tmp_path: Path, change) -> Path:
    return edited_copy(tmp_path / "SPP_Performance.xlsm", change)


def july(book):
    from spp_xl.workbook import measure_schema as M
    from places import ROWS

    book["asb"].cell(ROWS["this_year"] + 1, M.FIRST_PERIOD_COL + 4).value = 801  # Jul, column I


def commentary(book):
    from spp_xl.workbook import layout as L
    from spp_xl.workbook import schema as S

    ws = book[L.EXCEPTIONS]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "measure=sac")
    ws.cell(row, len(S.EXCEPTIONS.headings) + 1).value = "Burglary is down in the city centre."


def progress(book):
    from spp_xl.workbook import layout as L
    from spp_xl.workbook import schema as S

    book[L.RECOMMENDATIONS].cell(S.RECOMMENDATIONS.header_row + 3, 4).value = "Agreed at the July board"


@pytest.mark.parametrize("change, lost", [
    (july, "the figure 801 in sheet 'asb', cell I14 (asb 2015/16 Jul)"),
    (commentary, "your commentary on sac"),
    (progress, "the progress of recommendation 2"),
], ids=["a month typed in", "staff commentary", "recommendation progress"])
def test_build_workbook_force_keeps_a_workbook_holding_what_the_source_lacks(change, lost, tmp_path, capsys):
    book = typed_into(tmp_path, change)
    before = fingerprint(book)
    code = main(["build-workbook", "-o", str(book), "--force"])
    assert (code, capsys.readouterr().err) == (2, (
        f"spp-xl: {book}: holds what bundled data does not: {lost}; write the new workbook to another file, "
        "or add --discard to lose them\n"))
    assert fingerprint(book) == before
    assert main(["build-workbook", "-o", str(book), "--force", "--discard"]) == 0
    assert book.read_bytes() != before  # told to, it replaces
    capsys.readouterr()


def test_build_workbook_force_replaces_a_workbook_the_source_holds_whole(tmp_path, capsys):
    book = tmp_path / "SPP_Performance.xlsm"
    shutil.copyfile(COMMITTED, book)
    from spp_xl.workbook.reader import read_workbook
    from spp_xl.core.dataset import to_csv_text

    csv = tmp_path / "figures.csv"
    csv.write_text(to_csv_text(read_workbook(book).dataset.observations))
    assert main(["build-workbook", str(csv), "-o", str(book), "--force"]) == 0  # the same figures: nothing lost
    assert main(["build-workbook", "-o", str(book), "--force"]) == 0
    capsys.readouterr()


def test_build_workbook_force_will_not_replace_what_it_cannot_check(tmp_path, capsys):
    book = tmp_path / "SPP_Performance.xlsm"
    book.write_bytes(COMMITTED.read_bytes()[:20_000])
    code = main(["build-workbook", "-o", str(book), "--force"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"spp-xl: {book}: cannot be checked for figures the source lacks (")
    assert err.endswith("move it aside, or add --discard to replace it anyway\n")
    assert len(book.read_bytes()) == 20_000
