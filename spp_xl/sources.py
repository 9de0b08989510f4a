"""One front door for every source of inputs: the bundled data, a tidy CSV, or the
partnership's workbook. Each returns the same ``Inputs``; the core never knows which."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .core.dataset import read_csv
from .core.inputs import Inputs, bundled_recommendations
from .core.errors import InputError
from .core.register import load_register

WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")
BUNDLED_MEETING_DATE = dt.date(2015, 7, 23)  # the board meeting the seed report went to


def load_inputs(source: str | os.PathLike | None = None, register_path: str | None = None,
                formulas: bool = False) -> Inputs:
    """Reads a source: None for the bundled data, a ``.csv``, or an ``.xlsm``/``.xlsx`` workbook.

    A CSV carries figures only: the register comes from ``register_path`` or the bundled
    ``templates/measures.toml``. A workbook carries its own register, commentary, family
    group and recommendations; with ``formulas`` its calculated cells are also checked for
    a lost formula (``check`` does; the other commands read values alone, and find a figure
    typed over a formula wherever it differs from what the formula would show).
    """
    if source is None:
        return Inputs(load_register(register_path), read_csv(), "bundled data", "bundled",
                      recommendations=bundled_recommendations(), meeting_date=BUNDLED_MEETING_DATE)
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from .workbook.reader import read_workbook

        return read_workbook(path, register_path, formulas)
    if suffix == ".xls":
        raise InputError("is an old-style .xls workbook; open it in Excel and save it as .xlsm", str(path))
    if suffix == ".csv":
        return Inputs(load_register(register_path), read_csv(path), str(path), "csv",
                      recommendations=bundled_recommendations())
    if not path.exists():
        raise InputError("file not found", str(path))
    raise InputError("is neither a tidy .csv nor an .xlsm/.xlsx workbook", str(path))
