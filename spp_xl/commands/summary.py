"""Judge every measure at the as-of month and print a table (or JSON with --json).

Quarterly measures report the quarter that holds the as-of month. Data errors stop
the summary (exit 1); warnings are printed after the table (to stderr with --json).
"""

from __future__ import annotations

EXAMPLES = """examples:
  spp-xl summary
  spp-xl summary workbook/SPP_Performance.xlsm --as-of "2015/16 Jun" --commentary
  spp-xl summary figures.csv --json
"""

import json
import sys

from ..core.partnership import partnership
from . import add_source_arguments


def add_arguments(parser) -> None:
    add_source_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--commentary", action="store_true", help="print the drafted commentary under the table")


def run(args) -> int:
    from ..core.engine import summarise
    from ..core.errors import capped
    from ..sources import load_inputs

    inputs = load_inputs(args.source, args.register)
    summary = summarise(inputs.register, inputs.dataset, args.as_of)
    warnings = [f for f in summary.findings if f.severity == "warning"]
    if args.json:
        print(json.dumps(summary.to_json(), indent=2))
        for line in capped([f.describe() for f in warnings], " ('spp-xl check --json' lists them all)"):
            print(line, file=sys.stderr)
        return 0
    print(format_table(summary, inputs.source))
    if args.commentary:
        for result in summary.results:
            print(f"\n{result.measure.title}")
            for sentence in result.commentary:
                print(f"  - {sentence}")
    if warnings:
        print(f"\n{len(warnings)} data-quality warning(s):")
        for line in capped([f.describe() for f in warnings], " ('spp-xl check' lists them all)"):
            print(f"  {line}")
    return 0


HEADINGS = ("Measure", "Period", "YTD", "Target YTD", "Annual target", "Last yr YTD", "Change", "% change",
            "Forecast", "Judgement", "Data")
NUMERIC = {2, 3, 4, 5, 6, 7, 8}


def format_table(summary, source: str) -> str:
    """The summary as a text table, every column headed: the year to date against the
    target to date and the annual target, last year, the forecast and the judgement; the
    Data column says "lagging" where a measure's figures stop short of the as-of."""
    from ..core.numbers import format_number

    rows = []
    for r in summary.results:
        p = r.measure.precision

        def num(value, signed=False, unit=""):
            return "" if value is None else format_number(value, p, signed) + unit

        percent = "%" if r.measure.is_counts else ""  # a percentage's figures; its change is in points
        pct = "" if r.pct_change is None else f"{r.pct_change:+.1%}"
        judgement = r.rag.upper() if r.rag != "monitor" else f"MONITOR ({r.trend or 'no trend'})"
        if r.rag == "none":
            judgement = "BEING DEVELOPED" if r.measure.is_developing else "NO DATA YET"
            judgement = "NOT JUDGED" if r.not_judged else judgement
        annual = None if r.measure.is_monitoring or r.measure.is_developing else r.measure.annual_target
        rows.append((r.measure.id, r.period or "", num(r.ytd_actual, unit=percent), num(r.ytd_target, unit=percent),
                     num(annual, unit=percent), num(r.last_year_ytd, unit=percent),
                     num(r.change, True, " pts" if percent else ""), pct,
                     num(r.forecast),
                     judgement, "lagging" if r.lagging and r.ytd_actual is not None else ""))
    widths = [max(len(str(x)) for x in col) for col in zip(HEADINGS, *rows)]

    def line(cells):
        return "  ".join(str(c).rjust(w) if i in NUMERIC else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [f"{partnership().name}: performance as of {summary.as_of.label} ({source})", "",
           line(HEADINGS), line("-" * w for w in widths)]
    out += [line(r) for r in rows]
    notes = [percent_note(r) for r in summary.results if r.counts is not None]
    if notes:
        out += ["", "Percentages are pooled from their counts (pts: percentage points):"] + [f"  {n}" for n in notes]
    return "\n".join(out)


def percent_note(r) -> str:
    """A percentage's counts, its 95% interval and whether it is judged, in one line."""
    from ..core.numbers import format_number
    from ..core.percent_words import interval_text

    m, c = r.measure, r.counts
    if r.ytd_actual is None:
        return f"{m.id}: no {m.denominator} counted yet; {r.judgement.lower()}"
    parts = [f"{m.id}: {format_number(r.ytd_actual, m.precision)}% is {format_number(c.numerator)} {m.numerator} of "
             f"{format_number(c.denominator)} {m.denominator}"]
    if c.interval is not None:
        parts.append(f"95% interval {interval_text(c.interval, m.precision)}")
    parts.append(f"{r.judgement.lower()}" if r.not_judged else f"judged with {format_number(c.needed)} or more")
    return "; ".join(parts)
