"""Staff's commentary becomes sentences in one place (``inputs.staff_sentences``), whatever
it was read from: a workbook cell of lines, or a list given to ``Inputs``."""

import dataclasses
import doctest

import pytest
from workbook_copies import edited_copy

from spp_xl.core import inputs as inputs_module
from spp_xl.core.inputs import staff_sentences
from spp_xl.report.build import staff_commentary
from spp_xl.workbook import layout as L
from spp_xl.workbook import schema as S
from spp_xl.workbook.reader import read_workbook


@pytest.mark.parametrize("typed,sentences", [
    ("One point.", ("One point.",)),
    ("\u2022 First point.\n\nSecond point.  ", ("First point.", "Second point.")),
    ("- a dash bullet\n* a star bullet\n\u2013 an en dash bullet", ("a dash bullet", "a star bullet",
                                                                     "an en dash bullet")),
    ("\u2022No space after the dot\n\u00b7 a middle dot", ("No space after the dot", "a middle dot")),
    # a minus sign is not a bullet: the figure keeps its sign
    ("-5% on last year\n-186 incidents", ("-5% on last year", "-186 incidents")),
    ("**Bold** stays as typed", ("**Bold** stays as typed",)),
    ("line one\r\nline two", ("line one", "line two")),
    ("  \n \n", ()),
    ("", ()),
    (None, ()),
    (["=SPP_RAG(1,2)", "  ", "- plain", None], ("=SPP_RAG(1,2)", "plain")),
    (("a\nb", "c"), ("a", "b", "c")),
])
def test_staff_sentences(typed, sentences):
    assert staff_sentences(typed) == sentences


def test_inputs_hold_sentences_whatever_they_were_given(bundled):
    given = dataclasses.replace(bundled, commentary={"asb": "\u2022 First.\n- Second.", "dv_reporting": ["Only."],
                                                     "sac": "  \n", "crime_gap": ("Kept.",)})
    assert given.commentary == {"asb": ("First.", "Second."), "dv_reporting": ("Only.",), "crime_gap": ("Kept.",)}
    assert staff_commentary(given, "asb") == ("First.", "Second.")
    assert staff_commentary(given, "sac") == ()


def test_the_workbook_reader_gives_the_same_sentences(tmp_path):
    typed = "\u2022 Levels fell in June.\n\n- A second point.\n-5% on last year\n   "

    def write(book):
        sheet = book[L.EXCEPTIONS]
        row = next(c.row for c in sheet["A"] if c.value == L.MEASURE_ROW_PREFIX + "asb")
        col = next(c.column for c in sheet[S.EXCEPTIONS.header_row + 1] if c.value == S.EXCEPTIONS.heading("staff"))
        sheet.cell(row, col).value = typed

    read = read_workbook(edited_copy(tmp_path / "commentary.xlsm", write))
    assert read.commentary == {"asb": staff_sentences(typed)}
    assert read.commentary["asb"] == ("Levels fell in June.", "A second point.", "-5% on last year")


def test_the_example_in_the_docstring_runs():
    failures, tried = doctest.testmod(inputs_module)
    assert tried >= 1 and failures == 0
