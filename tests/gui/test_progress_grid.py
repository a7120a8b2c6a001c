"""Month grid: typing, Enter/Tab movement, pasting blocks from Excel, copy last month."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from db.services.progress import progress_for_month, progress_history, record_progress
from desktop.views.month_grid import (
    KEYS,
    MonthGrid,
    column_of,
    parse_table_text,
    table_text,
)
from tests.gui.conftest import TODAY, type_text

# The offscreen platform warns when a window is shown; the grid is shown so keys reach it as
# they do on screen (Tab navigation only works in a visible view).
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def make_grid(qtbot, db, plan, month="2026-12"):
    grid = MonthGrid(db, today=TODAY)
    qtbot.addWidget(grid)
    grid.set_plan(plan)
    grid.set_month(month)
    grid.show()
    qtbot.waitExposed(grid)
    return grid


def go(grid, row, key):
    grid.activateWindow()
    grid.view.setFocus()
    grid.view.setCurrentIndex(grid.model.index(row, column_of(key)))


def test_model_passes_the_qt_model_tester(qtbot, qtmodeltester, db, demo_plan):
    grid = make_grid(qtbot, db, demo_plan, month="2026-11")
    qtmodeltester.check(grid.model)


def test_parse_excel_clipboard_text_with_quoted_line_breaks():
    text = '序时推进\t60%\t"第一行\n第二行"\r\n已完成\t100\t"说""好""了"\r\n'
    assert parse_table_text(text) == [["序时推进", "60%", "第一行\n第二行"],
                                      ["已完成", "100", '说"好"了']]
    assert parse_table_text("单个值\n") == [["单个值"]]
    rows = [["a\tb", "c"], ["多行\n文字", ""]]
    assert parse_table_text(table_text(rows)) == rows


def test_typing_in_a_cell_stores_it_and_enter_moves_down(qtbot, db, demo_plan, errors):
    grid = make_grid(qtbot, db, demo_plan)
    first, second = grid.model.rows[:2]
    go(grid, 0, "progress_text")
    with qtbot.waitSignal(grid.data_changed):
        type_text(grid.view, "已完成调研")
        qtbot.keyClick(grid.view.indexWidget(grid.view.currentIndex()), Qt.Key.Key_Return)
    entry = progress_for_month(db, demo_plan, "2026-12")[first.id]
    assert entry.progress_text == "已完成调研"
    standing = grid.model.standings[first.id]
    assert entry.status == standing.suggested_status   # a first entry starts from the suggestion
    assert grid.view.currentIndex().row() == 1 and errors == []
    assert grid.model.index(0, column_of("status")).data() != "未报送"
    assert "已报送 1 项" in grid.counts.text()
    assert grid.model.rows[1].id == second.id


def test_alt_enter_keeps_a_line_break_inside_the_cell(qtbot, db, demo_plan):
    grid = make_grid(qtbot, db, demo_plan)
    go(grid, 0, "problems")
    type_text(grid.view, "甲")
    editor = grid.view.indexWidget(grid.view.currentIndex())
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    type_text(editor, "乙")
    with qtbot.waitSignal(grid.data_changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert progress_for_month(db, demo_plan, "2026-12")[grid.model.rows[0].id].problems == \
        "甲\n乙"


def test_tab_moves_right_over_editable_cells_and_wraps_to_the_next_row(qtbot, db, demo_plan):
    grid = make_grid(qtbot, db, demo_plan)
    go(grid, 0, "next_steps")
    qtbot.keyClick(grid.view, Qt.Key.Key_Tab)
    current = grid.view.currentIndex()
    assert (current.row(), KEYS[current.column()]) == (1, "status")
    qtbot.keyClick(grid.view, Qt.Key.Key_Tab)
    assert KEYS[grid.view.currentIndex().column()] == "percent"


def test_pasting_a_block_from_excel_writes_every_cell(qtbot, db, demo_plan, errors):
    grid = make_grid(qtbot, db, demo_plan)
    ids = [t.id for t in grid.model.rows[2:5]]
    QGuiApplication.clipboard().setText(
        "序时推进\t60%\t推进顺利\r\n"
        "进度滞后\t20\t\"资金未到位\n已协调\"\r\n"
        "已完成\t100\t全部完成\r\n")
    go(grid, 2, "status")
    with qtbot.waitSignal(grid.data_changed):
        qtbot.keyClick(grid.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dec = progress_for_month(db, demo_plan, "2026-12")
    assert [(dec[i].status, dec[i].percent, dec[i].progress_text) for i in ids] == [
        ("序时推进", 60, "推进顺利"), ("进度滞后", 20, "资金未到位\n已协调"),
        ("已完成", 100, "全部完成")]
    assert set(dec) == set(ids) and errors == []
    assert grid.model.index(4, column_of("status")).data() == "已完成"


def test_a_bad_cell_rejects_the_whole_block_and_names_the_row(qtbot, db, demo_plan, errors):
    grid = make_grid(qtbot, db, demo_plan)
    label = grid.model.labels[grid.model.rows[1].id]
    go(grid, 0, "status")
    assert not grid.paste("序时推进\t50\r\n差不多\t60\r\n")
    assert progress_for_month(db, demo_plan, "2026-12") == {}
    assert len(errors) == 1 and "第 2 行" in errors[0] and label in errors[0]
    assert "完成状态“差不多”无效" in errors[0]
    assert not grid.paste("序时推进\t一半\r\n")
    assert "不是数字" in errors[1]
    assert progress_for_month(db, demo_plan, "2026-12") == {}


def test_a_block_longer_than_the_table_is_refused(qtbot, db, demo_plan, errors):
    grid = make_grid(qtbot, db, demo_plan)
    go(grid, grid.model.rowCount() - 1, "progress_text")
    assert not grid.paste("甲\n乙\n")
    assert "超出了表格末尾" in errors[0]
    assert progress_for_month(db, demo_plan, "2026-12") == {}


def test_one_value_fills_every_selected_cell(qtbot, db, demo_plan):
    grid = make_grid(qtbot, db, demo_plan)
    go(grid, 0, "next_steps")
    selection = grid.view.selectionModel()
    for row in (1, 2):
        selection.select(grid.model.index(row, column_of("next_steps")),
                         selection.SelectionFlag.Select)
    assert grid.paste("下月继续推进")
    dec = progress_for_month(db, demo_plan, "2026-12")
    assert [dec[t.id].next_steps for t in grid.model.rows[:3]] == ["下月继续推进"] * 3


def test_copy_cells_gives_excel_text(qtbot, db, demo_plan):
    grid = make_grid(qtbot, db, demo_plan, month="2026-11")
    go(grid, 0, "status")
    grid.view.selectionModel().select(grid.model.index(0, column_of("percent")),
                                      grid.view.selectionModel().SelectionFlag.Select)
    grid.copy_selection()
    cells = parse_table_text(QGuiApplication.clipboard().text())
    assert cells == [[grid.model.value(0, "status"), grid.model.value(0, "percent")]]


def test_delete_clears_the_selected_text(qtbot, db, demo_plan):
    grid = make_grid(qtbot, db, demo_plan)
    task_id = grid.model.rows[0].id
    record_progress(db, task_id, "2026-12", progress_text="写错了", status="序时推进")
    grid.reload()
    go(grid, 0, "progress_text")
    with qtbot.waitSignal(grid.data_changed):
        qtbot.keyClick(grid.view, Qt.Key.Key_Delete)
    assert progress_for_month(db, demo_plan, "2026-12")[task_id].progress_text == ""


def test_copy_last_month_for_one_row(qtbot, db, demo_plan):
    grid = make_grid(qtbot, db, demo_plan)
    row = next(i for i, t in enumerate(grid.model.rows) if progress_history(db, t.id))
    task_id = grid.model.rows[row].id
    go(grid, row, "progress_text")
    with qtbot.waitSignal(grid.data_changed):
        grid.copy_row_button.click()
    assert grid.model.value(row, "progress_text") == progress_history(db, task_id)[1].progress_text
    assert set(progress_for_month(db, demo_plan, "2026-12")) == {task_id}


def test_copy_last_month_for_all_empty_rows_keeps_typed_rows(qtbot, db, demo_plan, prompts):
    grid = make_grid(qtbot, db, demo_plan)
    typed = grid.model.rows[0].id
    record_progress(db, typed, "2026-12", progress_text="本月自己写的")
    grid.reload()
    prompts.confirm_answers.append(True)  # it asks first: many rows are written
    with qtbot.waitSignal(grid.data_changed):
        grid.copy_empty_button.click()
    dec = progress_for_month(db, demo_plan, "2026-12")
    assert dec[typed].progress_text == "本月自己写的"
    with_history = {t.id for t in grid.model.rows if len(progress_history(db, t.id)) > 1}
    assert with_history <= set(dec)
    assert "已从上次填报复制" in grid.message.text()


def test_filter_by_lead_unit_shows_only_its_items(qtbot, db, demo_plan):
    grid = make_grid(qtbot, db, demo_plan)
    total = grid.model.rowCount()
    grid.unit_filter.setCurrentIndex(grid.unit_filter.findData("示例高新区"))
    assert 0 < grid.model.rowCount() < total
    assert all(any(u.name == "示例高新区" for u in t.lead_units) for t in grid.model.rows)
    grid.set_month("2026-11")  # the filter stays when the month changes
    assert grid.unit_filter.currentData() == "示例高新区"


def test_double_click_on_the_item_text_activates_it(qtbot, db, demo_plan):
    grid = make_grid(qtbot, db, demo_plan)
    index = grid.model.index(3, column_of("text"))
    with qtbot.waitSignal(grid.task_activated) as signal:
        grid.view.doubleClicked.emit(index)
    assert signal.args == [grid.model.rows[3].id]


def test_typing_a_percent_and_choosing_a_status(qtbot, db, demo_plan, errors):
    grid = make_grid(qtbot, db, demo_plan)
    task_id = grid.model.rows[0].id
    go(grid, 0, "percent")
    qtbot.keyClicks(grid.view, "6")
    editor = grid.view.indexWidget(grid.view.currentIndex())
    qtbot.keyClicks(editor, "5")
    with qtbot.waitSignal(grid.data_changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert progress_for_month(db, demo_plan, "2026-12")[task_id].percent == 65
    status = grid.model.index(0, column_of("status"))
    assert grid.model.setData(status, "未启动")
    entry = progress_for_month(db, demo_plan, "2026-12")[task_id]
    assert (entry.status, entry.percent) == ("未启动", 65)
    assert "⚠" in status.data()          # 未启动 at 65% is flagged
    assert errors == []


def test_refresh_reads_a_changed_task_list(qtbot, db, demo_plan):
    from db.services.tasks import add_task

    grid = make_grid(qtbot, db, demo_plan)
    rows = grid.model.rowCount()
    parent = grid.model.rows[0].parent_id
    add_task(db, demo_plan, parent_id=parent, content="新增的工作事项")
    grid.refresh()
    assert grid.model.rowCount() == rows + 1
    assert any(t.text == "新增的工作事项" for t in grid.model.rows)


def test_an_empty_pasted_line_does_not_count_as_reported(qtbot, db, demo_plan):
    grid = make_grid(qtbot, db, demo_plan)
    first, second, third = (t.id for t in grid.model.rows[:3])
    go(grid, 0, "status")
    assert grid.paste("序时推进\t50\t甲\r\n\t\t\r\n进度滞后\t10\t丙\r\n")
    assert set(progress_for_month(db, demo_plan, "2026-12")) == {first, third}
    assert "未报送" in grid.model.index(1, column_of("status")).data()
