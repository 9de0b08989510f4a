"""spp-xl police: figures from small hand-made police.uk street files, worked out here.

The city: twelve neighbourhoods N01..N12 of 1,000 residents, but N11 of 2,000 (two LSOAs,
1,200 and 800). The files run from February to May 2015: a year boundary in the middle
(2014/15 Feb and Mar, 2015/16 Apr and May). N12 never has a crime.
"""

from __future__ import annotations

import csv

import pytest

from spp_xl.cli import main
from spp_xl.core.engine import summarise
from spp_xl.core.periods import FinancialYear
from spp_xl.police import STREET_HEADER

FORCE = "Devon & Cornwall Police"
NEIGHBOURHOODS = [f"N{k:02d}" for k in range(1, 13)]
LSOA = {n: f"E0100{k:04d}" for k, n in enumerate(NEIGHBOURHOODS, start=1)}
N11_SECOND = "E01000111"  # N11's second LSOA
OUTSIDE = "E01099999"  # an LSOA of the force outside the city

# April 2015: rates per 1,000 of 30, 25, 20, 18, 16, 14, 12, 10, 8 for N01..N09; N10 5 (5 of
# 1,000) and N11 5 (10 of 2,000) tie at the tenth place; N12 none.
APRIL = {
    "N01": [("Burglary", 3), ("Vehicle crime", 2), ("Robbery", 1), ("Violence and sexual offences", 24)],
    "N02": [("Criminal damage and arson", 25), ("Anti-social behaviour", 7)],
    "N03": [("Criminal damage and arson", 20)], "N04": [("Public order", 18)], "N05": [("Drugs", 16)],
    "N06": [("Other theft", 14)], "N07": [("Shoplifting", 12)], "N08": [("Bicycle theft", 10)],
    "N09": [("Theft from the person", 8)], "N10": [("Other crime", 5)],
    "N11": [("Possession of weapons", 6)], N11_SECOND: [("Possession of weapons", 4)],
    OUTSIDE: [("Burglary", 4)], "": [("Burglary", 2)],  # outside the city; no location
}
# May 2015: N01 60 more (10 of them robberies), N11 20 more (5 vehicle crimes).
MAY = {"N01": [("Robbery", 10), ("Violence and sexual offences", 50)],
       "N11": [("Vehicle crime", 5), ("Shoplifting", 15)], "N05": [("Anti-social behaviour", 3)]}
FEBRUARY = {"N01": [("Burglary", 4)]}
MARCH = {"N02": [("Robbery", 3), ("Drugs", 2)]}


def lsoa_name(code: str) -> str:
    """police.uk's LSOA name: the local authority's name, a number and a letter (the city's
    LSOAs are Plymouth's, others South Hams' unless ``NAMES`` names them)."""
    if not code:
        return ""
    if code in NAMES:
        return NAMES[code]
    city = code in LSOA.values() or code == N11_SECOND
    return f"{'Plymouth' if city else 'South Hams'} {int(code[-3:]) % 1000:03d}A"


NAMES = {}  # code -> LSOA name, for the LSOAs tests add


def street_rows(month: str, force: str, crimes: dict) -> list[list[str]]:
    """police.uk rows: {neighbourhood or LSOA code or "" (no location): [(crime type, count)]}."""
    rows = []
    for place, types in crimes.items():
        code = LSOA.get(place, place)
        for crime_type, count in types:
            for i in range(count):
                asb = crime_type == "Anti-social behaviour"
                rows.append(["" if asb else f"{month}{code}{crime_type[:3]}{i:04d}", month, force, force,
                             "" if not code else "-4.14", "" if not code else "50.37",
                             "No Location" if not code else "On or near High Street", code,
                             lsoa_name(code), crime_type,
                             "" if asb else "Under investigation", ""])
    return rows


