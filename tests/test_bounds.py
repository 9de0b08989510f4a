"""A workbook measured before it is read (``spp_xl.files.bounds``): what a reader of values
from A1 would build, found in every form a writer may use, and Excel's error values found
where calamine reads blanks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from test_hostile_input import minimal_xlsx

from spp_xl.core.errors import InputError
from spp_xl.files import ExcelError, read_grids
from spp_xl.files.bounds import MAX_CELLS, measure_workbook

COMMITTED = Path(__file__).resolve().parent.parent / "workbook" / "SPP_Performance.xlsm"
HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main">')


def sheet(body: str, head: str = HEAD, tail: str = "</worksheet>") -> bytes:
    return f"{head}<sheetData>{body}</sheetData>{tail}".encode()


def book(tmp_path: Path, *sheets: bytes) -> Path:
    path = tmp_path / "book.xlsx"
    minimal_xlsx(path, {f"xl/worksheets/sheet{i + 1}.xml": s for i, s in enumerate(sheets)})
    return path


def test_the_bundled_workbook_is_well_within_the_limits():
    contents = measure_workbook(COMMITTED)
    assert 1_000 < contents.cells < MAX_CELLS / 500
    # The family group's chart cells show #N/A by design (NA() leaves a gap in the chart).
    assert set(contents.errors) == {"Family group"}
    assert set(contents.errors["Family group"].values()) == {"#N/A"}


@pytest.mark.parametrize("body, cells", [
    ('<row r="3"><c r="D3"><v>1</v></c></row>', 3 * 4),                        # as Excel writes it
    ('<row r="3"><c r="D3" s="1"/></row><row r="9"><c r="B9"><v>2</v></c></row>', 9 * 2),  # a format only: not read
    ("<row r='3'><c r='D3'><v>1</v></c></row>", 3 * 4),                        # single quotes
    ('<row r="3"><c\tr="D3"><v>1</v></c></row>', 3 * 4),                       # a tab between the attributes
    ('<row r="2"><c r="$E$2"><v>1</v></c></row>', 2 * 5),                       # absolute, as some writers do
])
def test_the_extent_is_what_holds_something(tmp_path, body, cells):
    assert measure_workbook(book(tmp_path, sheet(body))).cells == cells


def test_a_namespace_prefix_is_no_way_round(tmp_path):
    head = HEAD.replace("<worksheet xmlns=", "<x:worksheet xmlns:x=")
    body = sheet('<x:row r="2000000"><x:c r="ZZ2000000"><x:v>1</x:v></x:c></x:row>'.replace("2000000", "400000"),
                 head, "</x:worksheet>").replace(b"<sheetData>", b"<x:sheetData>").replace(b"</sheetData>",
                                                                                         b"</x:sheetData>")
    with pytest.raises(InputError, match=r"cell ZZ400000 makes the sheet 400,000 rows by 702 columns"):
        measure_workbook(book(tmp_path, body))


def test_the_limit_is_over_all_sheets(tmp_path):
    # Each sheet alone is within the limit; together they are not.
    half = sheet('<row r="1000"><c r="CV1000"><v>1</v></c></row><row r="21000"><c r="A21000"><v>1</v></c></row>')
    with pytest.raises(InputError, match=r"^.*sheet 'Sheet2'.*over the 4,000,000 cells"):
        measure_workbook(book(tmp_path, half, half))


def test_error_values_reach_the_reader_as_excel_errors(tmp_path):
    body = ('<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
            "<c r='C1' t='e'><v>#N/A</v></c><c r=\"D1\" t=\"str\"><v>#N/A</v></c></row>")
    grid = dict(read_grids(book(tmp_path, sheet(body))))["Sheet1"]
    assert grid[0][:3] == [1.0, "#DIV/0!", "#N/A"]
    assert [isinstance(v, ExcelError) for v in grid[0]] == [False, True, True, False]  # typed text is text


def test_a_part_that_fails_its_checksum_is_a_damaged_workbook(tmp_path):
    path = book(tmp_path, sheet('<row r="1"><c r="A1"><v>1</v></c></row>' * 50))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    crc = info.CRC.to_bytes(4, "little")
    for at in [i for i in range(len(data) - 3) if data[i:i + 4] == crc]:  # its local header and the directory
        data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"damaged .*\(xl/worksheets/sheet1.xml fails its checksum\)"):
        measure_workbook(path)


class PanicException(BaseException):
    """What pyo3 raises for a panic in Rust code (a BaseException, not an Exception)."""


def test_a_panic_in_calamine_is_a_damaged_workbook(tmp_path, monkeypatch):
    import python_calamine

    def panics(path):
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", panics)
    path = book(tmp_path, sheet('<row r="1"><c r="A1"><v>1</v></c></row>'))
    with pytest.raises(InputError, match=r"damaged or incomplete .*\(called `Option::unwrap\(\)` on a `None` value\)$"):
        read_grids(path)


def test_an_interruption_while_calamine_reads_is_not_taken_for_damage(tmp_path, monkeypatch):
    import python_calamine

    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", interrupted)
    with pytest.raises(KeyboardInterrupt):
        read_grids(book(tmp_path, sheet('<row r="1"><c r="A1"><v>1</v></c></row>')))


@pytest.mark.parametrize("reference", ["XFE1", "A1048577"])
def test_a_cell_beyond_excels_grid_is_a_damaged_workbook(tmp_path, reference):
    body = f'<row r="{reference[3:] if reference.startswith("XFE") else "1048577"}"><c r="{reference}"><v>1</v></c></row>'
    with pytest.raises(InputError, match=r"sheet 'Sheet1' has a cell beyond Excel's grid: it is damaged"):
        measure_workbook(book(tmp_path, sheet(body)))


def test_a_zip_of_a_version_python_cannot_read_is_a_damaged_workbook(tmp_path):
    """A flipped byte in a part's "version needed to extract" (zipfile: NotImplementedError)."""
    path = book(tmp_path, sheet('<row r="1"><c r="A1"><v>1</v></c></row>'))
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02")  # the last part's entry in the central directory: the sheet's
    data[central + 6] = 251  # version needed to extract: 25.1
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"damaged or incomplete .*\(zip file version 25.1\)"):
        measure_workbook(path)
