"""One module per ``spp-xl`` command, plus the arguments they share."""

from __future__ import annotations


def add_source_arguments(parser, as_of: bool = True) -> None:
    parser.add_argument("source", nargs="?", metavar="SOURCE",
                        help="a tidy CSV (measure,year,period,value) or the workbook (.xlsm); "
                             "default: the bundled data")
    parser.add_argument("--register", metavar="TOML",
                        help="measure register for a CSV source (default: templates/measures.toml)")
    if as_of:
        parser.add_argument("--as-of", metavar='"YYYY/YY Mon"',
                            help='report to this month, e.g. "2015/16 Jun" (default: the latest with data)')


def new_workbook_output(output: str, source: str | None = None, reads=(), role: str = "the workbook being read",
                        product: str = "the new workbook"):
    """The path a command builds a new workbook at: an ``.xlsm`` (the workbook carries
    macros), never ``source`` (``role``) nor any other file it reads (``reads``: ``(role,
    path)`` pairs), by any name: the user's files are never written over.

    Raises:
        InputError: naming the output: not an .xlsm, or one of the inputs.
    """
    from pathlib import Path

    from ..core.errors import InputError
    from ..files.atomic import refuse_inputs

    path = Path(output)
    if path.suffix.lower() != ".xlsm":
        raise InputError("must end in .xlsm: the workbook carries macros", str(path))
    refuse_inputs(path, [(role, source), *reads], product)
    return path


def keep_typed_work(output, inputs, force: bool, discard: bool) -> None:
    """With ``--force``, an existing workbook at ``output`` is replaced only when nothing typed
    into it would be lost (``core.kept``): each difference is named, unless ``--discard``. A
    workbook that cannot be read to be compared is not replaced without ``--discard`` either.

    Raises:
        InputError: naming the output and each thing it holds that ``inputs`` would not.
    """
    from pathlib import Path

    from ..core.errors import InputError, listing
    from ..core.kept import lost_by_replacing
    from ..workbook.reader import read_workbook

    output = Path(output)
    if not force or discard or not output.exists():
        return
    try:
        old = read_workbook(output)
    except InputError as exc:
        raise InputError(f"cannot be checked for what it holds that would be lost ({exc.message}); move it aside, "
                         "or add --discard to replace it anyway", str(output)) from None
    lost = lost_by_replacing(old, inputs, inputs.source)
    if len(lost) == 1:
        raise InputError(f"holds what {inputs.source} does not: {lost[0]}; write the new workbook to another file, "
                         "or add --discard to lose it", str(output))
    if lost:
        raise InputError(f"holds {len(lost)} things {inputs.source} does not; write the new workbook to another "
                         f"file, or add --discard to lose them:\n{listing(lost)}", str(output))


def note_left_behind(inputs, output, stream=None) -> None:
    """What the reader found in the source workbook's own cells (a figure typed over a formula,
    a Confirmed cell it could not read) is not carried into a workbook built from it, which has
    its formulas and its own Checks list: said, so that nothing typed goes without a word."""
    import sys
    from pathlib import PurePath

    for found in inputs.dataset.findings:
        print(f"not carried into {PurePath(output).name}, which has its formulas and its own checks: "
              f"{found.describe()}", file=stream or sys.stdout)


def note_developing(inputs, stream=None) -> None:
    """Figures typed for a measure still being developed are not reported: a command that
    builds a workbook or writes the figures says so (summary, check and export list it with
    the other findings)."""
    import sys

    from ..core.checks import Finding
    from ..core.count_checks import developing_figures

    for found in developing_figures(inputs.register, inputs.dataset):
        print(Finding(**found).describe(), file=stream or sys.stdout)
