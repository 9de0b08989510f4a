"""The workbook's package against what Excel itself writes.

Every fact below was read from a workbook Excel saved, in the public xlwings repository
(commit aee5b72c; read with ``git show``, not kept here), and is written as a literal with
the file and part it came from:

- ``udf_tests.xlsm``: tests/udfs/udf_tests.xlsm, saved by 64-bit Excel 365 (calcId 191029,
  custom functions as dynamic arrays);
- ``quickstart.xlsm``: xlwings/quickstart_standalone.xlsm, saved by 64-bit Excel 365;
- ``dynamic_array_tests.xlsm``: tests/udfs/dynamic_array_tests.xlsm, saved by Excel for Mac.

Where we differ from Excel on purpose (the VBA project's version and compiled code: Excel
compiled its projects, we write source only) the test says so.
"""

from __future__ import annotations

import re
import zipfile

import olefile
import pytest

from spp_xl.workbook.build import build_workbook, workbook_specs

# ------------------------------------------------------------------ facts from Excel-saved files

# quickstart.xlsm, [Content_Types].xml (Defaults and Overrides); udf_tests.xlsm for metadata.xml
# and for a drawing (its vbaProject.bin is an Override there, bin being its printer settings' Default).
EXCEL_CONTENT_TYPES = {
    "xl/vbaProject.bin": "application/vnd.ms-office.vbaProject",
    "xl/workbook.xml": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "xl/worksheets/sheet1.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "xl/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
    "xl/styles.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
    "xl/sharedStrings.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
    "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    "_rels/.rels": "application/vnd.openxmlformats-package.relationships+xml",
    "xl/metadata.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml",
    "xl/drawings/drawing1.xml": "application/vnd.openxmlformats-officedocument.drawing+xml",
    "xl/drawings/vmlDrawing1.vml": "application/vnd.openxmlformats-officedocument.vmlDrawing",
}
# quickstart.xlsm, the file list: the parts every macro-enabled workbook of Excel's has.
EXCEL_PARTS = {"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml",
               "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml", "xl/theme/theme1.xml",
               "xl/vbaProject.bin", "xl/workbook.xml", "xl/worksheets/sheet1.xml"}
# quickstart.xlsm, _rels/.rels: relationship type -> target.
EXCEL_PACKAGE_RELS = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument": "xl/workbook.xml",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties": "docProps/core.xml",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties": "docProps/app.xml",
}
# quickstart.xlsm, xl/_rels/workbook.xml.rels (udf_tests.xlsm for sheetMetadata): type -> target.
EXCEL_WORKBOOK_RELS = {
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject": "vbaProject.bin",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme": "theme/theme1.xml",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles": "styles.xml",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings": "sharedStrings.xml",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata": "metadata.xml",
}
WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"  # quickstart.xlsm

# The PROJECT stream of the three files' xl/vbaProject.bin: the keys each one has, and the ones all have.
EXCEL_PROJECT_KEYS = {"ID", "Document", "Module", "Class", "HelpFile", "Name", "HelpContextID",
                      "VersionCompatible32", "CMG", "DPB", "GC"}
EXCEL_PROJECT_KEYS_IN_ALL = {"ID", "Document", "Module", "Name", "HelpContextID", "VersionCompatible32",
                             "CMG", "DPB", "GC"}
EXCEL_VERSION_COMPATIBLE32 = "393222000"  # all three, PROJECT
EXCEL_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"  # all three, PROJECT
# quickstart.xlsm, xl/vbaProject.bin, module Sheet2 (an empty sheet's): Excel's document module,
# its source whole. ThisWorkbook's differs only in its VB_Base, 0{00020819-0000-0000-C000-000000000046}.
EXCEL_SHEET_MODULE = (
    'Attribute VB_Name = "{name}"\r\nAttribute VB_Base = "0{{00020820-0000-0000-C000-000000000046}}"\r\n'
    "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
    "Attribute VB_PredeclaredId = True\r\nAttribute VB_Exposed = True\r\n"
    "Attribute VB_TemplateDerived = False\r\nAttribute VB_Customizable = True\r\n")
EXCEL_WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"  # quickstart.xlsm, ThisWorkbook
# udf_tests.xlsm and quickstart.xlsm, VBA/_VBA_PROJECT: 64-bit Excel 365's version, then its
# compiled cache (7,930 and 4,963 bytes in all). A project claiming it must carry that cache.
EXCEL_365_VERSION_STREAM_START = bytes.fromhex("CC61B500000300")
# quickstart.xlsm, xl/workbook.xml and xl/worksheets/sheet1.xml, sheet2.xml: the code names.
EXCEL_WORKBOOK_CODE_NAME = '<workbookPr showInkAnnotation="0" codeName="ThisWorkbook"'
EXCEL_SHEET_CODE_NAMES = ['<sheetPr codeName="Sheet1"', '<sheetPr codeName="Sheet2"']

