"""pikepdf: what a PDF's pages draw, read from their content streams: each text object's
text (through its font's ToUnicode map) and baseline, which parts of the page each chart's
marks cover, and the text of each marked-content sequence. Read by ``_pikepdf``, which tags
the report's PDF, and by ``reading``, which reads a tagged PDF back as a screen reader would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String


# ------------------------------------------------------------------ reading a page


def _cmap(font) -> tuple[dict[int, str], int]:
    """A font's codes to text (its /ToUnicode) and its code length in bytes."""
    width = 2 if font.get("/Subtype") == Name.Type0 else 1
    mapping: dict[int, str] = {}
    stream = font.get("/ToUnicode")
    if stream is None:
        return mapping, width
    data = stream.read_bytes().decode("latin-1")

    def text(hex_: str) -> str:
        return bytes.fromhex(hex_).decode("utf-16-be", errors="replace")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(src, 16)] = text(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            codes = range(int(lo, 16), int(hi, 16) + 1)
            if dst.startswith("["):
                for code, one in zip(codes, re.findall(r"<([0-9A-Fa-f]*)>", dst)):
                    mapping[code] = text(one)
            else:
                first = bytes.fromhex(dst[1:-1])
                for k, code in enumerate(codes):
                    mapping[code] = text((int.from_bytes(first, "big") + k).to_bytes(len(first), "big").hex())
    return mapping, width


def _decode(raw: bytes, font) -> str:
    mapping, width = font
    codes = (int.from_bytes(raw[i:i + width], "big") for i in range(0, len(raw), width))
    return "".join(mapping.get(code, chr(code)) for code in codes)


def _times(m, n):
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass
class Unit:
    """One text object (BT .. ET): where its ops are, what it says, where its baseline starts."""

    start: int
    end: int
    text: str = ""
    x: float = 0.0
    y: float = 0.0
    placed: bool = False


@dataclass
class Page:
    ops: list
    units: list = field(default_factory=list)
    figures: list = field(default_factory=list)  # (chart, first op, last op) of each part of a chart
    charts: int = 0


def chart_marks(pdf) -> dict:
    """Page (objgen) -> the MCIDs of each chart on it, in reading order: LibreOffice draws a
    chart in several marked parts (its plot as Figure content, its labels as paragraphs),
    all under one Figure element of its structure tree."""
    found: dict = {}
    tree = pdf.Root.get("/StructTreeRoot")

    def mcids(elem, page, into):
        page = elem.get("/Pg", page) if isinstance(elem, Dictionary) else page
        kids = elem.get("/K") if isinstance(elem, Dictionary) else elem
        for kid in (kids if isinstance(kids, Array) else [kids] if kids is not None else []):
            if isinstance(kid, int):
                into.setdefault(page.objgen, set()).add(int(kid))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                into.setdefault(kid.get("/Pg", page).objgen, set()).add(int(kid.MCID))
            elif isinstance(kid, Dictionary) and "/S" in kid:
                mcids(kid, page, into)

    def walk(elem, page):
        if not isinstance(elem, Dictionary):
            for kid in elem if isinstance(elem, Array) else []:
                walk(kid, page)
            return
        page = elem.get("/Pg", page)
        if elem.get("/S") == Name.Figure:
            parts: dict = {}
            mcids(elem, page, parts)
            for objgen, ids in parts.items():
                found.setdefault(objgen, []).append(ids)
            return
        kids = elem.get("/K")
        if kids is not None:
            walk(kids if isinstance(kids, Array) else Array([kids]), page)
    if tree is not None and "/K" in tree:
        walk(tree.K, None)
    return found


def read_page(page, charts: list) -> Page:
    fonts = {str(name): _cmap(font) for name, font in page.Resources.get("/Font", {}).items()}
    ops = list(pikepdf.parse_content_stream(page))
    out = Page(ops, charts=len(charts))
    chart_of = {mcid: k for k, ids in enumerate(charts) for mcid in ids}
    marks: list[tuple[str, int, int | None]] = []  # tag, first op, chart
    ctm, saved = (1, 0, 0, 1, 0, 0), []
    unit, font, tm, tlm = None, ({}, 1), None, None
    for i, (operands, op) in enumerate(ops):
        name = str(op)
        if name in ("BDC", "BMC"):
            props = operands[1] if len(operands) > 1 else None
            mcid = int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props else None
            marks.append((str(operands[0]), i, chart_of.get(mcid)))
        elif name == "EMC" and marks:
            _, start, chart = marks.pop()
            if chart is not None and all(c is None for _, _, c in marks):
                out.figures.append((chart, start, i))
        elif name == "q":
            saved.append(ctm)
        elif name == "Q" and saved:
            ctm = saved.pop()
        elif name == "cm":
            ctm = _times(tuple(float(v) for v in operands), ctm)
        elif name == "BT":
            unit, tm = Unit(i, i), (1, 0, 0, 1, 0, 0)
            tlm = tm
        elif unit is None:
            continue
        elif name == "ET":
            unit.end = i
            if all(c is None for _, _, c in marks):
                out.units.append(unit)
            unit = None
        elif name == "Tf":
            font = fonts.get(str(operands[0]), ({}, 1))
        elif name in ("Td", "TD"):
            tlm = _times((1, 0, 0, 1, float(operands[0]), float(operands[1])), tlm)
            tm = tlm
        elif name == "Tm":
            tm = tlm = tuple(float(v) for v in operands)
        elif name in ("Tj", "TJ", "'", '"'):
            if not unit.placed:
                _, _, _, _, unit.x, unit.y = _times(tm, ctm)
                unit.placed = True
            items = list(operands[0]) if name == "TJ" else [operands[-1]]
            unit.text += "".join(_decode(bytes(s), font) for s in items if isinstance(s, String))
    return out


# ------------------------------------------------------------------ reading it back


def _marked_texts(page) -> dict[int, str]:
    """The text of each marked-content sequence (MCID) of a page."""
    fonts = {str(name): _cmap(font) for name, font in page.Resources.get("/Font", {}).items()}
    texts: dict[int, str] = {}
    marks: list = []
    font = ({}, 1)
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name in ("BDC", "BMC"):
            props = operands[1] if len(operands) > 1 else None
            marks.append(int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props else None)
        elif name == "EMC" and marks:
            marks.pop()
        elif name == "Tf":
            font = fonts.get(str(operands[0]), ({}, 1))
        elif name in ("Tj", "TJ", "'", '"'):
            mcid = next((m for m in reversed(marks) if m is not None), None)
            items = list(operands[0]) if name == "TJ" else [operands[-1]]
            if mcid is not None:
                texts[mcid] = texts.get(mcid, "") + "".join(_decode(bytes(s), font) for s in items
                                                             if isinstance(s, String))
    return texts


def reading(path: str | Path) -> list[tuple[str, str, int]]:
    """What a screen reader reads, in order: each structure element's type, its text (a
    Figure's /Alt; an element's /ActualText where it has one), and its depth in the tree."""
    out = []
    with pikepdf.open(path) as pdf:
        index = {page.objgen: k for k, page in enumerate(pdf.pages)}
        cache: dict[int, dict] = {}

        def text_of(page, mcid) -> str:
            k = index[page.objgen]
            if k not in cache:
                cache[k] = _marked_texts(pdf.pages[k])
            return cache[k].get(mcid, "")

        def walk(elem, depth, page):
            page = elem.get("/Pg", page)
            kids = elem.get("/K")
            kids = list(kids) if isinstance(kids, Array) else [] if kids is None else [kids]
            own = []
            for kid in kids:
                if isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                    own.append(text_of(kid.get("/Pg", page), int(kid.MCID)))
                elif not isinstance(kid, Dictionary):
                    own.append(text_of(page, int(kid)))
            text = (str(elem.Alt) if "/Alt" in elem else str(elem.ActualText) if "/ActualText" in elem
                    else " ".join(t.strip() for t in own if t.strip()))
            out.append((str(elem.S)[1:], text, depth))
            for kid in kids:
                if isinstance(kid, Dictionary) and "/S" in kid:
                    walk(kid, depth + 1, page)
        root = pdf.Root.StructTreeRoot.K
        for elem in (list(root) if isinstance(root, Array) else [root]):
            walk(elem, 0, None)
    return out
