"""Copies of the committed workbook, edited as staff would with openpyxl: the tests'
one way of making an edited workbook (never the user's file)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import openpyxl

COMMITTED = Path(__file__).resolve().parent.parent / "workbook" / "SPP_Performance.xlsm"


def edited_copy(path: Path, change: Callable | None = None) -> Path:
    """Copies the committed workbook to ``path`` and, given ``change(book)``, applies it
    with openpyxl (keep_vba) and saves."""
    shutil.copyfile(COMMITTED, path)
    if change is not None:
        book = openpyxl.load_workbook(path, keep_vba=True)
        change(book)
        book.save(path)
    return path
