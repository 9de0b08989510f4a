"""Benchmarks 3 and 5: round trips to Excel per Recalculate, and the workbook reader.

3. Recalculate on xlwings' remote engine (a JSON snapshot of the workbook): every call
   that on live Excel crosses to the Excel process is counted — reads of a range's value
   or a sheet's used range, and the write actions the engine returns — for the bundled
   workbook and synthetic workbooks of 10 and 100 measures.
5. Reading the workbook's inputs: spp_xl's reader (python-calamine) against openpyxl
   reading the same cells (values only), as a ratio.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import ROOT, alternate
from synthetic import generate

WORKBOOK = ROOT / "workbook" / "SPP_Performance.xlsm"
NOW = dt.datetime(2015, 7, 20, 9, 30)


def _build(n: int, work: Path) -> Path:
    register, figures = generate(n, work / f"syn{n}")
    # The workbook keeps last year's and this year's months (older years as out-turns only).
    lines = figures.read_text().splitlines()
    figures.write_text("\n".join(line for line in lines if ",2010/" not in line and ",2011/" not in line
                                  and ",2012/" not in line and ",2013/" not in line) + "\n")
    out = work / f"syn{n}.xlsm"
    subprocess.run([sys.executable, "-m", "spp_xl.cli", "build-workbook", str(figures), "--register",
                    str(register), "-o", str(out), "--force"], check=True, capture_output=True)
    return out


def _payload(path: Path) -> dict:
    import xlwings as xw
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    sheets = []
    for name in book.sheet_names:
        values = book.get_sheet_by_name(name).to_python(skip_empty_area=False) or [[""]]
        values = [[v.isoformat() if isinstance(v, (dt.date, dt.datetime, dt.time)) else v for v in row]
                  for row in values]
        sheets.append({"name": name, "values": values, "pictures": [], "tables": []})
    return {"client": "VBA", "version": xw.__version__,
            "book": {"name": str(path), "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": sheets}


def round_trips(path: Path) -> tuple[int, int, int, float]:
    """(sheets, reads, write actions, seconds) of one Recalculate on the remote engine."""
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings as xw

    from spp_xl.excel import macros

    reads = {"n": 0}
    value_prop, used_prop = xw.main.Range.value, xw.main.Sheet.used_range

    def counting(prop):
        def fget(self):
            reads["n"] += 1
            return prop.fget(self)
        return property(fget, prop.fset)

    xw.main.Range.value, xw.main.Sheet.used_range = counting(value_prop), counting(used_prop)
    try:
        book = xw.Book(json=_payload(path))
        start = time.perf_counter()
        macros.recalculate(book, now=NOW)
        elapsed = time.perf_counter() - start
        actions = book.json()["actions"]
    finally:
        xw.main.Range.value, xw.main.Sheet.used_range = value_prop, used_prop
    return len(book.sheets), reads["n"], len(actions), elapsed


def reader_ratio(path: Path, rounds: int = 7) -> tuple[float, float]:
    from openpyxl import load_workbook

    from spp_xl.workbook.reader import read_workbook

    def ours():
        start = time.perf_counter()
        read_workbook(path)
        return time.perf_counter() - start

    def openpyxl_values():
        start = time.perf_counter()
        book = load_workbook(path, read_only=True, data_only=True, keep_vba=False)
        for sheet in book.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass
        book.close()
        return time.perf_counter() - start

    return alternate(ours, openpyxl_values, rounds)


def main() -> list[str]:
    lines = ["3. Round trips to Excel in one Recalculate (remote engine; reads = range values and used ranges)",
             f"   {'workbook':<28} {'sheets':>6} {'reads':>6} {'writes':>6} {'per sheet':>9} {'Python s':>9}"]
    with tempfile.TemporaryDirectory() as work:
        books = [("bundled (12 measures)", WORKBOOK)] + [(f"synthetic {n} measures", _build(n, Path(work)))
                                                         for n in (10, 100)]
        for label, path in books:
            sheets, reads, writes, seconds = round_trips(path)
            lines.append(f"   {label:<28} {sheets:>6} {reads:>6} {writes:>6} {(reads + writes) / sheets:9.1f} "
                         f"{seconds:9.2f}")
        ours, theirs = reader_ratio(WORKBOOK)
        big_ours, big_theirs = reader_ratio(books[-1][1], rounds=3)
    lines += ["5. Reading the workbook's inputs: spp_xl's reader (calamine) against openpyxl (values only)",
              f"   bundled workbook:   {ours * 1000:7.1f} ms against {theirs * 1000:7.1f} ms: "
              f"{theirs / ours:5.1f} x faster",
              f"   100-measure book:   {big_ours * 1000:7.1f} ms against {big_theirs * 1000:7.1f} ms: "
              f"{big_theirs / big_ours:5.1f} x faster"]
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
