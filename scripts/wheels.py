"""Walking wheels' requirements for a machine other than this one (the release's 64-bit Windows,
lite-check's Pyodide): shared by scripts/release.py and scripts/lite_check.py.

pip judges environment markers for the machine it runs on; these walks judge them for the
target's markers, and find (or fetch) each wheel themselves.
"""

from __future__ import annotations

import zipfile
from email.parser import Parser
from pathlib import Path
from typing import Callable, Iterator


def requirements_of(wheel: Path) -> list[str]:
    """A wheel's Requires-Dist lines."""
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(z.read(meta).decode()).get_all("Requires-Dist") or []


def walk(requirements: list[str], markers: dict, wheel_for: Callable) -> Iterator[tuple[object, Path]]:
    """Each requirement whose marker holds under ``markers``, and through each one's wheel its own,
    once a name: yields (requirement, the wheel ``wheel_for(requirement)`` finds or fetches)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    todo, seen = list(requirements), set()
    while todo:
        requirement = Requirement(todo.pop(0))
        key = canonicalize_name(requirement.name)
        if key in seen or (requirement.marker and not requirement.marker.evaluate(markers)):
            continue
        seen.add(key)
        wheel = wheel_for(requirement)
        yield requirement, wheel
        todo += requirements_of(wheel)
