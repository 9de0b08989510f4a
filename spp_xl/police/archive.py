"""Where the street files are: files named, folders searched, and zip archives read as they
are downloaded (police.uk's custom download is a zip of month folders), never unpacked to disk.

A file inside an archive is named in messages as the archive and its path inside it,
``download.zip/2015-06/2015-06-devon-and-cornwall-street.csv``, as Windows shows it.
"""

from __future__ import annotations

import os
import re
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from ..core.errors import InputError

STREET_PATTERN = "*-street.csv"
# police.uk's names: YYYY-MM-<force>-street.csv (the force as its slug: devon-and-cornwall, btp).
STREET_NAME = re.compile(r"^(\d{4}-\d{2})-(.+)-street\.csv$", re.IGNORECASE)
# What a Mac writes beside files (its resource data: ._NAME, and a zip's __MACOSX folder of
# them): a few binary bytes under a street file's name, never police.uk's.
MAC_FOLDER, MAC_PREFIX = "__MACOSX", "._"
# No file of one force and month comes near this unpacked (the largest, the Metropolitan
# Police's, is about 25 MB); a larger one is not a street file, or the archive is damaged.
MEMBER_LIMIT = 1024 ** 3


@dataclass(frozen=True)
class StreetFile:
    """A street file on disk or inside a zip archive.

    Attributes:
        path: the file on disk (the archive, for a member of one).
        member: its path inside the archive, or None.
    """

    path: str
    member: str | None = None

    @property
    def label(self) -> str:
        """How messages name it."""
        return self.path if self.member is None else f"{self.path}/{self.member}"

    @property
    def name(self) -> str:
        return PurePosixPath(self.member).name if self.member else Path(self.path).name

    def named(self) -> tuple[str, str] | None:
        """(month, force slug) its police.uk name gives, or None for a name of another form.

        >>> StreetFile("x/2015-06-devon-and-cornwall-street.csv").named()
        ('2015-06', 'devon-and-cornwall')
        """
        found = STREET_NAME.match(self.name)
        return (found.group(1), found.group(2).lower()) if found else None

    def source(self, archives: "Archives"):
        """What the reader is given: the path, or the member's bytes, read from the archive in memory."""
        if self.member is None:
            return self.path
        try:
            return archives.get(self.path).read(self.member)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise InputError(f"cannot be read from the zip archive ({_reason(exc)}): download it again",
                             self.label) from None

    def first_line(self, archives: "Archives") -> bytes:
        """The start of the file (its header), without reading the rest."""
        try:
            if self.member is None:
                with open(self.path, "rb") as handle:
                    return handle.readline(65536)
            with archives.get(self.path).open(self.member) as handle:
                return handle.readline(65536)
        except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as exc:
            raise InputError(f"cannot be read from the zip archive ({_reason(exc)}): download it again",
                             self.label) from None
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc})", self.label) from None


class Archives:
    """The zip archives a run reads, each opened once a thread (its list of files is read on
    opening: a year's national download lists some 1,600) and all closed together."""

    def __init__(self):
        self._local = threading.local()
        self._opened = []
        self._lock = threading.Lock()

    def get(self, path: str) -> zipfile.ZipFile:
        cache = self._local.__dict__.setdefault("cache", {})
        if path not in cache:
            cache[path] = zipfile.ZipFile(path)
            with self._lock:
                self._opened.append(cache[path])
        return cache[path]

    def close(self) -> None:
        with self._lock:
            for archive in self._opened:
                archive.close()
            self._opened.clear()


def street_files(paths: Iterable[str]) -> list[StreetFile]:
    """The files named, every ``*-street.csv`` under the folders named, and every street file
    in the zip archives named or found there, in order.

    Raises:
        InputError: a path that does not exist, a folder or archive holding no street file,
            an archive that cannot be read.
    """
    out = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = []
            for item in sorted(p for p in path.rglob("*") if p.is_file()):
                if _macs(PurePosixPath(item.relative_to(path).as_posix())):
                    continue
                if item.match(STREET_PATTERN) or item.name.lower().endswith("-street.csv"):
                    found.append(StreetFile(str(item)))
                elif item.suffix.lower() == ".zip":
                    found += _members(item, required=False)
            if not found:
                raise InputError(f"holds no police.uk street files ({STREET_PATTERN} in YYYY-MM folders, or the zip "
                                 "archive police.uk's download gives)", str(given))
            out += found
        elif path.is_file():
            out += _members(path, required=True) if _is_archive(path) else [StreetFile(str(given))]
        else:
            raise InputError("file or folder not found", str(given))
    _each_once(out)
    return out


def _each_once(files: list[StreetFile]) -> None:
    """Refuses a file the paths given reach twice (a folder named twice, a zip named beside the
    folder holding it, a link): every row of it would be counted twice."""
    first = {}
    for item in files:
        key = (os.path.normcase(os.path.realpath(item.path)), item.member)
        if key in first:
            raise InputError(f"is read twice (also as {first[key].label}, by the paths given): it would be counted "
                             "twice; give each file, folder or zip archive once", item.label)
        first[key] = item


def _is_archive(path: Path) -> bool:
    return path.suffix.lower() == ".zip" or zipfile.is_zipfile(path)


def _members(path: Path, required: bool) -> list[StreetFile]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise InputError(f"is not a zip archive that can be read ({_reason(exc)}): download it again", str(path)) \
            from None
    streets = [i for i in infos if not i.is_dir() and PurePosixPath(i.filename).name.lower().endswith("-street.csv")
               and not _macs(PurePosixPath(i.filename.replace("\\", "/")))]
    for info in streets:
        where = f"{path}/{info.filename}"
        if info.flag_bits & 0x1:
            raise InputError("is password-protected in its zip archive: police.uk's downloads are not; download "
                             "it again", where)
        if info.file_size > MEMBER_LIMIT:
            raise InputError(f"is {info.file_size / 1024 ** 3:.1f} GB unpacked, more than any police.uk street file "
                             f"of one force and month ({MEMBER_LIMIT // 1024 ** 3} GB at most): is it one?", where)
    if required and not streets:
        raise InputError(f"holds no police.uk street files ({STREET_PATTERN}); police.uk's download holds one a force "
                         "and month, in YYYY-MM folders", str(path))
    return [StreetFile(str(path), info.filename) for info in sorted(streets, key=lambda i: i.filename)]


def _macs(path: PurePosixPath) -> bool:
    """Whether a file is a Mac's own data about another (``._NAME``, or under ``__MACOSX``)."""
    return path.name.startswith(MAC_PREFIX) or MAC_FOLDER in path.parts[:-1]


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:120]
