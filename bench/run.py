"""Runs every benchmark and prints its figures (``make bench``; never part of the tests).

    python bench/run.py            all seven
    python bench/run.py 2 4        only those
"""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# xlwings' remote engine (benchmark 3) is licensed PolyForm Noncommercial for a public body;
# the key must be set before xlwings is first imported.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import bench_checks  # noqa: E402
import bench_excel  # noqa: E402
import bench_main  # noqa: E402
import bench_police  # noqa: E402
import bench_scale  # noqa: E402
import bench_udfs  # noqa: E402

SECTIONS = {"1": bench_main.main, "2": bench_scale.main, "3+5": bench_excel.main, "4": bench_udfs.main,
            "6": bench_police.main, "7": bench_checks.main}


def machine() -> str:
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def main(argv: list[str]) -> None:
    wanted = set(argv) or {"1", "2", "3", "4", "5", "6", "7"}
    print(f"spp_xl benchmarks on {machine()}")
    for key, section in SECTIONS.items():
        if wanted & set(key.split("+")):
            print("\n".join(section()), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
