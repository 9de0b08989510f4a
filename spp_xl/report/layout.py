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


# Advance widths of the characters space..tilde in Calibri (and Carlito, made to its metrics),
# in units of 1/2048 of the font size: regular, then bold. Other characters count as 1,000.
_ADVANCE = {
    False: (463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791, 1038, 1038, 1038,
            1038, 1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949, 1831, 1185, 1114, 1092, 1260,
            1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058, 1378, 1112, 941, 998, 1314, 1162,
            1822, 1063, 998, 959, 628, 791, 628, 1020, 1020, 596, 981, 1076, 866, 1076, 1019, 625, 964, 1076, 470,
            490, 931, 470, 1636, 1076, 1080, 1076, 1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809, 644, 943,
            644, 1020),
    True: (463, 667, 898, 1020, 1038, 1493, 1443, 478, 638, 638, 1020, 1020, 528, 627, 547, 880, 1038, 1038, 1038,
           1038, 1038, 1038, 1038, 1038, 1038, 1038, 565, 565, 1020, 1020, 1020, 949, 1840, 1241, 1148, 1084, 1291,
           999, 940, 1305, 1292, 546, 678, 1120, 866, 1790, 1349, 1385, 1090, 1405, 1153, 968, 1014, 1337, 1211,
           1856, 1128, 1064, 979, 665, 880, 665, 1020, 1020, 615, 1011, 1099, 857, 1099, 1031, 648, 971, 1099, 503,
           523, 983, 503, 1666, 1099, 1101, 1099, 1099, 728, 817, 710, 1099, 969, 1526, 941, 970, 814, 704, 973,
           704, 1020),
}
CELL_PADDING_PX = 8  # the column's own 5 pixels of padding, and the gridline and a little room


def text_px(text: str, size: float, bold: bool = False) -> float:
    """Pixels ``text`` takes on one line, at 96 dpi (as Excel counts column widths).

    >>> round(text_px("0", 11), 2), round(text_px("Hello", 11, bold=True), 1)
    (7.43, 31.7)
    """
    table = _ADVANCE[bool(bold)]
    units = sum(table[ord(c) - 32] if 32 <= ord(c) < 127 else 1000 for c in text)
    return units / 2048 * size * PX_PER_PT


def text_lines(text: str, width_px: float, size: float, bold: bool, fill: float) -> int:
    """How many lines ``text`` wraps to in a cell ``width_px`` pixels wide (its columns'
    ``column_px``, summed where merged), word by word as the applications wrap, the text
    allowed ``fill`` of the cell's inner width.

    >>> text_lines("a" * 200, column_px(50), 11, False, 0.97), text_lines("short", column_px(50), 11, False, 0.97)
    (5, 1)
    """
    room = max(1.0, (width_px - CELL_PADDING_PX) * fill)
    space = text_px(" ", size, bold)
    lines = 0
    for part in str(text).split("\n"):
        count, line = 1, 0.0
        for word in part.split(" "):
            width = text_px(word, size, bold)
            need = width if line == 0 else line + space + width
            if need <= room:
                line = need
                continue
            count += 1 if line else 0
            line = width
            while line > room:  # a word longer than a line breaks
                count += 1
                line -= room
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
    return _no_lone_tail(units, breaks, capacity, repeat_height)


LONE_TAIL = 0.25  # a last page this full, or less, takes the unit before it over too


def _no_lone_tail(units: list[Unit], breaks: list[int], capacity: float, repeat_height: float) -> list[int]:
    """A closing block alone on the last page (the measures being developed after the last
    exception item) reads as an afterthought: the previous page's last unit goes over with it,
    where both fit. The page count stays the same."""
    if not breaks:
        return breaks
    tail = sum(u.height for u in units if u.first_row >= breaks[-1])
    start = breaks[-2] if len(breaks) > 1 else 0
    before = [u for u in units if start < u.first_row < breaks[-1]]
    if tail > capacity * LONE_TAIL or not before:
        return breaks
    last = before[-1]
    if last.height + tail + repeat_height <= capacity:
        return breaks[:-1] + [last.first_row]
    return breaks
