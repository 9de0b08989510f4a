"""The analyst's confirmations on the Checks sheet, read beside the figures.

A confirmation it cannot read becomes a ``Finding`` the reader hands on in
``Dataset.findings`` (with ``disagreements``' findings about calculated cells), so that
every command, the report's notes and the Checks sheet carry it with the checks' own.
"""

from __future__ import annotations

from ..core.checks import Finding
from ..core.dataset import confirmation
from ..core.periods import FinancialYear
from . import layout as L
from . import schema as S
from .grid import Book


def read_confirmations(book: Book) -> tuple[frozenset, tuple]:
    """The figures the analyst confirmed on the Checks sheet: yes under Confirmed beside a
    finding names its (measure, year, period, figure). A Confirmed cell that says neither yes
    nor no, or a yes beside no figure, is a finding of its own (nothing typed is ignored)."""
    sheet = book.find(L.CHECKS)
    if sheet is None or not sheet.rows_keyed("header"):
        return frozenset(), ()
    head = sheet.rows_keyed("header")[0]
    headings = {sheet.text(head, c): c for c in range(len(sheet.grid[head]))}
    if "Confirmed" not in headings:
        return frozenset(), ()  # a workbook built before confirmations were recorded there
    col = {name: headings.get(name) for name in S.CHECKS.headings}
    confirmed, findings = set(), []
    for r in range(head + 1, len(sheet.grid)):
        typed = sheet.text(r, col["Confirmed"])
        if not typed:
            continue
        text = {name: sheet.text(r, c) if c is not None else "" for name, c in col.items()}
        figure = sheet.value(r, col["Figure"]) if col["Figure"] is not None else ""
        try:
            if not confirmation(typed):
                continue
            if not isinstance(figure, (int, float)) or isinstance(figure, bool):
                raise ValueError(f"{typed!r} is beside a finding with no figure: only a figure can be confirmed")
            confirmed.add((text["Measure"], FinancialYear.parse(text["Year"]), text["Period"], float(figure)))
        except ValueError as exc:
            findings.append(Finding("warning", text["Measure"] or "-", text["Year"] or None, text["Period"] or None,
                                    f"Confirmed: {exc}, so nothing is confirmed here; type yes beside a far-out "
                                    "figure that is right", book.where(sheet, r, col["Confirmed"])))
    return frozenset(confirmed), tuple(findings)
