"""What the board sees on the page, at quarter one, quarter two and the year end: the quarter
at a glance, rows sized to their text, no page telling staff what to do, the being-developed
block laid out as every item and never alone on a page, the year end's own words."""

from __future__ import annotations

import dataclasses
import datetime as dt

import openpyxl
import pytest
from years import year_to

from spp_xl.core.engine import summarise
from spp_xl.core.register import load_register
from spp_xl.report import export_report
from spp_xl.report.build import build_report
from spp_xl.report.layout import column_px, text_lines, text_px
from spp_xl.report.spec import Banner, Bullets, Group, Spacer
from spp_xl.report.template import load_template
from spp_xl.sources import load_inputs

POINTS = {"2015/16 Jun": dt.date(2015, 7, 23), "2015/16 Sep": dt.date(2015, 10, 22), "2015/16 Mar": dt.date(2016, 5, 19)}


def _inputs(as_of: str):
    inputs = load_inputs()
    if as_of == "2015/16 Jun":
        return inputs
    return dataclasses.replace(inputs, dataset=year_to(load_register(), as_of))


@pytest.fixture(scope="module", params=list(POINTS))
def exported(request, tmp_path_factory):
    as_of = request.param
    path = tmp_path_factory.mktemp("pages") / "report.xlsx"
    inputs = _inputs(as_of)
    result = export_report(inputs, path, as_of=as_of, meeting_date=POINTS[as_of])
    return as_of, inputs, result, openpyxl.load_workbook(path)


def _report(as_of: str):
    inputs = _inputs(as_of)
    return build_report(summarise(inputs.register, inputs.dataset, as_of), inputs, POINTS[as_of])


# ------------------------------------------------------------------ the quarter at a glance


def test_the_glance_page_follows_the_cover_and_fits_one_page(exported):
    _, _, result, wb = exported
    assert wb.sheetnames[:3] == ["Cover", "At a glance", "Contents"]
    assert dict(result.sheet_pages)["At a glance"] == 1


def test_the_glance_page_has_every_measure_with_its_figures_judgement_and_direction(exported):
    as_of, inputs, _, wb = exported
    summary = summarise(inputs.register, inputs.dataset, as_of)
    ws = wb["At a glance"]
    rows = {row[0].value: [c.value for c in row] for row in ws.iter_rows() if row[0].value}
    fills = {row[0].value: row[6].fill.fgColor.rgb for row in ws.iter_rows() if row[0].value}
    for r in summary.results:
        m = r.measure
        got = rows[m.title]
        if m.is_developing:
            assert got[6] == "Being developed"
            continue
        assert got[2] == pytest.approx(r.ytd_actual)
        if m.is_monitoring:
            assert got[3] == "no target" and got[6] == "Monitoring only"
        else:
            assert got[3] == pytest.approx(r.ytd_target) and got[5] == m.annual_target
        year_end = r.period_index == len(m.periods) - 1
        assert got[4] == pytest.approx(round(r.ytd_actual if year_end else r.forecast, m.precision))
        assert str(fills[m.title]).endswith(__import__("spp_xl.core.framework", fromlist=["x"]).framework()
                                            .style(r.rag).colour[1:].upper())
        arrow = "\u25b2" if r.change > 0 else "\u25bc"
        assert got[7].startswith(arrow)
    heading = [c.value for c in next(row for row in ws.iter_rows() if row[0].value == "Measure")]
    assert heading[4] == ("Out-turn (or forecast)" if as_of == "2015/16 Mar" else "Year-end forecast")


def test_down_is_better_for_a_measure_to_reduce():
    report = _report("2015/16 Sep")
    table = next(b for b in report.sheet("At a glance").blocks if hasattr(b, "rows"))
    travel = {row.key: row.cells[7] for row in table.rows}
    # the words say it as the colour does (WCAG 2.1, 1.4.1: never by colour alone)
    assert travel["asb"].value == "\u25bc 17% down: better" and travel["asb"].style == "glance_better"  # ASB fell
    assert travel["da_referrals"].value.startswith("\u25bc") and travel["da_referrals"].value.endswith(": worse")
    assert travel["da_referrals"].style == "glance_worse"
    assert travel["sac"].value.startswith("\u25b2") and travel["sac"].value.endswith(": worse")  # lower is better
    assert travel["sac"].style == "glance_worse"


def test_no_change_and_no_figure_are_said_in_words():
    import dataclasses as dc

    from spp_xl.report.glance import travel

    r = next(r for r in summarise(load_register(), year_to(load_register(), "2015/16 Sep")).results
             if r.measure.id == "asb")
    assert travel(dc.replace(r, change=0.0, pct_change=0.0)).value == "\u25ba no change"
    assert travel(dc.replace(r, change=None, pct_change=None)).value == "no figure last year"


# ------------------------------------------------------------------ the small things


def test_no_family_group_page_without_figures(exported):
    _, _, _, wb = exported
    assert "Family group" not in wb.sheetnames
    assert not any("family" in str(c.value).lower() for row in wb["Contents"].iter_rows() for c in row)


