"""Synthetic partnerships for the scale benchmarks: N measures, five years of monthly data.

    python bench/synthetic.py 100 OUTDIR   ->  OUTDIR/measures.toml, OUTDIR/figures.csv

The figures are valid against the register (whole counts, seasonal, no duplicates), so
the engine judges every measure rather than stopping at the checks.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

MONTHS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")
YEARS = ("2010/11", "2011/12", "2012/13", "2013/14", "2014/15")
THIS_YEAR = "2015/16"
SEASON = (1.00, 1.05, 1.15, 1.20, 1.05, 1.10, 0.95, 0.85, 0.80, 0.75, 0.78, 0.95)


def generate(n: int, outdir: Path, seed: int = 2015) -> tuple[Path, Path]:
    rng = random.Random(seed)
    outdir.mkdir(parents=True, exist_ok=True)
    toml = [f'year = "{THIS_YEAR}"', ""]
    rows = ["measure,year,period,value"]
    for i in range(n):
        mid = f"m{i:04d}"
        base = rng.randint(20, 2000)
        direction = ("increase", "reduce", "monitor")[i % 3]
        figures = {}
        for y, year in enumerate(YEARS + (THIS_YEAR,)):
            level = base * (1 + 0.03 * (y - 3) * (1 if direction != "reduce" else -1))
            months = MONTHS if year != THIS_YEAR else MONTHS[:3]
            figures[year] = [max(1, round(level * SEASON[k] * rng.uniform(0.9, 1.1))) for k in range(len(months))]
            rows += [f"{mid},{year},{m},{v}" for m, v in zip(months, figures[year])]
        toml += ["[[measure]]", f'id = "{mid}"', f'title = "Synthetic measure {i}"',
                 f'direction = "{direction}"', 'frequency = "monthly"', 'counted = "incidents"']
        if direction != "monitor":
            last = sum(figures[YEARS[-1]])
            target = round(last * (1.02 if direction == "increase" else 0.98))
            toml.append(f"annual_target = {target}")
        toml.append("")
    register, figures_csv = outdir / "measures.toml", outdir / "figures.csv"
    register.write_text("\n".join(toml), encoding="utf-8")
    figures_csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return register, figures_csv


if __name__ == "__main__":
    n = int(sys.argv[1])
    print(*generate(n, Path(sys.argv[2])))
