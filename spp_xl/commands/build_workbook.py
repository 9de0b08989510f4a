"""Build the partnership's workbook (SPP_Performance.xlsm) from the register, the figures and
the VBA sources: one sheet per measure, the Dashboard, Exceptions, Family group,
Recommendations, Measures, Settings and Checks sheets, and the buttons' macros.

SOURCE is a tidy CSV, a workbook (rebuilt from its inputs: register, figures, commentary,
family group, recommendations, settings) or, by default, the bundled data. The output
is refused if it exists, unless --force; even then a workbook holding figures, staff
commentary or progress that SOURCE lacks, or holds otherwise (a corrected figure, a
confirmation, an edited Measures-table entry), is kept, naming each difference, unless
--discard. The output is written whole or not at all.
"""

from __future__ import annotations

EXAMPLES = """examples:
  spp-xl build-workbook -o bundled.xlsm
  spp-xl build-workbook figures.csv -o from_figures.xlsm
  spp-xl build-workbook workbook/SPP_Performance.xlsm -o rebuilt.xlsm
"""

from . import add_source_arguments, keep_typed_work, new_workbook_output, note_developing, note_left_behind


def add_arguments(parser) -> None:
    add_source_arguments(parser, as_of=False)
    parser.add_argument("-o", "--output", required=True, metavar="XLSM",
                        help="the workbook to write, e.g. workbook/SPP_Performance.xlsm")
    parser.add_argument("--force", action="store_true", help="replace the output if it exists")
    parser.add_argument("--discard", action="store_true",
                        help="with --force: replace a workbook even if it holds figures, commentary or progress "
                             "that SOURCE does not (they are lost)")


def run(args) -> int:
    from ..sources import load_inputs
    from ..excel import build_workbook

    output = new_workbook_output(args.output, args.source, [("the register being read", args.register)],
                                 "the source being read", "the rebuilt workbook")
    inputs = load_inputs(args.source, args.register)
    keep_typed_work(output, inputs, args.force, args.discard)
    build_workbook(inputs, output, force=args.force)
    print(f"wrote {output} ({len(inputs.register)} measures, {len(inputs.dataset)} figures from {inputs.source})")
    note_developing(inputs)
    note_left_behind(inputs, output)
    return 0
