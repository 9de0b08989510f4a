"""Writing outputs so that nothing is lost or half-written, and never over an input.

Every file spp_xl writes goes to a temporary file in the target's folder and is then
moved into place in one step: an interrupted write leaves the previous file whole. The
temporary file's name says whose it is (``.report.xlsx.a1b2c3d4.spp-xl-tmp``); one left
behind by a process that was killed is removed by the next run writing to that folder,
once it is an hour old. Without ``force`` the output is created exclusively, so that of
two runs writing the same new file, the second is refused rather than replacing the first.

``refuse_inputs`` is the one guard every writing command calls with all its inputs: an
output that is any of them, by any name (a symbolic or hard link, another case on a
case-insensitive disk), is refused with or without ``force``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..core.errors import InputError

TEMP_MARK = ".spp-xl-tmp"  # every temporary file's name ends so (before the output's suffix)
TEMP_FOLDER_PREFIX = "spp-xl-"  # every temporary folder's name starts so
STALE_AFTER = 3600  # seconds: a temporary older than this is left from a run that was killed

# What this process has written, and what it set out to write: an interruption says which.
_written: list[Path] = []
_planned: list[Path] = []


class OutputError(InputError):
    """An output that cannot be written where asked (exit 2)."""


def outputs() -> tuple[list[Path], list[Path]]:
    """(written, planned but not written) outputs of this process so far, in order."""
    written = list(_written)
    return written, [p for p in _planned if p not in written]


def forget_outputs() -> None:
    """Starts a new account of outputs (each command run)."""
    _written.clear()
    _planned.clear()


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in (errno.ENOTDIR, errno.ELOOP):
            return None
        raise OutputError(f"cannot be written ({exc.strerror or exc})", str(path)) from None


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: the same device and inode (a symbolic or hard link,
    or another case of the name on a case-insensitive disk), or the same resolved path."""
    def spelt(path, real):
        return os.path.normcase(os.path.realpath(path) if real else os.path.abspath(path))

    try:
        if spelt(a, False) == spelt(b, False) or spelt(a, True) == spelt(b, True):
            return True
        sa, sb = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return bool(sa.st_ino) and (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def refuse_inputs(output: str | Path, inputs: Iterable[tuple[str, str | Path | None]], product: str) -> None:
    """Refuses an output that is one of the command's inputs, with or without ``--force``.

    Args:
        output: what the command would write.
        inputs: ``(role, path)`` of every file it reads ("the source", "the areas file"...);
            a path of None (an input not given) is skipped.
        product: what it writes, for the message ("the report", "the CSV").

    Raises:
        OutputError: ``<output>: is the source this command reads: write the report to another file``.
    """
    for role, path in inputs:
        if path is None or not same_file(output, path):
            continue
        alias = "" if os.path.abspath(output) == os.path.abspath(path) else f" ({path}, by another name)"
        raise OutputError(f"is {role}{alias}: write {product} to another file", str(output))


def check_output(path: str | Path, force: bool = False) -> Path:
    """Refuses an output path that exists (without ``force``), is a folder, or whose folder is
    missing; names what stands in the way. Records it as planned (see ``outputs``)."""
    path = Path(path)
    found = _stat(path)
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise OutputError("is a folder, not a file", str(path))
    if found is not None and not force:
        raise OutputError("already exists; use --force to replace it", str(path))
    folder = _stat(path.parent)
    if folder is None:
        raise OutputError(f"folder {path.parent} does not exist", str(path))
    if not stat.S_ISDIR(folder.st_mode):
        raise OutputError(f"{path.parent} is a file, not a folder", str(path))
    if path not in _planned:
        _planned.append(path)
    return path


def _stale(folder: str | Path, named: Callable[[str], bool], kind: Callable[[int], bool], now: float | None):
    """The entries of ``folder`` spp_xl named (``named``), of a ``kind`` (a file, a folder),
    over an hour old and (where the system says) this user's: what a killed run left."""
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not named(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue  # another run removed it
        if kind(info.st_mode) and now - info.st_mtime > STALE_AFTER and _ours(info):
            yield entry.path


def _ours(info: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def remove_stale_temporaries(folder: str | Path, now: float | None = None) -> list[Path]:
    """Removes the temporary files spp_xl left in ``folder`` more than an hour ago (a run that
    was killed cannot remove its own); returns them. Only files named as spp_xl names them, and
    (where the system says) owned by this user."""
    removed = []
    for path in _stale(folder, lambda name: name.startswith(".") and TEMP_MARK in name, stat.S_ISREG, now):
        with contextlib.suppress(OSError):  # not ours to remove after all, or gone
            os.unlink(path)
            removed.append(Path(path))
    return removed


def remove_stale_temporary_folders(now: float | None = None) -> list[Path]:
    """Removes the temporary folders (``spp-xl-*``) a killed run left in the system's temporary
    folder more than an hour ago (this user's); returns them."""
    removed = []
    for path in _stale(tempfile.gettempdir(), lambda name: name.startswith(TEMP_FOLDER_PREFIX), stat.S_ISDIR, now):
        _end_processes_using(path)  # a LibreOffice its killed run left running
        shutil.rmtree(path, ignore_errors=True)
        removed.append(Path(path))
    return removed


def _end_processes_using(folder: str) -> None:
    """Ends this user's processes whose command line names ``folder`` (a LibreOffice started
    with it as its profile by a run that was then killed, so could not end it). Where the
    system lists processes in /proc (Linux); elsewhere nothing is done."""
    import signal

    proc = Path("/proc")
    if not proc.is_dir() or not hasattr(os, "getuid"):
        return
    needle = folder.encode()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if entry.stat().st_uid != os.getuid() or needle not in (entry / "cmdline").read_bytes():
                continue
            os.kill(int(entry.name), signal.SIGKILL)
        except OSError:
            continue


@contextlib.contextmanager
def temporary_folder(purpose: str) -> Iterator[Path]:
    """A temporary folder (``spp-xl-<purpose>-...``), removed on every way out; stale ones an
    earlier, killed run left (over an hour old, this user's) are removed first."""
    base = Path(tempfile.gettempdir())
    remove_stale_temporary_folders()
    try:
        folder = tempfile.mkdtemp(prefix=f"{TEMP_FOLDER_PREFIX}{purpose}-")
    except OSError as exc:
        raise OutputError(f"no temporary folder can be made ({exc.strerror or exc})", str(base)) from None
    try:
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def atomic_path(path: str | Path, force: bool = False) -> Iterator[Path]:
    """Yields a temporary path beside ``path``; on success moves it into place (exclusively,
    without ``force``: refused if another run made the file meanwhile).

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
    >>> with atomic_path(out) as tmp:
    ...     _ = tmp.write_text("done")
    >>> out.read_text()
    'done'
    """
    path = check_output(path, force)
    remove_stale_temporaries(path.parent)  # what killed runs left: beside this output, and in the temporary folder
    remove_stale_temporary_folders()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f"{TEMP_MARK}{path.suffix}", dir=path.parent)
    except PermissionError:
        raise OutputError(f"folder {path.parent} cannot be written (permission denied)", str(path)) from None
    except OSError as exc:
        raise OutputError(f"cannot be written in {path.parent} ({exc.strerror or exc})", str(path)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _usual_permissions(tmp)
        _place(tmp, path, force)
        _written.append(path)
    except OSError as exc:  # a full disk, a file-size limit or a vanished folder while writing
        raise OutputError(f"could not be written ({exc.strerror or exc})", str(path)) from None
    except InputError as exc:  # what the writer refused (text too long for a cell): name the output
        if exc.where is not None:
            raise
        raise OutputError(f"not written: {exc.message}", str(path)) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _place(tmp: Path, path: Path, force: bool) -> None:
    """Moves the finished temporary file to ``path`` in one step; without ``force``, only if
    ``path`` still does not exist (a hard link is made exclusively; where links cannot be made,
    the name is claimed exclusively first)."""
    try:
        if force:
            os.replace(tmp, path)
        elif os.name == "nt":
            os.rename(tmp, path)  # Windows' rename never replaces
        else:
            try:
                if not hasattr(os, "link"):  # Pyodide's (xlwings Lite's) os has no hard links
                    raise OSError(errno.ENOSYS, "no hard links")
                os.link(tmp, path)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links: claim the name, then fill it
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                os.close(fd)
                try:
                    os.replace(tmp, path)
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.unlink(path)
                    raise
    except FileExistsError:
        raise OutputError("already exists (another run wrote it meanwhile); use --force to replace it",
                          str(path)) from None
    except PermissionError:
        raise OutputError("cannot be replaced: is it open in Excel? Close it and run again", str(path)) from None


def _usual_permissions(path: Path) -> None:
    """A temporary file is private to its writer; the output gets a new file's usual
    permissions, since reports and workbooks sit in shared folders. Its owner may always read
    and write it, whatever the mask says (Pyodide's, under xlwings Lite, masks everything:
    the report left in /data could not be read back)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, (0o666 & ~mask) | 0o600)


def write_atomic(path: str | Path, writer: Callable[[Path], None], force: bool = False) -> Path:
    """Calls ``writer(tmp_path)`` then moves the result to ``path``."""
    with atomic_path(path, force) as tmp:
        writer(tmp)
    return Path(path)


def write_text_atomic(path: str | Path, text: str, force: bool = False) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""), force)
