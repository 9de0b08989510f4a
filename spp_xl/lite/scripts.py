"""The workbook's buttons under xlwings Lite: the classic macros, within Lite's limits.

Lite hands each script the workbook as xlwings' remote-engine ``Book`` (the same
Book/Sheet/Range API the classic macros in ``spp_xl.excel.macros`` are written against),
so each button here is one call to the classic macro. What differs is only what Lite
cannot do:

- Recalculate and Check data cannot have Excel calculate the custom functions and then
  read the result in the same run: they compare only the cells of native formulas (which
  Excel keeps calculated itself) with the engine, and write what the classic buttons
  write (the drafted commentary, the data-quality findings, the Dashboard's time stamp).
- Export cannot save a file beside the workbook: the board report is written into Lite's
  own file system under ``/data``, from where the Files menu saves it to the laptop.
- There is no status bar: the message goes to Lite's output pane.

Nothing here imports xlwings; ``main.py`` (``spp_xl.lite.code``) does the decorating.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..excel import macros

EXPORT_FOLDER = "/data"  # the folder xlwings Lite's Files menu imports to and exports from
SAVE_HINT = "save it to your computer from the xlwings Lite menu > Files"


def recalculate(book, now: dt.datetime | None = None) -> None:
    """Recalculate under Lite: the classic Recalculate without its calculation, so comparing
    only the native formulas' cells."""
    macros.recalculate(book, now=now, calculate=False)


def check(book, now: dt.datetime | None = None) -> None:
    """Check data under Lite: the classic macro, comparing only the native formulas' cells."""
    macros.check(book, now=now, custom_current=False)


def export(book, folder: str | Path | None = None, created: dt.datetime | None = None) -> Path | None:
    """Export board report under Lite: the classic macro, writing into Lite's ``/data``.

    Returns:
        The report's path in Lite's file system, or None when it failed (and said why).
    """
    # No PDF: Lite's Python runs in the browser, where neither Excel's export nor LibreOffice is at hand.
    written = macros.export(book, folder=folder or EXPORT_FOLDER, created=created, pdf=False)
    if written is not None:
        print(f"spp_xl: {Path(written).name}: {SAVE_HINT}")
    return written
