"""Where a failure's traceback goes: a log file in the user's profile, which the message names.

A button's message box holds one line, and an analyst's console scrolls away; the log keeps
what a developer needs (the time, what was running, the traceback) for the analyst to send:

- Windows: ``%LOCALAPPDATA%\\spp_xl\\logs\\spp_xl.log`` (beside the environment the release's
  installer makes under ``%LOCALAPPDATA%\\spp_xl``);
- macOS: ``~/Library/Logs/spp_xl/spp_xl.log``;
- elsewhere: ``$XDG_STATE_HOME/spp_xl/spp_xl.log`` (``~/.local/state/spp_xl/spp_xl.log``).

``SPP_XL_LOG`` names another file. The log is kept under about a megabyte: when it grows past
that, it becomes ``spp_xl.log.1`` (replacing the one before) and a new one starts. A log that
cannot be written never hides the failure itself: the caller still says what went wrong.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path

LOG_ENV = "SPP_XL_LOG"
LOG_NAME = "spp_xl.log"
MAX_BYTES = 1_000_000


def log_path(env: dict | None = None, platform: str | None = None, home: Path | None = None) -> Path:
    """The log file for this user (the arguments stand in for this machine's, in tests)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    home = Path.home() if home is None else home
    if env.get(LOG_ENV):
        return Path(env[LOG_ENV])
    if platform.startswith("win"):
        base = Path(env["LOCALAPPDATA"]) if env.get("LOCALAPPDATA") else home / "AppData" / "Local"
        return base / "spp_xl" / "logs" / LOG_NAME
    if platform == "darwin":
        return home / "Library" / "Logs" / "spp_xl" / LOG_NAME
    state = Path(env["XDG_STATE_HOME"]) if env.get("XDG_STATE_HOME") else home / ".local" / "state"
    return state / "spp_xl" / LOG_NAME


def record_failure(what: str, exc: BaseException, path: Path | None = None) -> Path | None:
    """Appends the time, ``what`` was running and ``exc``'s traceback to the log.

    Args:
        what: the command line or the button, e.g. ``spp-xl export book.xlsm`` or ``Recalculate button``.
        exc: the exception, with its traceback.
        path: the log (default ``log_path()``).

    Returns:
        The log's path, or None when it could not be written (a read-only profile, a full disk).
    """
    path = log_path() if path is None else Path(path)
    from .. import __version__

    text = (f"--- {dt.datetime.now().isoformat(timespec='seconds')} spp_xl {__version__}, Python "
            f"{sys.version.split()[0]} on {sys.platform}: {what}\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_BYTES:
            os.replace(path, path.with_name(path.name + ".1"))
        with open(path, "a", encoding="utf-8", errors="replace") as log:
            log.write(text)
    except OSError:
        return None
    return path


def where_logged(path: Path | None) -> str:
    """The words that point the user at the log, for a message (or why there is none)."""
    if path is None:
        return "the details could not be written to a log file"
    return f"the details are in {path}"
