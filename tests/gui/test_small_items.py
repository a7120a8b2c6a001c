"""The smaller items of issue 11: each behaviour a clerk reported, checked as they would."""
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from db.services import plans, progress
from tests.gui.conftest import menu_action, type_text

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "does not support raise",
                                       "does not support grabbing the keyboard")


def test_indicator_enter_moves_down(app_window, qtbot):
    ws = app_window.workspace
    ws.tabs.setCurrentWidget(ws.indicators)
    table = ws.indicators.table
    app_window.activateWindow()
    table.setFocus()
    table.setCurrentCell(0, 3)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(table.currentIndex())
    editor.selectAll()
    type_text(editor, "42")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.currentRow() == 1)
    assert table.currentColumn() == 3


def test_merge_opens_without_a_target_chosen(app_window, prompts, qtbot):
    from desktop.dialogs.units import UnitsDialog

    dialog = UnitsDialog(app_window.db, app_window.history, app_window)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    prompts.choices.append(None)  # the clerk closes the list without choosing
    dialog.merge_selected()
    assert prompts.preselected is False


def test_the_merge_list_starts_on_choose(monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from desktop import prompts

    seen = {}

    def get_item(parent, title, label, items, current, editable):
        seen["items"], seen["current"] = items, current
        return items[current], True  # the clerk just presses Enter

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    assert prompts.ask_choice(None, "合并单位", "合并到：", ["甲", "乙"], preselect=False) is None
    assert seen["items"][0] == prompts.CHOOSE
    assert prompts.ask_choice(None, "t", "l", ["甲", "乙"]) == 0


def test_copy_empty_rows_asks_first(app_window, db, prompts):
    ws = app_window.workspace
    app_window.set_month("2026-12")
    prompts.confirm_answers.append(False)
    menu_action(app_window, "进展", "复制上月内容到本月空白事项").trigger()
    assert "可用“撤销”" in prompts.asked[-1][1]
    assert progress.progress_for_month(db, app_window.plan_id, "2026-12") == {}
    prompts.confirm_answers.append(True)
    ws.grid.copy_empty_button.click()
    assert progress.progress_for_month(db, app_window.plan_id, "2026-12")


def test_wheel_over_the_month_box_does_not_switch_months(window, qtbot):
    box = window.month_box
    window.task_list.tree.setFocus()
    before = window.current_month()
    wheel = QWheelEvent(QPointF(5, 5), QPointF(box.mapToGlobal(QPoint(5, 5))), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(box, wheel)
    assert window.current_month() == before


def test_window_title_names_the_application_once(window, db):
    from desktop.app import create_application

    create_application()  # names the application as the real start does
    plan = plans.get_plan(db, window.plan_id)
    assert QApplication.applicationDisplayName() == "专班台账"
    assert window.windowTitle() == plan.title  # Qt shows “<title> — 专班台账”, once


def test_export_file_names_carry_the_month():
    from desktop.dialogs.export_dialog import file_stem

    assert file_stem("月度工作推进情况表", "2026-11") == "月度工作推进情况表（2026年11月）"
    assert file_stem("2026年11月工作推进情况表", "2026-11") == "2026年11月工作推进情况表"
    assert file_stem("重点工作任务清单", None) == "重点工作任务清单"


def test_import_offers_append_to_the_open_plan(app_window, monkeypatch, tmp_path, qtbot):
    from desktop import prompts
    from desktop.dialogs.import_preview import ImportPreviewDialog

    text = tmp_path / "补充.txt"
    text.write_text("补充方案\n一、工作任务\n（一）基础工作\n1.建立台账。（县财政局牵头）\n",
                    encoding="utf-8")
    monkeypatch.setattr(prompts, "ask_open_file", lambda *a: str(text))
    menu_action(app_window, "导入", "从文件导入工作方案").trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ImportPreviewDialog))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10000)  # parsed
    assert dialog.as_append.isEnabled()  # 追加到当前工作方案 with a plan open
    assert not dialog.as_append.isChecked()  # a new plan is still the default
    dialog.close()


def test_an_empty_plan_says_how_to_add_the_first_item(window, prompts):
    prompts.texts.append("空白方案")
    prompts.choices.append(0)
    window.act_new_plan.trigger()
    hint = window.task_list.empty_hint
    assert hint.isVisible() and "Ctrl+回车" in hint.text()
    window.task_list.act_add_sibling.trigger()
    assert not hint.isVisible()

