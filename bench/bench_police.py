"""Benchmark 6: police.uk street files to the figures (``spp-xl police``), against DuckDB.

Synthetic street files in police.uk's published format are written to a temporary folder
(and deleted after): one force's year (12 files, 150,000 rows) and the national year the
family group needs (43 forces x 12 months, 6 million rows, about 1.2 GB). Figures:

* the whole command as a fresh process (start-up, reading, figures, the CSV written),
  best of alternating runs against DuckDB doing the same aggregation in its own fresh
  process (counts by file, month, force, crime type and LSOA): the ratio is ours / DuckDB;
* peak memory (VmHWM) of each;
* the reading engines considered, on the national year: pyarrow (what spp_xl uses),
  pandas' ``read_csv(engine="pyarrow", usecols=...)``, and Python's csv module;
* the doubling ratio: 12 months of the national files against their first 6;
* one force's year read from police.uk's zip download against the same files unpacked.

DuckDB is the yardstick only (``pip install -e '.[bench]'``; installed here when missing).
The national year needs about 1.3 GB of free disk: it is skipped, saying so, without.

    python bench/bench_police.py          # or: python bench/run.py 6
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import PYTHON, ROOT, run_cli

HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
          "Crime type,Last outcome category,Context\n")
FORCES = (
    "Avon and Somerset Constabulary", "Bedfordshire Police", "Cambridgeshire Constabulary",
    "Cheshire Constabulary", "City of London Police", "Cleveland Police", "Cumbria Constabulary",
    "Derbyshire Constabulary", "Devon & Cornwall Police", "Dorset Police", "Durham Constabulary",
    "Dyfed-Powys Police", "Essex Police", "Gloucestershire Constabulary", "Greater Manchester Police",
    "Gwent Police", "Hampshire Constabulary", "Hertfordshire Constabulary", "Humberside Police",
    "Kent Police", "Lancashire Constabulary", "Leicestershire Police", "Lincolnshire Police",
    "Merseyside Police", "Metropolitan Police Service", "Norfolk Constabulary", "North Wales Police",
    "North Yorkshire Police", "Northamptonshire Police", "Northumbria Police", "Nottinghamshire Police",
    "South Wales Police", "South Yorkshire Police", "Staffordshire Police", "Suffolk Constabulary",
    "Surrey Police", "Sussex Police", "Thames Valley Police", "Warwickshire Police", "West Mercia Police",
    "West Midlands Police", "West Yorkshire Police", "Wiltshire Police",
)
CITY_FORCE = "Devon & Cornwall Police"
CITY_LSOAS = 161  # Plymouth's LSOAs (2011 census)
CITY_NEIGHBOURHOODS = 40
LSOAS_PER_FORCE = 808  # 34,753 LSOAs among 43 forces
FAMILY_AREAS = 15
TYPES = (  # police.uk's crime types and their rough shares of the rows
    ("Anti-social behaviour", 30), ("Violence and sexual offences", 21), ("Other theft", 8),
    ("Criminal damage and arson", 8), ("Shoplifting", 6), ("Burglary", 6), ("Vehicle crime", 5),
    ("Public order", 5), ("Drugs", 3), ("Other crime", 2), ("Bicycle theft", 2),
    ("Theft from the person", 1), ("Robbery", 1), ("Possession of weapons", 1),
)
OUTCOMES = ("Investigation complete; no suspect identified", "Unable to prosecute suspect",
            "Under investigation", "Offender given a caution", "Local resolution",
            "Awaiting court outcome", "Status update unavailable")
NO_LOCATION = 0.01


def slug(force: str) -> str:
    """The force's part of a police.uk file name: ``devon-and-cornwall``."""
    words = force.lower().replace("&", "and").split()
    for tail in ("police", "constabulary", "service"):
        if words[-1] == tail and len(words) > 1:
            words = words[:-1]
    return "-".join(w.strip(",") for w in words)


