"""Warnings panel, indicator actuals, dashboard and the threshold settings."""
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QTabWidget

from db.schedule import Thresholds
from db.services.plans import list_indicators
from db.services.progress import record_progress
from db.summary import plan_summary
from desktop.views.dashboard import Dashboard
from desktop.views.indicator_actuals import ACTUAL, COMPLETION, COMPLETION_ROLE, IndicatorActuals
from desktop.views.progress_thresholds import (
    ThresholdsDialog,
    load_thresholds,
    save_thresholds,
)
from desktop.views.warnings import TASK_ROLE, WarningsPanel
from tests.gui.conftest import TODAY


def groups(panel):
    tree = panel.tree
    return {tree.topLevelItem(i).data(0, TASK_ROLE): tree.topLevelItem(i)
            for i in range(tree.topLevelItemCount())}


def ids_under(item):
    found = []
    for i in range(item.childCount()):
        child = item.child(i)
        value = child.data(0, TASK_ROLE)
        found.extend([value] if isinstance(value, int) else ids_under(child))
    return found


def make(qtbot, cls, db, plan, month="2026-11", **kwargs):
    widget = cls(db, **kwargs)
    qtbot.addWidget(widget)
    widget.set_plan(plan)
    widget.set_month(month)
    return widget


def test_warnings_list_overdue_due_soon_lagging_and_not_reported(qtbot, db, demo_plan):
    panel = make(qtbot, WarningsPanel, db, demo_plan, today=TODAY)
    summary = plan_summary(db, demo_plan, "2026-11", today=TODAY)
    found = groups(panel)
    # grouped by lead unit: the same items (an item with two lead units under both)
    for key, ids in (("overdue", summary.overdue), ("due_soon", summary.due_soon),
                     ("lagging", summary.lagging)):
        assert set(ids_under(found[key])) == set(ids), key
    assert found["overdue"].text(0) == f"逾期（{len(summary.overdue)}）"
    units = found["not_reported"]
    assert [units.child(i).text(0).split("（")[0] for i in range(units.childCount())] == \
        list(summary.not_reported)
    first_unit = units.child(0)
    assert "0731-" in first_unit.text(1)          # whom to call
    assert "逾期" in found["overdue"].child(0).child(0).text(1)


def test_every_warning_section_is_grouped_by_lead_unit_with_contact_and_phone(qtbot, db,
                                                                             demo_plan):
    from db.services.units import list_units

    panel = make(qtbot, WarningsPanel, db, demo_plan, today=TODAY)
    summary = panel.summary
    phones = {u.name: u for u in list_units(db)}
    found = groups(panel)
    assert set(found) == {"overdue", "due_soon", "lagging", "not_reported"}
    for key, ids in (("overdue", summary.overdue), ("due_soon", summary.due_soon),
                     ("lagging", summary.lagging)):
        section = found[key]
        assert ids and section.childCount() > 0, key
        expected = summary.by_lead_unit(ids)
        for i in range(section.childCount()):
            node = section.child(i)
            unit = node.text(0).split("（")[0]
            assert ids_under(node) == expected[unit]
            assert all(t in ids for t in ids_under(node))
            info = phones.get(unit)
            if info is not None and info.phone:
                assert info.phone in node.text(1) and info.contact_person in node.text(1)
        # each item sits under every one of its lead units
        for task_id in ids:
            leads = [u.name for u in summary.task(task_id).lead_units]
            holders = [section.child(i).text(0).split("（")[0]
                       for i in range(section.childCount())
                       if task_id in ids_under(section.child(i))]
            assert holders == leads


def test_entering_progress_removes_an_item_from_not_reported(qtbot, db, demo_plan):
    panel = make(qtbot, WarningsPanel, db, demo_plan, today=TODAY)
    missing = ids_under(groups(panel)["not_reported"])[0]
    record_progress(db, missing, "2026-11", status="序时推进", percent=90)
    panel.refresh()
    assert missing not in ids_under(groups(panel)["not_reported"])


def test_double_click_activates_the_item(qtbot, db, demo_plan):
    panel = make(qtbot, WarningsPanel, db, demo_plan, today=TODAY)
    item = groups(panel)["overdue"].child(0).child(0)
    with qtbot.waitSignal(panel.task_activated) as signal:
        panel.tree.itemDoubleClicked.emit(item, 0)
    assert signal.args == [item.data(0, TASK_ROLE)]
    with qtbot.assertNotEmitted(panel.task_activated):
        panel.tree.itemDoubleClicked.emit(groups(panel)["overdue"], 0)


