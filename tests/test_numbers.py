"""The one number formatter: every way the project writes a figure for people."""

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spp_xl.core import numbers
from spp_xl.core.dataset import number_from_text
from spp_xl.core.numbers import format_number


@pytest.mark.parametrize("value,kwargs,expected", [
    # the report's figures, as the seed prints them
    (10064, {}, "10,064"),
    (10064.0, {}, "10,064"),
    (2527, {}, "2,527"),
    (19.32, {"precision": 2}, "19.32"),
    (77.3, {"precision": 2}, "77.3"),
    (18.0, {"precision": 2}, "18"),
    (6.44, {"precision": 2}, "6.44"),
    (6.40, {"precision": 2}, "6.4"),
    (1234567.891, {"precision": 2}, "1,234,567.89"),
    # rounding to the measure's precision
    (9374.6, {}, "9,375"),
    # Halves go up, as Excel's ROUND and its number formats do (Excel's ROUND(0.125,2) is 0.13 and
    # ROUND(2.675,2) 2.68, Microsoft's ROUND documentation; test_rounding_is_libreoffices holds
    # LibreOffice, which rounds as Excel, to the same), not to even as Python's round() does.
    (0.125, {"precision": 2}, "0.13"),
    (2.675, {"precision": 2}, "2.68"),  # 2.67499999... in binary, 2.675 as Excel holds it (15 digits)
    (3.125, {"precision": 2}, "3.13"),
    (-2.5, {}, "-3"),
    (10063.5, {}, "10,064"),
    (99.996, {"precision": 2}, "100"),
    # changes on last year
    (13, {"signed": True}, "+13"),
    (-186, {"signed": True}, "-186"),
    (-1304.5, {"precision": 1, "signed": True}, "-1,304.5"),
    (0, {"signed": True}, "0"),
    # nothing rounds to a negative nought, nor to a signed one
    (-0.3, {}, "0"),
    (-0.004, {"precision": 2}, "0"),
    (0.3, {"signed": True}, "0"),
    (-0.0, {}, "0"),
    # a measure's wording written without commas ("more than 6587")
    (6587, {"grouped": False}, "6587"),
    (9800.0, {"grouped": False}, "9800"),
    (12345.5, {"precision": 1, "grouped": False}, "12345.5"),
    # every place the value has (a CSV, where the figure must read back the same)
    (1612, {"precision": None, "grouped": False}, "1612"),
    (9.5, {"precision": None, "grouped": False}, "9.5"),
    (0.1 + 0.2, {"precision": None, "grouped": False}, "0.30000000000000004"),
    (1e-05, {"precision": None, "grouped": False}, "0.00001"),
    (1e20, {"precision": None, "grouped": False}, "100000000000000000000"),
    (-42.25, {"precision": None}, "-42.25"),
    (1234567.0, {"precision": None}, "1,234,567"),
])
def test_format_number(value, kwargs, expected):
    assert format_number(value, **kwargs) == expected


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_every_place_reads_back_as_the_same_figure(value):
    # The tidy CSV writes figures this way; the CSV reader must get the same float back.
    text = format_number(value, None, grouped=False)
    assert number_from_text(text) == (0.0 if value == 0 else value)
    assert "e" not in text.lower()


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
       st.integers(min_value=0, max_value=6))
def test_a_rounded_figure_is_within_half_a_step_and_has_no_trailing_zero(value, precision):
    text = format_number(value, precision)
    assert abs(number_from_text(text) - value) <= 0.5 * 10 ** -precision + 1e-9 * max(1, abs(value))
    if "." in text:
        assert not text.endswith(("0", "."))
        assert len(text.split(".")[1]) <= precision
    assert text != "-0"


def test_the_examples_in_the_docstring_run():
    failures, tried = doctest.testmod(numbers)
    assert tried >= 3 and failures == 0
