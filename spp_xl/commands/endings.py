"""How a run of ``spp-xl`` ends when it cannot finish, and what it prints on the way.

- **Interrupted** (Ctrl-C, or the process told to stop: SIGTERM, SIGHUP): one line saying
  exactly what was written and what was not, never a traceback; the temporary files and
  folders of the output being written are removed on the way out (``files.atomic``).
- **The machine refusing** (a full disk, a file-size limit, permission denied, a name too
  long, no memory left): one line naming the file and the reason, exit 2. Exit 3 is kept
  for faults of spp_xl's own.
- **Printed text is safe**: control characters that came with the inputs (an ANSI escape
  in a measure id, a carriage return, a right-to-left override) are shown escaped
  (``\\x1b``), never sent to the terminal to act on.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import signal
import sys
import warnings

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_ENVIRONMENT = 2

# Characters never printed as they are: C0 controls but tab and newline, DEL, C1 controls
# (0x9b starts an escape sequence on some terminals), and the marks that reorder text.
_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)) if c not in (0x09, 0x0A)}
_ESCAPES.update({c: f"\\u{c:04x}" for c in _BIDI})


class Stopped(BaseException):
    """The process was told to stop (SIGTERM, SIGHUP): ends the run as Ctrl-C does."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def printable(text: str) -> str:
    """``text`` with every control character escaped, newlines and tabs kept.

    >>> printable("\\x1b[31masb\\x1b[0m: 12\\r\\n")
    '\\\\x1b[31masb\\\\x1b[0m: 12\\\\x0d\\n'
    """
    return text.translate(_ESCAPES)


class _Escaping:
    """A text stream whose writes are made printable; everything else is the stream's own."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _quiet_unraisable(unraisable) -> None:
    """What Python could not raise: a failed write's finaliser is quiet (the run says what
    failed), and a Ctrl-C or stop that landed in a callback (an import's lock, a finaliser),
    where Python drops it, is delivered again so that the run still ends as asked."""
    exc = unraisable.exc_value
    if isinstance(exc, (KeyboardInterrupt, Stopped)):
        # From another thread, a moment later: raised here, it would be dropped again.
        import _thread
        import threading

        again = threading.Timer(0.01, _thread.interrupt_main,
                                (exc.signum if isinstance(exc, Stopped) else signal.SIGINT,))
        again.daemon = True
        again.start()
    elif not isinstance(exc, (OSError, ValueError)):
        sys.__unraisablehook__(unraisable)


def _stop(signum, frame):
    raise Stopped(signum)


@contextlib.contextmanager
def session():
    """One run of a command: Ctrl-C and stop signals end it through ``interrupted``, its
    printed text is escaped, and its outputs are accounted for afresh. Whatever was in place
    before (a test's capture, an interpreter's handlers) is put back afterwards."""
    from ..files.atomic import forget_outputs

    forget_outputs()
    handlers = {}
    for name, handler in (("SIGINT", signal.default_int_handler), ("SIGTERM", _stop), ("SIGHUP", _stop)):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            handlers[signum] = signal.signal(signum, handler)
        except (ValueError, OSError):  # not the main thread (the Excel buttons' server): left as it is
            pass
    streams, unraisable = (sys.stdout, sys.stderr), sys.unraisablehook
    sys.stdout, sys.stderr = _Escaping(sys.stdout), _Escaping(sys.stderr)
    # A library object finalised after its file failed (xlsxwriter's zip on a full disk) would
    # print "Exception ignored in ..." with a traceback: the run has already said what failed.
    sys.unraisablehook = _quiet_unraisable
    try:
        with warnings.catch_warnings():  # a library's warnings are not the analyst's: the run says what matters
            warnings.simplefilter("ignore")
            yield
    finally:
        gc.collect()  # now, under the quiet hook, not at exit (a failed write's objects are in cycles)
        sys.stdout, sys.stderr = streams
        sys.unraisablehook = unraisable
        for signum, handler in handlers.items():
            if getattr(handler, "__name__", "") == "_interrupted_early":
                handler = signal.SIG_IGN  # the command's own, for its start: the run is over now
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def interrupted(exc: BaseException) -> int:
    """The one line an interruption ends with, printed; its exit code. A second Ctrl-C while it
    is printed is ignored."""
    from ..files.atomic import outputs

    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    written, missing = outputs()
    what = "stopped" if isinstance(exc, Stopped) else "interrupted"
    if not written:
        line = f"{what}; nothing was written"
    else:
        done = " and ".join(str(p) for p in written)
        rest = "; ".join(f"{p} was not written" for p in missing) or "nothing else was written"
        line = f"{what} after writing {done}; {rest}"
    line = f"{line} (no partial file is left)" if written or missing else line
    print(printable(f"spp-xl: {line}"), file=sys.stderr)
    return 128 + exc.signum if isinstance(exc, Stopped) else EXIT_INTERRUPTED


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EFBIG: "the file would be larger than this system allows",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EROFS: "the disk is read-only",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a folder in its path is a file",
    errno.EDQUOT: "the disk quota is used up",
}


def environment_cause(exc: BaseException) -> BaseException | None:
    """The machine's refusal behind ``exc``, if that is what it is: an ``OSError`` or a
    ``MemoryError`` itself, or one a library wrapped (xlsxwriter's FileCreateError holds the
    OSError of a full disk)."""
    for candidate in (exc, *(exc.args[:1] if getattr(exc, "args", None) else ()), exc.__cause__):
        if isinstance(candidate, (OSError, MemoryError)):
            return candidate
    return None


def environment_line(exc: BaseException) -> str:
    """One line for the machine refusing what a command needed (an ``OSError`` or
    ``MemoryError`` no nearer code turned into a message), naming the file where known."""
    if isinstance(exc, MemoryError):
        return "spp-xl: not enough memory to finish: close other programs, or give a smaller input"
    reason = _REASONS.get(getattr(exc, "errno", None)) or getattr(exc, "strerror", None) or str(exc) or \
        type(exc).__name__
    name = getattr(exc, "filename", None)
    return f"spp-xl: {os.fspath(name)}: {reason}" if name else f"spp-xl: {reason}"
