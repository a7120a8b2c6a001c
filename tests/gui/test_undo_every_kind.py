"""Every kind of write the window puts on its undo history, undone from the tab that made it
and from another tab: the ledger is back as it was, the view that shows the step comes to the
front with what changed selected, and redo writes it again.

The kinds (desktop/undo.py, desktop/record_commands.py and the returns dialog's load):
task list — 新增事项, 新增下级事项, 复制事项, 删除事项, 下移/上移/升级/降级 (one MoveTaskCommand), 修改标题,
修改完成时限 (the tree's cell), 设置牵头单位; item panel — 调整完成时限, 批准/不批准延期申请, 销号, 退回,
添加/删除佐证材料, 录入进展 (the form); 月度填报 — one cell, a pasted block, 复制上月; 回收表 — 载入回收表;
目标指标 — 指标实际值, and the 目标指标 dialog's 修改/新增/删除/调整顺序 (shown on that tab).
(The units and plan dialogs' steps are shown by no tab.)
"""
import datetime as dt
from types import SimpleNamespace

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db.dump import dump_plan
from db.schedule import month_standings, work_items
from db.services import evidence as evidence_services
from db.services import plans, progress, tasks
from db.services.tasks import load_tree
from desktop.task_model import DEADLINE, TEXT
from desktop.views.month_grid import column_of
from exports import returns
from tests.gui.conftest import TODAY, type_text
from tests.gui.test_item_records import PDF, _pending_request

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "does not support raise",
                                       "does not support grabbing the keyboard")

MONTH = "2026-11"
WRITES = {}


def write(name, page):
    """A kind of write: ``fn(window, db, ctx)`` does it as a clerk would and returns the ids
    an undo must select (None: the step's node is gone after the undo) and after redo."""
    def register(fn):
        WRITES[name] = (page, fn)
        return fn
    return register


def _work_item(db, window, where=lambda t: True):
    return next(t for t in work_items(load_tree(db, window.plan_id)) if where(t))


def _not_reported(db, window):
    entries = progress.progress_for_month(db, window.plan_id, MONTH)
    return next(t for t in load_tree(db, window.plan_id)
                if t.is_leaf and t.depth == 2 and t.id not in entries)


def _awaiting_closeout(db, window):
    standings = month_standings(db, window.plan_id, MONTH, today=TODAY)
    return _work_item(db, window, lambda t: standings[t.id].awaiting_closeout)


def _selected_in_tree(window, ctx, task_id):
    window.workspace.tabs.setCurrentWidget(window.workspace.task_page)
    window.select_task(task_id)


def _close_title_editor(ctx):
    editor = QApplication.focusWidget()
    if editor is not None:
        ctx.qtbot.keyClick(editor, Qt.Key.Key_Escape)


# --- task list ----------------------------------------------------------------------------------

@write("新增事项", "task_page")
def _add_sibling(window, db, ctx):
    item = _work_item(db, window)
    _selected_in_tree(window, ctx, item.id)
    window.task_list.act_add_sibling.trigger()
    _close_title_editor(ctx)
    return None, {window.selected_task_id()}


@write("新增下级事项", "task_page")
def _add_child(window, db, ctx):
    item = _work_item(db, window)
    _selected_in_tree(window, ctx, item.id)
    window.task_list.act_add_child.trigger()
    _close_title_editor(ctx)
    return None, {window.selected_task_id()}


@write("复制事项", "task_page")
def _duplicate(window, db, ctx):
    _selected_in_tree(window, ctx, _work_item(db, window).id)
    window.task_list.act_duplicate.trigger()
    return None, {window.selected_task_id()}


@write("删除事项", "task_page")
def _delete(window, db, ctx):
    item = _work_item(db, window)
    _selected_in_tree(window, ctx, item.id)
    ctx.prompts.confirm_answers.append(True)
    window.task_list.act_delete.trigger()
    return {item.id}, None


@write("下移事项", "task_page")
def _move_down(window, db, ctx):
    item = _work_item(db, window)
    _selected_in_tree(window, ctx, item.id)
    window.task_list.act_down.trigger()
    return {item.id}, {item.id}


@write("修改标题", "task_page")
def _edit_title(window, db, ctx):
    item = _work_item(db, window)
    _selected_in_tree(window, ctx, item.id)
    model = window.task_list.model
    assert model.setData(model.index_of(item.id, TEXT), "改过的事项名称")
    return {item.id}, {item.id}


@write("修改完成时限", "task_page")
def _edit_deadline_cell(window, db, ctx):
    item = _work_item(db, window)
    _selected_in_tree(window, ctx, item.id)
    model = window.task_list.model
    assert model.setData(model.index_of(item.id, DEADLINE), "2027年9月底前")
    assert tasks.get_task(db, item.id).deadline == dt.date(2027, 9, 30)
    return {item.id}, {item.id}


