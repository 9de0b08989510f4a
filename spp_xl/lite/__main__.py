"""``python -m spp_xl.lite``: build the macro-free workbook for xlwings Lite.

    python -m spp_xl.lite [SOURCE] -o workbook/SPP_Performance_Lite.xlsx [--requirement LINE] [--force]

SOURCE is what ``spp-xl build-workbook`` takes (default: the bundled data). The workbook
carries spp_xl itself, in its main.py. ``--requirement`` is for a council with its own
package index: the line Lite's requirements.txt installs spp_xl by instead (``spp_xl==VERSION``,
or the URL of the wheel ``make wheel`` builds), and main.py then carries no copy.
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
    parser.add_argument("--requirement", help="install spp_xl from a package index instead of carrying it: "
                        "requirements.txt's line for it (a package name or a wheel's URL)")
    parser.add_argument("--force", action="store_true", help="replace an existing output")
    args = parser.parse_args(argv)
    from ..sources import load_inputs
    from .workbook import build_lite_workbook

    try:
        if not args.output.lower().endswith(".xlsx"):
            raise InputError("the Lite workbook is macro-free: give it an .xlsx name", args.output)
        written = build_lite_workbook(load_inputs(args.source, args.register), args.output,
                                      requirement=args.requirement, force=args.force)
    except (SppError, ValueError) as exc:
        print(f"spp_xl.lite: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 2)
    from .archive import LIMIT

    if args.requirement:
        print(f"wrote {written} (Lite installs spp_xl from: {args.requirement})")
    else:
        from .parts import read_lite_code

        size = len(read_lite_code(written)["main.py"].encode("utf-8"))
        print(f"wrote {written} (main.py carries spp_xl: {size / 1024:.0f} KiB, of the {LIMIT // 1024} KiB "
              f"spp_xl allows itself within Office's 2 MB for an add-in's settings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
