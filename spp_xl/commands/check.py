"""List the data-quality findings: errors stop a report (exit 1), warnings do not (exit 0).

A figure far outside what its neighbours and last year suggest is an error until the
analyst confirms it: in a tidy CSV, "yes" in a confirmed column on its row. A confirmed
figure is listed as a warning, "confirmed by the analyst", and printed in the report's
data-quality notes.
"""

from __future__ import annotations

EXAMPLES = """examples:
  spp-xl check workbook/SPP_Performance.xlsm
  spp-xl check figures.csv --json
"""

import json

from . import add_source_arguments


def add_arguments(parser) -> None:
    add_source_arguments(parser, as_of=False)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def run(args) -> int:
    from ..core.checks import run_checks
    from ..sources import load_inputs

    inputs = load_inputs(args.source, args.register, formulas=True)
    findings = run_checks(inputs.register, inputs.dataset)
    errors = sum(f.severity == "error" for f in findings)
    if args.json:
        print(json.dumps({"findings": [f.to_json() for f in findings]}, indent=2))
    else:
        for finding in findings:
            print(finding.describe())
        confirmed = sum(f.confirmed for f in findings)
        print(f"{errors} error(s), {len(findings) - errors} warning(s) in {inputs.source}"
              + (f" ({confirmed} confirmed figure(s) among the warnings)" if confirmed else ""))
        if inputs.kind == "csv" and any(f.confirmable for f in findings):
            print("A queried figure that is right: put yes in a 'confirmed' column on its row, and run again.")
    return 1 if errors else 0