def test_due_soon_days_follow_the_thresholds(qtbot, db, demo_plan):
    panel = make(qtbot, WarningsPanel, db, demo_plan, today=TODAY)
    before = len(ids_under(groups(panel)["due_soon"]))
    panel.set_thresholds(Thresholds(due_soon_days=60))
    assert len(ids_under(groups(panel)["due_soon"])) > before
    assert "60 天内到期" in groups(panel)["due_soon"].text(0)


def test_not_reported_list_for_the_phone(qtbot, db, demo_plan):
    panel = make(qtbot, WarningsPanel, db, demo_plan, today=TODAY)
    panel.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text.startswith("2026年11月未报送工作进展的事项")
    assert "县科工信局（" in text and "刘晓东" in text


def test_indicator_actual_entry_updates_completion(qtbot, db, demo_plan):
    table = make(qtbot, IndicatorActuals, db, demo_plan)
    first = list_indicators(db, demo_plan)[0]            # 增长10%以上
    with qtbot.waitSignal(table.data_changed):
        table.table.item(0, ACTUAL).setText("7.5")
    assert list_indicators(db, demo_plan)[0].actuals["2026-11"] == 7.5
    assert table.table.item(0, COMPLETION).data(COMPLETION_ROLE) == 75.0
    assert first.name == table.table.item(0, 0).text()


def test_indicator_bad_value_is_refused_in_chinese(qtbot, db, demo_plan, errors):
    table = make(qtbot, IndicatorActuals, db, demo_plan)
    before = list_indicators(db, demo_plan)[0].actuals["2026-11"]
    with qtbot.assertNotEmitted(table.data_changed):
        table.table.item(0, ACTUAL).setText("九点五")
    assert errors and "不是数字" in errors[0]
    assert list_indicators(db, demo_plan)[0].actuals["2026-11"] == before
    assert table.table.item(0, ACTUAL).text() != "九点五"


def test_an_earlier_actual_is_shown_grey_for_a_new_month(qtbot, db, demo_plan):
    table = make(qtbot, IndicatorActuals, db, demo_plan, month="2026-12")
    item = table.table.item(0, ACTUAL)
    assert item.text() and "2026年11月" in item.toolTip()


def test_dashboard_shows_the_summary(qtbot, db, demo_plan):
    board = make(qtbot, Dashboard, db, demo_plan, today=TODAY)
    summary = plan_summary(db, demo_plan, "2026-11", today=TODAY)
    assert board.cards["items"].number.text() == "40"
    assert f"已报送 {summary.reported}" == board.cards["items"].detail.text()
    assert board.cards["overdue"].number.text() == str(len(summary.overdue))
    assert board.cards["not_reported"].number.text() == str(summary.not_reported_count)
    assert board.units.rowCount() == len(summary.by_unit)
    assert board.units.item(0, 0).text() == summary.by_unit[0].unit
    assert board.indicators.item(0, 3).data(COMPLETION_ROLE) == summary.indicators[0].completion
    assert board.title.text() == "2026年11月调度总览"


def test_dashboard_follows_the_month(qtbot, db, demo_plan):
    board = make(qtbot, Dashboard, db, demo_plan, today=TODAY)
    board.set_month("2026-12")
    assert board.cards["items"].detail.text() == "已报送 0"
    assert board.title.text().startswith("2026年12月")


def test_thresholds_are_stored_in_settings(qtbot):
    save_thresholds(Thresholds(yellow_behind=5, red_behind=20, due_soon_days=15))
    assert load_thresholds() == Thresholds(5, 20, 15)
    settings = QSettings()
    settings.setValue("progress/red_behind", "很多")
    assert load_thresholds() == Thresholds(5, 30, 15)   # a damaged value falls back alone
    settings.setValue("progress/red_behind", 3)          # red below yellow: all defaults
    assert load_thresholds() == Thresholds()


def test_thresholds_dialog_refuses_red_below_yellow(qtbot):
    dialog = ThresholdsDialog(Thresholds())
    qtbot.addWidget(dialog)
    dialog.yellow.setValue(40)
    dialog.red.setValue(20)
    dialog.accept()
    assert dialog.result() == 0 and "不能小于" in dialog.problem.text()
    dialog.red.setValue(50)
    dialog.days.setValue(10)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert load_thresholds() == Thresholds(40, 50, 10)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_hidden_view_reads_the_month_when_it_is_shown(qtbot, db, demo_plan):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    warnings = WarningsPanel(db, today=TODAY)
    board = Dashboard(db, today=TODAY)
    tabs.addTab(warnings, "预警")
    tabs.addTab(board, "总览")
    tabs.show()
    qtbot.waitExposed(tabs)
    for view in (warnings, board):
        view.set_plan(demo_plan)
        view.set_month("2026-11")
    assert warnings.summary.month == "2026-11"
    assert board.summary is None                   # in the background tab: not read yet
    tabs.setCurrentWidget(board)
    qtbot.waitUntil(lambda: board.summary is not None)
    assert board.title.text() == "2026年11月调度总览"


