"""A synthetic city on the bundled workbook's scale, as police.uk street files, for the
report's crime-gap page: 40 neighbourhoods of four LSOAs (about 260,000 residents), April
to September 2015, whose all crime and serious acquisitive crime follow the bundled
figures (April to June as the seed, July to September as last year's shape), and whose top
group changes between June and September: Neighbourhood 11 climbs into it, Neighbourhood 10
falls out. Deterministic: no random numbers.
"""

from __future__ import annotations

import csv
from pathlib import Path

FORCE = "Devon & Cornwall Police"
MONTHS = ("2015-04", "2015-05", "2015-06", "2015-07", "2015-08", "2015-09")
ALL_CRIME = (1662, 1706, 1431, 1587, 1511, 1553)  # 2015/16's months (the seed's to June)
SAC = (196, 195, 182, 139, 162, 198)
NEIGHBOURHOODS = tuple(f"Neighbourhood {k:02d}" for k in range(1, 41))
OTHER_TYPES = ("Violence and sexual offences", "Criminal damage and arson", "Other theft", "Shoplifting",
               "Public order", "Drugs")
SAC_TYPES = ("Burglary", "Vehicle crime", "Robbery")
HEADER = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context")


def lsoas() -> list[tuple[str, str, str, int]]:
    """(code, LSOA name, neighbourhood, residents) of the city's 160 LSOAs."""
    out = []
    for n, name in enumerate(NEIGHBOURHOODS):
        for k in range(4):
            i = 4 * n + k
            out.append((f"E01015{i:03d}", f"Plymouth {i // 4 + 1:03d}{'ABCD'[k]}", name, 1500 + (37 * i) % 300))
    return out


def weight(n: int, month: int) -> float:
    """How much crime a resident of neighbourhood ``n`` (0-based) sees in ``month`` (0 = April)."""
    if n < 9:
        return 2.6 - 0.08 * n
    if n == 9:  # Neighbourhood 10: in the top group in the spring, quieter from July
        return 1.95 if month < 3 else 1.2
    if n == 10:  # Neighbourhood 11: just outside it in the spring, much busier from July
        return 1.7 if month < 3 else 2.8
    return 0.62 + 0.01 * (n % 7)


def _allocate(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, largest remainders first (sums exactly)."""
    raw = [total * w / sum(weights) for w in weights]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[:total - sum(out)]:
        out[i] += 1
    return out


def write(folder: Path) -> Path:
    """Writes AREAS.csv and the six months' street files under ``folder``; returns AREAS.csv."""
    places = lsoas()
    areas = folder / "areas.csv"
    areas.write_text("lsoa_code,neighbourhood,population\n" + "".join(f"{c},{n},{p}\n" for c, _, n, p in places))
    for m, month in enumerate(MONTHS):
        weights = [weight(NEIGHBOURHOODS.index(n), m) * p for _, _, n, p in places]
        crimes = _allocate(ALL_CRIME[m], weights)
        sac = _allocate(SAC[m], weights)
        rows = []
        for (code, name, _, _), count, acquisitive in zip(places, crimes, sac):
            acquisitive = min(acquisitive, count)
            for i in range(count):
                kind = SAC_TYPES[i % 3] if i < acquisitive else OTHER_TYPES[i % len(OTHER_TYPES)]
                rows.append([f"{month}-{code}-{i}", month, FORCE, FORCE, "-4.14", "50.37", "On or near Somewhere",
                             code, name, kind, "Under investigation", ""])
            rows.append(["", month, FORCE, FORCE, "-4.14", "50.37", "On or near Somewhere", code, name,
                         "Anti-social behaviour", "", ""])
        path = folder / "streets" / month / f"{month}-devon-and-cornwall-street.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(rows)
    return areas


def quarter_two_workbook(folder: Path) -> Path:
    """The bundled workbook with this city's April to September put in by spp-xl police."""
    from spp_xl.cli import main

    root = Path(__file__).resolve().parent.parent
    areas = write(folder)
    book = folder / "q2.xlsm"
    code = main(["police", str(folder / "streets"), "--areas", str(areas), "--workbook",
                 str(root / "workbook" / "SPP_Performance.xlsm"), "-o", str(book)])
    assert code == 0
    return book
