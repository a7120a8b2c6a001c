"""0003: task nodes get responsible leaders; a file with data from 0002 upgrades keeping it."""
import sqlite3

from db.dump import dump_plan
from db.migrate import current_revision, head_revision, upgrade
from db.services.tasks import load_tree, update_task
from db.session import open_database, to_url


def test_upgrade_from_0002_with_data_gives_every_node_no_leaders(tmp_path):
    path = tmp_path / "old.db"
    upgrade(to_url(path), "0002")
    raw = sqlite3.connect(path)
    raw.execute("insert into plan (title, region, issuing_body, goals_text, number_style,"
                " created_at, version) values ('旧方案', '示例县', '', '', 'paren', '2026-01-01', 1)")
    raw.execute("insert into task_node (plan_id, parent_id, position, title, content,"
                " deadline_text, remarks, version) values (1, null, 0, '', '旧事项', '', '', 1)")
    raw.commit()
    raw.close()

    db = open_database(path)
    try:
        assert current_revision(db.url) == head_revision()
        (node,) = load_tree(db, 1)
        assert node.content == "旧事项" and node.responsible_leaders == ()
        update_task(db, node.id, responsible_leaders=["王某某（副县长）", " ", "李某某", "李某某"])
        (node,) = load_tree(db, 1)
        assert node.responsible_leaders == ("王某某（副县长）", "李某某")
        assert dump_plan(db, 1)["tasks"][0]["responsible_leaders"] == ["王某某（副县长）", "李某某"]
    finally:
        db.dispose()