@write("设置牵头单位", "task_page")
def _set_lead_units(window, db, ctx):
    item = _work_item(db, window)
    _selected_in_tree(window, ctx, item.id)
    picker = window.task_list.detail.lead_units
    picker.setFocus()
    picker.clear()
    type_text(picker, "财政局")
    picker.completer_.popup().hide()
    ctx.qtbot.keyClick(picker, Qt.Key.Key_Return)
    assert [u.name for u in tasks.get_task(db, item.id).lead_units] == ["县财政局"]
    return {item.id}, {item.id}


# --- the item panel ----------------------------------------------------------------------------

def _deadline_values(**kw):
    values = {"deadline": dt.date(2027, 6, 30), "deadline_text": "2027年6月底前",
              "reason": "示例县冬季停工", "approved_by": "县专班办公室",
              "approved_on": dt.date(2026, 11, 20)}
    return lambda parent, **_: {**values, **kw}


@write("调整完成时限", "task_page")
def _adjust_deadline(window, db, ctx):
    item = _work_item(db, window, lambda t: t.deadline is not None)
    _selected_in_tree(window, ctx, item.id)
    ctx.monkeypatch.setattr("desktop.dialogs.deadline_dialog.ask_deadline_change",
                            _deadline_values(deadline=dt.date(2027, 8, 31),
                                             deadline_text="2027年8月底前"))
    window.workspace.records.adjust_button.click()
    assert tasks.get_task(db, item.id).deadline == dt.date(2027, 8, 31)
    return {item.id}, {item.id}


def _with_request(window, db, ctx):
    item = _work_item(db, window,
                      lambda t: t.deadline is not None and t.deadline < dt.date(2027, 6, 30))
    _pending_request(db, item.id)
    _selected_in_tree(window, ctx, item.id)
    ctx.setup_done()
    return item


@write("批准延期申请", "task_page")
def _grant_request(window, db, ctx):
    item = _with_request(window, db, ctx)
    ctx.monkeypatch.setattr("desktop.dialogs.deadline_dialog.ask_deadline_change",
                            _deadline_values())
    window.workspace.records.grant_button.click()
    assert tasks.get_task(db, item.id).deadline == dt.date(2027, 6, 30)
    return {item.id}, {item.id}


@write("不批准延期申请", "task_page")
def _refuse_request(window, db, ctx):
    item = _with_request(window, db, ctx)
    ctx.prompts.texts.append("请按原时限推进")
    window.workspace.records.refuse_button.click()
    return {item.id}, {item.id}


@write("销号", "task_page")
def _confirm_closeout(window, db, ctx):
    item = _awaiting_closeout(db, window)
    _selected_in_tree(window, ctx, item.id)
    ctx.monkeypatch.setattr("desktop.dialogs.closeout_dialog.ask_closeout",
                            lambda parent, **kw: {"by": "王科长", "on": dt.date(2026, 11, 22),
                                                  "note": "现场核查属实"})
    window.workspace.records.confirm_button.click()
    return {item.id}, {item.id}


@write("退回", "task_page")
def _return_closeout(window, db, ctx):
    item = _awaiting_closeout(db, window)
    _selected_in_tree(window, ctx, item.id)
    ctx.monkeypatch.setattr("desktop.dialogs.closeout_dialog.ask_closeout",
                            lambda parent, **kw: {"reason": "缺少验收报告"})
    window.workspace.records.return_button.click()
    return {item.id}, {item.id}


@write("添加佐证材料", "task_page")
def _add_evidence(window, db, ctx):
    item = _awaiting_closeout(db, window)
    _selected_in_tree(window, ctx, item.id)
    path = ctx.tmp_path / "现场照片.pdf"
    path.write_bytes(PDF)
    ctx.monkeypatch.setattr("desktop.dialogs.evidence_files.ask_evidence_files",
                            lambda parent: [str(path)])
    window.workspace.records.add_button.click()
    assert len(evidence_services.list_evidence(db, item.id)) == 1
    return {item.id}, {item.id}


@write("删除佐证材料", "task_page")
def _remove_evidence(window, db, ctx):
    item = _awaiting_closeout(db, window)
    evidence_services.add_evidence(db, item.id, MONTH, [
        evidence_services.EvidenceFile("验收记录.pdf", "application/pdf", PDF)])
    _selected_in_tree(window, ctx, item.id)
    ctx.setup_done()
    panel = window.workspace.records
    panel.files.setCurrentRow(0)
    ctx.prompts.confirm_answers.append(True)
    panel.remove_button.click()
    assert evidence_services.list_evidence(db, item.id) == []
    return {item.id}, {item.id}


