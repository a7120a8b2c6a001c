"""The schema comes only from Alembic; upgrading an existing file backs it up first."""
import sqlite3

import pytest
from sqlalchemy import inspect

from db.errors import StorageError
from db.migrate import current_revision, head_revision, upgrade
from db.session import open_database, to_url


def test_head_constant_is_alembics_head():
    """Opening an up-to-date file skips Alembic by comparing with HEAD_REVISION."""
    from db.migrate import HEAD_REVISION

    assert HEAD_REVISION == head_revision()


def test_new_database_is_at_head_with_alembic_version(tmp_path):
    path = tmp_path / "new.db"
    db = open_database(path)
    assert current_revision(db.url) == head_revision()
    tables = set(inspect(db.engine).get_table_names())
    assert {"alembic_version", "plan", "task_node", "progress", "unit", "change_log"} <= tables
    db.dispose()
    assert not (tmp_path / "new-备份").exists()  # nothing to back up in a new file


def test_upgrading_an_older_file_makes_a_backup_first(tmp_path):
    path = tmp_path / "old.db"
    url = to_url(path)
    upgrade(url, "0001")  # the schema as the first release left it
    raw = sqlite3.connect(path)
    raw.execute("insert into plan (title, region, issuing_body, goals_text, number_style,"
                " created_at, version) values ('旧方案', '', '', '', 'paren', '2026-01-01', 1)")
    raw.commit()
    raw.close()

    db = open_database(path)

    backups = list((tmp_path / "old-备份").glob("old-*-升级前.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    try:
        assert old.execute("select version_num from alembic_version").fetchone() == ("0001",)
        assert old.execute("select title from plan").fetchone() == ("旧方案",)
    finally:
        old.close()
    assert current_revision(db.url) == head_revision()
    assert "change_log" in inspect(db.engine).get_table_names()
    db.dispose()


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("create table notes (x text)")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="不是台账数据库"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_gets_a_clear_message(tmp_path):
    path = tmp_path / "note.db"
    path.write_text("这不是数据库" * 100, encoding="utf-8")
    with pytest.raises(StorageError, match="不是台账数据库"):
        open_database(path)
