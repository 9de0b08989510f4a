"""The formulas of a measure sheet's calculated cells, as text for a sheet's context.

Each function takes the sheet's context (``measure_schema.MeasureContext``: the measure,
the engine's figures, where its rows are) and returns a formula; the schema's entries
name them. Formulas of the rules in ``core.rules`` are rendered from those rules
(``MeasureContext.rule``); these are the sheet's own arithmetic around them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..core.commentary import banner_wording
from ..core.framework import framework
from ..core.fields import DEFAULTS, default_precision
from ..core.percent import Z
from ..core.rules import JUDGED_AGAINST, RULES, YEAR_END, bind
from .formulas import formula as rendered, literal, phrase
from .schema import measures_column_ref

NATIVE, CUSTOM, LINKED = "native", "custom", "linked"  # a formula's kind (``files.sheet.FORMULA_KINDS``)


@dataclass(frozen=True)
class Formula:
    """A calculated cell's formula: ``text`` None for a cell inside the spill of its row's
    first cell (``spill_to``: the last column of the spill)."""

    text: str | None
    kind: str = NATIVE
    spill_to: int | None = None


# ------------------------------------------------------------------ the figures table


def _chained(source: str, previous: str, combine: Callable[[str, str], str]) -> Callable:
    """A period's figure from the row ``source``'s cell and the period before's cell of the row
    ``previous``; the first period's is ``source``'s own, and a blank either side gives blank."""
    def formula(ctx, k: int) -> Formula:
        here = ctx.cell(source, k)
        if k == 0:
            return Formula(f'=IF(ISNUMBER({here}),{here},"")')
        before = ctx.cell(previous, k - 1)
        return Formula(f'=IF(AND(ISNUMBER({here}),ISNUMBER({before})),{combine(here, before)},"")')
    return formula


def from_ytd(source: str) -> Callable:
    """Each period's own figure from the year-to-date figures typed in the row ``source``."""
    return _chained(source, source, lambda here, before: f"{here}-{before}")


def running_total(source: str, row: str) -> Callable:
    """The running total (in ``row``) of the row ``source``; a blank period leaves every
    later total blank, never a nought."""
    return _chained(source, row, lambda here, before: f"{before}+{here}")


def of_counts(rule: str, numerator: str, denominator: str) -> str:
    """A rule of two counts (``percent``, ``interval_low``, ``interval_high``) over two cells,
    rendered from ``core.rules`` (the constant z written in), without its ``=``."""
    refs = {"numerator": numerator, "denominator": denominator}
    return rendered(bind(RULES[rule], {"z": Z}, refs), refs)[1:]


def period_percent(numerator: str, denominator: str) -> Callable:
    """Each period's percentage of the counts in the rows ``numerator`` and ``denominator``."""
    return lambda ctx, k: Formula("=" + of_counts("percent", ctx.cell(numerator, k), ctx.cell(denominator, k)))


def paired_total(source: str, pair: str, row: str) -> Callable:
    """A count to date (in ``row``) of the row ``source``, counting only periods whose other
    count (in ``pair``) is typed too (``percent.Counts.cumulative``): a period without both
    leaves every later total blank."""
    def formula(ctx, k: int) -> Formula:
        here, other = ctx.cell(source, k), ctx.cell(pair, k)
        if k == 0:
            return Formula(f'=IF(AND(ISNUMBER({here}),ISNUMBER({other})),{here},"")')
        before = ctx.cell(row, k - 1)
        return Formula(f'=IF(AND(ISNUMBER({here}),ISNUMBER({other}),ISNUMBER({before})),{before}+{here},"")')
    return formula


def points(ctx, k: int) -> Formula:
    """A percentage's year to date against last year's, in percentage points."""
    now, before = ctx.cell("this_cum", k), ctx.cell("last_cum", k)
    return Formula(f'=IF(AND(ISNUMBER({now}),ISNUMBER({before})),{now}-{before},"")')


def interval(rule: str) -> Callable:
    """An end of the year to date's 95% interval, from this year's counts to date."""
    return lambda ctx, k: Formula("=" + of_counts(rule, ctx.cell("this_cum_num", k), ctx.cell("this_cum_den", k)))


