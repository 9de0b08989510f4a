"""``make lite-check`` from the suite: spp_xl's wheel under Pyodide (xlwings Lite's Python),
run by node offline, gives CPython's ``summary --json`` byte for byte and the seed's
figures from the custom functions. Without node or the Pyodide runtime this fails with
the command that sets them up (``make lite-deps``); it never skips."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_lite_check_passes_under_pyodide():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "lite_check.py")], capture_output=True,
                          text=True, cwd=ROOT)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "summary --json" in report and "identical to CPython's" in report, report
    assert "0 differences" in report and "defines 8 functions and 3 scripts" in report, report
