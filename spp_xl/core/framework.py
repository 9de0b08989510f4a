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
    outlier_tolerance: float
    flat_run: int
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
    return Framework(
        rags=rags,
        trends=trends,
        stable_band=float(doc["stable_band"]),
        outlier_tolerance=float(doc["outlier_tolerance"]),
        flat_run=int(doc["flat_run"]),
        developing=str(doc["developing"]),
    )
