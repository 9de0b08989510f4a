"""``make lite-check``: the Lite workbook's own code under Pyodide (the Python of xlwings Lite)
gives CPython's answers.

    python scripts/lite_check.py download   # with the network: the wheels its requirements.txt names
    python scripts/lite_check.py            # offline: build the Lite workbook, run its code under node

The run builds the Lite workbook and reads back the ``main.py`` and ``requirements.txt`` it
carries. It starts the Pyodide runtime of the npm package ``pyodide`` (installed into
``.lite/node`` by ``make lite-deps``) under node and installs there what that requirements.txt
names, with their dependencies, from ``.lite/wheels`` (no network): no spp_xl wheel, for the
workbook carries spp_xl in its main.py. Then:

1. it imports that ``main.py`` (which puts the spp_xl it carries on ``sys.path``: what main.py's
   functions and scripts reach of it, not the command line) and judges the bundled data with
   the engine; the summary (``Summary.to_json``, what ``summary --json`` prints) and its warnings
   must equal CPython's, spp_xl must have come from main.py's archive, and none of the
   libraries the archive leaves for Lite's lack (``archive.NOT_UNDER_LITE``) may be importable;
2. calls main.py's SPP_ functions as Lite does (``xlwings.server.custom_functions_call`` with
   the call data of xlwings' Office.js client), which must give the seed's profile, forecasts
   and judgements, and CPython's answers for the same calls;
3. runs its three scripts as Lite does (``xlwings.server.custom_scripts_call`` on the Book
   of the client's JSON for the built Lite workbook, ``spp_xl.lite.payload``): Recalculate's
   and Check data's writes, and the board report Export leaves in ``/data``, must be what the
   same scripts give under CPython (the report's parts byte for byte, but its creation time).

It prints the figures (times, the size of the code main.py carries, how many of the modules it
carries the run imported) and exits 1 on any difference.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wheels import walk

ROOT = Path(__file__).resolve().parent.parent
LITE = ROOT / ".lite"
PYODIDE_DIR = LITE / "node" / "node_modules" / "pyodide"
WHEELS = LITE / "wheels"
RUNNER = ROOT / "scripts" / "lite_check.mjs"

ASB_2014 = [808, 882, 1023, 1056, 915, 982, 850, 755, 682, 639, 642, 831]
ASB_2015 = [864, 894, 769] + [None] * 9
GAP_2014_YTD = [6.9, 13.5, 19.6, 26.4, 32.5, 39.3, 45.8, 52.2, 58.4, 64.2, 70.6, 77.4]
GAP_2015_YTD = [6.5, 12.6, 18] + [None] * 9
# (function, arguments as Excel hands them over, the seed's figure, rounded to): the seed's
# target profiles, forecasts and judgements (tests/test_excel_udfs.py holds the same values).
SEED_CALLS = (
    ("SPP_PROFILE", [10064, 12, "reduce", None, None],
     [[838, 1676, 2514, 3352, 4190, 5028, 5866, 6704, 7542, 8380, 9218, 10064]], None),
    ("SPP_PROFILE", [77.3, 12, "reduce", 2, None],
     [[6.44, 12.88, 19.32, 25.76, 32.2, 38.64, 45.08, 51.52, 57.96, 64.4, 70.84, 77.3]], None),
    ("SPP_PROFILE", [2666, 4, "increase", None, None], [[667, 1334, 2001, 2666]], None),
    ("SPP_FORECAST", [[ASB_2015], [ASB_2014], None], 9375, 0),
    ("SPP_FORECAST", [[[525, None, None, None]], [[629, 727, 760, 549]], None], 2224, 0),
    ("SPP_FORECAST", [[GAP_2015_YTD], [GAP_2014_YTD], "ytd"], 71.08, 2),
    ("SPP_JUDGEMENT", [9375, 10064, "reduce", None], "Green", None),
    ("SPP_JUDGEMENT", [2224, 2666, "increase", None], "Red", None),
    ("SPP_JUDGEMENT", [6182, 6588, "increase", None], "Amber", None),
    ("SPP_JUDGEMENT", [71.08, 77.3, "reduce", None], "Green", None),
    ("SPP_PHRASE", ["Amber", None, None],
     "Some concerns about performance in this area (within 15% of performance measure)", None),
    ("SPP_PROFILE", [10064, 12, "sideways", None, None], "SPP_PROFILE: direction must be increase or reduce", None),
)

# Runs under Pyodide. The call data is what xlwings' Office.js client sends for a custom
# function (xlwings' tests/test_custom_functions_officejs.py, make_call_data).
PYODIDE_JOB = r'''
import importlib.util, json, os, sys
from importlib.metadata import distributions
os.environ["XLWINGS_ON_SERVER"] = "true"  # xlwings' decorators as Lite's runtime has them
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
sys.path.insert(0, "/home/pyodide/lite")
import spp_xl
carried_from = spp_xl.__file__
summary = json.loads(judged())
lacking = [name for name in json.loads(NOT_UNDER_LITE) if importlib.util.find_spec(name) is not None]
import zipfile
with zipfile.ZipFile(carried_from.split(".zip/")[0] + ".zip") as archive:
    carried = [n for n in archive.namelist() if n.endswith(".py")]
import xlwings
from xlwings.server import custom_functions_call
import main
calls = []
for name, args in json.loads(CALLS):
    data = {"func_name": name, "args": args, "version": xlwings.__version__, "client": "Office.js", "runtime": "1.4"}
    calls.append(await custom_functions_call(data, main))
RESULT_SCRIPTS = await run_scripts()
ran = {name: getattr(module, "__file__", None) or "" for name, module in sys.modules.items()
       if name == "spp_xl" or name.startswith("spp_xl.")}
RESULT = json.dumps({"summary": summary, "calls": calls, "scripts_run": RESULT_SCRIPTS, "xlwings": xlwings.__version__,
                     "spp_xl": carried_from, "installed": sorted(d.metadata["Name"] for d in distributions()),
                     "lacking": lacking, "ran": ran, "carried": carried,
                     "functions": sorted(n for n in dir(main) if hasattr(getattr(main, n), "__xlfunc__")),
                     "scripts": sorted(n for n in dir(main) if hasattr(getattr(main, n), "__xlscript__"))})
'''


# Runs under Pyodide and, for comparison, under CPython: the engine on the bundled data (the
# summary ``spp-xl summary --json`` prints, and its warnings), from the modules main.py carries.
ENGINE_JOB = r'''
def judged():
    import json
    from spp_xl.core.dataset import read_csv
    from spp_xl.core.engine import summarise
    from spp_xl.core.register import load_register

    summary = summarise(load_register(), read_csv())
    return json.dumps({"summary": json.dumps(summary.to_json(), indent=2),
                       "warnings": [f.describe() for f in summary.findings if f.severity == "warning"]})
'''


# Runs under Pyodide and, for comparison, under CPython: the Lite scripts on the client's JSON.
# The clock is frozen so that both stamp the same minute.
SCRIPTS_JOB = r'''
import base64, datetime as dt, json, os, types, zipfile
os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
import xlwings as xw
from xlwings.server import custom_scripts_call
import main
from spp_xl.excel import macros
from spp_xl.lite import scripts as lite_scripts

class Frozen(dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(2015, 7, 10, 9, 30)

macros.dt = types.SimpleNamespace(datetime=Frozen)
lite_scripts.EXPORT_FOLDER = DATA

async def run_scripts():
    out = {}
    for script, selection in (("spp_recalculate", "M7"), ("spp_check", "M11"), ("spp_export", "M9")):
        payload = json.loads(PAYLOAD)
        payload["book"]["selection"] = selection
        book = xw.Book(json=payload)
        await custom_scripts_call(main, script, typehint_to_value={xw.Book: book})
        out[script] = book.json()["actions"]
    report = {}
    for name in sorted(os.listdir(DATA)):
        with zipfile.ZipFile(os.path.join(DATA, name)) as z:
            report[name] = {part: base64.b64encode(z.read(part)).decode() for part in z.namelist()
                            if part != "docProps/core.xml"}
    out["report"] = report
    return out
'''


class CheckFailed(Exception):
    pass


def pyodide_environment() -> dict:
    """The marker environment of the Pyodide the npm package holds (its lock file says which)."""
    lock = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text())
    python = lock["info"]["python"]
    return {"sys_platform": "emscripten", "platform_system": "Emscripten", "platform_machine": "wasm32",
            "os_name": "posix", "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "python_version": ".".join(python.split(".")[:2]), "python_full_version": python, "extra": "",
            "_provided": {name: (entry["version"], entry["file_name"]) for name, entry in lock["packages"].items()}}


def requirement_lines(text: str) -> list[str]:
    """The requirements of a requirements.txt, comments (Lite's ``# required``) left out."""
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def dependency_wheels(requirements: list[str], download: bool) -> list[Path]:
    """The pure wheels Lite installs for ``requirements`` under Pyodide: each requirement and its
    own (whose markers hold there), as micropip resolves them, from ``.lite/wheels``."""
    from packaging.utils import canonicalize_name

    env = pyodide_environment()
    provided, markers = env.pop("_provided"), env

    def wheel_for(req) -> Path:
        name = canonicalize_name(req.name)
        spec = f"{req.name}{req.specifier}"
        if name in provided:
            # Pyodide's own build of it (its lock file says which), which Lite loads from Pyodide's
            # repository: offline, the same version's pure wheel from the package index stands in.
            locked, file_name = provided[name]
            if not file_name.endswith("-none-any.whl") or not req.specifier.contains(locked, prereleases=True):
                raise CheckFailed(f"{req.name}: Pyodide provides {file_name}, which this offline check cannot "
                                  f"stand in for with a pure wheel of the same version ({spec})")
            spec = f"{req.name}=={locked}"
        if download:
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                            "--platform", "any", "--python-version", markers["python_version"],
                            "--implementation", "py", "-d", str(WHEELS), spec], check=True)
        wheel = _local_wheel(name, spec)
        if not wheel.name.endswith("-none-any.whl"):
            raise CheckFailed(f"{wheel.name} is not a pure wheel: it cannot be installed under Pyodide")
        return wheel

    return [wheel for _, wheel in walk(requirements, markers, wheel_for)]


