"""The report's look, from ``templates/report.toml``: validated once, read by renderers.

Judgement colours are not here: they come from ``templates/judgement.toml`` through
``spp_xl.core.framework`` so that a judgement has one colour everywhere.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..core.errors import RegisterError, toml_problem
from ..files.look import read_styles

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

NAME = "templates/report.toml"


@dataclass(frozen=True)
class Template:
    """Everything ``report.toml`` says, checked."""

    font: str
    size: float
    page: dict
    number_formats: dict
    columns: dict
    chart: dict
    styles: dict

    def style(self, name: str) -> dict:
        """A style's properties, with the default font and size filled in."""
        if name not in self.styles:
            raise RegisterError(f"the report uses style '{name}', which [styles] does not define", NAME)
        return {"font": self.font, "size": self.size, **self.styles[name]}

    def number_format(self, spec: str) -> str:
        """``"value:2"`` -> ``"#,##0.00"``; ``"percent"`` -> the percent format."""
        kind, _, places = spec.partition(":")
        if kind not in self.number_formats:
            raise RegisterError(f"number format '{kind}' is not under [number_formats]", NAME)
        dp = "." + "0" * int(places) if places and int(places) > 0 else ""
        return self.number_formats[kind].replace("{dp}", dp)

    def width(self, kind: str) -> float:
        if kind not in self.columns:
            raise RegisterError(f"column kind '{kind}' is not under [columns]", NAME)
        return float(self.columns[kind])

    def line_height(self, size: float) -> float:
        """Points a line of text of this size needs."""
        table = self.page["line_height"]
        return float(table.get(str(int(size)), size * 1.36))


def _fail(where: str, problem: str):
    raise RegisterError(f"{where}: {problem}", NAME)


def template_from_text(text: str, name: str = NAME) -> Template:
    """Parses and validates a report template."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegisterError(toml_problem(exc, text), name) from None
    for section in ("page", "number_formats", "columns", "chart", "styles"):
        if not isinstance(doc.get(section), dict):
            _fail(f"[{section}]", "is missing")
    for key in ("margins", "footer", "line_height", "text_fill"):
        if key not in doc["page"]:
            _fail("[page]", f"field '{key}' is required")
    styles = read_styles(doc["styles"], name)
    for kind, width in doc["columns"].items():
        if not isinstance(width, (int, float)) or not 0 < width <= 255:
            _fail("[columns]", f"'{kind}' = {width!r} is not a width between 0 and 255")
    return Template(font=str(doc.get("font", "Calibri")), size=float(doc.get("size", 11)), page=doc["page"],
                    number_formats=doc["number_formats"], columns=doc["columns"], chart=doc["chart"],
                    styles=styles)


@lru_cache(maxsize=4)
def load_template(path: str | None = None) -> Template:
    """The bundled ``templates/report.toml``, or another template file."""
    if path is None:
        text = resources.files("spp_xl.templates").joinpath("report.toml").read_text(encoding="utf-8")
        return template_from_text(text)
    return template_from_text(Path(path).read_text(encoding="utf-8"), str(path))
