"""One measure's sheet, laid out as the seed's tables (see ``layout`` for the map).

Inputs are the figures staff type (period figures, or year-to-date figures for a
measure entered that way) and the three previous out-turns. Cumulatives, period
figures from year-to-date ones and % differences are native formulas; the target
profile, the forecast and the judgement call the add-in's SPP_ functions. The
measure's fields (target, direction, tolerance...) are looked up in the Measures
table by formula, so editing the table changes the sheet.
"""

from __future__ import annotations

from ..core.arithmetic import tidy
from ..core.commentary import banner_wording
from ..core.dataset import Dataset
from ..core.engine import MeasureResult, MeasureRows
from ..core.framework import framework
from ..core.periods import ANNUAL, AsOf
from ..core.register import Measure
from ..core.rules import JUDGED_AGAINST, RULES, YEAR_END, bind, evaluate
from ..core.engine import rule_inputs
from .formulas import formula, literal, phrase
from . import layout as L
from ..files.sheet import CondFormat
from .spec import PERCENT, WHOLE_PERCENT, SheetSpec, number_format, sheet as new_sheet

R = L.ROWS


def _blank(value):
    return "" if value is None else value


class _Refs:
    """A1 references on one measure sheet."""

    def __init__(self, measure: Measure):
        self.n = len(measure.periods)
        self.first, self.last = L.FIRST_PERIOD_COL, L.FIRST_PERIOD_COL + self.n - 1

    def row(self, key: str, absolute: bool = True) -> str:
        return L.span(R[key], self.first, self.last, absolute)

    def at(self, key: str, k: int) -> str:
        return L.cell(R[key], self.first + k)

    @staticmethod
    def key(name: str) -> str:
        return L.cell(R["key"], L.key_col(name), absolute=True)

    @staticmethod
    def work(name: str) -> str:
        return L.cell(R["work"], L.work_col(name), absolute=True)


def measure_sheet(measure: Measure, as_of: AsOf, dataset: Dataset, result: MeasureResult,
                  rows: MeasureRows, measures_row: int, reporting: bool = True) -> SheetSpec:
    """The sheet of one measure.

    Args:
        measure: the register entry.
        as_of: the month the cached values are judged at (the engine's default as-of).
        dataset: the figures (inputs are written from it, unreadable text included).
        result: the engine's judgement, for the formulas' cached values.
        rows: the engine's table for the measure.
        measures_row: the 1-based row of the measure in the Measures table.
        reporting: False while no measure has a figure for the year (a new year's workbook):
            the expected period is then none, as the sheet's formula has it.
    """
    fw = framework()
    year = as_of.year
    sheet = new_sheet(L.measure_sheet_name(measure.id), tab_colour=fw.style(result.rag).colour)
    ref = _Refs(measure)
    p = measure.precision
    num = number_format(p)
    last_col = max(ref.last, L.FIRST_KEY_COL + len(L.KEY_FIGURES) - 1)

    sheet.add(0, L.KEY_COL, L.measure_marker(measure.id), style="key")
    sheet.add(R["title"], L.LABEL_COL, measure.title, style="title")
    about = " · ".join(x for x in (f"Measure id: {measure.id}", measure.owner, measure.source, measure.lag_note) if x)
    sheet.add(R["about"], L.LABEL_COL, about, style="about")
    for key in ("header", "table_title", "last_year", "this_year", "profile", "last_cum", "this_cum", "pct",
                "key_head", "key", "work_head", "work", "banner"):
        sheet.add(R[key], L.KEY_COL, key, style="key")

    # What the rules read: the sheet's cells where it has them, the rest bound as values.
    env = rule_inputs(measure, rows, as_of.month_index + 1 if reporting else 0)
    refs = rule_refs(measure, ref)
    _workings(sheet, measure, measures_row, env, refs)
    _banner(sheet, measure, year, ref, result, last_col)
    placed = dataset.observations_of(measure.id)
    _table(sheet, measure, year, placed, ref, rows, num)
    _key_figures(sheet, measure, ref, result, num, env, refs)

    sheet.add(R["note"], L.LABEL_COL, "Yellow cells are yours to type in; everything else is calculated "
              "(the sheet is protected without a password so that formulas are not overtyped by accident).",
              style="note")
    sheet.widths.update({L.LABEL_COL: 30, **{c: 8 for c in L.OUTTURN_COLS}})
    # Key figures and periods share columns: one width for all, a little more for the judgement.
    sheet.widths.update({c: 10.5 for c in range(L.FIRST_KEY_COL, last_col + 1)})
    sheet.widths[L.key_col("judgement")] = 14
    sheet.heights.update({R["banner"]: 36, R["key_head"]: 30, R["work_head"]: 24})
    sheet.folded_rows = (R["work_head"], R["work"])  # the workings: there to check, not to read
    judgement_colours(sheet, f"{ref.key('judgement')}", [L.span(R["banner"], L.LABEL_COL, last_col),
                                                           L.cell(R["key"], L.key_col("judgement"))])
    return sheet


