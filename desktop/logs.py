"""Logging to a file in the user's log folder; bugs are recorded there, never shown raw."""
from __future__ import annotations

import logging
import logging.handlers
import traceback
from pathlib import Path

_configured = False


def log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("taizhang", appauthor=False))


def log_file() -> Path:
    return log_dir() / "taizhang.log"


def setup_logging() -> Path:
    global _configured
    path = log_file()
    if not _configured:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        except OSError:
            return path  # no writable log folder: logging stays off rather than crashing
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger("taizhang")
        root.setLevel(logging.INFO)
        root.addHandler(handler)
        _configured = True
    return path


def log_exception(exc: BaseException) -> Path:
    """Write the traceback of a bug to the log file; returns the file's path."""
    path = setup_logging()
    logging.getLogger("taizhang").error(
        "未处理的异常\n%s",  # tr: data (a line of the log file, not shown)
        "".join(traceback.format_exception(exc)))
    return path
