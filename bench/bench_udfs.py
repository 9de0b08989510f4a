"""Benchmark 4: the Python-side cost of each custom function per call, on a row of 12 months.

Baseline: a plain Python ``sum`` over the same row, so the figures read as multiples
of the cheapest possible call on this machine today.
"""

from __future__ import annotations

import timeit

from spp_xl.excel import udfs

THIS = [[864, 894, 769, None, None, None, None, None, None, None, None, None]]
LAST = [[808, 882, 1023, 1056, 915, 982, 850, 755, 682, 639, 642, 831]]
CRIMES = [[300 + 7 * i] for i in range(40)]
POPULATION = [[1500 + 11 * i] for i in range(40)]

CALLS = {
    "SPP_PROFILE": lambda: udfs.SPP_PROFILE(10064, 12, "reduce"),
    "SPP_CUMULATIVE": lambda: udfs.SPP_CUMULATIVE(LAST),
    "SPP_PERIODS": lambda: udfs.SPP_PERIODS(LAST),
    "SPP_CHANGE": lambda: udfs.SPP_CHANGE(THIS, LAST, True),
    "SPP_FORECAST": lambda: udfs.SPP_FORECAST(THIS, LAST),
    "SPP_JUDGEMENT": lambda: udfs.SPP_JUDGEMENT(9375, 10064, "reduce"),
    "SPP_PHRASE": lambda: udfs.SPP_PHRASE("Amber"),
    "SPP_GAP (40 neighbourhoods)": lambda: udfs.SPP_GAP(CRIMES, POPULATION),
}


def per_call_us(fn, number: int = 2000) -> float:
    return min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e6


def main() -> list[str]:
    baseline = per_call_us(lambda: sum(v for v in LAST[0] if v is not None))
    lines = [f"4. Custom functions, Python side, per call (baseline: summing the row, {baseline:.2f} us)"]
    for name, fn in CALLS.items():
        us = per_call_us(fn)
        lines.append(f"   {name:<28} {us:8.1f} us   {us / baseline:6.1f} x baseline")
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
