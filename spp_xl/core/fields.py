"""The register's fields: their order, their choices, what each is when left blank, and
what each means. ``register`` validates entries by them; the workbook's Measures table has
a column for each, its formulas read the defaults, its input messages say the meanings, and
so does ``spp-xl add-measure --help``."""

from __future__ import annotations

from typing import Any

from .framework import framework
from .percent import MIN_BASE

DIRECTIONS = ("increase", "reduce", "monitor")
FREQUENCIES = ("monthly", "quarterly")
ENTRIES = ("period", "ytd", "counts")
UNITS = ("count", "rate", "percent")
PROFILES = ("straight", "seasonal", "custom")
# The rule field's choices (core.rules says what each compares); "level" is a percentage's.
JUDGEMENT_RULES = ("forecast", "same_period", "straight_line", "level")
STATUSES = ("active", "developing")
BETTER_WHEN = ("lower", "higher")

# Every field a register entry may carry, in the order the workbook's Measures table shows them.
FIELDS = (
    "id", "title", "table_title", "measure_wording", "direction", "frequency", "entry",
    "unit", "precision", "annual_target", "profile", "custom_profile", "tolerance", "rule",
    "counted", "better_when", "owner", "source", "lag_note", "status", "crime_types",
    "numerator", "denominator", "min_base",
)
# What a field is where an entry leaves it blank: read by the register, and by the workbook's
# formulas that look a field up in the Measures table. A precision left blank depends on the
# unit (``default_precision``), a profile on whether a custom one is given.
DEFAULTS: dict[str, Any] = {
    "entry": "period", "unit": "count", "profile": "straight", "tolerance": framework().tolerance,
    "rule": "forecast", "table_title": "", "measure_wording": "", "counted": "incidents", "better_when": "lower",
    "owner": "", "source": "", "lag_note": "", "status": "active", "crime_types": "", "direction": "",
    "numerator": "", "denominator": "", "min_base": MIN_BASE,
}


def default_precision(unit: str) -> int:
    """Decimal places where the register gives none: 0 for a count, 2 for a rate or a percentage."""
    return 0 if unit == "count" else 2


def _one_of(options) -> str:
    return " | ".join(options)


# What each field means: the command line's help (spp-xl add-measure) and the Measures
# sheet's input messages say it in these words.
FIELD_HELP = {
    "id": "the measure's id: letters, digits and underscores, starting with a letter",
    "title": "the measure's title, as the report prints it",
    "direction": f"{_one_of(DIRECTIONS)}: which way is better (monitor: no target)",
    "frequency": _one_of(FREQUENCIES),
    "entry": f"{_one_of(ENTRIES)}: figures for each period, year-to-date figures, or a percentage's two counts "
             "(default period)",
    "unit": f"{_one_of(UNITS)} (default count)",
    "precision": "decimal places (default 0 for a count, 2 otherwise)",
    "annual_target": "the year's target (a percentage's: a level in percent, 1 to 100: 85, never 0.85); "
                     "required unless the direction is monitor or the status developing",
    "profile": f"{_one_of(PROFILES)}: how the target is spread over the year (default straight)",
    "custom_profile": "with the custom profile: the cumulative targets, comma-separated, ending at the annual target",
    "tolerance": f"the amber band as a fraction of the target, 0 to 1 (default {DEFAULTS['tolerance']:g})",
    "rule": f"{_one_of(JUDGEMENT_RULES)}: how the judgement is reached (default forecast; a percentage: level)",
    "status": f"{_one_of(STATUSES)} (default active; developing: listed with no data yet)",
    "measure_wording": "the performance measure as the banner quotes it, e.g. \"of not more than 2,400 incidents\"",
    "table_title": "the heading of the measure's table (default: the title)",
    "counted": "what is counted, for the commentary, e.g. \"incidents\" (default incidents)",
    "better_when": f"{_one_of(BETTER_WHEN)}: which way a monitoring-only trend counts as better (default lower)",
    "owner": "who delivers it",
    "source": "where the figures come from",
    "lag_note": "a known data lag, printed when its figures are late",
    "crime_types": "for figures computed from police.uk files: the crime types counted, \"Burglary; Robbery\", "
                   "or \"all except Anti-social behaviour\"",
    "numerator": "a percentage (unit percent, entry counts): who its top count counts, e.g. \"victims satisfied\"",
    "denominator": "a percentage: who its bottom count counts, e.g. \"victims surveyed\"",
    "min_base": f"a percentage: the fewest people in the year to date it is judged on (default {MIN_BASE})",
}
