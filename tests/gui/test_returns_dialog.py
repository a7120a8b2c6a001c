"""The returns dialog: make, load with per-row keep/replace, a batch with a bad file, the
picker's folder, units not returned."""
from pathlib import Path

import openpyxl
import pytest

from db.services.progress import progress_for_month, record_progress
from desktop.dialogs.returns_dialog import REPLACE, ReturnsDialog
from exports import returns

MONTH = "2026-12"




def test_make_load_conflict_replace_and_missing(qtbot, db, demo_plan, tmp_path, monkeypatch,
                                                errors):
    folder = tmp_path / "回收"
    dialog = ReturnsDialog(db, demo_plan, MONTH, folder)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.made, timeout=20000) as made:
        dialog.make_button.click()
    files = sorted(folder.glob("*.xlsx"))
    assert made.args == [len(files)] and files
    assert dialog.missing.count() == len(files)
    wb = openpyxl.load_workbook(files[0])
    ws = wb[returns.SHEET]
    ids = []
    for r in range(returns.HEADER_ROW + 1, ws.max_row + 1):
        ws.cell(r, returns.column_number("完成状态"), "进展较快")
        ws.cell(r, returns.column_number("进展情况"), "单位填写的进展")
        ids.append(int(ws.cell(r, 13).value))
    wb.save(files[0])
    record_progress(db, ids[0], MONTH, progress_text="办公室录入的进展")
    monkeypatch.setattr("desktop.dialogs.returns_dialog.ask_open_files",
                        lambda *a: [str(files[0])])
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.load_button.click()
    assert dialog.rows.rowCount() == len(ids)
    assert "1 行与已有内容冲突" in dialog.check_label.text()
    assert [dialog.rows.item(r, 0).text() for r in range(dialog.rows.rowCount())] == [
        str(n) for n in range(1, len(ids) + 1)]              # 序号
    combo = next(dialog.rows.cellWidget(r, 5) for r in range(dialog.rows.rowCount())
                 if dialog.rows.cellWidget(r, 5) is not None)
    combo.setCurrentText(REPLACE)
    with qtbot.waitSignal(dialog.progress_written) as written:
        dialog.write_button.click()
    assert written.args == [len(ids)]
    entries = progress_for_month(db, demo_plan, MONTH)
    assert all(entries[i].progress_text == "单位填写的进展" for i in ids)
    assert dialog.missing.count() == len(files) - 1
    assert errors == []


def _fill(path, percent=60, extra=None):
    wb = openpyxl.load_workbook(path)
    ws = wb[returns.SHEET]
    for r in range(returns.HEADER_ROW + 1, ws.max_row + 1):
        ws.cell(r, returns.column_number("完成状态"), "序时推进")
        ws.cell(r, returns.column_number("完成百分比"), percent)
        ws.cell(r, returns.column_number("进展情况"), "单位填写的进展")
    for cell, value in (extra or {}).items():
        ws[cell] = value
    wb.save(path)


def test_a_batch_with_one_bad_file_loads_the_others_and_lists_its_problems(
        qtbot, db, demo_plan, tmp_path, monkeypatch, errors):
    folder = tmp_path / "回收"
    made = returns.make_returns(db, demo_plan, MONTH, folder)
    good, bad = made.files[0], made.files[1]
    _fill(good.path)
    _fill(bad.path, extra={"I5": 150, "M6": "999999", "H7": "=A1"})
    dialog = ReturnsDialog(db, demo_plan, MONTH, folder)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.load_files([good.path, bad.path])
    assert errors == []
    assert dialog.rows.rowCount() == good.items
    assert dialog.problems_box.isVisibleTo(dialog)
    problems = [[dialog.problems.item(r, c).text() for c in range(5)]
                for r in range(dialog.problems.rowCount())]
    assert [p[:4] for p in problems] == [
        [bad.path.name, returns.SHEET, "5", "完成百分比"],
        [bad.path.name, returns.SHEET, "6", "事项编号"],
        [bad.path.name, returns.SHEET, "7", "完成状态"]]
    assert "是公式" in problems[2][4]
    assert bad.path.name in dialog.problems_label.text()
    # compact: one text line per row
    assert dialog.rows.rowHeight(0) < 2.5 * dialog.rows.fontMetrics().height()
    with qtbot.waitSignal(dialog.loaded, timeout=20000) as loaded:
        dialog.write_button.click()
    stored = loaded.args[0]
    assert stored.written == good.items and stored.label == f"载入回收表 {good.unit_name}"
    names = [dialog.missing.item(i).text() for i in range(dialog.missing.count())]
    assert good.unit_name not in names and bad.unit_name in names
    entries = progress_for_month(db, demo_plan, MONTH)
    assert sum(1 for e in entries.values() if e.progress_text == "单位填写的进展") == good.items


