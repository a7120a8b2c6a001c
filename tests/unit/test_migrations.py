"""The schema comes only from Alembic; upgrading an existing file backs it up first."""
import datetime as dt
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


def test_0004_keeps_existing_data_and_closes_out_what_was_already_done(tmp_path):
    """Deadline changes, close-out and evidence come in with the data kept: an 已完成 typed
    before close-out existed was final then, so it is 已销号, not 待销号, after the upgrade."""
    from db.dump import dump_plan
    from db.schedule import month_standings
    from db.services.deadlines import deadline_history

    path = tmp_path / "before.db"
    upgrade(to_url(path), "0003")
    raw = sqlite3.connect(path)
    raw.executescript("""
        insert into plan (id, title, region, issuing_body, goals_text, number_style, created_at,
                          version, year, start_date)
            values (1, '示例县旧方案', '示例县', '', '', 'paren', '2026-01-01', 1, 2026,
                    '2026-01-01');
        insert into task_node (id, plan_id, parent_id, position, title, content, deadline,
                               deadline_text, remarks, version)
            values (1, 1, null, 0, '类别', '', null, '', '', 1),
                   (2, 1, 1, 0, '', '旧事项甲', '2026-06-30', '2026年6月底前', '', 1),
                   (3, 1, 1, 1, '', '旧事项乙', '2026-12-31', '年底前', '', 1);
        insert into progress (task_id, month, status, percent, progress_text, problems,
                              next_steps, entered_by, entered_at, version)
            values (2, '2026-05', '已完成', 100, '已全部完成', '', '', '旧', '2026-05-31', 1),
                   (3, '2026-05', '序时推进', 40, '推进中', '', '', '旧', '2026-05-31', 1);
    """)
    raw.commit()
    raw.close()

    db = open_database(path)
    try:
        assert current_revision(db.url) == head_revision()
        assert {"deadline_change", "evidence"} <= set(inspect(db.engine).get_table_names())
        plan = dump_plan(db, 1)
        first, second = plan["tasks"][0]["children"]
        assert (first["content"], first["deadline"]) == ("旧事项甲", "2026-06-30")
        assert first["progress"][0]["progress"] == "已全部完成"
        assert first["progress"][0]["closeout"] == "closed"
        assert second["progress"][0]["closeout"] == ""
        assert first["deadline_changes"] == [] and first["evidence"] == []
        standings = month_standings(db, 1, "2026-05", today=dt.date(2026, 6, 1))
        assert standings[2].done and not standings[2].awaiting_closeout
        assert deadline_history(db, 3) is None
    finally:
        db.dispose()
