"""Writes the golden board report that tests/test_report_golden.py compares with.

Run it on purpose only, after a change to the report that you have looked at
(render it: .venv/bin/python scripts/render.py tests/golden/SPP_Board_Report_2015-16_Q1.xlsx /tmp/r)::

    .venv/bin/python tests/golden/regenerate.py

and commit the new reference with a note of what changed and why.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "SPP_Board_Report_2015-16_Q1.xlsx"
# Fixed so that the file is the same byte for byte each time: the bundled data's board
# meeting, and a creation time on that day.
MEETING_DATE = dt.date(2015, 7, 23)
CREATED = dt.datetime(2015, 7, 16, 9, 0, 0)


def write(path: Path, force: bool = True):
    """The reference report for the bundled data, written to ``path``."""
    from spp_xl.report import export_report
    from spp_xl.sources import load_inputs

    return export_report(load_inputs(), path, as_of="2015/16 Jun", meeting_date=MEETING_DATE, created=CREATED, force=force)


if __name__ == "__main__":
    result = write(REFERENCE)
    print(f"wrote {result.xlsx} ({result.pages} printed pages)")
    sys.exit(0)
