"""Outputs are written whole or not at all, and never over what the user has."""

import errno
import os

import pytest

from spp_xl.files.atomic import OutputError, atomic_path, write_text_atomic


def test_an_existing_output_is_kept_without_force(tmp_path):
    out = tmp_path / "report.xlsx"
    out.write_text("previous")
    with pytest.raises(OutputError, match="already exists; use --force to replace it"):
        write_text_atomic(out, "new")
    assert out.read_text() == "previous"
    write_text_atomic(out, "new", force=True)
    assert out.read_text() == "new"


def test_a_missing_output_folder_is_named(tmp_path):
    with pytest.raises(OutputError, match="folder .*nowhere does not exist"):
        write_text_atomic(tmp_path / "nowhere" / "r.xlsx", "x")


def test_an_unwritable_output_folder_is_named(tmp_path, monkeypatch):
    if os.geteuid() == 0:
        # root writes anywhere (as CI does): make the folder refuse as it would refuse a user
        import tempfile

        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
        folder = tmp_path
    else:
        folder = tmp_path / "locked"
        folder.mkdir(mode=0o500)
    with pytest.raises(OutputError, match="cannot be written \\(permission denied\\)"):
        write_text_atomic(folder / "r.xlsx", "x")


def test_a_full_disk_leaves_the_previous_report_whole(tmp_path):
    out = tmp_path / "report.xlsx"
    out.write_text("previous report")
    with pytest.raises(OutputError, match="could not be written \\(No space left on device\\)"):
        with atomic_path(out, force=True) as tmp:
            tmp.write_text("half a rep")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert out.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]  # no temporary left behind


def test_an_output_held_open_is_reported(tmp_path, monkeypatch):
    out = tmp_path / "report.xlsx"
    out.write_text("open in Excel")

    def held(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", held)
    with pytest.raises(OutputError, match="is it open in Excel\\? Close it and run again"):
        write_text_atomic(out, "new", force=True)
    assert out.read_text() == "open in Excel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_outputs_get_a_new_files_usual_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        out = write_text_atomic(tmp_path / "report.txt", "x")
    finally:
        os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o644
