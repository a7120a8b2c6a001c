"""Engine and session setup: one ``Database`` per open file or URL, one transaction per action.

SQLite (the embedded default) gets foreign keys on every connection and ``BEGIN IMMEDIATE`` for
every transaction, so two copies of the program never interleave half-done writes: the second one
waits (busy timeout) and then gets a clear "locked" message instead of a corrupt ledger.
"""
from __future__ import annotations

import contextlib
import getpass
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm import Session, sessionmaker

from db.errors import ConcurrentEdit, StorageError

APP_NAME = "taizhang"
BUSY_TIMEOUT_S = 5


def default_db_path() -> Path:
    """The embedded database file in the user's data folder."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "taizhang.db"


def to_url(path_or_url: str | os.PathLike | None) -> str:
    """``--db`` takes a file path or any SQLAlchemy URL; None means the default file."""
    if path_or_url is None:
        path_or_url = default_db_path()
    text = os.fspath(path_or_url)
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (service accounts, some containers)
        return ""


def _setup_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own handling is off).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def translate_storage_error(exc: BaseException) -> StorageError | ConcurrentEdit | None:
    """Turn a driver fault into a message for the clerk; None when it is not a storage fault."""
    if isinstance(exc, StaleDataError):
        return ConcurrentEdit("这条记录已被其他人修改，请刷新后再试。")
    orig = getattr(exc, "orig", exc)
    text = str(orig).lower()
    if isinstance(exc, OperationalError) or isinstance(orig, sqlite3.OperationalError):
        if "locked" in text or "busy" in text:
            return StorageError("数据库正被另一个程序（或另一个台账窗口）使用，请关闭后再试。")
        if "disk is full" in text or "database or disk is full" in text:
            return StorageError("磁盘空间已满，数据未能保存。请清理磁盘后再试。")
        if "readonly" in text or "read-only" in text:
            return StorageError("数据库文件是只读的，无法保存修改。")
        if "unable to open" in text:
            return StorageError("无法打开数据库文件，请检查文件位置和权限。")
    if isinstance(orig, sqlite3.DatabaseError) and "not a database" in text:
        return StorageError("所选文件不是台账数据库，或已损坏。")
    return None


class Database:
    """An open ledger database: engine, session factory and the user recorded in the change log."""

    def __init__(self, url: str, *, user: str | None = None, echo: bool = False) -> None:
        self.url = url
        self.user = _current_user() if user is None else user
        kwargs = {}
        if make_url(url).get_backend_name() == "sqlite":
            kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_S}
        self.engine = create_engine(url, echo=echo, **kwargs)
        if self.engine.dialect.name == "sqlite":
            _setup_sqlite(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        from db import changelog

        changelog.install(self._sessions, lambda: self.user)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: commit when the block ends, roll back everything on any error."""
        session = self._sessions()
        session.info["user"] = self.user
        try:
            with session.begin():
                yield session
        except Exception as exc:
            known = translate_storage_error(exc)
            if known is not None:
                raise known from exc
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(path_or_url: str | os.PathLike | None = None, *, migrate: bool = True,
                  user: str | None = None) -> Database:
    """Open (and by default create or upgrade, with a backup first) the ledger database."""
    url = to_url(path_or_url)
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"无法创建数据文件夹：{path.parent}") from exc
    if migrate:
        from db.migrate import upgrade

        upgrade(url)
    return Database(url, user=user)
