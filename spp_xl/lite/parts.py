"""The parts through which a workbook carries its xlwings Lite code, added to a finished zip.

Where Lite keeps a workbook's code (checked against workbooks Lite itself saved):
``_rels/.rels`` points (type ``.../webextensiontaskpanes``) to
``xl/webextensions/taskpanes.xml``, whose relationships point (type ``.../webextension``)
to ``xl/webextensions/webextension1.xml``; ``[Content_Types].xml`` names both parts. The
web extension references the add-in by its store id (WA200008175) and holds the code as
properties: ``main.py`` and ``requirements.txt``, each value the JSON serialisation of
the text (Office keeps add-in settings as JSON), escaped for an XML attribute.

xlsxwriter has no API for these parts, so ``add_lite_parts`` rewrites the finished zip:
every entry xlsxwriter wrote is copied byte for byte, three parts are added and two
edited. The result is reproducible: fixed ids and fixed zip timestamps.

As Lite writes the web extension (six public workbooks Lite saved, and xlwings' own
``tests/udfs/udf_tests.xlsm``; tests/test_lite_workbook.py quotes them): the properties
``main.py``, ``pyodideVersion``, ``addinVersion`` and ``requirements.txt`` in that order, and an
``extLst`` saying the workbook holds custom functions (MS-OWEXML's ``containsCustomFunctions``)
and listing their ids (``customFunctionIdList``), each as a formula stores the call:
``_xldudf_SPP_PROFILE``.
"""

from __future__ import annotations

import json
import re
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

STORE_ID = "WA200008175"  # xlwings Lite in Microsoft's add-in store
STORE_LOCALE = "en-GB"
ADDIN_VERSION = "1.0.0.0"
# The Pyodide xlwings Lite runs (five of the six Lite-saved workbooks record 0.27.5; the Makefile's
# lite-check runs the same) and the Lite release those five record as having saved them.
PYODIDE_VERSION = "0.27.5"
LITE_RELEASE = "1.0.0.0-18"
CUSTOM_FUNCTION_PREFIX = "_xldudf_"  # how a file stores a call to an add-in's custom function
# MS-OWEXML's extensions of a web extension part, with the uris Lite-saved files carry them under.
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
CONTAINS_CUSTOM_FUNCTIONS_URI = "{D87F86FE-615C-45B5-9D79-34F1136793EB}"
CUSTOM_FUNCTION_ID_LIST_URI = "{7C84B067-C214-45C3-A712-C9D94CD141B2}"
# A fixed id, so that two builds of the same inputs are byte-identical.
WEBEXTENSION_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "spp_xl/xlwings-lite")).upper() + "}"

WE_NS = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
WETP_NS = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TASKPANES_REL = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
WEBEXTENSION_REL = "http://schemas.microsoft.com/office/2011/relationships/webextension"
TASKPANES_PART = "xl/webextensions/taskpanes.xml"
TASKPANES_RELS_PART = "xl/webextensions/_rels/taskpanes.xml.rels"
WEBEXTENSION_PART = "xl/webextensions/webextension1.xml"
CONTENT_TYPES = {
    TASKPANES_PART: "application/vnd.ms-office.webextensiontaskpanes+xml",
    WEBEXTENSION_PART: "application/vnd.ms-office.webextension+xml",
}
CODE_PROPERTIES = ("main.py", "requirements.txt")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def property_value(text: str) -> str:
    """A property's value as Office stores add-in settings: the JSON serialisation of the text."""
    return json.dumps(text, ensure_ascii=False)


