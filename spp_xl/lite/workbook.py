"""``SPP_Performance_Lite.xlsx``: the partnership's workbook for xlwings Lite, macro-free.

The same sheets, cells, formats and cached figures as ``SPP_Performance.xlsm`` (the same
``workbook_specs``), with what Lite needs in place of what only the classic binding uses:

- no VBA project and no ``xlwings.conf`` sheet (a macro-free ``.xlsx`` escapes the policies
  that block macros in files from e-mail or the internet);
- the custom-function formulas are stored as Excel stores an add-in's (JavaScript) custom
  functions, ``_xldudf_SPP_PROFILE(...)``: Excel shows them as ``=SPP_PROFILE(...)`` and
  calls Lite's function of that name once Lite has registered it;
- the Dashboard's three buttons are named text boxes whose hyperlink selects the cell
  hidden behind each, which Lite's ``@script(button=...)`` listens to; the Measures
  sheet's *Make sheets for new measures* has no Lite equivalent (it builds a new file with
  a VBA project) and is left out;
- the sheets the scripts write to (Dashboard, Exceptions, Checks) are not protected: Lite
  has no call to lift a sheet's protection, and Excel refuses writes to locked cells;
- the code: ``main.py`` (carrying spp_xl itself, ``archive``) and ``requirements.txt`` in the
  web extension parts (``parts``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..core.inputs import Inputs
from ..files.atomic import write_atomic
from ..workbook import layout as L
from ..files.a1 import quote
from ..files.sheet import TextBox
from ..workbook.build import workbook_specs, write_specs
from ..workbook.schema import written_by_macros
from ..workbook.spec import colour
from .code import SCRIPTS, Button, main_py, requirements_txt
from .parts import CUSTOM_FUNCTION_PREFIX, add_lite_parts

WORKBOOK_NAME = "SPP_Performance_Lite.xlsx"
WRITTEN_BY_SCRIPTS = written_by_macros()
CLASSIC_ONLY_SHEETS = (L.XLWINGS_CONF,)


def lite_specs(specs: list) -> list:
    """The classic workbook's specs made into the Lite workbook's (see the module's notes)."""
    scripts = {s.macro: s for s in SCRIPTS}
    calls = _custom_call()
    out = []
    for spec in specs:
        if spec.name in CLASSIC_ONLY_SHEETS:
            continue
        cells = [replace(c, formula=calls.sub(CUSTOM_FUNCTION_PREFIX + r"\1(", c.formula)) if c.formula else c
                 for c in spec.cells]
        boxes = [TextBox(b.row, b.col, b.caption, b.width, b.height, link=f"{_quoted(spec.name)}!{L.cell(b.row, b.col)}",
                         fill=colour("header_fill"), line=colour("header_fill"), font_colour=colour("header_font"),
                         bold=True, tip=b.caption)
                 for b in spec.buttons if b.macro in scripts]
        out.append(replace(spec, cells=cells, buttons=[], textboxes=spec.textboxes + boxes,
                           protect=None if spec.name in WRITTEN_BY_SCRIPTS else spec.protect))
    return out


def _custom_call() -> re.Pattern:
    from ..excel.functions import NAMES

    return re.compile(r"(?<![\w.])(" + "|".join(NAMES) + r")\(")


def _quoted(sheet: str) -> str:
    return sheet if re.fullmatch(r"\w+", sheet) else quote(sheet)


def lite_buttons(specs: list) -> tuple[Button, ...]:
    """Where each script's button is in the Lite specs, and its shape's name.

    xlsxwriter names a text box ``TextBox N``, N counting the sheet's drawing objects; on a
    sheet whose only drawings are the text boxes, N is their order (a test reads the names
    back from the file). A sheet with charts too is refused rather than guessed at."""
    scripts = {s.title: s for s in SCRIPTS}
    buttons = []
    for spec in specs:
        if spec.textboxes and spec.charts:
            raise ValueError(f"sheet {spec.name!r} has charts and buttons: its buttons' shape names are unknown")
        for k, box in enumerate(spec.textboxes, start=1):
            if box.text in scripts:
                buttons.append(Button(scripts[box.text].name, f"TextBox {k}", spec.name, L.cell(box.row, box.col)))
    return tuple(buttons)


def lite_code(specs: list, requirement: str | None = None) -> tuple[str, str]:
    """(main.py, requirements.txt) for the Lite specs: main.py carrying spp_xl itself, unless
    ``requirement`` says where Lite installs it from (a council's own package index)."""
    from .. import __version__

    return main_py(lite_buttons(specs), __version__, carry=requirement is None), requirements_txt(requirement)


def build_lite_workbook(inputs: Inputs, path: str | Path, requirement: str | None = None,
                        force: bool = False) -> Path:
    """Builds ``SPP_Performance_Lite.xlsx`` from ``inputs`` and writes it atomically.

    Args:
        inputs: as for ``spp_xl.workbook.build.build_workbook``.
        path: the ``.xlsx`` to write; refused if it exists, unless ``force``.
        requirement: None (the workbook carries spp_xl), or requirements.txt's line for it.
        force: replace an existing file.
    """
    from ..excel.functions import NAMES

    specs = lite_specs(workbook_specs(inputs))
    main, requirements = lite_code(specs, requirement)

    def write(tmp):
        write_specs(specs, tmp, None)
        add_lite_parts(tmp, main, requirements, NAMES)

    return write_atomic(path, write, force)
