"""Checks that this computer is ready for the workbook's buttons and custom functions:
the Python interpreter, the xlwings versions (Python package, the workbook's VBA
runtime, the DLL), the xlwings settings, the workbook's mark of the web and whether
LibreOffice last saved it, saying how to fix each problem (with the command to run,
where there is one). On a machine without Excel it says what it could not check.
Reads the workbook; never writes to it. Exit status 1 when a problem is found, 0 otherwise."""

from __future__ import annotations

EXAMPLES = """examples:
  spp-xl doctor
  spp-xl doctor workbook/SPP_Performance.xlsm
"""

import textwrap

LABELS = {"ok": "OK", "problem": "PROBLEM", "not checked": "NOT CHECKED", "note": "NOTE"}


def add_arguments(parser) -> None:
    parser.add_argument("workbook", nargs="?", help="the workbook to check as well (SPP_Performance.xlsm)")


def run(args) -> int:
    from ..excel.doctor import diagnose

    checks = diagnose(args.workbook)
    print("spp-xl doctor: is this computer ready for the workbook's buttons and custom functions?\n")
    width = max(len(label) for label in LABELS.values()) + 2
    for check in checks:
        label = LABELS[check.status].ljust(width)
        lines = textwrap.wrap(f"{check.topic}: {check.detail}", 100 - width)
        print(f"  {label}{lines[0]}")
        for line in lines[1:]:
            print(" " * (width + 2) + line)
        if check.fix and check.status != "ok":
            for line in textwrap.wrap(f"Fix: {check.fix}", 96):
                print(" " * (width + 2) + line)
        if check.command and check.status != "ok":
            print(" " * (width + 4) + check.command)  # whole, to copy and paste
    problems = sum(c.status == "problem" for c in checks)
    unchecked = sum(c.status == "not checked" for c in checks)
    print()
    print(f"{problems} problem(s), {unchecked} thing(s) this machine cannot check.")
    return 1 if problems else 0
