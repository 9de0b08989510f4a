"""Benchmark 2: scale. Synthetic partnerships of N measures (five years of monthly data
each): time and peak memory of ``summary`` and ``export`` as whole processes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from measure import best, run_cli
from synthetic import generate

SIZES = (10, 100, 1000, 2000)


def main(sizes=SIZES) -> list[str]:
    lines = ["2. Scale: N measures x 5 years monthly (best of 3 fresh processes)",
             f"   {'N':>5}  {'summary s':>9} {'MB':>6}  {'export s':>9} {'MB':>6}"]
    times = {}
    with tempfile.TemporaryDirectory() as work:
        for n in sizes:
            register, figures = generate(n, Path(work) / str(n))
            base = [str(figures), "--register", str(register)]
            summary = best(lambda: run_cli(["summary", *base, "--json"]))
            out = Path(work) / f"report_{n}.xlsx"
            export = best(lambda: run_cli(["export", *base, "-o", str(out), "--force"]))
            times[n] = (summary["wall"], export["wall"])
            lines.append(f"   {n:>5}  {summary['wall']:9.2f} {summary['maxrss_mb']:6.0f}  "
                         f"{export['wall']:9.2f} {export['maxrss_mb']:6.0f}")
    if 1000 in times and 2000 in times:
        s, e = (times[2000][i] / times[1000][i] for i in (0, 1))
        lines.append(f"   doubling 1,000 -> 2,000 measures costs {s:.2f} x (summary), {e:.2f} x (export); "
                     "goal: at most 2.2 x")
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
