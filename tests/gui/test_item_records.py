"""The item panel's 延期 / 销号 / 佐证材料: each write one undo step, the tree follows."""
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from db.schedule import month_standings, work_items
from db.services import closeout as closeout_services
from db.services import deadlines as deadline_services
from db.services import evidence as evidence_services
from db.services.tasks import load_tree
from tests.gui.conftest import TODAY, show_main_window

PDF = b"%PDF-1.4\n%%EOF\n"
# the offscreen platform says so when a shown window's size hints change
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def app_window(qtbot, db, demo_plan, prompts):
    from desktop.workspace import build_main_window

    w = show_main_window(qtbot, build_main_window(db, today=TODAY))
    yield w
    for widget in QApplication.topLevelWidgets():
        if widget is not w and widget.isVisible():
            widget.close()
    assert not prompts.errors, prompts.errors


def awaiting_item(db, plan_id):
    standings = month_standings(db, plan_id, "2026-11", today=TODAY)
    return next(t for t in work_items(load_tree(db, plan_id))
                if standings[t.id].awaiting_closeout)


def status_word(window, task_id):
    return window.task_list.model.index_of(task_id, 5).data()


def test_closeout_from_the_panel_is_one_undo_step(app_window, db, monkeypatch):
    panel = app_window.workspace.records
    item = awaiting_item(db, app_window.plan_id)
    app_window.select_task(item.id)
    assert panel.task_id == item.id
    assert "完成待销号" in panel.closeout_state.text() and panel.confirm_button.isEnabled()
    assert status_word(app_window, item.id) == "完成待销号"

    monkeypatch.setattr("desktop.dialogs.closeout_dialog.ask_closeout",
                        lambda parent, **kw: {"by": "王科长", "on": dt.date(2026, 11, 22),
                                              "note": "现场核查属实"})
    panel.confirm_button.click()
    assert closeout_services.closeout_of(db, item.id, "2026-11").word == "已销号"
    assert "已销号" in panel.closeout_state.text() and "王科长" in panel.closeout_state.text()
    assert status_word(app_window, item.id) == "已完成"
    assert not panel.confirm_button.isEnabled()
    assert app_window.history.stack.undoText() == "销号"

    app_window.history.undo()
    assert closeout_services.closeout_of(db, item.id, "2026-11").word == "完成待销号"
    assert status_word(app_window, item.id) == "完成待销号"
    app_window.history.redo()
    assert status_word(app_window, item.id) == "已完成"


def test_sending_back_needs_a_reason_and_shows_it(app_window, db, monkeypatch, qtbot):
    from desktop.dialogs.closeout_dialog import CloseoutDialog

    dialog = CloseoutDialog(confirm=False, item_text="1. 示例事项", month_text="2026年11月")
    qtbot.addWidget(dialog)
    dialog._accept()
    assert "退回原因" in dialog.problem.text() and dialog.result() == 0
    dialog.note.setPlainText("缺少验收报告")
    dialog._accept()
    assert dialog.result() == 1 and dialog.values()["reason"] == "缺少验收报告"

    panel = app_window.workspace.records
    item = awaiting_item(db, app_window.plan_id)
    app_window.select_task(item.id)
    monkeypatch.setattr("desktop.dialogs.closeout_dialog.ask_closeout",
                        lambda parent, **kw: dialog.values())
    panel.return_button.click()
    assert "已退回" in panel.closeout_state.text() and "缺少验收报告" in panel.closeout_state.text()
    assert status_word(app_window, item.id) == "已退回"


