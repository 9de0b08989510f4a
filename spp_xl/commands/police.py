"""Compute all crime, serious acquisitive crime, the crime gap and the family group from
police.uk street-level files, instead of typing them.

FILE_OR_FOLDER: police.uk street files, folders searched for *-street.csv, or police.uk's
download as it comes (a zip archive of month folders, read without unpacking). AREAS.csv
(lsoa_code,neighbourhood,population) says which LSOAs are the city and its neighbourhoods;
--lsoa-lookup gives ONS's LSOA (2011) to LSOA (2021) lookup where the files' codes are of the
other census. The register's crime_types say which crime types make which measure; British
Transport Police rows are left out (counted and said) unless --include-btp. Output: a tidy
CSV (measure,year,period,value) and beside it NAME-neighbourhoods.csv (each neighbourhood's
crimes, rate and rank behind the gap); or, with --workbook, a NEW workbook with those
figures, a Neighbourhoods sheet and (with --family) the family group for the period the
workbook reports, everything else of the workbook kept; the workbook read is never
written. docs/police.md tells the whole story.
"""

from __future__ import annotations

EXAMPLES = """examples:
  spp-xl police downloads/2015-04 downloads/2015-05 --areas areas.csv -o police_figures.csv
  spp-xl police download.zip --areas areas.csv --lsoa-lookup lsoa_lookup.csv -o police_from_zip.csv
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
                        help="police.uk street files, folders holding them (*-street.csv), or police.uk's zip download")
    parser.add_argument("--areas", required=True, metavar="AREAS.csv",
                        help="the city's LSOAs: lsoa_code,neighbourhood,population")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="the figures as a tidy CSV (and OUT-neighbourhoods.csv beside it); with --workbook, the "
                             "new workbook (.xlsm)")
    parser.add_argument("--top", type=_positive, default=10, metavar="N",
                        help="the crime gap compares the N neighbourhoods with the highest rates (default 10)")
    parser.add_argument("--family", metavar="FAMILY.csv",
                        help="the family group's areas (area,lsoa_code,population): each one's all-crime rate "
                             "per 1,000, year to date")
    parser.add_argument("--lsoa-lookup", metavar="FILE",
                        help="ONS's LSOA (2011) to LSOA (2021) lookup (LSOA11CD, LSOA21CD, CHGIND), for files whose "
                             "LSOA codes are of the other census than AREAS.csv's")
    parser.add_argument("--include-btp", action="store_true",
                        help="count British Transport Police rows too (left out by default: the railways' own force)")
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

    from ..core.errors import InputError
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
             ("the family file being read", args.family), ("the register being read", args.register),
             ("the LSOA lookup being read", args.lsoa_lookup)]
    outputs = [output] if args.workbook else [output, companion(output)]
    for path in outputs:
        refuse_inputs(path, reads + [("a street file being read", p) for p in args.paths], product)
        check_output(path, args.force)  # before the long read, not after it

    book = None
    if args.workbook:
        from ..sources import load_inputs

        book = load_inputs(args.workbook)
    register = book.register if book else load_register(args.register)
    city = police.read_areas(args.areas)
    family = police.read_family(args.family) if args.family else None
    lookup = police.read_lookup(args.lsoa_lookup) if args.lsoa_lookup else None
    police.check_inputs(register, city, args.top, family)  # before the long read, not after it
    files = police.street_files(args.paths)
    for path in outputs:  # the files found in the folders (an archive: the zip itself)
        refuse_inputs(path, [("a street file being read", f.path) for f in files], product)
    excluded = () if args.include_btp else (police.TRANSPORT_POLICE,)
    counts = police.count_streets(files, police.buckets(city, family, lookup), police.Progress(), excluded)
    source = f"police.uk street files ({len(files):,})"
    figures = police.compute(register, counts, city, args.top, family, lookup, source)
    findings = list(figures.findings) + list(figures.family_findings)
    if book:
        merge = _merge(book, register, counts, city, family, lookup, figures, findings)
        _said(counts, figures, findings)
        _to_workbook(book, merge, output, args.force, args.discard)
    else:
        _said(counts, figures, findings)
        _to_csv(figures, output, args.force)
    return 0


def companion(output):
    """``<name>-neighbourhoods.csv`` beside the figures' CSV."""
    return output.with_name(f"{output.stem}-neighbourhoods.csv")


