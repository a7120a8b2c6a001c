"""Migration 0005 (returns recorded in the ledger): an 0004 ledger with data upgrades, keeps its
data and can record returns; the tables match the models."""
import sqlite3

from sqlalchemy import inspect, text

from db.migrate import upgrade
from db.services.returns import SentWorkbook, record_sent, returns_sent, units_not_returned
from db.session import open_database, to_url


def test_an_0004_ledger_with_data_upgrades_and_records_returns(tmp_path):
    path = tmp_path / "old.db"
    upgrade(to_url(path), "0004")
    raw = sqlite3.connect(path)
    raw.execute("insert into plan (title, region, issuing_body, goals_text, number_style,"
                " created_at, version) values ('示例县旧方案', '', '', '', 'paren',"
                " '2026-01-01', 1)")
    raw.execute("insert into unit (name, short_name, kind, sort_order, contact_person, phone,"
                " version) values ('示例县水利局', '', '', 0, '', '', 1)")
    raw.commit()
    raw.close()
    db = open_database(path)
    tables = set(inspect(db.engine).get_table_names())
    assert {"returns_sent", "returns_received", "ledger_setting"} <= tables
    with db.transaction() as session:
        plan_id = session.execute(text("select id from plan")).scalar_one()
        unit_id = session.execute(text("select id from unit")).scalar_one()
    record_sent(db, plan_id, "2026-12", [SentWorkbook(unit_id, "a.xlsx", 3, "x" * 64)])
    assert [s.unit_name for s in returns_sent(db, plan_id, "2026-12")] == ["示例县水利局"]
    assert units_not_returned(db, plan_id, "2026-12") == ["示例县水利局"]
    db.dispose()


def test_the_returns_tables_match_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from db.models import Base

    db = open_database(tmp_path / "new.db")
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    mine = [d for d in diff if any(name in repr(d) for name in
                                   ("returns_sent", "returns_received", "ledger_setting"))]
    assert mine == []
    db.dispose()