def test_the_load_picker_starts_in_its_own_folder(qtbot, db, demo_plan, tmp_path, monkeypatch,
                                                 errors):
    from PySide6.QtCore import QSettings

    from desktop.dialogs.returns_dialog import RECEIVED_FOLDER_KEY

    QSettings().remove(RECEIVED_FOLDER_KEY)
    folder = tmp_path / "发出"
    made = returns.make_returns(db, demo_plan, MONTH, folder)
    dialog = ReturnsDialog(db, demo_plan, MONTH, folder)
    qtbot.addWidget(dialog)
    starts = []
    inbox = tmp_path / "收到的"
    inbox.mkdir()
    copy = inbox / made.files[0].path.name
    copy.write_bytes(made.files[0].path.read_bytes())
    monkeypatch.setattr("desktop.dialogs.returns_dialog.ask_open_files",
                        lambda parent, title, start: starts.append(start) or [str(copy)])
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.load_button.click()
    assert Path(starts[0]) != folder and Path(starts[0]).parent == folder   # not the outgoing
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.load_button.click()
    assert Path(starts[1]) == inbox                                         # where they were
    QSettings().remove(RECEIVED_FOLDER_KEY)
    assert errors == []


def test_tampered_file_is_refused_with_the_row(qtbot, db, demo_plan, tmp_path, monkeypatch,
                                              errors):
    folder = tmp_path / "回收"
    made = returns.make_returns(db, demo_plan, MONTH, folder)
    path = made.files[0].path
    wb = openpyxl.load_workbook(path)
    wb[returns.SHEET]["C5"] = "被改过"
    wb[returns.SHEET]["J5"] = "进展"
    wb.save(path)
    dialog = ReturnsDialog(db, demo_plan, MONTH, folder)
    qtbot.addWidget(dialog)
    monkeypatch.setattr("desktop.dialogs.returns_dialog.ask_open_files", lambda *a: [str(path)])
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.load_button.click()
    assert errors == []
    assert dialog.problems.rowCount() == 1
    assert dialog.problems.item(0, 2).text() == "5" and dialog.problems.item(0, 0).text() == \
        path.name
    assert not dialog.write_button.isEnabled()


@pytest.mark.qt_log_ignore("propagateSizeHints")   # the offscreen platform, on show()
def test_loading_returns_is_one_named_undo_step_in_the_window(qtbot, db, demo_plan, tmp_path,
                                                              prompts):
    from db.services.returns import units_not_returned
    from desktop.workspace import build_main_window
    from tests.gui.conftest import TODAY, show_main_window

    window = show_main_window(qtbot, build_main_window(db, today=TODAY))
    month = window.current_month()
    made = returns.make_returns(db, demo_plan, month, tmp_path / "回收")
    first = made.files[0]
    _fill(first.path, percent=35)
    before = progress_for_month(db, demo_plan, month)
    window.workspace.open_returns()
    dialog = window.findChild(ReturnsDialog)
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.load_files([first.path])
    for r in range(dialog.rows.rowCount()):           # replace every conflicting row
        combo = dialog.rows.cellWidget(r, 5)
        if combo is not None:
            combo.setCurrentText(REPLACE)
    dialog.write_button.click()
    written = progress_for_month(db, demo_plan, month)
    assert all(e.progress_text == "单位填写的进展" for t, e in written.items()
               if e.reporting_unit and e.reporting_unit.id == first.unit_id
               and t not in before)
    assert window.history.stack.undoText() == f"载入回收表 {first.unit_name}"
    assert window.history.stack.count() == 1          # one step for the whole batch
    assert first.unit_name not in units_not_returned(db, demo_plan, month)
    window.history.undo()

    def fields(entries):
        return {t: (e.status, e.percent, e.progress_text) for t, e in entries.items()}

    assert fields(progress_for_month(db, demo_plan, month)) == fields(before)
    assert first.unit_name in units_not_returned(db, demo_plan, month)
    window.history.redo()
    assert fields(progress_for_month(db, demo_plan, month)) == fields(written)
    assert first.unit_name not in units_not_returned(db, demo_plan, month)
    dialog.close()
    assert not prompts.errors