@write("录入进展", "task_page")
def _form_entry(window, db, ctx):
    item = _not_reported(db, window)
    _selected_in_tree(window, ctx, item.id)
    form = window.workspace.form
    form.progress_text.setPlainText("表单里填写的进展")
    form.status.setCurrentText("进展较快")
    assert form.save()
    return {item.id}, {item.id}


# --- 月度填报, 回收表, 目标指标 -------------------------------------------------------------------

def _grid(window):
    ws = window.workspace
    ws.tabs.setCurrentWidget(ws.grid)
    return ws.grid


@write("修改月度进展", "grid")
def _grid_cell(window, db, ctx):
    grid = _grid(window)
    item = _not_reported(db, window)
    row = grid.model.row_of(item.id)
    assert grid.model.setData(grid.model.index(row, column_of("problems")), "新的问题")
    return {item.id}, {item.id}


@write("粘贴", "grid")
def _paste(window, db, ctx):
    grid = _grid(window)
    grid.view.setCurrentIndex(grid.model.index(1, column_of("progress_text")))
    assert grid.paste("粘贴的进展一\n粘贴的进展二")
    ids = {grid.model.task(1).id, grid.model.task(2).id}
    return ids, ids


@write("复制上月", "grid")
def _copy_last_month(window, db, ctx):
    window.set_month("2026-12")
    grid = _grid(window)
    ctx.setup_done()
    grid.copy_empty_rows()
    ids = set(progress.progress_for_month(db, window.plan_id, "2026-12"))
    assert ids
    return ids, ids


@write("载入回收表", "grid")
def _load_returns(window, db, ctx):
    from desktop.dialogs.returns_dialog import ReturnsDialog

    window.set_month("2026-12")
    _grid(window)
    made = returns.make_returns(db, window.plan_id, "2026-12", ctx.tmp_path / "回收")
    sent = made.files[0]
    wb = openpyxl.load_workbook(sent.path)
    sheet = wb[returns.SHEET]
    column = next(c for c in range(1, sheet.max_column + 1)
                  if sheet.cell(returns.HEADER_ROW, c).value == "进展情况")
    for r in range(returns.HEADER_ROW + 1, sheet.max_row + 1):
        sheet.cell(r, column, "单位交回的进展")
    wb.save(sent.path)
    ctx.setup_done()
    dialog = ReturnsDialog(db, window.plan_id, "2026-12", ctx.tmp_path / "回收",
                           parent=window, undo_history=window.history)
    ctx.qtbot.addWidget(dialog)
    with ctx.qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.load_files([sent.path])
    with ctx.qtbot.waitSignal(dialog.progress_written, timeout=20000):
        dialog.write_button.click()
    dialog.close()
    ids = set(progress.progress_for_month(db, window.plan_id, "2026-12"))
    assert ids
    return ids, ids


@write("指标实际值", "indicators")
def _indicator_actual(window, db, ctx):
    ws = window.workspace
    ws.tabs.setCurrentWidget(ws.indicators)
    indicator = plans.list_indicators(db, window.plan_id)[1]
    row = next(r for r, s in enumerate(ws.indicators.standings) if s.id == indicator.id)
    ws.indicators.table.item(row, 3).setText("4321")
    assert plans.get_indicator(db, indicator.id).actuals[MONTH] == 4321
    return {indicator.id}, {indicator.id}


# --- the 目标指标 dialog (from the 方案 menu): its steps are shown on the 目标指标 tab ---------------

def _indicators_dialog(window, db):
    from desktop.dialogs.indicators import IndicatorsDialog

    return IndicatorsDialog(db, window.history, window.plan_id, window)


@write("修改目标指标", "indicators")
def _edit_indicator(window, db, ctx):
    from desktop.dialogs.indicators import NAME

    dialog = _indicators_dialog(window, db)
    indicator = dialog.indicators[1]
    dialog.table.item(1, NAME).setText("改过的指标名称")
    dialog.reject()
    assert plans.get_indicator(db, indicator.id).name == "改过的指标名称"
    return {indicator.id}, {indicator.id}


@write("新增目标指标", "indicators")
def _add_indicator(window, db, ctx):
    dialog = _indicators_dialog(window, db)
    dialog.add_button.click()
    added = plans.list_indicators(db, window.plan_id)[-1]
    dialog.reject()
    return None, {added.id}


@write("删除目标指标", "indicators")
def _delete_indicator(window, db, ctx):
    dialog = _indicators_dialog(window, db)
    indicator = dialog.indicators[1]
    dialog.table.selectRow(1)
    ctx.prompts.confirm_answers.append(True)
    dialog.delete_button.click()
    dialog.reject()
    return {indicator.id}, None


