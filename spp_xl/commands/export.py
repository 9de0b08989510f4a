"""Write the quarterly board report as a formatted .xlsx (and a PDF with --pdf).

The report is written to exports/SPP_Board_Report_<year>_<Qn>.xlsx beside the source
(for the bundled data: ./exports/) unless -o names another file; an existing report
is replaced only with --force. --pdf also writes the PDF, tagged for a screen reader
(LibreOffice prints it, found on PATH or in its install folder; pikepdf tags it). Data
errors stop the export (exit 1); bad arguments, an existing file, or --pdf without
LibreOffice or pikepdf exit 2. Every data-quality warning the
report carries is printed before it is written.
"""

from __future__ import annotations

EXAMPLES = """examples:
  spp-xl export workbook/SPP_Performance.xlsm --meeting-date 2015-07-23
  spp-xl export figures.csv --as-of "2015/16 Jun" -o board_report.xlsx
"""

from . import add_source_arguments


def add_arguments(parser) -> None:
    add_source_arguments(parser)
    parser.add_argument("-o", "--output", metavar="PATH", help="the .xlsx to write (default: exports/ beside SOURCE)")
    parser.add_argument("--pdf", action="store_true", help="also write a PDF beside it, tagged for a screen reader (needs LibreOffice and "
                                                               "pikepdf: pip install \"spp_xl[pdf]\")")
    parser.add_argument("--force", action="store_true", help="replace an existing report")
    parser.add_argument("--meeting-date", metavar="YYYY-MM-DD",
                        help="the board meeting's date (default: the workbook's Settings; with neither, the report "
                             "says the date is to be confirmed); from the period's end to four months after it")


def run(args) -> int:
    from ..report.export import NO_MEETING_DATE, export_report
    from ..sources import load_inputs

    result = export_report(load_inputs(args.source, args.register), args.output, as_of=args.as_of,
                           meeting_date=args.meeting_date, pdf=args.pdf, force=args.force)
    if result.meeting_date is None:
        print(f"note: {NO_MEETING_DATE}")
    if result.warnings:
        print(f"{len(result.warnings)} data-quality warning(s), printed in the report's data-quality notes:")
        for finding in result.warnings:
            print(f"  {finding.describe()}")
    print(f"Board report written to {result.xlsx} ({result.pages} printed pages)")
    if result.pdf is not None:
        print(f"PDF written to {result.pdf} (tagged: headings, tables, each chart described)")
    return 0
