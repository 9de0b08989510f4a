"""Opening an input file: a regular file of bounded size, or one line saying why not.

Every file spp_xl reads (a tidy CSV, a register, a targets file, a workbook, police.uk's
files) is opened here first: a pipe or a device under a file's name would otherwise hang
the command forever, and a file far larger than any such input would be read whole into
memory before anything could say it is the wrong file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_input(path: str | os.PathLike, limit: int, kind: str):
    """Opens ``path`` for reading in binary, refusing what is not a regular file or is over
    ``limit`` bytes; ``kind`` names what it should be ("a CSV file", "a workbook").

    Never blocks on a pipe: it is opened without waiting for a writer, then refused.

    Raises:
        InputError: naming the file and what it is.
    """
    from .errors import InputError

    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except FileNotFoundError:
        raise InputError("file not found", name) from None
    except IsADirectoryError:
        raise InputError(f"is a folder, not {kind}", name) from None
    except PermissionError:
        raise InputError("cannot be read (permission denied)", name) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", name) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = _what(info.st_mode)
            raise InputError(f"is {what}, not {kind}" if what.startswith("a ") else f"is {what}: give {kind}",
                             name)
        if info.st_size > limit:
            raise InputError(f"is {_size(info.st_size)}, over the {_size(limit)} spp_xl reads as {kind} (far larger "
                             "than any it is meant for): is this the right file?", name)
        if getattr(os, "O_NONBLOCK", 0):  # a regular file: read it as any other
            os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return handle


def read_input(path: str | os.PathLike, limit: int, kind: str) -> bytes:
    """The bytes of an input file (see ``open_input``); at most ``limit`` are read, even if the
    file grows while it is read."""
    from .errors import InputError

    with open_input(path, limit, kind) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc})", os.fspath(path)) from None
    if len(data) > limit:
        raise InputError(f"is over the {_size(limit)} spp_xl reads as {kind}: is this the right file?",
                         os.fspath(path))
    return data


def _size(size: int) -> str:
    """'12 MB', '300 KB', '17 bytes'."""
    if size >= 2**20:
        return f"{size / 2**20:,.0f} MB"
    if size >= 1024:
        return f"{size / 1024:,.0f} KB"
    return f"{size:,} bytes"


def is_regular_file(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a regular file (following links), without opening it."""
    try:
        return stat.S_ISREG(Path(path).stat().st_mode)
    except OSError:
        return False
