"""spp-xl police refuses what it cannot use: one line naming the file and what is wrong,
exit 2, nothing written. What is only a finding (a month missing, years mixed) says so and
goes on."""

from __future__ import annotations

import shutil

import pytest

from spp_xl.cli import main
from test_police import APRIL, FEBRUARY, MARCH, MAY, write_areas, write_street

OUTCOMES_HEADER = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                   "LSOA code", "LSOA name", "Outcome type")


@pytest.fixture
def setup(tmp_path):
    streets = tmp_path / "streets"
    for month, crimes in (("2015-02", FEBRUARY), ("2015-03", MARCH), ("2015-04", APRIL), ("2015-05", MAY)):
        write_street(streets, month, crimes)
    out = tmp_path / "out"
    out.mkdir()
    return {"streets": streets, "areas": write_areas(tmp_path / "areas.csv"), "out": out, "tmp": tmp_path}


def _outcomes_file(s):
    path = write_street(s["streets"], "2015-04", {}, name="2015-04-devon-and-cornwall-outcomes.csv",
                        header=OUTCOMES_HEADER)
    return [str(path)], str(path), "line 1: is not a police.uk street-level file: its header (Crime ID,Month," \
        "Reported by,Falls within,Longitude,Latitud...) has no Crime type; expected Crime ID,Month,"


def _same_month_twice(s):
    first = next((s["streets"] / "2015-04").iterdir())
    copy = s["streets"] / "2015-04" / "zcopy-2015-04-devon-and-cornwall-street.csv"
    shutil.copy(first, copy)
    return [str(s["streets"])], str(copy), \
        f"holds Devon & Cornwall Police's 2015-04, which {first} holds too: it would be counted twice"


def _bad_month(s):
    path = write_street(s["streets"], "2015-06", {"N01": [("Drugs", 2)]})
    path.write_text(path.read_text().replace(",2015-06,", ",2015-6,", 2).replace(",2015-6,", ",2015-06,", 1))
    return [str(s["streets"])], str(path), "line 3, column Month: '2015-6' is not a month written YYYY-MM"


def _empty_folder(s):
    empty = s["tmp"] / "empty"
    empty.mkdir()
    return [str(empty)], str(empty), "holds no police.uk street files (*-street.csv"


def _short_row(s):
    path = write_street(s["streets"], "2015-06", {"N01": [("Drugs", 3)]})
    lines = path.read_text().splitlines()
    lines[2] = lines[2][:30]
    path.write_text("\n".join(lines) + "\n")
    return [str(path)], str(path), "line 3: has 2 columns, the header has 12 (a file cut short, or edited?)"


def _not_utf8(s):
    path = write_street(s["streets"], "2015-06", {"N01": [("Drugs", 1)]})
    path.write_bytes(path.read_bytes().replace(b"Drugs", b"Dr\xf6gs"))
    return [str(path)], str(path), "is not UTF-8 text"


def _empty_file(s):
    path = s["streets"] / "2015-06-devon-and-cornwall-street.csv"
    path.write_text("")
    return [str(path)], str(path), "is empty; a police.uk street file starts with the header Crime ID,Month,"


def _missing_path(s):
    return [str(s["tmp"] / "nowhere")], str(s["tmp"] / "nowhere"), "file or folder not found"


def _month_not_its_name(s):
    path = write_street(s["streets"], "2015-06", {"N01": [("Drugs", 2)]})
    path.write_text(path.read_text().replace(",2015-06,", ",2015-07,"))
    return [str(s["streets"])], str(path), ("line 2, column Month: 2015-07 is not the month its name gives, 2015-06; "
                                            "a file holds one force's month: was it renamed?")


def _header_only_unnamed(s):
    path = write_street(s["streets"], "2015-06", {}, name="june.csv")
    return [*map(str, s["streets"].rglob("*-street.csv")), str(path)], str(path), \
        "holds only its header, and its name does not say which force and month it is (police.uk names its files " \
        "YYYY-MM-<force>-street.csv)"


def _corrupt_zip(s):
    path = s["tmp"] / "download.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    return [str(path)], str(path), "is not a zip archive that can be read"


def _zip_without_street_files(s):
    import zipfile

    path = s["tmp"] / "download.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("2015-04/2015-04-devon-and-cornwall-outcomes.csv", "Crime ID,Month\n")
    return [str(path)], str(path), "holds no police.uk street files (*-street.csv); police.uk's download holds one"