# udf_tests.xlsm and quickstart.xlsm, VBA/dir: PROJECTCOMPATVERSION (record 0x004A, MS-OVBA
# 2.3.4.2.1.2) is 5 in both; dynamic_array_tests.xlsm (Excel for Mac) has no such record.
EXCEL_COMPAT_VERSION = 5
# quickstart.xlsm, PROJECT: the class module xlwings.bas needs under #If Mac, listed as Excel lists it.
EXCEL_CLASS_LINE = "Class=Dictionary"
# quickstart.xlsm, VBA/Dictionary: the attributes Excel stores before the class's own
# VB_Description (the module text otherwise is the wheel's xlwings/addin/Dictionary.cls).
EXCEL_DICTIONARY_HEADER = (
    'Attribute VB_Name = "Dictionary"\r\nAttribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"\r\n'
    "Attribute VB_GlobalNameSpace = False\r\nAttribute VB_Creatable = False\r\n"
    "Attribute VB_PredeclaredId = False\r\nAttribute VB_Exposed = True\r\n"
    "Attribute VB_TemplateDerived = False\r\nAttribute VB_Customizable = False\r\n")

# udf_tests.xlsm, xl/metadata.xml: the dynamic-array cell metadata, element by element.
EXCEL_METADATA_TYPE = ('<metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" '
                       'pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" '
                       'clearComments="1" assign="1" coerce="1" cellMeta="1"/>')
EXCEL_FUTURE_METADATA = ('<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext '
                         'uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" '
                         'fCollapsed="0"/></ext></extLst></bk></futureMetadata>')
EXCEL_CELL_METADATA = '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>'
EXCEL_DYNAMIC_ARRAY_NS = "http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray"
# udf_tests.xlsm, xl/worksheets/sheet1.xml: a custom function in one cell, and one whose result
# shows blank: both dynamic arrays (cm="1", t="array"), the one-cell one with its own cell as ref,
# the blank one as text with an empty value.
EXCEL_ONE_CELL = '<c r="G353" s="2" t="b" cm="1"><f t="array" ref="G353">cell_caller()</f><v>1</v></c>'
EXCEL_BLANK_RESULT = '<c r="G350" s="24" t="str" cm="1"><f t="array" ref="G350:H351">return_pd_nat()</f><v/></c>'
# udf_tests.xlsm, xl/workbook.xml: no full calculation on load, Excel 365's engine id.
EXCEL_CALC_PR = '<calcPr calcId="191029"/>'

