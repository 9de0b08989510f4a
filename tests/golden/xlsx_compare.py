"""Compares two .xlsx files part by part, as XlsxWriter's own tests do
(``test/helperfunctions.py``, ``_compare_xlsx_files``): unzip both, drop what is
volatile (creation and modification times, calc and window settings, printer
settings), then compare the XML of every part.
"""

from __future__ import annotations

import re
import zipfile

# part name pattern -> (pattern, replacement) applied to both sides before comparing
VOLATILE = (
    (r"docProps/core\.xml", r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ""),
    (r"xl/workbook\.xml", r"<workbookView[^>]*>", "<workbookView/>"),
    (r"xl/workbook\.xml", r"<calcPr[^>]*>", "<calcPr/>"),
    (r"xl/worksheets/sheet\d+\.xml", r' (horizontalDpi|verticalDpi)="\d+"', ""),
    (r"xl/charts/chart\d+\.xml", r"<c:pageMargins[^>]*>", ""),
)


def parts(path) -> dict[str, str]:
    """Every part of the package, as text, volatile content dropped."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            data = z.read(name)
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:  # a binary part (none today): compare bytes as hex
                text = data.hex()
            for pattern, volatile, replacement in VOLATILE:
                if re.fullmatch(pattern, name):
                    text = re.sub(volatile, replacement, text)
            out[name] = text
    return out


def split_xml(text: str) -> list[str]:
    """One element a line, so that a difference shows where it is."""
    return re.sub(r">\s*<", ">\n<", text).split("\n")


def differences(got, expected, limit: int = 20) -> list[str]:
    """Human-readable differences between two .xlsx files; [] when they are the same."""
    a, b = parts(got), parts(expected)
    found = []
    for name in sorted(set(a) | set(b)):
        if name not in a:
            found.append(f"{name}: missing from the new file")
        elif name not in b:
            found.append(f"{name}: not in the reference")
        elif a[name] != b[name]:
            got_lines, exp_lines = split_xml(a[name]), split_xml(b[name])
            for i, (g, e) in enumerate(zip(got_lines, exp_lines)):
                if g != e:
                    found.append(f"{name} element {i}: got {g[:200]!r}, reference {e[:200]!r}")
                    break
            else:
                found.append(f"{name}: {len(got_lines)} elements, reference {len(exp_lines)}")
        if len(found) >= limit:
            break
    return found