def judgement_colours(sheet: SheetSpec, judgement_cell: str, ranges: list[str]) -> None:
    """Native conditional formats: the colours follow the judgement cell's text live."""
    fw = framework()
    for rag in ("green", "amber", "red", "monitor"):
        style = fw.style(rag)
        for target in ranges:
            sheet.cond_formats.append(CondFormat(target, f"={judgement_cell}={literal(style.label)}",
                                                 style.colour, style.font))


def _lookup(field: str) -> str:
    return f"INDEX({L.measures_column_ref(field)},{_Refs.work('measures_row')})"


def _workings(sheet, measure, measures_row, env, refs):
    sheet.add(R["work_head"], L.LABEL_COL, "Workings (from the Measures sheet)", style="work_head")
    for name, heading in L.WORKINGS:
        sheet.add(R["work_head"], L.work_col(name), heading, style="work_head")

    def lookup(field, default):
        text = _lookup(field)
        return f'IF({text}="",{literal(default) if isinstance(default, str) else default},{text})'

    precision = (f'IF({_lookup("precision")}="",IF(OR({_lookup("unit")}="",{_lookup("unit")}="count"),0,2),'
                 f'{_lookup("precision")})')
    wording = f'IF({_lookup("measure_wording")}="","",{_lookup("measure_wording")})'
    items = {
        "measures_row": (f'=MATCH({literal(measure.id)},{L.measures_column_ref("id")},0)', measures_row),
        "direction": ("=" + lookup("direction", ""), measure.direction),
        "entry": ("=" + lookup("entry", "period"), measure.entry),
        "precision": ("=" + precision, measure.precision),
        "tolerance": ("=" + lookup("tolerance", 0.15), measure.tolerance),
        "status": ("=" + lookup("status", "active"), measure.status),
        "better_when": ("=" + lookup("better_when", "lower"), measure.better_when),
        "wording": ("=" + wording, measure.measure_wording),
    }
    for name in ("last", "break", "latest", "latest_month", "expected", "reported"):
        items[name] = (formula(bind(RULES[name], env, refs), refs), evaluate(RULES[name], env))
    for name, (text, value) in items.items():
        fmt = WHOLE_PERCENT if name == "tolerance" else None
        sheet.add(R["work"], L.work_col(name), value, formula=text, kind="native", style="work", num=fmt)


def rule_refs(measure: Measure, ref: "_Refs") -> dict:
    """Where the names the rules read sit on a measure sheet (the rest are bound as constants)."""
    refs = {name: _Refs.work(name) for name, _ in L.WORKINGS}
    refs.update({name: _Refs.key(name) for name, _ in L.KEY_FIGURES})
    refs.update({
        "entered": ref.row(L.input_rows(measure.entry)[1]),
        "cumulative": ref.row("this_cum"),
        "reporting_month": L.settings_cell("reporting_to", L.SETTINGS_NUMBER_COL),
    })
    return refs


def _banner(sheet, measure, year, ref, result, last_col):
    """The judgement's phrase, live, and the performance measure as the report's banner states it
    (``commentary.banner_wording``, derived from the annual target): one definition for both."""
    K = _Refs.key
    judged = ("green", "amber", "red")
    part = (f" - ({year.label} performance measure - {banner_wording(measure)})"
            if measure.annual_target is not None and not measure.is_monitoring else "")
    shown = ",".join(f"{K('judgement')}={literal(framework().style(rag).label)}" for rag in judged)
    wording = f'&IF(OR({shown}),{literal(part)},"")' if part else ""
    cached = result.judgement + (part if result.rag in judged else "")
    sheet.merges.append((R["banner"], L.LABEL_COL, last_col))
    shown_phrase = phrase(framework(), K("judgement"), _Refs.work("tolerance"), K("trend"), _Refs.work("status"))
    sheet.add(R["banner"], L.LABEL_COL, cached, kind="linked", style="banner", formula=f"={shown_phrase}{wording}")