CELL = re.compile(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", re.S)  # attributes, and what it holds
ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')


# ------------------------------------------------------------------ ours


@pytest.fixture(scope="module")
def package(tmp_path_factory, bundled, project) -> dict:
    path = build_workbook(bundled, tmp_path_factory.mktemp("fidelity") / "SPP_Performance.xlsm", vba=project)
    with zipfile.ZipFile(path) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


@pytest.fixture(scope="module")
def text(package):
    return lambda part: package[part].decode("utf-8")


@pytest.fixture(scope="module")
def ole(package):
    return olefile.OleFileIO(package["xl/vbaProject.bin"])


def content_type(types: str, part: str) -> str:
    overrides = dict(re.findall(r'<Override PartName="/([^"]+)" ContentType="([^"]+)"/>', types))
    defaults = dict(re.findall(r'<Default Extension="([^"]+)" ContentType="([^"]+)"/>', types))
    return overrides.get(part) or defaults.get(part.rsplit(".", 1)[-1], "")


def relationships(xml: str) -> dict[str, list[str]]:
    found = {}
    for element in re.findall(r"<Relationship [^>]*/>", xml):
        attributes = dict(ATTRIBUTE.findall(element))
        found.setdefault(attributes["Type"], []).append(attributes["Target"])
    return found


def test_the_package_has_the_parts_excel_writes(package):
    assert EXCEL_PARTS <= set(package)
    assert "xl/metadata.xml" in package  # dynamic arrays, as in udf_tests.xlsm


def test_each_part_has_the_content_type_excel_gives_it(text, package):
    types = text("[Content_Types].xml")
    for part, expected in EXCEL_CONTENT_TYPES.items():
        if part in package:
            assert content_type(types, part) == expected, part
    sheets = [p for p in package if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", p)]
    assert len(sheets) == 21  # 12 measures, 8 sheets around them and xlwings.conf
    assert {content_type(types, p) for p in sheets} == {EXCEL_CONTENT_TYPES["xl/worksheets/sheet1.xml"]}


def test_the_relationships_are_excels(text):
    assert {kind: targets for kind, targets in relationships(text("_rels/.rels")).items()} == \
        {kind: [target] for kind, target in EXCEL_PACKAGE_RELS.items()}
    ours = relationships(text("xl/_rels/workbook.xml.rels"))
    for kind, target in EXCEL_WORKBOOK_RELS.items():
        assert ours.get(kind) == [target], kind
    assert ours[WORKSHEET_REL] == [f"worksheets/sheet{k}.xml" for k in range(1, 22)]


def test_the_project_streams_keys_are_excels(ole):
    project = ole.openstream("PROJECT").read().decode("cp1252")
    properties, _, rest = project.partition("\r\n\r\n")
    keys = [line.split("=", 1)[0] for line in properties.split("\r\n")]
    assert EXCEL_PROJECT_KEYS_IN_ALL <= set(keys) <= EXCEL_PROJECT_KEYS
    assert f'VersionCompatible32="{EXCEL_VERSION_COMPATIBLE32}"' in properties.split("\r\n")
    assert rest.startswith(f"[Host Extender Info]\r\n{EXCEL_HOST_EXTENDER}\r\n\r\n[Workspace]\r\n")


def test_every_code_name_has_its_document_module_as_excel_writes_it(text, ole, bundled):
    from oletools.olevba import decompress_stream

    def code_name(element: str) -> str:
        return re.search(r'codeName="([^"]+)"', element).group(1)

    sheets = len(workbook_specs(bundled))
    book = code_name(re.search(r"<workbookPr [^>]*>", text("xl/workbook.xml")).group())
    assert book == code_name(EXCEL_WORKBOOK_CODE_NAME)
    names = [code_name(re.search(r"<sheetPr [^>]*>", text(f"xl/worksheets/sheet{k}.xml")).group())
             for k in range(1, sheets + 1)]
    assert names[:2] == [code_name(fact) for fact in EXCEL_SHEET_CODE_NAMES]
    assert names == [f"Sheet{k}" for k in range(1, sheets + 1)]  # by place, as Excel names them
    project = ole.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    documents = [line.split("=", 1)[1] for line in project if line.startswith("Document=")]
    assert documents == [f"{name}/&H00000000" for name in [book, *names]]
    for name in [book, *names]:
        source = decompress_stream(bytearray(ole.openstream(f"VBA/{name}").read())).decode("cp1252")
        expected = EXCEL_SHEET_MODULE.format(name=name)
        if name == "ThisWorkbook":
            expected = expected.replace("0{00020820-0000-0000-C000-000000000046}", EXCEL_WORKBOOK_BASE)
        assert source == expected, name


def test_the_project_does_not_claim_excels_compiled_version(ole):
    stream = ole.openstream("VBA/_VBA_PROJECT").read()
    assert stream[:2] == EXCEL_365_VERSION_STREAM_START[:2]  # the same signature, 0x61CC
    assert stream[2:4] != EXCEL_365_VERSION_STREAM_START[2:4] and stream == bytes.fromhex("CC61FFFF000000")


def test_the_projects_compat_version_is_what_excel_on_windows_writes(ole):
    import struct

    from oletools.olevba import decompress_stream

    directory = decompress_stream(bytearray(ole.openstream("VBA/dir").read()))
    record, size = struct.unpack_from("<HI", directory, 10)  # after PROJECTSYSKIND (6 + 4 bytes)
    assert (record, size) == (0x004A, 4)
    assert struct.unpack_from("<I", directory, 16)[0] == EXCEL_COMPAT_VERSION


def test_the_storage_directory_is_a_valid_red_black_tree(ole):
    # MS-CFB 2.6.4: "The root storage object MUST always be black", "Two consecutive nodes MUST
    # NOT both be red", "The left sibling MUST always be less than the right sibling" (a shorter
    # name first, then by the upper-cased UTF-16 code points); "the simplest implementation of the
    # preceding invariants would be to mark every node as black".
    entries = ole.direntries
    red, black = 0, 1

    def key(sid):
        name = entries[sid].name
        return (len(name), name.upper())

    def walk(sid, low, high, parent_colour):
        if sid == olefile.NOSTREAM:
            return 0
        entry = entries[sid]
        assert not (entry.color == red and parent_colour == red), f"{entry.name} is red under a red node"
        assert (low is None or key(low) < key(sid)) and (high is None or key(sid) < key(high)), entry.name
        children = walk(entry.sid_child, None, None, black)  # each storage's children: a tree of their own
        return 1 + children + walk(entry.sid_left, low, sid, entry.color) + walk(entry.sid_right, sid, high, entry.color)

    assert entries[0].color == black
    used = [e for e in entries if e is not None]
    assert walk(0, None, None, black) == len(used) == 32  # root, VBA, 2 PROJECT, 22 documents, 4 modules, 2 more
    assert {e.color for e in used} == {black}


def test_the_dictionary_class_is_there_as_excel_stores_it(ole):
    from importlib import resources

    from oletools.olevba import decompress_stream

    project = ole.openstream("PROJECT").read().decode("cp1252").split("\r\n")
    assert EXCEL_CLASS_LINE in project
    source = decompress_stream(bytearray(ole.openstream("VBA/Dictionary").read())).decode("cp1252")
    shipped = resources.files("xlwings").joinpath("addin", "Dictionary.cls").read_bytes().decode("utf-8")
    assert source.startswith(EXCEL_DICTIONARY_HEADER)
    assert source[len(EXCEL_DICTIONARY_HEADER):] == shipped.split("Attribute VB_Exposed = True\r\n", 1)[1]


def test_the_dynamic_array_metadata_is_excels(text):
    metadata = text("xl/metadata.xml")
    assert f'xmlns:xda="{EXCEL_DYNAMIC_ARRAY_NS}"' in metadata
    for fact in (EXCEL_METADATA_TYPE, EXCEL_FUTURE_METADATA, EXCEL_CELL_METADATA):
        assert fact in metadata


def formula_cells(text, package):
    """(part, attributes, inner xml) of every cell holding a formula that calls a custom function."""
    for part in sorted(p for p in package if p.startswith("xl/worksheets/sheet")):
        for match in CELL.finditer(text(part)):
            if match.group(2) and "<f" in match.group(2) and "SPP_" in match.group(2):
                yield part, dict(ATTRIBUTE.findall(match.group(1))), match.group(2)


def dynamic_array_shape(attributes: dict, inner: str) -> tuple:
    """What Excel's dynamic-array cells have in common, as comparable facts."""
    formula = re.match(r"<f ([^>]*)>", inner)
    f_attributes = dict(ATTRIBUTE.findall(formula.group(1))) if formula else {}
    ref = f_attributes.get("ref", "")
    return (attributes.get("cm"), f_attributes.get("t"), ref.split(":")[0] == attributes["r"])


def test_no_custom_function_cell_is_a_legacy_formula(text, package):
    excel = [CELL.match(fact) for fact in (EXCEL_ONE_CELL, EXCEL_BLANK_RESULT)]
    expected = {dynamic_array_shape(dict(ATTRIBUTE.findall(m.group(1))), m.group(2)) for m in excel}
    assert expected == {("1", "array", True)}
    cells = list(formula_cells(text, package))
    # the judgement of 12 measures, the forecast of the 9 that are not percentages of counts and 6 profile rows
    # (a percentage's target is its level, and the banners are native)
    assert len(cells) == 27
    legacy = [(part, attributes["r"]) for part, attributes, inner in cells
              if dynamic_array_shape(attributes, inner) != ("1", "array", True)]
    assert not legacy
    one_cell = [inner for _, attributes, inner in cells if f'ref="{attributes["r"]}"' in inner]
    assert len(one_cell) == 21  # the judgements and forecasts; the profiles spill


def test_a_custom_function_showing_blank_is_stored_as_excel_stores_it(text, package):
    excel = CELL.match(EXCEL_BLANK_RESULT)
    excel_type, excel_value = dict(ATTRIBUTE.findall(excel.group(1)))["t"], excel.group(2).split("</f>")[1]
    blank = [(attributes, inner) for _, attributes, inner in formula_cells(text, package)
             if inner.endswith(("<v></v>", "<v/>"))]
    assert blank, "the bundled data leave some forecasts blank (measures still being developed)"
    for attributes, inner in blank:
        assert attributes.get("t") == excel_type and inner.split("</f>")[1] in (excel_value, "<v></v>")


def test_every_formula_showing_blank_is_stored_as_text_as_excel_stores_it(text, package):
    # udf_tests.xlsm stores a blank result as text with an empty value (EXCEL_BLANK_RESULT): without
    # t="str", an empty <v> says a number (xlsxwriter writes native formulas' blank results so).
    excel = dict(ATTRIBUTE.findall(CELL.match(EXCEL_BLANK_RESULT).group(1)))["t"]
    blank, other = [], []
    for part in sorted(p for p in package if p.startswith("xl/worksheets/sheet")):
        for match in CELL.finditer(text(part)):
            inner = match.group(2) or ""
            if inner.startswith("<f") and inner.endswith(("<v></v>", "<v/>")):
                attributes = dict(ATTRIBUTE.findall(match.group(1)))
                (blank if attributes.get("t") == excel else other).append((part, attributes["r"]))
    assert other == []
    assert len(blank) > 272  # the measure sheets' native formulas alone show 272 blanks (months to come)


def test_calculation_on_load_is_excels(text):
    calc = re.search(r"<calcPr[^>]*/>", text("xl/workbook.xml")).group()
    assert calc == EXCEL_CALC_PR
    assert "fullCalcOnLoad" not in text("xl/workbook.xml")
