"""Pyflakes' checks (ruff's F rules) over the code, the tests, the benchmarks and the scripts:
an undefined name on a path no test takes, an import nothing uses, a name defined twice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pyflakes_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F", "--output-format", "concise",
                           "--no-cache", "spp_xl", "tests", "bench", "scripts"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
