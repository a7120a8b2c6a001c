"""Write a file all at once: into a temporary file beside the target, then ``os.replace``.

A crash, a full disk or a cancelled export never leaves half a PDF or workbook behind, and
an existing file is only replaced by a complete new one.  The temporary file (``.NAME.*.part``)
is noted in a small list in the user's state folder while it is written, so one left by a
killed program is removed at the next start (``remove_leftovers``); loaders skip such files
(``is_temp_leftover``).  The finished file gets the user's normal permissions (the umask), not
the private ones of a temporary file.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from db.errors import StorageError
from db.storage_errors import translate_storage_error

TEMP_SUFFIX = ".part"


def is_temp_leftover(path: str | os.PathLike) -> bool:
    """A temporary file of an unfinished write (``.NAME.xxxx.part``): never a real input."""
    name = Path(path).name
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _pending_list() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("taizhang", appauthor=False)) / "pending-writes.txt"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFO
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _note_pending(temp: Path, add: bool) -> None:
    """Add or strike ``temp`` on the list of writes in progress (best effort: never fails)."""
    with contextlib.suppress(OSError, ValueError):
        listing = _pending_list()
        lines = listing.read_text(encoding="utf-8").splitlines() if listing.exists() else []
        entry = f"{os.getpid()}\t{temp}"
        lines = [line for line in lines if line != entry] + ([entry] if add else [])
        listing.parent.mkdir(parents=True, exist_ok=True)
        listing.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def remove_leftovers() -> list[Path]:
    """Delete the temporary files that programs killed mid-write left; the ones removed."""
    removed: list[Path] = []
    with contextlib.suppress(OSError, ValueError):
        listing = _pending_list()
        if not listing.exists():
            return removed
        keep = []
        for line in listing.read_text(encoding="utf-8").splitlines():
            pid_text, _, name = line.partition("\t")
            if not name or not pid_text.isdigit():
                continue
            if _alive(int(pid_text)):
                keep.append(line)  # another copy of the program is writing it right now
                continue
            temp = Path(name)
            if is_temp_leftover(temp) and temp.exists():
                with contextlib.suppress(OSError):
                    temp.unlink()
                    removed.append(temp)
        listing.write_text("".join(line + "\n" for line in keep), encoding="utf-8")
    return removed


def _normal_permissions(path: Path) -> None:
    """mkstemp makes files only their owner can read: give the export the umask's mode."""
    if os.name == "nt":
        return
    umask = os.umask(0)
    os.umask(umask)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o666 & ~umask)

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
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=TEMP_SUFFIX,
                                             dir=folder)
    except OSError as exc:
        known = translate_storage_error(exc, str(folder))
        raise (known or StorageError(
            f"无法在“{folder}”中写入文件（{exc.strerror or exc}）。")) from exc
    os.close(handle)
    temp = Path(temp_name)
    _note_pending(temp, True)
    try:
        try:
            yield temp
        except OSError as exc:  # the writer failed on the disk (full, removed, no permission)
            known = translate_storage_error(exc, str(target))
            if known is None:
                raise
            raise known from exc
        _normal_permissions(temp)
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
        _note_pending(temp, False)


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> None:
    with atomic_path(target) as temp:
        try:
            temp.write_bytes(data)
        except OSError as exc:
            raise StorageError(f"无法写入“{target}”（{exc.strerror or exc}）。") from exc
