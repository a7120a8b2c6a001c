"""Engine and session setup: one ``Database`` per open file or URL, one transaction per action.

SQLite (the embedded default): foreign keys on every connection, pysqlite's own transaction
handling off.  An action starts as a plain (deferred) transaction, so reading never waits for
another copy that is writing; an action that turns out to write and finds the write lock taken
(or its snapshot outdated) is run again from the start in ``BEGIN IMMEDIATE``, which waits (busy
timeout) and then reports "busy".  So two copies never interleave half-done writes, and reads
are never blocked.  PostgreSQL sessions wait at most ``BUSY_TIMEOUT_S`` for a row lock.

The journal is WAL, except on network shares (rollback journal: WAL needs shared memory) and on
read-only media (opened read-only).  ``dispose()`` checkpoints the WAL, so after the program
ends the ledger is one complete file; every open database is disposed at exit.
"""
from __future__ import annotations

import atexit
import contextlib
import contextvars
import getpass
import logging
import os
import sqlite3
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from db.errors import StorageError
from db.location import (
    display_name,
    is_network_path,
    read_only_params,
    sqlite_path,
    sqlite_uri,
    to_url,
)
from db.storage_errors import SQLITE_BUSY, SQLITE_LOCKED, translate_storage_error

__all__ = ["Database", "open_database", "to_url", "BUSY_TIMEOUT_S"]

log = logging.getLogger("taizhang")
BUSY_TIMEOUT_S = 5
R = TypeVar("R")

# How the next SQLite transaction begins: "" (deferred) or "IMMEDIATE" (takes the write lock).
_begin_mode: contextvars.ContextVar[str] = contextvars.ContextVar("begin_mode", default="IMMEDIATE")
_open_databases: weakref.WeakSet = weakref.WeakSet()


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (service accounts, some containers)
        return ""