def _table(sheet, measure, year, placed, ref, rows, num):
    n, first = ref.n, ref.first
    last_year, this_year = year.previous(), year
    sheet.add(R["header"], L.LABEL_COL, "", style="head")
    for col, k in zip(L.OUTTURN_COLS, (3, 2, 1)):
        sheet.add(R["header"], col, year.previous(k).short, style="head")
    for k, period in enumerate(measure.periods):
        sheet.add(R["header"], first + k, period, style="head")
    sheet.merges.append((R["table_title"], L.LABEL_COL, ref.last))
    sheet.add(R["table_title"], L.LABEL_COL, measure.table_title or measure.title, style="table_title")

    ytd = measure.entry == "ytd"
    labels = {
        "last_year": f"Actual {last_year.start} - {last_year.start + 1}",
        "this_year": f"Actual {this_year.start} - {this_year.start + 1}",
        "profile": f"Target {this_year.short}",
        "last_cum": f"{'Year to date' if ytd else 'Cum Actuals'} {last_year.short}",
        "this_cum": f"{'Year to date' if ytd else 'Cum Actuals'} {this_year.short}",
        "pct": "% difference in Actuals",
    }
    for key, label in labels.items():
        sheet.add(R[key], L.LABEL_COL, label, style="label")
    # Out-turn cells sit on last year's input row; the columns that are not out-turns stay empty.
    blank_rows = [k for k in labels if k != L.outturn_row(measure.entry)]
    for key in blank_rows:
        for col in L.OUTTURN_COLS:
            sheet.add(R[key], col, None, style="derived")
    for col, k in zip(L.OUTTURN_COLS, (3, 2, 1)):
        _input(sheet, R[L.outturn_row(measure.entry)], col, placed.get((year.previous(k), ANNUAL)), num)

    inputs = L.input_rows(measure.entry)
    for key, fy in zip(inputs, (last_year, this_year)):
        for k, period in enumerate(measure.periods):
            _input(sheet, R[key], first + k, placed.get((fy, period)), num)
    derived = ("last_year", "this_year") if ytd else ("last_cum", "this_cum")
    values = {"last_year": rows.last_year, "this_year": rows.this_year,
              "last_cum": rows.last_cumulative, "this_cum": rows.this_cumulative}
    for key, source in zip(derived, inputs):
        for k in range(n):
            if ytd:  # each period's own figure from the year-to-date figures
                here, before = ref.at(source, k), ref.at(source, k - 1) if k else None
                formula = (f'=IF(ISNUMBER({here}),{here},"")' if k == 0 else
                           f'=IF(AND(ISNUMBER({here}),ISNUMBER({before})),{here}-{before},"")')
            else:  # running total; a blank period leaves every later total blank
                here, before = ref.at(source, k), ref.at(key, k - 1) if k else None
                formula = (f'=IF(ISNUMBER({here}),{here},"")' if k == 0 else
                           f'=IF(AND(ISNUMBER({here}),ISNUMBER({before})),{before}+{here},"")')
            sheet.add(R[key], first + k, _blank(values[key][k]), formula=formula, kind="native",
                      style="derived", num=num)

    for k in range(n):
        now, before = ref.at("this_cum", k), ref.at("last_cum", k)
        change = rows.change[k]
        cached = "" if change is None or change[1] is None else change[1]
        sheet.add(R["pct"], first + k, cached, kind="native", style="derived", num=PERCENT,
                  formula=f'=IF(AND(ISNUMBER({now}),ISNUMBER({before})),IF({before}=0,"",{now}/{before}-1),"")')
    _profile(sheet, measure, ref, rows, num)


def _input(sheet, row, col, obs, num):
    """An input cell with the figure the data hold (or the unreadable text, kept for the checks)."""
    value = None if obs is None else (obs.value if obs.value is not None else obs.raw)
    sheet.add(row, col, value, kind="input", style="input", num=num)


def _profile(sheet, measure, ref, rows, num):
    n, first = ref.n, ref.first
    W, K = _Refs.work, _Refs.key
    target = K("annual_target")
    profile = rows.profile or [None] * n
    if measure.is_monitoring:
        for k in range(n):
            sheet.add(R["profile"], first + k, None, style="derived", num=num)
        return
    if measure.profile == "custom":
        # The custom profile is text in the Measures table ("53, 105, ..."): split it natively.
        text = f'SUBSTITUTE(SUBSTITUTE({_lookup("custom_profile")},";",","),",",REPT(" ",200))'
        for k in range(n):
            sheet.add(R["profile"], first + k, _blank(profile[k]), kind="native", style="derived", num=num,
                      formula=f'=IFERROR(VALUE(TRIM(MID({text},{k * 200 + 1},200))),"")')
        return
    seasonal = f",{ref.row('last_cum')}" if measure.profile == "seasonal" else ""
    formula = (f'=IF({target}="","",SPP_PROFILE({target},{n},{W("direction")},{W("precision")}{seasonal}))')
    # One formula for the row, spilling over the periods; each cell carries its cached value.
    sheet.add(R["profile"], first, _blank(profile[0]), formula=formula, kind="custom", style="derived",
              num=num, spill_to=ref.last)
    for k in range(1, n):
        sheet.add(R["profile"], first + k, _blank(profile[k]), kind="custom", style="derived", num=num)


