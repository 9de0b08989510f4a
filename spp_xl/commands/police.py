"""Compute all crime, serious acquisitive crime, the crime gap and the family group from
police.uk street-level files, instead of typing them.

FILE_OR_FOLDER: police.uk street files, or folders searched for *-street.csv (a police.uk
download unzipped). AREAS.csv (lsoa_code,neighbourhood,population) says which LSOAs are the
city and its neighbourhoods. The register's crime_types say which crime types make which
measure. Output: a tidy CSV (measure,year,period,value); or, with --workbook, a NEW workbook
with those figures (and the family group, with --family) filled and everything else of
the workbook kept; the workbook read is never written. docs/police.md tells the whole story.
"""

from __future__ import annotations

EXAMPLES = """examples:
  spp-xl police downloads/2015-04 downloads/2015-05 --areas areas.csv -o police_figures.csv
  spp-xl police downloads/ --areas areas.csv --family family.csv \\
      --workbook workbook/SPP_Performance.xlsm -o SPP_Performance_police.xlsm
"""


def _positive(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of neighbourhoods above zero")
    return value


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER",
                        help="police.uk street files, or folders holding them (*-street.csv)")
    parser.add_argument("--areas", required=True, metavar="AREAS.csv",
                        help="the city's LSOAs: lsoa_code,neighbourhood,population")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="the figures as a tidy CSV; with --workbook, the new workbook (.xlsm)")
    parser.add_argument("--top", type=_positive, default=10, metavar="N",
                        help="the crime gap compares the N neighbourhoods with the highest rates (default 10)")
    parser.add_argument("--family", metavar="FAMILY.csv",
                        help="the family group's areas (area,lsoa_code,population): each one's all-crime rate "
                             "per 1,000, year to date")
    parser.add_argument("--workbook", metavar="BOOK.xlsm",
                        help="write a new workbook (-o) that is BOOK with these figures filled in")
    parser.add_argument("--register", metavar="TOML",
                        help="the measure register for a CSV (default: templates/measures.toml); a workbook has its own")
    parser.add_argument("--force", action="store_true", help="replace the output if it exists (never BOOK)")
    parser.add_argument("--discard", action="store_true",
                        help="with --workbook --force: replace the output even if it holds figures, commentary or "
                             "progress the new workbook would not (they are lost)")


def require_pyarrow() -> None:
    """police.uk files are read with pyarrow, the ``police`` extra: say how to install it before any work."""
    import importlib.util

    from ..core.errors import InputError

    if importlib.util.find_spec("pyarrow") is None:
        raise InputError('reading police.uk files needs pyarrow, which is not installed: run pip install '
                         '"spp_xl[police]" with a 64-bit Python (the workbook\'s buttons do not need it)')


def run(args) -> int:
    from pathlib import Path

    from ..core.errors import InputError, capped
    from ..core.register import load_register
    from ..files.atomic import check_output, refuse_inputs
    from .. import police

    require_pyarrow()
    output = Path(args.output)
    if args.workbook:
        if output.suffix.lower() != ".xlsm":
            raise InputError("must end in .xlsm: with --workbook, -o is the new workbook", str(output))
        if args.register:
            raise InputError("--register is for a CSV output: the workbook carries its own register (its "
                             "Measures table)", args.workbook)
    elif output.suffix.lower() != ".csv":
        raise InputError("must end in .csv (a tidy CSV of the figures); to fill a workbook, add --workbook "
                         "BOOK.xlsm", str(output))
    product = "the new workbook" if args.workbook else "the figures"
    reads = [("the workbook being read", args.workbook), ("the areas file being read", args.areas),
             ("the family file being read", args.family), ("the register being read", args.register)]
    refuse_inputs(output, reads + [("a street file being read", p) for p in args.paths], product)
    check_output(output, args.force)  # before the long read, not after it

    book = None
    if args.workbook:
        from ..sources import load_inputs

        book = load_inputs(args.workbook)
    register = book.register if book else load_register(args.register)
    city = police.read_areas(args.areas)
    family = police.read_family(args.family) if args.family else None
    police.check_inputs(register, city, args.top, family)  # before the long read, not after it
    files = police.street_files(args.paths)
    refuse_inputs(output, [("a street file being read", f) for f in files], product)
    lsoas = set(city.area_of) | (set(family.area_of) if family else set())
    counts = police.count_streets(files, lsoas, police.Progress())
    figures = police.compute(register, counts, city, args.top, family,
                             source=f"police.uk street files ({len(files):,})")

    months = sorted(set().union(*counts.forces.values())) if counts.forces else []
    span = f", {months[0]} to {months[-1]}" if months else ""
    if book:
        _to_workbook(book, figures, output, args.force, args.discard)
    else:
        _to_csv(figures, output, args.force)
    print(f"  read {counts.files:,} file(s), {counts.rows:,} rows{span}, {len(counts.forces)} force(s)")
    print(f"  left out: {'; '.join(figures.left_out)}")
    for line in capped([f"warning: {finding}" for finding in figures.findings]):
        print(line)
    return 0