def _folder_of_an_empty_zip(s):
    import zipfile

    folder = s["tmp"] / "downloads"
    folder.mkdir()
    with zipfile.ZipFile(folder / "download.zip", "w") as archive:
        archive.writestr("readme.txt", "nothing here")
    return [str(folder)], str(folder), "holds no police.uk street files (*-street.csv in YYYY-MM folders, or the " \
        "zip archive police.uk's download gives)"


def _a_zip_member_cut_short(s):
    import zipfile

    path = s["tmp"] / "download.zip"
    text = write_street(s["tmp"] / "staging", "2015-06", {"N01": [("Drugs", 3)]}).read_text().splitlines()
    text[2] = text[2][:30]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("2015-06/2015-06-devon-and-cornwall-street.csv", "\n".join(text) + "\n")
    return [str(path)], f"{path}/2015-06/2015-06-devon-and-cornwall-street.csv", \
        "line 3: has 2 columns, the header has 12 (a file cut short, or edited?)"


def _same_folder_twice(s):
    # The files of a folder given twice (or a zip, and the folder holding it) would each be
    # counted twice: every figure doubled, exit 0, where the same month in two files is refused.
    first = sorted((s["streets"] / "2015-02").iterdir())[0]
    return [str(s["streets"]), str(s["streets"])], str(first), \
        f"is read twice (also as {first}, by the paths given): it would be counted twice; give each file, folder " \
        "or zip archive once"


def _zip_and_its_folder(s):
    import zipfile

    download = s["tmp"] / "downloads" / "download.zip"
    download.parent.mkdir()
    with zipfile.ZipFile(download, "w") as archive:
        archive.write(next((s["streets"] / "2015-04").iterdir()), "2015-04/2015-04-devon-and-cornwall-street.csv")
    member = f"{download}/2015-04/2015-04-devon-and-cornwall-street.csv"
    return [str(download.parent), str(download)], member, \
        f"is read twice (also as {member}, by the paths given): it would be counted twice"


FILE_CASES = {"outcomes file": _outcomes_file, "same month twice": _same_month_twice, "month not YYYY-MM": _bad_month,
              "empty folder": _empty_folder, "short row": _short_row, "not UTF-8": _not_utf8,
              "empty file": _empty_file, "missing path": _missing_path, "month not its name": _month_not_its_name,
              "header only, name of another form": _header_only_unnamed, "corrupt zip": _corrupt_zip,
              "zip without street files": _zip_without_street_files, "folder of an empty zip": _folder_of_an_empty_zip,
              "zip member cut short": _a_zip_member_cut_short, "same folder twice": _same_folder_twice,
              "a zip and the folder holding it": _zip_and_its_folder}

