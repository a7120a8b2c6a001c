"""导出为单机台账: copy a whole ledger (from PostgreSQL or SQLite) into a new SQLite file.

The file is created by the migrations, filled table by table in one transaction from one
consistent read of the source, and renamed into place: a kill leaves no half file.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine

from db.errors import StorageError
from db.location import to_url
from db.migrate import upgrade
from db.models import Base
from db.storage_errors import translate_storage_error


def export_to_sqlite(db, target: Path) -> Path:
    """Copy the whole ledger (any database) into a new single-user SQLite file."""
    target = Path(target)
    part = target.with_name(target.name + ".part")
    for leftover in (part, Path(str(part) + "-journal")):
        leftover.unlink(missing_ok=True)
    try:
        upgrade(to_url(part))
        engine = create_engine(to_url(part))
        try:
            # A plain SQLite engine leaves foreign keys off: rows go in table by table.
            with db.transaction(deferred=True) as source, engine.begin() as conn:
                for table in Base.metadata.sorted_tables:
                    rows = [dict(r._mapping) for r in source.execute(table.select())]
                    if rows:
                        conn.execute(table.insert(), rows)
        finally:
            engine.dispose()
        os.replace(part, target)
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        known = translate_storage_error(exc, str(target))
        if known is None:
            raise
        raise StorageError(f"导出未能完成：{known.message}") from exc
    return target
