"""Writing outputs so that nothing is lost or half-written.

Every file spp_xl writes goes to a temporary file in the target's folder and is then
moved into place in one step: an interrupted write leaves the previous file whole.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from ..core.errors import InputError


class OutputError(InputError):
    """An output that cannot be written where asked (exit 2)."""


def check_output(path: str | Path, force: bool = False) -> Path:
    """Refuses an output path that exists (without ``force``) or whose folder is missing."""
    path = Path(path)
    if path.exists() and not force:
        raise OutputError("already exists; use --force to replace it", str(path))
    if path.is_dir():
        raise OutputError("is a folder, not a file", str(path))
    if not path.parent.exists():
        raise OutputError(f"folder {path.parent} does not exist", str(path))
    return path


@contextlib.contextmanager
def atomic_path(path: str | Path, force: bool = False) -> Iterator[Path]:
    """Yields a temporary path beside ``path``; on success moves it into place.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
    >>> with atomic_path(out) as tmp:
    ...     _ = tmp.write_text("done")
    >>> out.read_text()
    'done'
    """
    path = check_output(path, force)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent)
    except PermissionError:
        raise OutputError(f"folder {path.parent} cannot be written (permission denied)", str(path)) from None
    except OSError as exc:
        raise OutputError(f"cannot write in {path.parent} ({exc.strerror})", str(path)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _usual_permissions(tmp)
        try:
            os.replace(tmp, path)
        except PermissionError:
            raise OutputError("cannot be replaced: is it open in Excel? Close it and run again", str(path)) from None
    except OSError as exc:  # a full disk or a vanished folder while writing
        raise OutputError(f"could not be written ({exc.strerror or exc})", str(path)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


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
