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

from .errors import RegisterError
from .periods import FinancialYear, periods_for

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DIRECTIONS = ("increase", "reduce", "monitor")
FREQUENCIES = ("monthly", "quarterly")
ENTRIES = ("period", "ytd")
UNITS = ("count", "rate", "percent")
PROFILES = ("straight", "seasonal", "custom")
RULES = ("forecast", "same_period", "straight_line")
STATUSES = ("active", "developing")

# Every field a register entry may carry, in the order the workbook's Measures table shows them.
FIELDS = (
    "id", "title", "table_title", "measure_wording", "direction", "frequency", "entry",
    "unit", "precision", "annual_target", "profile", "custom_profile", "tolerance", "rule",
    "counted", "better_when", "owner", "source", "lag_note", "status",
)


@dataclass(frozen=True)
class Measure:
    """One performance measure, as the register defines it.

    ``custom_profile`` holds the cumulative targets when ``profile`` is ``custom``;
    ``better_when`` says which way a monitoring-only measure's trend counts as better.
    """

    id: str
    title: str
    direction: str
    frequency: str
    entry: str = "period"
    unit: str = "count"
    precision: int = 0
    annual_target: float | None = None
    profile: str = "straight"
    custom_profile: tuple[float, ...] = ()
    tolerance: float = 0.15
    rule: str = "forecast"
    table_title: str = ""
    measure_wording: str = ""
    counted: str = "incidents"
    better_when: str = "lower"
    owner: str = ""
    source: str = ""
    lag_note: str = ""
    status: str = "active"

    @property
    def periods(self) -> tuple[str, ...]:
        return periods_for(self.frequency)

    @property
    def is_monitoring(self) -> bool:
        return self.direction == "monitor"

    @property
    def is_developing(self) -> bool:
        return self.status == "developing"


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
        except (TypeError, ValueError):
            self.fail(name, f"{value!r} is not a number")
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
            return tuple(float(str(v).strip()) for v in items)
        except ValueError:
            self.fail(name, f"{value!r} is not a list of numbers")


def measure_from_mapping(raw: Mapping[str, Any], where: str, defaults: Mapping[str, Any] = ()) -> Measure:
    """Builds and validates a Measure from a mapping of field names to values.

    ``where`` names the entry in errors, e.g. ``"templates/measures.toml: measure 'asb'"``.
    """
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise RegisterError(f"unknown field(s) {', '.join(map(repr, unknown))}; known: {', '.join(FIELDS)}", where)
    entry = _Entry({**dict(defaults), **dict(raw)}, where)
    measure_id = entry.text("id")
    if not measure_id.replace("_", "").isalnum() or not measure_id[0].isalpha():
        entry.fail("id", f"{measure_id!r} must be letters, digits and underscores, starting with a letter")
    status = entry.choice("status", STATUSES, "active")
    direction = entry.choice("direction", DIRECTIONS)
    frequency = entry.choice("frequency", FREQUENCIES)
    unit = entry.choice("unit", UNITS, "count")
    precision = entry.number("precision", 0 if unit == "count" else 2, minimum=0, maximum=6)
    if precision != int(precision):
        entry.fail("precision", f"{precision!r} is not a whole number of decimal places")
    target = entry.number("annual_target", None)
    custom = entry.numbers("custom_profile")
    profile = entry.choice("profile", PROFILES, "custom" if custom else "straight")
    periods = periods_for(frequency)
    if direction != "monitor" and status == "active" and target is None:
        entry.fail("annual_target", f"is required for a measure to {direction}")
    if target is not None and target <= 0:
        entry.fail("annual_target", f"{target:g} must be above zero")
    if profile == "custom":
        if len(custom) != len(periods):
            entry.fail("custom_profile", f"has {len(custom)} values; a {frequency} measure needs {len(periods)}")
        if any(b < a for a, b in zip(custom, custom[1:])):
            entry.fail("custom_profile", "falls: a cumulative target profile must never decrease")
        if target is not None and custom[-1] != target:
            entry.fail("custom_profile", f"ends at {custom[-1]:g}, not at the annual target {target:g}")
    elif custom:
        entry.fail("custom_profile", f"is given but profile is {profile!r}")
    return Measure(
        id=measure_id,
        title=entry.text("title"),
        table_title=entry.text("table_title", ""),
        measure_wording=entry.text("measure_wording", ""),
        direction=direction,
        frequency=frequency,
        entry=entry.choice("entry", ENTRIES, "period"),
        unit=unit,
        precision=int(precision),
        annual_target=target,
        profile=profile,
        custom_profile=custom,
        tolerance=entry.number("tolerance", 0.15, minimum=0, maximum=1),
        rule=entry.choice("rule", RULES, "forecast"),
        counted=entry.text("counted", "incidents"),
        better_when=entry.choice("better_when", ("lower", "higher"), "lower"),
        owner=entry.text("owner", ""),
        source=entry.text("source", ""),
        lag_note=entry.text("lag_note", ""),
        status=status,
    )


def register_from_entries(
    year: str, entries: Iterable[tuple[str, Mapping[str, Any]]], source: str, defaults: Mapping[str, Any] = ()
) -> Register:
    """Validates ``(where, mapping)`` entries into a Register; ids must be unique."""
    try:
        fy = FinancialYear.parse(year)
    except ValueError as exc:
        raise RegisterError(f"field 'year': {exc}", source, field="year") from None
    measures, seen = [], {}
    for where, raw in entries:
        measure = measure_from_mapping(raw, where, defaults)
        if measure.id in seen:
            raise RegisterError(f"field 'id': {measure.id!r} is used twice (also {seen[measure.id]})", where,
                                field="id")
        seen[measure.id] = where
        measures.append(measure)
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
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise RegisterError(f"cannot be read ({exc.strerror})", name) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegisterError(f"is not valid TOML: {exc}", name) from None
    if "year" not in doc:
        raise RegisterError("field 'year' (the reporting year, e.g. \"2015/16\") is required", name, field="year")
    raw_measures = doc.get("measure", [])
    if not isinstance(raw_measures, list):
        raise RegisterError("'measure' must be a list of [[measure]] tables", name)
    entries = [
        (f"{name}: measure {m.get('id', '#' + str(i + 1))!r}", m) for i, m in enumerate(raw_measures)
    ]
    return register_from_entries(str(doc["year"]), entries, name, doc.get("defaults", {}))
