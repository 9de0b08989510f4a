"""Running a Lite workbook's own code as xlwings Lite does: its ``main.py`` executed as Lite's
module ``main`` (xlwings' server decorators in place of Linux's pass-throughs), and a script
dispatched through ``xlwings.server.custom_scripts_call`` on the remote engine's ``Book`` made
from the client's JSON."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import types

import pytest
import xlwings as xw

from remote import NOW
from spp_xl.excel import macros
from spp_xl.lite import read_lite_code


def lite_main(path) -> types.ModuleType:
    """The module of the Lite workbook's ``main.py`` at ``path``."""
    from xlwings import server

    source = read_lite_code(path)["main.py"]
    module = types.ModuleType("main")
    saved = {name: getattr(xw, name) for name in ("func", "arg", "script")}
    saved_path = list(sys.path)  # main.py puts the spp_xl it carries first; this process has its own
    xw.func, xw.arg, xw.script = server.func, server.arg, server.script
    try:
        exec(compile(source, "main.py", "exec"), module.__dict__)
    finally:
        for name, decorator in saved.items():
            setattr(xw, name, decorator)
        sys.path[:] = saved_path
    sys.modules.pop("main", None)
    return module


def run_lite(main_module, payload, script):
    """As Lite runs a script: the Book from the payload, dispatched by xlwings' own call."""
    from xlwings.server import custom_scripts_call

    book = xw.Book(json=payload)
    asyncio.run(custom_scripts_call(main_module, script, typehint_to_value={xw.Book: book}))
    return book.json()["actions"]


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """Both bindings stamp the same minute, so their writes can be compared whole (import it
    into a test module to use it there)."""

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return NOW

    monkeypatch.setattr(macros, "dt", types.SimpleNamespace(datetime=Frozen))
