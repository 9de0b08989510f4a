"""pikepdf: the PDF LibreOffice printed, tagged for a screen reader from a ``tags.Document``.

The only module that imports pikepdf. LibreOffice's tagged export of a spreadsheet marks
each chart as a Figure (with no /Alt), some wrapped cells as paragraphs and the rest of the
text not at all. This adapter keeps what LibreOffice drew and rebuilds the marks and the
structure tree from what the report says each printed row holds:

1. every text object is decoded (the fonts' ToUnicode maps) and placed (its baseline);
2. a page's text objects, top to bottom and left to right, are matched to the rows printed
   on it, cell by cell, by their text (a number by its value, to the places shown); a
   mismatch stops here, naming what was drawn and what was expected;
3. each matched text object becomes marked content of its cell's element, each chart of its
   Figure; the footer, the header rows reprinted atop later pages, rules and fills become
   artifacts;
4. the structure tree (headings, paragraphs, lists, tables, figures with /Alt, in reading
   order), the parent tree, the language, the title and the bookmarks are written anew.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, String

from ._pikepdf_content import Page, Unit, chart_marks, read_page
from .tags import Document, Node, PrintedSheet, Row, Shown, TaggingError

_PATH_START = {"m", "re"}
_PATH_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}
_SPACE = re.compile(r"\s+")
# What a cell's text holds that no glyph draws: spaces, and control characters that came with an
# input (a vertical tab, Word's line break pasted into a title; an escape), which LibreOffice skips.
_UNDRAWN = re.compile(r"[\s\x00-\x1f\x7f]+")


def _compared(text: str) -> str:
    """Text as a cell's and a drawn text's are compared: in Unicode's compatibility form (NFKC),
    what is drawn the same, and without the format characters (category Cf), which draw nothing.
    A ligature pasted from another PDF ("ﬁ", U+FB01) is drawn, and given back by the font's
    ToUnicode map, as "fi"; a no-break space as a space; Word's soft hyphen (U+00AD), a
    zero-width space (U+200B) or a byte-order mark (U+FEFF) not at all."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")


# ------------------------------------------------------------------ matching text to cells


def _parse_number(text: str) -> float | None:
    cleaned = text.replace(",", "").replace("%", "").replace("\u2212", "-").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


class _Want:
    """A cell still to be found: the rest of its text, or its number."""

    def __init__(self, shown: Shown):
        self.shown = shown
        self.rest = _UNDRAWN.sub("", _compared(shown.text))
        self.found = False
        self.units: list[Unit] = []

    @property
    def done(self) -> bool:
        return self.found if self.shown.number is not None else not self.rest

    def fits(self, text: str) -> float:
        """How well ``text`` (spaces removed) fits what is left: 4 the whole, 3 its start, 2 the
        number shown, 1.5 a run within, 1 its characters in another order (a glyph LibreOffice
        drew after the text in a fallback font, the arrow of "▼ 8% down"), 0 not at all."""
        if self.done or not text:
            return 0
        if self.shown.number is not None:
            value = _parse_number(text)
            shown = self.shown.number * (100 if self.shown.percent else 1)
            return 2 if value is not None and abs(value - shown) <= 0.5 * 10 ** -self.shown.places + 1e-9 else 0
        if text == self.rest:
            return 4
        if self.rest.startswith(text):
            return 3
        if text in self.rest:
            return 1.5
        return 1 if not Counter(text) - Counter(self.rest) else 0

    def take(self, unit: Unit, text: str) -> None:
        self.units.append(unit)
        if self.shown.number is not None:
            self.found = True
        elif text in self.rest:
            self.rest = self.rest.replace(text, "", 1)
        else:
            for char in text:
                self.rest = self.rest.replace(char, "", 1)


def _describe(shown: Shown) -> str:
    return repr(shown.text) if shown.number is None else f"the number {shown.number:g}"


def _match(units: list[Unit], rows: list[tuple[Row, bool]], where: str) -> dict[int, Shown | None]:
    """Each text object's cell (None: an artifact, the repeated header's), top to bottom."""
    order = sorted((u for u in units if _SPACE.sub("", _compared(u.text))), key=lambda u: (-round(u.y, 1), u.x))
    found: dict[int, Shown | None] = {}
    at = 0
    for row, artifact in rows:
        wants = [_Want(shown) for shown in row.cells]
        while not all(w.done for w in wants):
            if at == len(order):
                missing = next(w for w in wants if not w.done)
                raise TaggingError(f"{_describe(missing.shown)} is not in the PDF where the report printed it", where)
            unit = order[at]
            at += 1
            text = _SPACE.sub("", _compared(unit.text))
            best = max(wants, key=lambda w: w.fits(text))
            if not best.fits(text):
                missing = ", ".join(_describe(w.shown) for w in wants if not w.done)
                raise TaggingError(f"the PDF shows {unit.text.strip()!r} on a row where the report printed "
                                   f"{missing}", where)
            best.take(unit, text)
            found[unit.start] = None if artifact else best.shown
    if at < len(order):
        raise TaggingError(f"the PDF shows {order[at].text.strip()!r}, which the report did not print", where)
    return found


