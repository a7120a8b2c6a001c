"""完成% refuses rather than guesses (150 is not 15, 95.5 is not 95), and a percent typed
alone brings the status 序时进度 suggests instead of 未启动 flagged as contradictory."""
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from db.schedule import month_sheet, suggest_status
from db.services import tasks
from db.services.progress import progress_for_month
from desktop.views.month_grid import MonthGrid, column_of
from desktop.views.progress_form import ProgressForm
from tests.gui.conftest import TODAY, type_text

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
MONTH = "2026-12"


@pytest.fixture
def grid(qtbot, db, demo_plan):
    grid = MonthGrid(db, today=TODAY)
    qtbot.addWidget(grid)
    grid.set_plan(demo_plan)
    grid.set_month(MONTH)
    grid.show()
    qtbot.waitExposed(grid)
    return grid


@pytest.fixture
def form(qtbot, db, demo_plan):
    form = ProgressForm(db, today=TODAY)
    qtbot.addWidget(form)
    form.set_plan(demo_plan)
    form.set_month(MONTH)
    form.show()
    qtbot.waitExposed(form)
    return form


def type_percent_in_grid(qtbot, grid, row, text):
    grid.activateWindow()
    grid.view.setFocus()
    index = grid.model.index(row, column_of("percent"))
    grid.view.setCurrentIndex(index)
    qtbot.keyClick(grid.view, Qt.Key.Key_F2)
    editor = grid.view.indexWidget(index)
    editor.selectAll()
    type_text(editor, text)  # Chinese too
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.view.indexWidget(index) is None)  # Qt commits a moment later


def item_with_expected(db, plan, low, high):
    """A work item without progress in December whose 序时进度 is between low and high
    (one item's span is set so: start July 2026, deadline end of June 2027 → about 50%)."""
    sheet = month_sheet(db, plan, MONTH, today=TODAY)
    item = next(t for t in sheet.items if t.id not in sheet.entries)
    tasks.update_task(db, item.id, start_date=dt.date(2026, 7, 1),
                      deadline=dt.date(2027, 6, 30))
    sheet = month_sheet(db, plan, MONTH, today=TODAY)
    assert low <= sheet.standings[item.id].expected_percent <= high
    return item, sheet


def test_grid_refuses_150_in_place_and_stores_nothing(qtbot, grid, db, demo_plan, errors):
    task_id = grid.model.rows[0].id
    type_percent_in_grid(qtbot, grid, 0, "150")
    assert task_id not in progress_for_month(db, demo_plan, MONTH)  # not 15, not anything
    assert "0 到 100" in grid.message.text() and "150" in grid.message.text()
    assert "a51d1d" in grid.message.styleSheet()  # said in red beside the grid
    assert errors == []  # no modal box for a typing slip
    type_percent_in_grid(qtbot, grid, 0, "约一半")
    assert "不是数字" in grid.message.text()
    assert task_id not in progress_for_month(db, demo_plan, MONTH)


def test_grid_rounds_95_5_visibly(qtbot, grid, db, demo_plan, errors):
    task_id = grid.model.rows[0].id
    type_percent_in_grid(qtbot, grid, 0, "95.5")
    assert progress_for_month(db, demo_plan, MONTH)[task_id].percent == 96
    assert "95.5% 已四舍五入记为 96%" in grid.message.text()
    assert grid.model.index(0, column_of("percent")).data() == "96%"
    assert errors == []


def test_grid_percent_alone_brings_the_suggested_status(qtbot, grid, db, demo_plan, errors):
    item, sheet = item_with_expected(db, demo_plan, 40, 60)
    grid.refresh()
    expected = sheet.standings[item.id].expected_percent
    row = grid.model.row_of(item.id)
    type_percent_in_grid(qtbot, grid, row, "0")
    entry = progress_for_month(db, demo_plan, MONTH)[item.id]
    assert entry.status == "进度滞后" == suggest_status(0, expected).value
    type_percent_in_grid(qtbot, grid, row, str(int(expected)))
    entry = progress_for_month(db, demo_plan, MONTH)[item.id]
    assert entry.status == "序时推进"  # the status followed the numbers, not 未启动
    assert "⚠" not in grid.model.index(row, column_of("status")).data()
    type_percent_in_grid(qtbot, grid, row, "100")
    assert progress_for_month(db, demo_plan, MONTH)[item.id].status == "已完成"
    # a status the clerk chose against the numbers is theirs: a new percent leaves it
    assert grid.model.setData(grid.model.index(row, column_of("status")), "进展较快")
    type_percent_in_grid(qtbot, grid, row, "30")
    assert progress_for_month(db, demo_plan, MONTH)[item.id].status == "进展较快"


def test_form_refuses_150_in_place_and_keeps_the_typing(qtbot, form, db, demo_plan, errors):
    item, _sheet = item_with_expected(db, demo_plan, 0, 100)
    form.set_task(item.id)
    form.percent.setFocus()
    form.percent.clear()
    qtbot.keyClicks(form.percent, "150")
    assert form.percent.text() == "150"  # a spin box dropped the 0 and kept 15
    assert not form.percent_note.isHidden() and "超出了范围" in form.percent_note.text()
    form.progress_text.setPlainText("本月进展")
    assert not form.save()
    assert item.id not in progress_for_month(db, demo_plan, MONTH)
    assert form.progress_text.toPlainText() == "本月进展" and errors == []


def test_form_rounds_95_5_visibly(qtbot, form, db, demo_plan, errors):
    item, _sheet = item_with_expected(db, demo_plan, 0, 100)
    form.set_task(item.id)
    form.percent.setFocus()
    form.percent.clear()
    qtbot.keyClicks(form.percent, "95.5")
    assert "四舍五入记为 96%" in form.percent_note.text()
    assert form.save()
    assert progress_for_month(db, demo_plan, MONTH)[item.id].percent == 96
    assert form.percent.text() == "96" and "96%" in form.message.text()


def test_form_percent_alone_suggests_the_status(qtbot, form, db, demo_plan, errors):
    item, sheet = item_with_expected(db, demo_plan, 40, 60)
    expected = sheet.standings[item.id].expected_percent
    form.set_task(item.id)
    form.percent.setFocus()
    form.percent.clear()
    qtbot.keyClicks(form.percent, str(int(expected)))
    assert form.status.currentText() == "序时推进"
    assert form.mismatch.isHidden()
    form.percent.clear()
    qtbot.keyClicks(form.percent, "100")
    assert form.status.currentText() == "已完成"
    assert form.save()
    assert progress_for_month(db, demo_plan, MONTH)[item.id].status == "已完成"
