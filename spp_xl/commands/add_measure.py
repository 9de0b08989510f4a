"""Add a measure to a workbook: a row in its Measures table and a sheet of its own.

The workbook is rebuilt from its inputs (register, figures, commentary, family group,
recommendations, settings) into a NEW file given with -o; the source is never written.
Staff formatting outside the inputs is not carried over: open the new workbook, check
it, then use it in place of the old one.
"""

from __future__ import annotations

import argparse

from ..core.register import DIRECTIONS, ENTRIES, FREQUENCIES, PROFILES, RULES, STATUSES, UNITS

EXAMPLES = """examples:
  spp-xl add-measure workbook/SPP_Performance.xlsm --id violence_with_injury \\
      --title "Reduce violence with injury" --direction reduce --frequency monthly \\
      --annual-target 2400 -o SPP_Performance_new.xlsm

  spp-xl add-measure workbook/SPP_Performance.xlsm --id hate_crime_outcomes \\
      --title "Hate crimes with a positive outcome" --direction increase --frequency quarterly \\
      --unit percent --entry counts --numerator "hate crimes with a positive outcome" \\
      --denominator "hate crimes recorded" --annual-target 40 --status developing \\
      --after hate_incidents -o SPP_Performance_new.xlsm
"""


def _one_of(options) -> str:
    return " | ".join(options)


# What each register field means on the command line (the Measures sheet's columns).
HELP = {
    "title": "the measure's title, as the report prints it",
    "direction": f"{_one_of(DIRECTIONS)}: which way is better (monitor: no target)",
    "frequency": _one_of(FREQUENCIES),
    "entry": f"{_one_of(ENTRIES)}: figures for each period, year-to-date figures, or a percentage's two counts "
             "(default period)",
    "unit": f"{_one_of(UNITS)} (default count)",
    "precision": "decimal places (default 0 for a count, 2 otherwise)",
    "annual_target": "the year's target (a percentage's: a level, 0 to 100); required unless --direction monitor "
                     "or --status developing",
    "profile": f"{_one_of(PROFILES)}: how the target is spread over the year (default straight)",
    "custom_profile": "with --profile custom: the cumulative targets, comma-separated, ending at the annual target",
    "tolerance": "the amber band as a fraction of the target, 0 to 1 (default 0.15)",
    "rule": f"{_one_of(RULES)}: how the judgement is reached (default forecast)",
    "status": f"{_one_of(STATUSES)} (default active; developing: listed with no data yet)",
    "measure_wording": "the performance measure as the banner quotes it, e.g. \"of not more than 2,400 incidents\"",
    "table_title": "the heading of the measure's table (default: the title)",
    "counted": "what is counted, for the commentary, e.g. \"incidents\" (default incidents)",
    "better_when": "lower | higher: which way a monitoring-only trend counts as better (default lower)",
    "owner": "who delivers it",
    "source": "where the figures come from",
    "lag_note": "a known data lag, printed when its figures are late",
    "numerator": "a percentage (--unit percent --entry counts): who its top count counts, e.g. \"victims satisfied\"",
    "denominator": "a percentage: who its bottom count counts, e.g. \"victims surveyed\"",
    "min_base": "a percentage: the fewest people in the year to date it is judged on (default 30)",
}
OPTIONS = tuple(HELP)


def add_arguments(parser) -> None:
    # The examples keep their lines (a shell continuation must stay at a line's end).
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EXAMPLES
    parser.add_argument("workbook", metavar="WORKBOOK", help="the workbook (.xlsm) to add the measure to")
    parser.add_argument("--id", required=True, help="the new measure's id: letters, digits, underscores")
    for name in OPTIONS:
        flag = "--" + name.replace("_", "-")
        parser.add_argument(flag, dest=name, metavar=name.upper(), required=name in ("title", "direction",
                                                                                     "frequency"),
                            help=HELP[name])
    parser.add_argument("--after", metavar="ID", help="place it after this measure (default: last)")
    parser.add_argument("-o", "--output", required=True, metavar="NEW.xlsm", help="the new workbook to write")
    parser.add_argument("--force", action="store_true", help="replace the output if it exists (never the source)")


def run(args) -> int:
    from dataclasses import replace
    from pathlib import Path

    from ..core.errors import InputError, RegisterError
    from ..core.register import Register, measure_from_mapping
    from ..excel import build_workbook
    from ..workbook.reader import read_workbook
    from . import new_workbook_output, note_developing

    source, output = Path(args.workbook), new_workbook_output(args.output, args.workbook)
    inputs = read_workbook(source)
    raw = {"id": args.id, **{n: getattr(args, n) for n in OPTIONS if getattr(args, n) is not None}}
    measure = measure_from_mapping(raw, "add-measure")
    register = inputs.register
    if measure.id in register:
        raise RegisterError(f"field 'id': {measure.id!r} is already in the Measures table", "add-measure")
    measures = list(register.measures)
    if args.after:
        if args.after not in register:
            raise InputError(f"--after {args.after}: no such measure in {source.name}")
        measures.insert([m.id for m in measures].index(args.after) + 1, measure)
    else:
        measures.append(measure)
    new = replace(inputs, register=Register(register.year, tuple(measures), register.source))
    build_workbook(new, output, force=args.force)
    print(f"wrote {output}: {source.name} with measure {measure.id!r} added "
          f"(sheet '{measure.id[:31]}', row {len(measures)} of the Measures table)")
    note_developing(new)
    return 0
