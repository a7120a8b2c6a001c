"""The tree model: Qt's model tester, numbering, the status column, drops, the filter proxy."""
import datetime as dt

from PySide6.QtCore import QModelIndex, Qt

from db.schedule import month_standings
from db.services import tasks
from desktop.task_model import (
    COLOUR_TINTS,
    STATUS,
    TaskFilter,
    TaskFilterModel,
    TaskTreeModel,
    deadline_fields,
)


def test_model_passes_qt_model_tester(qtmodeltester, db, demo_plan):
    model = TaskTreeModel()
    model.set_rows(tasks.load_tree(db, demo_plan))
    qtmodeltester.check(model)
    proxy = TaskFilterModel()
    proxy.setSourceModel(model)
    proxy.set_task_filter(TaskFilter(keyword="高新技术"))
    qtmodeltester.check(proxy)


def test_tree_shows_numbers_units_and_first_line(db, demo_plan):
    model = TaskTreeModel()
    rows = tasks.load_tree(db, demo_plan)
    model.set_rows(rows)
    top = model.index(0, 0)
    assert top.data() == "（一）"
    first_task = model.index(0, 0, top)
    assert first_task.data() == "1."
    item = model.index(0, 2, first_task)
    assert item.data() == "县科工信局"
    assert model.rowCount() == len([r for r in rows if r.parent_id is None])


def test_drop_inside_own_subtree_is_refused(db, demo_plan):
    model = TaskTreeModel()
    model.set_rows(tasks.load_tree(db, demo_plan))
    top = model.index(0, 0)
    mime = model.mimeData([top])
    assert not model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0,
                                     model.index(0, 0, top))
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, QModelIndex())


def test_status_column_is_coloured_by_standing(db, demo_plan):
    from desktop.views.task_list import month_state
    model = TaskTreeModel()
    standings = month_standings(db, demo_plan, "2026-11", today=dt.date(2026, 11, 20))
    states = {k: month_state(s) for k, s in standings.items()}
    model.set_rows(tasks.load_tree(db, demo_plan), states)
    red = next(k for k, s in standings.items() if s.colour.value == "red")
    index = model.index_of(red, STATUS)
    brush = index.data(Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == COLOUR_TINTS["red"]
    assert index.data() in ("严重滞后", "逾期", "严重滞后（未报送）", "逾期（未报送）")


def test_deadline_text_means_the_date_the_importer_reads():
    assert deadline_fields("2026/6/30") == {"deadline_text": "2026/6/30",
                                            "deadline": dt.date(2026, 6, 30)}
    assert deadline_fields("2026年6月底前")["deadline"] == dt.date(2026, 6, 30)
    assert deadline_fields("年底前", 2027)["deadline"] == dt.date(2027, 12, 31)
    assert deadline_fields("第三季度", 2026)["deadline"] == dt.date(2026, 9, 30)
    assert deadline_fields("长期坚持") == {"deadline_text": "长期坚持", "deadline": None}
    assert deadline_fields("  ") == {"deadline_text": ""}  # the date set by hand stays


def test_multi_line_content_is_not_edited_in_a_one_line_cell(db, demo_plan):
    item = next(t for t in tasks.load_tree(db, demo_plan) if t.depth == 2)
    tasks.update_task(db, item.id, content="第一行\n第二行")
    model = TaskTreeModel()
    model.set_rows(tasks.load_tree(db, demo_plan))
    index = model.index_of(item.id, 1)
    assert index.data() == "第一行"
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    assert model.index_of(item.id, 4).flags() & Qt.ItemFlag.ItemIsEditable


def test_filter_conditions_combine(db, demo_plan):
    from db.services.units import lookup_unit
    from desktop.task_model import matching_ids, task_matches

    rows = tasks.load_tree(db, demo_plan)
    finance = lookup_unit(db, "县财政局").id
    both = TaskFilter(keyword="企业", unit_id=finance)
    hits = [r for r in rows if task_matches(r, both)]
    assert hits
    assert all("企业" in r.text and finance in [u.id for u in r.lead_units + r.responsible_units]
               for r in hits)
    assert len(hits) < len([r for r in rows if task_matches(r, TaskFilter(keyword="企业"))])
    shown = matching_ids(rows, both)
    by_id = {r.id: r for r in rows}
    for hit in hits:  # ancestors come along
        node = hit
        while node.parent_id is not None:
            assert node.parent_id in shown
            node = by_id[node.parent_id]
