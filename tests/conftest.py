"""Shared fixtures: the bundled register and data, and the seed's judged summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from spp_xl import load_register, read_csv, summarise

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def register():
    return load_register()


@pytest.fixture(scope="session")
def dataset():
    return read_csv()


@pytest.fixture(scope="session")
def summary(register, dataset):
    return summarise(register, dataset)
