"""The measure register: validated once, errors naming the entry and the field."""

import pytest

from spp_xl import load_register
from spp_xl.core.errors import RegisterError

BASE = """year = "2015/16"
[[measure]]
id = "asb"
title = "ASB"
direction = "reduce"
frequency = "monthly"
annual_target = 10064
"""


def load(tmp_path, text):
    path = tmp_path / "measures.toml"
    path.write_text(text)
    return load_register(path)


def test_a_minimal_entry_gets_the_defaults(tmp_path):
    m = load(tmp_path, BASE).get("asb")
    assert (m.entry, m.unit, m.precision, m.profile, m.tolerance, m.rule) == (
        "period", "count", 0, "straight", 0.15, "forecast")


@pytest.mark.parametrize("change,message", [
    (("annual_target = 10064", ""), "measure 'asb': field 'annual_target': is required for a measure to reduce"),
    (('direction = "reduce"', 'direction = "down"'), "field 'direction': 'down' is not one of increase, reduce, monitor"),
    (('frequency = "monthly"', 'frequency = "weekly"'), "field 'frequency': 'weekly' is not one of monthly, quarterly"),
    (("annual_target = 10064", "annual_target = 10064\ncustom_profile = [1, 2, 3]"),
     "field 'custom_profile': has 3 values; a monthly measure needs 12"),
    (("annual_target = 10064", "annual_target = 10064\ncustom_profile = [5,4,6,7,8,9,10,11,12,13,14,10064]"),
     "field 'custom_profile': falls"),
    (("annual_target = 10064", "annual_target = 10064\ncustom_profile = [1,2,3,4,5,6,7,8,9,10,11,12]"),
     "ends at 12, not at the annual target 10064"),
    (("annual_target = 10064", "annual_target = 0"), "field 'annual_target': 0 must be above zero"),
    (("annual_target = 10064", 'annual_target = "lots"'), "field 'annual_target': 'lots' is not a number"),
    (("annual_target = 10064", "annual_target = 10064\ntolerance = 2"), "field 'tolerance': 2 is above 1"),
    (("annual_target = 10064", "annual_target = 10064\ncolour = 1"), "unknown field(s) 'colour'"),
    (('id = "asb"', 'id = "9asb"'), "field 'id': '9asb' must be letters"),
    (('year = "2015/16"', 'year = "2015-2016"'), "field 'year': year '2015-2016' is not of the form 2015/16"),
])
def test_bad_entries_are_refused_naming_entry_and_field(tmp_path, change, message):
    with pytest.raises(RegisterError) as err:
        load(tmp_path, BASE.replace(*change))
    assert message in str(err.value)


@pytest.mark.parametrize("change,field", [
    (("annual_target = 10064", ""), "annual_target"),
    (('direction = "reduce"', 'direction = "down"'), "direction"),
    (('title = "ASB"', ""), "title"),
    (("annual_target = 10064", 'annual_target = "lots"'), "annual_target"),
    (("annual_target = 10064", "annual_target = 10064\ntolerance = 2"), "tolerance"),
    (("annual_target = 10064", "annual_target = 10064\nprecision = 1.5"), "precision"),
    (("annual_target = 10064", "annual_target = 10064\ncustom_profile = [1, 2, 3]"), "custom_profile"),
    (('id = "asb"', 'id = "9asb"'), "id"),
    (('year = "2015/16"', 'year = "2015-2016"'), "year"),
    (('year = "2015/16"', ""), "year"),
    (("", BASE.split("\n", 1)[1]), "id"),  # the same id twice
    (("annual_target = 10064", "annual_target = 10064\ncolour = 1"), None),  # not a field at all
    (("annual_target = 10064", "annual_target = 10064\n[[measure"), None),  # not TOML
])
def test_a_register_error_names_its_field(tmp_path, change, field):
    # RegisterError.field: what a reader uses to point at the field's cell
    old, new = change
    with pytest.raises(RegisterError) as err:
        load(tmp_path, BASE.replace(old, new) if old else BASE + new)
    assert err.value.field == field
    if field is not None:
        assert f"field '{field}'" in err.value.message


def test_duplicate_ids_are_refused(tmp_path):
    with pytest.raises(RegisterError, match="'asb' is used twice"):
        load(tmp_path, BASE + BASE.split("\n", 1)[1])


def test_a_developing_measure_needs_no_target(tmp_path):
    text = BASE.replace("annual_target = 10064", 'status = "developing"')
    assert load(tmp_path, text).get("asb").is_developing


def test_broken_toml_is_refused_with_the_file_name(tmp_path):
    with pytest.raises(RegisterError, match=r"measures.toml: line \d+, column \d+: is not valid TOML: expected"):
        load(tmp_path, BASE + "[[measure\n")


def test_the_bundled_register_is_2015_16(register):
    assert register.year.label == "2015/16"
    assert register.get("da_referrals").frequency == "quarterly"
    assert register.get("crime_gap").precision == 2
