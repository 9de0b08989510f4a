"""The sheets around the measure sheets: Dashboard, Exceptions, Family group,
Recommendations, Measures, Settings, Checks and xlwings.conf."""

from __future__ import annotations

import datetime as dt

from ..core.engine import Summary
from ..core.framework import framework
from ..core.register import (DIRECTIONS, ENTRIES, FIELDS, FREQUENCIES, PROFILES, RULES, STATUSES, UNITS, Register)
from ..core.inputs import FamilyGroup
from . import layout as L
from .formulas import literal
from .measure_sheet import judgement_colours
from ..files.sheet import Button, Chart, Page, Series, Table, Validation
from .spec import DATE, PERCENT, SheetSpec, number_format, colour, sheet as new_sheet

KEY = "key"
ROW_PT = 15.0          # a line of 11-point text
CHARS_PER_WIDTH = 1.0  # characters of 11-point text a unit of column width holds, with room to spare


def _marker(sheet: SheetSpec, name: str) -> None:
    sheet.add(0, L.KEY_COL, L.MARKERS[name], style=KEY)


def _title(sheet: SheetSpec, title: str, subtitle: str = "") -> None:
    sheet.add(0, 1, title, style="title")
    if subtitle:
        sheet.add(1, 1, subtitle, style="subtitle")


