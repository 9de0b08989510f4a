"""What the package says about itself, as pip and a user meet it: the Python it needs, what a
plain install pulls in, the extras, --version, ``python -m spp_xl``, its licence and types."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from importlib.metadata import metadata, requires
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from spp_xl import __version__
from spp_xl.cli import main

ROOT = Path(__file__).resolve().parent.parent
WINDOWS_64 = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64",
              "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def runtime_requirements(extra: str = "") -> dict[str, Requirement]:
    """The installed spp_xl's requirements that hold on 64-bit Windows for 3.11, with ``extra``."""
    found = {}
    for line in requires("spp_xl"):
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate({**WINDOWS_64, "python_version": "3.11", "extra": extra}):
            found[req.name.lower()] = req
    return found


def test_python_311_or_newer_as_xlwings_itself_needs():
    # xlwings 0.37.8's wheels say Requires-Python >=3.11: `pip install .` on 3.10 fails with
    # "No matching distribution found for xlwings==0.37.8" (Ubuntu 22.04's default Python).
    assert metadata("spp_xl")["Requires-Python"] == ">=3.11"
    classifiers = metadata("spp_xl").get_all("Classifier")
    assert {f"Programming Language :: Python :: 3.{minor}" for minor in (11, 12, 13)} <= set(classifiers)
    assert "Programming Language :: Python :: 3.10" not in classifiers
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Python 3.11+" in readme and "3.10" not in readme


def test_a_plain_install_pulls_no_pyarrow_and_the_police_extra_does():
    plain = runtime_requirements()
    assert "pyarrow" not in plain and "tomli" not in plain
    assert {"xlwings", "xlsxwriter", "openpyxl", "python-calamine", "pyopenvba"} <= set(plain)
    assert "pyarrow" in runtime_requirements("police")
    assert "pandas" in runtime_requirements("frames")


def test_police_without_pyarrow_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a))
    areas = tmp_path / "areas.csv"
    areas.write_text("lsoa_code,neighbourhood,population\nE01015000,City Centre,1500\n")
    out = tmp_path / "figures.csv"
    code = main(["police", str(tmp_path), "--areas", str(areas), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err.strip() == ("spp-xl: reading police.uk files needs pyarrow, which is not installed: run pip install "
                           "\"spp_xl[police]\" with a 64-bit Python (the workbook's buttons do not need it)")


def test_version_and_python_m_spp_xl(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0 and capsys.readouterr().out == f"spp-xl {__version__}\n"
    done = subprocess.run([sys.executable, "-m", "spp_xl", "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, f"spp-xl {__version__}\n")
    done = subprocess.run([sys.executable, "-m", "spp_xl", "check"], capture_output=True, text=True)
    assert done.returncode == 0 and "warning" in done.stdout


def test_licence_and_type_information_ship_with_the_package():
    meta = metadata("spp_xl")
    assert meta["License-Expression"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert (ROOT / "spp_xl" / "py.typed").exists()
    assert "Typing :: Typed" in meta.get_all("Classifier")
