"""Standard output and error that work on any Windows console, and in the windowed exe.

- On a terminal the console's own encoding is kept, with ``errors="replace"``: a character the
  console cannot show becomes ``?`` instead of an exception that loses the rest of the output.
  (Python writes a real Windows console as Unicode anyway.)
- Into a file or a pipe (``taizhang dump > plan.json``) the output is UTF-8, whatever the ANSI
  code page (GBK on a Chinese Windows) or ``PYTHONIOENCODING`` say: JSON with ``•`` or a
  non-breaking space then reaches the file whole.
- The windowed ``taizhang.exe`` has no ``sys.stdout``/``sys.stderr`` (they are ``None``):
  standard output is discarded and standard error goes to the log file, so an error message
  is never a second crash.
"""
from __future__ import annotations

import io
import logging
import os
import sys


class _LogStream(io.TextIOBase):
    """A text stream that writes whole lines to the program's log."""

    def __init__(self) -> None:
        self._pending = ""
        self._busy = False  # logging reports its own failures on stderr: do not loop

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self._busy:
            return len(text)
        from desktop.logs import setup_logging

        self._busy = True
        try:
            setup_logging()
            self._pending += text
            *lines, self._pending = self._pending.split("\n")
            for line in lines:
                if line.strip():
                    logging.getLogger("taizhang").warning("%s", line)
        finally:
            self._busy = False
        return len(text)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def configure_streams() -> None:
    """Make ``sys.stdout`` and ``sys.stderr`` safe to write any text to (idempotent)."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as long as the process)
    if sys.stderr is None:
        sys.stderr = _LogStream()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if _is_terminal(stream):
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError, io.UnsupportedOperation):
            pass  # a stream that cannot change (already written through another layer)