def dashboard(register: Register, summary: Summary, sheet_names: dict,
              meeting_date: dt.date | None = None) -> SheetSpec:
    """Every measure's key figures, read from its sheet by formula."""
    fw = framework()
    sheet = new_sheet(L.DASHBOARD, tab_colour=colour("header_fill"), freeze=(L.DASHBOARD_FIRST_ROW, 2))
    _marker(sheet, L.DASHBOARD)
    _title(sheet, "Safer Plymouth Partnership: performance dashboard",
           "Each measure's latest figures and judgement. Type figures on the measure sheets "
           "(yellow cells); press Recalculate to refresh the drafted commentary and checks.")
    reporting_to = L.settings_cell("reporting_to")
    sheet.add(2, 1, "Reporting to", style="plain")
    sheet.add(2, 2, _reporting_label(summary), formula=f"={reporting_to}", kind="native", style="plain")
    sheet.add(3, 1, "Board meeting", style="plain")
    sheet.add(3, 2, meeting_date or "", formula=f'=IF({L.settings_cell("meeting_date")}="","",{L.settings_cell("meeting_date")})',
              kind="native", style="plain", num=DATE)
    sheet.add(L.DASHBOARD_HEADER_ROW, L.KEY_COL, "header", style=KEY)
    for i, (_, heading, _) in enumerate(L.DASHBOARD_COLUMNS):
        sheet.add(L.DASHBOARD_HEADER_ROW, 1 + i, heading, style="head")
    for r, result in enumerate(summary.results):
        m = result.measure
        row = L.DASHBOARD_FIRST_ROW + r
        sheet.add(row, L.KEY_COL, L.measure_row_key(m.id), style=KEY)
        sheet.heights[row] = 15 * (len(m.title) // 55 + 1)
        name = L.quote(sheet_names[m.id])
        cached = _dashboard_values(result, fw)
        for i, (key, _, source) in enumerate(L.DASHBOARD_COLUMNS):
            col = 1 + i
            if source is None:
                sheet.add(row, col, m.title, style="derived_text")
                continue
            kind = {"ytd_target": "linked" if m.profile not in ("custom",) and not m.is_monitoring else "native",
                    "forecast": "linked", "judgement": "linked"}.get(key, "native")
            fmt = {"pct_change": PERCENT, "period": None, "judgement": None, "lag": None}.get(
                key, number_format(m.precision))
            sheet.add(row, col, cached[key], formula=f"={name}!{L.key_cell(source)}", kind=kind,
                      style="judgement" if key == "judgement" else "derived", num=fmt)
        judgement = L.cell(row, 1 + [k for k, _, _ in L.DASHBOARD_COLUMNS].index("judgement"), absolute=True)
        judgement_colours(sheet, judgement, [judgement])
    for i, button in enumerate(L.DASHBOARD_BUTTONS):
        sheet.buttons.append(Button(L.DASHBOARD_FIRST_ROW + 2 * i, L.DASHBOARD_BUTTON_COL, button.caption,
                                    button.sub, 170, 30))
    sheet.heights[L.DASHBOARD_HEADER_ROW] = 30
    sheet.widths.update({1: 52, 2: 14, 3: 11, 4: 11, 5: 11, 6: 11, 7: 11, 8: 9, 9: 16, 10: 10, 11: 3})
    sheet.widths[L.DASHBOARD_BUTTON_COL] = 24
    return sheet


def _dashboard_values(result, fw) -> dict:
    from .measure_sheet import tidy_or_blank

    return {
        "period": result.period or "",
        "ytd": tidy_or_blank(result.ytd_actual),
        "ytd_target": tidy_or_blank(result.ytd_target, result.measure.precision),
        "forecast": tidy_or_blank(result.forecast),
        "annual_target": "" if result.measure.annual_target is None else result.measure.annual_target,
        "change": tidy_or_blank(result.change),
        "pct_change": "" if result.pct_change is None else result.pct_change,
        "judgement": fw.style(result.rag).label,
        "lag": "Lagging" if result.lagging else "",
    }


def exceptions(summary: Summary, commentary: dict, sheet_names: dict) -> SheetSpec:
    """Drafted commentary beside a column for the staff's own, which wins in the report."""
    fw = framework()
    sheet = new_sheet(L.EXCEPTIONS, freeze=(L.EXCEPTIONS_HEADER_ROW + 1, 2))
    _marker(sheet, L.EXCEPTIONS)
    _title(sheet, "Exception items: commentary for the board",
           "The drafted commentary follows the figures. Write your own in the yellow column "
           "(one bullet a line, Alt+Enter between them): where you have, the report uses yours.")
    sheet.add(L.EXCEPTIONS_HEADER_ROW, L.KEY_COL, "header", style=KEY)
    for i, heading in enumerate(L.EXCEPTIONS_COLUMNS):
        sheet.add(L.EXCEPTIONS_HEADER_ROW, 1 + i, heading, style="head")
    for r, result in enumerate(summary.results):
        m, row = result.measure, L.EXCEPTIONS_HEADER_ROW + 1 + r
        sheet.add(row, L.KEY_COL, L.measure_row_key(m.id), style=KEY)
        sheet.add(row, 1, m.title, style="derived_text")
        sheet.add(row, 2, fw.style(result.rag).label, kind="linked", style="judgement",
                  formula=f"={L.quote(sheet_names[m.id])}!{L.key_cell('judgement')}")
        sheet.add(row, 3, "\n".join(result.commentary), kind="value", style="derived_text")
        staff = commentary.get(m.id)
        sheet.add(row, 4, "\n".join(staff) if staff else None, kind="input", style="input_text")
        judgement = L.cell(row, 2, absolute=True)
        judgement_colours(sheet, judgement, [judgement])
        lines = sum(len(s) // 80 + 1 for s in result.commentary)
        sheet.heights[row] = 15 * max(2, lines, len(m.title) // 40 + 1)
    sheet.widths.update({1: 38, 2: 15, 3: 70, 4: 60})
    return sheet


def family_group(group: FamilyGroup) -> SheetSpec:
    """The iQuanta most-similar-group table staff paste, with a bar chart per period."""
    sheet = new_sheet(L.FAMILY_GROUP)
    _marker(sheet, L.FAMILY_GROUP)
    _title(sheet, "Current iQuanta family group position: crimes per 1,000 residents",
           "Paste the most similar group's figures (yellow). Type Yes against our partnership: "
           "its bar is highlighted.")
    head = L.FAMILY_HEADER_ROW
    sheet.add(head, L.KEY_COL, "header", style=KEY)
    # Until staff type the periods' names, the headings (and the charts' titles) say which is which.
    periods = [p or default for p, default in zip(list(group.periods) + ["", ""], L.FAMILY_COLUMNS[1:3])]
    sheet.add(head, 1, L.FAMILY_COLUMNS[0], style="head")
    sheet.add(head, 2, periods[0], kind="input", style="head_input")
    sheet.add(head, 3, periods[1], kind="input", style="head_input")
    sheet.add(head, 4, L.FAMILY_COLUMNS[3], style="head")
    sheet.add(head - 1, 2, "Period names (type them):", style="note")
    helpers = ("others, period 1", "ours, period 1", "others, period 2", "ours, period 2")
    for i, heading in enumerate(helpers):
        sheet.add(head, L.FAMILY_HELPER_COL + i, f"Chart: {heading}", style="work_head")
    rows = list(group.rows) or []
    if not rows:
        from ..core.inputs import FamilyGroupRow

        rows = [FamilyGroupRow(L.OUR_PARTNERSHIP, (None, None), True)]
    for r in range(max(L.FAMILY_ROWS, len(rows))):
        row = head + 1 + r
        item = rows[r] if r < len(rows) else None
        sheet.add(row, L.KEY_COL, "row", style=KEY)
        sheet.add(row, 1, item.partnership if item else None, kind="input", style="input")
        rates = list(item.rates) + [None, None] if item else [None, None]
        for k in range(2):
            sheet.add(row, 2 + k, rates[k], kind="input", style="input", num="0.00")
        sheet.add(row, 4, ("Yes" if item.is_us else None) if item else None, kind="input", style="input")
        name, flag = L.cell(row, 1), L.cell(row, 4)
        for k in range(2):
            rate = L.cell(row, 2 + k)
            ours = item is not None and item.is_us
            value = rates[k] if item and rates[k] is not None else None
            sheet.add(row, L.FAMILY_HELPER_COL + 2 * k, value if value is not None and not ours else "#N/A",
                      kind="native", style="work", num="0.00",
                      formula=f'=IF(AND({name}<>"",{flag}<>"Yes",ISNUMBER({rate})),{rate},NA())')
            sheet.add(row, L.FAMILY_HELPER_COL + 2 * k + 1, value if value is not None and ours else "#N/A",
                      kind="native", style="work", num="0.00",
                      formula=f'=IF(AND({flag}="Yes",ISNUMBER({rate})),{rate},NA())')
    last = head + max(L.FAMILY_ROWS, len(rows))
    sheet.validations.append(Validation(f"{L.cell(head + 1, 4)}:{L.cell(last, 4)}", ("Yes",)))
    for k in range(2):
        sheet.charts.append(_chart(head + 1 + 18 * k, head, last, k))
    sheet.widths.update({1: 30, 2: 14, 3: 14, 4: 14, 5: 2, 6: 10, 7: 10, 8: 10, 9: 10})
    sheet.heights[head] = 45
    return sheet


def _chart(row: int, head: int, last: int, k: int) -> Chart:
    sheet = L.quote(L.FAMILY_GROUP)

    def col(c):
        return f"={sheet}!{L.cell(head + 1, c, True)}:{L.cell(last, c, True)}"

    return Chart(row, 11, title=f"={sheet}!{L.cell(head, 2 + k, True)}", width=620, height=340,
                 y_title="Crimes per 1,000 residents", series=(
                     Series("Most similar group", col(1), col(L.FAMILY_HELPER_COL + 2 * k), colour("other_bars"),
                            overlap=100, gap=40),
                     Series(L.OUR_PARTNERSHIP, col(1), col(L.FAMILY_HELPER_COL + 2 * k + 1), colour("our_bar"))))


def recommendations(items) -> SheetSpec:
    sheet = new_sheet(L.RECOMMENDATIONS, freeze=(L.RECOMMENDATIONS_HEADER_ROW + 1, 0))
    _marker(sheet, L.RECOMMENDATIONS)
    _title(sheet, "Performance on the key strategic recommendations",
           "Record progress and a status for each recommendation (yellow cells).")
    head = L.RECOMMENDATIONS_HEADER_ROW
    sheet.add(head, L.KEY_COL, "header", style=KEY)
    for i, heading in enumerate(L.RECOMMENDATIONS_COLUMNS):
        sheet.add(head, 1 + i, heading, style="head")
    for r, rec in enumerate(items):
        row = head + 1 + r
        sheet.add(row, L.KEY_COL, "row", style=KEY)
        sheet.add(row, 1, rec.number, kind="input", style="input_text")
        sheet.add(row, 2, rec.text, kind="input", style="input_text")
        sheet.add(row, 3, rec.progress or None, kind="input", style="input_text")
        sheet.add(row, 4, rec.status or None, kind="input", style="input_text")
        sheet.heights[row] = 15 * max(2, len(rec.text) // 85 + 1)
    last = head + max(len(items), 1) + 20
    sheet.validations.append(Validation(f"{L.cell(head + 1, 4)}:{L.cell(last, 4)}", L.STATUS_CHOICES,
                                        "Choose one of: " + ", ".join(L.STATUS_CHOICES)))
    sheet.widths.update({1: 6, 2: 80, 3: 50, 4: 14})
    return sheet


_CHOICES = {"direction": DIRECTIONS, "frequency": FREQUENCIES, "entry": ENTRIES, "unit": UNITS,
            "profile": PROFILES, "rule": RULES, "status": STATUSES, "better_when": ("lower", "higher")}


def measures(register: Register) -> SheetSpec:
    """The register as an Excel Table staff edit: one row a measure, one column a field."""
    sheet = new_sheet(L.MEASURES, protect=False, freeze=(L.MEASURES_HEADER_ROW + 1, 2))
    _marker(sheet, L.MEASURES)
    _title(sheet, "Measures: the register of what is measured and the targets",
           "A row a measure. To add one, type a new row at the foot of the table and press "
           f"'{L.MEASURES_BUTTON.caption}' (or use 'spp-xl add-measure').")
    button = L.MEASURES_BUTTON
    sheet.buttons.append(Button(*L.MEASURES_BUTTON_CELL, button.caption, button.sub, 210, 28))
    sheet.heights[L.MEASURES_BUTTON_CELL[0]] = 32
    head, first = L.MEASURES_HEADER_ROW, L.MEASURES_FIRST_COL
    for r, m in enumerate(register):
        row = head + 1 + r
        for field in FIELDS:
            sheet.add(row, L.measures_col(field), _field_value(m, field), kind="input", style="input",
                      num=PERCENT if field == "tolerance" else None)
    last_row = head + max(len(register), 1)
    sheet.table = Table(f"{L.cell(head, first)}:{L.cell(last_row, first + len(FIELDS) - 1)}", L.MEASURES_TABLE,
                        FIELDS)
    for field, choices in _CHOICES.items():
        col = L.measures_col(field)
        sheet.validations.append(Validation(f"{L.cell(head + 1, col)}:{L.cell(last_row + 50, col)}", choices))
    widths = {"id": 22, "title": 40, "table_title": 30, "measure_wording": 30, "custom_profile": 30,
              "source": 30, "lag_note": 30, "owner": 22, "counted": 20}
    for field in FIELDS:
        sheet.widths[L.measures_col(field)] = widths.get(field, 11)
    return sheet


def _field_value(m, field):
    value = getattr(m, field)
    if field == "custom_profile":
        return ", ".join(f"{v:g}" for v in value) or None
    if value == "" or value is None:
        return None
    return value


def _reporting_label(summary: Summary) -> str:
    """The reporting-to month as its formula shows it: blank while no measure has a figure for
    the year (a new year's workbook, which is built as of its first month)."""
    return summary.as_of.label if any(r.period for r in summary.results) else ""


def settings(register: Register, meeting_date: dt.date | None, summary: Summary, sheet_names: dict) -> SheetSpec:
    sheet = new_sheet(L.SETTINGS)
    _marker(sheet, L.SETTINGS)
    _title(sheet, "Settings", "The reporting year and the board meeting the report goes to.")
    for key, row in L.SETTINGS_ROWS.items():
        sheet.add(row, L.KEY_COL, key, style=KEY)
        sheet.add(row, 1, L.SETTINGS_LABELS[key], style="label")
    sheet.add(L.SETTINGS_ROWS["year"], L.SETTINGS_VALUE_COL, register.year.label, kind="input", style="input")
    sheet.add(L.SETTINGS_ROWS["meeting_date"], L.SETTINGS_VALUE_COL, meeting_date, kind="input", style="input", num=DATE)
    # The default as-of: the latest month any measure has figures for (see engine.default_as_of).
    months = ",".join(f"{L.quote(sheet_names[m.id])}!{L.cell(L.ROWS['work'], L.work_col('latest_month'), True)}"
                      for m in register)
    number = f"{L.quote(L.SETTINGS)}!{L.cell(L.SETTINGS_ROWS['reporting_to'], L.SETTINGS_NUMBER_COL, True)}"
    row = L.SETTINGS_ROWS["reporting_to"]
    label = _reporting_label(summary)
    sheet.add(row, L.SETTINGS_NUMBER_COL, summary.as_of.month_index + 1 if label else 0,
              formula=f"=MAX({months})", kind="native", style="work")
    sheet.add(row, L.SETTINGS_VALUE_COL, label, kind="native", style="derived",
              formula=f'=IF({number}=0,"",{literal(register.year.label + " ")}&INDEX({L.MONTH_ARRAY},{number}))')
    sheet.add(row + 2, 1, "The year's figures go on the measure sheets; the targets on the Measures sheet.",
              style="note")
    sheet.widths.update({1: 42, 2: 20, 3: 6})
    return sheet


def checks(summary: Summary) -> SheetSpec:
    """The findings, each with the figure it is about and, beside it, Confirmed: yellow where
    the analyst may type yes (a far-out figure that is right), "yes" where they have. Not
    protected: the analyst types there, and Recalculate rewrites the list."""
    sheet = new_sheet(L.CHECKS, protect=False)
    _marker(sheet, L.CHECKS)
    _title(sheet, "Data-quality checks", "Errors stop the board report; warnings are printed in it. "
           "A figure far out that is right: type yes under Confirmed beside it. "
           "Recalculate or Check data refreshes this list.")
    head = L.CHECKS_HEADER_ROW
    sheet.add(head, L.KEY_COL, "header", style=KEY)
    for i, heading in enumerate(L.CHECKS_COLUMNS):
        sheet.add(head, 1 + i, heading, style="head")
    widths = {1: 10, 2: 16, 3: 9, 4: 8, 5: 10, 6: 90, 7: 11, 8: 30}
    for r, f in enumerate(summary.findings):
        lines = 1
        for i, value in enumerate(finding_row(f)):
            confirm = L.CHECKS_COLUMNS[i] == "Confirmed" and (f.confirmable or f.confirmed)
            sheet.add(head + 1 + r, 1 + i, None if value == "" else value, kind="input" if confirm else "value",
                      style="input" if confirm else "derived_text")
            lines = max(lines, -(-len(str(value)) // int(widths[1 + i] * CHARS_PER_WIDTH)))
        sheet.heights[head + 1 + r] = ROW_PT * lines  # wrapped text, as tall as it needs
    sheet.widths.update(widths)
    return sheet


def finding_row(f) -> tuple:
    """A finding as the Checks sheet lists it, in ``layout.CHECKS_COLUMNS`` order."""
    return (f.severity, f.measure, f.year or "", f.period or "", "" if f.value is None else f.value, f.message,
            "yes" if f.confirmed else "", f.where)


def xlwings_conf() -> SheetSpec:
    sheet = new_sheet(L.XLWINGS_CONF, hidden_cols=(), protect=False, page=Page(landscape=False, screen_gridlines=True))
    for r, (key, value) in enumerate(L.XLWINGS_SETTINGS):
        sheet.add(r, 0, key, style="plain")
        sheet.add(r, 1, value or None, kind="input", style="input")
    sheet.widths.update({0: 20, 1: 50})
    return sheet