def _to_csv(figures, output, force: bool) -> None:
    from ..core.dataset import to_csv_text
    from ..files.atomic import write_text_atomic

    write_text_atomic(output, to_csv_text(figures.observations), force)
    measures = sorted({o.measure for o in figures.observations})
    print(f"wrote {output}: {len(figures.observations)} figure(s) ({', '.join(measures)})")
    if figures.family_group is not None:  # a tidy CSV has no place for it: shown here
        group = figures.family_group
        print(f"  family group, crimes per 1,000 residents: {' | '.join(p or '-' for p in group.periods)}")
        for row in group.rows:
            rates = " | ".join("-" if r is None else f"{r:.2f}" for r in row.rates)
            print(f"    {row.partnership}{' (ours)' if row.is_us else ''}: {rates}")


def _to_workbook(book, figures, output, force: bool, discard: bool = False) -> None:
    """BOOK's inputs with the computed figures in place of its own, built into ``output``."""
    from dataclasses import replace

    from ..core.dataset import Dataset
    from ..core.errors import InputError
    from ..core.inputs import Inputs
    from ..excel import build_workbook
    from ..workbook.build import check_placeable
    from . import keep_typed_work

    placed, unplaced = [], {}
    for obs in figures.observations:
        try:  # the workbook's own rule of which years and periods it has cells for
            check_placeable(Inputs(book.register, Dataset([obs]), book.source, book.kind))
            placed.append(obs)
        except InputError as exc:
            unplaced.setdefault(obs.year.label, []).append(exc.message)
    new = {(o.measure, o.year, o.period): o for o in placed}
    old = {(o.measure, o.year, o.period): o for o in book.dataset.observations}
    kept = [new.get(key, o) for key, o in old.items()]
    added = [o for key, o in new.items() if key not in old]
    blanks = {k: w for k, w in book.dataset.blank_cells.items() if k not in new}
    dataset = Dataset(kept + added, book.dataset.source, blanks)
    group = figures.family_group if figures.family_group is not None else book.family_group
    merged = replace(book, dataset=dataset, family_group=group)
    keep_typed_work(output, merged, force, discard)
    build_workbook(merged, output, force=force)

    changes = _changes(book, placed, old)
    if figures.family_group is not None:
        changes += _family_changes(book.family_group, figures.family_group)
    family = "" if figures.family_group is None else " and the family group"
    print(f"wrote {output}: {book.source} with {len(placed)} computed figure(s){family}, {len(changes)} "
          f"change(s) (old -> new); {book.source} is unchanged")
    for line in changes:
        print(f"  {line}")
    for year, reasons in unplaced.items():
        print(f"  not in the workbook: {len(reasons)} figure(s) for {year} (e.g. {reasons[0]})")


def _changes(book, placed, old) -> list:
    from ..core.numbers import format_number

    out = []
    for obs in placed:
        before = old.get((obs.measure, obs.year, obs.period))
        was = None if before is None else before.value
        if was == obs.value and before is not None:
            continue
        precision = book.register.get(obs.measure).precision
        shown = ("(blank)" if before is None else before.raw or "(not a number)") if was is None \
            else format_number(was, precision)
        out.append(f"{obs.measure} {obs.year.label} {obs.period}: {shown} -> {format_number(obs.value, precision)}")
    return out


def _family_changes(before, after) -> list:
    old = {(row.partnership, k): rate for row in before.rows for k, rate in enumerate(row.rates)}
    areas = {row.partnership for row in after.rows}
    out = [f"family group {row.partnership}: its row is gone (FAMILY.csv has no such area)"
           for row in before.rows if row.partnership not in areas and any(r is not None for r in row.rates)]
    for row in after.rows:
        for k, rate in enumerate(row.rates):
            was = old.get((row.partnership, k))
            if was != rate:
                label = after.periods[k] or f"period {k + 1}"
                out.append(f"family group {row.partnership} {label}: {'(blank)' if was is None else f'{was:.2f}'} "
                           f"-> {'(blank)' if rate is None else f'{rate:.2f}'}")
    return out
