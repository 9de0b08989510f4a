"""The sheets around the measure sheets: Dashboard, Exceptions, Family group,
Recommendations, Measures, Settings, Checks and xlwings.conf."""

from __future__ import annotations

import datetime as dt

from ..core.engine import Summary
from ..core.dataset import YES, Dataset
from ..core.partnership import partnership
from ..core.register import FIELDS, Register
from ..core.inputs import FamilyGroup
from . import layout as L
from . import measure_schema as M
from . import schema as S
from .formulas import literal
from .measure_cells import typed_cells
from .measure_sheet import judgement_colours
from ..files.sheet import Button, Chart, Page, Series, Table
from .spec import SheetSpec, colour, sheet as new_sheet

KEY = "key"
ROW_PT = 15.0          # a line of 11-point text
CHARS_PER_WIDTH = 1.0  # characters of 11-point text a unit of column width holds, with room to spare


def _marker(sheet: SheetSpec, name: str) -> None:
    sheet.add(0, L.KEY_COL, L.MARKERS[name], style=KEY)


def _title(sheet: SheetSpec, title: str, subtitle: str = "") -> None:
    sheet.add(0, 1, title, style="title")
    if subtitle:
        sheet.add(1, 1, subtitle, style="subtitle")


def dashboard(summary: Summary, sheet_names: dict, contexts: dict, meeting_date: dt.date | None = None) -> SheetSpec:
    """Every measure's key figures, read from its sheet by formula."""
    schema = S.DASHBOARD
    head = schema.header_row
    sheet = new_sheet(L.DASHBOARD, tab_colour=colour("header_fill"), freeze=(S.DASHBOARD_FIRST_ROW, 2))
    _marker(sheet, L.DASHBOARD)
    _title(sheet, f"{partnership().name}: performance dashboard",
           "Each measure's latest figures and judgement. Type figures on the measure sheets "
           "(yellow cells); press Recalculate to refresh the drafted commentary and checks.")
    # The Settings it reports to, each by formula beside its label.
    shown = {"reporting_to": _reporting_label(summary), "meeting_date": meeting_date or ""}
    for item in S.DASHBOARD_SETTINGS:
        setting = S.settings_cell(item.key)
        sheet.add(item.row, L.KEY_COL, item.key, style=KEY)
        sheet.add(item.row, S.SETTINGS_LABEL_COL, item.label, style="plain")
        sheet.add(item.row, S.SETTINGS_VALUE_COL, shown[item.key], formula=f'=IF({setting}="","",{setting})',
                  kind="native", style="plain", num=item.num)
    _header(sheet, schema)
    for r, result in enumerate(summary.results):
        m = result.measure
        row = S.DASHBOARD_FIRST_ROW + r
        sheet.add(row, L.KEY_COL, L.measure_row_key(m.id), style=KEY)
        sheet.heights[row] = 15 * (len(m.title) // 55 + 1)
        for column in schema.columns:
            if column.shows is None:
                sheet.add(row, schema.place(column.key), m.title, style=column.style)
            else:
                _shown(sheet, row, schema.place(column.key), column, contexts[m.id], sheet_names[m.id])
        judgement = L.cell(row, schema.place("judgement"), absolute=True)
        judgement_colours(sheet, judgement, [judgement])
    for i, button in enumerate(L.DASHBOARD_BUTTONS):
        sheet.buttons.append(Button(S.DASHBOARD_FIRST_ROW + 2 * i, S.DASHBOARD_BUTTON_COL, button.caption,
                                    button.sub, 170, 30))
    sheet.heights[head] = 30
    sheet.widths.update(schema.column_widths())
    return sheet


def _header(sheet: SheetSpec, schema: S.Listing) -> None:
    sheet.add(schema.header_row, L.KEY_COL, "header", style=KEY)
    for column in schema.columns:
        sheet.add(schema.header_row, schema.place(column.key), column.heading, style="head")


def _shown(sheet: SheetSpec, row: int, col: int, column: S.Column, ctx, sheet_name: str) -> None:
    """A cell showing a key figure of a measure's sheet: by formula, with the figure's value;
    a native formula, or ``linked`` where the figure calls a custom function."""
    figure = M.key_figure(column.shows)
    kind = "linked" if figure.kind_for(ctx) in ("custom", "linked") else "native"
    sheet.add(row, col, figure.value(ctx), formula=f"={L.quote(sheet_name)}!{M.key_cell(column.shows)}",
              kind=kind, style=figure.style, num=M.number(figure.num, ctx.measure))


def exceptions(summary: Summary, commentary: dict, sheet_names: dict, contexts: dict) -> SheetSpec:
    """Drafted commentary beside a column for the staff's own, which wins in the report."""
    schema = S.EXCEPTIONS
    sheet = new_sheet(L.EXCEPTIONS, freeze=(schema.header_row + 1, 2))
    _marker(sheet, L.EXCEPTIONS)
    _title(sheet, "Exception items: commentary for the board",
           "The drafted commentary follows the figures. Write your own in the yellow column "
           "(one bullet a line, Alt+Enter between them): where you have, the report uses yours.")
    _header(sheet, schema)
    place = schema.place
    for r, result in enumerate(summary.results):
        m, row = result.measure, schema.header_row + 1 + r
        sheet.add(row, L.KEY_COL, L.measure_row_key(m.id), style=KEY)
        sheet.add(row, place("title"), m.title, style=schema.column("title").style)
        _shown(sheet, row, place("judgement"), schema.column("judgement"), contexts[m.id], sheet_names[m.id])
        sheet.add(row, place("draft"), "\n".join(result.commentary), kind="value", style=schema.column("draft").style)
        staff = commentary.get(m.id)
        sheet.add(row, place("staff"), "\n".join(staff) if staff else None, kind="input",
                  style=schema.column("staff").style)
        judgement = L.cell(row, place("judgement"), absolute=True)
        judgement_colours(sheet, judgement, [judgement])
        lines = sum(len(s) // 80 + 1 for s in result.commentary)
        sheet.heights[row] = 15 * max(2, lines, len(m.title) // 40 + 1)
    _validations(sheet, schema, schema.header_row + 1, schema.header_row + max(len(summary.results), 1))
    sheet.widths.update(schema.column_widths())
    return sheet


def family_group(group: FamilyGroup) -> SheetSpec:
    """The iQuanta most-similar-group table staff paste, with a bar chart per period."""
    schema = S.FAMILY_GROUP
    place = schema.place
    sheet = new_sheet(L.FAMILY_GROUP)
    _marker(sheet, L.FAMILY_GROUP)
    _title(sheet, "Current iQuanta family group position: crimes per 1,000 residents",
           "Paste the most similar group's figures (yellow). Type Yes against our partnership: "
           "its bar is highlighted.")
    head = schema.header_row
    sheet.add(head, L.KEY_COL, "header", style=KEY)
    # Until staff type the periods' names, the headings (and the charts' titles) say which is which.
    periods = [p or schema.heading(key) for p, key in zip(list(group.periods) + ["", ""], ("period_1", "period_2"))]
    for column in schema.columns:
        if column.role == S.CALCULATED:
            continue
        if column.typed_heading:
            sheet.add(head, place(column.key), periods[int(column.key[-1]) - 1], kind="input", style="head_input")
        else:
            sheet.add(head, place(column.key), column.heading, style="head")
    sheet.add(head - 1, place("period_1"), "Period names (type them):", style="note")
    for column in schema.with_role(S.CALCULATED):
        sheet.add(head, place(column.key), column.heading, style="work_head")
    rows = list(group.rows) or []
    if not rows:
        from ..core.inputs import FamilyGroupRow

        rows = [FamilyGroupRow(S.OUR_PARTNERSHIP, (None, None), True)]
    for r in range(max(S.FAMILY_ROWS, len(rows))):
        row = head + 1 + r
        item = rows[r] if r < len(rows) else None
        sheet.add(row, L.KEY_COL, "row", style=KEY)
        sheet.add(row, place("partnership"), item.partnership if item else None, kind="input", style="input")
        rates = list(item.rates) + [None, None] if item else [None, None]
        for k in range(2):
            column = schema.column(f"period_{k + 1}")
            sheet.add(row, place(column.key), rates[k], kind="input", style=column.style, num=column.num)
        sheet.add(row, place("ours"), ("Yes" if item.is_us else None) if item else None, kind="input", style="input")
        for k in range(2):
            ours = item is not None and item.is_us
            value = rates[k] if item and rates[k] is not None else None
            for key, formula, shown in (("others", _others, not ours), ("ours", _ours, ours)):
                column = schema.column(f"{key}_{k + 1}")
                sheet.add(row, place(column.key), value if value is not None and shown else "#N/A", kind="native",
                          style=column.style, num=column.num, formula=formula(row, k))
    last = head + max(S.FAMILY_ROWS, len(rows))
    _validations(sheet, schema, head + 1, last)
    named = [place(column.key) for column in schema.columns if column.typed_heading]
    sheet.validations.append(S.PERIOD_NAME.validation(f"{L.cell(head, min(named))}:{L.cell(head, max(named))}"))
    for k in range(2):
        sheet.charts.append(_chart(head + 1 + 18 * k, head, last, k))
    sheet.widths.update(schema.column_widths())
    sheet.heights[head] = 45
    return sheet


def _others(row: int, k: int) -> str:
    """A period's rate in the others' series: every partnership's but ours."""
    place = S.FAMILY_GROUP.place
    name, rate = L.cell(row, place("partnership")), L.cell(row, place(f"period_{k + 1}"))
    return f'=IF(AND({name}<>"",NOT({_is_ours(row)}),ISNUMBER({rate})),{rate},NA())'


def _ours(row: int, k: int) -> str:
    """A period's rate in our series: ours alone."""
    rate = L.cell(row, S.FAMILY_GROUP.place(f"period_{k + 1}"))
    return f'=IF(AND({_is_ours(row)},ISNUMBER({rate})),{rate},NA())'


def _is_ours(row: int) -> str:
    """Whether the row's "Our partnership" cell says yes, as the reader takes it (``dataset.YES``;
    Excel's = ignores case)."""
    flag = L.cell(row, S.FAMILY_GROUP.place("ours"))
    return "OR(" + ",".join(f"{flag}={literal(word)}" for word in YES) + ")"


def _validations(sheet: SheetSpec, schema: S.Listing, first: int, last: int) -> None:
    """Each typed column's data validation, from what its schema allows, over rows first..last."""
    for column in schema.columns:
        if column.allowed is not None:
            col = schema.place(column.key)
            sheet.validations.append(column.allowed.validation(f"{L.cell(first, col)}:{L.cell(last, col)}"))


def _chart(row: int, head: int, last: int, k: int) -> Chart:
    sheet = L.quote(L.FAMILY_GROUP)
    place = S.FAMILY_GROUP.place

    def col(c):
        return f"={sheet}!{L.cell(head + 1, c, True)}:{L.cell(last, c, True)}"

    # Its Alt Text says what it shows in words that stay true as staff paste new figures (the
    # report's charts, made once, quote theirs).
    period = place(f"period_{k + 1}")
    described = (f"Bar chart: crimes per 1,000 residents of each partnership in the most similar group, for the "
                 f"period named in cell {L.cell(head, period)}; the figures are in the table, column "
                 f"{L.column_letters(period)}. The partnership marked Yes (ours) has a bar of its own "
                 "colour.")
    return Chart(row, 11, title=f"={sheet}!{L.cell(head, period, True)}", width=620, height=340,
                 y_title="Crimes per 1,000 residents", description=described, series=(
                     Series("Most similar group", col(place("partnership")), col(place(f"others_{k + 1}")),
                            colour("other_bars"), overlap=100, gap=40),
                     Series(S.OUR_PARTNERSHIP, col(place("partnership")), col(place(f"ours_{k + 1}")),
                            colour("our_bar"))))


def recommendations(items) -> SheetSpec:
    schema = S.RECOMMENDATIONS
    sheet = new_sheet(L.RECOMMENDATIONS, freeze=(schema.header_row + 1, 0))
    _marker(sheet, L.RECOMMENDATIONS)
    _title(sheet, "Performance on the key strategic recommendations",
           "Record progress and a status for each recommendation (yellow cells).")
    head = schema.header_row
    _header(sheet, schema)
    for r, rec in enumerate(items):
        row = head + 1 + r
        sheet.add(row, L.KEY_COL, "row", style=KEY)
        values = {"number": rec.number, "text": rec.text, "progress": rec.progress or None, "status": rec.status or None}
        for column in schema.columns:
            sheet.add(row, schema.place(column.key), values[column.key], kind="input", style=column.style)
        sheet.heights[row] = 15 * max(2, len(rec.text) // 85 + 1)
    _validations(sheet, schema, head + 1, head + max(len(items), 1) + S.RECOMMENDATIONS_SPARE_ROWS)
    sheet.widths.update(schema.column_widths())
    return sheet


def measures(register: Register) -> SheetSpec:
    """The register as an Excel Table staff edit: one row a measure, one column a field."""
    schema = S.MEASURES
    sheet = new_sheet(L.MEASURES, protect=False, freeze=(schema.header_row + 1, 2))
    _marker(sheet, L.MEASURES)
    _title(sheet, "Measures: the register of what is measured and the targets",
           "A row a measure. To add one, type a new row at the foot of the table and press "
           f"'{L.MEASURES_BUTTON.caption}' (or use 'spp-xl add-measure').")
    button = L.MEASURES_BUTTON
    sheet.buttons.append(Button(*L.MEASURES_BUTTON_CELL, button.caption, button.sub, 210, 28))
    sheet.heights[L.MEASURES_BUTTON_CELL[0]] = 32
    head, first = schema.header_row, S.measures_col(FIELDS[0])
    for r, m in enumerate(register):
        row = head + 1 + r
        for column in schema.columns:
            sheet.add(row, schema.place(column.key), _field_value(m, column.key), kind="input", style=column.style,
                      num=column.num)
    last_row = head + max(len(register), 1)
    sheet.table = Table(f"{L.cell(head, first)}:{L.cell(last_row, first + len(FIELDS) - 1)}", S.MEASURES_TABLE,
                        schema.headings)
    _validations(sheet, schema, head + 1, last_row + S.MEASURES_SPARE_ROWS)
    sheet.widths.update(schema.column_widths())
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
    for item in S.SETTINGS:
        sheet.add(item.row, L.KEY_COL, item.key, style=KEY)
        sheet.add(item.row, S.SETTINGS_LABEL_COL, item.label, style="label")
    year, date, reporting = (S.setting(k) for k in ("year", "meeting_date", "reporting_to"))
    sheet.add(year.row, S.SETTINGS_VALUE_COL, register.year.label, kind="input", style="input", num=year.num)
    sheet.add(date.row, S.SETTINGS_VALUE_COL, meeting_date, kind="input", style="input", num=date.num)
    for item in (year, date):
        sheet.validations.append(item.allowed.validation(L.cell(item.row, S.SETTINGS_VALUE_COL)))
    # The default as-of: the latest month any measure has figures for (see engine.default_as_of).
    latest = M.MeasureContext.work("latest_month")
    months = ",".join(f"{L.quote(sheet_names[m.id])}!{latest}" for m in register)
    number = S.settings_cell("reporting_to", S.SETTINGS_NUMBER_COL)
    label = _reporting_label(summary)
    sheet.add(reporting.row, S.SETTINGS_NUMBER_COL, summary.as_of.month_index + 1 if label else 0,
              formula=f"=MAX({months})", kind="native", style="work")
    sheet.add(reporting.row, S.SETTINGS_VALUE_COL, label, kind="native", style="derived",
              formula=f'=IF({number}=0,"",{literal(register.year.label + " ")}&INDEX({L.MONTH_ARRAY},{number}))')
    sheet.add(reporting.row + 2, S.SETTINGS_LABEL_COL,
              "The year's figures go on the measure sheets; the targets on the Measures sheet.", style="note")
    sheet.widths.update(S.SETTINGS_WIDTHS)
    return sheet


def checks(summary: Summary, dataset: Dataset, places: dict) -> SheetSpec:
    """The findings, each with the figure it is about and, beside it, Confirmed: yellow where
    the analyst may type yes (a far-out figure that is right), "yes" where they have. Not
    protected: the analyst types there, and Recalculate rewrites the list. Each finding is
    placed at its figure's cell in this workbook (``places``: ``measure_cells.figure_places``),
    as Recalculate places it, not at the CSV line or the other workbook's cell ``dataset`` was read from.
    What the reader found in the workbook ``dataset`` was read from (a figure typed over its
    formula, a Confirmed cell it could not read: ``dataset.findings``) is not listed: this
    workbook has its formulas and its own list."""
    schema = S.CHECKS
    elsewhere = set(dataset.findings)
    findings = [f for f in summary.findings if f not in elsewhere]
    moved = {_head(obs.where): places[(obs.measure, obs.year.label, obs.period)] for obs in dataset.observations
             if obs.where and (obs.measure, obs.year.label, obs.period) in places}
    sheet = new_sheet(L.CHECKS, protect=False)
    _marker(sheet, L.CHECKS)
    _title(sheet, "Data-quality checks", "Errors stop the board report; warnings are printed in it. "
           "A figure far out that is right: type yes under Confirmed beside it. "
           "Recalculate or Check data refreshes this list.")
    head = schema.header_row
    _header(sheet, schema)
    widths = schema.column_widths()
    for r, f in enumerate(findings):
        lines = 1
        for column, value in zip(schema.columns, finding_row(f, _placed(f.where, moved))):
            col = schema.place(column.key)
            confirm = column.role == S.TYPED and (f.confirmable or f.confirmed)
            sheet.add(head + 1 + r, col, None if value == "" else value, kind="input" if confirm else "value",
                      style="input" if confirm else "derived_text")
            lines = max(lines, -(-len(str(value)) // int(widths[col] * CHARS_PER_WIDTH)))
        sheet.heights[head + 1 + r] = ROW_PT * lines  # wrapped text, as tall as it needs
    # The macros rewrite the list, longer or shorter: the Confirmed column is validated well below it.
    _validations(sheet, schema, head + 1, head + len(findings) + S.CHECKS_SPARE_ROWS)
    sheet.widths.update(widths)
    return sheet


def figures(register: Register, sheet_names: dict, contexts: dict) -> SheetSpec:
    """The Excel Table ``Figures``: a row for every typed figure cell (measure, year, period,
    value), its value a formula reading the cell (blank where it holds no number), so that
    Power Query and PivotTables read the figures live."""
    schema = S.FIGURES
    head = schema.header_row
    sheet = new_sheet(L.FIGURES, freeze=(head + 1, 0))
    _marker(sheet, L.FIGURES)
    _title(sheet, "Figures: every figure typed on the measure sheets, as one table",
           f"The Excel Table '{S.FIGURES_TABLE}' reads the yellow cells live: use it in Power Query or a "
           "PivotTable. Type the figures on the measure sheets, not here.")
    _header(sheet, schema)
    place, row = schema.place, head
    for measure in register:
        ctx, name = contexts[measure.id], L.quote(sheet_names[measure.id])
        for cell in typed_cells(measure, ctx.year):
            row += 1
            ref = f"{name}!{L.cell(ctx.at[cell.row], cell.col, absolute=True)}"
            obs = ctx.typed(cell.series, cell.year, cell.period)
            sheet.add(row, L.KEY_COL, "row", style=KEY)
            for key, value in (("measure", cell.figure), ("year", cell.year.label), ("period", cell.period)):
                sheet.add(row, place(key), value, style=schema.column(key).style)
            sheet.add(row, place("value"), "" if obs is None or obs.value is None else obs.value,
                      formula=f'=IF(ISNUMBER({ref}),{ref},"")', kind="native", style=schema.column("value").style,
                      num=cell.num)
    first, last = place(schema.columns[0].key), place(schema.columns[-1].key)
    sheet.table = Table(f"{L.cell(head, first)}:{L.cell(max(row, head + 1), last)}", S.FIGURES_TABLE,
                        schema.headings)
    sheet.widths.update(schema.column_widths())
    return sheet


def finding_row(f, where: str | None = None) -> tuple:
    """A finding as the Checks sheet lists it, in the order of its columns (``schema.CHECKS``),
    at ``where`` (default: where the finding says)."""
    return (f.severity, f.measure, f.year or "", f.period or "", "" if f.value is None else f.value, f.message,
            "yes" if f.confirmed else "", f.where if where is None else where)


_MORE = " (and "  # "q2.csv line 5 (and 3 more)": one place named for several


def _head(where: str) -> str:
    """A figure's place without what names its column or the places after it: a finding about
    the measure column of a CSV line is about the figure of that line."""
    return where.split(_MORE, 1)[0].split(", column ", 1)[0]


def _placed(where: str, moved: dict) -> str:
    """``where`` in the workbook being built: its figure's cell there, with any '(and N more)'."""
    head = _head(where)
    if head not in moved:
        return where
    return moved[head] + (where[where.index(_MORE):] if _MORE in where else "")


def xlwings_conf() -> SheetSpec:
    sheet = new_sheet(L.XLWINGS_CONF, hidden_cols=(), protect=False, page=Page(landscape=False, screen_gridlines=True))
    for r, (key, value) in enumerate(L.XLWINGS_SETTINGS):
        sheet.add(r, 0, key, style="plain")
        sheet.add(r, 1, value or None, kind="input", style="input")
    sheet.validations.append(S.XLWINGS_SETTING.validation(f"B1:B{len(L.XLWINGS_SETTINGS)}"))
    sheet.widths.update({0: 20, 1: 50})
    return sheet

