"""Storage faults told apart from bugs, by SQLite's result codes and PostgreSQL's SQLSTATEs.

``translate_storage_error(exc, where)`` turns a driver or file-system fault into a
``StorageError`` (or the ``ConcurrentEdit`` of a lost race) whose Chinese message names the file
or server (never a password); it returns None for anything that is a real bug.
"""
from __future__ import annotations

import errno
import sqlite3

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from db.errors import ConcurrentEdit, KnownError, StorageError, UnopenableLedger

# SQLite primary result codes (https://sqlite.org/rescode.html); extended codes keep them in
# their low byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_AUTH = 23
SQLITE_NOTADB = 26

BUSY_TEXT = "正被另一个程序（或另一个台账窗口、另一位同事）使用，请稍后再试。"


def busy(where: str) -> StorageError:
    return StorageError(f"台账{_of(where)}{BUSY_TEXT}")


def not_a_ledger(where: str) -> UnopenableLedger:
    return UnopenableLedger(f"{where or '所选文件'}不是台账数据库，或已损坏。")


def _of(where: str) -> str:
    return f"（{where}）" if where else ""


def _sqlite(code: int, where: str) -> StorageError | None:
    primary = code & 0xFF
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return busy(where)
    if primary == SQLITE_FULL:
        return StorageError(f"磁盘空间已满，数据未能保存{_of(where)}。请清理磁盘后再试。")
    if primary == SQLITE_READONLY:
        return StorageError(f"台账{_of(where)}是只读的（只读文件、文件夹或介质），无法保存修改。")
    if primary in (SQLITE_PERM, SQLITE_AUTH):
        return StorageError(f"没有权限读写台账{_of(where)}，请检查文件和文件夹的权限。")
    if primary == SQLITE_CANTOPEN:
        return StorageError(f"无法打开台账{_of(where)}，请检查文件位置和权限。")
    if primary in (SQLITE_NOTADB, SQLITE_CORRUPT):
        return not_a_ledger(where)
    if primary == SQLITE_IOERR:
        return StorageError(f"读写台账{_of(where)}时磁盘出错（磁盘已满、已拔出或网络中断），"
                            "数据未能保存。")
    return None


def _os(exc: OSError, where: str) -> StorageError | None:
    place = exc.filename or where
    if exc.errno == errno.ENOSPC or getattr(exc, "winerror", None) == 112:
        return StorageError(f"磁盘空间已满，未能写入{_of(str(place))}。请清理磁盘后再试。")
    if exc.errno == errno.EROFS:
        return StorageError(f"{place or '目标位置'}在只读的磁盘或介质上，无法写入。")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return StorageError(f"没有权限写入 {place}，请检查文件和文件夹的权限。")
    if exc.errno in (errno.EIO,):
        return StorageError(f"读写 {place} 时磁盘出错。")
    return None


# SQLSTATE → message (PostgreSQL's error codes appendix).
_PG_STATES = {
    "28P01": "登录{where}的密码不正确。",
    "28000": "没有登录{where}的权限（用户名或认证方式不对）。",
    "3D000": "{where}不存在，请检查数据库名称。",
    "55P03": "台账（{where}）" + BUSY_TEXT,     # lock_not_available: the lock timeout
    "57014": "台账（{where}）" + BUSY_TEXT,     # query_canceled by statement_timeout
    "40P01": "台账（{where}）" + BUSY_TEXT,     # deadlock_detected: one side gave way
    "53100": "数据库服务器的磁盘空间已满（{where}），数据未能保存。",
    "25006": "{where}是只读的，无法保存修改。",
    "42501": "没有权限修改{where}。",
    "57P01": "数据库服务器已关闭连接（{where}），请稍后再试。",
    "57P03": "数据库服务器正在启动或关闭（{where}），请稍后再试。",
}


def _postgres(orig, where: str) -> KnownError | None:
    state = getattr(orig, "sqlstate", None)
    if state == "40001":  # serialization_failure: another clerk's write won
        return ConcurrentEdit()
    if state in _PG_STATES:
        return StorageError(_PG_STATES[state].format(where=where or "数据库"))
    module = type(orig).__module__ or ""
    if not module.startswith(("psycopg", "pg8000", "asyncpg")):
        return None
    text = str(orig)
    # Faults while connecting carry no SQLSTATE; libpq's wording is all there is.
    if "password authentication failed" in text or "no password supplied" in text:
        return StorageError(_PG_STATES["28P01"].format(where=where or "数据库"))
    if "does not exist" in text and "database" in text:
        return StorageError(_PG_STATES["3D000"].format(where=where or "数据库"))
    if type(orig).__name__ == "OperationalError":
        return StorageError(f"无法连接{where or '数据库服务器'}：服务器未启动、地址不对或网络不通。")
    return None


def translate_storage_error(exc: BaseException, where: str = "") -> KnownError | None:
    """A message for the clerk for a storage fault; None when ``exc`` is a bug."""
    if isinstance(exc, KnownError):
        return exc
    if isinstance(exc, StaleDataError):
        return ConcurrentEdit()
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            return _sqlite(code, where)
        return None
    if isinstance(orig, OSError):
        return _os(orig, where)
    return _postgres(orig, where)
