"""Timing and memory of whole processes, for the benchmarks (never run by the tests).

Each figure is the best of a few runs of a fresh process, so that it includes start-up,
as an analyst pressing a button or running a command pays it. Comparisons are made as
ratios against a baseline run alternately in the same go: the machine is shared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# Runs one spp-xl command in-process and reports its peak memory: VmHWM, the process's own
# high-water mark (ru_maxrss would carry the parent's, which Linux keeps across exec).
_CHILD = """
import json, sys, time
t = time.perf_counter()
from spp_xl.cli import main
code = main(sys.argv[1:])
elapsed = time.perf_counter() - t
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"code": code, "inner": elapsed, "maxrss_mb": hwm / 1024}), file=sys.stderr)
"""


def run_cli(argv: list[str], cwd: Path | None = None) -> dict:
    """Runs ``spp-xl ARGV`` in a fresh interpreter: wall seconds, peak MB, exit code."""
    start = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", _CHILD, *argv], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - start
    report = json.loads(done.stderr.strip().splitlines()[-1])
    if report["code"] != 0:
        raise RuntimeError(f"spp-xl {' '.join(argv)} exited {report['code']}: {done.stderr[-500:]}")
    return {"wall": wall, **report}


def run_command(cmd: list[str], cwd: Path | None = None) -> float:
    """Wall seconds of any command (it must succeed)."""
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=cwd)
    return time.perf_counter() - start


def best(fn, repeat: int = 3):
    """The fastest of ``repeat`` runs of ``fn()`` (a number, or a dict with a 'wall' key)."""
    runs = [fn() for _ in range(repeat)]
    return min(runs, key=lambda r: r["wall"] if isinstance(r, dict) else r)


def alternate(a, b, rounds: int = 5) -> tuple[float, float]:
    """Best times of two callables run alternately (a, b, a, b...), so load hits both alike."""
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(a())
        tb.append(b())
    return min(ta), min(tb)
