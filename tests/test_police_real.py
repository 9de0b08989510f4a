"""spp-xl police on files as police.uk and ONS really give them: the zip download, LSOA codes
of the other census (with and without ONS's lookup), British Transport Police, a file that
holds only its header, a run that gives no figure, an areas file whose codes are in no row,
a gap of exactly x.xx5, and a family group of another year offered to a workbook.

The city and its files are test_police's: twelve neighbourhoods N01..N12 of 1,000 residents
(N11 2,000 in two LSOAs), February to May 2015; April's all crime is 168 and its gap 2.88.
"""

from __future__ import annotations

import csv
import shutil
import zipfile

from spp_xl.cli import main
import pytest

from test_police import (LSOA, N11_SECOND, NAMES, NEIGHBOURHOODS, OUTSIDE, figures, make_city, run, street_rows,
                         write_areas, write_street)

BTP = "British Transport Police"


@pytest.fixture
def city(tmp_path):
    return make_city(tmp_path)


def _zip(folder, path, extra=()):
    """The files of ``folder`` as police.uk's download: a zip of month folders, outcomes files too."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in sorted(folder.rglob("*.csv")):
            archive.write(item, item.relative_to(folder).as_posix())
            archive.writestr(item.relative_to(folder).as_posix().replace("-street", "-outcomes"),
                             "Crime ID,Month,Reported by,Falls within,Outcome type\n")
        for name, text in extra:
            archive.writestr(name, text)
    return path


def test_the_zip_download_is_read_as_it_comes(city, tmp_path, capsys):
    streets, areas = city
    code, _, err = run(capsys, streets, "--areas", areas, "-o", tmp_path / "from_folder.csv")
    assert code == 0, err
    download = _zip(streets, tmp_path / "police_uk_download.zip")
    code, out, err = run(capsys, download, "--areas", areas, "-o", tmp_path / "from_zip.csv")
    assert code == 0, err
    assert (tmp_path / "from_zip.csv").read_text() == (tmp_path / "from_folder.csv").read_text()
    assert (tmp_path / "from_zip-neighbourhoods.csv").read_text() == \
        (tmp_path / "from_folder-neighbourhoods.csv").read_text()
    assert "read 4 file(s) (4 from zip archives), 273 rows, 2015-02 to 2015-05" in out
    assert not [p for p in tmp_path.rglob("*") if p.suffix == ".csv" and "outcomes" in p.name]  # nothing unpacked

    # A folder holding only the zip is read the same; a file in the zip and a file on disk of
    # the same force's month would be counted twice: refused, naming both.
    only = tmp_path / "downloads"
    only.mkdir()
    shutil.copy(download, only / "download.zip")
    code, _, err = run(capsys, only, "--areas", areas, "-o", tmp_path / "from_folder_of_zip.csv")
    assert code == 0, err
    assert (tmp_path / "from_folder_of_zip.csv").read_text() == (tmp_path / "from_folder.csv").read_text()
    code, _, err = run(capsys, download, streets / "2015-04", "--areas", areas, "-o", tmp_path / "twice.csv")
    assert code == 2
    assert f"{download}/2015-04/2015-04-devon-and-cornwall-street.csv holds too: it would be counted twice" in err


def test_a_macs_own_files_beside_the_street_files_are_not_read(city, tmp_path, capsys):
    """A zip made again on a Mac holds __MACOSX/2015-04/._2015-04-...-street.csv beside each file
    (the Finder's resource data, a few binary bytes), and a Mac writing to a USB stick or a share
    leaves ._ files beside them: neither is a street file, and the run was refused for its
    'header' (\\x00\\x05\\x16\\x07...). Read past, the figures are the folder's own."""
    streets, areas = city
    code, _, err = run(capsys, streets, "--areas", areas, "-o", tmp_path / "plain.csv")
    assert code == 0, err
    apple = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + bytes(40)
    extra = [(f"__MACOSX/{p.parent.name}/._{p.name}", apple) for p in sorted(streets.rglob("*.csv"))]
    download = _zip(streets, tmp_path / "mac.zip", extra)
    code, _, err = run(capsys, download, "--areas", areas, "-o", tmp_path / "from_mac_zip.csv")
    assert code == 0, err  # was 2: "mac.zip/__MACOSX/2015-02/._2015-02-...: line 1: is not a police.uk street-level file"
    assert (tmp_path / "from_mac_zip.csv").read_text() == (tmp_path / "plain.csv").read_text()
    for p in sorted(streets.rglob("*.csv")):
        (p.parent / f"._{p.name}").write_bytes(apple)
    code, _, err = run(capsys, streets, "--areas", areas, "-o", tmp_path / "from_stick.csv")
    assert code == 0, err
    assert (tmp_path / "from_stick.csv").read_text() == (tmp_path / "plain.csv").read_text()


# ONS's lookup: 2011's E01000003 (N03) split into two 2021 LSOAs; E01000004 (N04) and
# E01000005 (N05) merged into one, across two neighbourhoods; the others unchanged.
SPLIT = ("E01033001", "E01033002")
MERGED = "E01033010"
NAMES.update({SPLIT[0]: "Plymouth 003E", SPLIT[1]: "Plymouth 003F", MERGED: "Plymouth 004E"})


def _lookup(path):
    rows = [(LSOA["N03"], SPLIT[0], "S"), (LSOA["N03"], SPLIT[1], "S"), (LSOA["N04"], MERGED, "M"),
            (LSOA["N05"], MERGED, "M")]
    rows += [(c, c, "U") for n, c in LSOA.items() if n not in ("N03", "N04", "N05")] + [(N11_SECOND, N11_SECOND, "U")]
    path.write_text("LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND,LAD22CD,LAD22NM,LAD22NMW,ObjectId\n" + "".join(
        f"{a},Plymouth {a[-3:]}A,{b},{NAMES.get(b, 'Plymouth ' + b[-3:] + 'A')},{k},E06000026,Plymouth,,{i}\n"
        for i, (a, b, k) in enumerate(rows, start=1)), encoding="utf-8-sig")
    return path


def _2021_files(folder):
    """April 2015 with 2021 codes: N03's 20 crimes in its two parts (12 and 8), N04's 18 and
    N05's 16 in the merged LSOA; everything else as test_police's April."""
    from test_police import APRIL

    crimes = {k: v for k, v in APRIL.items() if k not in ("N03", "N04", "N05")}
    crimes.update({SPLIT[0]: [("Criminal damage and arson", 12)], SPLIT[1]: [("Criminal damage and arson", 8)],
                   MERGED: [("Public order", 18), ("Drugs", 16)]})
    return write_street(folder, "2015-04", crimes)


def test_2021_codes_without_the_lookup_are_refused_naming_them(tmp_path, capsys):
    _2021_files(tmp_path / "streets")
    areas = write_areas(tmp_path / "areas.csv")
    code, out, err = run(capsys, tmp_path / "streets", "--areas", areas, "-o", tmp_path / "f.csv")
    assert code == 1
    assert err == (f"spp-xl: {areas}: 54 rows in 3 LSOA(s) of Plymouth (by police.uk's LSOA names) that it does not "
                   "list would be left out: E01033010 (Plymouth 004E, 34 rows), E01033001 (Plymouth 003E, 12 rows), "
                   "E01033002 (Plymouth 003F, 8 rows); are its codes of the other census (2011 or 2021)? Give ONS's "
                   "LSOA (2011) to LSOA (2021) lookup with --lsoa-lookup FILE, or add them to the file; nothing was "
                   "written\n")
    assert list(tmp_path.glob("f*.csv")) == []


def test_2021_codes_with_the_lookup_split_and_merged_across_neighbourhoods(tmp_path, capsys):
    _2021_files(tmp_path / "streets")
    areas = write_areas(tmp_path / "areas.csv")
    code, out, err = run(capsys, tmp_path / "streets", "--areas", areas, "-o", tmp_path / "f.csv",
                         "--lsoa-lookup", _lookup(tmp_path / "LSOA11_LSOA21_LAD22_EW_LU.csv"))
    assert code == 0, err
    got = figures(tmp_path / "f.csv")
    # Every row is the city's, the merged LSOA's too: all crime is April's 168, as with 2011 codes.
    assert got[("all_crime", "2015/16", "Apr")] == 168
    # The split parts are N03's (20 crimes); the merged LSOA's 34 may be N04's or N05's: left out of
    # the neighbourhoods, so N04 and N05 count 0. Top ten: N01 30, N02 25, N03 20, N06 14, N07 12,
    # N08 10, N09 8, N10 5, N11 10/2,000, then N04 (0, first by name of N04, N05, N12): 134 crimes
    # over 11,000 residents = 12.1818; the city's neighbourhoods 134 / 13,000 = 10.3077; 1.87.
    assert got[("crime_gap", "2015/16", "Apr")] == 1.87
    assert (f"{areas}: 34 rows lie in LSOA(s) that ONS's lookup spreads over several of its areas, so which one "
            "they belong to is not known: E01033010 (34 rows; N04, N05); they are counted in the city's counts, but "
            "left out of every neighbourhood's rate and so of the crime gap") in out
    with open(tmp_path / "f-neighbourhoods.csv", newline="") as handle:
        n03 = next(r for r in csv.DictReader(handle) if r["neighbourhood"] == "N03")
    assert (n03["crimes"], n03["rank"]) == ("20", "3")
    # N03's and N04's 2011 LSOAs are found through their parts; N12's has no crime.
    assert "1 of its 13 LSOA(s) have no row in any month of the files: E01000012 (" in out


def test_the_family_group_is_placed_through_the_lookup_too(tmp_path, capsys):
    """FAMILY.csv of 2011 codes against the 2021 files: the merged LSOA lies across two
    neighbourhoods but in one family area, so the family group counts its rows."""
    _2021_files(tmp_path / "streets")
    areas = write_areas(tmp_path / "areas.csv")
    family = tmp_path / "family.csv"
    family.write_text("area,lsoa_code,population\n" + "".join(f"Plymouth,{c},{p}\n" for c, _, p in
                                                              csv.reader(areas.read_text().splitlines()[1:])))
    code, out, err = run(capsys, tmp_path / "streets", "--areas", areas, "--family", family, "-o", tmp_path / "f.csv",
                         "--lsoa-lookup", _lookup(tmp_path / "lookup.csv"))
    assert code == 0, err
    assert "Plymouth (ours): 12.92 | -" in out  # all 168 of April's crimes over 13,000 residents
    assert "family.csv: " not in out  # nothing of the family group's left unplaced


def test_2021_areas_with_2011_files_through_the_lookup(city, tmp_path, capsys):
    """The other direction: an areas file of 2021 codes (N03's LSOA split in two, both N03's;
    N11's two LSOAs merged into one) against the 2011 files: the same figures as 2011 areas."""
    streets, areas_2011 = city
    code, _, err = run(capsys, streets, "--areas", areas_2011, "-o", tmp_path / "by_2011.csv")
    assert code == 0, err
    merged_n11 = "E01033020"
    rows = [(c, n, 2000 if n == "N11" else 1000) for n, c in LSOA.items() if n not in ("N03", "N11")]
    rows += [(SPLIT[0], "N03", 600), (SPLIT[1], "N03", 400), (merged_n11, "N11", 2000)]
    areas = write_areas(tmp_path / "areas_2021.csv", rows)
    lookup = _lookup(tmp_path / "lookup.csv")
    lookup.write_text(lookup.read_text(encoding="utf-8-sig").replace(
        f"{LSOA['N11']},Plymouth 011A,{LSOA['N11']},Plymouth 011A,U", f"{LSOA['N11']},Plymouth 011A,{merged_n11},"
        "Plymouth 011E,M").replace(f"{N11_SECOND},Plymouth 111A,{N11_SECOND},Plymouth 111A,U",
                                   f"{N11_SECOND},Plymouth 111A,{merged_n11},Plymouth 011E,M"))
    code, out, err = run(capsys, streets, "--areas", areas, "-o", tmp_path / "by_2021.csv", "--lsoa-lookup", lookup)
    assert code == 0, err
    assert (tmp_path / "by_2021.csv").read_text() == (tmp_path / "by_2011.csv").read_text()
    assert "LSOA(s) have no row" in out and merged_n11 not in out.split("have no row")[1].splitlines()[0]


def test_british_transport_police_is_left_out_and_counted(city, tmp_path, capsys):
    streets, areas = city
    write_street(streets, "2015-04", {"N03": [("Theft from the person", 2)], "": [("Other theft", 5)]}, force=BTP)
    path = write_street(streets, "2015-05", {"N01": [("Public order", 1)]}, force=BTP)
    assert path.name == "2015-05-british-transport-street.csv"
    code, out, err = run(capsys, streets, "--areas", areas, "-o", tmp_path / "f.csv")
    assert code == 0, err
    assert figures(tmp_path / "f.csv")[("all_crime", "2015/16", "Apr")] == 168  # not 170
    assert "; 8 British Transport Police rows (the railways' own force: not the partnership's recorded crime; " \
           "--include-btp counts them)" in out
    assert "2 rows police.uk placed in no LSOA" in out  # the railway station's 5 rows are BTP's, left out apart

    code, out, err = run(capsys, streets, "--areas", areas, "-o", tmp_path / "with_btp.csv", "--include-btp")
    assert code == 0, err
    got = figures(tmp_path / "with_btp.csv")
    assert got[("all_crime", "2015/16", "Apr")] == 168 + 2 and got[("all_crime", "2015/16", "May")] == 248 + 3
    assert "7 rows police.uk placed in no LSOA (no location given, or a place outside England and Wales)" in out
    # With BTP counted, the city needs its months too: it has none for February and March.
    assert ("2015-02 to 2015-03: no file from British Transport Police (Devon & Cornwall Police has one), and the "
            "city's figures count its rows") in out
    assert ("sac", "2014/15", "Feb") not in got


def test_a_run_that_gives_no_figure_is_an_error_and_writes_nothing(city, tmp_path, capsys):
    """A stray transport police file of another year, with 20 of the city's crimes: left out,
    it changes nothing; counted (--include-btp), the city's figures need its months as well
    as its own force's, and no month has both: no figure can be made, exit 1."""
    streets, areas = city
    write_street(streets, "2020-01", {"N03": [("Theft from the person", 20)]}, force=BTP)
    code, out, err = run(capsys, streets, "--areas", areas, "-o", tmp_path / "f.csv")
    assert code == 0, err
    assert figures(tmp_path / "f.csv")[("all_crime", "2015/16", "May")] == 248
    code, out, err = run(capsys, streets, "--areas", areas, "-o", tmp_path / "g.csv", "--include-btp", "--force")
    assert code == 1
    assert err == ("spp-xl: no figure could be made from these files (no month of the city is in them in full): "
                   "nothing was written; the warnings above say what is missing\n")
    assert not (tmp_path / "g.csv").exists() and not (tmp_path / "g-neighbourhoods.csv").exists()
    warnings = [line for line in out.splitlines() if line.startswith("warning: ")]
    assert "warning: 2015-06 to 2019-12: no file from British Transport Police, Devon & Cornwall Police, though " \
           "there are files before and after" in out and len(warnings) == 4, warnings


def test_a_force_with_a_few_of_the_citys_rows_withholds_nothing(city, tmp_path, capsys):
    """A neighbouring force's one file holding a crime mapped into the city (1 of its 274 rows,
    under a hundredth): the city's figures are made for every month, and that is said."""
    streets, areas = city
    write_street(streets, "2015-04", {"N03": [("Drugs", 1)], OUTSIDE: [("Drugs", 40)]}, force="Dorset Police")
    code, out, err = run(capsys, streets, "--areas", areas, "-o", tmp_path / "f.csv")
    assert code == 0, err
    got = figures(tmp_path / "f.csv")
    assert got[("all_crime", "2015/16", "Apr")] == 169 and got[("all_crime", "2015/16", "May")] == 249
    assert got[("sac", "2014/15", "Feb")] == 4
    assert "warning: Dorset Police has a few of the city's rows (under 1% of them) and no file for 2015-02 to " \
           "2015-03, 2015-05: those months' figures are made without it, and may miss a few of its rows" in out
    # The family group's Plymouth says the same of its rows, as a family-group finding (it read
    # "Dorset Police has a few of family group: Plymouth's rows").
    family = tmp_path / "family.csv"
    family.write_text("area,lsoa_code,population\n" + "".join(f"Plymouth,{c},{p}\n" for c, _, p in
                                                              csv.reader(areas.read_text().splitlines()[1:])))
    code, out, err = run(capsys, streets, "--areas", areas, "--family", family, "-o", tmp_path / "g.csv")
    assert code == 0, err
    assert "warning: family group: Dorset Police has a few of Plymouth's rows (under 1% of them) and no file for " \
           "2015-02 to 2015-03, 2015-05: those months' figures are made without it" in out


def test_a_file_of_its_header_alone_is_a_month_with_no_crimes(city, tmp_path, capsys):
    streets, areas = city
    path = write_street(streets, "2015-06", {})
    code, out, err = run(capsys, streets, "--areas", areas, "-o", tmp_path / "f.csv")
    assert code == 0, err
    got = figures(tmp_path / "f.csv")
    assert got[("sac", "2015/16", "Jun")] == 0 and got[("all_crime", "2015/16", "Jun")] == 248
    assert f"warning: {path}: holds only its header: Devon & Cornwall Police's 2015-06 is taken as a month with no " \
           "crimes" in out


def test_an_areas_file_whose_codes_are_in_no_row(city, tmp_path, capsys):
    streets, areas = city
    write_street(streets, "2015-06", {"N12": [("Anti-social behaviour", 1)]})
    rows = [(LSOA[n], n, 2000 if n == "N11" else 1000) for n in NEIGHBOURHOODS if n != "N11"]
    rows += [(LSOA["N11"], "N11", 1200), (N11_SECOND, "N11", 800)]
    # A tenth or fewer: said. E01099001 is in no file.
    write_areas(areas, rows + [("E01099001", "N12", 500)])
    code, out, err = run(capsys, streets, "--areas", areas, "-o", tmp_path / "f.csv")
    assert code == 0, err
    assert f"warning: {areas}: 1 of its 14 LSOA(s) have no row in any month of the files: E01099001 (" in out
    # More than a tenth of the city's LSOAs: the files or the codes are wrong: exit 1.
    write_areas(areas, rows + [("E01099001", "N12", 500), ("E01099002", "N12", 500)])
    code, out, err = run(capsys, streets, "--areas", areas, "-o", tmp_path / "g.csv")
    assert code == 1
    assert err.startswith(f"spp-xl: {areas}: 2 of its 15 LSOA(s) have no row in any month of the files: E01099001, "
                          "E01099002")
    assert "more than a tenth of the city's LSOAs, so its figures would be far too low: nothing was written" in err
    assert not (tmp_path / "g.csv").exists()


def test_a_gap_of_exactly_three_point_one_two_five_rounds_up(tmp_path, capsys):
    """Two neighbourhoods of 8,000 residents with 60 and 10 crimes, the top one: 60 / 8,000 =
    7.5 per 1,000 against the city's 70 / 16,000 = 4.375: a gap of exactly 3.125, written
    3.13 as Excel's ROUND writes it (Python's round() gives 3.12). The family group's rate
    of 25 crimes over 8,000 residents, exactly 3.125, is 3.13 too."""
    (tmp_path / "streets" / "2015-04").mkdir(parents=True)
    a, b, torbay = "E01000001", "E01000002", "E01040003"
    NAMES[torbay] = "Torbay 003A"
    rows = street_rows("2015-04", "Devon & Cornwall Police", {a: [("Burglary", 60)], b: [("Drugs", 10)],
                                                              torbay: [("Burglary", 25)]})
    with (tmp_path / "streets" / "2015-04" / "2015-04-devon-and-cornwall-street.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                         "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"])
        writer.writerows(rows)
    areas = write_areas(tmp_path / "areas.csv", [(a, "Hot", 8000), (b, "Cool", 8000)])
    family = tmp_path / "family.csv"
    family.write_text(f"area,lsoa_code,population\nPlymouth,{a},8000\nPlymouth,{b},8000\nTorbay,{torbay},8000\n")
    code, out, err = run(capsys, tmp_path / "streets", "--areas", areas, "--top", "1", "--family", family,
                         "-o", tmp_path / "f.csv")
    assert code == 0, err
    assert round(1000 * 60 / 8000 - 1000 * 70 / 16000, 2) == 3.12  # what round() made of it
    assert figures(tmp_path / "f.csv")[("crime_gap", "2015/16", "Apr")] == 3.13
    assert "Torbay: 3.13 | -" in out and "Plymouth (ours): 4.38 | -" in out  # 70 / 16,000 = 4.375


def test_a_family_group_of_another_year_is_not_written_into_the_workbook(tmp_path, capsys):
    """Files of January to June 2016 on the 2015/16 workbook: its January to March SAC go in;
    the 2016/17 figures have no cell; the workbook still reports 2015/16 to June (its other
    measures' figures), and the files hold no month of April to June 2015: the family group for
    April to June 2016 is not written into it, said."""
    from conftest import ROOT
    from spp_xl.sources import load_inputs

    streets = tmp_path / "streets"
    every = {n: [("Burglary", 1)] for n in NEIGHBOURHOODS} | {N11_SECOND: [("Drugs", 1)], OUTSIDE: [("Drugs", 3)]}
    for month in ("2016-01", "2016-02", "2016-03", "2016-04", "2016-05", "2016-06"):
        write_street(streets, month, every)
    areas = write_areas(tmp_path / "areas.csv")
    family = tmp_path / "family.csv"
    family.write_text("area,lsoa_code,population\n" + "".join(f"Plymouth,{c},{p}\n" for c, _, p in
                                                              csv.reader(areas.read_text().splitlines()[1:]))
                      + f"Elsewhere,{OUTSIDE},500\n")
    book = ROOT / "workbook" / "SPP_Performance.xlsm"
    new = tmp_path / "new.xlsm"
    code, out, err = run(capsys, streets, "--areas", areas, "--family", family, "--workbook", book, "-o", new)
    assert code == 0, err
    assert "sac 2015/16 Jan:" in out and "sac 2015/16 Mar:" in out
    assert "not in the workbook: " in out and " for 2016/17 (e.g. " in out
    assert "family group not written: no area's rate could be made for April to June 2015/16, the period the " \
           "workbook reports" in out
    assert "family group Plymouth 01 Apr 16" not in out
    assert load_inputs(new).family_group == load_inputs(book).family_group


def test_an_existing_neighbourhoods_file_is_kept_without_force(city, tmp_path, capsys):
    streets, areas = city
    side = tmp_path / "f-neighbourhoods.csv"
    side.write_text("keep me")
    code = main(["police", str(streets), "--areas", str(areas), "-o", str(tmp_path / "f.csv")])
    assert code == 2 and "f-neighbourhoods.csv: already exists; use --force" in capsys.readouterr().err
    assert side.read_text() == "keep me" and not (tmp_path / "f.csv").exists()


def test_without_a_gap_measure_there_is_no_neighbourhoods_file(city, tmp_path, capsys):
    streets, areas = city
    register = tmp_path / "measures.toml"
    register.write_text('year = "2015/16"\n[[measure]]\nid = "sac"\ntitle = "SAC"\ndirection = "monitor"\n'
                        'frequency = "monthly"\ncrime_types = "Burglary; Robbery; Vehicle crime"\n')
    code, out, err = run(capsys, streets, "--areas", areas, "--register", register, "-o", tmp_path / "f.csv")
    assert code == 0, err
    assert figures(tmp_path / "f.csv")[("sac", "2015/16", "Apr")] == 6
    assert not (tmp_path / "f-neighbourhoods.csv").exists() and "neighbourhoods" not in out