AREAS_CASES = {  # AREAS.csv text -> the message after "areas.csv: "
    "LSOA twice": ("lsoa_code,neighbourhood,population\nE01000001,N01,1000\nE01000002,N02,900\nE01000001,N03,800\n",
                   "line 4, column lsoa_code: E01000001 is listed twice (also line 2); each LSOA belongs to one "
                   "neighbourhood"),
    "population zero": ("lsoa_code,neighbourhood,population\nE01000001,N01,0\n",
                        "line 2, column population: '0' is not a positive whole number of residents"),
    "population negative": ("lsoa_code,neighbourhood,population\nE01000001,N01,-40\n",
                            "line 2, column population: '-40' is not a positive whole number of residents"),
    "population text": ("lsoa_code,neighbourhood,population\nE01000001,N01,many\n",
                        "line 2, column population: 'many' is not a positive whole number of residents"),
    "population blank": ("lsoa_code,neighbourhood,population\nE01000001,N01,\n",
                         "line 2, column population: '' is not a positive whole number of residents"),
    "population with an unquoted thousands comma": (
        "lsoa_code,neighbourhood,population\nE01000001,N01,1,037\n",
        'line 2: has 4 fields, the header has 3: a population written 1,037 needs quotes ("1,037") or no comma'),
    "population a fraction": ("lsoa_code,neighbourhood,population\nE01000001,N01,0.5\n",
                              "line 2, column population: '0.5' is not a positive whole number of residents"),
    "population with a decimal point": ("lsoa_code,neighbourhood,population\nE01000001,N01,1.037\n",
                                        "line 2, column population: '1.037' is not a positive whole number"),
    "population badly grouped": ('lsoa_code,neighbourhood,population\nE01000001,N01,"10,37"\n',
                                 "line 2, column population: '10,37' is not a positive whole number"),
    "too few fields": ("lsoa_code,neighbourhood,population\nE01000001,N01\n",
                       "line 2: has 2 fields, the header has 3 (a comma in a name needs the name in quotes)"),
    "too many fields": ("lsoa_code,neighbourhood,population\nE01000001,N01,1000,extra\n",
                        "line 2: has 4 fields, the header has 3 (a comma in a name needs the name in quotes)"),
    "names differing in case": ("lsoa_code,neighbourhood,population\nE01000001,N01,1000\nE01000002,n01,900\n",
                                "line 3, column neighbourhood: 'n01' differs from 'N01' (line 2) only in its case "
                                "or spaces: write it one way"),
    "names differing in spaces": ("lsoa_code,neighbourhood,population\nE01000001,North Prospect,1000\n"
                                  "E01000002,North  Prospect,900\n",
                                  "line 3, column neighbourhood: 'North  Prospect' differs from 'North Prospect' "
                                  "(line 2) only in its case or spaces"),
    "not an LSOA code": ("lsoa_code,neighbourhood,population\ne01000001,N01,1000\n",
                         "line 2, column lsoa_code: 'e01000001' is not an LSOA code (E01 or W01 and six digits"),
    "no neighbourhood": ("lsoa_code,neighbourhood,population\nE01000001,,1000\n",
                         "line 2, column neighbourhood: is blank"),
    "missing column": ("lsoa,neighbourhood,population\nE01000001,N01,1000\n",
                       "line 1: missing column(s) lsoa_code; expected the header lsoa_code,neighbourhood,population"),
    "empty": ("", "is empty; expected the header lsoa_code,neighbourhood,population"),
    "header only": ("lsoa_code,neighbourhood,population\n",
                    "holds no LSOAs; expected a row per LSOA under the header lsoa_code,neighbourhood,population"),
    "no LSOA of the files": ("lsoa_code,neighbourhood,population\n" + "".join(
        f"W0100{k:04d},M{k:02d},1000\n" for k in range(12)),
        "none of its LSOAs has a row in the 4 file(s) read: are they the city's force's files"),
}


def refused(capsys, argv, where, message, out):
    code = main(["police", *map(str, argv)])
    printed, err = capsys.readouterr()
    assert code == 2, printed + err
    assert err.count("\n") == 1, err  # one line
    assert err.startswith(f"spp-xl: {where}: "), err
    assert message in err, err
    assert list(out.iterdir()) == []  # nothing written, not even a temporary file


@pytest.mark.parametrize("case", FILE_CASES)
def test_a_bad_street_file_or_folder(setup, capsys, case):
    paths, where, message = FILE_CASES[case](setup)
    refused(capsys, [*paths, "--areas", setup["areas"], "-o", setup["out"] / "figures.csv"], where, message,
            setup["out"])


@pytest.mark.parametrize("case", AREAS_CASES)
def test_a_bad_areas_file(setup, capsys, case):
    text, message = AREAS_CASES[case]
    areas = setup["tmp"] / "areas.csv"
    areas.write_text(text)
    refused(capsys, [setup["streets"], "--areas", areas, "-o", setup["out"] / "figures.csv"], areas, message,
            setup["out"])


def test_a_bad_family_file(setup, capsys):
    family = setup["tmp"] / "family.csv"
    family.write_text("area,lsoa_code,population\nPlymouth,E01000001,1000\nTorbay,E01000001,1200\n")
    refused(capsys, [setup["streets"], "--areas", setup["areas"], "--family", family, "-o",
                     setup["out"] / "figures.csv"], family,
            "line 3, column lsoa_code: E01000001 is listed twice (also line 2); each LSOA belongs to one area",
            setup["out"])


def test_fewer_neighbourhoods_than_top(setup, capsys):
    refused(capsys, [setup["streets"], "--areas", setup["areas"], "--top", "13", "-o", setup["out"] / "f.csv"],
            setup["areas"], "has 12 neighbourhood(s), fewer than --top 13: the crime gap compares the 13",
            setup["out"])


