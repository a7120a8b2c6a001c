"""Migration 0006 (延期申请): an 0005 ledger with data and an approved deadline change
upgrades with everything kept, can store requests, and the table matches the model."""
import datetime as dt
import sqlite3

from sqlalchemy import inspect

from db.dump import dump_plan
from db.migrate import upgrade
from db.services.deadline_requests import RequestDraft, pending_requests, record_requests
from db.session import open_database, to_url


def test_an_0005_ledger_with_data_upgrades_and_stores_requests(tmp_path):
    path = tmp_path / "old.db"
    upgrade(to_url(path), "0005")
    raw = sqlite3.connect(path)
    raw.executescript("""
        insert into plan (id, title, region, issuing_body, goals_text, number_style, created_at,
                          version, year, start_date)
            values (1, '示例县旧方案', '示例县', '', '', 'paren', '2026-01-01', 1, 2026,
                    '2026-01-01');
        insert into task_node (id, plan_id, parent_id, position, title, content, deadline,
                               deadline_text, remarks, version)
            values (1, 1, null, 0, '类别', '', null, '', '', 1),
                   (2, 1, 1, 0, '', '旧事项甲', '2026-09-30', '2026年9月底前', '', 1);
        insert into deadline_change (task_id, old_deadline, old_deadline_text, new_deadline,
                                     new_deadline_text, reason, approved_by, approved_on,
                                     entered_by, entered_at)
            values (2, '2026-06-30', '2026年6月底前', '2026-09-30', '2026年9月底前', '手续延后',
                    '县专班办公室', '2026-06-20', '旧', '2026-06-21 09:00:00');
        insert into progress (task_id, month, status, percent, progress_text, problems,
                              next_steps, entered_by, entered_at, version, closeout,
                              closeout_by, closeout_note)
            values (2, '2026-05', '序时推进', 40, '推进中', '', '', '旧', '2026-05-31', 1, '',
                    '', '');
    """)
    raw.commit()
    raw.close()

    db = open_database(path)
    try:
        assert "deadline_request" in inspect(db.engine).get_table_names()
        (task,) = dump_plan(db, 1)["tasks"][0]["children"]
        assert task["deadline_text"] == "2026年9月底前"
        assert task["deadline_changes"][0]["reason"] == "手续延后"
        assert task["progress"][0]["progress"] == "推进中"
        with db.transaction() as session:
            record_requests(session, [RequestDraft(2, "2026-05", None, dt.date(2026, 12, 31),
                                                   "年底前", "资金晚到")])
        assert [r.reason for r in pending_requests(db, 1)] == ["资金晚到"]
    finally:
        db.dispose()


def test_the_requests_table_matches_the_model(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from db.models import Base

    db = open_database(tmp_path / "new.db")
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diff if "deadline_request" in repr(d)] == []
    db.dispose()
