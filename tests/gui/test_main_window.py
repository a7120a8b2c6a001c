"""The main window driven through its widgets; the database is checked afterwards."""
import pytest
from PySide6.QtCore import QModelIndex, Qt

from db.dump import dump_plan
from db.services import plans, progress, tasks, units
from tests.gui.conftest import find_task, type_text
from desktop.state import progress_changes

# The offscreen platform of the test run says this on every shown main window; harmless.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "does not support raise",
                                       "does not support grabbing the keyboard")


def test_window_shows_plan_tree_and_month_status(window, db, demo_plan):
    plan = plans.get_plan(db, demo_plan)
    assert window.windowTitle() == plan.title  # Qt adds the application name once
    assert window.plan_id == demo_plan
    assert window.current_month() == "2026-11"
    assert window.month_box.currentText() == "2026年11月"
    assert [window.task_list.model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "序号", "工作任务/事项", "牵头单位", "责任单位", "完成时限", "本月状态"]
    entries = progress.progress_for_month(db, demo_plan, "2026-11")
    task_id, entry = next(iter(entries.items()))
    assert window.task_list.model.index_of(task_id, 5).data() == entry.status
    # another month: the column follows, and the signal tells other widgets
    october = progress.progress_for_month(db, demo_plan, "2026-10")
    changed = next(t for t in october if t not in entries or entries[t].status != october[t].status)
    with_signal = []
    window.month_changed.connect(with_signal.append)
    window.month_box.setCurrentIndex(window.month_box.findData("2026-10"))
    assert with_signal == ["2026-10"]
    assert window.task_list.model.index_of(changed, 5).data() == october[changed].status
    # a work item without an entry in a month long ago
    window.set_month("2026-01")
    assert "未报送" in window.task_list.model.index_of(task_id, 5).data()  # 进度滞后（未报送）


def test_add_sibling_and_child_then_undo_redo(window, db, demo_plan):
    task = find_task(window, "建立重点产业技术需求清单")
    window.select_task(task.id)
    assert window.selected_task_id() == task.id
    window.task_list.act_add_child.trigger()
    child = tasks.get_task(db, window.selected_task_id())
    assert child.parent_id == task.id and child.title == "新事项"
    assert child.number == "（3）"  # after the two existing work items
    window.select_task(task.id)
    window.task_list.act_add_sibling.trigger()
    sibling = tasks.get_task(db, window.selected_task_id())
    assert sibling.parent_id == task.parent_id and sibling.position == task.position + 1
    assert sibling.number == "2."
    # numbering of the following task moved on
    following = find_task(window, "组织实施县级科技攻关项目")
    assert following.number == "3."
    window.act_undo.trigger()
    assert sibling.id not in {t.id for t in tasks.load_tree(db, demo_plan)}
    assert find_task(window, "组织实施县级科技攻关项目").number == "2."
    window.act_redo.trigger()
    assert tasks.get_task(db, sibling.id).title == "新事项"


def test_edit_title_in_tree_cell_and_in_panel(window, qtbot, db):
    task = find_task(window, "建立重点产业技术需求清单")
    window.select_task(task.id)
    index = window.task_list.tree.currentIndex().siblingAtColumn(1)
    window.task_list.tree.edit(index)
    editor = window.task_list.tree.indexWidget(index)
    editor.selectAll()
    type_text(editor, "梳理产业技术需求")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: tasks.get_task(db, task.id).title == "梳理产业技术需求")
    assert window.task_list.tree.currentIndex().siblingAtColumn(1).data() == "梳理产业技术需求"
    # the deadline cell takes free text; a typed date is kept as the date too
    index = window.task_list.tree.currentIndex().siblingAtColumn(4)
    window.task_list.tree.edit(index)
    editor = window.task_list.tree.indexWidget(index)
    editor.selectAll()
    type_text(editor, "2026年6月30日")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tasks.get_task(db, task.id).deadline_text == "2026年6月30日")
    stored = tasks.get_task(db, task.id)
    assert stored.deadline_text == "2026年6月30日" and stored.deadline.isoformat() == "2026-06-30"
    # the panel: title by Enter, content by leaving the field
    panel = window.task_list.detail
    panel.title.selectAll()
    type_text(panel.title, "技术需求清单")
    qtbot.keyClick(panel.title, Qt.Key.Key_Return)
    assert tasks.get_task(db, task.id).title == "技术需求清单"
    panel.content.setFocus()
    type_text(panel.content, "第一行")
    window.task_list.tree.setFocus()
    assert tasks.get_task(db, task.id).content == "第一行"
    panel.remarks.setFocus()
    type_text(panel.remarks, "备注文字")
    window.task_list.tree.setFocus()
    assert tasks.get_task(db, task.id).remarks == "备注文字"
    # undo goes back step by step
    window.history.undo()
    assert tasks.get_task(db, task.id).remarks == ""
    window.history.undo()
    window.history.undo()
    assert tasks.get_task(db, task.id).title == "梳理产业技术需求"