@pytest.mark.qt_log_ignore("propagateSizeHints")   # the offscreen platform, on show()
def test_a_units_deadline_requests_are_shown_stored_pending_and_undone_with_the_load(
        qtbot, db, demo_plan, tmp_path, prompts):
    from db.services.deadline_requests import pending_requests
    from db.services.tasks import get_task
    from desktop.workspace import build_main_window
    from tests.gui.conftest import TODAY, show_main_window

    window = show_main_window(qtbot, build_main_window(db, today=TODAY))
    month = window.current_month()
    first = returns.make_returns(db, demo_plan, month, tmp_path / "回收").files[0]
    wb = openpyxl.load_workbook(first.path)
    ws = wb[returns.SHEET]
    rows = (returns.HEADER_ROW + 1, returns.HEADER_ROW + 2)
    ids = [int(ws.cell(r, returns.column_number("事项编号")).value) for r in rows]
    ws.cell(rows[0], returns.column_number("完成百分比"), 30)
    for r in rows:
        ws.cell(r, returns.column_number(returns.REQUEST_DEADLINE), "2028年6月底前")
        ws.cell(r, returns.column_number(returns.REQUEST_REASON), "示例县征地批复推迟")
    wb.save(first.path)
    deadlines = {i: get_task(db, i).deadline for i in ids}

    window.workspace.open_returns()
    dialog = window.findChild(ReturnsDialog)
    with qtbot.waitSignal(dialog.checked, timeout=20000):
        dialog.load_files([first.path])
    assert "2 项申请调整完成时限" in dialog.check_label.text()
    shown = [dialog.rows.item(r, 3).text() for r in range(dialog.rows.rowCount())]
    assert "30%" in shown[0]
    assert all(t.endswith("申请延期至2028年6月底前（示例县征地批复推迟）") for t in shown[:2])
    dialog.write_button.click()
    assert "2 项延期申请待审批" in dialog.check_label.text()
    assert sorted(r.task_id for r in pending_requests(db, demo_plan)) == sorted(ids)
    assert {i: get_task(db, i).deadline for i in ids} == deadlines    # not yet granted
    assert dialog.requests.rowCount() == 2
    window.history.undo()
    assert pending_requests(db, demo_plan) == [] and dialog.requests.rowCount() == 0
    window.history.redo()
    assert len(pending_requests(db, demo_plan)) == 2 and dialog.requests.rowCount() == 2
    dialog.close()
    assert not prompts.errors


@pytest.mark.qt_log_ignore("propagateSizeHints")   # the offscreen platform, on show()
def test_the_review_step_grants_and_refuses_the_requests(qtbot, db, demo_plan, tmp_path,
                                                         prompts, monkeypatch):
    import datetime as dt

    from db.services.deadline_requests import RequestDraft, record_requests, requests_of
    from db.services.tasks import get_task, load_tree
    from desktop.workspace import build_main_window
    from tests.gui.conftest import TODAY, show_main_window

    window = show_main_window(qtbot, build_main_window(db, today=TODAY))
    a, b = [t.id for t in load_tree(db, demo_plan) if t.is_leaf][:2]
    with db.transaction() as session:
        record_requests(session, [
            RequestDraft(t, "2026-11", None, dt.date(2028, 6, 30), "2028年6月底前",
                         "示例县配套资金晚到", "2026-11_回收表.xlsx") for t in (a, b)])
    window.workspace.open_returns()
    dialog = window.findChild(ReturnsDialog)
    assert dialog.requests.rowCount() == 2
    assert dialog.requests.item(0, 3).text() == "2028年6月底前"
    assert not dialog.grant_button.isEnabled()            # nothing chosen yet

    dialog.requests.selectRow(0)
    monkeypatch.setattr("desktop.dialogs.deadline_dialog.ask_deadline_change",
                        lambda parent, **kw: {"deadline": kw["request"].requested_deadline,
                                              "deadline_text": kw["request"].text,
                                              "reason": kw["request"].reason,
                                              "approved_by": "县专班办公室",
                                              "approved_on": TODAY})
    dialog.grant_button.click()
    assert get_task(db, a).deadline == dt.date(2028, 6, 30)
    assert requests_of(db, a)[0].word == "已批准"
    assert dialog.requests.rowCount() == 1

    dialog.requests.selectRow(0)
    monkeypatch.setattr("desktop.prompts.ask_text", lambda *args, **kw: "资金已到位，按原时限")
    dialog.refuse_button.click()
    assert requests_of(db, b)[0].word == "未批准"
    assert get_task(db, b).deadline != dt.date(2028, 6, 30)
    assert dialog.requests.rowCount() == 0
    assert window.history.stack.undoText() == "不批准延期申请"
    window.history.undo()
    window.history.undo()
    assert dialog.requests.rowCount() == 2
    assert get_task(db, a).deadline != dt.date(2028, 6, 30)
    dialog.close()
    assert not prompts.errors