def test_the_being_developed_banner_has_the_gap_every_item_has():
    items = [b for b in _report("2015/16 Sep").sheet("Exception items").blocks if isinstance(b, Group)]
    for item in items:
        kinds = [type(b) for b in item.blocks]
        at = kinds.index(Banner)
        assert kinds[at + 1:at + 3] == [Spacer, Bullets], item.blocks[0]


def test_the_being_developed_block_never_has_a_page_of_its_own(exported):
    _, _, _, wb = exported
    ws = wb["Exception items"]
    breaks = [b.id for b in ws.row_breaks.brk]
    titles = {r: ws.cell(r + 1, 1).value for r in range(ws.max_row)}
    assert breaks and titles[breaks[-1]] != "Measures being developed"


def test_rows_are_as_tall_as_their_text_and_no_taller(exported):
    """Contents lines, banners and recommendations: a text that fits on one line gets one line's row."""
    _, _, _, wb = exported
    tpl = load_template()
    one = {11: tpl.line_height(11) + 3, 12: tpl.line_height(12) + 3}
    contents = wb["Contents"]
    for r in range(1, contents.max_row + 1):
        value = contents.cell(r, 1).value
        banner = contents.cell(r, 1).fill.fgColor.rgb not in (None, "00000000")  # the framework's key: padded
        if isinstance(value, str) and contents.cell(r, 1).font.sz in one and len(value) < 150 and not banner:
            assert contents.row_dimensions[r].height == one[contents.cell(r, 1).font.sz], value
    recs = wb["Recommendations"]
    width = tpl.width("rec_text")
    for r in range(4, recs.max_row + 1):
        text = recs.cell(r, 2).value
        lines = text_lines(text, column_px(width), 11, False, float(tpl.page["text_fill"]))
        assert recs.row_dimensions[r].height == lines * tpl.line_height(11) + 3, text


def test_the_recommendations_span_the_page_as_the_text_pages_do():
    tpl = load_template()
    recs = sum(tpl.width(k) for k in ("rec_number", "rec_text", "rec_progress", "rec_status"))
    glance = sum(tpl.width(k) for k in ("g_measure", "g_period", "g_figure", "g_figure", "g_figure", "g_figure",
                                        "g_judgement", "g_travel"))
    assert recs == glance == tpl.width("margin") + tpl.width("text")


def test_a_banner_that_fits_one_line_has_one_lines_row(exported):
    """A banner whose text is narrower than its merged cells (the referrals' measure page, whose
    quarter columns are wide) is given one line, not two."""
    _, _, _, wb = exported
    checked = 0
    for ws in wb.worksheets:
        widths = {c: round(dim.width - 0.71, 2) for dim in ws.column_dimensions.values()  # as the template set them
                  for c in range(dim.min, dim.max + 1)}
        for merged in ws.merged_cells.ranges:
            cell = ws.cell(merged.min_row, merged.min_col)
            if not (cell.font.b and cell.fill.fgColor.rgb not in (None, "00000000") and isinstance(cell.value, str)):
                continue
            room = sum(column_px(widths[c]) for c in range(merged.min_col, merged.max_col + 1)) - 8
            if text_px(cell.value, 11, bold=True) < room:
                assert ws.row_dimensions[merged.min_row].height == 15 + 9, (ws.title, cell.value)
                checked += 1
    assert checked >= 8


def test_the_year_end_note_gives_the_out_turn_not_a_forecast():
    report = _report("2015/16 Mar")
    notes = {s.measure_id: next(b.text for b in s.blocks if getattr(b, "style", "") == "note")
             for s in report.sheets if s.measure_id}
    assert notes["asb"].startswith("Out-turn 8,033 against the annual target of 10,064.")
    assert "forecast" not in notes["asb"]
    assert notes["sac"].startswith("Year-end forecast")  # figures to February only: still a forecast


def test_the_workbooks_banner_states_the_measure_as_the_reports_does():
    from spp_xl.report.build import banner_text
    from spp_xl.workbook import layout as L
    from spp_xl.workbook import measure_schema as M
    from places import ROWS
    from spp_xl.workbook.build import workbook_specs

    inputs = load_inputs()
    summary = summarise(inputs.register, inputs.dataset)
    specs = {s.name: s for s in workbook_specs(inputs)}
    for r in summary.results:
        if r.rag not in ("green", "amber", "red"):
            continue
        banner = next(c for c in specs[L.measure_sheet_name(r.measure.id)].cells
                      if (c.row, c.col) == (ROWS["banner"], M.LABEL_COL))
        measure_part = banner_text(r, "2015/16").split(" - (", 1)[1]  # one definition: banner_wording
        assert banner.value.endswith(" - (" + measure_part) and measure_part in banner.formula
    dv = next(c for c in specs["dv_reporting"].cells if (c.row, c.col) == (ROWS["banner"], M.LABEL_COL))
    assert "record at least 6,588 crimes" in dv.formula and "6587" not in dv.formula