def _setup_sqlite(engine: Engine, journal_mode: str, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # SQLAlchemy's "begin" event emits BEGIN itself (pysqlite's own handling is off).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        if read_only:
            cur.execute("PRAGMA query_only = ON")
        else:
            cur.execute(f"PRAGMA journal_mode = {journal_mode}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        mode = "" if read_only else _begin_mode.get()
        conn.exec_driver_sql(f"BEGIN {mode}".strip())


def _is_write_lock_miss(exc: BaseException) -> bool:
    """A deferred transaction could not get (or upgrade to) the write lock: SQLITE_BUSY,
    SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    return isinstance(orig, sqlite3.OperationalError) and code is not None and (
        code & 0xFF) in (SQLITE_BUSY, SQLITE_LOCKED)


class Database:
    """An open ledger database: engine, session factory and the user recorded in the change log.

    ``place`` names the ledger for messages (a file, or server and database: never a password).
    ``read_only`` is set for a ledger on read-only media or in a folder one cannot write;
    ``journal_mode`` is "wal", or "delete" on a network share.
    """

    def __init__(self, url: str, *, user: str | None = None, echo: bool = False,
                 read_only: bool = False) -> None:
        self.url = url
        self.place = display_name(url)
        self.user = _current_user() if user is None else user
        self.read_only = read_only
        self.journal_mode = ""
        self._own_changes: list[tuple[int, int]] = []  # change-log id ranges written here
        backend = make_url(url).get_backend_name()
        kwargs: dict = {}
        path = sqlite_path(url)
        engine_url = url
        if backend == "sqlite":
            kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_S}
            if path is not None:
                self.journal_mode = "delete" if is_network_path(path) else "wal"
                if read_only:
                    engine_url = read_only_url(path)
        elif backend == "postgresql":
            # A row lock held by another clerk is waited for this long, then "busy".
            kwargs["connect_args"] = {"options": f"-c lock_timeout={BUSY_TIMEOUT_S * 1000}",
                                      "connect_timeout": BUSY_TIMEOUT_S}
            kwargs["pool_pre_ping"] = True
        self.engine = create_engine(engine_url, echo=echo, **kwargs)
        if self.engine.dialect.name == "sqlite":
            _setup_sqlite(self.engine, self.journal_mode or "wal", read_only)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        from db import changelog

        changelog.install(self._sessions, lambda: self.user)

        @event.listens_for(self._sessions, "before_flush")
        def _note_first_change(session, _ctx, _instances):
            if "changes_from" not in session.info:
                from db.models import ChangeLog

                session.info["changes_from"] = session.scalar(
                    select(func.max(ChangeLog.id))) or 0

        @event.listens_for(self._sessions, "after_flush")
        def _note_write(session, _ctx):
            session.info["wrote"] = True

        _open_databases.add(self)

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def storage_error(self, exc: BaseException):
        """``exc`` as the clerk's message naming this ledger, or None for a bug."""
        return translate_storage_error(exc, self.place)

    @contextlib.contextmanager
    def transaction(self, *, deferred: bool = False) -> Iterator[Session]:
        """One user action: commit when the block ends, roll back everything on any error.

        SQLite: ``BEGIN IMMEDIATE`` (the write lock from the start) unless ``deferred``."""
        token = _begin_mode.set("" if deferred else "IMMEDIATE")
        session = self._sessions()
        session.info["user"] = self.user
        try:
            with session.begin():
                yield session
                if session.info.get("wrote"):
                    self._remember_own_changes(session)
        except Exception as exc:
            if deferred and _is_write_lock_miss(exc):
                raise _WriteLockMiss() from exc
            known = self.storage_error(exc)
            if known is not None and known is not exc:
                raise known from exc
            raise
        finally:
            session.close()
            _begin_mode.reset(token)

    def run(self, fn: Callable[..., R], *args, **kwargs) -> R:
        """Run ``fn(session, …)`` as one action: deferred first (a read never waits), again
        with the write lock from the start if it writes while another copy does."""
        if self.is_sqlite and not self.read_only:
            try:
                with self.transaction(deferred=True) as session:
                    return fn(session, *args, **kwargs)
            except _WriteLockMiss:
                log.debug("write lock taken meanwhile; running %s again with it", fn.__name__)
        with self.transaction() as session:
            return fn(session, *args, **kwargs)

    # --- changes made by others (another copy of the program, another clerk) ----------------

    def _remember_own_changes(self, session: Session) -> None:
        from db.models import ChangeLog

        start = session.info.get("changes_from")
        latest = session.scalar(select(func.max(ChangeLog.id))) or 0
        if start is not None and latest > start:
            self._own_changes.append((start, latest))
            del self._own_changes[:-200]

    def latest_change(self) -> int:
        """The newest change-log id (0 for none): where to start watching for others' changes."""
        from db.models import ChangeLog

        with self.transaction(deferred=True) as session:
            return session.scalar(select(func.max(ChangeLog.id))) or 0

    def changes_by_others(self, since: int) -> tuple[int, bool]:
        """(newest change id, whether any change after ``since`` came from elsewhere)."""
        from db.models import ChangeLog

        with self.transaction(deferred=True) as session:
            ids = session.scalars(select(ChangeLog.id).where(ChangeLog.id > since)
                                  .order_by(ChangeLog.id)).all()
        if not ids:
            return since, False
        own = self._own_changes
        foreign = any(not any(a < i <= b for a, b in own) for i in ids)
        return ids[-1], foreign

    # --- closing ------------------------------------------------------------------------------

    def checkpoint(self) -> None:
        """Fold the WAL into the ledger file, so the file alone holds every committed edit."""
        if not self.is_sqlite or self.read_only or self.path is None or not self.path.exists():
            return
        raw = self.engine.raw_connection()  # outside any transaction: the pragma needs that
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    def dispose(self) -> None:
        try:
            self.checkpoint()
        except Exception as exc:  # noqa: BLE001 - closing must not fail; SQLite keeps the WAL
            log.warning("checkpoint of %s failed: %s", self.place, exc)
        self.engine.dispose()
        _open_databases.discard(self)


class _WriteLockMiss(Exception):
    """A deferred action hit another writer's lock; it is run again with the lock."""


@atexit.register
def _dispose_all() -> None:
    for database in list(_open_databases):
        database.dispose()


def read_only_url(path: Path) -> str:
    return sqlite_uri(path, **read_only_params(path))


def _is_read_only(path: Path) -> bool:
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def open_database(path_or_url: str | os.PathLike | None = None, *, migrate: bool = True,
                  user: str | None = None) -> Database:
    """Open (and by default create or upgrade, with a backup first) the ledger database.

    A ledger that cannot be written (read-only media or folder) opens read-only when its schema
    is current.  A file that cannot be opened raises ``StorageError`` naming it, and, when a
    backup lies beside it, naming the newest backup (``.backup`` on the error)."""
    url = to_url(path_or_url)
    path = sqlite_path(url)
    place = display_name(url)
    read_only = path is not None and _is_read_only(path)
    if path is not None and not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"无法创建数据文件夹：{path.parent}") from exc
    try:
        if read_only:
            from db.migrate import HEAD_REVISION, current_revision

            if current_revision(read_only_url(path)) != HEAD_REVISION:
                raise StorageError(f"台账（{place}）是只读的，且版本较旧需要升级：请把它复制到"
                                   "可写的位置再打开。")
        elif migrate:
            from db.migrate import upgrade

            upgrade(url)
        return Database(url, user=user, read_only=read_only)
    except StorageError as exc:
        if path is not None:
            from db.backups import unopenable_with_backup

            raise unopenable_with_backup(path, exc) from exc
        raise
    except Exception as exc:
        known = translate_storage_error(exc, place)
        if known is None:
            raise
        if path is not None:
            from db.backups import unopenable_with_backup

            raise unopenable_with_backup(path, known) from exc
        raise known from exc
