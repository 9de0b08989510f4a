"""List the data-quality findings: errors stop a report (exit 1), warnings do not (exit 0)."""

from __future__ import annotations

import json

from . import add_source_arguments


def add_arguments(parser) -> None:
    add_source_arguments(parser, as_of=False)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def run(args) -> int:
    from ..core.checks import run_checks
    from ..sources import load_inputs

    inputs = load_inputs(args.source, args.register)
    findings = run_checks(inputs.register, inputs.dataset)
    errors = sum(f.severity == "error" for f in findings)
    if args.json:
        print(json.dumps({"findings": [f.to_json() for f in findings]}, indent=2))
    else:
        for finding in findings:
            print(finding.describe())
        print(f"{errors} error(s), {len(findings) - errors} warning(s) in {inputs.source}")
    return 1 if errors else 0
