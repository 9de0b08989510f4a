"""Edits a workbook in LibreOffice as a person would, and saves it: run with the Python
that has LibreOffice's ``uno`` module (Debian's /usr/bin/python3 with python3-uno).

    python3 lo_edit.py SOURCE OUTPUT '[["insert_rows", "Exceptions", 0, 1], ...]'

Edits: ``["insert_rows", sheet, index, count]``, ``["insert_columns", sheet, index, count]``,
``["rename", sheet, new_name]``, ``["unprotect", sheet]`` (the sheets are protected without a
password; inserting a column needs this first, as in Excel). The output is saved as Excel 2007-365 (.xlsm or .xlsx by
its name), as "File > Save" would keep it.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue

FILTERS = {".xlsm": "Calc MS Excel 2007 VBA XML", ".xlsx": "Calc MS Excel 2007 XML"}


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(source, output, edits):
    pipe = f"spp_edit_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="spp_lo_edit_") as profile:
        office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                                   "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        desktop = None
        try:
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
            for _ in range(300):
                try:
                    ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                    break
                except Exception:
                    time.sleep(0.1)
            else:
                raise SystemExit("LibreOffice did not start")
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            # A copy: LibreOffice leaves a lock file beside what it opens.
            copy = os.path.join(profile, "source" + os.path.splitext(source)[1])
            with open(source, "rb") as src, open(copy, "wb") as dst:
                dst.write(src.read())
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(copy), "_blank", 0, (prop("Hidden", True),))
            if doc is None:
                raise SystemExit(f"LibreOffice could not open {source}")
            for kind, sheet, *args in edits:
                target = doc.Sheets.getByName(sheet)
                if kind == "insert_rows":
                    target.Rows.insertByIndex(args[0], args[1])
                elif kind == "insert_columns":
                    target.Columns.insertByIndex(args[0], args[1])
                elif kind == "rename":
                    target.Name = args[0]
                elif kind == "unprotect":
                    target.unprotect("")  # the sheets have no password: Review > Unprotect Sheet
                else:
                    raise SystemExit(f"unknown edit {kind!r}")
            suffix = os.path.splitext(output)[1].lower()
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(output)), (prop("FilterName", FILTERS[suffix]),))
            doc.close(True)
        finally:
            try:
                desktop.terminate()
            except Exception:
                pass  # not connected, or the bridge went down with LibreOffice
            try:
                office.wait(30)
            except subprocess.TimeoutExpired:
                office.kill()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]))