def outturn_percent(ctx, j: int) -> Formula:
    """An earlier year's out-turn percentage: its counts pooled, from last year's periods when
    every one has both counts (``engine.outturn``), else from the year's counts typed."""
    typed = of_counts("percent", ctx.outturn_cell("last_num", j), ctx.outturn_cell("last_den", j))
    if j < len(ctx.year.outturn_years()) - 1:
        return Formula(f"={typed}")
    year_end = ctx.cell("last_cum", ctx.n - 1)
    return Formula(f"=IF(ISNUMBER({year_end}),{year_end},{typed})")


def pct_difference(ctx, k: int) -> Formula:
    """This year's year to date against last year's, blank (never -100%) where either is."""
    now, before = ctx.cell("this_cum", k), ctx.cell("last_cum", k)
    return Formula(f'=IF(AND(ISNUMBER({now}),ISNUMBER({before})),IF({before}=0,"",{now}/{before}-1),"")')


def lookup(ctx, field_name: str) -> str:
    """A field of the measure's row in the Measures table (whole columns: new rows work)."""
    return f"INDEX({measures_column_ref(field_name)},{ctx.work('measures_row')})"


def profile(ctx, k: int) -> Formula | None:
    """The target profile: none for a monitoring-only measure; a custom profile split from
    the Measures table's text; else one SPP_PROFILE call spilling over the row."""
    m = ctx.measure
    if m.is_monitoring:
        return None
    if m.is_counts:  # a percentage's target is its level, at every period
        target = ctx.key("annual_target")
        return Formula(f'=IF({target}="","",{target})')
    if m.profile == "custom":
        # The custom profile is text in the Measures table ("53, 105, ..."): split it natively.
        text = f'SUBSTITUTE(SUBSTITUTE({lookup(ctx, "custom_profile")},";",","),",",REPT(" ",200))'
        return Formula(f'=IFERROR(VALUE(TRIM(MID({text},{k * 200 + 1},200))),"")')
    if k:
        return Formula(None, CUSTOM)  # inside the first cell's spill
    target, n = ctx.key("annual_target"), ctx.n
    seasonal = f",{ctx.span('last_cum')}" if m.profile == "seasonal" else ""
    # One formula for the row, spilling over the periods; each cell carries its cached value.
    return Formula(f'=IF({target}="","",SPP_PROFILE({target},{n},{ctx.work("direction")},{ctx.work("precision")}'
                   f'{seasonal}))', CUSTOM, ctx.last_col)


# ------------------------------------------------------------------ key figures and workings


def at_reported(row: str) -> Callable:
    """The row's figure at the period reported (blank while none is)."""
    def formula(ctx) -> str:
        reported, item = ctx.work("reported"), f"INDEX({ctx.span(row)},{ctx.work('reported')})"
        return f'=IF({reported}=0,"",IF({item}="","",{item}))'
    return formula


def profile_kind(ctx) -> str:
    """The target to date reads SPP_PROFILE's spill, but for a custom profile, a level or none."""
    m = ctx.measure
    return NATIVE if m.profile == "custom" or m.is_monitoring or m.is_counts else LINKED


def pct_change(ctx) -> str:
    """The change as a part of last year's year to date; none for a percentage, whose change
    is in points (the cell is blank, not a reference Excel would show as 0)."""
    K = ctx.key
    if ctx.measure.is_counts:
        return '=""'
    return f'=IF(OR({K("change")}="",{K("last_ytd")}=""),"",IF({K("last_ytd")}=0,"",{K("change")}/{K("last_ytd")}))'


def judgement_label(ctx) -> str:
    """The judgement the engine gives, as its label ("Not judged" for a percentage of too few people)."""
    fw = framework()
    return fw.not_judged_label if ctx.result.not_judged else fw.style(ctx.result.rag).label


def _judged(ctx, formula: str, otherwise: str) -> str:
    """``formula`` where a percentage has enough people counted to judge (``rules.RULES["judged"]``)."""
    return f"IF({ctx.work('judged')},{formula},{otherwise})" if ctx.measure.is_counts else formula


def trend(ctx) -> str:
    """A monitoring-only measure's trend (``rules.RULES["trend"]``); a percentage's on its change
    in points (stable within ``stable_band`` x 100 points), and none until it is judged."""
    if not ctx.measure.is_counts:
        return ctx.rule("trend")
    change = ctx.key("change")
    refs = {**ctx.refs, "pct_change": f'IF({change}="","",{change}/100)'}
    return "=" + _judged(ctx, rendered(bind(RULES["trend"], ctx.env, refs), refs)[1:], '""')