def webextension_xml(main: str, requirements: str, functions: tuple[str, ...] = ()) -> str:
    """``webextension1.xml``: the add-in by store id, its properties as Lite writes them (each the
    JSON serialisation of its value), and the custom functions the workbook holds.

    Args:
        main: the text of ``main.py``.
        requirements: the text of ``requirements.txt``.
        functions: the custom functions' names (``SPP_PROFILE``...), listed by their stored ids.

    ``Office.AutoShowTaskpaneWithDocument`` (after Lite's own) is Office's switch for opening an
    add-in's task pane with the document, so that Lite starts, and the sheet buttons work, when
    the workbook is opened.
    """
    values = {"main.py": property_value(main), "pyodideVersion": property_value(PYODIDE_VERSION),
              "addinVersion": property_value(LITE_RELEASE), "requirements.txt": property_value(requirements),
              "Office.AutoShowTaskpaneWithDocument": "true"}
    props = "".join(f'<we:property name="{_attribute(name)}" value="{_attribute(value)}"/>'
                    for name, value in values.items())
    ids = "".join(f"<we:customFunctionIds>{CUSTOM_FUNCTION_PREFIX}{name}</we:customFunctionIds>"
                  for name in sorted(functions))
    extensions = (f'<we:extLst><a:ext xmlns:a="{A_NS}" uri="{CONTAINS_CUSTOM_FUNCTIONS_URI}"><we:containsCustomFunctions/>'
                  f'</a:ext><a:ext xmlns:a="{A_NS}" uri="{CUSTOM_FUNCTION_ID_LIST_URI}">'
                  + (f"<we:customFunctionIdList>{ids}</we:customFunctionIdList>" if ids else "<we:customFunctionIdList/>")
                  + "</a:ext></we:extLst>")
    return (f'{XML_HEAD}<we:webextension xmlns:we="{WE_NS}" id="{WEBEXTENSION_ID}">'
            f'<we:reference id="{STORE_ID.lower()}" version="{ADDIN_VERSION}" store="{STORE_LOCALE}" storeType="OMEX"/>'
            f'<we:alternateReferences><we:reference id="{STORE_ID}" version="{ADDIN_VERSION}" store="{STORE_ID}" '
            f'storeType="OMEX"/></we:alternateReferences>'
            f'<we:properties>{props}</we:properties><we:bindings/>'
            f'<we:snapshot xmlns:r="{R_NS}"/>{extensions}</we:webextension>')


def _attribute(text: str) -> str:
    """Text for a double-quoted XML attribute, as Excel writes it."""
    return escape(text, {'"': "&quot;"})


def taskpanes_xml() -> str:
    """``taskpanes.xml``: Lite's task pane, docked right and shown on opening."""
    return (f'{XML_HEAD}<wetp:taskpanes xmlns:wetp="{WETP_NS}">'
            f'<wetp:taskpane dockstate="right" visibility="1" width="350" row="4">'
            f'<wetp:webextensionref xmlns:r="{R_NS}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>')


def taskpanes_rels_xml() -> str:
    return (f'{XML_HEAD}<Relationships xmlns="{PKG_RELS_NS}">'
            f'<Relationship Id="rId1" Type="{WEBEXTENSION_REL}" Target="webextension1.xml"/></Relationships>')


def _with_content_types(xml: str) -> str:
    overrides = "".join(f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in CONTENT_TYPES.items())
    return xml.replace("</Types>", overrides + "</Types>", 1)


def _with_taskpanes_relationship(xml: str) -> str:
    taken = set(re.findall(r'Id="(rId\d+)"', xml))
    rid = next(f"rId{k}" for k in range(1, len(taken) + 2) if f"rId{k}" not in taken)
    return xml.replace("</Relationships>",
                       f'<Relationship Id="{rid}" Type="{TASKPANES_REL}" Target="{TASKPANES_PART}"/></Relationships>', 1)


def add_lite_parts(path: str | Path, main: str, requirements: str, functions: tuple[str, ...] = ()) -> None:
    """Adds the xlwings Lite parts carrying ``main`` and ``requirements`` to the workbook at ``path``.

    Args:
        path: a finished ``.xlsx``/``.xlsm`` without Lite parts; rewritten in place (callers
            write through ``spp_xl.files.atomic``, so this only ever touches a temporary file).
        main: the text of ``main.py``.
        requirements: the text of ``requirements.txt``.
        functions: the names of the custom functions ``main`` declares.

    Raises:
        ValueError: the file already carries web extension parts.
    """
    path = Path(path)
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    names = {info.filename for info, _ in entries}
    if any(name.startswith("xl/webextensions/") for name in names):
        raise ValueError(f"{path} already carries web extension parts")
    edits = {"[Content_Types].xml": _with_content_types, "_rels/.rels": _with_taskpanes_relationship}
    added = {TASKPANES_PART: taskpanes_xml(), TASKPANES_RELS_PART: taskpanes_rels_xml(),
             WEBEXTENSION_PART: webextension_xml(main, requirements, functions)}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
        for name, text in added.items():
            target.writestr(zipfile.ZipInfo(name, ZIP_TIME), text.encode("utf-8"), zipfile.ZIP_DEFLATED)


def read_lite_code(path: str | Path) -> dict[str, str]:
    """The code a workbook carries for Lite: property name -> text, from the web extension
    part that references the store id (``json.loads`` of each value gives the text back)."""
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if not re.fullmatch(r"xl/webextensions/webextension\d+\.xml", name):
                continue
            root = ET.fromstring(book.read(name))
            ids = {ref.get("id", "").upper() for ref in root.iter(f"{{{WE_NS}}}reference")}
            if STORE_ID in ids:
                return {p.get("name"): json.loads(p.get("value")) for p in root.iter(f"{{{WE_NS}}}property")
                        if p.get("name") in CODE_PROPERTIES}
    return {}