def test_deadline_change_from_the_panel_shows_both_and_undoes(app_window, db, monkeypatch,
                                                              qtbot):
    from desktop.dialogs.deadline_dialog import DeadlineDialog

    panel = app_window.workspace.records
    item = next(t for t in work_items(load_tree(db, app_window.plan_id))
                if t.deadline is not None and t.deadline_text)
    app_window.select_task(item.id)
    assert "未调整" in panel.deadline_summary.text()

    dialog = DeadlineDialog(item_text="示例事项", current_text=item.deadline_text,
                            current_date=item.deadline, year=2026, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.deadline_text.setText("2027年3月底前")
    dialog.deadline_text.textEdited.emit("2027年3月底前")  # the date follows the words
    assert dialog.deadline.date().toPython() == dt.date(2027, 3, 31)
    dialog._accept()
    assert "调整原因" in dialog.problem.text() and dialog.result() == 0
    dialog.reason.setPlainText("冬季停工")
    dialog.approved_by.setText("县专班办公室")
    monkeypatch.setattr("desktop.dialogs.deadline_dialog.ask_deadline_change",
                        lambda parent, **kw: dialog.values())
    panel.adjust_button.click()

    assert f"原定：{item.deadline_text}" in panel.deadline_summary.text()
    assert "调整后：2027年3月底前" in panel.deadline_summary.text()
    assert "县专班办公室批准调整至2027年3月底前。原因：冬季停工" in panel.changes.text()
    assert app_window.task_list.model.index_of(item.id, 4).data().startswith("2027年3月底前")
    app_window.history.undo()
    assert deadline_services.deadline_history(db, item.id) is None
    assert "未调整" in panel.deadline_summary.text()


def test_evidence_add_remove_undo_from_the_panel(app_window, db, monkeypatch, tmp_path, prompts):
    panel = app_window.workspace.records
    item = awaiting_item(db, app_window.plan_id)
    app_window.select_task(item.id)
    good = tmp_path / "会议纪要.pdf"
    good.write_bytes(PDF)
    huge = tmp_path / "航拍.pdf"
    with huge.open("wb") as f:
        f.write(PDF)
        f.truncate(30 * 1024 * 1024)

    picked = [[str(good), str(huge)], [str(good)]]
    monkeypatch.setattr("desktop.dialogs.evidence_files.ask_evidence_files",
                        lambda parent: picked.pop(0))
    panel.add_button.click()  # one bad file: nothing stored, its name in the message
    assert prompts.errors and "航拍.pdf" in prompts.errors[0][1]
    prompts.errors.clear()
    assert evidence_services.list_evidence(db, item.id) == []
    panel.add_button.click()
    assert panel.files.count() == 1 and panel.files.item(0).text().startswith("会议纪要.pdf")

    saved = tmp_path / "副本.pdf"
    monkeypatch.setattr("desktop.dialogs.evidence_files.ask_save_copy",
                        lambda parent, name: str(saved))
    panel.files.setCurrentRow(0)
    panel.save_button.click()
    assert saved.read_bytes() == PDF

    opened = []
    monkeypatch.setattr("desktop.dialogs.evidence_files.open_with_system",
                        lambda path: opened.append(path) or True)
    panel.open_button.click()
    assert opened and Path(opened[0]).read_bytes() == PDF

    prompts.confirm_answers.append(True)
    panel.remove_button.click()
    assert panel.files.count() == 0 and evidence_services.list_evidence(db, item.id) == []
    app_window.history.undo()
    restored = evidence_services.list_evidence(db, item.id)
    assert [e.name for e in restored] == ["会议纪要.pdf"] and panel.files.count() == 1
    assert evidence_services.evidence_data(db, restored[0].id)[1] == PDF


def test_menu_exports_the_months_evidence_by_unit(app_window, db, monkeypatch, tmp_path,
                                                  prompts, qtbot):
    item = awaiting_item(db, app_window.plan_id)
    evidence_services.add_evidence(db, item.id, "2026-11",
                                   [evidence_services.check_file("纪要.pdf", PDF)])
    monkeypatch.setattr("desktop.dialogs.evidence_files.ask_folder",
                        lambda parent, title: str(tmp_path))
    action = next(a for a in app_window.menu("进展").actions()
                  if a.text().startswith("导出本月佐证"))
    action.trigger()
    qtbot.waitUntil(lambda: bool(prompts.told))
    title, text = prompts.told[0]
    assert "已导出 1 个文件" in text
    files = list((tmp_path / "佐证材料_2026年11月").rglob("*纪要.pdf"))
    assert len(files) == 1 and files[0].read_bytes() == PDF
    assert files[0].parent.name == item.lead_units[0].name


def _pending_request(db, task_id):
    from db.services.deadline_requests import RequestDraft, record_requests

    with db.transaction() as session:
        (request,) = record_requests(session, [RequestDraft(
            task_id, "2026-11", None, dt.date(2027, 6, 30), "2027年6月底前",
            "示例县用地指标下达推迟", "2026-11_县发改局_回收表.xlsx")])
    return request


def test_a_units_request_is_granted_from_the_panel_and_undone(app_window, db, monkeypatch,
                                                              qtbot):
    from db.services.deadline_requests import requests_of
    from desktop.dialogs.deadline_dialog import DeadlineDialog

    panel = app_window.workspace.records
    item = next(t for t in work_items(load_tree(db, app_window.plan_id))
                if t.deadline is not None and t.deadline < dt.date(2027, 6, 30))
    request = _pending_request(db, item.id)
    app_window.select_task(item.id)
    assert "申请调整至2027年6月底前" in panel.request_state.text()
    assert "待审批" in panel.request_state.text()
    assert panel.grant_button.isVisibleTo(panel) and panel.refuse_button.isVisibleTo(panel)

    # the dialog starts from what the unit asked; the office names who approved
    dialog = DeadlineDialog(item_text="示例事项", current_text=item.deadline_text,
                            current_date=item.deadline, year=2026, today=TODAY,
                            request=request)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "批准延期申请"
    assert dialog.deadline_text.text() == "2027年6月底前"
    assert dialog.deadline.date().toPython() == dt.date(2027, 6, 30)
    assert dialog.reason.toPlainText() == "示例县用地指标下达推迟"
    dialog.approved_by.setText("分管副县长")
    monkeypatch.setattr("desktop.dialogs.deadline_dialog.ask_deadline_change",
                        lambda parent, **kw: dialog.values())
    panel.grant_button.click()

    assert requests_of(db, item.id)[0].word == "已批准"
    assert "调整后：2027年6月底前" in panel.deadline_summary.text()
    assert "已批准：分管副县长" in panel.request_state.text()
    assert not panel.grant_button.isVisibleTo(panel)
    assert app_window.task_list.model.index_of(item.id, 4).data().startswith("2027年6月底前")
    assert app_window.history.stack.undoText() == "批准延期申请"

    app_window.history.undo()
    assert requests_of(db, item.id)[0].pending
    assert deadline_services.deadline_history(db, item.id) is None
    assert "待审批" in panel.request_state.text() and "未调整" in panel.deadline_summary.text()
    app_window.history.redo()
    assert "调整后：2027年6月底前" in panel.deadline_summary.text()


def test_a_units_request_is_refused_with_a_reason_and_undone(app_window, db, monkeypatch):
    from db.services.deadline_requests import requests_of

    panel = app_window.workspace.records
    item = next(t for t in work_items(load_tree(db, app_window.plan_id))
                if t.deadline is not None and t.deadline < dt.date(2027, 6, 30))
    _pending_request(db, item.id)
    app_window.select_task(item.id)
    monkeypatch.setattr("desktop.prompts.ask_text", lambda *a, **kw: "请按原时限推进")
    panel.refuse_button.click()
    refused = requests_of(db, item.id)[0]
    assert (refused.word, refused.decision_note) == ("未批准", "请按原时限推进")
    assert "未批准" in panel.request_state.text() and "请按原时限推进" in panel.request_state.text()
    assert "未调整" in panel.deadline_summary.text()
    assert app_window.history.stack.undoText() == "不批准延期申请"
    app_window.history.undo()
    assert requests_of(db, item.id)[0].pending
    assert panel.refuse_button.isVisibleTo(panel)
