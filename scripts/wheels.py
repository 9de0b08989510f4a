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


def walk(requirements: list[str], markers: dict, wheel_for: Callable, extras=()) -> Iterator[tuple[object, Path]]:
    """Each requirement whose marker holds under ``markers``, and through each one's wheel its own,
    once a name: yields (requirement, the wheel ``wheel_for(requirement)`` finds or fetches).

    A marker is judged for the extras asked of the wheel naming the requirement (``extra ==
    "pdf"``): ``extras`` for ``requirements`` (those of the wheel being installed, as in
    ``spp_xl[pdf]``), a requirement's own ``[extras]`` for its wheel's; a package asked again
    with another extra has that extra's requirements walked too."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    todo, wheels, asked = [(line, tuple(extras)) for line in requirements], {}, {}
    while todo:
        line, extras_of_parent = todo.pop(0)
        requirement = Requirement(line)
        if requirement.marker and not any(requirement.marker.evaluate({**markers, "extra": extra})
                                          for extra in ("", *extras_of_parent)):
            continue
        key = canonicalize_name(requirement.name)
        new = {canonicalize_name(e) for e in requirement.extras} - asked.get(key, set())
        if key in wheels and not new:
            continue
        asked.setdefault(key, set()).update(new)
        if key not in wheels:
            wheels[key] = wheel_for(requirement)
            yield requirement, wheels[key]
        todo += [(line, tuple(sorted(new))) for line in requirements_of(wheels[key])]