@write("调整目标指标顺序", "indicators")
def _move_indicator(window, db, ctx):
    dialog = _indicators_dialog(window, db)
    indicator = dialog.indicators[1]
    dialog.table.selectRow(1)
    dialog.down_button.click()
    dialog.reject()
    assert plans.get_indicator(db, indicator.id).position == 2
    return {indicator.id}, {indicator.id}


# --- the test -----------------------------------------------------------------------------------

def _move_selection_away(window, page, shown):
    """Leave a different row current on the step's own view, so the undo must select."""
    ws = window.workspace
    if page == "task_page":
        other = next(t for t in window.task_list.model.rows()
                     if t.id not in (shown or set()) and t.depth == 1)
        window.select_task(other.id)
    elif page == "grid":
        grid = ws.grid
        row = next((r for r in range(grid.model.rowCount())
                    if grid.model.task(r).id not in (shown or set())), None)
        if row is not None:
            grid.view.setCurrentIndex(grid.model.index(row, column_of("problems")))
        grid.view.clearSelection()  # (复制上月 may have filled every row)
    else:
        row = next(r for r, s in enumerate(ws.indicators.standings)
                   if s.id not in (shown or set()))
        ws.indicators.table.setCurrentCell(row, 0)


def _assert_shows(window, page, shown):
    ws = window.workspace
    assert ws.tabs.currentWidget() is getattr(ws, page)
    if shown is None:
        return
    if page == "task_page":
        assert window.selected_task_id() in shown
    elif page == "grid":
        rows = {i.row() for i in ws.grid.view.selectionModel().selectedRows()}
        assert {ws.grid.model.task(r).id for r in rows} == shown
        assert ws.grid.model.task(ws.grid.view.currentIndex().row()).id in shown
    else:
        row = ws.indicators.table.currentRow()
        assert ws.indicators.standings[row].id in shown


@pytest.mark.parametrize("where", ["own tab", "another tab"])
@pytest.mark.parametrize("kind", list(WRITES))
def test_each_kind_of_write_undoes_and_shows_itself(app_window, db, qtbot, prompts,
                                                    monkeypatch, tmp_path, kind, where):
    ws = app_window.workspace
    page, do_write = WRITES[kind]
    before = {}

    def setup_done():  # what the write starts from, once its preparation is stored
        before["dump"] = dump_plan(db, app_window.plan_id)
    setup_done()
    ctx = SimpleNamespace(qtbot=qtbot, prompts=prompts, monkeypatch=monkeypatch,
                          tmp_path=tmp_path, setup_done=setup_done)
    steps = app_window.history.stack.count()
    undo_shows, redo_shows = do_write(app_window, db, ctx)
    after = dump_plan(db, app_window.plan_id)
    assert after != before["dump"]
    assert app_window.history.stack.count() == steps + 1  # one step, however many rows

    ws.tabs.setCurrentWidget(getattr(ws, page))
    _move_selection_away(app_window, page, undo_shows or redo_shows)
    if where == "another tab":
        ws.tabs.setCurrentWidget(ws.dashboard)
    assert app_window.act_undo.isEnabled()
    app_window.act_undo.trigger()
    assert dump_plan(db, app_window.plan_id) == before["dump"]
    _assert_shows(app_window, page, undo_shows)

    _move_selection_away(app_window, page, redo_shows or undo_shows)
    if where == "another tab":
        ws.tabs.setCurrentWidget(ws.warnings)
    app_window.act_redo.trigger()
    assert dump_plan(db, app_window.plan_id) == after
    _assert_shows(app_window, page, redo_shows)
    assert not prompts.errors, prompts.errors


@pytest.mark.parametrize("kind", ["修改月度进展", "载入回收表", "指标实际值", "添加佐证材料"])
def test_undo_switches_to_the_month_it_wrote(app_window, db, qtbot, prompts, monkeypatch,
                                             tmp_path, kind):
    """A step undone after the clerk moved to another month brings that step's month back on
    screen (the grid showing November would hide December's undone rows)."""
    ws = app_window.workspace
    page, do_write = WRITES[kind]
    ctx = SimpleNamespace(qtbot=qtbot, prompts=prompts, monkeypatch=monkeypatch,
                          tmp_path=tmp_path, setup_done=lambda: None)
    undo_shows, redo_shows = do_write(app_window, db, ctx)
    written = app_window.state.month  # the month written (some writes pick 2026-12 first)
    other = "2026-10" if written != "2026-10" else "2026-09"
    app_window.set_month(other)
    assert app_window.state.month == other
    ws.tabs.setCurrentWidget(ws.dashboard)
    app_window.act_undo.trigger()
    assert app_window.state.month == written
    assert app_window.month_box.currentData() == written
    _assert_shows(app_window, page, undo_shows)
    app_window.set_month(other)
    app_window.act_redo.trigger()
    assert app_window.state.month == written
    _assert_shows(app_window, page, redo_shows)
    assert not prompts.errors, prompts.errors
