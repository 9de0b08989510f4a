"""No command changes the bytes of the workbook it reads (issue 7, "nothing lost").

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