def _said(counts, figures, findings) -> None:
    """What was read and left out, and the findings, before anything is written (or refused)."""
    months = counts.months
    span = f", {months[0]} to {months[-1]}" if months else ""
    archived = f" ({counts.archives:,} from zip archives)" if counts.archives else ""
    print(f"  read {counts.files:,} file(s){archived}, {counts.rows:,} rows{span}, {len(counts.forces)} force(s)")
    print(f"  left out: {'; '.join(figures.left_out)}")
    from ..core.errors import capped

    for line in capped([f"warning: {finding}" for finding in findings]):
        print(line)


def _merge(book, register, counts, city, family, lookup, figures, findings):
    """The workbook's inputs with the figures in, the family group for the period it reports."""
    from .. import police
    from ..workbook.merge import merge_figures, reporting_as_of

    group, at = figures.family_group, figures.family_as_of
    if family is not None:
        wanted = reporting_as_of(book, figures.observations)
        if wanted is not None and wanted != at:  # the family group the workbook's period needs
            group, said = police.compute_family(register, counts, city, family, lookup, wanted)
            findings[:] = [f for f in findings if f not in figures.family_findings] + said
            at = wanted if group is not None else None
    return merge_figures(book, figures.observations, figures.neighbourhoods, group, at)


def _nothing(why: str):
    from ..core.errors import DataError

    return DataError(f"no figure could be made from these files ({why}): nothing was written; the warnings above "
                     "say what is missing")


def _to_csv(figures, output, force: bool) -> None:
    import contextlib

    from ..core.dataset import to_csv_text
    from ..core.neighbourhoods import to_csv_text as neighbourhoods_csv
    from ..files.atomic import atomic_path

    if not figures.observations:
        raise _nothing("no month of the city is in them in full")
    side = companion(output)
    with contextlib.ExitStack() as stack:  # both written in full before either is moved into place
        tmp = stack.enter_context(atomic_path(output, force))
        if figures.neighbourhoods:
            stack.enter_context(atomic_path(side, force)).write_text(neighbourhoods_csv(figures.neighbourhoods),
                                                                     encoding="utf-8", newline="")
        tmp.write_text(to_csv_text(figures.observations), encoding="utf-8", newline="")
    measures = sorted({o.measure for o in figures.observations})
    print(f"wrote {output}: {len(figures.observations)} figure(s) ({', '.join(measures)})")
    months = len({(n.measure, n.year, n.period) for n in figures.neighbourhoods})
    if months:
        print(f"wrote {side}: the neighbourhoods behind {months} gap figure(s), each one's crimes, rate and rank")
    if figures.family_group is not None:  # a tidy CSV has no place for it: shown here
        group = figures.family_group
        print(f"  family group, crimes per 1,000 residents: {' | '.join(p or '-' for p in group.periods)}")
        for row in group.rows:
            rates = " | ".join("-" if r is None else f"{r:.2f}" for r in row.rates)
            print(f"    {row.partnership}{' (ours)' if row.is_us else ''}: {rates}")


def _to_workbook(book, merge, output, force: bool, discard: bool = False) -> None:
    """The merged inputs built into ``output`` (never over typed work without --discard), and
    what went in and what did not."""
    from ..excel import build_workbook
    from . import keep_typed_work, note_left_behind

    if merge.empty:
        years = ", ".join(merge.left_out) or "none"
        raise _nothing(f"none has a cell in the workbook for {book.register.year.label}: figures for {years}")
    keep_typed_work(output, merge.inputs, force, discard)
    build_workbook(merge.inputs, output, force=force)
    family = " and the family group" if merge.family_written else ""
    print(f"wrote {output}: {book.source} with {len(merge.placed)} computed figure(s){family}, "
          f"{len(merge.changes)} change(s) (old -> new); {book.source} is unchanged")
    for line in merge.changes:
        print(f"  {line}")
    written, left = merge.neighbourhoods
    if written:
        print(f"  Neighbourhoods sheet: {written:,} row(s), each neighbourhood's crimes, rate and rank behind the gap")
    if merge.family and not merge.family_written:
        print(f"  family group {merge.family}")
    for year, reasons in merge.left_out.items():
        print(f"  not in the workbook: {len(reasons)} figure(s) for {year} (e.g. {reasons[0]})")
    if left:
        print(f"  not in the workbook: {left:,} neighbourhood row(s) of gap figures it has no cell for")
    note_left_behind(merge.inputs, output)
