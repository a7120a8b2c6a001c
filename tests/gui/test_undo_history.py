"""One undo history for every write of the window: tree edits, progress in the form and the
grid, pasted blocks, 复制上月, returns loads and indicator actuals.  Each step is named; Ctrl+Z
undoes the latest step whichever tab is showing, brings the view that shows it to the front
and selects what changed."""
import openpyxl
import pytest
from PySide6.QtCore import Qt

from db.dump import dump_plan
from db.services import plans, progress, tasks
from desktop.views.month_grid import column_of
from exports import returns
from tests.gui.conftest import find_task

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "does not support raise",
                                       "does not support grabbing the keyboard")

MONTH = "2026-11"


def undo(window):
    assert window.act_undo.isEnabled()
    window.act_undo.trigger()


def not_reported_items(db, window, count):
    entries = progress.progress_for_month(db, window.plan_id, MONTH)
    leaves = [t for t in tasks.load_tree(db, window.plan_id) if t.is_leaf and t.depth == 2]
    return [t for t in leaves if t.id not in entries][:count]


def grid_row(grid, task_id):
    return grid.model.row_of(task_id)


def test_ctrl_z_on_the_grid_undoes_the_paste_not_the_earlier_drag(app_window, db, qtbot):
    """The reported bug: after a drag in the tree and a paste in the grid, Ctrl+Z must undo the
    paste (the latest write), and the next Ctrl+Z the drag."""
    ws = app_window.workspace
    moved = find_task(app_window, "设立县级科技攻关专项")
    app_window.select_task(moved.id)
    app_window.task_list.act_down.trigger()
    after_move = dump_plan(db, app_window.plan_id)
    assert tasks.get_task(db, moved.id).position == moved.position + 1

    ws.tabs.setCurrentWidget(ws.grid)
    first, second = not_reported_items(db, app_window, 2)
    rows = sorted([grid_row(ws.grid, first.id), grid_row(ws.grid, second.id)])
    for row in rows:
        ws.grid.view.setCurrentIndex(ws.grid.model.index(row, column_of("progress_text")))
        assert ws.grid.paste("粘贴的进展")
    pasted = progress.progress_for_month(db, app_window.plan_id, MONTH)
    assert {pasted[first.id].progress_text, pasted[second.id].progress_text} == {"粘贴的进展"}
    assert app_window.act_undo.text() == "撤销 粘贴 1 行"

    ws.tabs.setCurrentWidget(ws.grid)
    ws.grid.view.setFocus()
    qtbot.keyClick(ws.grid.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    now = progress.progress_for_month(db, app_window.plan_id, MONTH)
    last = ws.grid.model.task(rows[1]).id
    assert last not in now  # the latest paste is gone ...
    assert tasks.get_task(db, moved.id).position == moved.position + 1  # ... the drag stays
    assert ws.tabs.currentWidget() is ws.grid
    assert ws.grid.view.currentIndex().row() == rows[1]  # the row the undo changed

    undo(app_window)  # the first paste
    undo(app_window)  # the move: the tree comes to the front with the item selected
    assert tasks.get_task(db, moved.id).position == moved.position
    assert ws.tabs.currentWidget() is ws.task_page
    assert app_window.selected_task_id() == moved.id
    app_window.act_redo.trigger()
    assert dump_plan(db, app_window.plan_id) == after_move


def test_a_pasted_block_is_one_named_step(app_window, db):
    ws = app_window.workspace
    ws.tabs.setCurrentWidget(ws.grid)
    ws.grid.view.setCurrentIndex(ws.grid.model.index(0, column_of("progress_text")))
    before = dump_plan(db, app_window.plan_id)
    block = "\n".join(f"第{i}行的进展\t问题{i}" for i in range(5))
    assert ws.grid.paste(block)
    assert app_window.act_undo.text() == "撤销 粘贴 5 行"
    ws.tabs.setCurrentWidget(ws.dashboard)  # undone from another tab
    undo(app_window)
    assert dump_plan(db, app_window.plan_id) == before
    assert ws.tabs.currentWidget() is ws.grid
    selected = {i.row() for i in ws.grid.view.selectionModel().selectedRows()}
    assert selected == set(range(5))
    app_window.act_redo.trigger()
    entries = progress.progress_for_month(db, app_window.plan_id, MONTH)
    assert entries[ws.grid.model.task(4).id].problems == "问题4"


def test_form_entry_undone_from_another_tab(app_window, db):
    ws = app_window.workspace
    item = not_reported_items(db, app_window, 1)[0]
    app_window.select_task(item.id)
    not_reported_word = app_window.task_list.model.index_of(item.id, 5).data()
    ws.form.progress_text.setPlainText("表单里填写的进展")
    ws.form.status.setCurrentText("进展较快")
    assert ws.form.save()
    assert app_window.act_undo.text() == "撤销 录入进展"
    assert progress.progress_for_month(db, app_window.plan_id, MONTH)[item.id].status == "进展较快"
    assert app_window.task_list.model.index_of(item.id, 5).data() != not_reported_word
    ws.tabs.setCurrentWidget(ws.grid)
    app_window.select_task(find_task(app_window, "设立县级科技攻关专项").id)
    undo(app_window)
    assert item.id not in progress.progress_for_month(db, app_window.plan_id, MONTH)
    assert ws.tabs.currentWidget() is ws.task_page
    assert app_window.selected_task_id() == item.id
    assert app_window.task_list.model.index_of(item.id, 5).data() == not_reported_word
    assert ws.form.entry is None  # the form shows the undone state too


def test_an_edit_of_an_existing_entry_undoes_to_the_old_values(app_window, db):
    ws = app_window.workspace
    ws.tabs.setCurrentWidget(ws.grid)
    entries = progress.progress_for_month(db, app_window.plan_id, MONTH)
    task_id, old = next((t, e) for t, e in entries.items() if grid_row(ws.grid, t) is not None)
    row = grid_row(ws.grid, task_id)
    ws.grid.model.setData(ws.grid.model.index(row, column_of("problems")), "新的问题")
    assert progress.progress_for_month(db, app_window.plan_id, MONTH)[task_id].problems == "新的问题"
    ws.tabs.setCurrentWidget(ws.task_page)
    undo(app_window)
    back = progress.progress_for_month(db, app_window.plan_id, MONTH)[task_id]
    assert (back.problems, back.progress_text, back.status, back.percent) == (
        old.problems, old.progress_text, old.status, old.percent)
    assert ws.tabs.currentWidget() is ws.grid


def test_copy_last_month_is_one_step(app_window, db):
    ws = app_window.workspace
    app_window.set_month("2026-12")
    ws.tabs.setCurrentWidget(ws.grid)
    ws.grid.copy_empty_rows()
    copied = progress.progress_for_month(db, app_window.plan_id, "2026-12")
    assert len(copied) > 3
    assert app_window.act_undo.text() == f"撤销 复制上月 {len(copied)} 行"
    ws.tabs.setCurrentWidget(ws.warnings)
    undo(app_window)
    assert progress.progress_for_month(db, app_window.plan_id, "2026-12") == {}
    assert ws.tabs.currentWidget() is ws.grid
    app_window.act_redo.trigger()
    assert len(progress.progress_for_month(db, app_window.plan_id, "2026-12")) == len(copied)


def test_indicator_actual_undone_from_the_dashboard(app_window, db):
    ws = app_window.workspace
    ws.tabs.setCurrentWidget(ws.indicators)
    indicator = plans.list_indicators(db, app_window.plan_id)[0]
    before = indicator.actuals.get(MONTH)
    ws.indicators.table.item(0, 3).setText("12345")
    assert plans.get_indicator(db, indicator.id).actuals[MONTH] == 12345
    assert app_window.act_undo.text() == f"撤销 指标实际值 {indicator.name}"
    ws.tabs.setCurrentWidget(ws.dashboard)
    undo(app_window)
    assert plans.get_indicator(db, indicator.id).actuals.get(MONTH) == before
    assert ws.tabs.currentWidget() is ws.indicators
    assert ws.indicators.table.currentRow() == 0


def test_a_returns_load_is_one_step_named_after_the_unit(app_window, db, qtbot, tmp_path,
                                                        monkeypatch):
    from desktop.dialogs.returns_dialog import ReturnsDialog

    made = returns.make_returns(db, app_window.plan_id, "2026-12", tmp_path / "回收")
    sent = made.files[0]
    wb = openpyxl.load_workbook(sent.path)
    ws = wb[returns.SHEET]
    column = next(c for c in range(1, ws.max_column + 1)
                  if ws.cell(returns.HEADER_ROW, c).value == "进展情况")
    for r in range(returns.HEADER_ROW + 1, ws.max_row + 1):
        ws.cell(r, column, "单位交回的进展")
    wb.save(sent.path)
    dialog = ReturnsDialog(db, app_window.plan_id, "2026-12", tmp_path / "回收",
                           parent=app_window, undo_history=app_window.history)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.load_files([sent.path])
    with qtbot.waitSignal(dialog.progress_written, timeout=20000) as written:
        dialog.write_button.click()
    entries = progress.progress_for_month(db, app_window.plan_id, "2026-12")
    assert len(entries) == written.args[0] > 0
    assert app_window.act_undo.text().startswith("撤销 载入回收表 ")
    assert app_window.history.stack.count() == 1
    dialog.close()
    undo(app_window)
    assert progress.progress_for_month(db, app_window.plan_id, "2026-12") == {}
    assert app_window.workspace.tabs.currentWidget() is app_window.workspace.grid


def test_undo_never_overwrites_another_clerks_later_edit(app_window, db, prompts):
    """Undo passes the version it last saw: an entry changed meanwhile by someone else is
    kept, the clerk is told, and the history starts afresh."""
    ws = app_window.workspace
    item = not_reported_items(db, app_window, 1)[0]
    ws.tabs.setCurrentWidget(ws.grid)
    ws.grid.model.setData(ws.grid.model.index(grid_row(ws.grid, item.id),
                                              column_of("progress_text")), "我的进展")
    progress.record_progress(db, item.id, MONTH, progress_text="同事后来改的进展")
    undo(app_window)
    assert progress.progress_for_month(db, app_window.plan_id, MONTH)[item.id].progress_text \
        == "同事后来改的进展"
    assert prompts.errors and "其他人" in prompts.errors[0][1]
    prompts.errors.clear()
    assert prompts.told[-1][0] == "撤销记录已清空"
    assert not app_window.act_undo.isEnabled()


def test_a_write_that_changes_nothing_leaves_no_step(app_window, db):
    ws = app_window.workspace
    app_window.set_month("2026-12")
    ws.tabs.setCurrentWidget(ws.grid)
    ws.grid.copy_empty_rows()
    steps = app_window.history.stack.count()
    ws.grid.copy_empty_rows()  # nothing left to copy
    assert app_window.history.stack.count() == steps
