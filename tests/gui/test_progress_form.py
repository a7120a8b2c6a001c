"""Entering progress in the form; history and mismatch visible; copy last month."""
from PySide6.QtCore import Qt

from db.schedule import month_sheet
from db.services.progress import progress_for_month, progress_history, record_progress
from desktop.views.progress_form import ProgressForm
from tests.gui.conftest import TODAY, type_text


def make_form(qtbot, db, plan, month="2026-12"):
    form = ProgressForm(db, today=TODAY)
    qtbot.addWidget(form)
    form.set_plan(plan)
    form.set_month(month)
    return form


def reported_item(db, plan, month="2026-11"):
    sheet = month_sheet(db, plan, month, today=TODAY)
    return next(t for t in sheet.items
                if t.id in sheet.entries and (sheet.entries[t.id].percent or 100) <= 80
                and sheet.entries[t.id].status != "已完成")


def test_entering_progress_in_the_form_stores_it(qtbot, db, demo_plan, errors):
    item = reported_item(db, demo_plan)
    nov = progress_for_month(db, demo_plan, "2026-11")[item.id]
    form = make_form(qtbot, db, demo_plan)
    form.set_task(item.id)
    assert form.percent.percent() == nov.percent      # a new month starts from the last percent
    form.status.setCurrentText("序时推进")
    form.percent.set_percent(nov.percent + 15)
    form.progress_text.setFocus()
    type_text(form.progress_text, "完成第三批企业走访")
    form.problems.setPlainText("个别企业未配合")
    form.next_steps.setPlainText("12月底前形成清单")
    assert form.save_button.isEnabled()
    with qtbot.waitSignal(form.data_changed):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    dec = progress_for_month(db, demo_plan, "2026-12")[item.id]
    assert (dec.status, dec.percent, dec.progress_text, dec.problems, dec.next_steps) == (
        "序时推进", nov.percent + 15, "完成第三批企业走访", "个别企业未配合", "12月底前形成清单")
    assert dec.reporting_unit == item.lead_units[0]
    assert not form.save_button.isEnabled() and errors == []
    history = form.history.toPlainText()
    assert history.index("2026年12月") < history.index("2026年11月")   # newest first
    assert "（+15）" in history


def test_history_shows_status_changes_and_changed_text(qtbot, db, demo_plan):
    item = reported_item(db, demo_plan)
    nov = progress_for_month(db, demo_plan, "2026-11")[item.id]
    new_status = "进展较快" if nov.status != "进展较快" else "序时推进"
    record_progress(db, item.id, "2026-12", status=new_status, percent=nov.percent,
                    progress_text="新的进展", problems=nov.problems, next_steps=nov.next_steps)
    form = make_form(qtbot, db, demo_plan)
    form.set_task(item.id)
    text = form.history.toPlainText()
    december = text[:text.index("2026年11月")]
    assert f"状态变化：{nov.status} → {new_status}" in december
    progress_part = december[december.index("进展情况"):december.index("存在问题")]
    assert "新的进展" in progress_part and "[有变化]" in progress_part
    if nov.next_steps:
        assert "[同上月]" in december


def test_a_status_contradicting_the_percent_is_flagged(qtbot, db, demo_plan):
    sheet = month_sheet(db, demo_plan, "2026-12", today=TODAY)
    item = next(t for t in sheet.items if sheet.standings[t.id].expected_percent == 100.0
                and not sheet.standings[t.id].done)
    form = make_form(qtbot, db, demo_plan)
    form.set_task(item.id)
    form.status.setCurrentText("序时推进")
    form.percent.set_percent(20)
    assert not form.mismatch.isHidden()
    assert "应为“进度滞后”" in form.mismatch.text()
    form.status.setCurrentText("进度滞后")
    assert form.mismatch.isHidden()
    assert "序时进度 100%" in form.schedule_line.text()


def test_switching_item_saves_the_edits(qtbot, db, demo_plan):
    sheet = month_sheet(db, demo_plan, "2026-12", today=TODAY)
    first, second = sheet.items[:2]
    form = make_form(qtbot, db, demo_plan)
    form.set_task(first.id)
    form.progress_text.setPlainText("切换前输入的内容")
    with qtbot.waitSignal(form.data_changed):
        form.set_task(second.id)
    assert progress_for_month(db, demo_plan, "2026-12")[first.id].progress_text == \
        "切换前输入的内容"
    assert form.task.id == second.id and form.progress_text.toPlainText() == ""


def test_revert_drops_unsaved_edits(qtbot, db, demo_plan):
    item = reported_item(db, demo_plan)
    form = make_form(qtbot, db, demo_plan, month="2026-11")
    form.set_task(item.id)
    before = form.progress_text.toPlainText()
    form.progress_text.setPlainText("不要了")
    qtbot.mouseClick(form.revert_button, Qt.MouseButton.LeftButton)
    assert form.progress_text.toPlainText() == before and not form.dirty


def test_copy_last_month_in_the_form(qtbot, db, demo_plan):
    item = reported_item(db, demo_plan)
    nov = progress_for_month(db, demo_plan, "2026-11")[item.id]
    form = make_form(qtbot, db, demo_plan)
    form.set_task(item.id)
    with qtbot.waitSignal(form.data_changed):
        qtbot.mouseClick(form.copy_button, Qt.MouseButton.LeftButton)
    assert form.progress_text.toPlainText() == nov.progress_text
    assert progress_history(db, item.id)[0].month == "2026-12"
    assert "已复制" in form.message.text()


def test_a_category_cannot_be_filled(qtbot, db, demo_plan):
    from db.services.tasks import load_tree

    category = load_tree(db, demo_plan)[0]
    form = make_form(qtbot, db, demo_plan)
    form.set_task(category.id)
    assert not form.editor.isEnabled() or not form.save_button.isEnabled()
    assert "请选择具体的工作事项" in form.details.text()
    assert not form.save()


def test_no_selection_or_a_deleted_item_shows_a_hint(qtbot, db, demo_plan):
    form = make_form(qtbot, db, demo_plan)
    form.set_task(0)
    assert form.task is None and "请在任务清单中选择" in form.title.text()
    form.set_task(999999)
    assert form.task is None and not form.save()


def test_refresh_shows_an_entry_made_in_the_grid_but_keeps_unsaved_edits(qtbot, db, demo_plan):
    sheet = month_sheet(db, demo_plan, "2026-12", today=TODAY)
    first = sheet.items[0]
    form = make_form(qtbot, db, demo_plan)
    form.set_task(first.id)
    record_progress(db, first.id, "2026-12", progress_text="表格里填的")
    form.refresh()
    assert form.progress_text.toPlainText() == "表格里填的"
    form.problems.setPlainText("还没保存")
    record_progress(db, first.id, "2026-12", progress_text="又改了")
    form.refresh()
    assert form.problems.toPlainText() == "还没保存" and form.dirty
