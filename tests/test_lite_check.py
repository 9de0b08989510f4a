"""``make lite-check`` from the suite: the Lite workbook's own main.py under Pyodide (xlwings
Lite's Python), run by node offline with no spp_xl wheel, gives CPython's summary (what
``summary --json`` prints) and warnings, the seed's figures from the custom functions and
CPython's writes from the scripts, with spp_xl loaded from the archive main.py carries, and
none of the libraries it leaves modules out for there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from spp_xl.lite.archive import NOT_UNDER_LITE

ROOT = Path(__file__).resolve().parent.parent


def test_lite_check_passes_under_pyodide(needs_pyodide):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lite_check.py")], capture_output=True,
                          text=True, cwd=ROOT)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "the engine on the bundled data (summary --json" in report and "identical to CPython's" in report, report
    assert f"{', '.join(NOT_UNDER_LITE)} not importable" in report and "pikepdf" in NOT_UNDER_LITE, report
    assert "0 differences" in report and "defines 8 functions and 3 scripts" in report, report
    assert "no spp_xl wheel" in report and "spp_xl from main.py's archive (/tmp/spp_xl-" in report, report
    assert "the same as under CPython" in report, report