def test_a_register_without_crime_types(setup, capsys):
    register = setup["tmp"] / "measures.toml"
    register.write_text('year = "2015/16"\n[[measure]]\nid = "asb"\ntitle = "ASB"\ndirection = "monitor"\n'
                        'frequency = "monthly"\n')
    refused(capsys, [setup["streets"], "--areas", setup["areas"], "--register", register, "-o",
                     setup["out"] / "f.csv"], register, "no measure has crime_types", setup["out"])


@pytest.mark.parametrize("output,extra,message", [
    ("figures.xlsx", [], "must end in .csv (a tidy CSV of the figures); to fill a workbook, add --workbook"),
    ("new.csv", ["--workbook", "BOOK"], "must end in .xlsm: with --workbook, -o is the new workbook"),
])
def test_an_output_of_the_wrong_kind(setup, capsys, output, extra, message):
    from conftest import ROOT

    extra = [str(ROOT / "workbook" / "SPP_Performance.xlsm") if e == "BOOK" else e for e in extra]
    target = setup["out"] / output
    refused(capsys, [setup["streets"], "--areas", setup["areas"], *extra, "-o", target], target, message,
            setup["out"])


def test_an_existing_output_is_kept_without_force(setup, capsys):
    existing = setup["out"] / "figures.csv"
    existing.write_text("keep me")
    code = main(["police", str(setup["streets"]), "--areas", str(setup["areas"]), "-o", str(existing)])
    assert code == 2 and "already exists; use --force" in capsys.readouterr().err
    assert existing.read_text() == "keep me"
    assert main(["police", str(setup["streets"]), "--areas", str(setup["areas"]), "-o", str(existing),
                 "--force"]) == 0
    assert existing.read_text().startswith("measure,year,period,value")


def test_the_workbook_is_never_the_output(setup, capsys, tmp_path):
    from conftest import ROOT

    book = tmp_path / "book.xlsm"
    shutil.copy(ROOT / "workbook" / "SPP_Performance.xlsm", book)
    before = book.read_bytes()
    code = main(["police", str(setup["streets"]), "--areas", str(setup["areas"]), "--workbook", str(book),
                 "-o", str(book), "--force"])
    assert code == 2 and "is the workbook being read" in capsys.readouterr().err
    assert book.read_bytes() == before


def test_top_must_be_a_positive_whole_number(setup, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["police", str(setup["streets"]), "--areas", str(setup["areas"]), "--top", "0", "-o", "f.csv"])
    assert exit_.value.code == 2
    assert "'0' is not a whole number of neighbourhoods above zero" in capsys.readouterr().err


def test_months_of_two_years_are_fine_and_a_gap_is_a_finding(setup, capsys):
    for path in (setup["streets"] / "2015-03").iterdir():
        path.unlink()
    out = setup["out"] / "figures.csv"
    code = main(["police", str(setup["streets"]), "--areas", str(setup["areas"]), "-o", str(out)])
    printed = capsys.readouterr().out
    assert code == 0 and out.exists()
    assert "warning: 2015-03: no file from Devon & Cornwall Police, though there are files before and after" \
        in printed
    assert "sac,2014/15,Feb,4\n" in out.read_text() and "sac,2015/16,Apr,6\n" in out.read_text()


def test_a_family_group_needs_all_crimes_types(setup, capsys):
    register = setup["tmp"] / "measures.toml"
    register.write_text('year = "2015/16"\n[[measure]]\nid = "sac"\ntitle = "SAC"\ndirection = "monitor"\n'
                        'frequency = "monthly"\ncrime_types = "Burglary"\n')
    family = setup["tmp"] / "family.csv"
    family.write_text("area,lsoa_code,population\nPlymouth,E01000001,1000\n")
    refused(capsys, [setup["streets"], "--areas", setup["areas"], "--register", register, "--family", family,
                     "-o", setup["out"] / "f.csv"], register,
            "--family: the register's all_crime measure has no crime_types", setup["out"])


