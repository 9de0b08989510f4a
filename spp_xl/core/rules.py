"""The rules the engine applies and the workbook shows as live formulas, each defined once.

A rule is a small expression over named values: a measure's rows of the year (``entered``,
the figures as typed; ``cumulative``, the year to date), its settings and key figures.
The engine evaluates the expression here; the workbook adapter renders the very same
expression as a native Excel formula (``spp_xl.workbook.formulas``), so that the sheet and
the engine cannot drift apart, and a LibreOffice test recalculates the workbook and holds
every such cell equal to the engine on several years of data.

Values: numbers, text, ``None`` for a blank (Excel's empty cell or ``""``), and lists for
rows. Positions in a row are 1-based, as Excel's ``INDEX`` counts; 0 means "none".

>>> evaluate(RULES["trend"], {"direction": "monitor", "pct_change": 0.17, "better_when": "lower",
...                           "stable_band": 0.02})
'worse'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .numbers import round_half_up


@dataclass(frozen=True)
class Expr:
    """A node of a rule: an operation (see ``OPERATIONS``) on its arguments."""

    op: str
    args: tuple = ()

    # Python's operators build expressions, so that rules read like the formulas they become.
    def __mul__(self, other): return Expr("mul", (self, lift(other)))
    def __add__(self, other): return Expr("add", (self, lift(other)))
    def __sub__(self, other): return Expr("sub", (self, lift(other)))
    def __truediv__(self, other): return Expr("div", (self, lift(other)))
    def __lt__(self, other): return Expr("lt", (self, lift(other)))
    def __le__(self, other): return Expr("le", (self, lift(other)))
    def __ge__(self, other): return Expr("ge", (self, lift(other)))
    def eq(self, other) -> "Expr": return Expr("eq", (self, lift(other)))
    def ne(self, other) -> "Expr": return Expr("ne", (self, lift(other)))


def lift(value) -> Expr:
    return value if isinstance(value, Expr) else Expr("const", (value,))


def name(text: str) -> Expr:
    """A named value: an input of the rule, or another rule of ``RULES``."""
    return Expr("name", (text,))


def call(op: str, *args) -> Expr:
    return Expr(op, tuple(lift(a) for a in args))


# ------------------------------------------------------------------ evaluation


def _blank(value) -> bool:
    return value is None or value == ""


def _elementwise(function, a, b):
    if isinstance(a, list) or isinstance(b, list):
        size = len(a) if isinstance(a, list) else len(b)
        a = a if isinstance(a, list) else [a] * size
        b = b if isinstance(b, list) else [b] * size
        return [function(x, y) for x, y in zip(a, b)]
    return function(a, b)


def _number(value):
    if isinstance(value, bool):
        return int(value)
    if not isinstance(value, (int, float)):
        raise TypeError(f"a rule compared or computed with {value!r}, which is not a number")
    return value


def _arith(function):
    return lambda a, b: _elementwise(lambda x, y: function(_number(x), _number(y)), a, b)


def _same(x, y) -> bool:
    if _blank(x) or _blank(y):
        return _blank(x) and _blank(y)
    if isinstance(x, str) or isinstance(y, str):
        return str(x).lower() == str(y).lower()  # Excel's = ignores case
    return x == y


def _index(row, k):
    k = int(_number(k))
    if not 1 <= k <= len(row):
        raise ValueError(f"position {k} is outside a row of {len(row)}")
    return row[k - 1]


OPERATIONS = {
    "if": None,  # lazy: evaluated in ``evaluate``
    "and": lambda *a: all(a),
    "or": lambda *a: any(a),
    "eq": lambda a, b: _elementwise(_same, a, b),
    "ne": lambda a, b: _elementwise(lambda x, y: not _same(x, y), a, b),
    "lt": _arith(lambda x, y: x < y),
    "le": _arith(lambda x, y: x <= y),
    "ge": _arith(lambda x, y: x >= y),
    "add": _arith(lambda x, y: x + y),
    "sub": _arith(lambda x, y: x - y),
    "mul": _arith(lambda x, y: x * y),
    "div": _arith(lambda x, y: x / y),
    "abs": lambda a: abs(_number(a)),
    "min": lambda a, b: min(_number(a), _number(b)),
    "max": lambda a, b: max(_number(a), _number(b)),
    "sqrt": lambda a: _number(a) ** 0.5,
    "int": lambda a: int(_number(a) // 1),
    "round": lambda a, places: round_half_up(_number(a), int(_number(places))),
    "max_of": lambda row: max([_number(v) for v in row], default=0),
    "isnumber": lambda a: [isinstance(v, (int, float)) and not isinstance(v, bool) for v in a]
    if isinstance(a, list) else isinstance(a, (int, float)) and not isinstance(a, bool),
    "isblank": lambda a: _blank(a),
    "position": lambda row: list(range(1, len(row) + 1)),
    "index": _index,
}


def evaluate(expr: Expr, env: Mapping[str, Any], rules: Mapping[str, Expr] | None = None,
             cache: dict | None = None) -> Any:
    """The value of ``expr``; names are looked up in ``env``, then in ``rules`` (evaluated
    in turn). A blank comes back as ``None``. ``cache`` (a dict holding ``env``'s values)
    keeps the rules worked out, for the next expression over the same values.

    Raises:
        KeyError: a name neither given nor a rule.
    """
    rules = RULES if rules is None else rules
    cache = dict(env) if cache is None else cache

    def value(e: Expr):
        if e.op == "const":
            return None if e.args[0] == "" else e.args[0]
        if e.op == "name":
            key = e.args[0]
            if key not in cache:
                if key not in rules:
                    raise KeyError(f"the rule needs {key!r}, which was not given")
                cache[key] = value(rules[key])
            return cache[key]
        if e.op == "if":
            condition, then, otherwise = e.args
            return value(then) if value(condition) else value(otherwise)
        return OPERATIONS[e.op](*(value(a) for a in e.args))

    return value(expr)


# ------------------------------------------------------------------ the rules

ENTERED, CUMULATIVE = name("entered"), name("cumulative")
LAST, BREAK, LATEST, EXPECTED, REPORTED = (name(n) for n in ("last", "break", "latest", "expected", "reported"))


def _if(condition, then, otherwise) -> Expr:
    return call("if", condition, then, otherwise)


RULES: dict[str, Expr] = {
    # The last period whose year to date is known (for a measure entered by period, a blank
    # month leaves every later total unknown).
    "last": call("max_of", call("isnumber", CUMULATIVE) * call("position", CUMULATIVE)),
    # The last period before it whose figure differs from its own: where a run of equal
    # figures that ends the year so far begins.
    "break": _if(LAST.eq(0), 0, call("max_of", (call("position", ENTERED) <= LAST)
                                     * call("index", ENTERED, LAST).ne(ENTERED) * call("position", ENTERED))),
    # The latest period with figures. A running total (entry ytd) repeated unchanged
    # ``flat_run`` times or more to the end means nothing new was reported (the seed's 4,799
    # from July to March): it does not count beyond its first period. Figures typed by period
    # are used as typed, repeats and all (the checks query a repeat chance does not explain).
    "latest": _if(LAST.eq(0), 0, _if(call("and", name("entry").eq("ytd"), LAST - BREAK >= name("flat_run"),
                                          call("index", ENTERED, LAST).ne(0)), BREAK + 1, LAST)),
    # The latest period as a month of the year (1 = April): a quarter ends in its third month.
    "latest_month": _if(name("frequency").eq("quarterly"), LATEST * 3, LATEST),
    # The period the report is made to, for this measure's frequency (0 while nothing is reported).
    "expected": _if(name("frequency").eq("quarterly"), call("int", call("div", name("reporting_month") + 2, 3)),
                    name("reporting_month")),
    # The period the measure's key figures are read at: its latest known, never past the report's;
    # none for a measure still being developed (figures typed for one are not reported).
    "reported": _if(name("status").eq("developing"), 0,
                    call("max_of", call("isnumber", CUMULATIVE) * call("position", CUMULATIVE)
                         * (call("position", CUMULATIVE) <= call("min", LATEST, EXPECTED)))),
    # Lagging: a period that has ended by the report's month is not in. A quarter part-way
    # through (August, for quarter two) is expected but cannot lag: quarter one is the latest.
    "lagging": _if(name("status").eq("developing"), "",
                   _if(REPORTED < _if(name("frequency").eq("quarterly"), call("int", call("div", name("reporting_month"),
                                                                                         3)), EXPECTED),
                       "Lagging", "")),
    # A monitoring-only measure's direction of travel against the same period last year.
    "trend": _if(call("or", name("direction").ne("monitor"), call("isblank", name("pct_change"))), "",
                 _if(call("abs", name("pct_change")) <= name("stable_band"), "stable",
                     _if((name("pct_change") < 0).eq(name("better_when").eq("lower")), "better", "worse"))),
    # A figure a judgement compares, as the board reads it: to the measure's precision (a
    # percentage of 84.98 shown as 85.0% meets a level of 85%; a forecast of 6,196.85 shown as
    # 6,197 meets a target of 6,197). A blank stays blank.
    "as_reported": _if(call("isnumber", name("figure")), call("round", name("figure"), name("precision")),
                       name("figure")),
}

# A percentage made of two counts (``numerator`` over ``denominator``, a period's or the year
# to date's, in percent), blank where either is missing or nobody is counted; and its 95%
# Wilson interval (``z`` the normal quantile, 1.96), in the counts' terms: the centre
# (x + z^2/2) / (n + z^2), give or take z sqrt(x (n - x) / n + z^2 / 4) / (n + z^2).
NUMERATOR, DENOMINATOR, Z = name("numerator"), name("denominator"), name("z")
_COUNTED = call("and", call("isnumber", NUMERATOR), call("isnumber", DENOMINATOR))
_SPREAD = Z * call("sqrt", call("max", NUMERATOR * (DENOMINATOR - NUMERATOR) / DENOMINATOR + Z * Z / 4, 0))
_CENTRE = NUMERATOR + Z * Z / 2


def _of_counts(expr: Expr) -> Expr:
    return _if(_COUNTED, _if(DENOMINATOR.eq(0), "", expr), "")


RULES.update({
    "percent": _of_counts(NUMERATOR * 100 / DENOMINATOR),
    "interval_low": _of_counts(call("max", (_CENTRE - _SPREAD) * 100 / (DENOMINATOR + Z * Z), 0)),
    "interval_high": _of_counts(call("min", (_CENTRE + _SPREAD) * 100 / (DENOMINATOR + Z * Z), 100)),
    # Whether a percentage is judged: enough people in its year-to-date denominator.
    "judged": _if(call("isnumber", name("ytd_denominator")), name("ytd_denominator") >= name("min_base"), False),
})

# What each judgement rule compares, in order: the first pair whose target is a number
# other than zero is judged (value, target). The last pair of every rule is the year-end
# forecast against the annual target, which a measure with a target always has.
JUDGED_AGAINST: dict[str, tuple[tuple[str, str], ...]] = {
    "forecast": (("forecast", "annual_target"),),
    "same_period": (("ytd", "last_ytd"), ("ytd", "ytd_target"), ("forecast", "annual_target")),
    "straight_line": (("ytd", "ytd_target"), ("forecast", "annual_target")),
    # A percentage: its year to date against its level, which is its target at every period.
    "level": (("ytd", "annual_target"),),
}


# At the year end the out-turn is known: it, not a rule's estimate, meets the target.
YEAR_END = ("ytd", "annual_target")


def judged_pair(rule: str, figures: Mapping[str, float | None], year_end: bool = False) -> tuple[str, str]:
    """The (value, target) names the rule compares, given the key figures available.

    >>> judged_pair("same_period", {"ytd": 5, "last_ytd": 0, "ytd_target": 4, "forecast": 20,
    ...                             "annual_target": 16})
    ('ytd', 'ytd_target')
    """
    if year_end:
        return YEAR_END
    pairs = JUDGED_AGAINST[rule]
    for value, target in pairs[:-1]:
        if figures.get(target):
            return value, target
    return pairs[-1]


def bind(expr: Expr, constants: Mapping[str, Any], keep: Mapping[str, Any] | set = frozenset()) -> Expr:
    """``expr`` with every name not in ``keep`` replaced by its value in ``constants`` (or
    by its own rule, bound in turn), and what is then constant worked out: what a sheet
    fixes (a measure's frequency, the framework's thresholds) is written into its formula
    as a value, what staff can change stays a reference.

    >>> bind(RULES["expected"], {"frequency": "monthly"}, {"reporting_month"})
    Expr(op='name', args=('reporting_month',))
    """
    if expr.op == "name":
        key = expr.args[0]
        if key in keep:
            return expr
        if key in constants:
            return lift(constants[key])
        return bind(RULES[key], constants, keep)
    if expr.op == "const":
        return expr
    args = tuple(bind(a, constants, keep) for a in expr.args)
    if expr.op == "if" and args[0].op == "const":
        return args[1] if args[0].args[0] else args[2]
    if all(a.op == "const" for a in args):
        return lift(evaluate(Expr(expr.op, args), {}, {}))
    return Expr(expr.op, args)
