"""Shared fixtures: the bundled register and data, and the seed's judged summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from spp_xl import load_register, read_csv, summarise

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def failure_log(tmp_path_factory):
    """Failures the tests provoke are logged here, never in the profile of whoever runs them."""
    import os

    from spp_xl.files.failures import LOG_ENV

    path = tmp_path_factory.mktemp("log") / "spp_xl.log"
    saved = os.environ.get(LOG_ENV)
    os.environ[LOG_ENV] = str(path)
    yield path
    if saved is None:
        os.environ.pop(LOG_ENV, None)
    else:
        os.environ[LOG_ENV] = saved


@pytest.fixture(scope="session")
def register():
    return load_register()


@pytest.fixture(scope="session")
def dataset():
    return read_csv()


@pytest.fixture(scope="session")
def summary(register, dataset):
    return summarise(register, dataset)


@pytest.fixture(scope="session")
def bundled():
    """The bundled inputs (register, figures, recommendations), as `load_inputs()` gives them."""
    from spp_xl.sources import load_inputs

    return load_inputs()


@pytest.fixture(scope="session")
def project(bundled):
    """The bundled workbook's VBA project (vbaProject.bin bytes), built once for the session."""
    from spp_xl.excel.vba_project import workbook_project
    from spp_xl.workbook.build import workbook_specs
    from spp_xl.workbook.layout import code_names

    return workbook_project(code_names(len(workbook_specs(bundled))))
