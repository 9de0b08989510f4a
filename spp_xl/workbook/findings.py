"""What the reader finds about the cells it reads, beside the figures: figures typed over a
measure sheet's calculated rows, and the analyst's confirmations on the Checks sheet.

Each becomes a ``Finding`` the reader hands on in ``Dataset.findings``, so that every
command, the report's notes and the Checks sheet carry it with the checks' own.
"""

from __future__ import annotations

from ..core.checks import Finding
from ..core.dataset import Dataset, confirmation
from ..core.engine import measure_rows
from ..core.numbers import format_number
from ..core.periods import FinancialYear
from . import layout as L
from . import measure_schema as M
from . import schema as S
from .grid import Book, Sheet, cell_text


CALCULATED = {"ytd": ("last_year", "this_year", "pct"), "period": ("last_cum", "this_cum", "pct")}


def calculated_cells(book: Book, sheet: Sheet, measure) -> list[tuple[str, int, int]]:
    """(sheet name, row, column) of each period cell of a measure sheet's calculated rows:
    the cells that must hold formulas."""
    header = book.row_keyed(sheet, "header")
    columns = {cell_text(v): c for c, v in enumerate(sheet.grid[header])}
    return [(sheet.name, book.row_keyed(sheet, key), columns[p])
            for key in CALCULATED[measure.entry] for p in measure.periods if p in columns]


def typed_over_formulas(book: Book, sheet: Sheet, measure, year: FinancialYear, found: list,
                        formula_free: frozenset = frozenset()) -> list[Finding]:
    """Figures typed over a calculated row (the period figures of a year-to-date measure, the
    running totals of a period measure, the % row): a cell whose value is not what the figures
    typed give no longer holds its formula, and is not used. One finding a row.

    The values are compared, which works on a file and on live Excel's grid alike; a figure
    typed over its own formula's value shows only in the formulas, which a saved file has:
    ``formula_free`` lists the cells known to hold none (``spp_xl.files.cells_without_formula``).
    """
    rows = measure_rows(measure, Dataset(found), year)
    header = book.row_keyed(sheet, "header")
    columns = {cell_text(v): c for c, v in enumerate(sheet.grid[header])}
    derived = {"last_year": rows.last_year, "this_year": rows.this_year} if measure.entry == "ytd" else \
        {"last_cum": rows.last_cumulative, "this_cum": rows.this_cumulative}
    derived["pct"] = [None if c is None else c[1] for c in rows.change]
    out = []
    for key, expected in derived.items():
        r = book.row_keyed(sheet, key)
        typed = []
        for period, want in zip(measure.periods, expected):
            c = columns.get(period)
            shown = sheet.value(r, c) if c is not None else ""
            same = shown in ("", None) or (isinstance(shown, (int, float)) and not isinstance(shown, bool)
                                           and want is not None and abs(shown - want) <= 1e-6 * max(1.0, abs(want)))
            if same and not (shown not in ("", None) and (sheet.name, r, c) in formula_free):
                continue
            typed.append((period, c, shown, want))
        if typed:
            out.append(_typed_over(book, sheet, r, key, measure, year, typed))
    return out


def _typed_over(book, sheet, r, key, measure, year, typed) -> Finding:
    pct = key == "pct"

    def show(value):
        if value is None:
            return "blank"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"{value:.1%}" if pct else format_number(value, measure.precision)
        return repr(cell_text(value))

    def listed(items):
        items = list(items)
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

    label = sheet.text(r, sheet.col(M.LABEL_COL)) or key
    fy = year.previous() if key.startswith("last") else year
    periods = listed(p for p, *_ in typed)
    more = f" (and {len(typed) - 1} more)" if len(typed) > 1 else ""
    return Finding("warning", measure.id, fy.label, typed[0][0] if len(typed) == 1 else None,
                   f"{listed(show(v) for *_, v, _ in typed)} typed over the formula{'s' if more else ''} of "
                   f"{label!r} ({periods}), a calculated row: not used; the figures typed give "
                   f"{listed(show(w) for *_, w in typed)}. Copy the formula back from a cell of the row that "
                   "still holds one", book.where(sheet, r, typed[0][1]) + more)


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