def write_street(folder, month: str, crimes: dict, force: str = FORCE, name: str | None = None,
                 header=STREET_HEADER):
    """Writes ``folder/YYYY-MM/YYYY-MM-<force>-street.csv`` as police.uk does."""
    slug = force.lower().replace("&", "and").replace(" police", "").replace(" ", "-")
    path = folder / month / (name or f"{month}-{slug}-street.csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(street_rows(month, force, crimes))
    return path


def write_areas(path, rows=None):
    rows = rows or ([(LSOA[n], n, 2000 if n == "N11" else 1000) for n in NEIGHBOURHOODS if n != "N11"]
                    + [(LSOA["N11"], "N11", 1200), (N11_SECOND, "N11", 800)])
    path.write_text("lsoa_code,neighbourhood,population\n" + "".join(f"{c},{n},{p}\n" for c, n, p in rows))
    return path


@pytest.fixture
def city(tmp_path):
    """The four months of files and AREAS.csv."""
    return make_city(tmp_path)


def make_city(tmp_path):
    streets = tmp_path / "streets"
    for month, crimes in (("2015-02", FEBRUARY), ("2015-03", MARCH), ("2015-04", APRIL), ("2015-05", MAY)):
        write_street(streets, month, crimes)
    return streets, write_areas(tmp_path / "areas.csv")


def run(capsys, *argv):
    code = main(["police", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def figures(path) -> dict:
    with open(path, newline="") as handle:
        return {(r["measure"], r["year"], r["period"]): float(r["value"]) for r in csv.DictReader(handle)}


def test_the_figures_worked_out_by_hand(city, tmp_path, capsys):
    streets, areas = city
    out_csv = tmp_path / "figures.csv"
    code, out, err = run(capsys, streets, "--areas", areas, "-o", out_csv)
    assert code == 0, err
    got = figures(out_csv)
    # All crime, April: every row in the city but anti-social behaviour: 30+25+20+18+16+14+12+10+8+5+10 = 168
    # (the 7 ASB rows, 4 outside the city and 2 with no location are left out); May adds 60 + 20: 248.
    assert got[("all_crime", "2015/16", "Apr")] == 168
    assert got[("all_crime", "2015/16", "May")] == 248
    # SAC each month: April 3 burglaries + 2 vehicle crimes + 1 robbery in the city = 6 (not the
    # burglaries outside it or with no location); May 10 robberies + 5 vehicle crimes = 15;
    # February 4 burglaries, March 3 robberies.
    assert got[("sac", "2015/16", "Apr")] == 6
    assert got[("sac", "2015/16", "May")] == 15
    assert got[("sac", "2014/15", "Feb")] == 4
    assert got[("sac", "2014/15", "Mar")] == 3
    # The gap, April: the top ten are N01..N10 (N10 and N11 tie at 5 per 1,000: N10 first by name):
    # 158 crimes / 10,000 = 15.8; the city 168 / 13,000 (N12's 1,000 residents count) = 12.923;
    # 2.876... -> 2.88. (Taking N11 instead would give 163 / 11,000 - 12.923 = 1.90.)
    assert got[("crime_gap", "2015/16", "Apr")] == 2.88
    # May, year to date: N01 90, N02 25, N03 20, N04 18, N05 16, N11 30/2,000 = 15, N06 14, N07 12,
    # N08 10, N09 8 are the top ten: 243 / 11,000 = 22.0909; the city 248 / 13,000 = 19.0769; 3.01.
    assert got[("crime_gap", "2015/16", "May")] == 3.01
    # The year boundary: 2014/15 has no April to January in the files, so no year-to-date figures.
    assert not [k for k in got if k[0] in ("all_crime", "crime_gap") and k[1] == "2014/15"]
    assert len(got) == 8  # 4 SAC, 2 all crime, 2 gap, and nothing else
    assert "N10, N11 tie at place 10 (5.00 per 1,000); the gap takes N10, first by name" in out
    assert "2014/15: the files hold it from 2015-02 only, and year-to-date figures (crime_gap, all_crime) count " \
           "every month from April: they cannot be made for 2014/15" in out
    assert "left out: 4 rows outside the city's LSOAs; 2 rows police.uk placed in no LSOA (no location given, or a " \
           "place outside England and Wales); 10 anti-social behaviour rows (a type no measure counts)\n" in out
    assert "read 4 file(s), 273 rows, 2015-02 to 2015-05, 1 force(s)" in out
    # N12's LSOA has no row in any month: said, not an error (1 of 13 LSOAs, under a tenth).
    assert "areas.csv: 1 of its 13 LSOA(s) have no row in any month of the files: E01000012" in out
    assert err == ""  # not a terminal: no progress

    # Beside it, the neighbourhoods behind each gap figure: April's top ten are N01..N10.
    with open(tmp_path / "figures-neighbourhoods.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    april = [r for r in rows if (r["year"], r["period"]) == ("2015/16", "Apr")]
    assert [r["neighbourhood"] for r in april] == [f"N{k:02d}" for k in range(1, 13)]
    assert april[0] == {"measure": "crime_gap", "year": "2015/16", "period": "Apr", "neighbourhood": "N01",
                        "population": "1000", "crimes": "30", "rate_per_1000": "30.00", "rank": "1",
                        "top_group": "yes"}
    assert [(r["rank"], r["rate_per_1000"], r["top_group"]) for r in april[9:]] == [
        ("10", "5.00", "yes"), ("11", "5.00", "no"), ("12", "0.00", "no")]  # N10 and N11 tie: N10 by name
    may = [r for r in rows if r["period"] == "May"]
    # May, year to date: N11's 30 crimes over 2,000 residents (15 per 1,000) put it sixth; N10 leaves.
    assert [r["neighbourhood"] for r in may if r["top_group"] == "yes"] == [
        "N01", "N02", "N03", "N04", "N05", "N11", "N06", "N07", "N08", "N09"]
    assert {(r["neighbourhood"], r["population"], r["crimes"], r["rate_per_1000"]) for r in may} >= {
        ("N11", "2000", "30", "15.00"), ("N01", "1000", "90", "90.00")}
    assert len(rows) == 24


def test_top_n_is_an_option(city, tmp_path, capsys):
    streets, areas = city
    out_csv = tmp_path / "figures.csv"
    assert run(capsys, streets / "2015-04", "--areas", areas, "-o", out_csv, "--top", "1")[0] == 0
    # N01 alone: 30 per 1,000, minus the city's 12.923: 17.08.
    assert figures(out_csv)[("crime_gap", "2015/16", "Apr")] == 17.08


def test_the_crime_types_are_the_registers(city, tmp_path, capsys):
    """A partnership that counts shoplifting as serious acquisitive crime changes the register only."""
    from importlib import resources

    streets, areas = city
    text = tmp_path / "measures.toml"
    bundled = resources.files("spp_xl.templates").joinpath("measures.toml").read_text()
    text.write_text(bundled.replace('crime_types = ["Burglary", "Robbery", "Vehicle crime"]',
                                    'crime_types = "Burglary; Robbery; Vehicle crime; Shoplifting"'))
    out_csv = tmp_path / "figures.csv"
    assert run(capsys, streets, "--areas", areas, "-o", out_csv, "--register", text)[0] == 0
    got = figures(out_csv)
    assert got[("sac", "2015/16", "Apr")] == 6 + 12  # N07's 12 shoplifting
    assert got[("sac", "2015/16", "May")] == 15 + 15


def test_a_whole_year_gets_its_out_turn(tmp_path, capsys):
    streets = tmp_path / "streets"
    for k, month in enumerate(["2015-04", "2015-05", "2015-06", "2015-07", "2015-08", "2015-09", "2015-10",
                               "2015-11", "2015-12", "2016-01", "2016-02", "2016-03"]):
        quiet = {n: [("Anti-social behaviour", 1)] for n in NEIGHBOURHOODS[2:]}  # every LSOA has a row
        write_street(streets, month, {"N01": [("Burglary", k + 1)], "N02": [("Drugs", 1)], **quiet,
                                      N11_SECOND: [("Anti-social behaviour", 1)]})
    out_csv = tmp_path / "figures.csv"
    code, out, _ = run(capsys, streets, "--areas", write_areas(tmp_path / "areas.csv"), "-o", out_csv)
    assert code == 0
    got = figures(out_csv)
    assert got[("sac", "2015/16", "Mar")] == 12
    assert got[("sac", "2015/16", "Year")] == sum(range(1, 13))  # 78
    assert got[("all_crime", "2015/16", "Mar")] == got[("all_crime", "2015/16", "Year")] == 78 + 12
    assert got[("crime_gap", "2015/16", "Year")] == got[("crime_gap", "2015/16", "Mar")]


def test_a_month_missing_between_others_is_a_finding(city, tmp_path, capsys):
    streets, areas = city
    for path in (streets / "2015-04").iterdir():
        path.unlink()
    quiet = {n: [("Anti-social behaviour", 1)] for n in NEIGHBOURHOODS if n not in MAY}  # every LSOA has a row
    write_street(streets, "2015-05", {**MAY, **quiet})
    out_csv = tmp_path / "figures.csv"
    code, out, err = run(capsys, streets, "--areas", areas, "-o", out_csv)
    assert code == 0, err
    assert "warning: 2015-04: no file from Devon & Cornwall Police, though there are files before and after, " \
           "and the city's figures count its rows" in out
    got = figures(out_csv)
    # May's own figure is still there; year-to-date figures for May would miss April: none.
    assert got[("sac", "2015/16", "May")] == 15
    assert ("all_crime", "2015/16", "May") not in got and ("crime_gap", "2015/16", "May") not in got
    assert "2015/16: year-to-date figures (crime_gap, all_crime) count every month from April, and 2015-04 is " \
           "not in the files in full (above): they cannot be made for 2015/16" in out


MANCHESTER, MIDDLESBROUGH = "E01005001", "E01012001"
NAMES.update({MANCHESTER: "Manchester 001A", MIDDLESBROUGH: "Middlesbrough 001A"})


def test_a_month_missing_from_one_force_withholds_only_what_needs_it(city, tmp_path, capsys):
    """Three forces: the city's, Greater Manchester (the family area Manchester) and Cleveland
    (Middlesbrough). Greater Manchester has no file for May: the city's figures are whole;
    only Manchester's family-group rate, which needs that force, is left blank, said."""
    streets, areas = city
    write_street(streets, "2015-06", {"N01": [("Drugs", 6)]})
    for month in ("2015-04", "2015-05", "2015-06"):
        write_street(streets, month, {MIDDLESBROUGH: [("Burglary", 3)]}, force="Cleveland Police")
        if month != "2015-05":
            write_street(streets, month, {MANCHESTER: [("Burglary", 5)]}, force="Greater Manchester Police")
    family = tmp_path / "family.csv"
    family.write_text("area,lsoa_code,population\n" + "".join(f"Plymouth,{c},{p}\n" for c, _, p in
                                                              csv.reader(areas.read_text().splitlines()[1:]))
                      + f"Manchester,{MANCHESTER},1000\nMiddlesbrough,{MIDDLESBROUGH},1500\n")
    out_csv = tmp_path / "figures.csv"
    code, out, err = run(capsys, streets, "--areas", areas, "-o", out_csv, "--family", family)
    assert code == 0, err
    got = figures(out_csv)
    # The city's figures run to June, May included: Greater Manchester's rows are none of the city's.
    assert got[("all_crime", "2015/16", "May")] == 248 and got[("all_crime", "2015/16", "Jun")] == 254
    assert got[("sac", "2015/16", "May")] == 15
    assert "Greater Manchester Police" not in out.split("family group")[0]  # no city finding names it
    # The family group, April to June: Plymouth 254 / 13,000 = 19.54; Middlesbrough 9 / 1,500 = 6.00;
    # Manchester blank: its force has no May.
    assert "family group, crimes per 1,000 residents: 01 Apr 15 - 30 Jun 15 | -" in out
    assert "Plymouth (ours): 19.54 | -" in out and "Middlesbrough: 6.00 | -" in out and "Manchester: - | -" in out
    assert "warning: family group: Manchester: its rate for 01 Apr 15 - 30 Jun 15 is left blank: Greater " \
           "Manchester Police has no file for 2015-05" in out
    assert "read 10 file(s)" in out and "3 force(s)" in out


def test_family_group_rates(city, tmp_path, capsys):
    streets, areas = city
    family = tmp_path / "family.csv"
    lines = [f"Plymouth,{code},{p}" for code, _, p in csv.reader(areas.read_text().splitlines()[1:])]
    family.write_text("area,lsoa_code,population\n" + "\n".join(lines) + f"\nElsewhere,{OUTSIDE},500\n"
                      "Nowhere,E01077777,900\n")
    out_csv = tmp_path / "figures.csv"
    code, out, _ = run(capsys, streets, "--areas", areas, "-o", out_csv, "--family", family)
    assert code == 0
    # April to May 2015/16: Plymouth 248 crimes / 13,000 = 19.08 per 1,000; Elsewhere 4 / 500 = 8.00;
    # Nowhere has no row in any file (its force's files were not given): blank, and said.
    assert "family group, crimes per 1,000 residents: 01 Apr 15 - 31 May 15 | -" in out
    assert "Plymouth (ours): 19.08 | -" in out
    assert "Elsewhere: 8.00 | -" in out
    assert "Nowhere: - | -" in out
    assert "family group: Nowhere" in out and "its rates are left blank" in out
    assert "period 2 (April to May 2014/15) is left blank" in out


def _family(areas, path):
    """FAMILY.csv: the city (every LSOA of AREAS.csv) and one other area."""
    path.write_text("area,lsoa_code,population\n" + "".join(f"Plymouth,{c},{p}\n" for c, _, p in
                                                            csv.reader(areas.read_text().splitlines()[1:]))
                    + f"Elsewhere,{OUTSIDE},500\n")
    return path


def test_round_trip_through_the_workbook(city, tmp_path, capsys):
    """police --workbook, then summary on the new workbook reports the computed figures."""
    import hashlib

    from spp_xl.sources import load_inputs
    from conftest import ROOT

    streets, areas = city
    book = ROOT / "workbook" / "SPP_Performance.xlsm"
    digest = hashlib.sha256(book.read_bytes()).hexdigest()
    family = _family(areas, tmp_path / "family.csv")
    new = tmp_path / "new.xlsm"
    code, out, err = run(capsys, streets, "--areas", areas, "--family", family, "--workbook", book, "-o", new)
    assert code == 0, err
    assert hashlib.sha256(book.read_bytes()).hexdigest() == digest  # BOOK untouched
    assert "all_crime 2015/16 Apr: 1,662 -> 168" in out
    assert "crime_gap 2015/16 May: 12.6 -> 3.01" in out
    assert "sac 2014/15 Feb: 171 -> 4" in out
    # The workbook reports to June (its other measures' figures run to June); the files stop at
    # May, so no family group for the workbook's period can be made: BOOK's is kept, and said.
    assert "family group not written: no area's rate could be made for April to June 2015/16, the period the " \
           "workbook reports" in out
    assert "family group: Plymouth: its rate for 01 Apr 15 - 30 Jun 15 is left blank: Devon & Cornwall Police " \
           "has no file for 2015-06" in out
    assert "Neighbourhoods sheet: 24 row(s)" in out

    # The hand-made files hold a few hundred crimes a month against last year's thousands in the
    # bundled workbook: the checks stop the report on those months until they are confirmed.
    assert main(["summary", str(new), "--as-of", "2015/16 May", "--json"]) == 1
    err = capsys.readouterr().err
    assert "all_crime 2015/16 May: the year-to-date figure 248" in err and "crime_gap 2015/16 May" in err
    before, after = load_inputs(book), load_inputs(new)
    results = summarise(after.register, after.dataset, "2015/16 May", strict=False)
    assert results.result("all_crime").ytd_actual == 248
    assert results.result("sac").ytd_actual == 6 + 15
    assert results.result("crime_gap").ytd_actual == 3.01

    year = FinancialYear(2015)
    assert after.dataset.series("all_crime", year)["Jun"] == 4799  # BOOK's own figure, kept
    assert after.dataset.series("asb", year) == before.dataset.series("asb", year)
    assert after.recommendations == before.recommendations and after.commentary == before.commentary
    assert after.family_group == before.family_group
    # The Neighbourhoods sheet reads back as the command computed it.
    may = sorted((f for f in after.neighbourhoods if f.period == "May"), key=lambda f: f.rank)
    assert [(f.neighbourhood, f.crimes, f.residents, f.rate, f.top) for f in may[5:7]] == [
        ("N11", 30, 2000, 15.0, True), ("N06", 14, 1000, 14.0, True)]
    assert {f.period for f in after.neighbourhoods} == {"Apr", "May"} and len(after.neighbourhoods) == 24


def test_the_workbooks_confirmations_and_its_own_findings_go_with_it(city, tmp_path, capsys):
    """BOOK's confirmations are the analyst's typed work: the new workbook keeps them, and a
    figure typed over a formula in BOOK is said not to be carried (as build-workbook says it)."""
    import openpyxl

    from spp_xl.sources import load_inputs
    from places import ROWS
    from spp_xl.workbook import layout as L
    from spp_xl.workbook import measure_schema as M
    from conftest import ROOT

    # BOOK: the bundled figures, and DV reporting's July typed 5,000 (June 504, last July 662:
    # far out, an error until confirmed) with yes in the confirmed column; then, in Excel's
    # place, 1,800 typed over the formula of ASB's running total for May (the formula gives 1,758).
    bundled = tmp_path / "bundled.csv"
    assert main(["data", str(ROOT / "workbook" / "SPP_Performance.xlsm"), "-o", str(bundled)]) == 0
    lines = bundled.read_text().splitlines()
    source = tmp_path / "confirmed.csv"
    source.write_text("\n".join([lines[0] + ",confirmed"] + [line + "," for line in lines[1:]]
                                + ["dv_reporting,2015/16,Jul,5000,yes"]) + "\n")
    book = tmp_path / "book.xlsm"
    assert main(["build-workbook", str(source), "-o", str(book)]) == 0
    edited = openpyxl.load_workbook(book, keep_vba=True)
    edited["asb"][L.cell(ROWS["this_cum"], M.FIRST_PERIOD_COL + 1)] = 1800
    edited.save(book)
    july = ("dv_reporting", FinancialYear(2015), "Jul", 5000.0)
    assert load_inputs(book).dataset.confirmed == frozenset({july})
    capsys.readouterr()

    streets, areas = city
    new = tmp_path / "new.xlsm"
    code, out, err = run(capsys, streets, "--areas", areas, "--workbook", book, "-o", new)
    assert code == 0, err
    assert "all_crime 2015/16 Apr: 1,662 -> 168" in out
    assert load_inputs(new).dataset.confirmed == frozenset({july})  # was frozenset(): the confirmation lost
    said = [line for line in out.splitlines() if line.startswith("not carried")]
    assert said == ["not carried into new.xlsm, which has its formulas and its own checks: WARNING: asb 2015/16 May: "
                    "1,800 typed over the formula of 'Cum Actuals 15/16' (May), a calculated cell: not used; the "
                    "formula gives 1,758. Copy the formula back from a cell of the row that still holds one "
                    f"[{book}: sheet 'asb', cell {L.cell(ROWS['this_cum'], M.FIRST_PERIOD_COL + 1)}]"]


def test_the_family_group_goes_in_for_the_period_the_workbook_reports(city, tmp_path, capsys):
    from spp_xl.sources import load_inputs
    from conftest import ROOT

    streets, areas = city
    write_street(streets, "2015-06", {"N01": [("Drugs", 6)], OUTSIDE: [("Drugs", 1)]})
    new = tmp_path / "new.xlsm"
    code, out, err = run(capsys, streets, "--areas", areas, "--family", _family(areas, tmp_path / "family.csv"),
                         "--workbook", ROOT / "workbook" / "SPP_Performance.xlsm", "-o", new)
    assert code == 0, err
    # April to June: Plymouth 254 crimes / 13,000 = 19.54; Elsewhere 5 / 500 = 10.00.
    assert "family group Plymouth 01 Apr 15 - 30 Jun 15: (blank) -> 19.54" in out
    assert "family group Elsewhere 01 Apr 15 - 30 Jun 15: (blank) -> 10.00" in out
    assert "and the family group" in out
    group = load_inputs(new).family_group
    rows = {r.partnership: r for r in group.rows}
    assert group.periods[0] == "01 Apr 15 - 30 Jun 15"
    assert rows["Plymouth"].rates == (19.54, None) and rows["Plymouth"].is_us
    assert rows["Elsewhere"].rates == (10.0, None) and not rows["Elsewhere"].is_us


def test_figures_for_a_year_the_workbook_has_no_cells_for_write_nothing(tmp_path, capsys):
    from conftest import ROOT

    streets = tmp_path / "streets"
    write_street(streets, "2013-04", {n: [("Burglary", 2)] for n in NEIGHBOURHOODS} | {N11_SECOND: [("Drugs", 1)]})
    new = tmp_path / "new.xlsm"
    code, out, err = run(capsys, streets, "--areas", write_areas(tmp_path / "areas.csv"),
                         "--workbook", ROOT / "workbook" / "SPP_Performance.xlsm", "-o", new)
    assert code == 1
    assert "no figure could be made from these files (none has a cell in the workbook for 2015/16: figures for " \
           "2013/14): nothing was written" in err
    assert not new.exists() and list(tmp_path.glob("*.xlsm")) == []


def test_progress_shows_on_a_terminal_only():
    import io

    from spp_xl.police import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    clock = iter([0.0, 1.0, 2.5, 2.6, 3.0]).__next__
    shown = Terminal()
    progress = Progress(shown, delay=2.0, clock=clock)
    progress.update("read 1/9 files")  # 1.0 s: too soon
    progress.update("read 2/9 files")  # 2.5 s: shown
    progress.update("read 3/9 files")  # 2.6 s: too soon after the last
    progress.update("read 4/9 files")  # 3.0 s: shown
    progress.done()
    text = shown.getvalue()
    assert "read 1/9" not in text and "read 3/9" not in text
    assert "\rspp-xl police: read 2/9 files" in text and "\rspp-xl police: read 4/9 files" in text
    assert text.endswith("\r")  # wiped

    piped = io.StringIO()
    quiet = Progress(piped, delay=0.0, clock=iter([0.0, 5.0]).__next__)
    quiet.update("read 1/9 files")
    quiet.done()
    assert piped.getvalue() == ""