def lsoas(force_index: int) -> list[tuple[str, str]]:
    """(code, name) of a force's LSOAs, named as police.uk names them, by local authority:
    Devon & Cornwall's first ones are Plymouth's, the rest Cornwall's; another force's first
    ones are its city's (a family area), the rest its shire's."""
    force = FORCES[force_index]
    city, rest = ("Plymouth", "Cornwall") if force == CITY_FORCE else (f"{force.split()[0]} City",
                                                                       f"{force.split()[0]} Shire")
    out = []
    for k in range(LSOAS_PER_FORCE):
        code = f"E01{force_index * 1000 + k:06d}"
        place, number = (city, k) if k < CITY_LSOAS else (rest, k - CITY_LSOAS)
        out.append((code, f"{place} {number // 4 + 1:03d}{'ABCD'[number % 4]}"))
    return out


def months_of(first: str, count: int) -> list[str]:
    year, month = map(int, first.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def write_force_month(path: Path, force_index: int, month: str, rows: int, rng: random.Random) -> None:
    force = FORCES[force_index]
    places = [f",{-4.1 - k / 10000:.6f},{50.3 + k / 20000:.6f},On or near {n.split()[0]} Street,{c},{n},"
              for k, (c, n) in enumerate(lsoas(force_index))]
    head = f",{month},{force},{force}"
    names, weights = zip(*TYPES)
    types = rng.choices(range(len(names)), weights, k=rows)
    where = rng.choices(range(len(places)), k=rows)
    ids = os.urandom(32 * rows).hex()
    lines = []
    for i, (t, w) in enumerate(zip(types, where)):
        place = places[w] if rng.random() >= NO_LOCATION else ",,,No Location,,,"
        if t == 0:
            lines.append(f"{head}{place}Anti-social behaviour,,\n")
        else:
            lines.append(f"{ids[64 * i:64 * i + 64]}{head}{place}{names[t]},{OUTCOMES[i % len(OUTCOMES)]},\n")
    path.write_text(HEADER + "".join(lines), encoding="utf-8")


def generate(folder: Path, forces: list[int], months: list[str], rows_per_force_year: int,
             seed: int = 2015) -> int:
    """Writes the files; returns the number of rows written."""
    rng = random.Random(seed)
    total = 0
    for month in months:
        (folder / month).mkdir(parents=True, exist_ok=True)
        for f in forces:
            rows = rows_per_force_year // len(months)
            write_force_month(folder / month / f"{month}-{slug(FORCES[f])}-street.csv", f, month, rows, rng)
            total += rows
    return total


def write_areas(path: Path) -> None:
    """The city's AREAS.csv: its LSOAs in 40 neighbourhoods, 1,500 to 2,000 residents each LSOA."""
    rng = random.Random(1)
    city = lsoas(FORCES.index(CITY_FORCE))[:CITY_LSOAS]
    lines = ["lsoa_code,neighbourhood,population"]
    lines += [f"{code},Neighbourhood {k % CITY_NEIGHBOURHOODS + 1:02d},{rng.randint(1500, 2000)}"
              for k, (code, _) in enumerate(city)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_family(path: Path) -> None:
    """FAMILY.csv: the city and 14 areas of about 160 LSOAs in other forces."""
    rng = random.Random(2)
    city_force = FORCES.index(CITY_FORCE)
    lines = ["area,lsoa_code,population"]
    lines += [f"Plymouth,{code},{rng.randint(1500, 2000)}" for code, _ in lsoas(city_force)[:CITY_LSOAS]]
    others = [i for i in range(len(FORCES)) if i != city_force][:FAMILY_AREAS - 1]
    for i in others:
        area = FORCES[i].split()[0] + " city"
        lines += [f"{area},{code},{rng.randint(1500, 2000)}" for code, _ in lsoas(i)[:CITY_LSOAS]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the engines, each run as a fresh process over the same files --------------------------------

COLUMNS = ["Month", "Reported by", "LSOA code", "Crime type"]

_ENGINE_CHILD = """
import json, sys, time
t = time.perf_counter()
sys.path.insert(0, {bench!r})
import bench_police
groups = getattr(bench_police, "engine_" + sys.argv[1])(json.loads(open(sys.argv[2]).read()))
elapsed = time.perf_counter() - t
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({{"inner": elapsed, "maxrss_mb": hwm / 1024, "groups": groups}}))
"""


def engine_pyarrow(job: dict) -> int:
    """spp_xl's own reading (spp_xl.police.count_streets)."""
    from spp_xl.police import count_streets

    counts = count_streets(job["files"], job["lsoas"])
    return len(counts.wanted) + len(counts.no_location) + len(counts.elsewhere)


def engine_pandas(job: dict) -> int:
    """pandas' read_csv with pyarrow's parser and only the four columns, then groupby."""
    import pandas as pd

    wanted, out = set(job["lsoas"]), {}
    for path in job["files"]:
        frame = pd.read_csv(path, engine="pyarrow", usecols=COLUMNS, dtype_backend="pyarrow", keep_default_na=False)
        lsoa = frame["LSOA code"]
        place = lsoa.where(lsoa.isin(wanted), "~elsewhere")
        for key, n in frame.groupby([frame["Month"], frame["Reported by"], frame["Crime type"], place]).size().items():
            out[key] = out.get(key, 0) + n
    return len(out)


def engine_csv(job: dict) -> int:
    """Python's csv module and a Counter."""
    import csv
    from collections import Counter

    wanted, out = set(job["lsoas"]), Counter()
    for path in job["files"]:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = csv.reader(handle)
            head = next(rows)
            m, f, c, t = (head.index(name) for name in COLUMNS)
            out.update((r[m], r[f], r[t], r[c] if r[c] in wanted else "~elsewhere") for r in rows)
    return len(out)


def engine_duckdb(job: dict) -> int:
    """The yardstick: DuckDB's CSV reader and GROUP BY over the same files."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")  # it would draw on stdout, which carries the result
    con.execute("CREATE TABLE wanted (code VARCHAR)")
    con.executemany("INSERT INTO wanted VALUES (?)", [(c,) for c in job["lsoas"]])
    rows = con.execute(
        'SELECT s.filename, s."Month", s."Reported by", s."Crime type", w.code, count(*) '
        "FROM read_csv(?, header = true, all_varchar = true, filename = true) s "
        'LEFT JOIN wanted w ON s."LSOA code" = w.code GROUP BY ALL', [job["files"]]).fetchall()
    return len(rows)


def run_engine(name: str, job_file: Path) -> dict:
    start = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", _ENGINE_CHILD.format(bench=str(Path(__file__).parent)), name,
                           str(job_file)], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode:
        raise RuntimeError(f"engine {name} failed: {done.stderr[-800:]}")
    return {"wall": time.perf_counter() - start, **json.loads(done.stdout.strip().splitlines()[-1])}


def ensure_duckdb() -> str:
    try:
        import duckdb  # noqa: F401
        return ""
    except ImportError:
        subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[bench]"], check=True)
        return " (DuckDB installed for the bench: the project's 'bench' extra)"


# -- the figures ---------------------------------------------------------------------------------

def _job(folder: Path, work: Path, name: str, months=None) -> tuple[Path, list[str]]:
    files = sorted(str(p) for p in folder.rglob("*-street.csv") if months is None or p.parent.name in months)
    lsoas = [line.split(",")[0] for line in (work / "areas.csv").read_text().splitlines()[1:]]
    lsoas += [line.split(",")[1] for line in (work / "family.csv").read_text().splitlines()[1:]]
    job = work / f"{name}.json"
    job.write_text(json.dumps({"files": files, "lsoas": sorted(set(lsoas))}))
    return job, files


def _command(files_or_folders, work: Path, family: bool) -> dict:
    argv = ["police", *map(str, files_or_folders), "--areas", str(work / "areas.csv"), "-o",
            str(work / "figures.csv"), "--force"]
    return run_cli(argv + (["--family", str(work / "family.csv")] if family else []))


def _alternate(runs: dict, rounds: int) -> dict:
    """Best of ``rounds`` runs of each callable, run in turn (a, b, c, a, b, c...), so that
    the shared machine's load hits them alike."""
    times = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            times[name].append(run())
    return {name: min(results, key=lambda r: r["wall"]) for name, results in times.items()}


def _versus(ours, duck, rounds: int) -> tuple[dict, dict]:
    best = _alternate({"ours": ours, "duck": duck}, rounds)
    return best["ours"], best["duck"]


def main(national: bool = True, rounds: int = 5) -> list[str]:
    note = ensure_duckdb()
    lines = [f"6. police.uk street files -> figures (spp-xl police), whole processes, best of {rounds} alternating "
             f"runs against DuckDB{note}"]
    work = Path(tempfile.mkdtemp(prefix="spp_police_bench_"))
    try:
        write_areas(work / "areas.csv")
        write_family(work / "family.csv")
        months = months_of("2015-04", 12)
        force = work / "force"
        rows = generate(force, [FORCES.index(CITY_FORCE)], months, 150_000)
        job, _ = _job(force, work, "force")
        ours, duck = _versus(lambda: _command([force], work, False), lambda: run_engine("duckdb", job), rounds)
        lines.append(f"   one force's year ({rows:,} rows, 12 files, {_size(force)}): spp-xl police {ours['wall']:.2f} s, "
                     f"{ours['maxrss_mb']:.0f} MB; DuckDB {duck['wall']:.2f} s, {duck['maxrss_mb']:.0f} MB; "
                     f"ratio {ours['wall'] / duck['wall']:.2f} (goal: under 1 s)")
        download = _zip(force, work / "download.zip")  # police.uk's download as it comes, read in memory
        zipped, folder = _versus(lambda: _command([download], work, False), lambda: _command([force], work, False),
                                 rounds)
        lines.append(f"   one force's year as police.uk's zip ({_size(download)}): {zipped['wall']:.2f} s against "
                     f"{folder['wall']:.2f} s from the folder: {zipped['wall'] / folder['wall']:.2f} x")
        free = shutil.disk_usage(work).free
        if not national or free < 3 * 1024 ** 3:
            lines.append(f"   national year: skipped ({free / 1024 ** 3:.1f} GB free where it would be written)"
                         if national else "   national year: not asked for")
            return lines
        nation = work / "national"
        rows = generate(nation, list(range(len(FORCES))), months, 6_000_000 // len(FORCES))
        job, files = _job(nation, work, "national")
        half = months[:6]  # the doubling: the first 6 months' files against all 12, alternately with the rest
        best = _alternate({"ours": lambda: _command([nation], work, True), "duck": lambda: run_engine("duckdb", job),
                           "half": lambda: _command([nation / m for m in half], work, True)}, rounds)
        ours, duck, small = best["ours"], best["duck"], best["half"]
        lines.append(f"   national year ({rows:,} rows, {len(files)} files, {_size(nation)}), with --family: "
                     f"spp-xl police {ours['wall']:.2f} s, {ours['maxrss_mb']:.0f} MB; DuckDB {duck['wall']:.2f} s, "
                     f"{duck['maxrss_mb']:.0f} MB; ratio {ours['wall'] / duck['wall']:.2f} "
                     "(goals: under 60 s, under 2 GB, ratio at most 1.0)")
        engines = _alternate({name: (lambda n=name: run_engine(n, job)) for name in ("pyarrow", "pandas", "duckdb")},
                             rounds)
        engines["csv"] = run_engine("csv", job)  # several times slower: once is enough to see it
        base = engines["duckdb"]["wall"]
        lines.append(f"   reading engines, national year (counting only, fresh processes, best of {rounds} alternating; "
                     "csv once):")
        for name, result in engines.items():
            lines.append(f"     {name:8} {result['wall']:6.2f} s {result['maxrss_mb']:6.0f} MB  "
                         f"{result['wall'] / base:5.2f} x DuckDB")
        lines.append(f"   doubling: 6 months ({len(half) * len(FORCES)} files) {small['wall']:.2f} s, 12 months "
                     f"{ours['wall']:.2f} s: {ours['wall'] / small['wall']:.2f} x, whole processes (goal: at most 2.2 x)")
        return lines
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _zip(folder: Path, path: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in sorted(folder.rglob("*-street.csv")):
            archive.write(item, item.relative_to(folder).as_posix())
    return path


def _size(folder: Path) -> str:
    size = folder.stat().st_size if folder.is_file() else sum(p.stat().st_size for p in folder.rglob("*.csv"))
    return f"{size / 1024 ** 2:,.0f} MB" if size < 1024 ** 3 else f"{size / 1024 ** 3:.2f} GB"


if __name__ == "__main__":
    print("\n".join(main(national="--force-only" not in sys.argv)))