def test_every_fault_of_an_areas_file_is_listed_each_on_its_line(setup, capsys):
    areas = setup["tmp"] / "areas.csv"
    areas.write_text("lsoa_code,neighbourhood,population\nE01000001,N01,1,037\nE01000002,N02,0.5\n"
                     "E01000003,n02,900\nE01000004,N04,1200\n")
    code = main(["police", str(setup["streets"]), "--areas", str(areas), "-o", str(setup["out"] / "f.csv")])
    err = capsys.readouterr().err
    assert code == 2 and list(setup["out"].iterdir()) == []
    assert err.splitlines() == [
        f"spp-xl: {areas}: 3 problems; fix them and run again:",
        '  line 2: has 4 fields, the header has 3: a population written 1,037 needs quotes ("1,037") or no comma',
        "  line 3, column population: '0.5' is not a positive whole number of residents",
        "  line 4, column neighbourhood: 'n02' differs from 'N02' (line 3) only in its case or spaces: write it "
        "one way"]


def test_an_areas_file_saved_by_excel_with_empty_columns_after_its_headings(setup, capsys):
    """Excel writes every line out to the end of the sheet's used range: a sheet once wider than
    its headings is saved with each line ending ",," (and CRLF, after a BOM for 'CSV UTF-8').
    The empty columns with no name are fine; a value in one is refused, naming it: a population
    typed 1,037 without quotes puts 037 there, and was read as a population of 1 without a word."""
    from spp_xl.police import read_areas

    areas = setup["tmp"] / "excel.csv"
    lines = ["lsoa_code,neighbourhood,population,,", "E01000001,N01,1037,,", "E01000002,N02,12045,,"]
    areas.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    assert read_areas(str(areas)).residents == {"E01000001": 1037, "E01000002": 12045}  # was refused
    areas.write_text("lsoa_code,neighbourhood,population,\r\nE01000001,N01,1,037\r\nE01000002,N02,12045,\r\n")
    refused(capsys, [setup["streets"], "--areas", areas, "-o", setup["out"] / "f.csv"], areas,
            "line 2, column D: '037' is in a column with no name in the header, so it would not be read: a number "
            "written with a comma needs quotes (\"1,037\") or no comma; any other value needs a heading for its column, "
            "or deleting",
            setup["out"])


def test_a_quoted_thousands_comma_is_a_whole_number(setup, capsys):
    from spp_xl.police import read_areas

    areas = setup["tmp"] / "areas.csv"
    areas.write_text('lsoa_code,neighbourhood,population\nE01000001,N01,"1,037"\nE01000002,N02,12045\n')
    assert read_areas(str(areas)).residents == {"E01000001": 1037, "E01000002": 12045}


@pytest.mark.parametrize("text,message", [
    ("area,lsoa_code,population\nPlymouth,E01000001,1,037\n",
     'line 2: has 4 fields, the header has 3: a population written 1,037 needs quotes ("1,037") or no comma'),
    ("area,lsoa_code,population\nPlymouth,E01000001,1000\nplymouth,E01000002,900\n",
     "line 3, column area: 'plymouth' differs from 'Plymouth' (line 2) only in its case or spaces"),
    ("area,lsoa_code,population\nPlymouth,E01000001,12.5\n",
     "line 2, column population: '12.5' is not a positive whole number of residents"),
])
def test_a_family_file_is_read_as_strictly(setup, capsys, text, message):
    family = setup["tmp"] / "family.csv"
    family.write_text(text)
    refused(capsys, [setup["streets"], "--areas", setup["areas"], "--family", family, "-o",
                     setup["out"] / "figures.csv"], family, message, setup["out"])


@pytest.mark.parametrize("text,message", [
    ("LSOA11CD,LSOA21CD\nE01000001,E01000001\n", "line 1: missing column(s) chgind"),
    ("LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND\nE01000001,Plymouth 001A,E01000001,Plymouth 001A,Q\n",
     "line 2, column CHGIND: 'Q' is not U, S, M or X"),
    ("LSOA11CD,LSOA21CD,CHGIND\nE0100001,E01000001,U\n", "line 2, column LSOA11CD: 'E0100001' is not an LSOA code"),
    ("LSOA11CD,LSOA21CD,CHGIND\n", "holds no pairs of LSOA codes under its header"),
])
def test_a_bad_lookup_file(setup, capsys, text, message):
    lookup = setup["tmp"] / "lookup.csv"
    lookup.write_text(text)
    refused(capsys, [setup["streets"], "--areas", setup["areas"], "--lsoa-lookup", lookup, "-o",
                     setup["out"] / "figures.csv"], lookup, message, setup["out"])
