"""The judgement framework: fixed phrases, colours and thresholds, from
``templates/judgement.toml``."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import RegisterError, toml_problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RAGS = ("green", "amber", "red", "monitor", "none")
TRENDS = ("better", "stable", "worse")
RAG_KEYS = ("label", "phrase", "colour", "font")
NAME = "templates/judgement.toml"


@dataclass(frozen=True)
class RagStyle:
    label: str
    phrase: str
    colour: str
    font: str


@dataclass(frozen=True)
class Framework:
    rags: dict
    trends: dict
    tolerance: float  # the amber band where a measure's register entry gives none
    stable_band: float
    flat_run: int
    outlier_ratio: float
    outlier_noise: float
    lag_drop: float
    rate_fall: float
    level_ratio: float
    transposed_off: float
    transposed_fit: float
    developing: str
    not_judged: str
    not_judged_label: str  # the judgement a percentage of too few people shows where a label goes

    def not_judged_phrase(self, so_far: str, needed: int) -> str:
        """The judgement of a percentage with too few people counted to judge on.

        >>> framework().not_judged_phrase("20 victims surveyed", 30)
        'Not judged: 20 victims surveyed so far, 30 needed'
        """
        return self.not_judged.replace("{so_far}", so_far).replace("{needed}", f"{needed:,}")

    def style(self, rag: str) -> RagStyle:
        return self.rags[rag]

    def phrase(self, rag: str, tolerance: float | None = None, trend: str | None = None) -> str:
        """The banner phrase for a judgement (``tolerance``: the amber band, the framework's own
        where not given).

        >>> framework().phrase("amber")
        'Some concerns about performance in this area (within 15% of performance measure)'
        """
        if rag == "monitor" and trend in self.trends:
            return self.trends[trend]
        band = self.tolerance if tolerance is None else tolerance
        return self.rags[rag].phrase.replace("{tolerance}", f"{band:.0%}")


@lru_cache(maxsize=1)
def framework() -> Framework:
    """The framework shipped in ``templates/judgement.toml``, validated once."""
    return framework_from_toml(resources.files("spp_xl.templates").joinpath("judgement.toml").read_text(
        encoding="utf-8"), NAME)


def framework_from_toml(text: str, name: str) -> Framework:
    """Validates a framework's TOML text (the shape of ``templates/judgement.toml``).

    Raises:
        RegisterError: a key missing or of the wrong kind; the message names the key and
            ``name`` (the file), and ``field`` holds the key's dotted path.
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegisterError(toml_problem(exc, text), name) from None
    rags = {}
    for rag in RAGS:
        entry = _table(doc, "rag", name).get(rag)
        if not isinstance(entry, dict):
            raise RegisterError(f"[rag.{rag}] is missing", name, field=f"rag.{rag}")
        rags[rag] = RagStyle(**{k: _text(entry, k, name, f"rag.{rag}") for k in RAG_KEYS})
    trend = _table(doc, "trend", name)
    bounded = {}
    for key, low, high in (("tolerance", 0, 1), ("outlier_ratio", 1, None), ("outlier_noise", 0, None),
                           ("lag_drop", 0, 1), ("transposed_off", 0, None), ("transposed_fit", 0, 1),
                           ("rate_fall", 0, 1), ("level_ratio", 1, None)):
        value = _number(doc, key, name)
        if value <= low or (high is not None and value >= high):
            _fail("", key, f"{value:g} must be above {low}" + (f" and below {high}" if high is not None else ""),
                  name)
        bounded[key] = value
    return Framework(
        rags=rags,
        trends={t: _text(trend, t, name, "trend") for t in TRENDS},
        stable_band=_number(doc, "stable_band", name),
        flat_run=int(_number(doc, "flat_run", name, whole=True)),
        developing=_text(doc, "developing", name),
        not_judged=_text(doc, "not_judged", name),
        not_judged_label=_text(doc, "not_judged_label", name),
        **bounded,
    )


def _table(doc: dict, key: str, name: str) -> dict:
    table = doc.get(key)
    if not isinstance(table, dict):
        raise RegisterError(f"[{key}] is missing", name, field=key)
    return table


def _fail(section: str, key: str, problem: str, name: str):
    where = f"[{section}] field '{key}'" if section else f"field '{key}'"
    raise RegisterError(f"{where} {problem}", name, field=f"{section}.{key}" if section else key)


def _text(table: dict, key: str, name: str, section: str = "") -> str:
    if key not in table:
        _fail(section, key, "is required", name)
    value = table[key]
    if not isinstance(value, str):
        _fail(section, key, f"must be text, not {value!r}", name)
    if not value.strip():
        _fail(section, key, "is empty", name)
    return value


def _number(doc: dict, key: str, name: str, whole: bool = False) -> float:
    if key not in doc:
        _fail("", key, "is required", name)
    value = doc[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and value != int(value)):
        _fail("", key, f"must be a {'whole number' if whole else 'number'}, not {value!r}", name)
    return float(value)
