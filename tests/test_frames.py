"""The public DataFrames (``spp_xl.figures_frame``, ``spp_xl.summary_frame``): the same
figures and judgements as the readers and the engine, pandas loaded only when asked for."""

from __future__ import annotations

import doctest
import math
import subprocess
import sys
from pathlib import Path

import pytest
from workbook_copies import edited_copy

import spp_xl
from spp_xl import frames
from spp_xl.core.engine import summarise
from spp_xl.core.errors import DataQualityError
from spp_xl.sources import load_inputs
from spp_xl.workbook import layout as L
from spp_xl.workbook import measure_schema as M
from places import ROWS

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = ROOT / "workbook" / "SPP_Performance.xlsm"


def same(a, b) -> bool:
    """Equal, with NaN in a frame standing for None."""
    if b is None:
        return a is None or (isinstance(a, float) and math.isnan(a))
    return a == b


def test_the_examples_in_the_docstrings_run():
    failures, tried = doctest.testmod(frames)
    assert tried >= 6 and failures == 0


@pytest.mark.parametrize("source", [None, WORKBOOK, ROOT / "tests" / "fixtures" / "seed_as_published.csv"])
def test_the_figures_are_the_readers_observations(source):
    frame = spp_xl.figures_frame(source)
    observations = load_inputs(source).dataset.observations
    assert list(frame.columns) == list(frames.FIGURE_COLUMNS)
    assert len(frame) == len(observations) > 100
    for row, obs in zip(frame.itertuples(index=False), observations):
        assert (row.measure, row.year, row.period, row.raw, row.where) == (
            obs.measure, obs.year.label, obs.period, obs.raw, obs.where)
        assert same(row.value, obs.value)


def test_a_figure_that_is_no_number_is_nan_and_keeps_what_was_typed(tmp_path):
    may = (ROWS["this_year"], M.FIRST_PERIOD_COL + 1)

    def typo(book):
        book["asb"].cell(may[0] + 1, may[1] + 1).value = "n/a"

    path = edited_copy(tmp_path / "typo.xlsm", typo)
    frame = spp_xl.figures_frame(path)
    row = frame[(frame.measure == "asb") & (frame.year == "2015/16") & (frame.period == "May")].iloc[0]
    assert math.isnan(row["value"]) and row["raw"] == "n/a"
    assert row["where"].endswith(f"sheet 'asb', cell {L.cell(*may)}")
    assert str(frame.value.dtype) == "float64"
    with pytest.raises(DataQualityError, match=f"cell {L.cell(*may)}"):
        spp_xl.summary_frame(path)


@pytest.mark.parametrize("source,as_of", [(None, None), (WORKBOOK, None), (None, "2015/16 May")])
def test_the_summary_is_the_engines(source, as_of):
    frame = spp_xl.summary_frame(source, as_of)
    inputs = load_inputs(source)
    summary = summarise(inputs.register, inputs.dataset, as_of)
    assert frame.attrs["as_of"] == summary.as_of.label
    assert list(frame.index) == [m.id for m in inputs.register]
    for result in summary.results:
        expected = result.to_json()
        row = frame.loc[expected.pop("id")]
        assert row["commentary"] == tuple(expected.pop("commentary"))
        assert set(expected) == set(frame.columns) - {"commentary"}
        for column, value in expected.items():
            assert same(row[column], value), (result.measure.id, column)


def test_the_seed_judgements_in_the_frame():
    rag = spp_xl.summary_frame()["rag"]
    assert (rag["asb"], rag["da_referrals"], rag["sac"]) == ("green", "red", "monitor")  # as the seed judged


def test_importing_spp_xl_loads_no_pandas_until_a_frame_is_asked_for():
    code = ("import sys, spp_xl\nbefore = 'pandas' in sys.modules\nspp_xl.figures_frame()\n"
            "print(before, 'pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


def test_without_pandas_the_message_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if not installed
    for make in (spp_xl.figures_frame, spp_xl.summary_frame):
        with pytest.raises(ImportError, match=r'pip install "spp_xl\[frames\]"'):
            make()
