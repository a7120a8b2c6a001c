"""Write a file all at once: into a temporary file beside the target, then ``os.replace``.

A crash, a full disk or a cancelled export never leaves half a PDF or workbook behind, and
an existing file is only replaced by a complete new one.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from db.errors import StorageError

# On Windows an antivirus scanner or the search indexer opens a new file for a moment, and
# os.replace then fails with PermissionError. Try again for about two seconds before telling
# the clerk the file may be open in Excel.
REPLACE_RETRY_DELAYS_S = (0.05, 0.1, 0.2, 0.4, 0.6, 0.8)


def replace_retrying(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """``os.replace``, retried after a short wait while it raises PermissionError."""
    for delay in REPLACE_RETRY_DELAYS_S:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            time.sleep(delay)
    os.replace(source, target)


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it becomes ``target``."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise StorageError(f"保存位置不存在：{folder}")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".part",
                                             dir=folder)
    except OSError as exc:
        raise StorageError(f"无法在“{folder}”中写入文件（{exc.strerror or exc}）。") from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        try:
            replace_retrying(temp, target)
        except PermissionError as exc:
            raise StorageError(
                f"无法替换“{target.name}”：文件可能正在 Excel、WPS 或 PDF 阅读器中打开，"
                "请关闭后重试。") from exc
        except OSError as exc:
            raise StorageError(f"无法保存“{target}”（{exc.strerror or exc}）。") from exc
    finally:
        if temp.exists():
            with contextlib.suppress(OSError):
                temp.unlink()


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> None:
    with atomic_path(target) as temp:
        try:
            temp.write_bytes(data)
        except OSError as exc:
            raise StorageError(f"无法写入“{target}”（{exc.strerror or exc}）。") from exc