def test_a_unit_row_of_the_dashboard_filters_the_grid(qtbot, db, demo_plan):
    from desktop.views.month_grid import MonthGrid

    board = make(qtbot, Dashboard, db, demo_plan, today=TODAY)
    grid = make(qtbot, MonthGrid, db, demo_plan, today=TODAY)
    board.unit_activated.connect(grid.set_lead_unit)
    row = next(r for r in range(board.units.rowCount())
               if board.units.item(r, 0).text() == "示例高新区")
    with qtbot.waitSignal(board.unit_activated):
        board.units.itemDoubleClicked.emit(board.units.item(row, 2))
    assert grid.lead_unit == "示例高新区"
    assert grid.model.rowCount() == int(board.units.item(row, 1).text())


def card_counts(board):
    from desktop.views.dashboard import CARD_KEYS

    return {name: int(board.cards[key].number.text()) for name, key in CARD_KEYS.items()}


def test_dashboard_cards_bars_and_donut_agree(qtbot, db, demo_plan):
    """One number per concept: the card, the bar and the donut slice of 已完成 / 正常 / 滞后 /
    逾期 / 未报送 are the same, each item is counted once, and 未报送 is never 正常."""
    from db.summary import CATEGORIES, NOT_REPORTED, NORMAL, category

    board = make(qtbot, Dashboard, db, demo_plan, today=TODAY)
    summary = board.summary
    cards = card_counts(board)
    slices, bars = board.chart_counts()
    assert set(bars) == set(CATEGORIES)
    assert cards == bars == {**dict.fromkeys(CATEGORIES, 0), **slices}
    assert sum(cards.values()) == summary.items == 40
    assert cards["滞后"] == len(summary.lagging) and cards["逾期"] == len(summary.overdue)
    assert cards[NOT_REPORTED] == summary.not_reported_count
    owing = [t.id for t in summary.sheet.items if summary.standing(t.id).owes_report]
    assert summary.owing == len(owing) > summary.not_reported_count     # some are 逾期/滞后 too
    assert board.cards["not_reported"].detail.text() == \
        f"另 {summary.owing - summary.not_reported_count} 项未报送计入逾期、滞后"
    for task_id in owing:                                       # 未报送 is never 正常
        assert category(summary.standing(task_id)) != NORMAL
    word = {"已完成": "已完成", "完成待销号": "待销号", "逾期": "逾期", "严重滞后": "滞后",
            "进度滞后": "滞后", "未报送": NOT_REPORTED}
    for t in summary.sheet.items:        # the category is the word the tree prints
        st = summary.standing(t.id)
        assert category(st) == word.get(st.word, NORMAL), (st.word, category(st))
    units = {board.units.item(r, 0).text(): [int(board.units.item(r, c).text())
                                              for c in range(1, 8)]
             for r in range(board.units.rowCount())}
    for row in units.values():
        assert row[0] == sum(row[1:])     # 事项 = 已完成 + 待销号 + 正常 + 滞后 + 逾期 + 未报送
    # a month with reports of every kind still agrees after an entry changes it
    first = next(t.id for t in summary.sheet.items
                 if category(summary.standing(t.id)) == NOT_REPORTED)
    record_progress(db, first, "2026-11", status="进度滞后", percent=5)
    board.refresh()
    after = card_counts(board)
    assert after == board.chart_counts()[1]
    assert after[NOT_REPORTED] == cards[NOT_REPORTED] - 1
    assert sum(after.values()) == 40


@pytest.mark.parametrize("largest, top, step", [
    (0, 1, 1), (3, 4, 1), (5, 6, 1), (6, 8, 2), (40, 50, 10), (742, 800, 200), (426, 500, 100),
])
def test_count_axes_have_whole_number_ticks(largest, top, step):
    from exports.charts import integer_axis

    assert integer_axis(largest) == (top, step)
    assert top > largest and top % step == 0 and top // step <= 6


def test_the_dashboard_axis_ticks_are_whole_numbers(qtbot, db, demo_plan):
    board = make(qtbot, Dashboard, db, demo_plan, today=TODAY)
    axis = next(a for a in board.status_chart.axes() if a.type() == a.AxisType.AxisTypeValue)
    ticks = [axis.min() + i * (axis.max() - axis.min()) / (axis.tickCount() - 1)
             for i in range(axis.tickCount())]
    assert all(t == int(t) for t in ticks) and axis.max() > max(board.summary.by_category.values())
