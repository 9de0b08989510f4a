"""Build the partnership's workbook (SPP_Performance.xlsm) from the register, the figures and
the VBA sources: one sheet per measure, the Dashboard, Exceptions, Family group,
Recommendations, Measures, Settings and Checks sheets, and the buttons' macros.

SOURCE is a tidy CSV, a workbook (rebuilt from its inputs: register, figures, commentary,
family group, recommendations, settings) or, by default, the bundled data. The output
is refused if it exists, unless --force; even then a workbook holding figures, staff
commentary or progress that SOURCE lacks is kept, unless --discard. The output is written
whole or not at all.
"""

from __future__ import annotations

EXAMPLES = """examples:
  spp-xl build-workbook -o bundled.xlsm
  spp-xl build-workbook figures.csv -o from_figures.xlsm
  spp-xl build-workbook workbook/SPP_Performance.xlsm -o rebuilt.xlsm
"""

from . import add_source_arguments, new_workbook_output, note_developing


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

    output = new_workbook_output(args.output, args.source,
                                 "is also the source: write the rebuilt workbook to a new file")
    inputs = load_inputs(args.source, args.register)
    if args.force and output.exists() and not args.discard:
        _refuse_to_lose(output, inputs)
    build_workbook(inputs, output, force=args.force)
    print(f"wrote {output} ({len(inputs.register)} measures, {len(inputs.dataset)} figures from {inputs.source})")
    note_developing(inputs)
    return 0


def held_only_by(old, new) -> list[str]:
    """What a workbook's inputs ``old`` hold that ``new`` would not: figures for a cell the
    new inputs leave blank, staff commentary, recommendation progress, family-group rows."""
    have = {(o.measure, o.year, o.period) for o in new.dataset.observations}
    lost = [f"the figure {o.raw or o.value} in {o.where.split(': ', 1)[-1]} ({o.measure} {o.year.label} {o.period})"
            for o in old.dataset.observations if (o.measure, o.year, o.period) not in have]
    lost += [f"your commentary on {measure_id}" for measure_id, lines in old.commentary.items()
             if new.commentary.get(measure_id) != lines]
    progress = {r.number: (r.progress, r.status) for r in new.recommendations}
    lost += [f"the progress of recommendation {r.number}" for r in old.recommendations
             if (r.progress or r.status) and progress.get(r.number) != (r.progress, r.status)]
    if old.family_group.has_data and old.family_group != new.family_group:
        lost.append("the family group figures")
    return lost


def _refuse_to_lose(output, inputs) -> None:
    """--force replaces a workbook only when nothing typed into it would be lost."""
    from ..core.errors import InputError
    from ..workbook.reader import read_workbook

    try:
        old = read_workbook(output)
    except InputError as exc:
        raise InputError(f"cannot be checked for figures the source lacks ({exc.message}); move it aside, or add "
                         "--discard to replace it anyway", str(output)) from None
    lost = held_only_by(old, inputs)
    if lost:
        more = f" and {len(lost) - 1} more" if len(lost) > 1 else ""
        raise InputError(f"holds what {inputs.source} does not: {lost[0]}{more}; write the new workbook to "
                         f"another file, or add --discard to lose them", str(output))
