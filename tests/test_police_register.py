"""The register's crime_types field: which police.uk crime types make a computed measure."""

from __future__ import annotations

import pytest

from spp_xl import load_register
from spp_xl.core.errors import RegisterError
from spp_xl.core.register import CrimeTypes

BASE = """year = "2015/16"
[[measure]]
id = "sac"
title = "SAC"
direction = "monitor"
frequency = "monthly"
"""


def load(tmp_path, extra):
    path = tmp_path / "measures.toml"
    path.write_text(BASE + extra)
    return load_register(path).get("sac")


@pytest.mark.parametrize("written,stored", [
    ('crime_types = ["Burglary", "Robbery", "Vehicle crime"]', "Burglary; Robbery; Vehicle crime"),
    ('crime_types = " Burglary ;Robbery;; "', "Burglary; Robbery"),
    ('crime_types = "all except Anti-social behaviour"', "all except Anti-social behaviour"),
    ('crime_types = "ALL EXCEPT Anti-social behaviour; Drugs"', "all except Anti-social behaviour; Drugs"),
    ('crime_types = "all"', "all"),
])
def test_one_written_form(tmp_path, written, stored):
    assert load(tmp_path, written).crime_types == stored


def test_what_a_rule_counts():
    all_but_asb = CrimeTypes.parse("all except Anti-social behaviour")
    assert all_but_asb.counts("Shoplifting") and not all_but_asb.counts("Anti-social behaviour")
    sac = CrimeTypes.parse("Burglary; Robbery; Vehicle crime")
    assert [sac.counts(t) for t in ("Burglary", "Robbery", "Vehicle crime", "Bicycle theft")] == [True] * 3 + [False]
    assert CrimeTypes.parse("all").counts("Anything at all")


def test_a_measure_without_it_is_typed(tmp_path):
    assert load(tmp_path, "").counted_crime_types is None


@pytest.mark.parametrize("extra,message", [
    ('crime_types = ";;"', "field 'crime_types': ';;' names no crime type"),
    ('crime_types = "Burglary; Burglary"', "field 'crime_types': lists 'Burglary' twice"),
    ("crime_types = [1, 2]", "field 'crime_types': [1, 2] is not a list of crime types"),
    ("crime_types = 3", "field 'crime_types': 3 is not a list of crime types"),
    ('crime_types = "Burglary"\nunit = "percent"', "make a count (unit count) or the crime gap (unit rate)"),
])
def test_bad_entries_are_refused_naming_the_field(tmp_path, extra, message):
    with pytest.raises(RegisterError, match="measure 'sac'") as error:
        load(tmp_path, extra)
    assert message in str(error.value)


def test_police_months_make_monthly_measures_only(tmp_path):
    path = tmp_path / "measures.toml"
    path.write_text(BASE.replace('"monthly"', '"quarterly"') + 'crime_types = "Burglary"\n')
    with pytest.raises(RegisterError, match="is for monthly measures .* this one is quarterly"):
        load_register(path)


def test_the_shipped_register_computes_three_measures():
    register = load_register()
    computed = {m.id: m.crime_types for m in register if m.counted_crime_types}
    assert computed == {"crime_gap": "all except Anti-social behaviour",
                        "all_crime": "all except Anti-social behaviour",
                        "sac": "Burglary; Robbery; Vehicle crime"}


def test_the_workbook_keeps_them_in_its_measures_table():
    from conftest import ROOT
    from spp_xl.sources import load_inputs

    book = load_inputs(ROOT / "workbook" / "SPP_Performance.xlsm").register
    assert [(m.id, m.crime_types) for m in book] == [(m.id, m.crime_types) for m in load_register()]
