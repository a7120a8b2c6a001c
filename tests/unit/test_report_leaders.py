"""责任领导 is an optional column of the task list and the progress table."""
import datetime as dt

from db.services.tasks import load_tree, update_task
from db.schedule import work_items
from exports.report import ReportOptions, build_report


def test_leaders_column_is_offered_not_default_and_shows_the_people(db, demo_plan):
    item = work_items(load_tree(db, demo_plan))[0]
    update_task(db, item.id, responsible_leaders=["王某某（副县长）", "李某某"])
    options = dict(month="2026-11", today=dt.date(2026, 11, 20))
    plain = build_report(db, demo_plan, ReportOptions(kind="tasks", **options))
    assert "responsible_leaders" not in [c.key for c in plain.columns]
    for kind in ("tasks", "progress"):
        table = build_report(db, demo_plan, ReportOptions(
            kind=kind, columns=("seq", "item", "lead_units", "responsible_leaders"), **options))
        keys = [c.key for c in table.columns]
        assert keys[-1] == "responsible_leaders" and table.columns[-1].header == "责任领导"
        assert table.rows[0].cells[keys.index("responsible_leaders")].text == \
            "王某某（副县长）、李某某"
