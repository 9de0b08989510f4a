"""Start a new financial year: a NEW workbook where this year becomes last year, with new targets.

The workbook's inputs are read, rolled on a year (spp_xl.core.newyear) and built into the file
given with -o; the source is never written. Last year's months move to the "last year" row,
the year before keeps only its out-turn (the total of its months), older figures are dropped.
Every active measure with a target needs a new one: --target ID=VALUE (repeatable) and/or
--targets FILE.csv (columns measure,annual_target), or --keep-targets to carry this year's.
Staff commentary is for the old year and is not carried; recommendations and the family
group are; the board meeting date is cleared.
"""

from __future__ import annotations

EXAMPLES = """examples:
  spp-xl new-year workbook/SPP_Performance.xlsm --targets targets_2016-17.csv \\
      --target asb=9800 -o SPP_Performance_2016-17.xlsm
  spp-xl new-year workbook/SPP_Performance.xlsm --keep-targets -o SPP_Performance_same_targets.xlsm
"""

from . import new_workbook_output, note_developing, note_left_behind


def add_arguments(parser) -> None:
    parser.add_argument("workbook", metavar="WORKBOOK", help="this year's workbook (.xlsm), or a tidy CSV")
    parser.add_argument("-o", "--output", required=True, metavar="NEW.xlsm", help="the new year's workbook to write")
    parser.add_argument("--target", action="append", default=[], metavar="ID=VALUE",
                        help="a measure's annual target for the new year, e.g. --target asb=9800 (repeatable)")
    parser.add_argument("--targets", metavar="FILE.csv",
                        help="new annual targets as a CSV with the columns measure,annual_target")
    parser.add_argument("--keep-targets", action="store_true",
                        help="carry this year's target for each measure not given a new one")
    parser.add_argument("--force", action="store_true", help="replace the output if it exists (never the source)")


def run(args) -> int:
    from dataclasses import replace
    from pathlib import Path

    from ..files.atomic import check_output
    from ..core.checks import run_checks
    from ..core.errors import DataQualityError
    from ..core.newyear import (
        merge_targets,
        next_year,
        parse_target_option,
        parse_targets_csv,
    )
    from ..core.dataset import read_csv_text
    from ..sources import load_inputs
    from ..excel import build_workbook

    source = Path(args.workbook)
    output = new_workbook_output(args.output, args.workbook, [("the targets file being read", args.targets)],
                                 product="the new year's workbook")
    check_output(output, args.force)  # before the reading and building, not after
    given = [dict([parse_target_option(t)]) for t in args.target]
    if args.targets:
        given.insert(0, parse_targets_csv(read_csv_text(args.targets), args.targets))
    targets = merge_targets(*given)

    inputs = load_inputs(source)
    # Figures that cannot be read would be lost or mis-totalled when a year leaves the
    # monthly view: they are fixed in this year's workbook first.
    findings = run_checks(inputs.register, inputs.dataset)
    if any(f.severity == "error" for f in findings):
        raise DataQualityError(findings)
    rolled = next_year(inputs.register, inputs.dataset, targets, args.keep_targets)
    if args.force and output.exists():
        _refuse_to_lose_new_figures(output, rolled.register.year)
    new = replace(inputs, register=rolled.register, dataset=rolled.dataset, commentary={}, meeting_date=None,
                  source=str(source))
    build_workbook(new, output, force=args.force)

    old_year, year = inputs.register.year.label, rolled.register.year.label
    print(f"wrote {output}: the {year} workbook from {source.name} ({old_year}); {source.name} is unchanged")
    print(f"  figures: {rolled.carried} carried ({old_year} as last year; out-turns for "
          f"{rolled.register.year.outturn_years()[0].label} to {old_year}), {rolled.dropped} dropped")
    for note in rolled.notes:
        print(f"  {note}")
    if inputs.commentary:
        print(f"  staff commentary on {len(inputs.commentary)} measure(s) was about {old_year}: the new "
              f"workbook starts with none ({', '.join(inputs.commentary)})")
    else:
        print("  staff commentary: none to carry; the new workbook starts with none")
    print(f"  carried: {len(inputs.recommendations)} recommendations with their progress, the family group; "
          "the board meeting date is cleared (set it on the Settings sheet)")
    for warning in rolled.warnings:
        print(f"warning: {warning}")
    note_developing(new)
    note_left_behind(inputs, output)
    return 0


def _refuse_to_lose_new_figures(output, year) -> None:
    """--force replaces an earlier try, but not a new year's workbook someone has started
    typing figures into: those figures exist nowhere else."""
    from ..core.errors import InputError, SppError
    from ..sources import load_inputs

    try:
        existing = load_inputs(output)
    except SppError:
        return  # not a workbook spp_xl can read: --force replaces it, as asked
    typed = [o for o in existing.dataset.observations if o.year == year]
    if typed:
        first = typed[0].where.split(": ", 1)[-1]
        raise InputError(f"already holds {len(typed)} figure(s) for {year.label} ({typed[0].measure} "
                         f"{typed[0].period} in {first}, ...) that --force would lose: move it away first",
                         str(output))
