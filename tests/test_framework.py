"""The judgement framework (``templates/judgement.toml``) is validated once: a key missing
or of the wrong kind is refused naming the key and the file, and the error's ``field``
holds the key's dotted path."""

import json
import sys
from importlib import resources

import pytest

from spp_xl.core.errors import RegisterError
from spp_xl.core.framework import RAG_KEYS, RAGS, TRENDS, framework, framework_from_toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SHIPPED = resources.files("spp_xl.templates").joinpath("judgement.toml").read_text(encoding="utf-8")


def toml_text(doc: dict) -> str:
    """Writes the framework's shape back as TOML: scalars, then one table per section."""
    scalars = [f"{k} = {json.dumps(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    tables = []

    def emit(prefix, table):
        tables.append(f"[{prefix}]")
        tables.extend(f"{k} = {json.dumps(v)}" for k, v in table.items() if not isinstance(v, dict))
        for k, v in table.items():
            if isinstance(v, dict):
                emit(f"{prefix}.{k}", v)

    for k, v in doc.items():
        if isinstance(v, dict):
            emit(k, v)
    return "\n".join(scalars + tables) + "\n"


def without(path: str) -> str:
    doc = tomllib.loads(SHIPPED)
    *parents, key = path.split(".")
    table = doc
    for part in parents:
        table = table[part]
    del table[key]
    return toml_text(doc)


REQUIRED = (["stable_band", "outlier_ratio", "outlier_noise", "lag_drop", "transposed_off", "transposed_fit",
             "rate_fall", "level_ratio", "flat_run", "developing"]
            + [f"rag.{rag}.{key}" for rag in RAGS for key in RAG_KEYS]
            + [f"trend.{trend}" for trend in TRENDS])


def test_the_rewriting_keeps_the_shipped_framework():
    assert framework_from_toml(toml_text(tomllib.loads(SHIPPED)), "judgement.toml") == framework()


@pytest.mark.parametrize("path", REQUIRED)
def test_a_missing_key_names_the_key_and_the_file(path):
    with pytest.raises(RegisterError) as err:
        framework_from_toml(without(path), "my/judgement.toml")
    key = path.rsplit(".", 1)[-1]
    assert err.value.field == path
    assert str(err.value).startswith("my/judgement.toml: ")
    assert f"'{key}' is required" in str(err.value)
    if "." in path:
        assert f"[{path.rsplit('.', 1)[0]}]" in str(err.value)


@pytest.mark.parametrize("path,field", [
    ("rag.amber", "rag.amber"),
    ("rag", "rag"),
    ("trend", "trend"),
])
def test_a_missing_table_names_the_table(path, field):
    with pytest.raises(RegisterError, match=r"my/judgement.toml: \[" + field + r"\] is missing") as err:
        framework_from_toml(without(path), "my/judgement.toml")
    assert err.value.field == field


@pytest.mark.parametrize("old,new,message", [
    ("flat_run = 3", "flat_run = 2.5", "field 'flat_run' must be a whole number, not 2.5"),
    ("flat_run = 3", 'flat_run = "3"', "field 'flat_run' must be a whole number, not '3'"),
    ("stable_band = 0.02", 'stable_band = "2%"', "field 'stable_band' must be a number, not '2%'"),
    ("stable_band = 0.02", "stable_band = true", "field 'stable_band' must be a number, not True"),
    ('label = "Green"', "label = 1", "[rag.green] field 'label' must be text, not 1"),
    ('label = "Green"', 'label = " "', "[rag.green] field 'label' is empty"),
    ("[trend]", "[trend]\n[[", "is not valid TOML"),
])
def test_a_key_of_the_wrong_kind_is_refused(old, new, message):
    assert old in SHIPPED
    with pytest.raises(RegisterError) as err:
        framework_from_toml(SHIPPED.replace(old, new, 1), "judgement.toml")
    assert str(err.value).startswith("judgement.toml: ") and message in str(err.value)


def test_a_whole_float_is_a_whole_number():
    assert framework_from_toml(SHIPPED.replace("flat_run = 3", "flat_run = 3.0"), "j.toml").flat_run == 3
