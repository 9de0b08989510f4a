"""The measure register: what is measured, which way is better, and the targets.

Measures are data. The register is a TOML file under ``templates/`` (or the
workbook's Measures table); every entry is validated once, here, and a bad one is
refused with an error naming the entry and the field.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import RegisterError, listing, toml_problem
from .numbers import figure_problem
from .reading import read_input
from .fields import (BETTER_WHEN, DEFAULTS, DIRECTIONS, ENTRIES, FIELDS, FREQUENCIES, JUDGEMENT_RULES, PROFILES,
                     STATUSES, UNITS, default_precision)
from .percent import MIN_BASE, percent_entry_problems
from .periods import FinancialYear, periods_for

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MAX_REGISTER_BYTES = 4 * 2**20  # a register of a thousand measures is under 1 MB

# A crime_types entry counting every police.uk type but those listed after it.
ALL_EXCEPT = "all except"


# The longest id: it names a sheet's rows (asb_this_year: Excel's names are at most 255 characters)
# and the Measures table's row is found by it (MATCH takes at most 255).
ID_LIMIT = 64


@dataclass(frozen=True)
class Measure:
    """One performance measure, as the register defines it.

    ``custom_profile`` holds the cumulative targets when ``profile`` is ``custom``;
    ``better_when`` says which way a monitoring-only measure's trend counts as better.

    A percentage made of counts (``unit = "percent"``, ``entry = "counts"``) has two rows of
    figures, ``numerator`` and ``denominator`` (the words for who is counted: "victims
    satisfied" of "victims surveyed"); its ``annual_target`` is a level in percent, the same at
    every period (no profile; rule ``level``), and it is judged only once its year-to-date
    denominator reaches ``min_base`` (``base_needed``).
    """

    id: str
    title: str
    direction: str
    frequency: str
    entry: str = DEFAULTS["entry"]
    unit: str = DEFAULTS["unit"]
    precision: int = default_precision(DEFAULTS["unit"])
    annual_target: float | None = None
    profile: str = DEFAULTS["profile"]
    custom_profile: tuple[float, ...] = ()
    tolerance: float = DEFAULTS["tolerance"]
    rule: str = DEFAULTS["rule"]
    table_title: str = DEFAULTS["table_title"]
    measure_wording: str = DEFAULTS["measure_wording"]
    counted: str = DEFAULTS["counted"]
    better_when: str = DEFAULTS["better_when"]
    owner: str = DEFAULTS["owner"]
    source: str = DEFAULTS["source"]
    lag_note: str = DEFAULTS["lag_note"]
    status: str = DEFAULTS["status"]
    crime_types: str = DEFAULTS["crime_types"]  # police.uk crime types counted, e.g. "Burglary; Robbery"; see CrimeTypes
    numerator: str = DEFAULTS["numerator"]
    denominator: str = DEFAULTS["denominator"]
    min_base: int | None = None  # None: DEFAULTS["min_base"] (base_needed)

    @property
    def periods(self) -> tuple[str, ...]:
        return periods_for(self.frequency)

    @property
    def is_monitoring(self) -> bool:
        return self.direction == "monitor"

    @property
    def is_developing(self) -> bool:
        return self.status == "developing"

    @property
    def is_counts(self) -> bool:
        """Whether the measure is a percentage made of two counts (its figures are the counts)."""
        return self.unit == "percent" and self.entry == "counts"

    @property
    def base_needed(self) -> int:
        """The fewest people in the year-to-date denominator the measure is judged on."""
        return MIN_BASE if self.min_base is None else self.min_base

    @property
    def counted_crime_types(self) -> CrimeTypes | None:
        """The police.uk crime types this measure is computed from, or None for a measure
        whose figures are typed."""
        return CrimeTypes.parse(self.crime_types) if self.crime_types else None


@dataclass(frozen=True)
class CrimeTypes:
    """Which police.uk crime types a measure counts: the ``names`` listed, or every type but
    them when ``all_except``.

    >>> CrimeTypes.parse("all except Anti-social behaviour").counts("Burglary")
    True
    >>> CrimeTypes.parse("Burglary; Robbery").counts("Drugs")
    False
    """

    names: tuple[str, ...]
    all_except: bool = False

    @classmethod
    def parse(cls, text: str) -> "CrimeTypes":
        """Reads ``"A; B"`` or ``"all except A; B"`` (``"all"`` alone counts every type)."""
        text = text.strip()
        all_except = text.lower() == "all" or text.lower().startswith(ALL_EXCEPT + " ")
        if text.lower() == "all":
            text = ""
        elif all_except:
            text = text[len(ALL_EXCEPT):]
        return cls(tuple(n.strip() for n in text.split(";") if n.strip()), all_except)

    def counts(self, crime_type: str) -> bool:
        return (crime_type in self.names) != self.all_except

    def __str__(self) -> str:
        listed = "; ".join(self.names)
        if not self.all_except:
            return listed
        return f"{ALL_EXCEPT} {listed}" if listed else "all"


@dataclass(frozen=True)
class Register:
    """The reporting year's measures, in report order."""

    year: FinancialYear
    measures: tuple[Measure, ...]
    source: str = ""
    _by_id: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self._by_id.update({m.id: m for m in self.measures})

    def __iter__(self):
        return iter(self.measures)

    def __len__(self):
        return len(self.measures)

    def __contains__(self, measure_id: str) -> bool:
        return measure_id in self._by_id

    def get(self, measure_id: str) -> Measure:
        return self._by_id[measure_id]

    def with_year(self, year: FinancialYear) -> "Register":
        return Register(year, self.measures, self.source)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


class _Entry:
    """Reads one entry's fields, turning every problem into an error that names them."""

    def __init__(self, raw: Mapping[str, Any], where: str):
        self.raw = {k: v for k, v in raw.items() if v is not None and _text(v) != ""}
        self.where = where

    def fail(self, name: str, problem: str):
        raise RegisterError(f"field '{name}': {problem}", self.where, field=name)

    def text(self, name: str, default: str | None = None) -> str:
        if name not in self.raw:
            if default is None:
                self.fail(name, "is required")
            return default
        return _text(self.raw[name])

    def choice(self, name: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(name, default).lower()
        if value not in options:
            self.fail(name, f"{_text(self.raw.get(name))!r} is not one of {', '.join(options)}")
        return value

    def number(self, name: str, default=None, minimum: float | None = None, maximum: float | None = None):
        if name not in self.raw:
            return default
        value = self.raw[name]
        if isinstance(value, bool):
            self.fail(name, f"{value!r} is not a number")
        try:
            number = float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
        except (TypeError, ValueError, OverflowError):
            self.fail(name, f"{value!r} is not a number")
        problem = figure_problem(number)
        if problem is not None:  # nan would pass every comparison below, and inf every sum
            self.fail(name, f"{value!r} {problem}")
        if minimum is not None and number < minimum:
            self.fail(name, f"{value!r} is below {minimum:g}")
        if maximum is not None and number > maximum:
            self.fail(name, f"{value!r} is above {maximum:g}")
        return number

    def numbers(self, name: str) -> tuple[float, ...]:
        if name not in self.raw:
            return ()
        value = self.raw[name]
        items = value.replace(";", ",").split(",") if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            self.fail(name, f"{value!r} is not a list of numbers")
        try:
            numbers = tuple(float(str(v).strip()) for v in items)
        except ValueError:
            self.fail(name, f"{value!r} is not a list of numbers")
        for number in numbers:
            problem = figure_problem(number)
            if problem is not None:
                self.fail(name, f"{number!r} {problem}")
        return numbers


def measure_from_mapping(raw: Mapping[str, Any], where: str, defaults: Mapping[str, Any] = ()) -> Measure:
    """Builds and validates a Measure from a mapping of field names to values.

    ``where`` names the entry in errors, e.g. ``"templates/measures.toml: measure 'asb'"``.
    Every bad field is reported, not only the first.
    """
    unknown = sorted(set(raw) - set(FIELDS))
    problems = []  # (field or None, message)

    def problem(field: str, message: str) -> None:
        problems.append((field, message))

    if unknown:
        problems.append((None, f"unknown field(s) {', '.join(map(repr, unknown))}; known: {', '.join(FIELDS)}"))
    entry = _Entry({**dict(defaults), **dict(raw)}, where)

    def read(method, *args, fallback=None):
        try:
            return method(*args)
        except RegisterError as exc:
            problems.append((exc.field, exc.message))
            return fallback

    measure_id = read(entry.text, "id", fallback="")
    if measure_id and (not measure_id.replace("_", "").isalnum() or not measure_id[0].isalpha()):
        problem("id", f"field 'id': {measure_id!r} must be letters, digits and underscores, starting with a letter")
    elif len(measure_id) > ID_LIMIT:
        problem("id", f"field 'id': an id of {len(measure_id)} characters is too long: at most {ID_LIMIT} (it names "
                      "the measure's sheet and its rows, and is looked up in the Measures table)")
    status = read(entry.choice, "status", STATUSES, DEFAULTS["status"], fallback=DEFAULTS["status"])
    direction = read(entry.choice, "direction", DIRECTIONS)
    frequency = read(entry.choice, "frequency", FREQUENCIES)
    unit = read(entry.choice, "unit", UNITS, DEFAULTS["unit"], fallback=DEFAULTS["unit"])
    precision = read(entry.number, "precision", default_precision(unit), 0, 6, fallback=0)
    if precision != int(precision):
        problem("precision", f"field 'precision': {precision!r} is not a whole number of decimal places")
        precision = 0
    target = read(entry.number, "annual_target", None)
    custom = read(entry.numbers, "custom_profile", fallback=())
    profile = read(entry.choice, "profile", PROFILES, "custom" if custom else DEFAULTS["profile"])
    if direction not in (None, "monitor") and status == "active" and target is None \
            and "annual_target" not in entry.raw:
        problem("annual_target", f"field 'annual_target': is required for a measure to {direction}")
    if target is not None and target <= 0:
        problem("annual_target", f"field 'annual_target': {target:g} must be above zero")
    if unit == "percent":
        pass  # a level, not a total: no profile (checked with the other percent fields below)
    elif profile == "custom" and frequency is not None:
        periods = periods_for(frequency)
        if len(custom) != len(periods):
            problem("custom_profile", f"field 'custom_profile': has {len(custom)} values; a {frequency} measure needs "
                            f"{len(periods)}")
        elif any(b < a for a, b in zip(custom, custom[1:])):
            problem("custom_profile", "field 'custom_profile': falls: a cumulative target profile must never decrease")
        elif target is not None and custom[-1] != target:
            problem("custom_profile", f"field 'custom_profile': ends at {custom[-1]:g}, not at the annual target {target:g}")
    elif custom and profile is not None:
        problem("custom_profile", f"field 'custom_profile': is given but profile is {profile!r}")
    fields = dict(
        title=read(entry.text, "title"),
        table_title=read(entry.text, "table_title", DEFAULTS["table_title"]),
        measure_wording=read(entry.text, "measure_wording", DEFAULTS["measure_wording"]),
        entry=read(entry.choice, "entry", ENTRIES, DEFAULTS["entry"]),
        tolerance=read(entry.number, "tolerance", DEFAULTS["tolerance"], 0, 1),
        rule=read(entry.choice, "rule", JUDGEMENT_RULES, DEFAULTS["rule"]),
        counted=read(entry.text, "counted", DEFAULTS["counted"]),
        better_when=read(entry.choice, "better_when", BETTER_WHEN, DEFAULTS["better_when"]),
        owner=read(entry.text, "owner", DEFAULTS["owner"]),
        source=read(entry.text, "source", DEFAULTS["source"]),
        lag_note=read(entry.text, "lag_note", DEFAULTS["lag_note"]),
        crime_types=read(_crime_types, entry, frequency, unit, fallback=""),
        numerator=read(entry.text, "numerator", DEFAULTS["numerator"]),
        denominator=read(entry.text, "denominator", DEFAULTS["denominator"]),
        min_base=read(entry.number, "min_base", None, 1, fallback=None),
    )
    if fields["min_base"] is not None:
        if fields["min_base"] != int(fields["min_base"]):
            problem("min_base", f"field 'min_base': {fields['min_base']:g} is not a whole number of people")
        fields["min_base"] = int(fields["min_base"])
    own = {k for k, v in raw.items() if v is not None and _text(v) != ""}  # not from [defaults]
    for name, message in percent_entry_problems(unit, status, target, own, fields):
        problem(name, message)
    if unit == "percent":  # judged on its level: no profile, and the level rule whatever [defaults] says
        profile, custom, fields["rule"] = "", (), "level"
    if problems:
        field = next((f for f, _ in problems if f), None)  # the cell a reader points at: the first field named
        raise RegisterError("; ".join(m for _, m in problems), where, field=field)
    return Measure(id=measure_id, direction=direction, frequency=frequency, unit=unit, precision=int(precision),
                   annual_target=target, profile=profile, custom_profile=custom, status=status, **fields)


def _crime_types(entry: _Entry, frequency: str, unit: str) -> str:
    """The crime_types field in its one written form (``"Burglary; Robbery"``), from text or a
    TOML list; police.uk counts are monthly and make counts or rates, so nothing else takes it."""
    if "crime_types" not in entry.raw:
        return ""
    value = entry.raw["crime_types"]
    if isinstance(value, (list, tuple)):
        if not all(isinstance(v, str) for v in value):
            entry.fail("crime_types", f"{value!r} is not a list of crime types")
        value = "; ".join(value)
    elif not isinstance(value, str):
        entry.fail("crime_types", f"{value!r} is not a list of crime types (e.g. \"Burglary; Robbery\")")
    parsed = CrimeTypes.parse(value)
    if not parsed.names and not parsed.all_except:
        entry.fail("crime_types", f"{value!r} names no crime type")
    twice = sorted({n for n in parsed.names if parsed.names.count(n) > 1})
    if twice:
        entry.fail("crime_types", f"lists {', '.join(map(repr, twice))} twice")
    if frequency not in (None, "monthly"):
        entry.fail("crime_types", f"is for monthly measures (police.uk publishes months); this one is {frequency}")
    if unit == "percent":
        entry.fail("crime_types", "make a count (unit count) or the crime gap (unit rate), not a percent")
    return str(parsed)


def register_from_entries(
    year: str, entries: Iterable[tuple[str, Mapping[str, Any]]], source: str, defaults: Mapping[str, Any] = ()
) -> Register:
    """Validates ``(where, mapping)`` entries into a Register; ids must be unique. Every bad
    entry is reported (one line each, naming the entry), not only the first."""
    problems = []
    try:
        fy = FinancialYear.parse(year)
    except ValueError as exc:
        problems.append(RegisterError(f"field 'year': {exc}", source, field="year"))
    measures, seen = [], {}
    for where, raw in entries:
        try:
            measure = measure_from_mapping(raw, where, defaults)
        except RegisterError as exc:
            problems.append(exc)
            continue
        if measure.id in seen:
            problems.append(RegisterError(f"field 'id': {measure.id!r} is used twice (also {seen[measure.id]})",
                                          where, field="id"))
            continue
        seen[measure.id] = where
        measures.append(measure)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise RegisterError(f"{len(problems)} problems; fix them and run again:\n{listing([str(p) for p in problems])}",
                            source)
    if not measures:
        raise RegisterError("holds no measures", source)
    return Register(fy, tuple(measures), source)


def load_register(path: str | Path | None = None) -> Register:
    """Loads a TOML register; with no path, the bundled ``templates/measures.toml``."""
    if path is None:
        name = "templates/measures.toml"
        text = resources.files("spp_xl.templates").joinpath("measures.toml").read_text(encoding="utf-8")
    else:
        name = str(path)
        raw = read_input(path, MAX_REGISTER_BYTES, "a measure register (TOML)")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            raise RegisterError(f"line {line}: is not UTF-8 text (byte {raw[exc.start]:#04x}); save the register as "
                                "UTF-8", name) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegisterError(toml_problem(exc, text), name) from None
    if "year" not in doc:
        raise RegisterError("field 'year' (the reporting year, e.g. \"2015/16\") is required", name, field="year")
    if not isinstance(doc["year"], str):
        raise RegisterError(f"field 'year': {doc['year']!r} is not text such as \"2015/16\" (put it in quotes)", name,
                            field="year")
    raw_measures = doc.get("measure", [])
    if not isinstance(raw_measures, list) or not all(isinstance(m, dict) for m in raw_measures):
        raise RegisterError("'measure' must be a list of [[measure]] tables", name)
    defaults = doc.get("defaults", {})
    if not isinstance(defaults, dict):
        raise RegisterError("'defaults' must be a [defaults] table of fields", name)
    entries = [
        (f"{name}: measure {m.get('id', '#' + str(i + 1))!r}", m) for i, m in enumerate(raw_measures)
    ]
    return register_from_entries(doc["year"], entries, name, defaults)
