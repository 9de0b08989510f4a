"""The board report for the bundled data equals the reviewed reference in tests/golden/,
part by part, after volatile XML is dropped (as XlsxWriter's own tests compare files).

A deliberate change to the report: look at it rendered, then run
``.venv/bin/python tests/golden/regenerate.py`` and commit the new reference.
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"golden_{name}", GOLDEN / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compare = _load("xlsx_compare")
regenerate = _load("regenerate")


def test_report_equals_the_reviewed_reference(tmp_path):
    got = tmp_path / "report.xlsx"
    regenerate.write(got)
    problems = compare.differences(got, regenerate.REFERENCE)
    assert problems == [], ("the report differs from tests/golden/; if the change is meant, look at it rendered "
                            "and run tests/golden/regenerate.py:\n" + "\n".join(problems))


def test_the_comparison_notices_a_change(tmp_path):
    changed = tmp_path / "changed.xlsx"
    with zipfile.ZipFile(regenerate.REFERENCE) as src, zipfile.ZipFile(changed, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                data = data.replace(b"Generally satisfied", b"Generally content")
            dst.writestr(item, data)
    problems = compare.differences(changed, regenerate.REFERENCE)
    assert len(problems) == 1 and problems[0].startswith("xl/sharedStrings.xml")


def test_volatile_parts_are_ignored(tmp_path):
    """Written at another moment, the file still matches: only the dates differ."""
    import datetime as dt
    from spp_xl.report import export_report
    from spp_xl.sources import load_inputs

    got = tmp_path / "later.xlsx"
    export_report(load_inputs(), got, as_of="2015/16 Jun", meeting_date=regenerate.MEETING_DATE,
                  created=dt.datetime(2020, 1, 2, 3, 4, 5))
    assert compare.differences(got, regenerate.REFERENCE) == []