def _rows_by_page(sheet: PrintedSheet) -> list[list[tuple[Row, bool]]]:
    starts = [0, *sheet.breaks]
    pages = []
    for k in range(sheet.pages):
        first, last = starts[k], starts[k + 1] if k + 1 < len(starts) else float("inf")
        repeated = ([(r, True) for r in sheet.rows if sheet.repeat[0] <= r.index <= sheet.repeat[1]]
                    if k and sheet.repeat else [])
        pages.append(repeated + [(r, False) for r in sheet.rows if first <= r.index < last])
    return pages


def _figures_by_page(sheet: PrintedSheet) -> list[list[Node]]:
    starts = [0, *sheet.breaks]
    pages: list[list[Node]] = [[] for _ in range(sheet.pages)]
    for node, row in sheet.figures:
        pages[max(k for k, s in enumerate(starts[:sheet.pages]) if s <= row)].append(node)
    return pages


# ------------------------------------------------------------------ marking the content


def _mark(page: Page, cells: dict[int, Shown | None], figures: list[Node], footer_below: float,
          content: dict) -> list:
    """The page's operators with every text object, chart, rule and fill marked: a cell's text
    as its element's content (``content``: element -> [MCID...]), the rest as artifacts."""
    opens: dict[int, list] = {}
    closes: dict[int, int] = {}
    mcids: list[Node] = []

    def marked(node: Node):
        content.setdefault(id(node), (node, []))[1].append(len(mcids))
        props = Dictionary(MCID=len(mcids))
        mcids.append(node)
        return [Name("/" + node.role), props]

    for chart, start, end in page.figures:
        opens[start], closes[end] = [*marked(figures[chart]), Operator("BDC")], 1
    for unit in page.units:
        shown = cells.get(unit.start, "none")
        if unit.y < footer_below:
            opens[unit.start] = [Name.Artifact, Dictionary(Type=Name.Pagination, Subtype=Name.Footer), Operator("BDC")]
        elif isinstance(shown, Shown):
            opens[unit.start] = [*marked(shown.node), Operator("BDC")]
        else:  # a header printed again atop a later page, or an empty text object
            opens[unit.start] = [Name.Artifact, Dictionary(Type=Name.Pagination), Operator("BDC")]
        closes[unit.end] = 1
    in_chart = bytearray(len(page.ops))  # 1 for each operator a chart's marks cover
    for _, start, end in page.figures:
        in_chart[start:end + 1] = b"\x01" * (end + 1 - start)
    out, path_open, in_text = [], False, False
    for i, (operands, op) in enumerate(page.ops):
        name = str(op)
        if i in opens:
            *args, operator = opens[i]
            out.append((args, operator))
        if name in ("BDC", "BMC", "EMC"):
            pass  # LibreOffice's own marks: replaced by ours
        elif in_text or in_chart[i]:
            out.append((operands, op))
        elif name in ("sh", "Do", "INLINE IMAGE") and not path_open:
            out += [([Name.Artifact], Operator("BMC")), (operands, op), ([], Operator("EMC"))]
        else:
            if name in _PATH_START and not path_open:
                out.append(([Name.Artifact], Operator("BMC")))
                path_open = True
            out.append((operands, op))
            if path_open and name in _PATH_PAINT:
                out.append(([], Operator("EMC")))
                path_open = False
        in_text = (in_text or name == "BT") and name != "ET"
        if i in closes:
            out.append(([], Operator("EMC")))
    if path_open:
        out.append(([], Operator("EMC")))
    return out, mcids


# ------------------------------------------------------------------ the structure tree


def _elements(pdf, node: Node, parent, content: dict, pages: list, elems: dict, actual: dict):
    elem = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent))
    elems[id(node)] = elem
    kids = Array()
    if node.alt:
        elem.Alt = String(node.alt)
    if id(node) in actual:  # drawn in another order (an arrow in a fallback font, after the words)
        elem.ActualText = String(actual[id(node)])
    if node.title:
        elem.T = String(node.title)
    if node.scope:
        elem.A = Dictionary(O=Name.Table, Scope=Name("/" + node.scope))
    for kid in node.kids:
        kids.append(_elements(pdf, kid, elem, content, pages, elems, actual))
    refs = content.get(id(node), (node, []))[1]
    if len({p for p, _ in refs}) == 1:  # content on one page: the element names it, its kids are MCIDs
        elem.Pg = pages[refs[0][0]].obj
        kids.extend(mcid for _, mcid in refs)
    else:
        kids.extend(Dictionary(Type=Name.MCR, Pg=pages[p].obj, MCID=mcid) for p, mcid in refs)
    if len(kids):
        elem.K = kids[0] if len(kids) == 1 else kids  # one kid stands alone, as ISO 32000-1 allows
    return elem