def test_deadline_date_picker_in_panel(window, db):
    item = next(t for t in window.task_list.model.rows() if t.depth == 2)
    window.select_task(item.id)
    window.task_list.detail.has_deadline.setChecked(True)
    window.task_list.detail.deadline.setDate(window.task_list.detail.deadline.date().addDays(3))
    expected = window.task_list.detail.deadline.date().toPython()
    assert tasks.get_task(db, item.id).deadline == expected
    window.task_list.detail.has_deadline.setChecked(False)
    assert tasks.get_task(db, item.id).deadline is None


def test_indent_outdent_move_with_keyboard(window, qtbot, db):
    second = find_task(window, "组织实施县级科技攻关项目")
    first = find_task(window, "建立重点产业技术需求清单")
    window.select_task(second.id)
    window.task_list.tree.setFocus()
    qtbot.keyClick(window.task_list.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    moved = tasks.get_task(db, second.id)
    assert moved.parent_id == first.id and moved.number == "（3）"
    qtbot.keyClick(window.task_list.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert tasks.get_task(db, second.id).parent_id == first.parent_id
    qtbot.keyClick(window.task_list.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert tasks.get_task(db, second.id).number == "1."
    assert tasks.get_task(db, first.id).number == "2."
    window.task_list.act_down.trigger()
    assert tasks.get_task(db, second.id).number == "2."
    window.task_list.act_outdent.trigger()  # to the top level, after its category
    assert tasks.get_task(db, second.id).parent_id is None
    window.act_undo.trigger()
    assert tasks.get_task(db, second.id).parent_id == first.parent_id


def test_drag_and_drop_moves_the_subtree(window, qtbot, db, demo_plan):
    item = find_task(window, "组织申报辅导培训不少于3场")
    target = find_task(window, "建立重点产业技术需求清单")
    model = window.task_list.model
    source_index = model.index_of(item.id)
    target_index = model.index_of(target.id)
    mime = model.mimeData([source_index])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, target_index)
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, target_index)
    qtbot.waitUntil(lambda: tasks.get_task(db, item.id).parent_id == target.id)
    moved = tasks.get_task(db, item.id)
    assert moved.parent_id == target.id and moved.position == 0 and moved.number == "（1）"
    # its old siblings closed up, the window shows the new place
    assert window.task_list.model.task_by_id(item.id).parent_id == target.id
    window.history.undo()
    assert tasks.get_task(db, item.id).parent_id == item.parent_id
    assert tasks.get_task(db, item.id).position == item.position


def test_delete_names_count_and_undo_restores_progress(window, prompts, db, demo_plan):
    start = dump_plan(db, demo_plan)
    task = find_task(window, "组织实施县级科技攻关项目")
    window.select_task(task.id)
    prompts.confirm_answers.append(False)
    window.task_list.act_delete.trigger()
    assert "共 4 项" in prompts.asked[-1][1]
    assert dump_plan(db, demo_plan) == start
    prompts.confirm_answers.append(True)
    window.task_list.act_delete.trigger()
    assert task.id not in {t.id for t in tasks.load_tree(db, demo_plan)}
    assert window.task_list.model.task_by_id(task.id) is None
    window.act_undo.trigger()
    assert dump_plan(db, demo_plan) == start
    window.act_redo.trigger()
    assert task.id not in {t.id for t in tasks.load_tree(db, demo_plan)}


def test_duplicate_copies_subtree_without_progress(window, db):
    task = find_task(window, "组织实施县级科技攻关项目")
    window.select_task(task.id)
    window.task_list.act_duplicate.trigger()
    copy = tasks.get_task(db, window.selected_task_id())
    assert copy.id != task.id and copy.title == task.title and copy.child_count == 3
    kids = [t for t in tasks.load_tree(db, task.plan_id) if t.parent_id == copy.id]
    assert all(progress.progress_history(db, k.id) == [] for k in kids)


def test_pick_units_with_alias_and_new_unit_one_undo_step(window, qtbot, prompts, db):
    item = next(t for t in window.task_list.model.rows() if t.depth == 2)
    window.select_task(item.id)
    picker = window.task_list.detail.lead_units
    picker.setFocus()
    picker.clear()
    type_text(picker, "财政局、县档案馆、科工信局")
    picker.completer_.popup().hide()  # as a Return in the popup does before reaching the line
    prompts.confirm_answers.append(True)
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert "县档案馆" in prompts.asked[-1][1]
    stored = tasks.get_task(db, item.id)
    assert [u.name for u in stored.lead_units] == ["县财政局", "县档案馆", "县科工信局"]
    assert picker.text() == "县财政局、县档案馆、县科工信局"
    window.act_undo.trigger()  # assignment and the new unit go in one step
    assert tasks.get_task(db, item.id).lead_units == item.lead_units
    assert units.lookup_unit(db, "县档案馆") is None
    # declining to create keeps everything as it was
    picker.setFocus()
    picker.clear()
    type_text(picker, "不存在的单位")
    picker.completer_.popup().hide()
    prompts.confirm_answers.append(False)
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert tasks.get_task(db, item.id).lead_units == item.lead_units
    assert picker.text() == "、".join(u.name for u in item.lead_units)


def test_unit_completer_offers_names_and_aliases(window):
    picker = window.task_list.detail.responsible_units
    completer = picker.completer_
    words = completer.model().stringList()
    assert "县财政局" in words
    assert "高新区（别名，即示例高新区）" in words
    picker.setFocus()
    picker.clear()
    type_text(picker, "县财政局、高新")
    offered = [completer.completionModel().index(i, 0).data()
               for i in range(completer.completionCount())]
    assert offered == ["示例高新区", "高新区（别名，即示例高新区）", "县高新区（别名，即示例高新区）"]
    alias_row = words.index("高新区（别名，即示例高新区）")
    assert completer.pathFromIndex(completer.model().index(alias_row)) == "县财政局、示例高新区"


def test_filter_follows_every_letter(window):
    window.task_list.act_find.trigger()
    type_text(window.task_list.filter_bar.keyword, "高")
    # no pause to wait for: the tree is filtered as each letter is typed
    assert window.task_list.model.task_filter().keyword == "高"
    type_text(window.task_list.filter_bar.keyword, "新")
    assert window.task_list.model.task_filter().keyword == "高新"
    shown = [window.task_list.model.task(i) for i in window.task_list._visible_ids()]
    assert any("高新" in t.text for t in shown)
    assert len(shown) < len(window.task_list.model.rows())


def test_filter_keeps_ancestors_and_is_cleared(window, qtbot, db):
    window.task_list.act_find.trigger()
    assert window.task_list.filter_bar.isVisible()
    type_text(window.task_list.filter_bar.keyword, "高新技术")
    assert window.task_list.model.task_filter().keyword == "高新技术"
    shown = [window.task_list.model.task(i) for i in window.task_list._visible_ids()]
    matches = [t for t in shown if "高新技术" in t.text]
    assert matches
    for t in shown:  # every row shown is a match or an ancestor of one
        assert "高新技术" in t.text or any(m.id != t.id and window.task_list._is_under(m, t.id) for m in matches)
    assert window.task_list.count_label.text().endswith(f"筛选出 {len(shown)} 项")
    window.task_list.filter_bar.clear()
    assert window.task_list.model.shown_ids() is None
    assert len(list(window.task_list._visible_ids())) == len(window.task_list.model.rows())


def test_filter_by_unit_and_deadline(window, db):
    bar = window.task_list.filter_bar
    bar.unit.setCurrentIndex(bar.unit.findText("县人社局"))
    bar.role.setCurrentIndex(bar.role.findData("lead"))
    shown = [window.task_list.model.task(i) for i in window.task_list._visible_ids()]
    leaves = [t for t in shown if t.is_leaf]
    assert leaves and all("县人社局" in [u.name for u in t.lead_units] for t in leaves)
    bar.clear()
    bar.use_deadline.setChecked(True)
    bar.deadline.setDate(bar.deadline.date().fromString("2026-06-30", "yyyy-MM-dd"))
    shown = [window.task_list.model.task(i) for i in window.task_list._visible_ids()]
    leaves = [t for t in shown if t.is_leaf]
    assert leaves and all(t.deadline and t.deadline.isoformat() <= "2026-06-30" for t in leaves)


def test_context_menu_offers_tree_actions(window):
    window.task_list._context_menu(window.task_list.tree.visualRect(window.task_list.model.index(0, 0)).center())
    texts = [a.text() for a in window.task_list._context.actions() if a.text()]
    assert "新增下级事项" in texts and "删除事项…" in texts and "降级" in texts
    window.task_list._context.close()


def test_plan_switcher_new_rename_copy_delete(window, prompts, db, demo_plan):
    prompts.texts.append("乡村振兴专班2027年工作方案")
    prompts.choices.append(1)  # 一、（一）1.（1）
    window.act_new_plan.trigger()
    new_id = window.plan_id
    assert new_id != demo_plan
    assert window.windowTitle() == "乡村振兴专班2027年工作方案"  # Qt adds “ — 专班台账” once
    new = plans.get_plan(db, new_id)
    assert (new.year, new.number_style) == (2027, "comma")  # the year its title names
    assert window.task_list.model.rowCount() == 0
    window.task_list.act_add_sibling.trigger()  # the first item of an empty plan
    assert len(tasks.load_tree(db, new_id)) == 1
    prompts.texts.append("乡村振兴工作方案")
    window.act_rename_plan.trigger()
    assert plans.get_plan(db, new_id).title == "乡村振兴工作方案"
    assert window.plan_box.currentText().startswith("乡村振兴工作方案")
    window.act_undo.trigger()
    assert plans.get_plan(db, new_id).title == "乡村振兴专班2027年工作方案"
    # copy the demo plan to next year
    window.plan_box.setCurrentIndex(window.plan_box.findData(demo_plan))
    assert window.plan_id == demo_plan
    prompts.confirm_answers.append(False)  # 复制为下一年度方案 asks first
    window.act_copy_plan.trigger()
    assert window.plan_id == demo_plan and "下一年度" in prompts.asked[-1][1]
    prompts.confirm_answers.append(True)
    window.act_copy_plan.trigger()
    copy_id = window.plan_id
    copy = plans.get_plan(db, copy_id)
    assert copy.year == 2027 and "2027年" in copy.title
    assert len(window.task_list.model.rows()) == len(tasks.load_tree(db, demo_plan))
    assert progress.progress_for_plan(db, copy_id) == {}
    # delete asks first, then goes
    prompts.confirm_answers.append(True)
    window.act_delete_plan.trigger()
    assert "不能撤销" in prompts.asked[-1][1]
    assert copy_id not in [p.id for p in plans.list_plans(db)]
    assert window.plan_id in {demo_plan, new_id}


def test_plan_change_clears_undo_history(window, prompts, db):
    window.select_task(window.task_list.model.rows()[0].id)
    window.task_list.act_add_sibling.trigger()
    assert window.act_undo.isEnabled()
    prompts.texts.append("另一个方案")
    prompts.choices.append(0)
    window.act_new_plan.trigger()
    assert not window.act_undo.isEnabled()


def test_last_plan_and_layout_remembered(qtbot, db, demo_plan, prompts):
    from desktop.main_window import MainWindow

    other = plans.create_plan(db, "第二个方案")
    first = MainWindow(db)
    qtbot.addWidget(first)
    first.show()
    first.plan_box.setCurrentIndex(first.plan_box.findData(demo_plan))
    first.resize(701, 500)  # the offscreen test screen is 800x600
    first.close()
    second = MainWindow(db)
    qtbot.addWidget(second)
    second.show()
    assert second.plan_id == demo_plan != other.id
    assert second.width() == 701


def test_unexpected_error_is_logged_and_shown_in_chinese(window, prompts, monkeypatch):
    from desktop.views import task_list

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(task_list, "AddTaskCommand", broken)
    window.task_list.act_add_sibling.trigger()
    title, text = prompts.errors.pop()
    assert title == "程序出错" and "日志" in text and "Traceback" not in text
    from desktop.logs import log_file

    assert "boom" in log_file().read_text(encoding="utf-8")


def test_locked_database_gets_a_clear_message(window, prompts, db, demo_plan):
    import sqlite3

    before = len(tasks.load_tree(db, demo_plan))
    other_copy = sqlite3.connect(db.path, isolation_level=None)
    other_copy.execute("BEGIN IMMEDIATE")  # another running copy in the middle of a save
    try:
        window.task_list.act_add_sibling.trigger()  # waits the busy timeout, then gives up
    finally:
        other_copy.execute("ROLLBACK")
        other_copy.close()
    title, text = prompts.errors.pop()
    assert title == "无法完成操作" and "另一个程序" in text
    assert len(tasks.load_tree(db, demo_plan)) == before
    assert window.history.stack.count() == 0


def test_extension_hooks_for_other_features(window, qtbot):
    from PySide6.QtWidgets import QLabel

    assert [window.menuBar().actions()[i].text() for i in range(7)] == [
        "文件", "编辑", "查看", "进展", "报表", "导入", "帮助"]
    progress_menu = window.menu("进展")
    assert not progress_menu.menuAction().isVisible()  # empty menus stay out of the way
    progress_menu.addAction("月度进展录入")
    assert progress_menu.menuAction().isVisible()
    dock = window.add_dock("预警", QLabel("预警列表"))
    assert dock.toggleViewAction() in window.menu("查看").actions()
    selected = []
    window.task_selected.connect(selected.append)
    first = window.task_list.model.rows()[1]
    window.select_task(first.id)
    assert selected[-1] == first.id
    window.task_list.tree.setCurrentIndex(QModelIndex())
    assert selected[-1] == 0


def test_standard_buttons_are_chinese(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    from desktop.app import load_translations

    load_translations(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_refresh_status_after_progress_entered_elsewhere(window, db):
    from db.services.closeout import confirm_closeout

    item = next(t for t in window.task_list.model.rows()
                if window.task_list.model.state(t.id) and window.task_list.model.state(t.id).word == "未报送")
    progress.record_progress(db, item.id, "2026-11", status="已完成", percent=100)
    window.state.publish(progress_changes())  # what the progress views do after a write
    state = window.task_list.model.state(item.id)
    assert state.word == "完成待销号" and state.colour == "yellow"  # until the office confirms
    confirm_closeout(db, item.id, "2026-11", by="县专班办公室")
    window.state.publish(progress_changes())
    state = window.task_list.model.state(item.id)
    assert state.word == "已完成" and state.colour == "green"


def test_folding_survives_edits(window):
    categories = [t for t in window.task_list.model.rows() if t.parent_id is None]
    folded = window.task_list.model.index_of(categories[1].id)
    window.task_list.tree.collapse(folded)
    window.select_task(categories[0].id)
    window.task_list.act_add_child.trigger()  # a structural edit reloads the tree
    again = window.task_list.model.index_of(categories[1].id)
    assert not window.task_list.tree.isExpanded(again)
    assert window.task_list.tree.isExpanded(window.task_list.model.index_of(categories[0].id))
    window.task_list.act_collapse.trigger()
    window.task_list.act_add_sibling.trigger()
    assert not window.task_list.tree.isExpanded(window.task_list.model.index_of(categories[2].id))
    window.task_list.act_expand.trigger()
    window.task_list.act_add_sibling.trigger()
    assert window.task_list.tree.isExpanded(window.task_list.model.index_of(categories[2].id))


def test_filtering_keeps_the_selection_and_the_clerks_folding(window):
    task_list = window.task_list
    match = next(t for t in task_list.model.rows() if "高新技术" in t.text and t.is_leaf)
    window.select_task(match.id)
    categories = [t for t in task_list.model.rows() if t.parent_id is None
                  and not task_list._is_under(match, t.id)]  # folded: not the match's own
    task_list.tree.collapse(task_list.model.index_of(categories[1].id))
    task_list.act_find.trigger()
    type_text(task_list.filter_bar.keyword, "高新")
    assert window.selected_task_id() == match.id  # still the item the clerk was on
    type_text(task_list.filter_bar.keyword, "技术")
    assert window.selected_task_id() == match.id
    task_list.filter_bar.clear()
    assert window.selected_task_id() == match.id
    assert not task_list.tree.isExpanded(task_list.model.index_of(categories[1].id))
    assert task_list.tree.isExpanded(task_list.model.index_of(categories[0].id))


def test_item_added_while_filtering_stays_in_view(window, qtbot, db):
    window.task_list.act_find.trigger()
    type_text(window.task_list.filter_bar.keyword, "高新技术")
    qtbot.waitUntil(lambda: window.task_list.model.task_filter().keyword == "高新技术")
    match = next(t for t in window.task_list.model.rows() if "高新技术" in t.text)
    window.select_task(match.id)
    window.task_list.act_add_sibling.trigger()
    new_id = window.selected_task_id()
    assert new_id is not None and new_id != match.id
    assert tasks.get_task(db, new_id).title == "新事项"
    shown = {window.task_list.model.task(i).id for i in window.task_list._visible_ids()}
    assert new_id in shown and match.id in shown


def test_open_plan_made_elsewhere(window, db):
    changed = []
    window.plan_changed.connect(changed.append)
    other = plans.create_plan(db, "导入的方案")  # as an import would
    window.open_plan(other.id)
    assert window.plan_id == other.id and changed == [other.id]
    assert window.windowTitle() == "导入的方案"
