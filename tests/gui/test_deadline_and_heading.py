"""A deadline typed as text means the date the importer reads from it (and the window shows
that date beside the text); the progress heading names the item as it is after a rename, a
move or a new parent."""
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from db.schedule import task_standing
from db.services import plans, tasks
from tests.gui.conftest import TODAY, find_task, type_text

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "does not support raise",
                                       "does not support grabbing the keyboard")


def leaf_without_deadline(window, db):
    """A work item with no date, not done in November."""
    return next(t for t in window.task_list.model.rows()
                if t.is_leaf and t.depth == 2 and t.deadline is None
                and not task_standing(db, t.id, "2026-11", today=TODAY).done)


def heading(db, task_id):
    """The item's number as the form writes it (（1） after its task's number) and its text."""
    task = tasks.get_task(db, task_id)
    parent = tasks.get_task(db, task.parent_id) if task.parent_id else None
    number = parent.number + task.number if parent is not None and parent.depth > 0 \
        else task.number
    return f"{number} {task.text}"


def type_deadline_in_panel(window, qtbot, text):
    panel = window.task_list.detail
    panel.deadline_text.setFocus()
    panel.deadline_text.selectAll()
    type_text(panel.deadline_text, text)
    qtbot.keyClick(panel.deadline_text, Qt.Key.Key_Return)


def test_the_placeholder_deadline_makes_the_item_overdue_after_june(app_window, db, qtbot):
    window = app_window
    item = leaf_without_deadline(window, db)
    window.select_task(item.id)
    panel = window.task_list.detail
    assert "2026年6月底前" in panel.deadline_text.placeholderText()
    type_deadline_in_panel(window, qtbot, "2026年6月底前")
    stored = tasks.get_task(db, item.id)
    assert (stored.deadline_text, stored.deadline) == ("2026年6月底前", dt.date(2026, 6, 30))
    assert panel.deadline_meaning.text() == "即 2026年6月30日"
    window.set_month("2026-07")
    tip = window.task_list.model.index_of(item.id, 5).data(Qt.ItemDataRole.ToolTipRole)
    assert "已逾期" in tip
    window.set_month("2026-05")
    tip = window.task_list.model.index_of(item.id, 5).data(Qt.ItemDataRole.ToolTipRole)
    assert "已逾期" not in tip
    # the reports and warnings judge it by the same standing
    assert task_standing(db, item.id, "2026-11", today=TODAY).overdue
    assert not task_standing(db, item.id, "2026-05", today=TODAY).overdue


def test_a_deadline_typed_in_the_tree_cell_gets_its_date(window, db, qtbot):
    item = leaf_without_deadline(window, db)
    model = window.task_list.model
    assert model.setData(model.index_of(item.id, 4), "年底前")
    year = plans.get_plan(db, window.plan_id).year  # the plan's year decides 年底
    stored = tasks.get_task(db, item.id)
    assert (stored.deadline_text, stored.deadline) == ("年底前", dt.date(year, 12, 31))
    tip = model.index_of(item.id, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == f"年底前（即 {year}年12月31日）"
    # a text that names no date leaves no date behind: 长期坚持 is never overdue
    assert model.setData(model.index_of(item.id, 4), "长期坚持")
    assert tasks.get_task(db, item.id).deadline is None
    window.select_task(item.id)
    assert window.task_list.detail.deadline_meaning.text() == "未写明日期，不计逾期"


def test_the_progress_heading_follows_a_rename_a_move_and_a_new_parent(app_window, db, qtbot):
    window, ws = app_window, app_window.workspace
    item = find_task(window, "设立县级科技攻关专项")
    window.select_task(item.id)
    assert "设立县级科技攻关专项" in ws.form.title.text()
    panel = window.task_list.detail
    panel.title.setFocus()
    panel.title.selectAll()
    type_text(panel.title, "改名后的科技专项")
    qtbot.keyClick(panel.title, Qt.Key.Key_Return)
    assert "改名后的科技专项" in ws.form.title.text()

    before = ws.form.title.text()
    window.task_list.act_down.trigger()  # moved: its number changes
    moved = tasks.get_task(db, item.id)
    assert moved.position == item.position + 1
    assert ws.form.title.text() == heading(db, item.id) != before

    window.task_list.act_outdent.trigger()  # another parent: 所属 follows
    outdented = tasks.get_task(db, item.id)
    assert outdented.parent_id != moved.parent_id
    parent = tasks.get_task(db, outdented.parent_id)
    assert f"所属：{parent.number} {parent.text}" in ws.form.details.text()

    # renamed behind the window's back (another clerk): F5 shows the name as stored
    tasks.update_task(db, item.id, title="别人改的名称")
    window.act_reload.trigger()
    assert "别人改的名称" in ws.form.title.text()
