"""The tree model: Qt's model tester, numbering, the status column, drops, the filter."""
import datetime as dt

from PySide6.QtCore import QModelIndex, Qt

from db.schedule import month_standings
from db.services import tasks
from desktop.task_model import (
    COLOUR_TINTS,
    STATUS,
    TaskFilter,
    TaskTreeModel,
    deadline_fields,
)


def test_model_passes_qt_model_tester(qtmodeltester, db, demo_plan):
    model = TaskTreeModel()
    model.set_rows(tasks.load_tree(db, demo_plan))
    qtmodeltester.check(model)
    filtered = TaskTreeModel()
    filtered.set_rows(tasks.load_tree(db, demo_plan))
    filtered.set_task_filter(TaskFilter(keyword="高新技术"))
    qtmodeltester.check(filtered)


def test_the_filtered_model_shows_matches_with_their_ancestors(db, demo_plan):
    model = TaskTreeModel()
    rows = tasks.load_tree(db, demo_plan)
    model.set_rows(rows)
    model.set_task_filter(TaskFilter(keyword="高新技术"))
    by_id = {r.id: r for r in rows}
    shown, todo = [], [QModelIndex()]
    while todo:
        parent = todo.pop()
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            shown.append(model.task(index))
            todo.append(index)
    matches = {r.id for r in rows if "高新技术" in r.title or "高新技术" in r.content}
    assert matches and matches <= {t.id for t in shown}
    for task in shown:  # a match or the ancestor of one, nothing else
        assert task.id in matches or any(_under(by_id, m, task.id) for m in matches)
    assert len(shown) == len(model.shown_ids()) < len(rows)
    hidden = next(r for r in rows if r.id not in model.shown_ids())
    assert not model.index_of(hidden.id).isValid() and model.task_by_id(hidden.id) == hidden
    model.set_task_filter(TaskFilter())
    assert model.shown_ids() is None
    assert model.rowCount() == len([r for r in rows if r.parent_id is None])


def _under(by_id, task_id, ancestor_id):
    node = by_id[task_id]
    while node.parent_id is not None:
        if node.parent_id == ancestor_id:
            return True
        node = by_id[node.parent_id]
    return False


def test_a_drop_while_filtering_lands_among_all_siblings(db, demo_plan):
    # rows shown while filtering skip hidden siblings: a drop before the second row shown
    # lands before that sibling's real place, not at the shown row number
    model = TaskTreeModel()
    rows = tasks.load_tree(db, demo_plan)
    model.set_rows(rows)
    model.set_task_filter(TaskFilter(keyword="企业"))
    parent = next(r for r in rows if model.index_of(r.id).isValid()
                  and 2 <= model.rowCount(model.index_of(r.id)) < r.child_count)
    parent_index = model.index_of(parent.id)
    second = model.task(model.index(1, 0, parent_index))
    by_id = {r.id: r for r in rows}
    mover = next(r for r in rows if r.parent_id is None and r.id != parent.id
                 and not _under(by_id, parent.id, r.id))  # a category from elsewhere
    assert model.drop_target(mover.id, 1, parent_index) == (parent.id, second.position)
    assert model.drop_target(mover.id, -1, parent_index) == (parent.id, parent.child_count)
    assert model.drop_target(mover.id, model.rowCount(parent_index), parent_index) == (
        parent.id, parent.child_count)


def test_an_edited_row_stays_in_view_while_filtering(db, demo_plan):
    model = TaskTreeModel()
    rows = tasks.load_tree(db, demo_plan)
    model.set_rows(rows)
    model.set_task_filter(TaskFilter(keyword="高新技术"))
    match = next(r for r in rows if "高新技术" in r.title + r.content and r.is_leaf)
    tasks.update_task(db, match.id, title="改写后的标题", content="改写后的内容")
    assert model.update_row(tasks.get_task(db, match.id)) is False  # stays, no reset
    assert model.index_of(match.id).isValid()
    hidden = next(r for r in rows if r.is_leaf and r.id not in model.shown_ids())
    tasks.update_task(db, hidden.id, title="新增高新技术企业培育")
    assert model.update_row(tasks.get_task(db, hidden.id)) is True  # it matches now
    assert model.index_of(hidden.id).isValid()


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
