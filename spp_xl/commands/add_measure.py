"""Add a measure to a workbook: a row in its Measures table and a sheet of its own.

The workbook is rebuilt from its inputs (register, figures, commentary, family group,
recommendations, settings) into a NEW file given with -o; the source is never written.
Staff formatting outside the inputs is not carried over: open the new workbook, check
it, then use it in place of the old one.
"""

from __future__ import annotations

from ..core.fields import FIELD_HELP

EXAMPLES = """examples:
  spp-xl add-measure workbook/SPP_Performance.xlsm --id violence_with_injury \\
      --title "Reduce violence with injury" --direction reduce --frequency monthly \\
      --annual-target 2400 -o SPP_Performance_new.xlsm

  spp-xl add-measure workbook/SPP_Performance.xlsm --id hate_crime_outcomes \\
      --title "Hate crimes with a positive outcome" --direction increase --frequency quarterly \\
      --unit percent --entry counts --numerator "hate crimes with a positive outcome" \\
      --denominator "hate crimes recorded" --precision 1 --annual-target 40 --min-base 20 \\
      --after hate_incidents -o SPP_Performance_outcomes.xlsm
"""


# What each register field means on the command line: the Measures sheet's columns say the same.
HELP = {name: text for name, text in FIELD_HELP.items() if name not in ("id", "crime_types")}
OPTIONS = tuple(HELP)


def add_arguments(parser) -> None:
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
    parser.add_argument("--discard", action="store_true",
                        help="with --force: replace the output even if it holds figures, commentary or progress "
                             "the new workbook would not (they are lost)")


def run(args) -> int:
    from dataclasses import replace
    from pathlib import Path

    from ..core.errors import InputError, RegisterError
    from ..core.register import Register, measure_from_mapping
    from ..excel import build_workbook
    from ..workbook.reader import read_workbook
    from . import keep_typed_work, new_workbook_output, note_developing, note_left_behind

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
    keep_typed_work(output, new, args.force, args.discard)
    build_workbook(new, output, force=args.force)
    print(f"wrote {output}: {source.name} with measure {measure.id!r} added "
          f"(sheet '{measure.id[:31]}', row {len(measures)} of the Measures table)")
    note_developing(new)
    note_left_behind(inputs, output)
    return 0