def _local_wheel(name: str, spec: str) -> Path:
    """The newest wheel in ``.lite/wheels`` that fits ``spec``, as micropip would take it."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name, parse_wheel_filename

    wanted = Requirement(spec).specifier
    fitting = []
    for wheel in WHEELS.glob("*.whl"):
        wheel_name, wheel_version, _, _ = parse_wheel_filename(wheel.name)
        if canonicalize_name(wheel_name) == name and wanted.contains(wheel_version, prereleases=True):
            fitting.append((wheel_version, wheel))
    if not fitting:
        raise CheckFailed(f"no wheel for {spec} in {WHEELS.relative_to(ROOT)}: run 'make lite-deps' (needs the network)")
    return max(fitting)[1]


def lite_requirements() -> str:
    """The requirements.txt the Lite workbook carries (what ``download`` fetches the wheels of)."""
    from spp_xl.lite.code import requirements_txt

    return requirements_txt()


def lite_workbook(folder: Path) -> tuple[str, dict]:
    """The client's JSON for the Lite workbook built from the bundled inputs, and the code the
    workbook carries (main.py, requirements.txt), read back from the file."""
    import xlwings

    from spp_xl.lite import build_lite_workbook, read_lite_code
    from spp_xl.lite.payload import office_js_payload
    from spp_xl.sources import load_inputs
    from spp_xl.workbook.build import workbook_specs

    inputs = load_inputs()
    book = build_lite_workbook(inputs, folder / "SPP_Performance_Lite.xlsx")
    tables = {s.name: [(s.table.name, s.table.target, s.table.style)] for s in workbook_specs(inputs) if s.table}
    return json.dumps(office_js_payload(book, xlwings.__version__, tables=tables)), read_lite_code(book)


def cpython_scripts(payload: str, main_py: str, folder: Path) -> dict:
    """The same scripts job under CPython, in a process of its own (the decorators are chosen
    when xlwings is first imported)."""
    (folder / "main.py").write_text(main_py)
    data = folder / "data"
    data.mkdir()
    code = ("import asyncio, json, sys\n" f"sys.path.insert(0, {str(folder)!r})\n"
            f"PAYLOAD = {payload!r}\nDATA = {str(data)!r}\n" + SCRIPTS_JOB
            + "\nprint(json.dumps(asyncio.run(run_scripts())))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=folder)
    if done.returncode != 0:
        raise CheckFailed(f"the scripts under CPython failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def cpython_summary() -> dict:
    """The engine job under CPython, from the spp_xl installed here (not main.py's archive)."""
    done = subprocess.run([sys.executable, "-c", ENGINE_JOB + "\nprint(judged())\n"], capture_output=True, text=True)
    if done.returncode != 0:
        raise CheckFailed(f"the engine under CPython failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def same(got, expected, places) -> bool:
    if places is not None and isinstance(got, list):  # a lone figure comes back as a 1 x 1 range
        got = got[0][0] if len(got) == 1 and len(got[0]) == 1 else got
    if places is not None and isinstance(got, (int, float)):
        return round(got, places) == expected
    return got == expected or got == [[expected]]


def run() -> int:
    from spp_xl.lite.archive import NOT_UNDER_LITE

    node = shutil.which("node")
    if node is None:
        raise CheckFailed("node is not installed: run 'sh scripts/system-packages.sh' (Debian's nodejs and npm)")
    if not (PYODIDE_DIR / "pyodide.mjs").exists():
        raise CheckFailed(f"no Pyodide runtime in {PYODIDE_DIR.relative_to(ROOT)}: run 'make lite-deps'")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="spp_lite_check_") as tmp:
        tmp = Path(tmp)
        payload, code = lite_workbook(tmp)
        main_py = code["main.py"]
        built = time.perf_counter()
        wheels = dependency_wheels(requirement_lines(code["requirements.txt"]), download=False)
        calls = [[name, args] for name, args, _, _ in SEED_CALLS]
        job_code = (f"CALLS = {json.dumps(json.dumps(calls))}\nPAYLOAD = {payload!r}\nDATA = '/data'\n"
                    f"NOT_UNDER_LITE = {json.dumps(json.dumps(NOT_UNDER_LITE))}\n"
                    "import os, sys\nos.makedirs(DATA, exist_ok=True)\nsys.path.insert(0, '/home/pyodide/lite')\n"
                    + ENGINE_JOB + SCRIPTS_JOB + PYODIDE_JOB)
        job = {"wheels": [str(w) for w in wheels], "files": {"/home/pyodide/lite/main.py": main_py},
               "code": job_code}
        (tmp / "job.json").write_text(json.dumps(job))
        done = subprocess.run([node, str(RUNNER), str(PYODIDE_DIR), str(tmp / "job.json")],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise CheckFailed(f"Pyodide run failed:\n{done.stderr[-3000:]}")
        answer = json.loads(done.stdout)
        finished = time.perf_counter()
        expected_summary = cpython_summary()
        (tmp / "cpython").mkdir()
        expected_scripts = cpython_scripts(payload, main_py, tmp / "cpython")
        carried = len(main_py.encode("utf-8"))
    result, problems = answer["result"], []
    for part in ("summary", "warnings"):
        if result["summary"][part] != expected_summary[part]:
            problems.append(f"the engine's {part} differs: Pyodide {result['summary'][part]!r:.300} "
                            f"CPython {expected_summary[part]!r:.300}")
    if result["lacking"]:
        problems.append(f"under Pyodide {', '.join(result['lacking'])} can be imported, which the archive leaves out "
                        "modules for (NOT_UNDER_LITE)")
    elsewhere = sorted(name for name, path in result["ran"].items() if ".zip/spp_xl/" not in path)
    if elsewhere:
        problems.append(f"spp_xl modules not from main.py's archive under Pyodide: {', '.join(elsewhere)}")
    from spp_xl.excel import udfs

    for (name, args, seed, places), got in zip(SEED_CALLS, result["calls"]):
        here = getattr(udfs, name)(*args)
        if not same(got, seed, places):
            problems.append(f"{name}{tuple(args)!r:.80}: Pyodide gives {got!r}, the seed {seed!r}")
        if not same(got, here, None):
            problems.append(f"{name}{tuple(args)!r:.80}: Pyodide gives {got!r}, CPython {here!r}")
    scripts_run = result["scripts_run"]
    for script in ("spp_recalculate", "spp_check", "spp_export"):
        if scripts_run[script] != expected_scripts[script]:
            problems.append(f"the Lite script {script} writes otherwise under Pyodide than under CPython")
    writes = {s: sum(a["func"] == "setValues" for a in scripts_run[s]) for s in ("spp_recalculate", "spp_check")}
    if not writes["spp_recalculate"] or not writes["spp_check"]:
        problems.append(f"the Lite scripts wrote nothing under Pyodide ({writes})")
    if not scripts_run["report"] or scripts_run["report"] != expected_scripts["report"]:
        problems.append("the board report Export leaves in /data under Pyodide is not CPython's "
                        f"({sorted(scripts_run['report'])} against {sorted(expected_scripts['report'])})")
    missing = sorted(set(udfs.NAMES) - set(result["functions"]))
    if missing:
        problems.append(f"main.py under Pyodide lacks the custom functions {', '.join(missing)}")
    if ".zip/spp_xl/" not in result["spp_xl"] or "spp_xl" in {n.lower() for n in result["installed"]}:
        problems.append(f"spp_xl under Pyodide came from {result['spp_xl']}, not the archive main.py carries "
                        f"(installed: {', '.join(result['installed'])})")
    seconds = answer["seconds"]
    print(f"Pyodide {answer['pyodide']} (Python {answer['python']}, {answer['platform']}) under node, offline; "
          f"xlwings {result['xlwings']}")
    print(f"  installed from requirements.txt: {', '.join(Path(w).name for w in wheels)}; no spp_xl wheel")
    modules = {n[:-3].replace("/", ".").removesuffix(".__init__") for n in result["carried"]}
    print(f"  spp_xl from main.py's archive ({result['spp_xl']}); main.py {carried / 1024:.0f} KiB carrying "
          f"{len(modules)} .py files, of which the run imported {len(result['ran'])} "
          f"({'not ' + ', '.join(sorted(modules - set(result['ran']))) if modules - set(result['ran']) else 'all'}); "
          f"{', '.join(NOT_UNDER_LITE)} not importable")
    print(f"  the engine on the bundled data (summary --json, {len(expected_summary['summary'])} bytes, and "
          f"{len(expected_summary['warnings'])} warnings): "
          f"{'identical to' if not any('engine' in p for p in problems) else 'DIFFERENT from'} CPython's")
    print(f"  custom functions through xlwings' Office.js dispatch: {len(SEED_CALLS)} seed calls, "
          f"{sum(1 for p in problems if p.startswith('SPP_'))} differences; main.py defines "
          f"{len(result['functions'])} functions and {len(result['scripts'])} scripts")
    print(f"  scripts as Lite runs them: Recalculate {len(scripts_run['spp_recalculate'])} actions, Check data "
          f"{len(scripts_run['spp_check'])}, Export {len(scripts_run['spp_export'])} and "
          f"{', '.join(scripts_run['report']) or 'no report'} in /data: "
          f"{'the same as' if not any('script' in p or 'report' in p for p in problems) else 'NOT'} under CPython")
    print(f"  time: workbook build {built - started:.1f} s, Pyodide start {seconds['load']:.1f} s, "
          f"install {seconds['install']:.2f} s, run {seconds['run']:.1f} s; whole check {finished - started:.1f} s")
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    try:
        if argv[:1] == ["download"]:
            WHEELS.mkdir(parents=True, exist_ok=True)
            found = dependency_wheels(requirement_lines(lite_requirements()), download=True)
            print(f"{WHEELS.relative_to(ROOT)}: {', '.join(w.name for w in found)}")
            return 0
        return run()
    except CheckFailed as exc:
        print(f"lite-check: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
