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
