"""``python -m spp_xl.lite``: build the macro-free workbook for xlwings Lite.

    python -m spp_xl.lite [SOURCE] -o workbook/SPP_Performance_Lite.xlsx [--requirement LINE] [--force]

SOURCE is what ``spp-xl build-workbook`` takes (default: the bundled data). ``--requirement``
is the line Lite's requirements.txt installs spp_xl by: a package index name
(default ``spp_xl==VERSION``) or the URL of the wheel ``make wheel`` builds.
"""

from __future__ import annotations

import argparse
import sys

from ..core.errors import InputError, SppError


def main(argv: list[str] | None = None) -> int:
    from ..cli import console_safe

    console_safe()
    parser = argparse.ArgumentParser(prog="python -m spp_xl.lite", description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", help="a tidy CSV or a workbook (default: the bundled data)")
    parser.add_argument("-o", "--output", required=True, help="the .xlsx to write")
    parser.add_argument("--register", metavar="TOML", help="measure register for a CSV source")
    parser.add_argument("--requirement", help="requirements.txt's line for spp_xl: a package name or a wheel's URL")
    parser.add_argument("--force", action="store_true", help="replace an existing output")
    args = parser.parse_args(argv)
    from ..sources import load_inputs
    from .workbook import build_lite_workbook, default_requirement

    try:
        if not args.output.lower().endswith(".xlsx"):
            raise InputError("the Lite workbook is macro-free: give it an .xlsx name", args.output)
        written = build_lite_workbook(load_inputs(args.source, args.register), args.output,
                                      requirement=args.requirement, force=args.force)
    except (SppError, ValueError) as exc:
        print(f"spp_xl.lite: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 2)
    print(f"wrote {written} (spp_xl for Lite from: {args.requirement or default_requirement()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
