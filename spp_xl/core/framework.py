"""The judgement framework: fixed phrases, colours and thresholds, from
``templates/judgement.toml``."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import RegisterError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RAGS = ("green", "amber", "red", "monitor", "none")
TRENDS = ("better", "stable", "worse")


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
    stable_band: float
    flat_run: int
    outlier_ratio: float
    outlier_noise: float
    lag_drop: float
    transposed_off: float
    transposed_fit: float
    developing: str

    def style(self, rag: str) -> RagStyle:
        return self.rags[rag]

    def phrase(self, rag: str, tolerance: float = 0.15, trend: str | None = None) -> str:
        """The banner phrase for a judgement.

        >>> framework().phrase("amber")
        'Some concerns about performance in this area (within 15% of performance measure)'
        """
        if rag == "monitor" and trend in self.trends:
            return self.trends[trend]
        return self.rags[rag].phrase.replace("{tolerance}", f"{tolerance:.0%}")


@lru_cache(maxsize=1)
def framework() -> Framework:
    """The framework shipped in ``templates/judgement.toml``, validated once."""
    name = "templates/judgement.toml"
    doc = tomllib.loads(resources.files("spp_xl.templates").joinpath("judgement.toml").read_text(encoding="utf-8"))
    rags = {}
    for rag in RAGS:
        entry = doc.get("rag", {}).get(rag)
        if entry is None:
            raise RegisterError(f"[rag.{rag}] is missing", name)
        for key in ("label", "phrase", "colour", "font"):
            if key not in entry:
                raise RegisterError(f"[rag.{rag}] field '{key}' is required", name)
        rags[rag] = RagStyle(**{k: str(entry[k]) for k in ("label", "phrase", "colour", "font")})
    trends = {t: str(doc.get("trend", {})[t]) for t in TRENDS}
    for key, low, high in (("outlier_ratio", 1, None), ("outlier_noise", 0, None), ("lag_drop", 0, 1),
                            ("transposed_off", 0, None), ("transposed_fit", 0, 1)):
        value = doc.get(key)
        if not isinstance(value, (int, float)) or value <= low or (high is not None and value >= high):
            raise RegisterError(f"field '{key}': {value!r} must be a number above {low}"
                                + (f" and below {high}" if high is not None else ""), name)
    return Framework(
        rags=rags,
        trends=trends,
        stable_band=float(doc["stable_band"]),
        flat_run=int(doc["flat_run"]),
        outlier_ratio=float(doc["outlier_ratio"]),
        outlier_noise=float(doc["outlier_noise"]),
        lag_drop=float(doc["lag_drop"]),
        transposed_off=float(doc["transposed_off"]),
        transposed_fit=float(doc["transposed_fit"]),
        developing=str(doc["developing"]),
    )