def _heading_text(node: Node, texts: dict) -> str:
    return " ".join(texts.get(id(node), [])).strip()


def tag(source: str | Path, target: str | Path, doc: Document) -> None:
    """Writes ``source`` (LibreOffice's tagged PDF of the report) to ``target``, tagged from ``doc``.

    Raises:
        TaggingError: the PDF cannot be read (LibreOffice stopped part-way: a full disk), or its
            pages, text or charts are not what ``doc`` says was printed; it names the page.
    """
    try:
        with pikepdf.open(source) as pdf:
            _tag(pdf, target, doc)
    except pikepdf.PdfError:
        raise TaggingError("it cannot be read: damaged or incomplete, a full disk?") from None


def _tag(pdf, target: str | Path, doc: Document) -> None:
    pages = list(pdf.pages)
    if sum(s.pages for s in doc.sheets) != len(pages):
        raise TaggingError(f"the PDF has {len(pages)} pages where the report printed "
                           f"{sum(s.pages for s in doc.sheets)}")
    charts = chart_marks(pdf)
    content: dict = {}  # id(node) -> (node, [(page index, mcid)])
    texts: dict = {}    # id(node) -> the text drawn for it, in the order drawn
    said: dict = {}     # id(node) -> the text the report printed there
    parents = Array()
    n = 0
    for sheet in doc.sheets:
        for rows, figures in zip(_rows_by_page(sheet), _figures_by_page(sheet)):
            where = f"page {n + 1} ({sheet.name})"
            page = read_page(pages[n], charts.get(pages[n].objgen, []))
            if page.charts != len(figures):
                raise TaggingError(f"LibreOffice marked {page.charts} chart(s) as figures where the "
                                   f"report has {len(figures)}: tagged PDFs need LibreOffice 7.4 or later", where)
            cells = _match([u for u in page.units if u.y >= doc.footer_below], rows, where)
            for unit in page.units:
                shown = cells.get(unit.start)
                if isinstance(shown, Shown):
                    texts.setdefault(id(shown.node), []).append(unit.text)
                    if shown.number is None:
                        said[id(shown.node)] = shown.text
            marks: dict = {}
            ops, mcids = _mark(page, cells, figures, doc.footer_below, marks)
            for node, ids in marks.values():
                content.setdefault(id(node), (node, []))[1].extend((n, i) for i in ids)
            pages[n].Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
            pages[n].StructParents = n
            parents.extend([n, Array()])  # filled once the elements exist
            n += 1
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    elems: dict = {}
    actual = {key: text for key, text in said.items()
              if _UNDRAWN.sub("", "".join(texts[key])) != _UNDRAWN.sub("", text)}
    root.K = _elements(pdf, doc.root, root, content, pages, elems, actual)
    for key in range(n):
        parents[2 * key + 1] = Array([elems[id(node)] for node, mcid_page in _by_mcid(content, key)])
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=parents))
    root.ParentTreeNextKey = n
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String(doc.language)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.docinfo[Name.Title] = String(doc.title)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = doc.title
    _bookmarks(pdf, doc.root, content, texts)
    pdf.Root.PageMode = Name.UseOutlines  # opened with the bookmarks shown (WCAG technique PDF2)
    pdf.save(target)


def _by_mcid(content: dict, page_index: int) -> list:
    """The elements of a page's marked content, in the order of their MCIDs (the parent tree's array)."""
    owned = sorted((mcid, node) for node, refs in content.values() for p, mcid in refs if p == page_index)
    assert [mcid for mcid, _ in owned] == list(range(len(owned)))
    return [(node, mcid) for mcid, node in owned]


def _bookmarks(pdf, root: Node, content: dict, texts: dict) -> None:
    """A bookmark for each heading (H1, H2), with the exception items' titles (H3) under theirs."""
    def page_of(node):
        refs = content.get(id(node), (node, []))[1]
        return refs[0][0] if refs else None
    with pdf.open_outline() as outline:
        outline.root.clear()
        last = None
        for node in root.walk():
            if node.role not in ("H1", "H2", "H3") or page_of(node) is None:
                continue
            item = pikepdf.OutlineItem(_heading_text(node, texts), page_of(node))
            if node.role == "H3" and last is not None:
                last.children.append(item)
            else:
                outline.root.append(item)
                last = item if node.role == "H2" else None
