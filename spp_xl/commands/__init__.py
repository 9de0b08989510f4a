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


def new_workbook_output(output: str, source: str | None,
                        refusal: str = "is the workbook being read: write the new workbook to another file"):
    """The path a command builds a new workbook at: an ``.xlsm`` (the workbook carries
    macros), never its ``source`` (the user's workbook is never written over).

    Raises:
        InputError: naming the output, with ``refusal`` when it is the source.
    """
    from pathlib import Path

    from ..core.errors import InputError

    path = Path(output)
    if path.suffix.lower() != ".xlsm":
        raise InputError("must end in .xlsm: the workbook carries macros", str(path))
    if source and Path(source).resolve() == path.resolve():
        raise InputError(refusal, str(path))
    return path


def note_developing(inputs, stream=None) -> None:
    """Figures typed for a measure still being developed are not reported: a command that
    builds a workbook or writes the figures says so (summary, check and export list it with
    the other findings)."""
    import sys

    from ..core.checks import Finding
    from ..core.count_checks import developing_figures

    for found in developing_figures(inputs.register, inputs.dataset):
        print(Finding(**found).describe(), file=stream or sys.stdout)
