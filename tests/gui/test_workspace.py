"""The assembled application window: progress views, reports and import follow the main window."""
import pytest
from PySide6.QtWidgets import QApplication

from db.services import progress, tasks
from desktop.state import progress_changes
from tests.gui.conftest import TODAY, find_task, menu_action, show_main_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "does not support raise",
                                       "does not support grabbing the keyboard")




def test_views_follow_the_window_plan_month_and_selection(app_window, demo_plan):
    ws = app_window.workspace
    assert [ws.tabs.tabText(i) for i in range(ws.tabs.count())] == [
        "任务清单", "月度填报", "预警提醒", "调度总览", "目标指标"]
    item = find_task(app_window, "设立县级科技攻关专项")
    app_window.select_task(item.id)
    assert ws.form.task is not None and ws.form.task.id == item.id
    app_window.set_month("2026-10")
    assert ws.form.month == ws.grid.month == ws.dashboard.month == "2026-10"
    menu_action(app_window, "进展", "月度填报").trigger()
    assert ws.tabs.currentWidget() is ws.grid
    assert ws.grid.model.rowCount() == 40  # every work item of the demo plan


def test_the_tabs_after_the_task_list_are_built_when_first_shown(app_window, db):
    ws = app_window.workspace
    assert ws._later == {}  # the window's first frame waited for none of them
    item = find_task(app_window, "设立县级科技攻关专项")
    app_window.select_task(item.id)
    app_window.set_month("2026-10")
    ws.tabs.setCurrentIndex(3)  # the clerk clicks 调度总览
    assert ws.tabs.currentWidget() is ws.dashboard and set(ws._later) == {"dashboard"}
    assert ws.dashboard.summary.month == "2026-10"  # the month chosen before it existed
    menu_action(app_window, "进展", "月度填报").trigger()
    assert ws.tabs.currentWidget() is ws.grid and ws.grid.month == "2026-10"
    assert [ws.tabs.tabText(i) for i in range(ws.tabs.count())] == [
        "任务清单", "月度填报", "预警提醒", "调度总览", "目标指标"]
    # a write reaches the tabs built so far; the others read when they are shown
    progress.record_progress(db, item.id, "2026-10", status="序时推进", percent=40)
    app_window.state.publish(progress_changes([item.id]))
    assert ws.grid.model.entries[item.id].percent == 40  # on screen: read at once
    assert set(ws._later) == {"dashboard", "grid"}     # the other two are still not built


def test_a_month_switch_reads_the_month_once_for_the_tree_and_the_grid(app_window, db,
                                                                       monkeypatch):
    import db.schedule as schedule

    ws = app_window.workspace
    ws.tabs.setCurrentWidget(ws.grid)
    read = []
    real = schedule.month_sheet_in_session
    monkeypatch.setattr(schedule, "month_sheet_in_session",
                        lambda *args, **kw: read.append(args[2]) or real(*args, **kw))
    app_window.set_month("2026-10")
    assert read == ["2026-10"]  # one reading, shown by the tree and by the grid
    assert ws.grid.month == "2026-10" and ws.grid.sheet.month == "2026-10"
    item = ws.grid.model.rows[0]
    assert app_window.task_list.model.state(item.id).word.startswith(
        ws.grid.model.standings[item.id].word)
    # a write makes every view read again (once)
    progress.record_progress(db, item.id, "2026-10", status="序时推进", percent=40)
    app_window.state.publish(progress_changes([item.id]))
    assert read == ["2026-10", "2026-10"]
    assert ws.grid.model.entries[item.id].percent == 40


def test_progress_entered_in_the_form_shows_in_the_tree_and_dashboard(app_window, db, qtbot):
    ws = app_window.workspace
    reported = progress.progress_for_month(db, app_window.plan_id, "2026-11")
    item = next(t for t in tasks.load_tree(db, app_window.plan_id)
                if t.is_leaf and t.depth == 2 and t.id not in reported)
    app_window.select_task(item.id)
    assert "未报送" in app_window.task_list.model.index_of(item.id, 5).data()
    ws.tabs.setCurrentWidget(ws.dashboard)
    before = ws.dashboard.summary.owing   # items a report is due for

    ws.form.status.setCurrentText("已完成")
    ws.form.percent.set_percent(100)
    ws.form.progress_text.setPlainText("示例县已完成该项工作。")
    assert ws.form.save()

    saved = progress.progress_for_month(db, app_window.plan_id, "2026-11")[item.id]
    assert (saved.status, saved.percent) == ("已完成", 100)
    # a unit's 已完成 waits for the office's 销号 (tests/gui/test_item_records.py)
    assert app_window.task_list.model.index_of(item.id, 5).data() == "完成待销号"
    assert ws.dashboard.summary.owing == before - 1


def test_warning_double_click_selects_the_item_in_the_tree(app_window):
    ws = app_window.workspace
    ws.tabs.setCurrentWidget(ws.warnings)
    overdue = next(iter(ws.warnings.summary.overdue))
    ws.warnings.task_activated.emit(overdue)
    assert ws.tabs.currentWidget() is ws.task_page
    assert app_window.selected_task_id() == overdue


def test_report_menu_opens_the_export_dialog_for_the_plan_and_month(app_window, qtbot):
    from desktop.dialogs.export_dialog import ExportDialog

    app_window.set_month("2026-10")
    menu_action(app_window, "报表", "月度工作推进情况表").trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ExportDialog))
    assert dialog.isVisible()
    assert dialog.options().kind == "progress" and dialog.options().month == "2026-10"
    dialog.close()


def test_import_menu_asks_for_a_file_and_opens_the_preview(app_window, monkeypatch, tmp_path,
                                                           qtbot):
    from desktop import prompts as ui
    from desktop.dialogs.import_preview import ImportPreviewDialog

    plan_text = tmp_path / "方案.txt"
    plan_text.write_text(
        "示例乡推进工作方案\n一、工作任务\n（一）基础工作\n"
        "1.建立工作台账，按月调度。（乡经发办牵头，各村按职责分工负责）\n"
        "2.开展入户走访。\n", encoding="utf-8")
    asked = []
    monkeypatch.setattr(ui, "ask_open_file", lambda *a: asked.append(a) or str(plan_text))
    menu_action(app_window, "导入", "从文件导入工作方案").trigger()
    assert asked
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ImportPreviewDialog))
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10000)
        dialog.import_button.click()
    assert "示例乡推进工作方案" in app_window.windowTitle()
    assert find_task(app_window, "建立工作台账").lead_units[0].name == "乡经发办"
    # the status bar says what was imported, with the items still to be given a lead unit
    assert app_window.statusBar().currentMessage() == (
        "已导入“示例乡推进工作方案”：2 个工作事项（其中 1 个未明确牵头单位，请在任务树中补充），"
        "0 个目标指标。")


def test_an_empty_ledger_offers_the_ways_to_start(qtbot, db, prompts):
    from desktop.workspace import build_main_window

    w = build_main_window(db, today=TODAY)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    ws = w.workspace
    assert ws.pages.currentWidget() is ws.welcome
    ws.welcome_buttons["demo"].click()
    assert ws.pages.currentWidget() is ws.tabs
    assert "示例县" in w.windowTitle()
    assert len(w.task_list.model.rows()) > 40
    # deleting the last plan brings the start page back and empties every view
    prompts.confirm_answers.append(True)
    w.act_delete_plan.trigger()
    assert w.plan_id is None
    assert ws.pages.currentWidget() is ws.welcome
    assert ws.grid.plan_id is None and ws.dashboard.plan_id is None
    assert not prompts.errors, prompts.errors
