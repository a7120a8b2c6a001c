"""Alembic, run from code: the schema is created and upgraded only by the migrations.

The whole chain runs in one transaction (``migrations/env.py``): a ledger is created or
upgraded whole or not at all.  Before an existing SQLite file is upgraded it is backed up into
its backups folder (``db.backups``, SQLite's online backup, so a WAL file is included).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from db.errors import StorageError, UnopenableLedger
from db.location import display_name, sqlite_path
from db.storage_errors import translate_storage_error

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration. Opening a database that is already there needs no Alembic at all
# (importing it costs a noticeable part of start-up); a test keeps this equal to Alembic's head.
HEAD_REVISION = "0006"


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            versions = conn.execute(text("select version_num from alembic_version")).scalars()
            return next(iter(versions), None)
    finally:
        engine.dispose()


def _has_tables(url: str) -> bool:
    engine = create_engine(url)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def upgrade(url: str, revision: str = "head") -> Path | None:
    """Bring the database to ``revision``; returns the backup made, if any."""
    backup = None
    upgrading = False
    try:
        current = current_revision(url)
        if current == (HEAD_REVISION if revision == "head" else revision):
            return None
        from alembic import command

        path = sqlite_path(url)
        if path is not None and path.exists() and _has_tables(url):
            if current is None:
                raise UnopenableLedger(f"{path} 不是台账数据库（缺少版本信息），未做任何修改。",
                                       path=path)
            from db.backups import make_backup

            backup = make_backup(path, tag="升级前")
        upgrading = current is not None
        command.upgrade(alembic_config(url), revision)
    except StorageError:
        raise
    except Exception as exc:
        known = translate_storage_error(exc, display_name(url))
        if known is None:
            raise
        if upgrading and not isinstance(known, UnopenableLedger):
            # the upgrade is one transaction: the ledger is as it was, and the clerk says so
            kept = f"（升级前的备份：{backup}）" if backup is not None else ""
            raise StorageError(f"台账未能升级到新版本，内容没有任何改变{kept}。"
                               f"{known.message}") from exc
        raise known from exc
    return backup