def judgement(ctx) -> str:
    """SPP_JUDGEMENT on what the measure's rule compares (``rules.JUDGED_AGAINST``): the
    first pair whose target is a number other than zero; at the year end, the out-turn
    against the annual target (``rules.YEAR_END``). Each figure is compared as the board reads
    it, to the measure's precision (``rules.RULES["as_reported"]``)."""
    K, W = ctx.key, ctx.work

    def reported(key):
        refs = {"figure": K(key), "precision": W("precision")}
        return rendered(bind(RULES["as_reported"], {}, refs), refs)[1:]

    def judge(value, target):
        return f"SPP_JUDGEMENT({reported(value)},{reported(target)},{W('direction')},{W('tolerance')})"

    pairs = JUDGED_AGAINST[ctx.measure.rule]
    judged = judge(*pairs[-1])
    for value, target in reversed(pairs[:-1]):
        judged = f"IF(N({K(target)})<>0,{judge(value, target)},{judged})"
    judged = f"IF({W('reported')}={ctx.n},{judge(*YEAR_END)},{judged})"
    judged = _judged(ctx, judged, literal(framework().not_judged_label))
    none = literal(framework().style("none").label)
    return f'=IF({W("status")}="developing",{none},IF({K("ytd")}="",{none},{judged}))'


def forecast_kind(ctx) -> str:
    return NATIVE if ctx.measure.is_counts else CUSTOM


def forecast(ctx) -> str:
    """SPP_FORECAST on the rows typed this year and last, and last year's out-turn as typed
    (used where last year's row gives none, as the engine does); no forecast of a sum for a
    percentage, which is judged on its level (a blank cell)."""
    if ctx.measure.is_counts:
        return '=""'
    reported = ctx.work("reported")
    return (f'=IF({reported}=0,"",SPP_FORECAST({ctx.typed_span(0)},{ctx.typed_span(-1)},{ctx.work("entry")},'
            f'{reported},{ctx.last_outturn_cell()}))')


def field(name: str) -> Callable:
    """A field looked up in the Measures table, the register's default (``register.DEFAULTS``)
    where the cell is blank."""
    def formula(ctx) -> str:
        text = lookup(ctx, name)
        return f'=IF({text}="",{literal(DEFAULTS[name])},{text})'
    return formula


def precision(ctx) -> str:
    """The precision typed, else the default for the unit (``register.default_precision``)."""
    unit, count = lookup(ctx, "unit"), DEFAULTS["unit"]
    return (f'=IF({lookup(ctx, "precision")}="",IF(OR({unit}="",{unit}={literal(count)}),'
            f'{default_precision(count)},{default_precision("rate")}),{lookup(ctx, "precision")})')


# ------------------------------------------------------------------ the banner

JUDGED = ("green", "amber", "red")


def banner_value(ctx) -> str:
    """The banner as the engine words it: the judgement's phrase and, for a judged measure,
    the performance measure."""
    return ctx.result.judgement + (_wording(ctx) if ctx.result.rag in JUDGED else "")


def _wording(ctx) -> str:
    m = ctx.measure
    return (f" - ({ctx.year.label} performance measure - {banner_wording(m)})"
            if m.annual_target is not None and not m.is_monitoring else "")


def banner(ctx) -> str:
    """The judgement's phrase, live, and the performance measure as the report's banner states it
    (``commentary.banner_wording``, derived from the annual target): one definition for both. A
    percentage of too few people says how many it has and needs (``Framework.not_judged_phrase``)."""
    fw, K, part = framework(), ctx.key, _wording(ctx)
    shown = ",".join(f"{K('judgement')}={literal(fw.style(rag).label)}" for rag in JUDGED)
    wording = f'&IF(OR({shown}),{literal(part)},"")' if part else ""
    shown_phrase = phrase(fw, K("judgement"), ctx.work("tolerance"), K("trend"), ctx.work("status"))
    if ctx.measure.is_counts:
        shown_phrase = f"IF({K('judgement')}={literal(fw.not_judged_label)},{_not_judged(ctx)},{shown_phrase})"
    return f"={shown_phrase}{wording}"


def _not_judged(ctx) -> str:
    """``Framework.not_judged_phrase`` as a formula: the denominator to date and the base needed."""
    so_far = f'TEXT({ctx.key("ytd_denominator")},"#,##0")&{literal(" " + (ctx.measure.denominator or "people counted"))}'
    needed = f'TEXT({ctx.work("min_base")},"#,##0")'
    text = literal(framework().not_judged).replace("{so_far}", f'"&{so_far}&"').replace("{needed}", f'"&{needed}&"')
    return text
