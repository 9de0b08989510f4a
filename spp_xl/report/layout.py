"""Page arithmetic for a spreadsheet renderer: column widths in pixels, wrapped-text
row heights, and where the printed pages break.

Every row the renderer writes gets an explicit height, so the printed height of a
sheet is known exactly here; only the width depends on the application's font
metrics, and the scale keeps a margin for that. This is how the report can promise
its page count and the tests can hold it to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

A4_LANDSCAPE_PT = (841.89, 595.28)  # width, height in points
PX_PER_PT = 4 / 3  # 96 dpi screens, 72 points an inch
WIDTH_SAFETY = 0.85  # LibreOffice lays columns out ~6% wider than Excel; keep well inside the page
HEIGHT_SAFETY = 0.97


def column_px(width: float) -> int:
    """Pixels of a column ``width`` characters wide (Calibri 11, as Excel and xlsxwriter count).

    >>> column_px(8.43), column_px(150)
    (64, 1055)
    """
    if width <= 0:
        return 0
    if width < 1:
        return int(width * 12 + 0.5)
    return int(width * 7 + 0.5) + 5


def text_lines(text: str, width_chars: float, size: float, bold: bool, chars_per_width: float) -> int:
    """How many lines ``text`` wraps to in a cell ``width_chars`` wide.

    >>> text_lines("a" * 100, 50, 11, False, 1.0), text_lines("short", 50, 11, False, 1.0)
    (2, 1)
    """
    per_line = max(1.0, width_chars * chars_per_width * 11.0 / size * (0.92 if bold else 1.0))
    lines = 0
    for part in str(text).split("\n"):
        words, line, count = part.split(" "), 0, 1
        for word in words:
            # greedy word wrap, as the applications do; a word longer than a line breaks
            need = len(word) if line == 0 else line + 1 + len(word)
            if need <= per_line:
                line = need
                continue
            count += 1 if line else 0
            line = len(word)
            while line > per_line:
                count += 1
                line -= int(per_line)
        lines += count
    return max(1, lines)


@dataclass(frozen=True)
class Page:
    """The printable area of an A4 landscape page with the template's margins."""

    width_px: float
    height_pt: float

    @classmethod
    def a4_landscape(cls, margins: dict) -> "Page":
        width_pt, height_pt = A4_LANDSCAPE_PT
        usable_w = width_pt - 72 * (float(margins["left"]) + float(margins["right"]))
        usable_h = height_pt - 72 * (float(margins["top"]) + float(margins["bottom"]))
        return cls(usable_w * PX_PER_PT, usable_h)

    def scale_for(self, content_px: float) -> int:
        """The print scale (10-100%) that makes ``content_px`` one page wide, with room to spare."""
        return max(10, min(100, math.floor(100 * self.width_px * WIDTH_SAFETY / max(content_px, 1))))


@dataclass(frozen=True)
class Unit:
    """Rows that should stay on one page (an exception item), or a single row."""

    first_row: int
    heights: tuple[float, ...]

    @property
    def height(self) -> float:
        return sum(self.heights)


def paginate(units: list[Unit], page_height_pt: float, scale: int, repeat_height: float = 0.0) -> list[int]:
    """The rows that start a new printed page.

    Args:
        units: the sheet's rows in order, grouped into keep-together units.
        page_height_pt: the printable height.
        scale: the print scale in percent.
        repeat_height: points of header rows repeated at the top of every later page.

    >>> paginate([Unit(0, (300,)), Unit(1, (300,)), Unit(2, (100,))], 500, 100)
    [1]
    """
    capacity = page_height_pt * HEIGHT_SAFETY * 100 / scale
    breaks, used = [], 0.0
    for unit in units:
        room = capacity - (repeat_height if breaks else 0)
        if used and used + unit.height > room:
            breaks.append(unit.first_row)
            used, room = 0.0, capacity - repeat_height
        if used + unit.height <= room:
            used += unit.height
            continue
        for offset, height in enumerate(unit.heights):  # taller than a page: break between its rows
            if used and used + height > room:
                breaks.append(unit.first_row + offset)
                used, room = 0.0, capacity - repeat_height
            used += height
    return breaks
