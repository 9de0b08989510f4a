"""One rounding: ``core.numbers.round_half_up`` (which the engine's tidy figures, the number
formatter, the crime gap and the family group all use) gives what a spreadsheet's ROUND
gives. LibreOffice recalculates ``=ROUND(x,2)`` (and to 0 and 1 places) over halves and
near-halves, including rates worked out in floating point as the gap and the family rates
are; each equals ``round_half_up``. Excel's ROUND rounds halves away from nought on the
15 significant digits it keeps (Microsoft's documentation of ROUND and of Excel's
precision), as LibreOffice does; Python's round() does not (it goes to even on the binary).
"""

from __future__ import annotations

import random
from fractions import Fraction

import openpyxl

from spp_xl.core.numbers import round_half_up
from spp_xl.files import write_book
from spp_xl.files.libreoffice import convert, soffice
from spp_xl.files.sheet import Book, SheetSpec

assert soffice() is not None, "LibreOffice is not installed: run make system-packages"


def _values() -> list[float]:
    values = [0.125, 2.675, 3.125, 1.005, 1.015, 8.345, 77.305, 19.325, 0.285, 1.255, -2.675, -0.125,
              2.5, 3.5, -2.5, 10063.5, 0.5, 1234.565, 4.445, 9.995]
    rng = random.Random(20)
    for _ in range(300):  # rates of counts, as the gap and the family group work them out
        crimes, people = rng.randint(0, 4000), rng.randint(800, 40000)
        top, top_people = rng.randint(0, 2000), rng.randint(800, 12000)
        values.append(1000 * crimes / people)
        values.append(1000 * top / top_people - 1000 * crimes / people)
    for _ in range(100):  # exact halves at the third place, written as floats
        values.append(float(Fraction(rng.randint(0, 20000) * 10 + 5, 1000)))
    return values


def test_round_half_up_is_what_libreoffices_round_gives(tmp_path):
    values = _values()
    sheet = SheetSpec("Rounding", hidden_cols=())
    for r, value in enumerate(values):
        sheet.add(r, 0, value, kind="value", style=None)
        for c, places in enumerate((2, 1, 0), start=1):
            sheet.add(r, c, round_half_up(value, places), formula=f"=ROUND(A{r + 1},{places})", kind="native",
                      style=None)
    path = tmp_path / "rounding.xlsx"
    write_book(Book((sheet,), {}, {}), path)
    book = openpyxl.load_workbook(convert(path, "xlsx", tmp_path / "lo", recalculate=True), data_only=True)
    ws = book["Rounding"]
    wrong = []
    for r, value in enumerate(values):
        for c, places in enumerate((2, 1, 0), start=1):
            got = ws.cell(r + 1, c + 1).value
            if got != round_half_up(value, places):
                wrong.append(f"ROUND({value!r},{places}): LibreOffice {got!r}, round_half_up "
                             f"{round_half_up(value, places)!r}")
    assert not wrong, "\n".join(wrong[:20])
    assert sum(round(v, 2) != round_half_up(v, 2) for v in values) >= 50  # the cases where round() differs
