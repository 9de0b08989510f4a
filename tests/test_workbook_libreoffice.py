"""A real spreadsheet application in the loop: LibreOffice opens the workbook,
recalculates every formula (forced), and each native formula's value equals the
engine's; the picture of a measure sheet shows the judgement's colour.

What LibreOffice does with the add-in's SPP_ functions is asserted too, so that a
change in it is noticed: it calls the VBA wrappers of ``xlwings_udfs``, which cannot
reach Python there, and shows #VALUE!, even opened without recalculation (each is a
dynamic array, which it always recomputes); a formula that never reaches the call (an IF
that short-circuits) keeps its value.
"""

from __future__ import annotations

import datetime as dt
import math
import subprocess
from pathlib import Path

import openpyxl
import pytest

from spp_xl.core.framework import framework
from spp_xl.files.libreoffice import convert
from spp_xl.sources import load_inputs
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S
from spp_xl.workbook import measure_schema as M
from places import ROWS
from spp_xl.workbook.build import workbook_specs

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook" / "SPP_Performance.xlsm"

# No skipping: `make test` installs LibreOffice and poppler (scripts/system-packages.sh);
# without them these tests fail and say so.
pytestmark = pytest.mark.usefixtures("needs_libreoffice")


@pytest.fixture(scope="module")
def specs():
    return workbook_specs(load_inputs())


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    out = convert(COMMITTED, "xlsx", tmp_path_factory.mktemp("lo"), recalculate=True)
    return openpyxl.load_workbook(out, data_only=True)


def same(expected, got) -> bool:
    expected = "" if expected is None else expected
    got = "" if got is None else got
    if isinstance(got, dt.datetime) and isinstance(expected, dt.date):
        got = got.date()
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(expected, got, rel_tol=1e-9, abs_tol=1e-9)
    return expected == got


def test_every_native_formula_equals_the_engine_after_forced_recalculation(specs, recalculated):
    checked, wrong = 0, []
    for spec in specs:
        ws = recalculated[spec.name]
        for cell in spec.formulas("native"):
            got = ws.cell(cell.row + 1, cell.col + 1).value
            if not same(cell.value, got):
                wrong.append(f"{spec.name}!{cell.ref}: engine {cell.value!r}, LibreOffice {got!r} ({cell.formula})")
            checked += 1
    assert not wrong, "\n".join(wrong[:20])
    assert checked > 650  # cumulatives, periods from YTD, % differences, key figures, workings, links


def test_native_key_figures_match_the_seed_after_recalculation(recalculated):
    asb = recalculated["asb"]
    key = {name: asb.cell(ROWS["key"] + 1, M.key_col(name) + 1).value for name in (f.key for f in M.KEY_FIGURES)}
    assert (key["period"], key["ytd"], key["last_ytd"], key["change"]) == ("Jun", 2527, 2713, -186)
    assert round(key["pct_change"], 3) == -0.069 and key["annual_target"] == 10064
    sac = recalculated["sac"]
    assert sac.cell(ROWS["key"] + 1, M.key_col("lag") + 1).value == "Lagging"
    assert sac.cell(ROWS["key"] + 1, M.key_col("trend") + 1).value == "worse"
    assert recalculated[L.SETTINGS].cell(S.setting("reporting_to").row + 1, 3).value == "2015/16 Jun"
    # The custom profile of the hate-incident measure is split from the Measures table natively.
    hate = recalculated["hate_incidents"]
    assert [hate.cell(ROWS["profile"] + 1, M.FIRST_PERIOD_COL + k + 1).value for k in range(12)] == \
        [53, 105, 157, 208, 260, 312, 364, 416, 468, 520, 571, 621]


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    """Opened as it is: LibreOffice's own default for Excel files is not to recalculate."""
    out = convert(COMMITTED, "xlsx", tmp_path_factory.mktemp("lo_opened"), recalculate=False)
    return openpyxl.load_workbook(out, data_only=True)


@pytest.mark.parametrize("book", ["recalculated", "opened"])
def test_what_libreoffice_does_with_the_custom_functions(specs, book, request):
    # Every custom-function cell is a dynamic array, as Excel 365 saves one, and LibreOffice
    # recomputes dynamic arrays on load whatever its setting: opened as it is too, it calls them.
    shown, workbook = {}, request.getfixturevalue(book)
    for spec in specs:
        ws = workbook[spec.name]
        for cell in spec.formulas("custom"):
            got = ws.cell(cell.row + 1, cell.col + 1).value
            if "SPP_" in cell.formula:
                shown.setdefault("calls" if not same(cell.value, got) else "kept", []).append(got)
    # Every SPP_ call that LibreOffice makes comes back #VALUE! (no Python inside it): the
    # forecast and the judgement of the 8 live measures and the 5 straight-line profile rows ...
    assert set(shown["calls"]) == {"#VALUE!"} and len(shown["calls"]) == 21
    # ... and the ones it does not make (the developing measures' IF short-circuits) keep their values.
    assert all(v in ("", None, framework().style("none").label) for v in shown["kept"])


def test_the_picture_of_a_measure_sheet_shows_the_judgement_colour(needs_rendering, tmp_path):
    # Without recalculation LibreOffice shows the cached values, as Excel does before a recalculation.
    pdf = convert(COMMITTED, "pdf", tmp_path, recalculate=False)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "3", "-l", "3", str(pdf), str(tmp_path / "p")],
                   check=True)
    png = next(tmp_path.glob("p*.png"))
    colours = _colours(png)
    green = tuple(int(framework().style("green").colour[i:i + 2], 16) for i in (1, 3, 5))
    assert colours.get(green, 0) > 500, "the crime gap's green banner is missing from the picture"


def _colours(png: Path) -> dict:
    """Pixel counts by colour, read with the standard library only (PNG, 8-bit RGB)."""
    import struct
    import zlib

    data = png.read_bytes()
    pos, chunks, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, _, depth, colour_type = struct.unpack(">IIBB", body[:10])
            assert (depth, colour_type) == (8, 2)
        elif kind == b"IDAT":
            chunks += body
        pos += 12 + length
    raw, stride, counts, previous = zlib.decompress(chunks), width * 3, {}, bytearray(width * 3)
    for start in range(0, len(raw), stride + 1):
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - 3] if i >= 3 else 0
            up, corner = previous[i], previous[i - 3] if i >= 3 else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        for i in range(0, stride, 3):
            pixel = tuple(line[i:i + 3])
            counts[pixel] = counts.get(pixel, 0) + 1
        previous = line
    return counts
