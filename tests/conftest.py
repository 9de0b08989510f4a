"""Shared fixtures: the bundled register and data, the seed's judged summary, and the tools some
tests need (LibreOffice, poppler, LibreOffice's Python bridge, node with Pyodide).

A test needing a tool that is not installed is skipped, saying which and how to install it, so
that ``pytest`` runs everything else on any machine. ``make test`` and CI install every tool and
set ``SPP_XL_NO_SKIP=1``: there a missing tool fails the test instead, so nothing is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from spp_xl import load_register, read_csv, summarise

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NO_SKIP = "SPP_XL_NO_SKIP"  # set by `make test`: a missing tool fails, never skips
UNO_PYTHON = "/usr/bin/python3"  # Debian's, with LibreOffice's uno module (python3-uno)


def need(present: bool, reason: str) -> None:
    """Skip the test (saying ``reason``) when what it needs is missing; fail under SPP_XL_NO_SKIP."""
    if present:
        return
    if os.environ.get(NO_SKIP):
        pytest.fail(f"{reason} ({NO_SKIP} is set: make test installs every tool the tests use)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def needs_libreoffice():
    """LibreOffice, which opens, recalculates and renders what spp_xl writes."""
    from spp_xl.files.libreoffice import soffice

    need(soffice() is not None, "LibreOffice is not installed: make system-packages installs it")


@pytest.fixture(scope="session")
def needs_rendering(needs_libreoffice):
    """LibreOffice, poppler's pdftoppm and the Carlito font: pages laid out as Excel lays them."""
    need(shutil.which("pdftoppm") is not None, "poppler-utils (pdftoppm) is not installed: make system-packages "
         "installs it")
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    need("carlito" in fonts.lower(), "the Carlito font is not installed: make system-packages installs it")


@pytest.fixture(scope="session")
def needs_uno(needs_libreoffice):
    """LibreOffice's Python bridge, with which tests edit workbooks as staff would."""
    found = Path(UNO_PYTHON).exists() and subprocess.run([UNO_PYTHON, "-c", "import uno"],
                                                         capture_output=True).returncode == 0
    need(found, "LibreOffice's Python bridge (python3-uno) is not installed: make system-packages installs it")


@pytest.fixture(scope="session")
def needs_pyodide():
    """node, and the Pyodide runtime and wheels lite-check runs offline."""
    need(shutil.which("node") is not None, "node is not installed: make system-packages installs it")
    lite = ROOT / ".lite"
    need((lite / "node" / "node_modules" / "pyodide" / "pyodide.mjs").exists() and (lite / "wheels").is_dir(),
         "the Pyodide runtime and wheels are not in .lite/: make lite-deps fetches them")


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
