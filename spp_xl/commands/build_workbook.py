"""Build the partnership's workbook (SPP_Performance.xlsm) from the register, the figures and
the VBA sources: one sheet per measure, the Dashboard, Exceptions, Family group,
Recommendations, Measures, Settings and Checks sheets, and the buttons' macros.

SOURCE is a tidy CSV, a workbook (rebuilt from its inputs: register, figures, commentary,
family group, recommendations, settings) or, by default, the bundled data. The output
is refused if it exists, unless --force; it is written whole or not at all.
"""

from __future__ import annotations

from . import add_source_arguments


def add_arguments(parser) -> None:
    add_source_arguments(parser, as_of=False)
    parser.add_argument("-o", "--output", required=True, metavar="XLSM",
                        help="the workbook to write, e.g. workbook/SPP_Performance.xlsm")
    parser.add_argument("--force", action="store_true", help="replace the output if it exists")


def run(args) -> int:
    from pathlib import Path

    from ..errors import InputError
    from ..sources import load_inputs
    from ..workbook.build import build_workbook

    output = Path(args.output)
    if output.suffix.lower() != ".xlsm":
        raise InputError("must end in .xlsm: the workbook carries macros", str(output))
    if args.source and Path(args.source).resolve() == output.resolve():
        raise InputError("is also the source: write the rebuilt workbook to a new file", str(output))
    inputs = load_inputs(args.source, args.register)
    build_workbook(inputs, output, force=args.force)
    print(f"wrote {output} ({len(inputs.register)} measures, {len(inputs.dataset)} figures from {inputs.source})")
    return 0
