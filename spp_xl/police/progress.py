"""Progress on a long read, shown on a terminal only.

A run of a few files finishes before anyone wonders; the national year takes seconds. The
line appears once a run has taken ``delay`` seconds, is redrawn at most four times a
second, and is wiped at the end. When stderr is not a terminal (a pipe, a log, a test)
nothing is written, so that captured output holds only what the command says.
"""

from __future__ import annotations

import sys
import time


class Progress:
    """Writes ``\\r<message>`` to a terminal stream, after ``delay`` seconds."""

    def __init__(self, stream=None, delay: float = 2.0, clock=time.monotonic):
        self.stream = sys.stderr if stream is None else stream
        self.clock = clock
        self.start = clock()
        self.delay = delay
        self.last = None
        self.width = 0
        isatty = getattr(self.stream, "isatty", None)
        self.live = bool(isatty and isatty())

    def update(self, message: str) -> None:
        if not self.live:
            return
        now = self.clock()
        if now - self.start < self.delay or (self.last is not None and now - self.last < 0.25):
            return
        self.last = now
        line = f"spp-xl police: {message}"
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def done(self) -> None:
        """Wipes the line, if one was written."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
