"""Write a workbook's figures as a tidy CSV (measure,year,period,value), in register order.

Only the figures staff type are read (never the calculated cells), with the confirmations on
the Checks sheet (a ``confirmed`` column, ``yes`` on each confirmed figure's row, when there are
any); what the CSV holds builds the same workbook again with 'spp-xl build-workbook'.
"""

from __future__ import annotations

EXAMPLES = """examples:
  spp-xl data workbook/SPP_Performance.xlsm -o figures_typed.csv
"""


def add_arguments(parser) -> None:
    parser.add_argument("source", metavar="WORKBOOK", help="the workbook (.xlsm) to read")
    parser.add_argument("-o", "--output", metavar="CSV", help="write the CSV here (default: print it)")
    parser.add_argument("--force", action="store_true", help="replace the output if it exists")


def run(args) -> int:
    import sys

    from ..files.atomic import check_output, refuse_inputs, write_text_atomic
    from ..core.dataset import to_csv_text
    from ..core.errors import InputError
    from ..sources import WORKBOOK_SUFFIXES
    from ..workbook.reader import read_workbook
    from . import note_developing

    from pathlib import Path

    if Path(args.source).suffix.lower() not in WORKBOOK_SUFFIXES:
        raise InputError("is not a workbook (.xlsm or .xlsx)", args.source)
    if args.output:  # before the reading, not after it
        refuse_inputs(args.output, [("the workbook being read", args.source)], "the CSV")
        check_output(args.output, args.force)
    inputs = read_workbook(args.source)
    text = to_csv_text(inputs.dataset.observations, inputs.dataset.confirmed)  # the Checks sheet's yes, kept
    unreadable = [o for o in inputs.dataset.observations if o.value is None]
    if args.output:
        write_text_atomic(args.output, text, args.force)
        print(f"wrote {args.output} ({len(inputs.dataset) - len(unreadable)} figures)")
    else:
        sys.stdout.write(text)
    for obs in unreadable:  # a CSV holds numbers only: say what was left out, and where
        print(f"spp-xl: left out {obs.raw!r} (not a number) [{obs.where}]", file=sys.stderr)
    note_developing(inputs, sys.stderr)  # the CSV may be printed: the note goes beside it
    return 1 if unreadable else 0