def _key_figures(sheet, measure, ref, result, num, env, refs):
    fw = framework()
    K, W = _Refs.key, _Refs.work
    reported = W("reported")
    refs = rule_refs(measure, ref)
    p = measure.precision
    sheet.add(R["key_head"], L.LABEL_COL, "Key figures", style="head_left")
    for name, heading in L.KEY_FIGURES:
        sheet.add(R["key_head"], L.key_col(name), heading, style="head")
    sheet.add(R["key"], L.LABEL_COL, "At the latest period with figures", style="label")

    def at(row):
        item = f"INDEX({ref.row(row)},{reported})"
        return f'IF({reported}=0,"",IF({item}="","",{item}))'

    profile_kind = "native" if measure.profile == "custom" or measure.is_monitoring else "linked"
    target_lookup = _lookup("annual_target")
    inputs = [ref.row(r) for r in L.input_rows(measure.entry)]
    forecast = f'=IF({reported}=0,"",SPP_FORECAST({inputs[1]},{inputs[0]},{W("entry")},{reported}))'

    def rule(name):
        return formula(bind(RULES[name], env, refs), refs)

    items = {
        "period": ("=" + f'IF({reported}=0,"",INDEX({ref.row("header")},{reported}))', result.period or "",
                   "native", None),
        "ytd": ("=" + at("this_cum"), tidy_or_blank(result.ytd_actual), "native", num),
        "ytd_target": ("=" + at("profile"), tidy_or_blank(result.ytd_target, p), profile_kind, num),
        "last_ytd": ("=" + at("last_cum"), tidy_or_blank(result.last_year_ytd), "native", num),
        "change": (f'=IF(OR({K("ytd")}="",{K("last_ytd")}=""),"",{K("ytd")}-{K("last_ytd")})',
                   tidy_or_blank(result.change), "native", num),
        "pct_change": (f'=IF(OR({K("change")}="",{K("last_ytd")}=""),"",IF({K("last_ytd")}=0,"",'
                       f'{K("change")}/{K("last_ytd")}))', _blank(result.pct_change), "native", PERCENT),
        "forecast": (forecast, tidy_or_blank(result.forecast), "custom", num),
        "annual_target": (f'=IF({target_lookup}="","",{target_lookup})', _blank(measure.annual_target),
                          "native", num),
        "judgement": (_judgement_formula(measure, fw), fw.style(result.rag).label, "custom", None),
        "trend": (rule("trend"), result.trend or "", "native", None),
        "lag": (rule("lagging"), "Lagging" if result.lagging else "", "native", None),
    }
    for name, (text, value, kind, fmt) in items.items():
        style = "judgement" if name == "judgement" else "derived"
        sheet.add(R["key"], L.key_col(name), value, formula=text, kind=kind, style=style, num=fmt)


def tidy_or_blank(value, precision=None):
    if value is None:
        return ""
    return value if precision is None else tidy(value, precision)


def _judgement_formula(measure: Measure, fw) -> str:
    """SPP_JUDGEMENT on what the measure's rule compares (``rules.JUDGED_AGAINST``): the
    first pair whose target is a number other than zero; at the year end, the out-turn
    against the annual target (``rules.YEAR_END``)."""
    K, W = _Refs.key, _Refs.work

    def judge(value, target):
        return f"SPP_JUDGEMENT({K(value)},{K(target)},{W('direction')},{W('tolerance')})"

    pairs = JUDGED_AGAINST[measure.rule]
    judged = judge(*pairs[-1])
    for value, target in reversed(pairs[:-1]):
        judged = f"IF(N({K(target)})<>0,{judge(value, target)},{judged})"
    judged = f"IF({W('reported')}={len(measure.periods)},{judge(*YEAR_END)},{judged})"
    none = literal(fw.style("none").label)
    return f'=IF({W("status")}="developing",{none},IF({K("ytd")}="",{none},{judged}))'
